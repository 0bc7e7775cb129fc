"""The materials pages through the browser's requests: Chinese pages, forms that change the
ledger, refusals shown as messages with nothing changed, another store's objects 404."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from materials.ledger import STORE, clerk_place, item_state
from materials.models import Movement, PublicityItem, StockTake
from materials.services import movement_receive, stocktake_start
from tests.materials.helpers import sim

pytestmark = pytest.mark.django_db


def _messages(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


def test_the_store_manager_receives_and_sees_stock_and_gaps(world, clients, items):
    url = reverse("store_manager:materials_receive")
    r = clients.sm_a.post(url, {"receive-item": items.sim.pk, "receive-reference": "DN-7",
                                "receive-first_serial": sim(1), "receive-last_serial": sim(10)},
                          follow=True)
    assert r.status_code == 200
    assert "DN-7" in r.content.decode()
    clients.sm_a.post(url, {"receive-item": items.sim.pk, "receive-reference": "DN-8",
                            "receive-first_serial": sim(21), "receive-last_serial": sim(30)})
    page = clients.sm_a.get(reverse("store_manager:materials")).content.decode()
    assert "物料" in page and "898600000011–898600000020" in page  # the gap
    assert item_state(world.store_a, items.sim).quantity(STORE) == 20


def test_a_refused_receipt_is_a_message_and_changes_nothing(world, clients, items):
    url = reverse("store_manager:materials_receive")
    r = clients.sm_a.post(url, {"receive-item": items.gift.pk, "receive-reference": "DN",
                                "receive-quantity": "-4"}, follow=True)
    assert r.status_code == 200
    assert any("不能为负" in m for m in _messages(r)), _messages(r)
    r = clients.sm_a.post(url, {"receive-item": "", "receive-reference": ""}, follow=True)
    assert r.status_code == 200 and _messages(r)
    assert not Movement.objects.exists()


def test_the_duty_manager_issues_and_takes_back_and_the_clerk_sees_it(world, clients, items):
    movement_receive(actor=world.sm_a, store=world.store_a, item=items.sim, reference="DN",
                     first_serial=sim(1), last_serial=sim(50))
    r = clients.dm_a.post(reverse("duty_manager:materials_issue"), {
        "issue-clerk": world.clerk_a.pk, "issue-item": items.sim.pk,
        "issue-first_serial": sim(1), "issue-last_serial": sim(20)}, follow=True)
    assert r.status_code == 200 and any("发放" in m for m in _messages(r)), _messages(r)
    page = clients.clerk_a.get(reverse("clerk:materials")).content.decode()
    assert "898600000001–898600000020" in page
    clients.clerk_a.post(reverse("clerk:materials_sell"), {
        "sell-item": items.sim.pk, "sell-first_serial": sim(1), "sell-last_serial": sim(5)})
    # Taking back a serial the clerk sold is refused.
    r = clients.dm_a.post(reverse("duty_manager:materials_return"), {
        "return-clerk": world.clerk_a.pk, "return-item": items.sim.pk,
        "return-first_serial": sim(5), "return-last_serial": sim(20)}, follow=True)
    assert any("已售出" in m for m in _messages(r)), _messages(r)
    clients.dm_a.post(reverse("duty_manager:materials_return"), {
        "return-clerk": world.clerk_a.pk, "return-item": items.sim.pk,
        "return-first_serial": sim(6), "return-last_serial": sim(20)})
    state = item_state(world.store_a, items.sim)
    assert state.quantity(clerk_place(world.clerk_a.pk)) == 0 and state.quantity(STORE) == 45
    # The duty manager cannot issue to store B's clerk.
    r = clients.dm_a.post(reverse("duty_manager:materials_issue"), {
        "issue-clerk": world.clerk_b.pk, "issue-item": items.sim.pk,
        "issue-first_serial": sim(30)}, follow=True)
    assert r.status_code == 200
    assert Movement.objects.filter(clerk=world.clerk_b).count() == 0


def test_a_stock_take_through_the_pages(world, clients, items):
    movement_receive(actor=world.sm_a, store=world.store_a, item=items.gift, reference="DN",
                     quantity=10)
    r = clients.dm_a.post(reverse("duty_manager:materials_stocktake_new"),
                          {"scope": "all", "counter": world.clerk_a.pk})
    take = StockTake.objects.get()
    assert r.status_code == 302 and r["Location"].endswith(f"/{take.pk}/")
    page = clients.dm_a.get(r["Location"]).content.decode()
    assert "盘点" in page
    data = {f"r-{ln.pk}": "" for ln in take.lines.all()}
    gift_line = take.lines.get(item=items.gift)
    data.update({f"q-{gift_line.pk}": "9", f"why-{gift_line.pk}": ""})
    url = reverse("duty_manager:materials_stocktake_count", args=[take.pk])
    r = clients.dm_a.post(url, data, follow=True)
    assert any("原因" in m for m in _messages(r)), _messages(r)
    data[f"why-{gift_line.pk}"] = "送错了"
    clients.dm_a.post(url, data)
    clients.clerk_a.post(reverse("clerk:materials_stocktake_sign", args=[take.pk]))
    clients.dm_a.post(reverse("duty_manager:materials_stocktake_sign", args=[take.pk]))
    clients.sm_a.post(reverse("store_manager:materials_stocktake_sign", args=[take.pk]))
    take.refresh_from_db()
    assert take.status == StockTake.Status.LOCKED
    assert item_state(world.store_a, items.gift).quantity(STORE) == 9
    page = clients.sm_a.get(reverse("store_manager:materials_stocktake", args=[take.pk]))
    assert "送错了" in page.content.decode()
    # Store B's managers cannot reach it.
    assert clients.sm_b.get(reverse("store_manager:materials_stocktake",
                                    args=[take.pk])).status_code == 404


def test_the_report_page_shows_the_month(world, clients, items):
    movement_receive(actor=world.sm_a, store=world.store_a, item=items.gift, reference="DN",
                     quantity=7)
    page = clients.sm_a.get(reverse("store_manager:materials_report")).content.decode()
    assert "进销存" in page and "测试礼品" in page
    assert clients.sm_a.get(reverse("store_manager:materials_report"),
                            {"month": "bad"}).status_code == 200


def test_the_home_pages_warn_of_low_stock_and_expired_publicity(world, clients, items):
    movement_receive(actor=world.sm_a, store=world.store_a, item=items.gift, reference="DN",
                     quantity=1)
    today = datetime.date.today()
    p = PublicityItem.objects.create(store=world.store_a, title="五一促销海报", location="门口",
                                     valid_from=today - datetime.timedelta(days=30),
                                     valid_until=today - datetime.timedelta(days=1))
    home = clients.dm_a.get(reverse("duty_manager:home")).content.decode()
    assert "五一促销海报" in home and "测试礼品" in home
    assert "测试礼品" in clients.sm_a.get(reverse("store_manager:home")).content.decode()
    clients.dm_a.post(reverse("duty_manager:materials_publicity_down", args=[p.pk]))
    p.refresh_from_db()
    assert p.taken_down_by == world.dm_a
    assert "五一促销海报" not in clients.dm_a.get(reverse("duty_manager:home")).content.decode()


def test_another_stores_objects_are_not_found(world, clients, items):
    m = movement_receive(actor=world.sm_b, store=world.store_b, item=items.gift, reference="DN",
                         quantity=3)
    take = stocktake_start(actor=world.dm_b, store=world.store_b, counter=world.clerk_b)
    assert clients.sm_a.post(reverse("store_manager:materials_reverse", args=[m.pk]),
                             {"reason": "x"}).status_code == 404
    assert clients.dm_a.get(reverse("duty_manager:materials_stocktake",
                                    args=[take.pk])).status_code == 404
    assert not Movement.objects.filter(corrects=m).exists()


def test_the_duty_manager_puts_up_publicity_and_bad_dates_are_refused(world, clients):
    url = reverse("duty_manager:materials_publicity_add")
    r = clients.dm_a.post(url, {"publicity-title": "宽带海报", "publicity-location": "门口",
                                "publicity-valid_from": "2026-05-10",
                                "publicity-valid_until": "2026-05-01"}, follow=True)
    assert any("有效期止不能早于有效期起" in m for m in _messages(r)), _messages(r)
    r = clients.dm_a.post(url, {"publicity-title": "宽带海报", "publicity-location": "门口",
                                "publicity-valid_from": "2026-05-01",
                                "publicity-valid_until": "not a date"}, follow=True)
    assert r.status_code == 200 and _messages(r)
    assert not PublicityItem.objects.exists()
    clients.dm_a.post(url, {"publicity-title": "宽带海报", "publicity-location": "门口",
                            "publicity-valid_from": "2026-05-01",
                            "publicity-valid_until": "2026-05-31"})
    assert PublicityItem.objects.get().store == world.store_a


def test_the_opening_inspection_shows_publicity_to_take_down(world, clients):
    from hallops.businessdate import business_date

    today = business_date(store=world.store_a)
    p = PublicityItem.objects.create(store=world.store_a, title="国庆海报", location="橱窗",
                                     valid_from=today - datetime.timedelta(days=9),
                                     valid_until=today)
    url = reverse("duty_manager:checklist", args=["opening"])
    page = clients.dm_a.get(url).content.decode()
    assert "国庆海报" in page and "今天到期" in page
    assert "国庆海报" not in clients.dm_a.get(
        reverse("duty_manager:checklist", args=["closing"])).content.decode()
    r = clients.dm_a.post(reverse("duty_manager:materials_publicity_down", args=[p.pk]),
                          {"next": url})
    assert r["Location"] == url
    assert "国庆海报" not in clients.dm_a.get(url).content.decode()


def test_an_issue_during_an_open_stock_take_is_refused_in_chinese(world, clients, items):
    movement_receive(actor=world.sm_a, store=world.store_a, item=items.sim, reference="DN",
                     first_serial=sim(1), last_serial=sim(50))
    stocktake_start(actor=world.dm_a, store=world.store_a, counter=world.clerk_a)
    before = Movement.objects.count()
    r = clients.dm_a.post(reverse("duty_manager:materials_issue"), {
        "issue-clerk": world.clerk_a.pk, "issue-item": items.sim.pk,
        "issue-first_serial": sim(1), "issue-last_serial": sim(20)}, follow=True)
    assert r.status_code == 200
    assert any("测试SIM卡 正在盘点中" in m and "厅经理签字确认盘点之前" in m
               for m in _messages(r)), _messages(r)
    assert Movement.objects.count() == before
    assert item_state(world.store_a, items.sim).quantity(STORE) == 50


def test_the_duty_manager_page_says_the_open_stock_take_freezes_the_storeroom(world, clients,
                                                                           items):
    page = clients.dm_a.get(reverse("duty_manager:materials")).content.decode()
    assert 'data-testid="stocktake-freeze"' not in page
    stocktake_start(actor=world.dm_a, store=world.store_a, counter=world.clerk_a)
    page = clients.dm_a.get(reverse("duty_manager:materials")).content.decode()
    assert 'data-testid="stocktake-freeze"' in page and "厅经理签字确认盘点之前" in page
