"""KeysFirstPaginator: the same pages as Django's Paginator, read key first."""

import datetime

import pytest
from django.core.paginator import Paginator
from django.urls import reverse

from hallops.models import DutyLog, Notification
from hallops.pagination import KeysFirstPaginator
from hallops.services.notifications import notification_send
from tests.dutyops import helpers as h


@pytest.fixture
def notes(world):
    # ties on the joined column and on the level: only -pk makes the order total
    for n in range(13):
        notification_send(recipients=[world.clerk_a if n % 3 else world.clerk_b], message="x",
                          params={"n": n}, store=world.store_a if n % 2 else world.store_b,
                          level=Notification.Level.WARNING if n % 4 else Notification.Level.INFO)
    return Notification.objects.order_by("store__code", "level", "-pk")


def keys_first(notes, per_page, **kwargs):
    return KeysFirstPaginator(notes, per_page,
                              rows=Notification.objects.select_related("recipient", "store"),
                              **kwargs)


def test_every_page_equals_djangos_for_any_size_and_orphans(notes):
    for per_page in range(1, 8):
        for orphans in range(0, 4):
            plain = Paginator(notes, per_page, orphans=orphans)
            paginator = keys_first(notes, per_page, orphans=orphans)
            assert paginator.num_pages == plain.num_pages
            for number in plain.page_range:
                expected, got = plain.page(number), paginator.page(number)
                assert [n.pk for n in got] == [n.pk for n in expected], (per_page, orphans, number)
                assert (got.start_index(), got.end_index(), got.has_next()) == (
                    expected.start_index(), expected.end_index(), expected.has_next())
    # get_page's forgiveness is Paginator's own: bad and out-of-range numbers
    paginator = keys_first(notes, 5)
    assert [n.pk for n in paginator.get_page("x")] == [n.pk for n in notes[:5]]
    assert [n.pk for n in paginator.get_page(99)] == [n.pk for n in notes[10:]]


def test_a_page_keeps_its_joined_rows_read(notes, django_assert_num_queries):
    page = keys_first(notes, 4).page(2)
    with django_assert_num_queries(0):
        assert all(n.recipient.username and n.store.code for n in page)


def test_the_supervisors_log_list_pages_in_the_lists_order(world, clients):
    # 60 logs (a service starts a week's at most: the rest are copies of one, days earlier),
    # two shifts a day: ties on the date, ordered by the shift
    first = h.dutylog(world, day=h.yesterday(world.store_a), shift="A")
    shifts = {code: h.dutylog(world, shift=code).shift_type for code in ("A", "C")}
    DutyLog.objects.exclude(pk=first.pk).delete()
    copies = []
    for n in range(1, 60):
        log = DutyLog.objects.get(pk=first.pk)
        log.pk, log.shift_type = None, shifts["C" if n % 2 else "A"]
        log.business_date = first.business_date - datetime.timedelta(days=(n + 1) // 2)
        copies.append(log)
    DutyLog.objects.bulk_create(copies)
    expected = [log.pk for log in DutyLog.objects.order_by(
        "-business_date", "-shift_type__starts_at", "store__code")]
    seen = []
    for number in (1, 2):
        page = clients.supervisor.get(reverse("supervisor:dutylogs") + f"?page={number}")
        seen += [log.pk for log in page.context["page"]]
    assert len(expected) == 60 and seen == expected
