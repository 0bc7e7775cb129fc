"""The store manager's materials page as written in Python (issue 10, the page benchmark): the
ledger's correction forms, the stock and holdings tables and the selects show and do what the
template loops did, in both languages, with every value escaped."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from hallops.models import StaffProfile, Store
from materials.ledger import STORE, item_state
from materials.models import ItemType, Movement, MovementKind, Transfer
from materials.services import movement_issue, movement_receive, movement_reverse
from tests.materials.helpers import sim

pytestmark = pytest.mark.django_db

URL = "store_manager:materials"


def _page(client, **query) -> str:
    response = client.get(reverse(URL), query)
    assert response.status_code == 200
    return response.content.decode()


def _messages(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def _rows(html: str) -> list[str]:
    return re.findall(r'<tr data-testid="ledger-row">.*?</tr>', html, re.S)


def test_it_corrects_an_entry_through_the_form_of_its_row(world, clients, items):
    received = movement_receive(actor=world.sm_a, store=world.store_a, item=items.gift,
                                reference="DN-1", quantity=5)
    with translation.override("zh-hans"):
        html = _page(clients.sm_a)
    (row,) = _rows(html)
    action = re.search(r'<form method="post" action="([^"]+)"', row).group(1)
    assert action == reverse("store_manager:materials_reverse", args=[received.pk])
    assert 'name="csrfmiddlewaretoken"' in row and 'name="reason"' in row and "冲正" in row
    r = clients.sm_a.post(action, {"reason": "点错了"}, follow=True)
    assert r.status_code == 200
    correction = Movement.objects.get(corrects=received)
    assert correction.kind == MovementKind.REVERSAL and correction.reason == "点错了"
    assert item_state(world.store_a, items.gift).quantity(STORE) == 0
    assert _messages(r) == ["已用一条关联的新记录冲正。"]  # the person's language: Chinese


def test_a_correction_without_a_reason_is_refused_and_changes_nothing(world, clients, items):
    received = movement_receive(actor=world.sm_a, store=world.store_a, item=items.gift,
                                reference="DN-1", quantity=5)
    url = reverse("store_manager:materials_reverse", args=[received.pk])
    r = clients.sm_a.post(url, {"reason": ""}, follow=True)
    assert r.status_code == 200 and _messages(r)
    assert not Movement.objects.filter(corrects=received).exists()
    assert item_state(world.store_a, items.gift).quantity(STORE) == 5


def test_another_stores_entry_cannot_be_corrected_from_this_page(world, clients, items):
    theirs = movement_receive(actor=world.sm_b, store=world.store_b, item=items.gift,
                              reference="DN-B", quantity=2)
    assert clients.sm_a.post(reverse("store_manager:materials_reverse", args=[theirs.pk]),
                             {"reason": "x"}).status_code == 404
    assert not Movement.objects.filter(corrects=theirs).exists()
    assert "DN-B" not in _page(clients.sm_a)


def test_a_correction_row_names_the_entry_it_reverses_and_has_no_form(world, clients, items):
    at = timezone.make_aware(datetime.datetime(2026, 3, 4, 9, 30))
    received = movement_receive(actor=world.sm_a, store=world.store_a, item=items.gift,
                                reference="DN-1", quantity=5, now=at)
    movement_reverse(actor=world.sm_a, store=world.store_a, movement=received, reason="重复入库")
    local = timezone.localtime(at)
    with translation.override("zh-hans"):
        newest, oldest = _rows(_page(clients.sm_a))
        kind = f"{MovementKind.REVERSAL.label} ({MovementKind.RECEIVED.label} {local:%m-%d %H:%M})"
    assert f"<td>{kind}</td>" in newest and "冲正（冲销一条记录）" in kind, newest
    assert "重复入库" in newest and "<form" not in newest  # a correction is not reversed
    assert f"<td>{local:%Y-%m-%d %H:%M}</td>" in oldest and "<form" in oldest
    StaffProfile.objects.filter(user=world.sm_a).update(language="en")
    html = _page(clients.sm_a)
    newest, oldest = _rows(html)
    assert f"<td>Correction (reverses an entry) (Received {local:%m-%d %H:%M})</td>" in newest
    assert 'placeholder="Reason"' in oldest and ">Correct</button>" in oldest
    assert 'data-confirm="Record a correction that reverses this entry?"' in oldest
    assert "<td>Test gift</td>" in oldest


def test_transfers_and_stock_take_results_have_no_correction_form(world, clients, items):
    movement_receive(actor=world.sm_a, store=world.store_a, item=items.gift, reference="DN",
                     quantity=5)
    clients.sm_a.post(reverse("store_manager:materials_transfer"), {
        "transfer-to_store": world.store_b.pk, "transfer-item": items.gift.pk,
        "transfer-quantity": "2"})
    assert Transfer.objects.get().store == world.store_b
    rows = _rows(_page(clients.sm_a))
    kinds = list(Movement.objects.filter(store=world.store_a).order_by("-at", "-pk")
                 .values_list("kind", flat=True))
    assert kinds == [MovementKind.TRANSFER_OUT, MovementKind.RECEIVED]
    assert "<form" not in rows[0] and "<form" in rows[1]


def test_the_page_escapes_what_people_typed(world, clients, items):
    items.gift.name = "<b>礼品</b>"
    items.gift.save()
    world.clerk_a.first_name = "<i>x</i>"
    world.clerk_a.save()
    movement_receive(actor=world.sm_a, store=world.store_a, item=items.gift,
                     reference='<script>"DN"</script>', quantity=5)
    movement_issue(actor=world.dm_a, store=world.store_a, item=items.gift, clerk=world.clerk_a,
                   quantity=2)
    html = _page(clients.sm_a)
    assert "<b>礼品</b>" not in html and "&lt;b&gt;礼品&lt;/b&gt;" in html
    assert "<script>" not in html and "&lt;script&gt;&quot;DN&quot;&lt;/script&gt;" in html
    assert "<i>x</i>" not in html and "&lt;i&gt;x&lt;/i&gt;" in html


def test_the_stock_and_holdings_tables_show_ranges_gaps_and_badges(world, clients, items):
    movement_receive(actor=world.sm_a, store=world.store_a, item=items.sim, reference="DN",
                     first_serial=sim(1), last_serial=sim(10))
    movement_receive(actor=world.sm_a, store=world.store_a, item=items.sim, reference="DN",
                     first_serial=sim(21), last_serial=sim(22))
    movement_issue(actor=world.dm_a, store=world.store_a, item=items.sim, clerk=world.clerk_a,
                   first_serial=sim(1), last_serial=sim(3))
    with translation.override("zh-hans"):
        for client, url in ((clients.sm_a, URL), (clients.dm_a, "duty_manager:materials")):
            html = client.get(reverse(url)).content.decode()
            row = re.search(r'<tr data-testid="stock-row" data-item="t-sim".*?</tr>', html,
                            re.S).group(0)
            assert 'class="table-warning"' not in row  # 9 ≥ the minimum of 5
            assert '<td class="text-end" data-testid="storeroom">9 张</td>' in row
            assert "898600000004–898600000010, 898600000021–898600000022" in row
            assert "898600000011–898600000020" in row  # the gap
            card = re.search(r'<tr data-testid="stock-row" data-item="t-card50".*?</tr>', html,
                             re.S).group(0)
            assert '<span class="badge text-bg-info">有价物品</span>' in card
            assert '<td class="small text-break">—</td>' in card  # no ranges in the storeroom
            gift = re.search(r'<tr data-testid="stock-row" data-item="t-gift".*?</tr>', html,
                             re.S).group(0)
            assert 'class="table-warning"' in gift  # 0 below the minimum of 3
            assert '<td class="text-end">3 <span class="badge text-bg-warning">不足</span></td>' in gift
            holding = re.search(r'<div class="mb-2" data-testid="clerk-holding">.*?</div>', html,
                                re.S).group(0)
            assert "898600000001–898600000003" in holding and ": 3 张" in holding


def test_the_selects_list_the_active_items_clerks_and_other_stores(world, clients, items):
    html = _page(clients.sm_a)
    active = [str(pk) for pk in ItemType.objects.filter(is_active=True).values_list("pk", flat=True)]
    assert len(active) == 4  # the test items (make_items sets the catalogue aside)
    for name in ("receive-item", "writeoff-item", "transfer-item"):
        select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
        assert f'<option value="{items.sim.pk}">测试SIM卡</option>' in select
        assert re.findall(r'<option value="(\d*)"', select) == ["", *active]
    ledger = re.search(r'<select name="item".*?</select>', html, re.S).group(0)
    assert re.findall(r'<option value="(\d*)"', ledger) == ["", *active]
    clerk = re.search(r'<select name="writeoff-clerk".*?</select>', html, re.S).group(0)
    assert f'<option value="{world.clerk_a.pk}">' in clerk
    assert f'<option value="{world.clerk_b.pk}">' not in clerk
    stores = re.search(r'<select name="transfer-to_store".*?</select>', html, re.S).group(0)
    others = Store.objects.filter(is_active=True).exclude(pk=world.store_a.pk).order_by("code")
    assert re.findall(r'<option value="(\d*)"', stores) == ["", *(str(s.pk) for s in others)]
    assert f'>{world.store_b.code} {world.store_b.name}</option>' in stores


def test_a_write_off_from_a_clerk_through_the_page(world, clients, items):
    movement_receive(actor=world.sm_a, store=world.store_a, item=items.gift, reference="DN",
                     quantity=5)
    movement_issue(actor=world.dm_a, store=world.store_a, item=items.gift, clerk=world.clerk_a,
                   quantity=3)
    r = clients.sm_a.post(reverse("store_manager:materials_write_off"), {
        "writeoff-kind": "damaged", "writeoff-clerk": world.clerk_a.pk,
        "writeoff-item": items.gift.pk, "writeoff-quantity": "1", "writeoff-reason": "摔坏"})
    assert r.status_code == 302
    m = Movement.objects.get(kind=MovementKind.DAMAGED)
    assert m.clerk == world.clerk_a and m.reason == "摔坏"


def test_a_listed_correction_costs_at_most_one_query_more(world, clients, items):
    received = movement_receive(actor=world.sm_a, store=world.store_a, item=items.gift,
                                reference="DN", quantity=5)
    url = reverse(URL)
    clients.sm_a.get(url)
    with CaptureQueriesContext(connection) as plain:
        clients.sm_a.get(url)
    movement_reverse(actor=world.sm_a, store=world.store_a, movement=received, reason="错")
    for k in range(30):
        movement_receive(actor=world.sm_a, store=world.store_a, item=items.gift,
                         reference=f"DN-{k}", quantity=1)
    with CaptureQueriesContext(connection) as corrected:
        assert clients.sm_a.get(url, {"page": "2"}).status_code == 200  # the correction's page
    assert len(corrected) <= len(plain) + 1, [q["sql"][:100] for q in corrected]


def test_the_ledger_is_counted_once_and_an_item_filter_counts_its_own(world, clients, items):
    for k in range(27):
        movement_receive(actor=world.sm_a, store=world.store_a, item=items.gift,
                         reference=f"G-{k}", quantity=1)
    for k in range(3):
        movement_receive(actor=world.sm_a, store=world.store_a, item=items.sim,
                         reference=f"S-{k}", first_serial=sim(k + 1))
    url = reverse(URL)
    with CaptureQueriesContext(connection) as queries:
        html = clients.sm_a.get(url).content.decode()
    counts = [q["sql"] for q in queries if "materials_movement" in q["sql"] and "COUNT(" in q["sql"]]
    assert len(counts) == 1, counts  # the ledger's version, also the paginator's count
    assert "第 1 页，共 2 页" in html  # the manager reads Chinese
    with translation.override("zh-hans"):
        filtered = clients.sm_a.get(url, {"item": items.sim.pk})
    assert filtered.context["page"].paginator.count == 3
    assert len(_rows(filtered.content.decode())) == 3
    assert clients.sm_a.get(url, {"page": "2"}).context["page"].paginator.count == 30
