from django.urls import path

from . import views, views_complaints

app_name = "store_manager"

urlpatterns = [
    path("", views.home, name="home"),
    path("roster/", views.roster, name="roster"),
    path("roster/copy/", views.roster_copy, name="roster_copy"),
    path("attendance/", views.attendance, name="attendance"),
    path("audit/", views.audit, name="audit"),
    path("complaints/escalations/", views_complaints.escalations, name="complaint_escalations"),
    path("complaints/escalations/<int:pk>/resolve/", views_complaints.escalation_resolve,
         name="complaint_escalation_resolve"),
    path("complaints/extensions/<int:pk>/decide/", views_complaints.extension_decide,
         name="complaint_extension_decide"),
    path("complaints/overdue/", views_complaints.overdue, name="complaint_overdue"),
    path("complaints/quality/", views_complaints.quality, name="complaint_quality"),
    path("complaints/quality/<int:pk>/", views_complaints.quality_review, name="complaint_quality_review"),
    path("complaints/kpi/", views_complaints.kpis, name="complaint_kpi"),
    path("complaints/kpi/chart/<str:kind>.svg", views_complaints.kpi_chart, name="complaint_kpi_chart"),
]
