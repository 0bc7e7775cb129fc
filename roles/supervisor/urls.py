from django.urls import path

from . import views, views_complaints

app_name = "supervisor"

urlpatterns = [
    path("", views.home, name="home"),
    path("complaints/kpi/", views_complaints.complaint_kpi, name="complaint_kpi"),
    path("complaints/kpi/chart/<str:kind>.svg", views_complaints.complaint_kpi_chart,
         name="complaint_kpi_chart"),
]
