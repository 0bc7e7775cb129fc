"""The list pages that export (?format=xlsx / ?format=csv): tests/exports checks each."""

EXPORTABLE = [
    "store_manager:audit",
    "store_manager:cash_register",
    "store_manager:attendance",
    "store_manager:service_records",
    "store_manager:kpi",
    "store_manager:complaint_kpi",
    "store_manager:complaint_overdue",
    "supervisor:complaint_kpi",
    "complaint_handler:queue",
    "complaint_handler:callbacks",
    "clerk:service_records",
]
EXPORTABLE += [
    "supervisor:dutylogs",
    "duty_manager:dutylogs",
    "duty_manager:faults",
    "duty_manager:incidents",
    "duty_manager:opinions",
    "duty_manager:equipment",
    "service:checks",
    "service:mystery",
    "service:violations",
]
EXPORTABLE += [
    "complaints:desk_list",
    "hr:staff_list",
    "clerk:handovers",
    "clerk:reports",
    "store_manager:dutylog_queue",
]
EXPORTABLE += [
    "people:leave_review",
    "store_manager:materials",
    "hr:assessment_ranking",
]
EXPORTABLE += [
    "store_manager:cash_deposits",
    "fund_receiver:home",
]
EXPORTABLE += ["service:monthly"]
EXPORTABLE += ["floor:board", "floor:desk_ready_day"]
EXPORTABLE += ["hr:assessments", "hr:trainings", "hr:activities"]
EXPORTABLE += ["duty_manager:reports"]
EXPORTABLE += [
    "store_manager:complaint_escalations",
    "store_manager:followups",
    "people:correction_review",
    "people:swap_review",
    "store_manager:roster",
    "store_manager:targets",
    "store_manager:progress",
    "clerk:progress",
]
EXPORTABLE += ["tasks:list", "store_manager:complaint_quality", "checklists:history"]
EXPORTABLE += ["people:leave_mine", "people:correction_mine", "people:swap_mine", "notifications"]
EXPORTABLE += ["hr:my_assessments", "hr:my_trainings", "tasks:meetings", "reports:archive"]
EXPORTABLE += ["people:staffing"]
