from django.urls import path

from . import views, views_cash, views_materials, views_reports, views_service, views_tally

app_name = "clerk"

urlpatterns = [
    path("", views.home, name="home"),
    path("till/", views_cash.till, name="till"),
    path("till/<int:pk>/drop/", views_cash.till_drop, name="till_drop"),
    path("till/<int:pk>/count/", views_cash.till_count, name="till_count"),
    path("till/<int:pk>/explain/", views_cash.till_explain, name="till_explain"),
    path("till/<int:pk>/hand-in/", views_cash.till_handin, name="till_handin"),
    path("tally/", views_tally.tally, name="tally"),
    path("meeting/confirm/", views_service.meeting_ack, name="meeting_ack"),
    path("reports/", views_reports.report_list, name="reports"),
    path("reports/start/", views_reports.report_start, name="report_start"),
    path("reports/<int:pk>/", views_reports.report_edit, name="report"),
    path("reports/<int:pk>/submit/", views_reports.report_submit, name="report_submit"),
    path("reports/<int:pk>/import/", views_reports.report_import, name="report_import"),
    path("reports/<int:pk>/refill/", views_reports.report_refill, name="report_refill"),
    path("service-records/", views_service.service_records, name="service_records"),
    path("handovers/", views_service.handovers, name="handovers"),
    path("handovers/<int:pk>/acknowledge/", views_service.handover_ack, name="handover_ack"),
    path("progress/", views_service.progress, name="progress"),
    path("progress/chart.svg", views_service.progress_chart, name="progress_chart"),
    path("materials/", views_materials.materials, name="materials"),
    path("materials/sold/", views_materials.sell, name="materials_sell"),
    path("materials/stock-take/<int:pk>/sign/", views_materials.stocktake_sign_view,
         name="materials_stocktake_sign"),
]
