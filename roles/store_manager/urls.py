from django.urls import path

from . import views

app_name = "store_manager"

urlpatterns = [
    path("", views.home, name="home"),
    path("roster/", views.roster, name="roster"),
    path("roster/copy/", views.roster_copy, name="roster_copy"),
    path("attendance/", views.attendance, name="attendance"),
    path("audit/", views.audit, name="audit"),
]
