"""Playbook steps with deadlines counted from the incident's start (3 minutes, every 30
minutes, 72 hours), countdowns on the incident page, missed steps in the duty log, and the
post-incident report's due time and late flag."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from hallops.dutylog_sections import incidents_section
from hallops.models import ChecklistItem, ChecklistRun, TickStatus
from hallops.selectors.checklists import run_rows
from hallops.services.checklists import checklist_item_tick
from hallops.services.incidents import incident_end, incident_report, incident_start

TZ = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db
START = dt.datetime(2025, 3, 3, 10, 0, tzinfo=TZ)


def _start(world, kind="power_outage"):
    with time_machine.travel(START, tick=False):
        incident = incident_start(actor=world.dm_a, store=world.store_a, kind=kind,
                                  summary="整栋楼停电")
    run = ChecklistRun.objects.select_related("template", "store", "incident").get(
        incident=incident)
    return incident, run


def _rows(run, now):
    return {r.item.code: r for r in run_rows(run, now=now)}


def test_it_seeds_the_playbook_deadlines():
    assert ChecklistItem.objects.get(code="power_outage-01").due_after_minutes == 3
    assert ChecklistItem.objects.get(code="power_outage-07").due_after_minutes == 72 * 60
    assert ChecklistItem.objects.get(code="system_failure-04").repeat_minutes == 30


def test_a_step_is_due_three_minutes_after_the_start(world):
    incident, run = _start(world)
    rows = _rows(run, START + dt.timedelta(minutes=2))
    assert rows["power_outage-01"].due_at == START + dt.timedelta(minutes=3)
    assert rows["power_outage-01"].state == "pending"
    assert rows["power_outage-02"].due_at is None
    assert rows["power_outage-07"].due_at == START + dt.timedelta(hours=72)
    assert _rows(run, START + dt.timedelta(minutes=3, seconds=1))["power_outage-01"].state == (
        "overdue")


def test_a_step_ticked_after_its_deadline_is_late(world):
    incident, run = _start(world)
    item = ChecklistItem.objects.get(code="power_outage-01")
    tick = checklist_item_tick(actor=world.dm_a, run=run, item=item, status=TickStatus.DONE,
                               note="已启动预案", now=START + dt.timedelta(minutes=4))
    assert tick.is_late
    on_time = ChecklistItem.objects.get(code="power_outage-07")
    tick = checklist_item_tick(actor=world.dm_a, run=run, item=on_time, status=TickStatus.DONE,
                               note="报告已写", now=START + dt.timedelta(minutes=5))
    assert not tick.is_late


def test_customer_updates_count_down_every_thirty_minutes(world):
    incident, run = _start(world, kind="system_failure")
    rows = _rows(run, START + dt.timedelta(minutes=10))
    assert rows["system_failure-04"].due_at == START + dt.timedelta(minutes=30)
    rows = _rows(run, START + dt.timedelta(minutes=31))
    assert rows["system_failure-04"].due_at == START + dt.timedelta(minutes=60)
    assert rows["system_failure-04"].state == "pending"  # a repeated step is never "missed"


def test_missed_steps_show_in_the_duty_log(world):
    incident, run = _start(world)
    with time_machine.travel(START + dt.timedelta(minutes=20), tick=False):
        incident_end(actor=world.dm_a, incident=incident)
        context = incidents_section(world.store_a, incident.business_date, None)
    [logged] = context["incidents"]
    assert [r.item.code for r in logged.missed_steps] == ["power_outage-01"]
    assert logged.missed_steps[0].state == "missed"


def test_the_incident_page_shows_countdowns(world, clients):
    incident, run = _start(world)
    with time_machine.travel(START + dt.timedelta(minutes=1), tick=False):
        response = clients.dm_a.get(reverse("duty_manager:incident", args=[incident.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count('data-testid="step-countdown"') == 2  # 3 minutes and 72 hours
    assert 'data-testid="report-due"' in body and 'data-testid="report-late"' not in body


def test_the_report_is_due_within_72_hours_and_flagged_late(world, clients):
    incident, run = _start(world)
    assert incident.report_due == START + dt.timedelta(hours=72)
    with time_machine.travel(START + dt.timedelta(hours=1), tick=False):
        incident_end(actor=world.dm_a, incident=incident)
        incident.refresh_from_db()
        assert not incident.report_late
    with time_machine.travel(START + dt.timedelta(hours=73), tick=False):
        incident.refresh_from_db()
        assert incident.report_late
        response = clients.dm_a.get(reverse("duty_manager:incident", args=[incident.pk]))
        assert 'data-testid="report-late"' in response.content.decode()
        incident_report(actor=world.dm_a, incident=incident, report="停电原因：线路检修")
    incident.refresh_from_db()
    assert incident.report_late  # written late stays late


def test_it_reminds_of_the_report_then_flags_it_late_once(world):
    from hallops.models import Notification
    from hallops.tasks import incident_report_reminders_task

    incident, run = _start(world)
    Notification.objects.all().delete()
    with time_machine.travel(START + dt.timedelta(hours=47), tick=False):
        assert incident_report_reminders_task() == {"report_reminded": 0, "report_late": 0}
    with time_machine.travel(START + dt.timedelta(hours=48), tick=False):
        assert incident_report_reminders_task() == {"report_reminded": 1, "report_late": 0}
        incident_report_reminders_task()
    for user in (world.dm_a, world.sm_a):
        assert Notification.objects.filter(recipient=user).count() == 1
    assert not Notification.objects.filter(recipient__in=[world.dm_b, world.sm_b]).exists()
    with time_machine.travel(START + dt.timedelta(hours=72, minutes=1), tick=False):
        assert incident_report_reminders_task() == {"report_reminded": 0, "report_late": 1}
        assert incident_report_reminders_task() == {"report_reminded": 0, "report_late": 0}
    late = Notification.objects.filter(recipient=world.dm_a).order_by("id").last()
    assert late.level == Notification.Level.DANGER
    assert late.url == reverse("duty_manager:incident", args=[incident.pk])


def test_a_written_report_needs_no_reminder(world):
    from hallops.services.incidents import incident_report_reminders

    incident, run = _start(world)
    with time_machine.travel(START + dt.timedelta(hours=2), tick=False):
        incident_end(actor=world.dm_a, incident=incident)
        incident_report(actor=world.dm_a, incident=incident, report="已恢复供电")
    with time_machine.travel(START + dt.timedelta(hours=80), tick=False):
        assert incident_report_reminders() == {"report_reminded": 0, "report_late": 0}


def test_the_incident_page_reads_in_english(world, clients):
    incident, run = _start(world)
    clients.dm_a.cookies["hallops_language"] = "en"
    with time_machine.travel(START + dt.timedelta(hours=73), tick=False):
        body = clients.dm_a.get(reverse("duty_manager:incident", args=[incident.pk])).content
    assert b"Due by" in body and b'data-testid="report-late"' in body
