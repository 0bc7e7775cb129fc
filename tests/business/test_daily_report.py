import datetime
import decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from hallops.businessdate import business_date
from hallops.models import AuditEntry, ClerkDailyReport, Notification
from hallops.services.business import tally_change
from tests import factories
from tests.business.factories import bt, make_report, pl


def today(world):
    return business_date(store=world.store_a)


def start(client, day):
    return client.post(reverse("clerk:report_start"), {"date": day.isoformat()})


def form_data(report, **overrides):
    """A complete POST for the report form with every count at 0 unless overridden."""
    from hallops.models import BusinessType, ProductLine

    data = {f"count_bt_{t.pk}": 0 for t in BusinessType.objects.filter(is_active=True)}
    data.update({f"count_pl_{p.pk}": 0 for p in ProductLine.objects.filter(is_active=True)})
    data.update({"invoice_first": "", "invoice_last": "", "invoices_voided": 0,
                 "sim_cards_sold": 0, "handsets_sold": 0, "gifts_redeemed": 0,
                 "points_redeemed": 0, "note": "", "cash": "0", "cheque": "0", "pos_card": "0",
                 "e_payment": "0", "refunds": "0", "then": "save"})
    data.update(overrides)
    return data


def test_it_starts_the_report_prefilled_from_the_tally(world, clients):
    day = today(world)
    factories.roster(world.store_a, world.clerk_a, day)
    for _ in range(3):
        tally_change(clerk=world.clerk_a, store=world.store_a, item=bt("payment"), delta=1)
    tally_change(clerk=world.clerk_a, store=world.store_a, item=pl("broadband"), delta=1)
    response = start(clients.clerk_a, day)
    report = ClerkDailyReport.objects.get(clerk=world.clerk_a, business_date=day)
    assert response["Location"] == reverse("clerk:report", kwargs={"pk": report.pk})
    assert report.was_rostered
    counts = {(line.business_type or line.product_line).code: line.count
              for line in report.lines.all()}
    assert counts == {"payment": 3, "broadband": 1}
    page = clients.clerk_a.get(response["Location"]).content.decode()
    assert f'name="count_bt_{bt("payment").pk}" value="3"' in page
    assert AuditEntry.objects.filter(action="clerk_report.started").exists()


def test_it_warns_when_the_clerk_was_not_rostered(world, clients):
    response = start(clients.clerk_a, today(world))
    report = ClerkDailyReport.objects.get(clerk=world.clerk_a)
    assert not report.was_rostered
    page = clients.clerk_a.get(response["Location"]).content.decode()
    assert "排班" in page or "roster" in page


def test_it_enforces_one_report_per_clerk_and_day_in_the_database(world):
    day = today(world)
    make_report(world.store_a, world.clerk_a, day)
    with pytest.raises(IntegrityError), transaction.atomic():
        ClerkDailyReport.objects.create(store=world.store_a, clerk=world.clerk_a,
                                        business_date=day)


def test_it_opens_the_existing_report_instead_of_a_second(world, clients):
    day = today(world)
    start(clients.clerk_a, day)
    start(clients.clerk_a, day)
    assert ClerkDailyReport.objects.filter(clerk=world.clerk_a).count() == 1


def test_it_saves_counts_invoices_goods_and_receipts(world, clients):
    report = make_report(world.store_a, world.clerk_a, today(world))
    data = form_data(report, **{f"count_bt_{bt('payment').pk}": 12, "invoice_first": 1001,
                                "invoice_last": 1020, "invoices_voided": 2, "handsets_sold": 1,
                                "cash": "1234.56", "pos_card": "99.9"})
    response = clients.clerk_a.post(reverse("clerk:report", kwargs={"pk": report.pk}), data)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.invoices_used == 20 and report.invoices_voided == 2
    assert report.lines.get(business_type=bt("payment")).count == 12
    receipts = report.receipts
    receipts.refresh_from_db()
    assert receipts.pos_card == decimal.Decimal("99.90")
    assert receipts.net == decimal.Decimal("1334.46")
    assert AuditEntry.objects.filter(action="clerk_report.saved", object_id=str(report.pk)).exists()


@pytest.mark.parametrize("overrides, message", [
    ({"count_bt_PAY": -1}, "负"),
    ({"invoice_first": 200, "invoice_last": 100}, "100"),
    ({"invoice_first": 100, "invoice_last": ""}, "发票"),
    ({"invoice_first": 1, "invoice_last": 5, "invoices_voided": 6}, "作废"),
    ({"handsets_sold": -3}, "负"),
    ({"cash": "-1"}, ""),
])
def test_it_refuses_bad_input_and_saves_nothing(world, clients, overrides, message):
    report = make_report(world.store_a, world.clerk_a, today(world), counts={"payment": 4})
    overrides = {k.replace("PAY", str(bt("payment").pk)): v for k, v in overrides.items()}
    response = clients.clerk_a.post(reverse("clerk:report", kwargs={"pk": report.pk}),
                                    form_data(report, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    report.refresh_from_db()
    assert report.invoice_first is None and report.handsets_sold == 0
    assert report.lines.get(business_type=bt("payment")).count == 4


def test_it_refuses_an_invoice_range_overlapping_another_clerks_that_day(world, clients):
    day = today(world)
    other = factories.make_user("clerk_a2", role="clerk", store=world.store_a)
    make_report(world.store_a, other, day, invoice_first=500, invoice_last=600)
    report = make_report(world.store_a, world.clerk_a, day)
    response = clients.clerk_a.post(reverse("clerk:report", kwargs={"pk": report.pk}),
                                    form_data(report, invoice_first=590, invoice_last=650))
    assert "clerk_a2" in response.content.decode()
    report.refresh_from_db()
    assert report.invoice_first is None
    # The same numbers on another day, or in another store, are fine.
    make_report(world.store_b, world.clerk_b, day, invoice_first=590, invoice_last=650)
    response = clients.clerk_a.post(reverse("clerk:report", kwargs={"pk": report.pk}),
                                    form_data(report, invoice_first=601, invoice_last=650))
    report.refresh_from_db()
    assert report.invoice_first == 601


def test_it_goes_from_submit_to_confirm_and_locks_the_report(world, clients):
    report = make_report(world.store_a, world.clerk_a, today(world), counts={"payment": 2})
    response = clients.clerk_a.post(reverse("clerk:report", kwargs={"pk": report.pk}),
                                    form_data(report, then="submit",
                                              **{f"count_bt_{bt('payment').pk}": 5}))
    report.refresh_from_db()
    assert report.status == "submitted" and report.submitted_at
    note = Notification.objects.get(recipient=world.dm_a)
    assert note.url == reverse("duty_manager:report", kwargs={"pk": report.pk})
    assert clients.dm_a.get(note.url).status_code == 200
    response = clients.dm_a.post(reverse("duty_manager:report_confirm", kwargs={"pk": report.pk}))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "confirmed" and report.confirmed_by == world.dm_a
    # Locked: the clerk's edits are refused and change nothing.
    response = clients.clerk_a.post(reverse("clerk:report", kwargs={"pk": report.pk}),
                                    form_data(report, **{f"count_bt_{bt('payment').pk}": 99}))
    assert report.lines.get(business_type=bt("payment")).count == 5
    # Confirming twice is refused without a 500.
    response = clients.dm_a.post(reverse("duty_manager:report_confirm", kwargs={"pk": report.pk}),
                                 follow=True)
    assert response.status_code == 200
    assert AuditEntry.objects.filter(action="clerk_report.confirmed").count() == 1


def test_it_returns_a_report_with_a_reason_and_lets_the_clerk_resubmit(world, clients):
    report = make_report(world.store_a, world.clerk_a, today(world), status="submitted")
    url = reverse("duty_manager:report_return", kwargs={"pk": report.pk})
    clients.dm_a.post(url, {"reason": ""})
    report.refresh_from_db()
    assert report.status == "submitted"
    clients.dm_a.post(url, {"reason": "发票号码不对"})
    report.refresh_from_db()
    assert report.status == "returned" and report.returned_reason == "发票号码不对"
    note = Notification.objects.get(recipient=world.clerk_a)
    assert "发票号码不对" in note.text
    assert clients.clerk_a.get(note.url).status_code == 200
    page = clients.clerk_a.get(reverse("clerk:report", kwargs={"pk": report.pk})).content.decode()
    assert "发票号码不对" in page
    clients.clerk_a.post(reverse("clerk:report_submit", kwargs={"pk": report.pk}))
    report.refresh_from_db()
    assert report.status == "submitted"


def test_it_amends_a_confirmed_report_only_with_a_reason_and_audits_it(world, clients):
    report = make_report(world.store_a, world.clerk_a, today(world), status="confirmed",
                         counts={"payment": 5})
    url = reverse("duty_manager:report_amend", kwargs={"pk": report.pk})
    key = f"count_bt_{bt('payment').pk}"
    response = clients.dm_a.post(url, form_data(report, **{key: 6}, reason=""))
    assert response.status_code == 200
    assert report.lines.get(business_type=bt("payment")).count == 5
    clients.sm_a.post(url, form_data(report, **{key: 6}, reason="漏记一笔缴费"))
    report.refresh_from_db()
    assert report.status == "confirmed" and report.amended_at
    assert report.lines.get(business_type=bt("payment")).count == 6
    entry = AuditEntry.objects.get(action="clerk_report.amended")
    assert entry.reason == "漏记一笔缴费" and entry.actor == world.sm_a
    assert entry.before["lines"] != entry.after["lines"]


def test_it_does_not_let_a_clerk_open_another_clerks_report(world, clients):
    other = factories.make_user("clerk_a3", role="clerk", store=world.store_a)
    report = make_report(world.store_a, other, today(world))
    assert clients.clerk_a.get(reverse("clerk:report", kwargs={"pk": report.pk})).status_code == 404


def test_it_refuses_a_report_for_a_future_date(world, clients):
    start(clients.clerk_a, today(world) + datetime.timedelta(days=3))
    assert not ClerkDailyReport.objects.exists()


def test_it_refuses_a_report_dated_long_ago(world, clients):
    from hallops.services.daily_reports import REPORT_DAYS_BACK

    response = start(clients.clerk_a, datetime.date(1990, 1, 1))
    assert not ClerkDailyReport.objects.exists()
    assert any("最多只能补" in str(m) for m in response.wsgi_request._messages)
    start(clients.clerk_a, today(world) - datetime.timedelta(days=REPORT_DAYS_BACK))
    assert ClerkDailyReport.objects.count() == 1


def test_it_lists_reports_with_bounded_queries(world, clients, django_assert_max_num_queries):
    for n in range(3):
        make_report(world.store_a, world.clerk_a, today(world) - datetime.timedelta(days=n),
                    status="submitted")
    with django_assert_max_num_queries(25):
        assert clients.dm_a.get(reverse("duty_manager:reports")).status_code == 200
    for n in range(3, 60):
        make_report(world.store_a, world.clerk_a, today(world) - datetime.timedelta(days=n),
                    status="confirmed")
    with django_assert_max_num_queries(25):
        assert clients.dm_a.get(reverse("duty_manager:reports")).status_code == 200
    with django_assert_max_num_queries(25):
        assert clients.clerk_a.get(reverse("clerk:reports")).status_code == 200


def test_it_takes_the_counts_from_the_tally_again(world, clients):
    day = today(world)
    start(clients.clerk_a, day)
    report = ClerkDailyReport.objects.get(clerk=world.clerk_a)
    for _ in range(2):
        tally_change(clerk=world.clerk_a, store=world.store_a, item=bt("enquiry"), delta=1)
    clients.clerk_a.post(reverse("clerk:report_refill", kwargs={"pk": report.pk}))
    assert report.lines.get(business_type=bt("enquiry")).count == 2
    ClerkDailyReport.objects.filter(pk=report.pk).update(status="confirmed")
    clients.clerk_a.post(reverse("clerk:report_refill", kwargs={"pk": report.pk}))
    assert report.lines.get(business_type=bt("enquiry")).count == 2


def test_it_lists_the_clerks_reports_with_bounded_queries_whoever_confirmed_them(
        world, clients, django_assert_max_num_queries):
    # Each row names who confirmed it: that person is read with the page, not once per row.
    for n in range(2):
        make_report(world.store_a, world.clerk_a, today(world) - datetime.timedelta(days=n),
                    status="confirmed", confirmed_by=world.dm_a)
    with django_assert_max_num_queries(20):
        assert clients.clerk_a.get(reverse("clerk:reports")).status_code == 200
    for n in range(2, 40):
        make_report(world.store_a, world.clerk_a, today(world) - datetime.timedelta(days=n),
                    status="confirmed", confirmed_by=world.dm_a)
    with django_assert_max_num_queries(20):
        response = clients.clerk_a.get(reverse("clerk:reports"))
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 30
