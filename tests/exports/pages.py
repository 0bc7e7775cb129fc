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
