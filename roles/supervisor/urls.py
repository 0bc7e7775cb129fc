from django.urls import path

from . import views, views_complaints, views_logs

app_name = "supervisor"

urlpatterns = [
    path("", views.home, name="home"),
    path("ranking/", views.ranking, name="ranking"),
    path("trends/<str:kind>.svg", views.trend_chart, name="trend_chart"),
    path("stores/<int:pk>/", views.store, name="store"),
    path("duty-logs/", views_logs.dutylogs, name="dutylogs"),
    path("duty-logs/<int:pk>/", views_logs.dutylog, name="dutylog"),
    path("complaints/kpi/", views_complaints.complaint_kpi, name="complaint_kpi"),
    path("complaints/kpi/chart/<str:kind>.svg", views_complaints.complaint_kpi_chart,
         name="complaint_kpi_chart"),
]
