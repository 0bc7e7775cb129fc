"""Numbers on the duty manager's model forms are bounded by their column and a domain maximum."""

import pytest
from django.db import models
from django.urls import reverse

from hallops.forms_bounds import BoundedModelForm, column_bounds
from hallops.models import DutyLog, Handover, Incident
from hallops.models.base import MAX_COUNT
from tests import factories
from tests.dutyops import helpers as h


@pytest.mark.parametrize("value", ["99999999999", "9223372036854775808", str(MAX_COUNT + 1)])
def test_it_refuses_queue_tickets_beyond_a_plausible_day(world, clients, value):
    log = h.dutylog(world)
    url = reverse("duty_manager:dutylog_save", args=[log.pk])
    response = clients.dm_a.post(url, {"tickets_issued": value}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200 and "text-danger" in page
    assert "9223372036854775807" not in page and f"{MAX_COUNT}" in page
    log.refresh_from_db()
    assert log.tickets_issued is None


def test_it_refuses_incident_counts_beyond_their_column(world, clients):
    incident = h.incident(world)
    url = reverse("duty_manager:incident", args=[incident.pk])
    response = clients.dm_a.post(url, {"scope": "全厅", "customers_affected": "99999999999",
                                       "paper_forms": "3", "notified": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["customers_affected"]
    incident.refresh_from_db()
    assert incident.customers_affected == 0 and incident.paper_forms == 0


def test_it_refuses_a_handover_of_more_cards_than_a_column_holds(world, clients):
    incoming = factories.make_user("clerk_in", role="clerk", store=world.store_a)
    response = clients.clerk_a.post(reverse("clerk:handovers"), {
        "incoming": incoming.pk, "open_items": "", "sim_cards": "99999999999",
        "value_cards": "0"})
    assert response.status_code == 200
    assert response.context["form"].errors["sim_cards"]
    assert not Handover.objects.exists()


def test_it_derives_bounds_from_the_column_not_the_connection():
    assert column_bounds(DutyLog._meta.get_field("tickets_issued")) == (0, MAX_COUNT)
    assert column_bounds(models.PositiveSmallIntegerField()) == (0, 32767)
    assert column_bounds(models.PositiveBigIntegerField()) == (0, 2**63 - 1)
    low, high = column_bounds(models.DecimalField(max_digits=5, decimal_places=2))
    assert (str(low), str(high)) == ("-999.99", "999.99")

    class Form(BoundedModelForm):
        class Meta:
            model = Incident
            fields = ["customers_affected", "scope"]

    field = Form().fields["customers_affected"]
    assert (field.min_value, field.max_value) == (0, MAX_COUNT)
    assert field.widget.attrs["max"] == str(MAX_COUNT)
