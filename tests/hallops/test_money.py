"""Money in one module: one input rule (a third decimal is refused) and one display format."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from complaints import services as complaint_services
from complaints.models import Source
from hallops import money
from hallops.exceptions import DomainError
from hallops.models import ServiceRecord
from hallops.services.daily_reports import clerk_report_save
from hallops.services.service_records import service_record_create
from tests.business.factories import make_report
from tests.complaints.helpers import make_order
from tests.sources import PROJECT_PACKAGES

THIRD_DECIMAL = "Amounts have at most two decimal places (fen)."


@pytest.fixture(autouse=True)
def english():
    # Messages compared in English; the Chinese one is checked on its own below.
    with translation.override("en"):
        yield


# The rule itself ---------------------------------------------------------------------------

@pytest.mark.parametrize("raw", ["1.005", Decimal("20.001"), 0.125, "-3.333"])
def test_it_refuses_a_third_decimal_instead_of_rounding(raw):
    with pytest.raises(DomainError) as error:
        money.to_money(raw, field="amount", allow_negative=True)
    assert error.value.message == THIRD_DECIMAL
    assert error.value.field == "amount"


def test_it_gives_the_refusal_in_chinese():
    with translation.override("zh-hans"), pytest.raises(DomainError) as error:
        money.to_money("1.005")
    assert "两位小数" in str(error.value.message)


@pytest.mark.parametrize("raw, expected", [
    ("1,280.5", Decimal("1280.50")), (12.3, Decimal("12.30")), (7, Decimal("7.00")),
    ("-0", Decimal("0.00")), (Decimal("20.000"), Decimal("20.00")),
])
def test_it_turns_input_into_two_decimals(raw, expected):
    amount = money.to_money(raw, allow_negative=True)
    assert amount == expected and str(amount) == str(expected)


def test_it_never_returns_a_negative_zero():
    assert str(money.to_money("-0.00", allow_negative=True)) == "0.00"


def test_it_refuses_a_third_decimal_of_complaint_compensation(world):
    order = make_order(world, source=Source.HOTLINE, category_code="bill_cdr")
    complaint_services.work_order_accept(actor=world.ch_a, order=order)
    complaint_services.work_order_contact(actor=world.ch_a, order=order, channel="phone",
                                          outcome="reached")
    with pytest.raises(DomainError) as error:
        complaint_services.work_order_reply(actor=world.ch_a, order=order, result="已退费",
                                            cause="话单异常", company_at_fault=True,
                                            compensation="20.005")
    assert error.value.field == "compensation" and error.value.message == THIRD_DECIMAL
    order.refresh_from_db()
    assert order.compensation is None and order.reply_result == ""


@pytest.mark.django_db
def test_it_refuses_a_third_decimal_in_daily_report_receipts(world):
    report = make_report(world.store_a, world.clerk_a, datetime.date.today(),
                         receipts={"cash": Decimal("10.00")})
    with pytest.raises(DomainError) as error:
        clerk_report_save(actor=world.clerk_a, report=report,
                          receipts={"cash": "1234.565", "pos_card": "1"})
    assert error.value.field == "cash" and error.value.message == THIRD_DECIMAL
    report.receipts.refresh_from_db()
    assert report.receipts.cash == Decimal("10.00") and report.receipts.pos_card == 0


@pytest.mark.django_db
def test_it_saves_daily_report_receipts_with_two_decimals(world):
    report = make_report(world.store_a, world.clerk_a, datetime.date.today())
    clerk_report_save(actor=world.clerk_a, report=report,
                      receipts={"cash": "1,234.5", "pos_card": None})
    report.receipts.refresh_from_db()
    assert report.receipts.cash == Decimal("1234.50") and report.receipts.pos_card == 0


@pytest.mark.django_db
def test_it_refuses_a_third_decimal_in_a_competitor_price(world):
    with pytest.raises(DomainError) as error:
        service_record_create(clerk=world.clerk_a, store=world.store_a, kind="competitor",
                              competitor="unicom", competitor_offer="59元", customer_said="贵",
                              competitor_price=Decimal("59.999"))
    assert error.value.field == "competitor_price" and error.value.message == THIRD_DECIMAL
    assert not ServiceRecord.objects.exists()


# One display format -------------------------------------------------------------------------

@pytest.mark.parametrize("value, shown", [
    (Decimal("2228"), "2228.00"), (10, "10.00"), (Decimal("13110.00"), "13110.00"),
    (Decimal("-0.00"), "0.00"), (Decimal("-0.004"), "0.00"), (Decimal("-5.5"), "-5.50"),
    (Decimal("0.125"), "0.13"), (12.3, "12.30"), (None, "—"), ("", "—"),
])
def test_it_formats_money_with_two_decimals_and_no_negative_zero(value, shown):
    assert money.format_money(value) == shown


def test_it_renders_the_money_filter_like_the_python_function():
    rendered = Template("{% load money %}[{{ a|money }}][{{ b|money }}][{{ c|money }}]"
                        "[{{ d|money:'' }}]").render(
        Context({"a": Decimal("2228"), "b": Decimal("-0.00"), "c": Decimal("13110.5"),
                 "d": None}))
    assert rendered == "[2228.00][0.00][13110.50][]"


@pytest.mark.parametrize("value, label", [
    (Decimal("100"), "100"), (Decimal("50"), "50"), (Decimal("0.5"), "0.5"),
    (Decimal("0.1"), "0.1"), (Decimal("1"), "1"),
])
def test_it_shows_face_values_plainly(value, label):
    assert money.format_face_value(value) == label


def test_it_rounds_computed_figures_half_up_to_the_fen():
    assert money.round_money(0.1 + 0.2) == Decimal("0.30")
    assert money.round_money(Decimal("2.345")) == Decimal("2.35")
    assert str(money.round_money(-0.001)) == "0.00"
    assert money.round_money(None) == Decimal("0.00")


@pytest.mark.django_db
@pytest.mark.parametrize("language, first, half", [
    ("zh-hans", "100 元 × 张数", "0.5 元 × 张数"),
    ("en", "100 yuan × pieces", "0.5 yuan × pieces"),
])
def test_it_labels_the_blind_count_by_plain_face_value(language, first, half):
    from roles.clerk.forms_cash import CountForm

    with translation.override(language):
        form = CountForm()
        labels = [str(form.fields[name].label) for name in ("notes_100", "notes_0_5")]
    assert labels == [first, half]
    assert not any("E+" in str(field.label) for field in form.fields.values())


@pytest.mark.django_db
def test_it_shows_money_with_two_decimals_on_the_cash_pages(world, clients):
    from django.urls import reverse

    from hallops.services.cash import till_drop_record, till_expected_set
    from tests.cash.helpers import open_till

    session = open_till(world, amount="200")
    till_drop_record(actor=world.clerk_a, session=session, amount="10")
    till_expected_set(actor=world.dm_a, session=session, amounts={"cash": "2228"})
    till_page = clients.clerk_a.get(reverse("clerk:till")).content.decode()
    assert ">200.00<" in till_page and "· 10.00" in till_page
    board = clients.dm_a.get(reverse("duty_manager:cash_board")).content.decode()
    assert ">200.00<" in board and ">10.00<" in board
    # Sums from the database come back without their two places on SQLite ("2228").
    days = clients.sm_a.get(reverse("store_manager:cash")).content.decode()
    assert ">2228.00<" in days and ">2228<" not in days


def test_it_defines_the_money_constants_only_in_the_money_module():
    import pathlib
    import re

    root = pathlib.Path(__file__).resolve().parents[2]
    pattern = re.compile(r"^(ZERO|CENT|MAX_MONEY|MONEY) = (\{|Decimal|decimal\.Decimal)", re.M)
    copies = [str(path.relative_to(root)) for app in PROJECT_PACKAGES
              for path in (root / app).rglob("*.py")
              if "migrations" not in path.parts and pattern.search(path.read_text())]
    assert copies == ["hallops/money.py"]
