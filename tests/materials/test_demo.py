"""seed_demo gives the demo stores materials through the services, and their pages show it."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hallops.demo import clock
from hallops.registry import duty_log_sections
from materials.ledger import item_state
from materials.models import ItemType, Movement, PublicityItem, StockTake, Transfer
from materials.selectors import low_stock

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    moment = datetime.datetime.combine(timezone.localdate(), datetime.time(15, 30),
                                       tzinfo=timezone.get_current_timezone())
    with clock(moment):
        call_command("seed_demo", stores=1, days=7, no_history=True, stdout=io.StringIO())
        yield moment


def _page(username, url):
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_demo_stores_have_materials(seeded):
    from hallops.models import Store

    store = Store.objects.get(code="SJZ001")
    today = timezone.localdate()
    assert Movement.objects.filter(store=store).count() > 20
    assert Transfer.objects.filter(from_store=store, status="sent").exists()
    take = StockTake.objects.get(store=store)
    assert take.status == StockTake.Status.COUNTER_SIGNED
    assert take.lines.get(item__code="bag").difference == -1
    assert {p.valid_until < today for p in PublicityItem.objects.filter(store=store)} == {True, False}
    assert [r.item.code for r in low_stock(store)] == ["bag"]
    sim = ItemType.objects.get(code="sim_usim")
    assert item_state(store, sim).held() > 0
    # The last clerk's day is one SIM card short on purpose: flagged in the duty log.
    yesterday = max(Movement.objects.filter(store=store, business_date__lt=today)
                    .values_list("business_date", flat=True))
    sections = {s.key: ctx for s, ctx in duty_log_sections(store, yesterday, None)}
    assert len(sections["materials"]["mismatches"]) == 1
    earlier = sorted(set(Movement.objects.filter(store=store, business_date__lt=yesterday)
                         .values_list("business_date", flat=True)))
    for day in earlier:
        assert {s.key: ctx for s, ctx in duty_log_sections(store, day, None)}["materials"][
            "mismatches"] == []
    before = Movement.objects.count()
    call_command("seed_demo", stores=1, days=7, no_history=True, stdout=io.StringIO())
    assert Movement.objects.count() == before


def test_the_demo_logins_see_materials(seeded):
    from hallops.management.commands.seed_demo import DEMO_LOGINS

    logins = {role: user for user, _name, role, scope in DEMO_LOGINS if scope == "SJZ001"}
    assert "宽带提速台卡" in _page(logins["duty_manager"], reverse("duty_manager:home"))
    assert "手提袋" in _page(logins["store_manager"], reverse("store_manager:home"))
    assert "50元充值卡" in _page(logins["clerk"], reverse("clerk:materials"))
    assert "进销存" in _page(logins["store_manager"], reverse("store_manager:materials_report"))
