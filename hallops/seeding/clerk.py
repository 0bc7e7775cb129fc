"""The clerks' history: monthly targets, morning meetings (attendees, targets), counter
tallies, daily reports (lines and receipts, from the till when the clerk had one), the store
manager's confirmed days, service records and shift handovers."""

from __future__ import annotations

import datetime

from hallops.models import (
    AttendanceRecord,
    BusinessType,
    ClerkDailyReport,
    ClerkReportLine,
    ClerkReportReceipts,
    MeetingAttendee,
    MeetingTarget,
    MonthlyTarget,
    MorningMeeting,
    ProductLine,
    ServiceRecord,
    StoreDay,
    TallyCount,
)
from hallops.money import ZERO
from hallops.periods import month_dates
from hallops.permissions import Role
from hallops.selectors.cash import cash_policy

from .base import CENT, ONE_DAY, Plan, poisson, takings, till_story, tills_of

M = datetime.timedelta(minutes=1)
H = datetime.timedelta(hours=1)


# Typical counts of a full day at one desk, by business-type code.
BUSINESS_MIX = {"payment": (12, 30), "sim_replacement": (2, 6), "service_change": (4, 10),
                "enquiry": (8, 20), "invoice": (3, 9), "new_subscription": (1, 4),
                "suspend_resume": (0, 3), "points_redemption": (0, 4)}
PRODUCT_MIX = {"broadband": (0, 2), "contract_handset": (0, 1), "value_added": (1, 4),
               "family_plan": (0, 2), "plan_upgrade": (1, 3), "new_5g": (0, 3)}
MONTH_TARGETS = {"broadband": 40, "contract_handset": 15, "value_added": 120, "family_plan": 30,
                 "plan_upgrade": 60, "new_5g": 50}
NOTICES = ["本月重点：5G 套餐升级、家庭宽带", "新版补卡规定：补卡后 72 小时内限制部分业务，请向客户说明",
           "下午市公司神秘客户暗访，注意着装和服务用语", "月底缴费高峰，提前准备零钞"]
TOPICS = ["宽带装机预约流程和资费口径", "5G 套餐升级话术", "防范电信诈骗提示", "老年客户服务规范", ""]
SERVICE_RECORDS = [
    ("retention", {"customer_level": "gold", "leaving_reason": "competitor",
                   "offer_made": "升级 5G 套餐并赠送 20GB 流量 6 个月", "outcome": "retained",
                   "notes": "客户对比联通宽带融合套餐"}),
    ("vip", {"customer_level": "gotone_vip", "notes": "VIP 室接待，优先办理换卡和套餐变更"}),
    ("special_care", {"care_group": "elderly", "notes": "协助老年客户设置微信支付和字体大小"}),
    ("competitor", {"competitor": "telecom", "competitor_offer": "宽带 + 手机融合套餐 129 元/月",
                    "customer_said": "电信宽带送 300M，比这边便宜"}),
    ("retention", {"customer_level": "ordinary", "leaving_reason": "moving",
                   "offer_made": "介绍全国通用流量套餐", "outcome": "left", "notes": "客户迁往外省工作"}),
    ("special_care", {"care_group": "disabled", "notes": "为轮椅客户开通绿色通道"}),
]

OPEN_ITEMS = ["客户宽带预约 14:00 回电确认", "1 位客户补卡待身份证核验", "无遗留事项"]


def counted_items() -> list[tuple[str, int, tuple[int, int], str, str]]:
    """(field, id, (low, high), name, name_en) of the counted business types and product lines."""
    out = []
    for model, mix, field in ((BusinessType, BUSINESS_MIX, "business_type_id"),
                              (ProductLine, PRODUCT_MIX, "product_line_id")):
        for pk, code, name, name_en in (model.objects.filter(code__in=mix, is_active=True)
                                        .order_by("sort_order", "code").values_list("pk", "code", "name", "name_en")):
            out.append((field, pk, mix[code], name, name_en))
    return out


def day_counts(rng, items, share: float = 1.0) -> list[tuple[str, int, int]]:
    """A desk's counts of a day: (field, item id, count) for the non-zero ones."""
    out = []
    for field, pk, (low, high), _name, _en in items:
        count = int(rng.randint(low, high) * share)
        if count:
            out.append((field, pk, count))
    return out


def seed_targets(plan: Plan, store, rng) -> None:
    """Every month of the range: the store's targets and each clerk's share."""
    lines = dict(ProductLine.objects.filter(code__in=MONTH_TARGETS).values_list("code", "pk"))
    clerks = plan.staff(store, Role.CLERK)
    manager = plan.manager(store)
    have = set(MonthlyTarget.objects.filter(store=store).values_list("month", flat=True))
    month = plan.first.replace(day=1)
    last = min(plan.last, plan.last_for.get(store.pk, plan.last))
    while month <= last:
        if month not in have:
            for code, qty in MONTH_TARGETS.items():
                if code not in lines:
                    continue
                quantity = max(1, int(qty * rng.uniform(0.8, 1.2)))
                plan.writer.add(MonthlyTarget, {"store_id": store.pk, "month": month, "clerk_id": None,
                                                "product_line_id": lines[code], "quantity": quantity})
                for clerk in clerks:
                    plan.writer.add(MonthlyTarget, {"store_id": store.pk, "month": month, "clerk_id": clerk,
                                                    "product_line_id": lines[code],
                                                    "quantity": max(1, quantity // max(1, len(clerks)))})
            if manager is not None:
                plan.audit(store_id=store.pk, actor_id=manager, action="targets.saved", model=MonthlyTarget,
                           object_id="", at=plan.at(month, 9, 0), after={"month": month})
        month = month_dates(month)[1] + datetime.timedelta(days=1)


def seed_clerk_days(plan: Plan, store, rng) -> None:
    """Per day: the morning meeting, each rostered clerk's tally and daily report, and the
    store manager's confirmation the next morning."""
    writer = plan.writer
    roster = plan.roster(store)
    items = counted_items()
    names = {(field, pk): (name, en) for field, pk, _mix, name, en in items}
    manager = plan.manager(store)
    tolerance = cash_policy(store).tolerance
    worked = _worked(plan, store)
    lines_for_targets = [pk for field, pk, *_ in items if field == "product_line_id"][:3]
    yesterday: dict = {}
    for day in plan.days(store):
        duty = plan.duty_manager(store, day, roster)
        clerks = roster.get(day, {}).get(Role.CLERK, [])
        with_till = set(tills_of(plan, store, day, roster))
        if duty is not None and clerks:
            _meeting(plan, rng, store, day, duty, roster, clerks, worked, lines_for_targets, yesterday, names)
        totals: dict = {}
        all_confirmed, last_confirm = True, None
        for n, clerk in enumerate(clerks):
            counts = day_counts(rng, items)
            tallied = plan.at(day, 17, 30)
            for field, pk, count in counts:
                writer.add(TallyCount, {"store_id": store.pk, "clerk_id": clerk, "business_date": day,
                                        field: pk, "count": count, "updated_at": tallied})
                totals[(field, pk)] = totals.get((field, pk), 0) + count
            confirmed = _report(plan, rng, store, day, clerk, duty, n, counts, clerk in with_till, tolerance,
                                manager)
            all_confirmed = all_confirmed and confirmed is not None
            last_confirm = max(filter(None, (last_confirm, confirmed)), default=None)
        yesterday = {"date": day, "totals": totals, "reports": len(clerks)}
        if manager is not None and clerks and all_confirmed:
            moment = max(plan.at(day + ONE_DAY, 9, rng.randint(10, 50)), last_confirm + 5 * M)
            if moment < plan.now:
                pk = writer.add(StoreDay, {"store_id": store.pk, "business_date": day, "confirmed_by_id": manager,
                                           "confirmed_at": moment, "note": ""})
                plan.audit(store_id=store.pk, actor_id=manager, action="store_day.confirmed", model=StoreDay,
                           object_id=pk, at=moment, after={"business_date": day})


def _worked(plan: Plan, store) -> set:
    """(user id, day) of the people who clocked in (present at the meeting)."""
    return set(AttendanceRecord.objects.filter(store=store, business_date__gte=plan.first,
                                               business_date__lte=plan.last)
               .values_list("user_id", "business_date"))


def _meeting(plan, rng, store, day, duty, roster, clerks, worked, lines, yesterday, names) -> None:
    held = plan.at(day, 8, rng.randint(45, 55))
    results = {}
    if yesterday:
        results = {
            "date": yesterday["date"].isoformat(), "volume": sum(yesterday["totals"].values()),
            "confirmed_reports": yesterday["reports"], "pending_reports": 0,
            "lines": [{"name": names[key][0], "name_en": names[key][1], "total": total, "target": None}
                      for key, total in yesterday["totals"].items()],
            "net_receipts": "0.00", "store_day_confirmed": True,
        }
    meeting = plan.writer.add(MorningMeeting, {
        "store_id": store.pk, "business_date": day, "chaired_by_id": duty, "held_at": held,
        "yesterday_results": results, "notices": "；\n".join(rng.sample(NOTICES, 2)),
        "training_topic": rng.choice(TOPICS)})
    plan.audit(store_id=store.pk, actor_id=duty, action="meeting.updated", model=MorningMeeting,
               object_id=meeting, at=held)
    people = [p for role in (Role.DUTY_MANAGER, Role.CLERK, Role.COMPLAINT_HANDLER)
              for p in roster.get(day, {}).get(role, [])]
    for n, user in enumerate(dict.fromkeys(people)):
        present = (user, day) in worked
        read = held + (5 + n + rng.randint(0, 40)) * M if user in clerks and present else None
        plan.writer.add(MeetingAttendee, {"meeting_id": meeting, "user_id": user, "present": present,
                                          "acknowledged_at": read})
        if read is not None:
            plan.audit(store_id=store.pk, actor_id=user, action="meeting.acknowledged", model=MorningMeeting,
                       object_id=meeting, at=read)
    for clerk in clerks:
        for line in lines:
            plan.writer.add(MeetingTarget, {"meeting_id": meeting, "clerk_id": clerk, "product_line_id": line,
                                            "quantity": rng.randint(1, 3)})


def _report(plan, rng, store, day, clerk, duty, serial, counts, has_till, tolerance, manager):
    """The clerk's daily report; returns when it was confirmed (None: not confirmed)."""
    writer = plan.writer
    started, submitted = plan.at(day, 17, 45), plan.at(day, 18, rng.randint(0, 10))
    confirmed = plan.at(day, 18, rng.randint(20, 40))
    returned = rng.random() < plan.rates.clerk_report_returned
    if returned:
        confirmed += rng.randint(1, 3) * H
    status = "confirmed"
    if duty is None or duty == clerk:
        status = "submitted"
    elif confirmed > plan.now:
        status = "returned" if returned else "submitted"
    first = 30_000_000 + (day.toordinal() % 1000) * 1000 + serial * 100
    used = rng.randint(25, 60)
    report = writer.add(ClerkDailyReport, {
        "store_id": store.pk, "clerk_id": clerk, "business_date": day, "status": status, "was_rostered": True,
        "invoice_first": first, "invoice_last": first + used - 1, "invoices_voided": rng.choice([0, 0, 0, 1]),
        "sim_cards_sold": rng.randint(0, 6), "handsets_sold": rng.randint(0, 2),
        "gifts_redeemed": rng.randint(0, 3), "points_redeemed": rng.randint(0, 5), "note": "",
        "created_at": started, "submitted_at": submitted,
        "returned_reason": "发票号段与实际不符，请核对" if returned else "",
        "confirmed_by_id": duty if status == "confirmed" else None,
        "confirmed_at": confirmed if status == "confirmed" else None})
    for field, pk, count in counts:
        writer.add(ClerkReportLine, {"report_id": report, field: pk, "count": count})
    if has_till:
        story = till_story(store.code, clerk, day, plan.rates, tolerance=tolerance, can_approve=manager is not None)
        figures, diff = story["takings"], story["difference"]
        receipts = {"source": "till", "handed_in_cash": max(story["counted_cash"], ZERO),
                    "handed_in_cheque": figures["cheque"].quantize(CENT),
                    "overage": diff if diff > 0 else ZERO, "shortage": -diff if diff < 0 else ZERO,
                    "till_count": 1, "till_status": "confirmed", "synced_at": plan.at(day, 17, 55)}
    else:
        figures = takings(store.code, clerk, day)
        receipts = {"source": "typed"}
    writer.add(ClerkReportReceipts, {
        "report_id": report, "cash": figures["cash"].quantize(CENT), "cheque": figures["cheque"].quantize(CENT),
        "pos_card": figures["card"].quantize(CENT), "e_payment": figures["mobile"].quantize(CENT),
        "refunds": ZERO, **receipts})
    audit = {"store_id": store.pk, "model": ClerkDailyReport, "object_id": report}
    plan.audit(actor_id=clerk, action="clerk_report.started", at=started, **audit)
    plan.audit(actor_id=clerk, action="clerk_report.submitted", at=submitted, **audit)
    if returned and duty is not None and duty != clerk:
        back = plan.at(day, 18, 30)
        if back < plan.now:
            plan.audit(actor_id=duty, action="clerk_report.returned", at=back,
                       reason="发票号段与实际不符，请核对", **audit)
    if status == "confirmed":
        plan.audit(actor_id=duty, action="clerk_report.confirmed", at=confirmed, **audit)
        plan.notify(recipient_id=clerk, store_id=store.pk, at=confirmed,
                    message_id="Your daily report for %(date)s was confirmed.",
                    params={"date": day.isoformat()}, read_after=15 * H)
        return confirmed
    return None


def seed_service_records(plan: Plan, store, rng) -> None:
    roster = plan.roster(store)
    for day in plan.days(store):
        clerks = roster.get(day, {}).get(Role.CLERK, [])
        if not clerks:
            continue
        for _n in range(poisson(rng, plan.rates.service_records_per_store_day)):
            kind, fields = rng.choice(SERVICE_RECORDS)
            clerk = rng.choice(clerks)
            moment = plan.at(day, rng.randint(9, 17), rng.randint(0, 59))
            phone = f"13{rng.randint(500000000, 999999999)}" if kind == "retention" or rng.random() < 0.3 else ""
            pk = plan.writer.add(ServiceRecord, {"store_id": store.pk, "clerk_id": clerk, "business_date": day,
                                                 "recorded_at": moment, "kind": kind, "customer_phone": phone,
                                                 **fields})
            plan.audit(store_id=store.pk, actor_id=clerk, action="service_record.created", model=ServiceRecord,
                       object_id=pk, at=moment, after={"kind": kind})


def seed_handovers(plan: Plan, store, rng) -> None:
    from hallops.models import Handover

    roster = plan.roster(store)
    for day in plan.days(store):
        clerks = roster.get(day, {}).get(Role.CLERK, [])
        if len(clerks) < 2:
            continue
        for _n in range(poisson(rng, plan.rates.handovers_per_store_day)):
            outgoing, incoming = rng.sample(clerks, 2)
            noted = plan.at(day, 12, rng.randint(40, 59))
            acknowledged = noted + rng.randint(3, 25) * M
            first = 30_900_000 + rng.randint(0, 99_000)
            pk = plan.writer.add(Handover, {
                "store_id": store.pk, "business_date": day, "outgoing_id": outgoing, "incoming_id": incoming,
                "created_at": noted, "open_items": rng.choice(OPEN_ITEMS),
                "invoice_first": first, "invoice_last": first + rng.randint(10, 50),
                "sim_cards": rng.randint(5, 20), "value_cards": rng.randint(0, 10),
                "acknowledged_at": acknowledged if acknowledged < plan.now else None,
                "acknowledgement_note": "已核对" if acknowledged < plan.now else ""})
            plan.audit(store_id=store.pk, actor_id=outgoing, action="handover.created", model=Handover,
                       object_id=pk, at=noted)
            if acknowledged < plan.now:
                plan.audit(store_id=store.pk, actor_id=incoming, action="handover.acknowledged", model=Handover,
                           object_id=pk, at=acknowledged)
