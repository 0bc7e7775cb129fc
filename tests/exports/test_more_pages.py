"""Exports of the pages made exportable last (issue 17): escalations, follow-ups, corrections
and swaps to decide, the week's roster, targets and progress. Each gives the rows the page
shows (with its filters), never another store's, and only to the page's roles."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from complaints.models import Escalation, Extension
from hallops.models import CustomerOpinion, EquipmentFault, MonthlyTarget
from hallops.people import display_name
from people.models import ShiftSwap, SwapStatus
from tests import factories
from tests.business.factories import make_report, pl
from tests.complaints.helpers import make_order
from tests.dutyops.helpers import equipment, fault, opinion
from tests.people.permission_cases import correction_a

MONTH = "2026-03"
DAY = datetime.date(2026, 3, 10)


def _xlsx(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return list(openpyxl.load_workbook(io.BytesIO(response.content)).active
                .iter_rows(values_only=True))


def _csv(response):
    assert response.status_code == 200
    assert response.content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def _both(client, url, query=None):
    """(xlsx rows, csv rows) without their headers; both give the same number of rows."""
    query = dict(query or {})
    xlsx = _xlsx(client.get(url, {**query, "format": "xlsx"}))
    lines = _csv(client.get(url, {**query, "format": "csv"}))
    assert len(xlsx) == len(lines)
    assert str(xlsx[0][0]) == lines[0][0]
    return xlsx[1:], lines[1:]


def _escalate(order, who):
    return Escalation.objects.create(order=order, store=order.store, raised_by=who, reason="难")


def test_escalations_export_the_escalations_then_the_extensions_shown(world, clients):
    mine = make_order(world, number="13811112222")
    _escalate(mine, world.ch_a)
    Extension.objects.create(order=mine, store=mine.store, requested_by=world.ch_a,
                             new_due_at=mine.final_due - datetime.timedelta(hours=1),
                             reason="等资料")
    _escalate(make_order(world, store=world.store_b, number="13899990000"), world.ch_b)
    url = reverse("store_manager:complaint_escalations")
    page = clients.sm_a.get(url).content.decode()
    shown = page.count('data-testid="escalation-row"') + page.count('data-testid="extension-row"')
    assert shown == 2 and 'data-testid="export-buttons"' in page
    rows, lines = _both(clients.sm_a, url)
    assert [r[1] for r in rows] == [mine.number, mine.number]
    assert [r[0] for r in rows] == ["升级", "延期申请"]
    assert rows[0][3] == display_name(world.ch_a)
    assert rows[0][5] == "138****2222" and lines[0][5] == "138****2222"
    assert rows[1][7] == "等资料" and rows[1][9] is not None
    assert all("13899990000" not in str(r) for r in rows)  # store B's escalation


def test_followups_export_every_open_fault_and_the_overdue_replies(world, clients):
    fault(world)
    EquipmentFault.objects.create(store=world.store_a, equipment=equipment(world),
                                  description="已修好", occurred_at=timezone.now(),
                                  created_by=world.dm_a, status="fixed",
                                  fixed_at=timezone.now())
    EquipmentFault.objects.create(store=world.store_b, equipment=equipment(world, world.store_b),
                                  description="乙厅故障", occurred_at=timezone.now(),
                                  created_by=world.dm_b)
    late = opinion(world)
    CustomerOpinion.objects.filter(pk=late.pk).update(
        received_at=timezone.now() - datetime.timedelta(days=3),
        reply_due_at=timezone.now() - datetime.timedelta(hours=1))
    url = reverse("store_manager:followups")
    page = clients.sm_a.get(url).content.decode()
    assert page.count('data-testid="sm-fault"') == 1 and page.count('data-testid="sm-opinion"') == 1
    rows, lines = _both(clients.sm_a, url)
    assert [r[0] for r in rows] == ["设备故障", "客户意见"]
    assert rows[0][4] == "叫号机不出票" and rows[1][4] == "等候时间太长"
    assert lines[1][6] == "138****5678"
    assert all("乙厅故障" not in str(r) and "已修好" not in str(r) for r in rows)


def test_corrections_export_the_pending_ones_and_the_open_clock_ins(world, clients):
    from hallops.models import AttendanceRecord

    correction = correction_a(world)
    yesterday = timezone.now() - datetime.timedelta(days=2)
    AttendanceRecord.objects.create(store=world.store_a, user=world.dm_a, clock_in=yesterday,
                                    business_date=timezone.localtime(yesterday).date())
    AttendanceRecord.objects.create(store=world.store_b, user=world.dm_b, clock_in=yesterday,
                                    business_date=timezone.localtime(yesterday).date())
    url = reverse("people:correction_review")
    page = clients.dm_a.get(url).content.decode()
    assert page.count('data-testid="correction-pending"') == 1
    for client in (clients.sm_a, clients.dm_a):
        rows, lines = _both(client, url)
        assert [(r[0], r[1]) for r in rows] == [("待审批补卡", display_name(correction.user)),
                                               ("往日未签退", display_name(world.dm_a))]
        assert lines[0][6] == "忘记签退"
        assert display_name(world.dm_b) not in str(rows)


def test_swaps_export_the_swaps_waiting_for_approval(world, clients):
    day = timezone.localdate() + datetime.timedelta(days=4)
    swap = ShiftSwap.objects.create(
        store=world.store_a, requester=world.clerk_a, status=SwapStatus.ACCEPTED,
        requester_entry=factories.roster(world.store_a, world.clerk_a, day),
        colleague=world.ch_a, colleague_entry=factories.roster(world.store_a, world.ch_a, day),
        reason="家里有事")
    ShiftSwap.objects.create(  # still waiting for the colleague: not on the page
        store=world.store_a, requester=world.dm_a,
        requester_entry=factories.roster(world.store_a, world.dm_a, day),
        colleague=world.clerk_a, colleague_entry=swap.requester_entry)
    ShiftSwap.objects.create(
        store=world.store_b, requester=world.clerk_b, status=SwapStatus.ACCEPTED,
        requester_entry=factories.roster(world.store_b, world.clerk_b, day),
        colleague=world.ch_b, colleague_entry=factories.roster(world.store_b, world.ch_b, day))
    url = reverse("people:swap_review")
    page = clients.sm_a.get(url).content.decode()
    assert page.count('data-testid="swap-pending"') == 1
    rows, lines = _both(clients.sm_a, url)
    assert [(r[0], r[3]) for r in rows] == [(display_name(world.clerk_a), display_name(world.ch_a))]
    assert lines[0][1] == f"{day:%Y-%m-%d}" and lines[0][2].startswith("A ")
    assert lines[0][6] == "家里有事"


def test_the_roster_exports_one_row_per_person_with_the_weeks_shifts(world, clients):
    monday = timezone.localdate() - datetime.timedelta(days=timezone.localdate().weekday())
    factories.roster(world.store_a, world.clerk_a, monday)
    factories.roster(world.store_a, world.clerk_a, monday + datetime.timedelta(days=2))
    factories.roster(world.store_a, world.dm_a, monday + datetime.timedelta(days=7))  # next week
    factories.roster(world.store_b, world.clerk_b, monday)
    url = reverse("store_manager:roster")
    rows, lines = _both(clients.sm_a, url, {"week": f"{monday:%Y-%m-%d}"})
    page = clients.sm_a.get(url, {"week": f"{monday:%Y-%m-%d}"}).content.decode()
    assert len(rows) == page.count('<th scope="row"')  # one row per person on the grid
    assert len(rows[0]) == 8  # the person, then Monday to Sunday
    by_person = {r[0]: r[1:] for r in rows}
    clerk = by_person[display_name(world.clerk_a)]
    assert clerk[0].startswith("A ") and clerk[1] is None and clerk[2].startswith("A ")
    assert not any(by_person[display_name(world.dm_a)])  # rostered only next week
    assert display_name(world.clerk_b) not in by_person
    assert lines[0][0] == "员工" or lines  # header of the person column
    nxt = {r[0]: r[1:] for r in _both(clients.sm_a, url, {
        "week": f"{monday + datetime.timedelta(days=7):%Y-%m-%d}"})[0]}
    assert nxt[display_name(world.dm_a)][0].startswith("A ")  # the week filter applies


def test_targets_export_the_months_grid(world, clients):
    broadband = pl("broadband")
    MonthlyTarget.objects.create(store=world.store_a, month=DAY.replace(day=1), clerk=None,
                                 product_line=broadband, quantity=100)
    MonthlyTarget.objects.create(store=world.store_a, month=DAY.replace(day=1),
                                 clerk=world.clerk_a, product_line=broadband, quantity=30)
    MonthlyTarget.objects.create(store=world.store_b, month=DAY.replace(day=1),
                                 clerk=world.clerk_b, product_line=broadband, quantity=77)
    url = reverse("store_manager:targets")
    rows, lines = _both(clients.sm_a, url, {"month": MONTH})
    page = clients.sm_a.get(url, {"month": MONTH}).content.decode()
    assert len(rows) == page.count('<th scope="row"')
    header = _xlsx(clients.sm_a.get(url, {"month": MONTH, "format": "xlsx"}))[0]
    column = header.index(broadband.label)
    by_owner = {r[0]: r[column] for r in rows}
    assert by_owner["全厅"] == 100 and by_owner[display_name(world.clerk_a)] == 30
    assert display_name(world.clerk_b) not in by_owner
    other = _both(clients.sm_a, url, {"month": "2026-04"})[0]  # the month filter applies
    assert all(r[column] is None for r in other)


def test_progress_exports_the_store_and_each_clerk_and_the_clerk_their_own(world, clients):
    broadband = pl("broadband")
    MonthlyTarget.objects.create(store=world.store_a, month=DAY.replace(day=1),
                                 clerk=world.clerk_a, product_line=broadband, quantity=10)
    make_report(world.store_a, world.clerk_a, DAY, status="confirmed", counts={"broadband": 4})
    make_report(world.store_b, world.clerk_b, DAY, status="confirmed", counts={"broadband": 9})
    url = reverse("store_manager:progress")
    rows, lines = _both(clients.sm_a, url, {"month": MONTH})
    page = clients.sm_a.get(url, {"month": MONTH}).content.decode()
    shown = page.count("<tr><td>")
    assert len(rows) == shown
    mine = [line for line in lines if line[0] == display_name(world.clerk_a)
            and line[1] == broadband.label]
    assert mine == [[display_name(world.clerk_a), broadband.label, "10", "4", "40.0%"]]
    store_line = [line for line in lines if line[0] == "全厅" and line[1] == broadband.label]
    assert store_line[0][3] == "4"  # store B's 9 are not counted
    assert display_name(world.clerk_b) not in str(rows)
    assert all(r[3] == 0 for r in _both(clients.sm_a, url, {"month": "2026-04"})[0])
    clerk_rows, clerk_lines = _both(clients.clerk_a, reverse("clerk:progress"), {"month": MONTH})
    assert {r[0] for r in clerk_rows} == {display_name(world.clerk_a)}
    assert [line[2:] for line in clerk_lines if line[1] == broadband.label] == [["10", "4", "40.0%"]]


@pytest.mark.parametrize(("url_name", "persona"), [
    ("store_manager:complaint_escalations", "ch_a"),
    ("store_manager:followups", "dm_a"),
    ("people:correction_review", "clerk_a"),
    ("people:swap_review", "dm_a"),
    ("store_manager:roster", "clerk_a"),
    ("store_manager:targets", "clerk_a"),
    ("store_manager:progress", "clerk_a"),
    ("clerk:progress", "sm_a"),
    ("store_manager:complaint_quality", "dm_a"),
])
def test_a_wrong_role_gets_403_for_the_export(world, clients, url_name, persona):
    for fmt in ("xlsx", "csv"):
        response = getattr(clients, persona).get(reverse(url_name), {"format": fmt})
        assert response.status_code == 403, (url_name, persona, fmt)


def test_the_task_list_exports_every_row_its_filters_show(world, clients):
    from tasks.models import TaskStatus
    from tests.tasks.factories import make_task

    for i in range(3):
        make_task(world, title=f"任务{i}")
    make_task(world, title="已办结", status=TaskStatus.DONE, closed_by=world.clerk_a)
    make_task(world, store=world.store_b, title="乙厅任务")
    url = reverse("tasks:list")
    page = clients.sm_a.get(url).content.decode()
    rows, lines = _both(clients.sm_a, url)
    assert len(rows) == page.count('data-testid="task-row"') == 3
    assert {r[1] for r in rows} == {"任务0", "任务1", "任务2"}
    assert rows[0][2] == display_name(world.clerk_a) and rows[0][3] == display_name(world.sm_a)
    done, _lines = _both(clients.sm_a, url, {"status": TaskStatus.DONE})
    assert [(r[1], r[8]) for r in done] == [("已办结", display_name(world.clerk_a))]
    everything = _both(clients.supervisor, url, {"status": "all"})[0]
    assert "乙厅任务" not in {r[1] for r in everything}  # store B is not in region A


def test_the_quality_page_exports_every_closed_order_to_review(world, clients):
    from complaints.models import WorkOrder

    orders = [make_order(world, number=f"1381111000{i}") for i in range(3)]
    WorkOrder.objects.filter(pk__in=[o.pk for o in orders]).update(
        status=WorkOrder.Status.CLOSED, closed_at=timezone.now())
    other = make_order(world, store=world.store_b, number="13899990000")
    WorkOrder.objects.filter(pk=other.pk).update(status=WorkOrder.Status.CLOSED,
                                                 closed_at=timezone.now())
    url = reverse("store_manager:complaint_quality")
    page = clients.sm_a.get(url).content.decode()
    rows, lines = _both(clients.sm_a, url)
    assert len(rows) == page.count('data-testid="quality-row"') == 3
    assert {r[0] for r in rows} == {o.number for o in orders}
    assert {line[3] for line in lines} == {"138****0000", "138****0001", "138****0002"}


def test_the_checklist_history_exports_the_roles_month(world, clients):
    from hallops.selectors.checklists import role_history
    from tests.dutyops.helpers import daily_run, first_item

    run = daily_run(world)
    from hallops.services.checklists import checklist_item_tick

    checklist_item_tick(actor=world.dm_a, run=run, item=first_item(run), status="done",
                        note="好")
    other = daily_run(world, store=world.store_b)
    for item in other.template.items.all():
        checklist_item_tick(actor=world.dm_b, run=other, item=item, status="na")
    url = reverse("checklists:history")
    page = clients.dm_a.get(url).content.decode()
    rows, lines = _both(clients.dm_a, url)
    assert len(rows) == page.count('data-testid="history-row"') > 0
    today = [r for r in rows if r[1] == run.template.kind.label and r[2] == "是"]
    assert [r[3] for r in today] == [1]  # store A's one tick, not store B's
    first = timezone.localdate().replace(day=1)
    last_month = (first - datetime.timedelta(days=1)).replace(day=1)
    earlier = _both(clients.dm_a, url, {"month": f"{last_month:%Y-%m}"})[0]
    expected = role_history(world.store_a, "duty_manager", last_month,
                            first - datetime.timedelta(days=1))
    assert len(earlier) == len(expected)


def test_composite_exports_do_not_grow_in_queries_with_their_rows(world, clients):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(n):
        for i in range(n):
            order = make_order(world, number=f"1390000{i:04d}")
            _escalate(order, world.ch_a)
            Extension.objects.create(order=order, store=order.store, requested_by=world.ch_a,
                                     new_due_at=order.final_due - datetime.timedelta(hours=1),
                                     reason="等资料")
        with CaptureQueriesContext(connection) as ctx:
            response = clients.sm_a.get(reverse("store_manager:complaint_escalations"),
                                        {"format": "csv"})
        return len(ctx.captured_queries), len(_csv(response)) - 1

    clients.sm_a.get(reverse("store_manager:complaint_escalations"))  # the idle refresh, once
    few, rows_few = queries(1)
    many, rows_many = queries(5)
    assert (rows_few, rows_many) == (2, 12)
    assert many == few
