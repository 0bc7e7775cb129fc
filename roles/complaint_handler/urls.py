from django.urls import path

from . import views, views_orders

app_name = "complaint_handler"

urlpatterns = [
    path("", views.home, name="home"),
    path("queue/", views_orders.queue, name="queue"),
    path("callbacks/", views_orders.callbacks, name="callbacks"),
    path("intake/", views_orders.intake, name="intake"),
    path("handbook/", views_orders.handbook, name="handbook"),
]
