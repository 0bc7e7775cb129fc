from django.urls import path

from . import views, views_logs

app_name = "supervisor"

urlpatterns = [
    path("", views.home, name="home"),
    path("duty-logs/", views_logs.dutylogs, name="dutylogs"),
    path("duty-logs/<int:pk>/", views_logs.dutylog, name="dutylog"),
]
