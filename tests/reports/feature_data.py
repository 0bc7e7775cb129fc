"""Generated operations data for workbook tests: clerk reports, targets, tills, complaints,
checklists and duty logs of one store over some days (random but seeded, so reproducible).

Rows are written with the ORM on past business dates (the services stamp today's date);
complaints go through `work_order_create`, which takes the time received. Kept apart from the
volume builders (hallops.seeding) because the workbook tests need what those never write:
formula-like text in every free-text field, open and draft states on any day, a tag per store;
amounts come from the shared helpers.
"""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from complaints.models import Category, Source, WorkOrder
from complaints.services import work_order_create
from hallops.models import (
    DENOMINATIONS,
    BusinessType,
    CashDrop,
    CashHandIn,
    ChecklistRun,
    ChecklistTick,
    DiscrepancyReason,
    DutyLog,
    ExpectedTakings,
    MonthlyTarget,
    ProductLine,
    ShiftType,
    TillCount,
    TillDifference,
    TillSession,
)
from hallops.models.checklists import DAILY_KINDS
from hallops.seeding.base import money
from hallops.selectors.checklists import template_for
from tests.business.factories import make_report

TZ = timezone.get_current_timezone()
CENT = Decimal("0.01")


def _at(day, hour, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=TZ)


# Amounts as the shared builders (hallops.seeding) make them.
_money = money


def _notes_for(amount: Decimal) -> dict:
    """Notes adding up to `amount` (whole yuan in 100s and 1s, the rest in 0.1s): the amounts
    here have cents, which the shared `notes_for` (exact change only) refuses."""
    notes = dict.fromkeys((name for name, _v in DENOMINATIONS), 0)
    whole = int(amount)
    notes["notes_100"], notes["notes_1"] = divmod(whole, 100)
    notes["notes_0_1"] = int(((amount - whole) * 10).to_integral_value())
    return notes


def seed_operations(store, clerks, days, *, dm, seed: int, tag: str = ""):
    rng = random.Random(seed)
    shift = ShiftType.objects.get(store=store, code="A")
    type_codes = list(BusinessType.objects.values_list("code", flat=True))
    line_codes = list(ProductLine.objects.values_list("code", flat=True))
    reason = DiscrepancyReason.objects.get(code="COUNT")
    category = Category.objects.filter(parent__isnull=True).first()

    for day in days:
        for n, clerk in enumerate(clerks):
            # Clerk daily report: mostly confirmed, some still open (they never count).
            status = rng.choice(["confirmed", "confirmed", "confirmed", "submitted", "draft"])
            counts = {code: rng.randint(1, 30) for code in rng.sample(type_codes, 4)}
            counts.update({code: rng.randint(0, 4) for code in rng.sample(line_codes, 2)})
            first = 10_000 * (n + 1) + day.day * 100
            make_report(store, clerk, day, status=status, counts=counts,
                        receipts={"cash": _money(rng, 100, 9000), "pos_card": _money(rng, 0, 3000),
                                  "refunds": _money(rng, 0, 50)},
                        invoice_first=first, invoice_last=first + rng.randint(0, 40),
                        invoices_voided=rng.randint(0, 2), handsets_sold=rng.randint(0, 3),
                        sim_cards_sold=rng.randint(0, 5), note=f"{tag}=SUM(A1)")
            # A till: float 200, expected cash and card, counted with a small difference.
            session = TillSession.objects.create(
                store=store, clerk=clerk, business_date=day, shift_type=shift,
                status=rng.choice(["counted", "handed_in", "confirmed"]),
                opening_float=Decimal("200.00"), float_issued_by=dm, opened_at=_at(day, 8, 40))
            expected_cash = _money(rng, 500, 5000)
            expected_card = _money(rng, 0, 2000)
            ExpectedTakings.objects.bulk_create([
                ExpectedTakings(session=session, method=m, amount=a, source="typed",
                                entered_by=dm, entered_at=_at(day, 18))
                for m, a in (("cash", expected_cash), ("card", expected_card))])
            drop = _money(rng, 0, 300)
            if drop:
                CashDrop.objects.create(session=session, amount=drop, at=_at(day, 12),
                                        recorded_by=dm)
            diff = Decimal(rng.choice([0, 0, 5, -5, 12, -20]))
            drawer = expected_cash + diff - drop + session.opening_float
            TillCount.objects.create(session=session, **_notes_for(drawer),
                                     cash_in_drawer=drawer, cheque_total=0,
                                     card_total=expected_card, mobile_total=0, other_total=0,
                                     counted_by=clerk, counted_at=_at(day, 18, 5))
            if diff:
                TillDifference.objects.create(
                    session=session, method="cash", kind="overage" if diff > 0 else "shortage",
                    amount=abs(diff), reason=reason, note=f"{tag}点钞", destination="made_up",
                    beyond_tolerance=abs(diff) > 10, recorded_by=clerk, recorded_at=_at(day, 18, 10))
            if session.status != "counted":
                confirmed = session.status == "confirmed"
                CashHandIn.objects.create(
                    session=session, bag_no=f"{tag}B{day.day}{n}", seal_no="S",
                    cash_amount=expected_cash + diff, cheque_amount=0, handed_in_by=clerk,
                    handed_in_at=_at(day, 18, 20),
                    received_cash=expected_cash + diff if confirmed else None,
                    received_cheque=Decimal("0") if confirmed else None,
                    confirmed_by=dm if confirmed else None,
                    confirmed_at=_at(day, 18, 30) if confirmed else None)
        # Complaints: a few received each day, some closed, some overdue, one cancelled.
        for k in range(rng.randint(1, 3)):
            order = work_order_create(
                actor=dm, store=store, source=Source.ONSITE, customer_number="13812345678",
                category=category, description=f"{tag}客户反映问题", demand="道歉",
                contact_number="13900001111", received_at=_at(day, 10 + k))
            fate = rng.choice(["open", "closed", "closed", "overdue", "cancelled"])
            if fate == "closed":
                WorkOrder.objects.filter(pk=order.pk).update(
                    status=WorkOrder.Status.CLOSED, replied_at=_at(day, 15),
                    replied_on_time=True, closed_at=_at(day, 17), next_due_at=None)
            elif fate == "overdue":
                WorkOrder.objects.filter(pk=order.pk).update(was_overdue=True)
            elif fate == "cancelled":
                WorkOrder.objects.filter(pk=order.pk).update(status=WorkOrder.Status.CANCELLED)
        # Checklists: each daily procedure's run with a random share of the items ticked.
        for kind in DAILY_KINDS:
            template = template_for(store, kind)
            run = ChecklistRun.objects.create(store=store, template=template, kind_id=kind,
                                              business_date=day, created_by=dm)
            items = list(template.items.all())
            for item in rng.sample(items, rng.randint(0, len(items))):
                problem = rng.random() < 0.1
                ChecklistTick.objects.create(
                    run=run, item=item, status="problem" if problem else "done",
                    at=_at(day, 9), by=dm, note="坏了" if problem else "",
                    is_late=rng.random() < 0.2)
        # The duty log of the day: submitted or still a draft.
        submitted = rng.random() < 0.7
        DutyLog.objects.create(
            store=store, business_date=day, shift_type=shift, duty_manager=dm,
            status="submitted" if submitted else "draft",
            submitted_at=_at(day, 20) if submitted else None,
            tickets_issued=rng.randint(100, 400), longest_wait_minutes=rng.randint(5, 40),
            handover=f"=1+1 {tag}交接")  # typed text that looks like a formula
    # The month's targets: the store's and one clerk's.
    first = days[0].replace(day=1)
    lines = list(ProductLine.objects.all()[:3])
    for line in lines:
        MonthlyTarget.objects.create(store=store, month=first, product_line=line,
                                     quantity=rng.randint(20, 80))
    MonthlyTarget.objects.create(store=store, month=first, clerk=clerks[0],
                                 product_line=lines[0], quantity=10)
