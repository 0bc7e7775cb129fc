from django.utils.translation import gettext_lazy as _

from hallops.permissions import Role
from hallops.registry import register_link, register_nav

from . import (
    ui_business,  # noqa: F401 - store days awaiting confirmation
    ui_cash,  # noqa: F401 - cash page menu entries
    ui_duty,  # noqa: F401 - duty logs, faults, opinions
    ui_search,  # noqa: F401 - the pages the search links to
)

register_nav(roles=(Role.STORE_MANAGER,), label=_("Roster"), url_name="store_manager:roster", order=10, group="staff")
register_nav(roles=(Role.STORE_MANAGER,), label=_("Attendance"), url_name="store_manager:attendance", order=20,
             group="staff")
register_nav(roles=(Role.STORE_MANAGER,), label=_("Audit trail"), url_name="store_manager:audit", order=800,
             group="reports")
register_nav(roles=(Role.STORE_MANAGER,), label=_("Escalations"),
             url_name="store_manager:complaint_escalations", order=50, group="complaints")
register_link("work_order.approvals", "store_manager:complaint_escalations")
register_nav(roles=(Role.STORE_MANAGER,), label=_("Overdue complaints"),
             url_name="store_manager:complaint_overdue", order=51, group="complaints")
register_nav(roles=(Role.STORE_MANAGER,), label=_("Order quality"),
             url_name="store_manager:complaint_quality", order=52, group="complaints")
register_nav(roles=(Role.STORE_MANAGER,), label=_("Complaint KPIs"),
             url_name="store_manager:complaint_kpi", order=53, group="complaints")
register_nav(roles=(Role.STORE_MANAGER,), label=_("Store daily report"),
             url_name="store_manager:store_report", order=30, group="business")
register_nav(roles=(Role.STORE_MANAGER,), label=_("Targets"), url_name="store_manager:targets",
             order=40, group="business")
register_nav(roles=(Role.STORE_MANAGER,), label=_("Progress"), url_name="store_manager:progress",
             order=41, group="business")
register_nav(roles=(Role.STORE_MANAGER,), label=_("Service records"),
             url_name="store_manager:service_records", order=50, group="business")
register_nav(roles=(Role.STORE_MANAGER,), label=_("KPIs"), url_name="store_manager:kpi", order=60, group="business")
