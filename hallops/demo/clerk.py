"""Demo data of the clerks' day: monthly targets, morning meetings, counter tallies, daily
reports, service records and shift handovers."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from hallops.models import (
    BusinessType,
    ClerkDailyReport,
    MonthlyTarget,
    ProductLine,
    ServiceRecord,
    TallyCount,
)
from hallops.permissions import Role
from hallops.registry import register_demo_step
from hallops.seeding.clerk import BUSINESS_MIX, MONTH_TARGETS, PRODUCT_MIX
from hallops.seeding.clerk import SERVICE_RECORDS as SHARED_SERVICE_RECORDS
from hallops.services.daily_reports import (
    clerk_report_confirm,
    clerk_report_save,
    clerk_report_start,
    clerk_report_submit,
    store_day_confirm,
)
from hallops.services.handover import handover_acknowledge, handover_create
from hallops.services.meetings import meeting_acknowledge, meeting_record
from hallops.services.service_records import service_record_create
from hallops.services.targets import targets_save

from . import at, clerks_on, clock, demo_stores, duty_manager_on, first, not_after, past_days, takings, today_of

NOTICES = ("本月重点：5G 套餐升级、家庭宽带；\n"
           "新版补卡规定：补卡后 72 小时内限制部分业务，请向客户说明；\n"
           "下午 15:00 市公司神秘客户暗访，注意着装和服务用语。")


def _tally(store, clerk, day, rng, share: float = 1.0) -> None:
    """The clerk's counter tally of a day. Written in one go: taps are the clerk's scratch
    count and not audited one by one (see hallops.services.business)."""
    rows = []
    for model, mix in ((BusinessType, BUSINESS_MIX), (ProductLine, PRODUCT_MIX)):
        field = "business_type" if model is BusinessType else "product_line"
        for item in model.objects.filter(code__in=mix, is_active=True):
            low, high = mix[item.code]
            count = int(rng.randint(low, high) * share)
            if count:
                rows.append(TallyCount(store=store, clerk=clerk, business_date=day, count=count,
                                       **{field: item}))
    TallyCount.objects.bulk_create(rows)


def _report(store, clerk, day, duty, serial, rng, *, confirm: bool) -> None:
    figures = takings(store, clerk, day)
    with clock(at(day, 17, 50)):
        report, _created = clerk_report_start(clerk=clerk, store=store, day=day)
        first_no = 30_000_000 + serial * 100
        used = rng.randint(25, 60)
        clerk_report_save(actor=clerk, report=report, fields={
            "invoice_first": first_no, "invoice_last": first_no + used - 1,
            "invoices_voided": rng.choice([0, 0, 1]), "sim_cards_sold": rng.randint(1, 6),
            "handsets_sold": rng.randint(0, 2), "gifts_redeemed": rng.randint(0, 3),
            "points_redeemed": rng.randint(0, 5),
        }, receipts={"cash": figures["cash"], "cheque": figures["cheque"], "pos_card": figures["card"],
                     "e_payment": figures["mobile"], "refunds": 0})
    with clock(at(day, 18, 0)):
        clerk_report_submit(actor=clerk, report=report)
    if confirm and duty is not None:
        with clock(at(day, 18, 25)):
            clerk_report_confirm(actor=duty, report=report)


def _targets(store, manager, today) -> None:
    lines = {pl.code: pl for pl in ProductLine.objects.filter(code__in=MONTH_TARGETS)}
    clerks = clerks_on(store, today)
    wanted = {(None, lines[code].pk): qty for code, qty in MONTH_TARGETS.items() if code in lines}
    everyone = sorted({c.pk for c in clerks} | {a.pk for a in _all_clerks(store)})
    for clerk_id in everyone:
        for code, qty in MONTH_TARGETS.items():
            if code in lines:
                wanted[(clerk_id, lines[code].pk)] = max(1, qty // max(1, len(everyone)))
    with clock(not_after(at(today.replace(day=1), 9, 0), timezone.now())):
        targets_save(actor=manager, store=store, month=today.replace(day=1), targets=wanted)


def _all_clerks(store):
    from . import staff

    return staff(store).get(Role.CLERK, [])


def _meeting(store, day, duty, rng, *, acknowledge_all: bool) -> None:
    lines = list(ProductLine.objects.filter(code__in=("plan_upgrade", "new_5g", "broadband")))
    from . import rostered

    on_roster = rostered(store, day, Role.CLERK)
    targets = {(c.pk, pl.pk): rng.randint(1, 3) for c in on_roster for pl in lines}
    now = timezone.now()
    held = not_after(at(day, 8, 50), now)
    with clock(held):
        meeting = meeting_record(actor=duty, store=store, day=day, notices=NOTICES,
                                 training_topic="宽带装机预约流程和资费口径", targets=targets)
    lead = first(store, Role.CLERK)
    for n, clerk in enumerate(on_roster):
        if not acknowledge_all and clerk == lead:
            continue  # the demo login still has today's meeting to read and confirm
        with clock(not_after(held + datetime.timedelta(minutes=5 + n), now)):
            meeting_acknowledge(user=clerk, meeting=meeting)


# The demo tells the first five of the shared service-record stories.
SERVICE_RECORDS = SHARED_SERVICE_RECORDS[:5]


def _service_records(store, days, rng) -> None:
    for n, (kind, fields) in enumerate(SERVICE_RECORDS):
        day = days[n % len(days)]
        clerks = clerks_on(store, day)
        if not clerks:
            continue
        phone = f"13{rng.randint(500000000, 999999999)}" if kind == ServiceRecord.Kind.RETENTION else ""
        with clock(not_after(at(day, 10 + n, 15), timezone.now())):
            service_record_create(clerk=clerks[n % len(clerks)], store=store, kind=kind,
                                  customer_phone=phone, **fields)


def _handovers(store, days, today, rng) -> None:
    now = timezone.now()
    for day in days[-2:]:
        pair = clerks_on(store, day)
        if len(pair) < 2:
            continue
        with clock(at(day, 12, 55)):
            handover = handover_create(outgoing=pair[1], store=store, incoming=pair[0],
                                       open_items="客户王女士宽带预约 14:00 回电确认", invoice_first=30_990_001,
                                       invoice_last=30_990_050, sim_cards=20, value_cards=10)
        with clock(at(day, 13, 5)):
            handover_acknowledge(user=pair[0], handover=handover, note="已核对")
    pair = clerks_on(store, today)
    if len(pair) >= 2:
        with clock(not_after(at(today, 12, 55), now)):
            handover_create(outgoing=pair[1], store=store, incoming=pair[0],
                            open_items="1 位客户补卡待身份证核验，已约 16:00 再来", sim_cards=15)


@register_demo_step(order=10)
def clerk_demo(*, stores, days, rng, stdout) -> None:
    for store in demo_stores(stores):
        if ClerkDailyReport.objects.filter(store=store).exists() or ServiceRecord.objects.filter(store=store).exists():
            continue
        today = today_of(store)
        manager = first(store, Role.STORE_MANAGER)
        history = past_days(store, min(days, 3))
        with transaction.atomic():
            if manager is not None and not MonthlyTarget.objects.filter(store=store).exists():
                _targets(store, manager, today)
            serial = 0
            for day in history:
                duty = duty_manager_on(store, day)
                for clerk in clerks_on(store, day)[:4]:  # the desks whose tills the cash demo fills
                    serial += 1
                    _tally(store, clerk, day, rng)
                    _report(store, clerk, day, duty, serial, rng, confirm=True)
                if manager is not None and day < history[-1]:
                    with clock(at(day + datetime.timedelta(days=1), 9, 30)):
                        store_day_confirm(actor=manager, store=store, day=day, note="")
                if duty is not None and day >= history[-2:][0]:
                    _meeting(store, day, duty, rng, acknowledge_all=True)
            duty = duty_manager_on(store, today)
            now = timezone.now()
            share = max(0.0, min(1.0, (now - at(today, 9, 0)).total_seconds() / (9 * 3600)))
            for clerk in clerks_on(store, today):
                _tally(store, clerk, today, rng, share=max(share, 0.3))
            if duty is not None:
                _meeting(store, today, duty, rng, acknowledge_all=False)
            if history:
                _service_records(store, history[-3:] + [today], rng)
                _handovers(store, history, today, rng)
    stdout.write("Demo: targets, meetings, tallies, daily reports, service records and handovers.")
