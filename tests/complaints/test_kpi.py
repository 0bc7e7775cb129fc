"""The month's KPIs against their targets, per store and across the region."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from complaints import kpi, services
from complaints.models import CallbackPolicy, KpiTarget, Source
from hallops.models import Store
from tests import factories
from tests.complaints.helpers import make_order

TZ = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db


def _day(day, hour=10):
    return dt.datetime(2025, 3, day, hour, 0, tzinfo=TZ)


def _done(world, order, *, handler, reply_at, verdict, quality, manager):
    with time_machine.travel(order.received_at + dt.timedelta(minutes=10), tick=False):
        services.work_order_accept(actor=handler, order=order)
    with time_machine.travel(reply_at, tick=False):
        services.work_order_contact(actor=handler, order=order, channel="phone",
                                    outcome="reached")
        services.work_order_reply(
            actor=handler, order=order, result="处理完毕", cause="原因", company_at_fault=False
        )
        if verdict == "unsatisfied":
            # Closed over an unsatisfied verdict: only where the policy does not reopen.
            CallbackPolicy.objects.update(reopen_unsatisfied=False, escalate_unsatisfied=False)
        services.work_order_callback(actor=handler, order=order, result=verdict)
        services.work_order_close(
            actor=handler, order=order, note="" if verdict != "unsatisfied" else "客户无理要求"
        )
        services.work_order_review_quality(
            actor=manager, order=order, qualified=quality, reason="" if quality else "缺少原因分析"
        )


@pytest.fixture
def march(world):
    ch, sm = world.ch_a, world.sm_a
    with time_machine.travel(_day(3), tick=False):
        o1 = make_order(
            world, source=Source.HOTLINE, category_code="bill_border", number="13800000001"
        )
    _done(
        world, o1, handler=ch, reply_at=_day(3, 15), verdict="satisfied", quality=True, manager=sm
    )
    with time_machine.travel(_day(10), tick=False):
        o2 = make_order(
            world, source=Source.HOTLINE, category_code="bill_border", number="13800000002"
        )
    _done(
        world, o2, handler=ch, reply_at=_day(12), verdict="unsatisfied", quality=False, manager=sm
    )
    with time_machine.travel(_day(12), tick=False):
        make_order(world, number="13800000001", category_code="net_coverage")  # repeat
    with time_machine.travel(_day(20), tick=False):
        make_order(world, source=Source.APPEAL, number="13800000004")  # beyond the store
        cancelled = make_order(world, number="13800000005")
        services.work_order_cancel(actor=ch, order=cancelled, reason="录错")
    # Another store of region A, and a store of region B.
    store_c = factories.make_store("A002", region=world.region_a, name="胜利街营业厅")
    ch_c = factories.make_user("ch_c", role="complaint_handler", store=store_c)
    sm_c = factories.make_user("sm_c", role="store_manager", store=store_c)
    with time_machine.travel(_day(5), tick=False):
        oc = make_order(world, store=store_c, actor=ch_c, number="13800000006")
    _done(
        world, oc, handler=ch_c, reply_at=_day(5, 12), verdict="basic", quality=True, manager=sm_c
    )
    with time_machine.travel(_day(5), tick=False):
        make_order(world, store=world.store_b, number="13800000007")
    return world


def _values(figures):
    return {f.kpi: f.value for f in figures}


def test_it_computes_a_stores_month(march):
    figures = kpi.month_kpis(Store.objects.filter(pk=march.store_a.pk), 2025, 3)
    assert _values(figures) == {
        "timeliness": Decimal("50.0"),
        "reply_rate": Decimal("50.0"),
        "satisfaction": Decimal("50.0"),
        "repeat_rate": Decimal("25.0"),
        "beyond_rate": Decimal("25.0"),
        "quality": Decimal("50.0"),
        # One on-site order and no complaint settled at a desk (tests/complaints/test_desk_complaints.py).
        "onsite_resolved": Decimal("0.0"),
    }
    met = {f.kpi: f.met for f in figures}
    assert met == {
        "timeliness": False,
        "reply_rate": False,
        "satisfaction": False,
        "repeat_rate": False,
        "beyond_rate": False,
        "quality": False,
        "onsite_resolved": None,  # no target configured
    }
    assert _values(
        kpi.month_kpis(Store.objects.filter(pk=march.store_a.pk), 2025, 4)
    ) == dict.fromkeys(_values(figures))


def test_it_uses_the_configured_targets(march):
    KpiTarget.objects.filter(kpi="repeat_rate").update(target=Decimal("30"))
    figures = {f.kpi: f for f in kpi.month_kpis(Store.objects.filter(pk=march.store_a.pk), 2025, 3)}
    assert figures["repeat_rate"].met is True


def test_it_shows_the_store_managers_kpi_page(march, clients, django_assert_max_num_queries):
    with django_assert_max_num_queries(15):
        response = clients.sm_a.get("/manager/complaints/kpi/?month=2025-03")
    html = response.content.decode()
    assert response.status_code == 200
    assert "50.0%" in html and "25.0%" in html and "≥ 98%" in html
    chart = clients.sm_a.get("/manager/complaints/kpi/chart/category.svg?month=2025-03")
    assert chart.status_code == 200 and chart["Content-Type"].startswith("image/svg+xml")
    assert "计费类" in chart.content.decode()
    assert (
        clients.sm_a.get("/manager/complaints/kpi/chart/week.svg?month=2025-03").status_code == 200
    )
    assert clients.sm_a.get("/manager/complaints/kpi/chart/pie.svg").status_code == 404
    assert clients.sm_a.get("/manager/complaints/kpi/?month=2025-13").status_code == 200


def test_it_shows_the_region_to_the_supervisor(march, clients):
    response = clients.supervisor.get("/supervisor/complaints/kpi/?month=2025-03")
    assert response.status_code == 200
    region = {f.kpi: f.value for f in response.context["figures"]}
    assert region["reply_rate"] == Decimal("60.0")  # 3 of 5 (store B is another region)
    assert region["satisfaction"] == Decimal("66.7")
    rows = {store.code: _values(row) for store, row in response.context["per_store"]}
    assert set(rows) == {"A001", "A002"}
    assert rows["A002"]["timeliness"] == Decimal("100.0")
