from django.urls import path

from . import views, views_cash

app_name = "clerk"

urlpatterns = [
    path("", views.home, name="home"),
    path("till/", views_cash.till, name="till"),
    path("till/<int:pk>/drop/", views_cash.till_drop, name="till_drop"),
    path("till/<int:pk>/count/", views_cash.till_count, name="till_count"),
    path("till/<int:pk>/explain/", views_cash.till_explain, name="till_explain"),
    path("till/<int:pk>/hand-in/", views_cash.till_handin, name="till_handin"),
]
