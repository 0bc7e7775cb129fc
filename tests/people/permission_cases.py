import datetime

from hallops.permissions import Role
from tests.permission_matrix import ALL_STORE_ROLES, Case

SM, DM = Role.STORE_MANAGER, Role.DUTY_MANAGER


def _day(days):
    from django.utils import timezone

    return timezone.localdate() + datetime.timedelta(days=days)


def leave_a(world):
    from people.models import LeaveRequest, LeaveType

    if not hasattr(world, "_leave_a"):
        world._leave_a = LeaveRequest.objects.create(
            store=world.store_a, user=world.clerk_a, leave_type=LeaveType.objects.get(code="annual"),
            start_date=_day(3), end_date=_day(3))
    return world._leave_a


def correction_a(world):
    from django.utils import timezone

    from hallops.models import AttendanceRecord
    from people.models import ClockCorrection

    if not hasattr(world, "_correction_a"):
        now = timezone.now() - datetime.timedelta(days=1)
        record = AttendanceRecord.objects.create(
            store=world.store_a, user=world.clerk_a, business_date=timezone.localtime(now).date(),
            clock_in=now, clock_out=now + datetime.timedelta(hours=1))
        world._correction_a = ClockCorrection.objects.create(
            store=world.store_a, user=world.clerk_a, record=record, side="out",
            corrected_time=now + datetime.timedelta(hours=8), reason="忘记签退")
    return world._correction_a


def swap_a(world):
    from people.models import ShiftSwap
    from tests.factories import roster

    if not hasattr(world, "_swap_a"):
        world._swap_a = ShiftSwap.objects.create(
            store=world.store_a, requester=world.clerk_a,
            requester_entry=roster(world.store_a, world.clerk_a, _day(4)),
            colleague=world.ch_a, colleague_entry=roster(world.store_a, world.ch_a, _day(5)))
    return world._swap_a


def rule_a(world):
    from people.models import StaffingRule
    from tests.factories import post

    if not hasattr(world, "_rule_a"):
        world._rule_a = StaffingRule.objects.create(
            store=world.store_a, starts_at=datetime.time(10), ends_at=datetime.time(12),
            post=post("counter"), minimum=2)
    return world._rule_a


def pk(factory):
    return lambda w: {"pk": factory(w).pk}


CASES = [
    Case("people:leave_mine", roles=ALL_STORE_ROLES),
    Case("people:leave_cancel", roles=ALL_STORE_ROLES, method="post", ok=302, scoped=True,
         kwargs=pk(leave_a)),
    Case("people:leave_review", roles=(SM,)),
    Case("people:leave_decide", roles=(SM,), method="post", ok=302, scoped=True,
         kwargs=pk(leave_a), data=lambda w: {"decision": "refuse", "reason": "人手不足"}),
    Case("people:correction_mine", roles=ALL_STORE_ROLES),
    Case("people:correction_review", roles=(DM, SM)),
    Case("people:correction_decide", roles=(DM, SM), method="post", ok=302, scoped=True,
         kwargs=pk(correction_a), data=lambda w: {"decision": "refuse", "reason": "不符"}),
    Case("people:swap_mine", roles=ALL_STORE_ROLES),
    Case("people:swap_answer", roles=ALL_STORE_ROLES, method="post", ok=302, scoped=True,
         kwargs=pk(swap_a), data=lambda w: {"answer": "decline"}),
    Case("people:swap_cancel", roles=ALL_STORE_ROLES, method="post", ok=302, scoped=True,
         kwargs=pk(swap_a)),
    Case("people:swap_review", roles=(SM,)),
    Case("people:swap_decide", roles=(SM,), method="post", ok=302, scoped=True,
         kwargs=pk(swap_a), data=lambda w: {"decision": "refuse", "reason": "不行"}),
    Case("people:staffing", roles=(SM,)),
    Case("people:staffing_delete", roles=(SM,), method="post", ok=302, scoped=True,
         kwargs=pk(rule_a)),
    Case("people:roster_month", roles=ALL_STORE_ROLES),
    Case("people:roster_publish", roles=(SM,), method="post", ok=302,
         data=lambda w: {"month": "2099-01"}),
    Case("people:roster_export", roles=(SM,)),
]
