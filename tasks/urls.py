from django.urls import path

from . import views

app_name = "tasks"

urlpatterns = [
    path("", views.task_list, name="list"),
    path("new/", views.task_assign, name="assign"),
    path("stores/<int:store_pk>/new/", views.task_assign_for_store, name="assign_for_store"),
    path("<int:pk>/", views.task_detail, name="detail"),
    path("<int:pk>/complete/", views.task_complete, name="complete"),
    path("<int:pk>/decline/", views.task_decline, name="decline"),
    path("<int:pk>/cancel/", views.task_cancel, name="cancel"),
    path("meetings/", views.meeting_list, name="meetings"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/action/", views.meeting_action_item, name="meeting_action"),
]
