"""The stock report (进销存) of a closed month in the regional monthly, kept with the store's
month figures: the workbook equals the live read cell for cell, reads no movement, and a
movement dated in an earlier month (the opening balance of every later one) shows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hallops.scoping import store_scope
from materials.models import MovementKind
from materials.services import movement_receive, movement_sell, movement_write_off
from reports.models import Kind, StoreMonthFigures
from tests.materials.helpers import make_items

from .test_month_figures import cells, kept_rows, live

TZ = datetime.timezone(datetime.timedelta(hours=8))
DAY = datetime.date(2025, 3, 12)
TODAY = datetime.date(2025, 6, 1)  # March closed
MARCH = datetime.date(2025, 3, 1)
SHEET = "{code} 进销存"


def at(month, day, hour=10):
    return datetime.datetime(2025, month, day, hour, tzinfo=TZ)


@pytest.fixture
def stock(world):
    items = make_items()
    a, b, sm = world.store_a, world.store_b, world.sm_a
    movement_receive(actor=sm, store=a, item=items.gift, reference="DN-0201", quantity=20,
                     now=at(2, 10))
    movement_receive(actor=sm, store=a, item=items.gift, reference="DN-0301", quantity=7,
                     now=at(3, 3))
    movement_sell(actor=sm, store=a, item=items.gift, quantity=4, now=at(3, 5))
    movement_write_off(actor=sm, store=a, item=items.gift, kind=MovementKind.DAMAGED,
                       reason="box wet", quantity=1, now=at(3, 9))
    movement_receive(actor=world.sm_b, store=b, item=items.gift, reference="DN-B", quantity=3,
                     now=at(3, 4))  # another region's store: not in region A's workbook
    return items


def sheet(book, store):
    return book[SHEET.format(code=store.code)]


def test_the_kept_stock_report_equals_the_live_one_and_is_kept(world, stock, tmp_path,
                                                                monkeypatch):
    region, a = world.region_a, world.store_a
    first = cells(Kind.REGION_MONTHLY, region, DAY, tmp_path, "first", today=TODAY)
    kept = cells(Kind.REGION_MONTHLY, region, DAY, tmp_path, "kept", today=TODAY)
    with monkeypatch.context() as m:
        live(m)
        fresh = cells(Kind.REGION_MONTHLY, region, DAY, tmp_path, "live", today=TODAY)
    assert kept == fresh == first
    gift = next(row for row in sheet(kept, a) if row[0] == "测试礼品")
    # opening 20 (February), received 7, sold 4, damaged 1, closing 22
    assert gift[2:10] == [20, 7, 0, 4, 0, 1, 0, 22]
    row = kept_rows(region)[a.pk]
    assert row.stock == [[stock.gift.pk, 20, [7, 0, 0, 4, 0, 1, 0, 0, 0], 22]]


def test_a_kept_stock_report_is_read_not_the_ledger(world, stock, tmp_path):
    region, a = world.region_a, world.store_a
    cells(Kind.REGION_MONTHLY, region, DAY, tmp_path, "first", today=TODAY)
    # altered behind the workbook's back (no write marked it): what appears is the kept row
    with store_scope(a):
        StoreMonthFigures.objects.filter(store=a, month=MARCH).update(
            stock=[[stock.gift.pk, 1000, [7, 0, 0, 4, 0, 1, 0, 0, 0], 1002]])
    with CaptureQueriesContext(connection) as queries:
        book = cells(Kind.REGION_MONTHLY, region, DAY, tmp_path, "kept", today=TODAY)
    gift = next(row for row in sheet(book, a) if row[0] == "测试礼品")
    assert (gift[2], gift[9]) == (1000, 1002)
    assert not [q for q in queries.captured_queries if "materials_movement" in q["sql"]]


def test_a_movement_dated_in_an_earlier_month_changes_the_next_opening(world, stock, tmp_path):
    region, a = world.region_a, world.store_a
    cells(Kind.REGION_MONTHLY, region, DAY, tmp_path, "first", today=TODAY)
    assert not kept_rows(region)[a.pk].stale
    # January: before every kept month, so it changes March's opening (not March's moves)
    movement_receive(actor=world.sm_a, store=a, item=stock.gift, reference="DN-0115",
                     quantity=5, now=at(1, 15))
    assert kept_rows(region)[a.pk].stale
    book = cells(Kind.REGION_MONTHLY, region, DAY, tmp_path, "after", today=TODAY)
    gift = next(row for row in sheet(book, a) if row[0] == "测试礼品")
    assert (gift[2], gift[9]) == (25, 27)
    assert not kept_rows(region)[a.pk].stale  # recomputed and kept


def test_a_movement_today_marks_no_closed_month(world, stock, tmp_path):
    region, a = world.region_a, world.store_a
    cells(Kind.REGION_MONTHLY, region, DAY, tmp_path, "first", today=TODAY)
    movement_receive(actor=world.sm_a, store=a, item=stock.gift, reference="DN-now", quantity=1)
    assert not kept_rows(region)[a.pk].stale
