"""People by name, never by login: one helper for pages, messages, drop-downs and workbooks."""


import pytest
from django.contrib.messages import get_messages
from django.template import Context, Template
from django.urls import reverse

from complaints.forms import TransferForm
from hallops.people import display_name, name_from_parts
from reports.models import Kind
from tests import factories
from tests.cash.helpers import handed_in_till, open_till
from tests.reports.helpers import column, open_workbook, seed_day
from tests.reports.test_workbooks import DAY, build
from tests.sources import PROJECT_PACKAGES

pytestmark = pytest.mark.django_db


def _name(user, last, first):
    user.last_name, user.first_name = last, first
    user.save(update_fields=["last_name", "first_name"])
    return user


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_it_names_people_family_name_first_without_a_space(world):
    clerk = _name(world.clerk_a, "张", "受理")
    assert display_name(clerk) == "张受理"
    assert name_from_parts("", "", "clerk") == "clerk"
    assert display_name(None) == "" and display_name(None, "—") == "—"


def test_it_renders_the_person_filter_with_the_same_name(world):
    clerk = _name(world.clerk_a, "张", "受理")
    rendered = Template("{% load people %}{{ u|person }}|{{ nobody|person }}").render(
        Context({"u": clerk, "nobody": None}))
    assert rendered == "张受理|—"


def test_it_names_the_clerk_not_the_login_in_the_expected_takings_message(world, clients):
    clerk = _name(world.clerk_a, "张", "受理")
    session = open_till(world)
    response = clients.dm_a.post(reverse("duty_manager:cash_expected", args=[session.pk]),
                                 {f"e{session.pk}-cash": "100.00"})
    assert response.status_code == 302
    shown = " ".join(_messages(response))
    assert "张受理" in shown and clerk.username not in shown


def test_it_names_the_clerk_and_shows_two_decimals_in_the_float_message(world, clients):
    _name(world.clerk_a, "张", "受理")
    response = clients.dm_a.post(reverse("duty_manager:cash_float_issue"),
                                 {"clerk": world.clerk_a.pk, "amount": "200"})
    assert response.status_code == 302
    shown = " ".join(_messages(response))
    assert "200.00" in shown and "张受理" in shown and world.clerk_a.username not in shown


def test_it_names_people_on_the_store_managers_till_page(world, clients):
    _name(world.dm_a, "李", "值班")
    session = handed_in_till(world)
    page = clients.sm_a.get(reverse("store_manager:cash_session", args=[session.pk]))
    text = page.content.decode()
    assert "李值班" in text
    assert f"{world.dm_a.username}." not in text and f"由 {world.dm_a.username}" not in text


def test_it_lists_complaint_handlers_by_name_in_the_transfer_drop_down(world):
    _name(world.ch_a, "赵", "投诉")
    form = TransferForm(store=world.store_a)
    labels = [label for _value, label in form.fields["to_handler"].choices]
    assert "赵投诉" in labels and world.ch_a.username not in labels


def test_it_writes_the_same_name_in_the_workbook_as_on_the_pages(
        world, django_capture_on_commit_callbacks):
    clerk = factories.make_user("wb_clerk", role="clerk", store=world.store_a,
                                first_name="伟", last_name="王")
    seed_day(world.store_a, [clerk], DAY)
    with django_capture_on_commit_callbacks(execute=True):
        report = build(Kind.STORE_DAILY, DAY, store=world.store_a)
    report.refresh_from_db()
    ws = open_workbook(report)["考勤"]
    names = {row[column(ws, "姓名")].value for row in ws.iter_rows(min_row=2)}
    assert display_name(clerk) == "王伟" and "王伟" in names


def test_it_names_people_through_the_one_helper_in_templates_and_code():
    import pathlib

    root = pathlib.Path(__file__).resolve().parents[2]
    users = [str(path.relative_to(root)) for app in ("templates", *PROJECT_PACKAGES)
             for path in (root / app).rglob("*.*") if path.suffix in (".py", ".html")
             and "get_full_name" in path.read_text()]
    assert users == []
