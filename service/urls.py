from django.urls import path

from . import views

app_name = "service"

urlpatterns = [
    path("norms/", views.handbook, name="handbook"),
    path("checks/", views.checks, name="checks"),
    path("checks/new/", views.check_new, name="check_new"),
    path("checks/<int:pk>/", views.check_detail, name="check"),
    path("checks/<int:pk>/acknowledge/", views.check_ack, name="check_ack"),
    path("mystery/", views.mystery, name="mystery"),
    path("mystery/new/", views.mystery_new, name="mystery_new"),
    path("mystery/import/", views.mystery_upload, name="mystery_import"),
    path("mystery/template.xlsx", views.mystery_template, name="mystery_template"),
    path("mystery/<int:pk>/", views.mystery_visit, name="mystery_visit"),
    path("violations/", views.violations, name="violations"),
    path("violations/new/", views.violation_new, name="violation_new"),
    path("violations/<int:pk>/", views.violation, name="violation"),
    path("violations/<int:pk>/follow-up/", views.violation_follow, name="violation_follow"),
    path("monthly/", views.monthly, name="monthly"),
]
