from django.urls import path

from . import views, views_desk

app_name = "complaints"

urlpatterns = [
    path("desk/", views_desk.desk, name="desk"),
    path("desk/<int:pk>/escalate/", views_desk.desk_escalate, name="desk_escalate"),
    path("desk/list/", views_desk.desk_list, name="desk_list"),
    path("<int:pk>/", views.order_detail, name="order"),
    path("<int:pk>/accept/", views.order_accept, name="accept"),
    path("<int:pk>/contact/", views.order_contact, name="contact"),
    path("<int:pk>/pause/", views.order_pause, name="pause"),
    path("<int:pk>/resume/", views.order_resume, name="resume"),
    path("<int:pk>/reply/", views.order_reply, name="reply"),
    path("<int:pk>/callback/", views.order_callback, name="callback"),
    path("<int:pk>/reopen/", views.order_reopen, name="reopen"),
    path("<int:pk>/close/", views.order_close, name="close"),
    path("<int:pk>/cancel/", views.order_cancel, name="cancel"),
    path("<int:pk>/transfer/", views.order_transfer, name="transfer"),
    path("<int:pk>/extend/", views.order_extend, name="extend"),
    path("<int:pk>/escalate/", views.order_escalate, name="escalate"),
    path("<int:pk>/flag/", views.order_flag_beyond, name="flag"),
    path("<int:pk>/reveal/", views.order_reveal, name="reveal"),
    path("<int:pk>/staff/", views.order_staff_member, name="staff"),
]
