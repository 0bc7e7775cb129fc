from django.urls import path

from . import views

app_name = "complaint_handler"

urlpatterns = [
    path("", views.home, name="home"),
]
