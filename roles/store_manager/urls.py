from django.urls import path

from . import views, views_cash, views_complaints, views_fund_receiver, views_materials, views_review

app_name = "store_manager"

urlpatterns = [
    path("", views.home, name="home"),
    path("roster/", views.roster, name="roster"),
    path("roster/copy/", views.roster_copy, name="roster_copy"),
    path("attendance/", views.attendance, name="attendance"),
    path("audit/", views.audit, name="audit"),
    path("cash/", views_cash.cash, name="cash"),
    path("cash/register/", views_cash.cash_register, name="cash_register"),
    path("cash/deposits/", views_cash.cash_deposits, name="cash_deposits"),
    path("cash/fund-receivers/grant/", views_fund_receiver.fund_receiver_grant_view,
         name="fund_receiver_grant"),
    path("cash/fund-receivers/<int:pk>/withdraw/", views_fund_receiver.fund_receiver_withdraw_view,
         name="fund_receiver_withdraw"),
    path("cash/till/<int:pk>/", views_cash.cash_session, name="cash_session"),
    path("cash/till/<int:pk>/approve/", views_cash.cash_approve, name="cash_approve"),
    path("cash/till/<int:pk>/adjust/", views_cash.cash_adjust, name="cash_adjust"),
    path("duty-logs/", views_review.review_queue, name="dutylog_queue"),
    path("duty-logs/<int:pk>/", views_review.dutylog, name="dutylog"),
    path("duty-logs/<int:pk>/countersign/", views_review.countersign, name="dutylog_countersign"),
    path("duty-logs/<int:pk>/return/", views_review.send_back, name="dutylog_return"),
    path("follow-ups/", views_review.followups, name="followups"),
    path("complaints/escalations/", views_complaints.escalations, name="complaint_escalations"),
    path("complaints/escalations/<int:pk>/resolve/", views_complaints.escalation_resolve,
         name="complaint_escalation_resolve"),
    path("complaints/extensions/<int:pk>/decide/", views_complaints.extension_decide,
         name="complaint_extension_decide"),
    path("complaints/overdue/", views_complaints.overdue, name="complaint_overdue"),
    path("complaints/quality/", views_complaints.quality, name="complaint_quality"),
    path("complaints/quality/<int:pk>/", views_complaints.quality_review, name="complaint_quality_review"),
    path("complaints/kpi/", views_complaints.kpis, name="complaint_kpi"),
    path("complaints/kpi/chart/<str:kind>.svg", views_complaints.kpi_chart, name="complaint_kpi_chart"),
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
    path("materials/", views_materials.materials, name="materials"),
    path("materials/report/", views_materials.report, name="materials_report"),
    path("materials/receive/", views_materials.receive, name="materials_receive"),
    path("materials/write-off/", views_materials.write_off, name="materials_write_off"),
    path("materials/transfer/", views_materials.transfer, name="materials_transfer"),
    path("materials/transfer/<int:pk>/receive/", views_materials.transfer_in,
         name="materials_transfer_in"),
    path("materials/entry/<int:pk>/correct/", views_materials.reverse_entry,
         name="materials_reverse"),
    path("materials/stock-take/<int:pk>/", views_materials.stocktake,
         name="materials_stocktake"),
    path("materials/stock-take/<int:pk>/sign/", views_materials.stocktake_sign_view,
         name="materials_stocktake_sign"),
]
