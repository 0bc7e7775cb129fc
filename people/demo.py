"""Demo leave, a shift swap, clock corrections and a weekend band minimum for seed_demo.

Runs through the services (audit entries and notifications exist) in each demo store's scope.
A store that already has leave requests is left as it is (seeding twice adds nothing)."""

from __future__ import annotations

import datetime

from django.db import transaction

from hallops.demo import demo_stores, first, staff, today_of
from hallops.exceptions import DomainError
from hallops.models import AttendanceRecord, Post, PostKind, RosterEntry
from hallops.permissions import Role
from hallops.registry import register_demo_step
from hallops.scoping import store_scope
from people.models import CorrectionSide, DayType, LeaveRequest, LeaveType
from people.services.corrections import clock_correction_approve, clock_correction_request
from people.services.leave import leave_request_approve, leave_request_create
from people.services.roster import staffing_rule_create
from people.services.swaps import shift_swap_accept, shift_swap_propose


def _try(call):
    """A demo story the store's generated roster cannot tell (no such shift) is skipped."""
    try:
        with transaction.atomic():
            return call()
    except DomainError:
        return None


def _future_entry(store, user, today, exclude=()):
    return (RosterEntry.objects.filter(store=store, user=user, date__gt=today, on_leave=False)
            .exclude(pk__in=[e.pk for e in exclude if e is not None])
            .exclude(post__kind=PostKind.DUTY_MANAGER)
            .select_related("shift_type", "post").order_by("date").first())


def _store_story(store) -> None:
    manager = first(store, Role.STORE_MANAGER)
    duty = first(store, Role.DUTY_MANAGER)
    clerks = staff(store).get(Role.CLERK, [])
    if manager is None or len(clerks) < 2:
        return
    today = today_of(store)
    kinds = {t.code: t for t in LeaveType.objects.all()}
    day = datetime.timedelta(days=1)
    # Annual leave in a few days, approved; sick leave two days ago, approved; personal leave
    # next week waiting for the manager.
    annual = _try(lambda: leave_request_create(
        actor=clerks[-1], store=store, leave_type=kinds["annual"], start_date=today + 3 * day,
        end_date=today + 4 * day, reason="回老家探亲"))
    if annual:
        _try(lambda: leave_request_approve(actor=manager, store=store, leave=annual,
                                           reason="已安排顶班"))
    sick = _try(lambda: leave_request_create(
        actor=clerks[-2], store=store, leave_type=kinds["sick"], start_date=today - 2 * day,
        end_date=today - 2 * day, reason="发烧，有医院证明"))
    if sick:
        _try(lambda: leave_request_approve(actor=manager, store=store, leave=sick))
    _try(lambda: leave_request_create(
        actor=clerks[0], store=store, leave_type=kinds["personal"], start_date=today + 8 * day,
        end_date=today + 8 * day, reason="孩子学校开家长会"))
    # A swap two clerks agreed on, waiting for the manager's approval.
    mine = _future_entry(store, clerks[0], today)
    theirs = _future_entry(store, clerks[1], today, exclude=[mine])
    if mine and theirs:
        swap = _try(lambda: shift_swap_propose(actor=clerks[0], store=store, mine=mine,
                                               theirs=theirs, reason="当天要去车管所"))
        if swap:
            _try(lambda: shift_swap_accept(actor=clerks[1], store=store, swap=swap))
    # A forgotten clock-out corrected (approved), and a wrong clock-in waiting.
    records = list(AttendanceRecord.objects.filter(
        store=store, user__in=clerks[:2], business_date__gte=today - 3 * day,
        business_date__lt=today, clock_out__isnull=False).order_by("business_date")[:2])
    if records and duty is not None:
        record = records[0]
        fix = _try(lambda: clock_correction_request(
            actor=record.user, store=store, record=record, side=CorrectionSide.CLOCK_OUT,
            corrected_time=record.clock_out + datetime.timedelta(minutes=25),
            reason="下班时打卡机没反应，实际 25 分钟后离开"))
        if fix:
            _try(lambda: clock_correction_approve(actor=duty, store=store, correction=fix))
    if len(records) > 1:
        record = records[1]
        _try(lambda: clock_correction_request(
            actor=record.user, store=store, record=record, side=CorrectionSide.CLOCK_IN,
            corrected_time=record.clock_in - datetime.timedelta(minutes=10),
            reason="早到了，工牌没带，晚了 10 分钟才打卡"))
    counter = Post.objects.filter(kind=PostKind.COUNTER).first()
    if counter is not None:
        _try(lambda: staffing_rule_create(actor=manager, store=store, day_type=DayType.WEEKEND,
                                          starts_at=datetime.time(10), ends_at=datetime.time(12),
                                          post=counter, minimum=2))


@register_demo_step(order=80)
def leave_and_swaps(*, stores, days, rng, stdout) -> None:
    for store in demo_stores(stores):
        with store_scope(store):
            if LeaveRequest.objects.filter(store=store).exists():
                continue
            _store_story(store)
