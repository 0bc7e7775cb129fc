from django.urls import path

from . import (
    views,
    views_business,
    views_cash,
    views_checklist,
    views_dutylog,
    views_equipment,
    views_incident,
    views_opinion,
)

app_name = "duty_manager"

urlpatterns = [
    path("", views.home, name="home"),
    path("cash/", views_cash.cash_board, name="cash_board"),
    path("cash/float/", views_cash.cash_float_issue, name="cash_float_issue"),
    path("cash/<int:pk>/expected/", views_cash.cash_expected, name="cash_expected"),
    path("cash/<int:pk>/confirm/", views_cash.cash_confirm, name="cash_confirm"),
    path("cash/tail/", views_cash.cash_tail, name="cash_tail"),
    path("cash/import/", views_cash.cash_import, name="cash_import"),
    path("checklists/<str:kind>/", views_checklist.checklist, name="checklist"),
    path("checklists/run/<int:run_pk>/item/<int:item_pk>/", views_checklist.checklist_tick,
         name="checklist_tick"),
    path("equipment/", views_equipment.equipment, name="equipment"),
    path("faults/", views_equipment.faults, name="faults"),
    path("faults/<int:pk>/", views_equipment.fault_change, name="fault_update"),
    path("incidents/", views_incident.incidents, name="incidents"),
    path("incidents/<int:pk>/", views_incident.incident, name="incident"),
    path("incidents/<int:pk>/end/", views_incident.incident_finish, name="incident_end"),
    path("incidents/<int:pk>/report/", views_incident.incident_write_report,
         name="incident_report"),
    path("opinions/", views_opinion.opinions, name="opinions"),
    path("opinions/<int:pk>/reply/", views_opinion.opinion_answer, name="opinion_reply"),
    path("logs/", views_dutylog.dutylogs, name="dutylogs"),
    path("logs/start/", views_dutylog.dutylog_start, name="dutylog_start"),
    path("logs/<int:pk>/", views_dutylog.dutylog, name="dutylog"),
    path("logs/<int:pk>/save/", views_dutylog.dutylog_save, name="dutylog_save"),
    path("logs/<int:pk>/submit/", views_dutylog.dutylog_submit, name="dutylog_submit"),
    path("logs/<int:pk>/amend/", views_dutylog.dutylog_amend, name="dutylog_amend"),
    path("meeting/", views_business.meeting, name="meeting"),
    path("reports/", views_business.report_list, name="reports"),
    path("reports/<int:pk>/", views_business.report_detail, name="report"),
    path("reports/<int:pk>/confirm/", views_business.report_confirm, name="report_confirm"),
    path("reports/<int:pk>/return/", views_business.report_return, name="report_return"),
    path("reports/<int:pk>/amend/", views_business.report_amend, name="report_amend"),
]
