from django.utils import timezone

from hallops.models import ClerkDailyReport, Handover
from hallops.permissions import Role
from tests.business.factories import make_report
from tests.permission_matrix import Case

CLERK = (Role.CLERK,)
DM = (Role.DUTY_MANAGER,)
SM = (Role.STORE_MANAGER,)


def _report(world, status="draft"):
    report = ClerkDailyReport.objects.filter(clerk=world.clerk_a).first()
    if report is None:
        report = make_report(world.store_a, world.clerk_a, timezone.localdate(), status=status)
    return {"pk": report.pk}


def _submitted(world):
    return _report(world, status="submitted")


def _confirmed(world):
    return _report(world, status="confirmed")


def _handover(world):
    handover = Handover.objects.filter(store=world.store_a).first() or Handover.objects.create(
        store=world.store_a, business_date=timezone.localdate(), outgoing=world.dm_a,
        incoming=world.clerk_a, open_items="x")
    return {"pk": handover.pk}



CASES = [
    Case("clerk:tally", roles=CLERK, method="post", ok=302,
         data=lambda w: {"item": "bt-1", "delta": "1"}),
    Case("clerk:meeting_ack", roles=CLERK, method="post", ok=302),
    Case("clerk:reports", roles=CLERK),
    Case("clerk:report_start", roles=CLERK, method="post", ok=302),
    Case("clerk:report", roles=CLERK, kwargs=_report, scoped=True),
    Case("clerk:report_submit", roles=CLERK, kwargs=_report, scoped=True, method="post", ok=302),
    Case("clerk:report_refill", roles=CLERK, kwargs=_report, scoped=True, method="post", ok=302),
    Case("clerk:report_import", roles=CLERK, kwargs=_report, scoped=True, method="post", ok=302),
    Case("clerk:service_records", roles=CLERK),
    Case("clerk:handovers", roles=CLERK),
    Case("clerk:handover_ack", roles=CLERK, kwargs=_handover, scoped=True, method="post", ok=302),
    Case("clerk:progress", roles=CLERK),
    Case("clerk:progress_chart", roles=CLERK),
    Case("duty_manager:meeting", roles=DM),
    Case("duty_manager:reports", roles=DM),
    Case("duty_manager:report", roles=DM, kwargs=_submitted, scoped=True),
    Case("duty_manager:report_confirm", roles=DM, kwargs=_submitted, scoped=True, method="post",
         ok=302),
    Case("duty_manager:report_return", roles=DM, kwargs=_submitted, scoped=True, method="post",
         ok=302),
    Case("duty_manager:report_amend", roles=DM + SM, kwargs=_confirmed, scoped=True),
    Case("store_manager:targets", roles=SM),
    Case("store_manager:progress", roles=SM),
    Case("store_manager:progress_chart", roles=SM),
    Case("store_manager:store_report", roles=SM),
    Case("store_manager:store_day_confirm", roles=SM, method="post", ok=302),
    Case("store_manager:service_records", roles=SM),
    Case("store_manager:kpi", roles=SM),
]
