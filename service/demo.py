"""Demo data of the service feature for seed_demo: checks of the clerks (one still to be
acknowledged by the demo clerk), a mystery-shopper visit, and violations with their follow-up."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from hallops.demo import at, clock, demo_stores, first, not_after, staff, today_of
from hallops.permissions import Role
from hallops.registry import register_demo_step
from hallops.scoping import store_scope

from .models import CheckForm, FollowUp, ServiceCheck
from .services import (
    mystery_visit_record,
    service_check_acknowledge,
    service_check_record,
    violation_follow_up,
    violation_record,
)

# (days ago, hour, checker role, clerk index, faults with what was seen, acknowledged)
CHECKS = [
    (5, 10, Role.DUTY_MANAGER, 0, {"appearance_uniform": "未佩戴工号牌",
                                   "discipline": "受理间隙在台席看手机"}, True),
    (3, 15, Role.STORE_MANAGER, 1, {}, True),
    (2, 11, Role.DUTY_MANAGER, 1, {"language_phrases": "对客户说“这个不归我管”"}, True),
    (0, 10, Role.DUTY_MANAGER, 0, {"greet_arrival": "客户到台未起身问候",
                                   "gestures": "单手递还身份证"}, False),
]
# A mystery shopper's scores per item code (the others not scored on this visit).
VISIT = {"appearance_uniform": "10", "greet_arrival": "5", "standing": "5",
         "language_courtesy": "8", "language_phrases": "15", "first_ask": "4",
         "tell_once": "9", "gestures": "5"}


def _store_demo(store, form) -> None:
    people = staff(store)
    clerks = people.get(Role.CLERK, [])
    checkers = {Role.DUTY_MANAGER: first(store, Role.DUTY_MANAGER),
                Role.STORE_MANAGER: first(store, Role.STORE_MANAGER)}
    manager = checkers[Role.STORE_MANAGER] or checkers[Role.DUTY_MANAGER]
    if not clerks or manager is None:
        return
    today = today_of(store)
    items = list(form.items.filter(is_active=True))
    for days_ago, hour, role, index, faults, acknowledged in CHECKS:
        checker = checkers[role] or manager
        clerk = clerks[min(index, len(clerks) - 1)]
        day = today - datetime.timedelta(days=days_ago)
        moment = not_after(at(day, hour), timezone.now())
        with clock(moment):
            check = service_check_record(
                actor=checker, store=store, staff=clerk, form=form,
                answers={i.pk: (i.code not in faults, faults.get(i.code, "")) for i in items},
                note="高峰时段抽查" if faults else "")
        if acknowledged:
            with clock(not_after(moment + datetime.timedelta(hours=2), timezone.now())):
                service_check_acknowledge(user=clerk, check=check,
                                          comment="已学习服务规范，会注意" if faults else "")
    visit_day = today - datetime.timedelta(days=4)
    by_code = {i.code: i for i in items}
    served = clerks[min(1, len(clerks) - 1)]
    with clock(at(today - datetime.timedelta(days=1), 16)):
        mystery_visit_record(
            actor=manager, store=store, form=form, reference=f"MS{visit_day:%Y%m}-{store.code}",
            visited_on=visit_day, staff=served,
            scores={by_code[c].pk: (Decimal(s), "未主动引导至对应台席" if c == "first_ask" else "")
                    for c, s in VISIT.items() if c in by_code},
            note="第三方神秘顾客暗访（营业厅服务）")
    with clock(at(today - datetime.timedelta(days=3), 17)):
        manual = violation_record(actor=manager, store=store, staff=clerks[0],
                                  occurred_on=today - datetime.timedelta(days=3),
                                  description="离开台席未摆放“暂停服务”牌，客户等候约5分钟")
    with clock(at(today - datetime.timedelta(days=2), 9)):
        violation_follow_up(actor=manager, violation=manual, kind=FollowUp.Kind.TALK,
                            done_on=today - datetime.timedelta(days=2),
                            note="早班会后个别谈话，重申工作纪律")
    with clock(at(today - datetime.timedelta(days=1), 9)):
        violation_follow_up(actor=manager, violation=manual, kind=FollowUp.Kind.RECHECK,
                            done_on=today - datetime.timedelta(days=1),
                            note="复查：离席均摆放暂停服务牌", closes=True)
    first_check = ServiceCheck.objects.filter(store=store).order_by("checked_at").first()
    if first_check is not None:
        for violation in first_check.results.filter(passed=False):
            v = violation.violation
            with clock(at(today - datetime.timedelta(days=4), 18)):
                violation_follow_up(actor=manager, violation=v, kind=FollowUp.Kind.TRAINING,
                                    done_on=today - datetime.timedelta(days=4),
                                    note="参加服务礼仪培训（仪容仪表、工作纪律）")


@register_demo_step(order=50)
def service_demo(*, stores, days, rng, stdout) -> None:
    form = CheckForm.default()
    if form is None:
        return
    for store in demo_stores(stores):
        with store_scope(store):
            if ServiceCheck.objects.filter(store=store).exists():
                continue
            with transaction.atomic():
                _store_demo(store, form)
    stdout.write("Demo: service checks, a mystery-shopper visit and violations with follow-up.")
