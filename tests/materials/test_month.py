"""A full month of a store's materials: receive, issue to clerks, sell, return, transfer, a
stock-take with a difference signed by three people, and the 进销存 matching the ledger."""

import datetime

import pytest

from hallops.exceptions import DomainError
from hallops.models import AuditEntry
from materials.ledger import STORE, item_state
from materials.models import Movement, MovementKind, StockTake
from materials.selectors import IN_KINDS, OUT_KINDS, stock_report, stocktakes_overdue
from materials.services import (
    movement_issue,
    movement_receive,
    movement_return,
    movement_reverse,
    movement_sell,
    movement_write_off,
    stocktake_count,
    stocktake_sign,
    stocktake_start,
    transfer_receive,
    transfer_send,
)
from tests.materials.helpers import card, sim

pytestmark = pytest.mark.django_db

TZ = datetime.timezone(datetime.timedelta(hours=8))


def at(day, hour=10):
    return datetime.datetime(2026, 3, day, hour, tzinfo=TZ)


def _month(world, items):
    a, sm, dm, clerk = world.store_a, world.sm_a, world.dm_a, world.clerk_a
    # February: opening stock.
    movement_receive(actor=sm, store=a, item=items.card50, reference="DN-0201",
                     first_serial=card(1), last_serial=card(100),
                     now=datetime.datetime(2026, 2, 10, 10, tzinfo=TZ))
    movement_receive(actor=sm, store=a, item=items.gift, reference="DN-0202", quantity=20,
                     now=datetime.datetime(2026, 2, 10, 11, tzinfo=TZ))
    # March.
    movement_receive(actor=sm, store=a, item=items.card50, reference="DN-0301",
                     first_serial=card(101), last_serial=card(200), now=at(2))
    movement_receive(actor=sm, store=a, item=items.gift, reference="DN-0302", quantity=10,
                     now=at(2, 11))
    for day in range(3, 8):
        base = (day - 3) * 20
        movement_issue(actor=dm, store=a, item=items.card50, clerk=clerk,
                       first_serial=card(base + 1), last_serial=card(base + 20), now=at(day, 9))
        movement_sell(actor=clerk, store=a, item=items.card50, clerk=clerk,
                      first_serial=card(base + 1), last_serial=card(base + 15), now=at(day, 15))
        movement_return(actor=dm, store=a, item=items.card50, clerk=clerk,
                        first_serial=card(base + 16), last_serial=card(base + 20), now=at(day, 18))
        movement_issue(actor=dm, store=a, item=items.gift, clerk=clerk, quantity=2, now=at(day, 9))
        movement_sell(actor=clerk, store=a, item=items.gift, clerk=clerk, quantity=2,
                      now=at(day, 16))
    wrong = movement_receive(actor=sm, store=a, item=items.gift, reference="DN-typo", quantity=5,
                             now=at(8))
    movement_reverse(actor=sm, store=a, movement=wrong, reason="typed twice", now=at(8, 11))
    movement_write_off(actor=sm, store=a, item=items.gift, kind=MovementKind.DAMAGED,
                       reason="box wet", quantity=1, now=at(9))
    t = transfer_send(actor=sm, store=a, to_store=world.store_b, item=items.card50,
                      first_serial=card(181), last_serial=card(200), now=at(10))
    transfer_receive(actor=world.sm_b, store=world.store_b, transfer=t, now=at(11))
    t2 = transfer_send(actor=world.sm_b, store=world.store_b, to_store=a, item=items.card50,
                       first_serial=card(191), last_serial=card(195), now=at(12))
    transfer_receive(actor=sm, store=a, transfer=t2, now=at(12, 15))
    return t


def test_a_full_month_adds_up(world, items):
    _month(world, items)
    a = world.store_a
    # Stock-take on the 20th: two value cards are missing, one gift too many.
    take = stocktake_start(actor=world.dm_a, store=a, counter=world.clerk_a,
                           scope=StockTake.Scope.ALL, now=at(20))
    lines = {ln.item.code: ln for ln in take.lines.select_related("item")}
    card_line, gift_line = lines["t-card50"], lines["t-gift"]
    state = item_state(a, items.card50)
    assert card_line.expected_quantity == state.quantity(STORE) == 110  # 200 in, 75 sold, 20 out, 5 back
    assert gift_line.expected_quantity == 19
    counts = {
        card_line.pk: {"ranges": f"{card(101)}-{card(179)}, {card(182)}-{card(180)}",
                       "reason": ""},
        gift_line.pk: {"quantity": "19"},
    }
    with pytest.raises(DomainError, match="Test 50 card: The range is reversed"):
        stocktake_count(actor=world.dm_a, store=a, stocktake=take, counts=counts)
    counts = {card_line.pk: {"ranges": f"{card(16)}-{card(20)}, {card(36)}-{card(40)}, "
                                       f"{card(56)}-{card(60)}, {card(76)}-{card(78)}, "
                                       f"{card(96)}-{card(180)}, {card(191)}-{card(195)}"},
              gift_line.pk: {"quantity": "20"},
              lines["t-sim"].pk: {"ranges": ""}, lines["t-invoice"].pk: {"ranges": ""}}
    with pytest.raises(DomainError, match="give the reason"):
        stocktake_count(actor=world.dm_a, store=a, stocktake=take, counts=counts)
    counts[card_line.pk]["reason"] = "two cards not found"
    counts[gift_line.pk]["reason"] = "one found behind the counter"
    stocktake_count(actor=world.dm_a, store=a, stocktake=take, counts=counts)
    card_line.refresh_from_db()
    assert card_line.difference == -2 and card_line.missing_ranges == f"{card(79)}–{card(80)}"

    # Three signatures, in order, by three people.
    with pytest.raises(DomainError, match="The counter, clerk_a, signs first"):
        stocktake_sign(actor=world.dm_a, store=a, stocktake=take)
    stocktake_sign(actor=world.clerk_a, store=a, stocktake=take, now=at(20, 12))
    with pytest.raises(DomainError, match="count is signed"):
        stocktake_count(actor=world.dm_a, store=a, stocktake=take, counts=counts)
    with pytest.raises(DomainError, match="A duty manager signs second"):
        stocktake_sign(actor=world.sm_a, store=a, stocktake=take)
    stocktake_sign(actor=world.dm_a, store=a, stocktake=take, now=at(20, 13))
    with pytest.raises(DomainError, match="The store manager signs last"):
        stocktake_sign(actor=world.dm_a, store=a, stocktake=take)
    assert not Movement.objects.filter(stocktake=take).exists()
    stocktake_sign(actor=world.sm_a, store=a, stocktake=take, now=at(20, 14))
    take.refresh_from_db()
    assert take.status == StockTake.Status.LOCKED
    assert (take.counter, take.duty_manager, take.store_manager) == (
        world.clerk_a, world.dm_a, world.sm_a)
    with pytest.raises(DomainError, match="already signed off"):
        stocktake_sign(actor=world.sm_a, store=a, stocktake=take)
    adjustments = Movement.objects.filter(stocktake=take).order_by("item__code", "kind")
    assert [(m.item.code, m.kind, m.quantity, m.range_text) for m in adjustments] == [
        ("t-card50", MovementKind.COUNT_SHORTAGE, 2, f"{card(79)}–{card(80)}"),
        ("t-gift", MovementKind.COUNT_SURPLUS, 1, ""),
    ]
    assert all(m.locked and m.reason for m in adjustments)
    assert item_state(a, items.card50).quantity(STORE) == 108
    # The one-query balances agree with the replayed ledger.
    from materials.selectors import clerk_quantities, storeroom_quantities

    room = storeroom_quantities(a)
    for item in (items.card50, items.gift):
        assert room[item.pk] == item_state(a, item).quantity(STORE)
    assert clerk_quantities(a, world.clerk_a) == {}
    assert AuditEntry.objects.filter(action="stocktake.signed").count() == 3

    # The 进销存 of March.
    rows = {r.item.code: r for r in stock_report(a, datetime.date(2026, 3, 1),
                                                 datetime.date(2026, 3, 31))}
    c, g = rows["t-card50"], rows["t-gift"]
    assert (c.opening, c.moves["received"], c.moves["sold"], c.moves["transfer_out"],
            c.moves["transfer_in"], c.stocktake_difference, c.closing) == (100, 100, 75, 20, 5, -2, 108)
    assert (g.opening, g.moves["received"], g.moves["sold"], g.written_off,
            g.stocktake_difference, g.closing) == (20, 10, 10, 1, 1, 20)
    # Sums checked against the ledger: every row's closing is what the replayed ledger holds,
    # and opening + in − out is the closing.
    for code, item in (("t-card50", items.card50), ("t-gift", items.gift)):
        row = rows[code]
        assert row.closing == item_state(a, item).held()
        assert row.opening + row.total_in - row.total_out == row.closing
        assert row.opening == item_state(a, item, until=datetime.date(2026, 2, 28)).held()
    assert sum(c.moves[k] for k in IN_KINDS + OUT_KINDS) == sum(
        m.quantity for m in Movement.objects.filter(
            store=a, item=items.card50, business_date__month=3).exclude(
            kind__in=(MovementKind.ISSUED, MovementKind.RETURNED)))
    # Store B's month: 20 in, 5 out.
    b = {r.item.code: r for r in stock_report(world.store_b, datetime.date(2026, 3, 1),
                                              datetime.date(2026, 3, 31))}["t-card50"]
    assert (b.opening, b.moves["transfer_in"], b.moves["transfer_out"], b.closing) == (0, 20, 5, 15)

    # Signed stock-take: nothing is overdue for the next week.
    assert not any(o.item == items.card50 for o in stocktakes_overdue(a, datetime.date(2026, 3, 25)))
    assert any(o.item == items.card50 for o in stocktakes_overdue(a, datetime.date(2026, 3, 28)))
    assert not any(o.item == items.gift for o in stocktakes_overdue(a, datetime.date(2026, 4, 15)))


def test_a_stock_take_needs_three_different_people(world, items):
    movement_receive(actor=world.sm_a, store=world.store_a, item=items.gift, reference="DN",
                     quantity=3)
    take = stocktake_start(actor=world.dm_a, store=world.store_a, counter=world.dm_a)
    with pytest.raises(DomainError, match="already open"):
        stocktake_start(actor=world.dm_a, store=world.store_a, counter=world.clerk_a)
    line = take.lines.get(item=items.gift)
    other = {ln.pk: {"ranges": ""} for ln in take.lines.exclude(pk=line.pk)}
    stocktake_count(actor=world.dm_a, store=world.store_a, stocktake=take,
                    counts={line.pk: {"quantity": "3"}, **other})
    stocktake_sign(actor=world.dm_a, store=world.store_a, stocktake=take)
    with pytest.raises(DomainError, match="someone other than the counter"):
        stocktake_sign(actor=world.dm_a, store=world.store_a, stocktake=take)


def test_a_stock_take_refuses_bad_counts(world, items):
    take = stocktake_start(actor=world.dm_a, store=world.store_a, counter=world.clerk_a)
    line = take.lines.get(item=items.gift)
    for bad, message in (("-1", "negative"), ("1.5", "whole number"), ("", "Enter a quantity")):
        with pytest.raises(DomainError, match=message):
            stocktake_count(actor=world.dm_a, store=world.store_a, stocktake=take,
                            counts={line.pk: {"quantity": bad, "reason": "x"}})
    with pytest.raises(DomainError, match="Record the count"):
        stocktake_sign(actor=world.clerk_a, store=world.store_a, stocktake=take)
    assert not take.lines.filter(counted_quantity__isnull=False).exists()


def test_the_store_and_regional_monthly_workbooks_hold_the_stock_sheet(world, items):
    from reports.models import Kind
    from reports.services import Outcome, report_build, report_request
    from tests.reports.helpers import open_workbook

    _month(world, items)
    march = (datetime.date(2026, 3, 1), datetime.date(2026, 3, 31))
    report = report_request(kind=Kind.STORE_MONTHLY, start=march[0], end=march[1],
                            store=world.store_a, requested_by=world.sm_a)
    assert report_build(report_id=report.pk).outcome is Outcome.BUILT
    report.refresh_from_db()
    ws = open_workbook(report)["进销存"]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    assert rows[0][:3] == ["物品", "单位", "期初"]
    by_item = {r[0]: r for r in rows[1:]}
    assert by_item["测试50元充值卡"][2:10] == [100, 100, 5, 75, 20, 0, 0, 110]
    assert by_item["测试50元充值卡"][10] == 5500
    # Filed signed: the stock report ends with its signature lines (issue 19).
    signers = [c.value.split("：")[0] for r in ws.iter_rows() for c in r
               if isinstance(c.value, str) and c.value.endswith("_" * 14)]
    assert signers == ["制表", "复核", "厅经理"]
    region = report_request(kind=Kind.REGION_MONTHLY, start=march[0], end=march[1],
                            region=world.region_a, requested_by=world.supervisor)
    assert report_build(report_id=region.pk).outcome is Outcome.BUILT
    region.refresh_from_db()
    assert f"{world.store_a.code} 进销存" in open_workbook(region).sheetnames


def test_a_count_naming_serials_sold_or_held_by_a_clerk_is_refused(world, items):
    a = world.store_a
    movement_receive(actor=world.sm_a, store=a, item=items.sim, reference="DN",
                     first_serial=sim(1), last_serial=sim(10))
    movement_issue(actor=world.dm_a, store=a, item=items.sim, clerk=world.clerk_a,
                   first_serial=sim(1), last_serial=sim(2))
    movement_sell(actor=world.clerk_a, store=a, item=items.sim, clerk=world.clerk_a,
                  first_serial=sim(1), last_serial=sim(1))
    take = stocktake_start(actor=world.dm_a, store=a, counter=world.clerk_a)
    line = take.lines.get(item=items.sim)
    others = {ln.pk: {"ranges": "", "quantity": "0"} for ln in take.lines.exclude(pk=line.pk)}
    for counted, message in ((f"{sim(1)}, {sim(3)}-{sim(10)}", "Already sold"),
                             (f"{sim(2)}-{sim(10)}", "Already in stock \\(held by clerk_a\\)")):
        with pytest.raises(DomainError, match=f"Test SIM: {message}"):
            stocktake_count(actor=world.dm_a, store=a, stocktake=take,
                            counts={line.pk: {"ranges": counted, "reason": "found"}, **others})
    line.refresh_from_db()
    assert line.counted_quantity is None
