"""Claiming, retries, failures and schedules of the report engine."""

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.db import OperationalError
from django.utils import timezone

from hallops.models import AuditEntry
from reports import services
from reports.models import Kind, ReportFile, ReportSchedule
from reports.periods import next_run, scheduled_period
from reports.services import Outcome, report_build, report_request, schedules_run_due
from tests import factories

DAY = datetime.date(2025, 3, 12)
Status = ReportFile.Status


def _queued(world, kind=Kind.STORE_DAILY):
    return report_request(kind=kind, start=DAY, end=DAY, store=world.store_a,
                          requested_by=world.sm_a)


def test_it_builds_once_when_the_task_is_delivered_twice(world):
    report = _queued(world)
    assert report_build(report_id=report.pk).outcome is Outcome.BUILT
    assert report_build(report_id=report.pk).outcome is Outcome.SKIPPED
    report.refresh_from_db()
    assert report.status == Status.DONE and report.attempts == 1
    assert AuditEntry.objects.filter(action="report.built").count() == 1
    assert AuditEntry.objects.filter(action="report.requested", actor=world.sm_a).count() == 1


def test_it_waits_while_another_worker_holds_the_row_and_takes_over_a_dead_ones(world):
    report = _queued(world)
    assert services.report_claim(report_id=report.pk) == 1
    busy = report_build(report_id=report.pk)
    assert busy.outcome is Outcome.BUSY and busy.retry_in > 0
    ReportFile.objects.filter(pk=report.pk).update(
        lease_until=timezone.now() - datetime.timedelta(seconds=1))
    assert report_build(report_id=report.pk).outcome is Outcome.BUILT
    report.refresh_from_db()
    assert report.attempts == 2 and report.status == Status.DONE


def test_it_does_not_requeue_a_workbook_that_is_already_on_its_way(world):
    first = _queued(world)
    again = _queued(world)
    assert again.pk == first.pk and again.status == Status.QUEUED
    assert AuditEntry.objects.filter(action="report.requested").count() == 1


def test_it_requeues_on_a_transient_error_and_fails_visibly_on_the_last_try(world):
    report = _queued(world)
    with mock.patch("reports.engine.write_workbook", side_effect=OperationalError("db gone")), \
            pytest.raises(OperationalError):
        report_build(report_id=report.pk, final=False)
    report.refresh_from_db()
    assert report.status == Status.QUEUED and "db gone" in report.error
    with mock.patch("reports.engine.write_workbook", side_effect=OperationalError("db gone")), \
            pytest.raises(OperationalError):
        report_build(report_id=report.pk, final=True)
    report.refresh_from_db()
    assert report.status == Status.FAILED and report.finished_at


def test_it_fails_at_once_on_a_bug_and_counts_it_on_the_schedule(world):
    schedule = ReportSchedule.objects.create(name="x", kind=Kind.STORE_DAILY)
    report = report_request(kind=Kind.STORE_DAILY, start=DAY, end=DAY, store=world.store_a,
                            schedule=schedule)
    with mock.patch("reports.engine.write_workbook", side_effect=ValueError("bad")), \
            pytest.raises(ValueError):
        report_build(report_id=report.pk, final=False)
    report.refresh_from_db()
    schedule.refresh_from_db()
    assert report.status == Status.FAILED and "bad" in report.error
    assert schedule.error_count == 1 and "bad" in schedule.last_error


def test_it_refuses_a_workbook_that_does_not_fit_its_scope(world):
    from hallops.exceptions import DomainError

    with pytest.raises(DomainError, match="不匹配"):
        report_request(kind=Kind.REGION_MONTHLY, start=DAY, end=DAY, store=world.store_a)
    assert not ReportFile.objects.exists()


def test_it_computes_the_default_schedule_times():
    daily = ReportSchedule(kind=Kind.STORE_DAILY, at_time=datetime.time(21, 30))
    weekly = ReportSchedule(kind=Kind.STORE_WEEKLY, at_time=datetime.time(21, 30), weekday=5)
    monthly = ReportSchedule(kind=Kind.STORE_MONTHLY, at_time=datetime.time(6, 0),
                             day_of_month=1)
    tz = timezone.get_current_timezone()
    wed_noon = datetime.datetime(2025, 3, 12, 12, 0, tzinfo=tz)
    assert next_run(daily, wed_noon) == datetime.datetime(2025, 3, 12, 21, 30, tzinfo=tz)
    assert next_run(weekly, wed_noon) == datetime.datetime(2025, 3, 15, 21, 30, tzinfo=tz)
    assert next_run(monthly, wed_noon) == datetime.datetime(2025, 4, 1, 6, 0, tzinfo=tz)
    assert scheduled_period(Kind.STORE_MONTHLY, datetime.date(2025, 4, 1)) == (
        datetime.date(2025, 3, 1), datetime.date(2025, 3, 31))
    assert scheduled_period(Kind.STORE_WEEKLY, datetime.date(2025, 3, 15)) == (
        datetime.date(2025, 3, 10), datetime.date(2025, 3, 16))


def test_the_default_schedules_and_beat_entry_exist(db):
    from django_celery_beat.models import PeriodicTask

    kinds = set(ReportSchedule.objects.filter(store=None, region=None)
                .values_list("kind", flat=True))
    assert kinds == {k.value for k in Kind}
    assert PeriodicTask.objects.filter(task="reports.tasks.run_report_schedules").exists()


def test_a_due_schedule_builds_one_workbook_per_store_once_even_if_fired_twice(
        world, django_capture_on_commit_callbacks):
    ReportSchedule.objects.all().delete()
    tz = timezone.get_current_timezone()
    fired = datetime.datetime(2025, 3, 12, 21, 30, tzinfo=tz)
    schedule = ReportSchedule.objects.create(
        name="daily", kind=Kind.STORE_DAILY, next_run_at=fired, recipients="boss@example.com")
    now = fired + datetime.timedelta(seconds=20)
    with django_capture_on_commit_callbacks(execute=True):
        assert schedules_run_due(now=now) == 2  # store A and store B
        assert schedules_run_due(now=now) == 0  # a second beat tick: nothing more
    files = ReportFile.objects.filter(schedule=schedule)
    assert sorted(files.values_list("store__code", flat=True)) == ["A001", "B001"]
    assert set(files.values_list("status", flat=True)) == {Status.DONE}
    assert set(files.values_list("period_start", flat=True)) == {DAY}
    schedule.refresh_from_db()
    assert schedule.run_count == 1
    assert schedule.next_run_at == fired + datetime.timedelta(days=1)
    assert len(mail.outbox) == 2
    assert mail.outbox[0].to == ["boss@example.com"]
    assert mail.outbox[0].attachments[0][0].endswith(".xlsx")


def test_a_regional_schedule_builds_each_region(world, django_capture_on_commit_callbacks):
    ReportSchedule.objects.all().delete()
    fired = timezone.now() - datetime.timedelta(minutes=1)
    ReportSchedule.objects.create(name="m", kind=Kind.REGION_MONTHLY, next_run_at=fired)
    factories.make_store("C001", region=world.region_a)
    with django_capture_on_commit_callbacks(execute=True):
        assert schedules_run_due() == 2
    assert ReportFile.objects.filter(region__isnull=False, status=Status.DONE).count() == 2
