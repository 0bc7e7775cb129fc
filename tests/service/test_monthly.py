"""The month's service figures per person and store match the checks, visits and violations
they come from; the provider hands them to the monthly assessment; the store monthly workbook
has them as sheets."""

import datetime
from decimal import Decimal

from hallops.registry import provided
from reports.models import Kind
from service.models import ServiceCheck, Violation
from service.selectors import month_figures
from service.services import violation_follow_up, violation_record
from tests.reports.helpers import open_workbook
from tests.reports.test_workbooks import run_on_commit  # noqa: F401  (fixture)

from .helpers import record_check, record_visit, today

TODAY = today()


def _seed(world):
    record_check(world, faults=("gestures", "standing"))                  # 90, 2 violations
    record_check(world, faults=("language_phrases",), actor=world.sm_a)   # 85, 1 violation
    record_check(world, staff=world.dm_a, actor=world.sm_a)               # 100, none
    record_visit(world, reference="V1", staff=world.clerk_a, day=TODAY.replace(day=1),
                 scores={"greet_arrival": "2", "first_ask": "8"})        # 10/20, 1 low
    record_visit(world, reference="V2", day=TODAY.replace(day=1),
                 scores={"tell_once": "1"})                               # store, 1 low
    manual = violation_record(actor=world.dm_a, store=world.store_a, staff=world.clerk_a,
                              occurred_on=TODAY, description="台席吃早餐")
    violation_follow_up(actor=world.sm_a, violation=manual, kind="talk", done_on=TODAY,
                        note="谈话提醒", closes=True)
    # Another store's check never counts here.
    record_check(world, staff=world.clerk_b, actor=world.dm_b, store=world.store_b,
                 faults=("gestures",))


def test_the_month_figures_match_their_sources(world):
    _seed(world)
    people, totals = month_figures([world.store_a], TODAY)
    clerk = people[world.store_a.pk][world.clerk_a.pk]
    assert clerk.checks == 2 and clerk.check_score == Decimal("87.5")
    assert clerk.visits == 1 and clerk.visit_score == Decimal("50.0")
    assert (clerk.violations, clerk.from_checks, clerk.from_mystery, clerk.manual) == (5, 3, 1, 1)
    assert clerk.open == 4
    assert clerk.points_lost == 5 + 5 + 15 + 8 + 0
    store_only = people[world.store_a.pk][None]
    assert store_only.violations == 1 and store_only.visits == 1
    total = totals[world.store_a.pk]
    assert total.checks == 3 and total.violations == 6
    assert total.violations == Violation.objects.filter(store=world.store_a).count()
    assert total.checks == ServiceCheck.objects.filter(store=world.store_a).count()
    assert total.check_score == Decimal("91.7")  # 275 of 300
    assert world.store_b.pk not in totals


def test_last_month_is_not_this_month(world):
    _seed(world)
    last = TODAY.replace(day=1) - datetime.timedelta(days=1)
    people, totals = month_figures([world.store_a], last)
    assert people == {} and totals == {}


def test_the_provider_gives_the_assessment_per_person(world):
    _seed(world)
    figures = provided("service_person_month", store=world.store_a, year=TODAY.year,
                       month=TODAY.month)
    assert figures[world.clerk_a.pk]["violations"] == 5
    assert figures[world.clerk_a.pk]["check_score"] == Decimal("87.5")
    assert figures[world.dm_a.pk]["violations"] == 0
    assert None not in figures and world.clerk_b.pk not in figures


def test_the_store_manager_page_shows_the_month(world, clients):
    _seed(world)
    page = clients.sm_a.get("/service/monthly/").content.decode()
    assert page.count('data-testid="person-figures"') == 3
    assert "87.5" in page
    assert clients.sm_a.get("/service/monthly/", {"month": "abc"}).status_code == 200


def test_the_store_monthly_workbook_has_the_sheets(world, run_on_commit):  # noqa: F811
    _seed(world)
    report = run_on_commit(Kind.STORE_MONTHLY, TODAY, store=world.store_a)
    book = open_workbook(report)
    figures = book["服务检查与违规"]
    rows = [[c.value for c in r] for r in figures.iter_rows()]
    by_name = {r[1]: r for r in rows[1:]}
    assert by_name["clerk_a"][2] == 2 and by_name["clerk_a"][6] == 5
    register = book["服务违规登记"]
    lines = [[c.value for c in r] for r in register.iter_rows()][1:]
    described = [line for line in lines if line[4] == "台席吃早餐"]
    assert described and "谈话提醒" in described[0][6] and described[0][7] == "已关闭"
