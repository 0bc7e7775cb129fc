"""A safe drop sent twice (back and resubmit, double click) is recorded once."""

import re

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from hallops.exceptions import DomainError
from hallops.models import CashDrop
from hallops.services.cash import till_drop_record
from tests.cash.helpers import open_till

pytestmark = pytest.mark.django_db


def _token(page: str) -> str:
    return re.search(r'name="form_token" value="([0-9a-f]+)"', page).group(1)


def test_it_refuses_a_second_drop_with_the_same_envelope_number(world, clients):
    session = open_till(world)
    url = reverse("clerk:till_drop", args=[session.pk])
    first = clients.clerk_a.post(url, {"amount": "500", "envelope_no": "E001"})
    assert first.status_code == 302
    again = clients.clerk_a.post(url, {"amount": "500", "envelope_no": " E001 "})
    assert again.status_code == 400
    assert "已登记过信封号 E001" in again.content.decode()
    assert CashDrop.objects.filter(session=session).count() == 1


def test_it_records_a_drop_once_when_the_same_form_is_sent_twice(world, clients):
    session = open_till(world)
    page = clients.clerk_a.get(reverse("clerk:till")).content.decode()
    data = {"amount": "300", "envelope_no": "", "form_token": _token(page)}
    url = reverse("clerk:till_drop", args=[session.pk])
    assert clients.clerk_a.post(url, data).status_code == 302
    again = clients.clerk_a.post(url, data, follow=True)
    assert again.status_code == 200
    assert CashDrop.objects.filter(session=session).count() == 1
    # A fresh form (new token) records the next drop.
    page = clients.clerk_a.get(reverse("clerk:till")).content.decode()
    assert clients.clerk_a.post(url, {**data, "form_token": _token(page)}).status_code == 302
    assert CashDrop.objects.filter(session=session).count() == 2


def test_it_keeps_one_envelope_per_till_in_the_database(world):
    session = open_till(world)
    till_drop_record(actor=world.clerk_a, session=session, amount="10", envelope_no="E9")
    with pytest.raises(DomainError):
        till_drop_record(actor=world.clerk_a, session=session, amount="10", envelope_no="E9")
    drop = CashDrop.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        CashDrop.objects.create(session=session, amount=10, envelope_no="E9", at=drop.at,
                                recorded_by=world.clerk_a)
