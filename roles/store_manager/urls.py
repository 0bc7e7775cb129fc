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

from . import views_business  # noqa: E402 - the business-day pages (issue 6)

urlpatterns += [
    path("targets/", views_business.targets, name="targets"),
    path("progress/", views_business.progress, name="progress"),
    path("progress/chart.svg", views_business.progress_chart, name="progress_chart"),
    path("store-report/", views_business.store_report, name="store_report"),
    path("store-report/confirm/", views_business.store_day_confirm_view, name="store_day_confirm"),
    path("service-records/", views_business.service_records, name="service_records"),
    path("kpi/", views_business.kpi, name="kpi"),
]
