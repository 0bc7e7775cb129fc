from django.urls import path

from . import views, views_business

app_name = "duty_manager"

urlpatterns = [
    path("", views.home, name="home"),
    path("meeting/", views_business.meeting, name="meeting"),
    path("reports/", views_business.report_list, name="reports"),
    path("reports/<int:pk>/", views_business.report_detail, name="report"),
    path("reports/<int:pk>/confirm/", views_business.report_confirm, name="report_confirm"),
    path("reports/<int:pk>/return/", views_business.report_return, name="report_return"),
    path("reports/<int:pk>/amend/", views_business.report_amend, name="report_amend"),
]
