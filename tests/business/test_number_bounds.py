"""Numbers beyond what a column holds are form errors, never a DataError (issue 11).

These run on SQLite and, with DATABASE_URL set, on PostgreSQL, where the numbers used to reach
the database and answer 500."""

import pytest
from django.urls import reverse

from hallops.businessdate import business_date
from hallops.models import MonthlyTarget, MorningMeeting
from tests import factories
from tests.business.factories import bt, make_report, pl
from tests.business.test_daily_report import form_data

HUGE = "99999999999"


@pytest.mark.parametrize("field", ["sim_cards_sold", "invoices_voided", "count_bt_PAY"])
def test_it_refuses_a_count_beyond_its_column_on_the_daily_report(world, clients, field):
    day = business_date(store=world.store_a)
    report = make_report(world.store_a, world.clerk_a, day, counts={"payment": 4})
    field = field.replace("PAY", str(bt("payment").pk))
    response = clients.clerk_a.post(reverse("clerk:report", kwargs={"pk": report.pk}),
                                    form_data(report, **{field: HUGE}))
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    report.refresh_from_db()
    assert report.sim_cards_sold == 0 and report.invoices_voided == 0
    assert report.lines.get(business_type=bt("payment")).count == 4


def test_it_refuses_an_invoice_number_beyond_a_bigint(world, clients):
    report = make_report(world.store_a, world.clerk_a, business_date(store=world.store_a))
    response = clients.clerk_a.post(
        reverse("clerk:report", kwargs={"pk": report.pk}),
        form_data(report, invoice_first="1", invoice_last="99999999999999999999"))
    assert response.status_code == 200
    assert response.context["form"].errors["invoice_last"]
    report.refresh_from_db()
    assert report.invoice_last is None


def test_it_refuses_a_meeting_target_beyond_its_column(world, clients):
    store = world.store_a
    factories.roster(store, world.clerk_a, business_date(store=store))
    name = f"target_{world.clerk_a.pk}_{pl('broadband').pk}"
    response = clients.dm_a.post(reverse("duty_manager:meeting"), {"notices": "x", name: HUGE})
    assert response.status_code == 200
    assert response.context["form"].errors[name]
    assert not MorningMeeting.objects.exists()


def test_it_refuses_a_monthly_target_beyond_its_column(world, clients):
    url = reverse("store_manager:targets") + "?month=2026-03"
    broadband = pl("broadband")
    for name in (f"t_store_{broadband.pk}", f"t_{world.clerk_a.pk}_{broadband.pk}"):
        response = clients.sm_a.post(url, {name: HUGE})
        assert response.status_code == 200
        assert response.context["form"].errors[name]
    assert not MonthlyTarget.objects.exists()
