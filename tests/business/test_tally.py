import threading

import pytest
from django.db import connection
from django.urls import reverse

from hallops.businessdate import business_date
from hallops.models import BusinessType, TallyCount
from hallops.scoping import store_scope
from hallops.services.business import tally_change
from tests.business.factories import bt, make_report, pl


def tap(client, item, delta="1", htmx=True):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(reverse("clerk:tally"), {"item": item, "delta": delta}, **headers)


def test_it_adds_one_per_tap_and_undoes_one(world, clients):
    payment = bt("payment")
    for _ in range(3):
        response = tap(clients.clerk_a, f"bt-{payment.pk}")
    assert response.status_code == 200
    assert ">3<" in response.content.decode()
    response = tap(clients.clerk_a, f"bt-{payment.pk}", "-1")
    assert ">2<" in response.content.decode()
    row = TallyCount.objects.get(clerk=world.clerk_a, business_type=payment)
    assert row.count == 2
    assert row.business_date == business_date(store=world.store_a)
    assert row.store == world.store_a


def test_it_never_goes_below_zero(world, clients):
    broadband = pl("broadband")
    response = tap(clients.clerk_a, f"pl-{broadband.pk}", "-1")
    assert ">0<" in response.content.decode()
    tap(clients.clerk_a, f"pl-{broadband.pk}")
    tap(clients.clerk_a, f"pl-{broadband.pk}", "-1")
    tap(clients.clerk_a, f"pl-{broadband.pk}", "-1")
    assert TallyCount.objects.get(clerk=world.clerk_a, product_line=broadband).count == 0


def test_it_refuses_unknown_items_and_deltas_without_a_500(world, clients):
    for item, delta in (("bt-999999", "1"), ("xx-1", "1"), ("bt-abc", "1"),
                        (f"bt-{bt('payment').pk}", "5")):
        response = tap(clients.clerk_a, item, delta)
        assert response.status_code == 409
    response = tap(clients.clerk_a, "bt-999999", htmx=False)
    assert response.status_code == 302
    assert not TallyCount.objects.exists()


def test_it_closes_the_tally_once_the_report_is_submitted(world, clients):
    store = world.store_a
    make_report(store, world.clerk_a, business_date(store=store), status="submitted")
    response = tap(clients.clerk_a, f"bt-{bt('payment').pk}")
    assert response.status_code == 409
    assert "已" in response.content.decode() or "submitted" in response.content.decode()
    assert not TallyCount.objects.exists()


def test_it_keeps_every_tap_of_a_rapid_burst(world, clients):
    payment = bt("payment")
    for _ in range(25):
        tap(clients.clerk_a, f"bt-{payment.pk}")
    tap(clients.clerk_b, f"bt-{payment.pk}")
    assert TallyCount.objects.get(clerk=world.clerk_a, business_type=payment).count == 25
    assert TallyCount.objects.get(clerk=world.clerk_b, business_type=payment).count == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_loses_no_count_under_concurrent_taps():
    from hallops.permissions import Role
    from tests import factories

    store = factories.make_store("C001")
    clerk = factories.make_user("clerk_c", role=Role.CLERK, store=store)
    item = BusinessType.objects.get(code="payment")
    threads, per_thread, errors = 8, 10, []

    def worker():
        try:
            with store_scope(store):  # each thread is the clerk's request
                for _ in range(per_thread):
                    tally_change(clerk=clerk, store=store, item=item, delta=1)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    assert not errors
    assert TallyCount.objects.get(clerk=clerk, business_type=item).count == threads * per_thread


def test_it_shows_the_tally_on_the_clerks_home_page_with_bounded_queries(
        world, clients, django_assert_max_num_queries):
    payment = bt("payment")
    tap(clients.clerk_a, f"bt-{payment.pk}")
    with django_assert_max_num_queries(30):
        response = clients.clerk_a.get(reverse("clerk:home"))
    page = response.content.decode()
    assert 'data-testid="tally-panel"' in page
    assert 'data-testid="tally-count-payment">1<' in page
    assert "tally.js" in page
    # Many more items cost no more queries.
    for n in range(40):
        BusinessType.objects.create(code=f"extra{n}", name=f"业务{n}")
    with django_assert_max_num_queries(30):
        response = clients.clerk_a.get(reverse("clerk:home"))
    assert "业务39" in response.content.decode()
