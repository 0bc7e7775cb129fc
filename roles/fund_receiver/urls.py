from django.urls import path

from . import views

app_name = "fund_receiver"

urlpatterns = [
    path("", views.home, name="home"),
    path("till/<int:pk>/", views.till, name="till"),
]
