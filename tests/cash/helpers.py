"""Builders for cash tests: a till taken through its steps by the service layer."""

import io
from decimal import Decimal

from openpyxl import Workbook

from hallops.models import DENOMINATIONS, DiscrepancyReason
from hallops.services import cash as svc

ZERO_NOTES = dict.fromkeys((name for name, _value in DENOMINATIONS), 0)


def notes(**counts):
    return {**ZERO_NOTES, **counts}


def open_till(world, *, clerk=None, store=None, amount="200.00", shift_type=None):
    return svc.till_float_issue(actor=world.dm_a, store=store or world.store_a,
                                clerk=clerk or world.clerk_a, amount=amount,
                                shift_type=shift_type)


def counted_till(world, *, drawer=None, expected_cash="1000.00", card="0", expected_card="0",
                 **kwargs):
    """A till with float 200, counted with `drawer` notes and expected takings set."""
    session = open_till(world, **kwargs)
    # 200 float + 995 in the drawer → cash takings 995 against 1000 expected: a 5-yuan shortage.
    drawer = drawer if drawer is not None else notes(notes_100=11, notes_50=1, notes_20=2,
                                                     notes_5=1)
    svc.till_expected_set(actor=world.dm_a, session=session,
                          amounts={"cash": expected_cash, "card": expected_card})
    svc.till_count_record(actor=session.clerk, session=session, notes=drawer,
                          non_cash={"card": card})
    session.refresh_from_db()
    return session


def reason(code="COUNT"):
    return DiscrepancyReason.objects.get(code=code)


def handed_in_till(world, **kwargs):
    """A till with a 5-yuan cash shortage, explained, approved, handed in."""
    session = counted_till(world, **kwargs)
    svc.till_differences_explain(actor=session.clerk, session=session, explanations={
        "cash": {"reason": reason(), "note": "找零多给", "destination": "made_up"}})
    session.refresh_from_db()
    if session.needs_approval:
        svc.till_approve(actor=world.sm_a, session=session)
    svc.till_hand_in(actor=session.clerk, session=session, bag_no="B1", seal_no="S1")
    session.refresh_from_db()
    return session


def confirmed_till(world, **kwargs):
    session = handed_in_till(world, **kwargs)
    svc.till_confirm(actor=world.dm_a, session=session, received_cash=session.handin.cash_amount,
                     received_cheque=Decimal("0"))
    session.refresh_from_db()
    return session


def settlement_xlsx(rows, header=("工号", "班次", "现金", "支票", "银行卡", "移动支付", "其他")):
    """A BOSS daily settlement workbook in memory (no binary fixtures in the repository)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "settlement.xlsx"
    return buffer
