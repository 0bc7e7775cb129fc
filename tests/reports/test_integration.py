"""A real Celery worker (a subprocess) against the machine's Redis builds scheduled workbooks.

The worker shares this test's database: PostgreSQL's test database, or on SQLite the test
database file (settings make it a file). Hence transaction=True: the data must be committed
for the worker to see it. Redis DB 7 is ours; the tests skip only when Redis is unreachable.
"""

import datetime
import os
import pathlib
import signal
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import connection
from django.db.models import Sum
from django.utils import timezone

from hallops.models import AttendanceRecord, AuditEntry
from reports.models import Kind, ReportFile, ReportSchedule
from tests import factories

from .helpers import column, open_workbook, seed_day, totals_row

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

REDIS_URL = os.environ.get("HALLOPS_TEST_REDIS_URL", "redis://127.0.0.1:6379/7")
ROOT = pathlib.Path(__file__).resolve().parents[2]
CELERY = pathlib.Path(sys.executable).with_name("celery")
VISIBILITY = 4  # seconds: a killed worker's message comes back this soon
LEASE = 3


@pytest.fixture
def redis_db():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
    try:
        client.ping()
    except redis.exceptions.RedisError as exc:
        pytest.skip(f"integration tests need Redis at {REDIS_URL}: {exc}")
    client.flushdb()
    yield client
    client.flushdb()


def _database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        name = str(db["NAME"])
        assert name != ":memory:" and "mode=memory" not in name, "SQLite test DB must be a file"
        return f"sqlite:///{pathlib.Path(name).resolve()}"
    user = db["USER"] or "postgres"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


class Workers:
    def __init__(self, tmp_path, broker_url, extra_env=None):
        self.tmp_path = tmp_path
        self.broker_url = broker_url
        self.extra_env = extra_env or {}
        self.procs: list[subprocess.Popen] = []

    def start(self, name: str, *, slow: float = 0, beat: bool = False) -> subprocess.Popen:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "hallops.settings",
            "PYTHONPATH": str(ROOT),
            "DATABASE_URL": _database_url(),
            "DB_CONN_MAX_AGE": "0",
            "CELERY_BROKER_URL": self.broker_url,
            "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY),
            "CELERY_UNACKED_RESTORE_INTERVAL": "1",
            "CELERY_UNACKED_RESTORE_THROTTLE": "1",
            "REPORTS_LEASE_SECONDS": str(LEASE),
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "HALLOPS_VAR_DIR": str(self.tmp_path / "var"),
            "HALLOPS_TEST_SLOW_PROGRESS": str(slow),
            **self.extra_env,
        }
        env.pop("CELERY_TASK_ALWAYS_EAGER", None)
        args = [str(CELERY), "-A", "tests.reports.worker_app", "worker", "--pool=solo",
                "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat",
                f"--hostname={name}@%h"]
        if beat:
            args += ["--beat", f"--schedule={self.tmp_path / 'beat-schedule'}"]
        log = open(self.tmp_path / f"{name}.log", "wb")  # noqa: SIM115
        proc = subprocess.Popen(args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
        self.procs.append(proc)
        return proc

    def kill(self, proc) -> None:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)

    def stop_all(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait(timeout=10)

    def logs(self) -> str:
        return "\n".join(p.read_text(errors="replace")[-3000:]
                         for p in sorted(self.tmp_path.glob("*.log")))


@pytest.fixture
def workers(tmp_path, redis_db, broker):
    broker(REDIS_URL, visibility_timeout=VISIBILITY)
    w = Workers(tmp_path, REDIS_URL)
    yield w
    w.stop_all()


def wait_for(predicate, timeout: float, what: str, workers: Workers):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    pytest.fail(f"timed out waiting for {what}\n{workers.logs()}")


DAY = timezone.localdate() - datetime.timedelta(days=1)


@pytest.fixture
def scheduled_store(world):
    people = [world.clerk_a, world.dm_a,
              *[factories.make_user(f"w_clerk{i}", role="clerk", store=world.store_a)
                for i in range(3)]]
    seed_day(world.store_a, people, DAY, late=people[:2], absent=people[4:])
    ReportSchedule.objects.all().delete()
    return ReportSchedule.objects.create(
        name="daily A001", kind=Kind.STORE_DAILY, store=world.store_a,
        next_run_at=timezone.localtime().replace(year=DAY.year, month=DAY.month, day=DAY.day,
                                                 hour=21, minute=30, second=0, microsecond=0),
    )


def _fire_schedules():
    from reports.tasks import run_report_schedules

    run_report_schedules.apply_async(retry=False)


def _check_figures(report, store):
    wb = open_workbook(report)
    ws = wb["考勤"]
    late = AttendanceRecord.objects.filter(store=store, business_date=DAY).aggregate(
        s=Sum("late_minutes"))["s"]
    assert totals_row(ws)[column(ws, "迟到分钟")] == late == 14
    summary = {r[0].value: r[1].value for r in wb["概况"].iter_rows(min_row=2)}
    assert summary["缺勤班次"] == 1 and summary["出勤班次"] == 4


def test_a_real_worker_builds_a_scheduled_workbook(world, scheduled_store, workers):
    workers.start("w1")
    _fire_schedules()
    report = wait_for(
        lambda: ReportFile.objects.filter(schedule=scheduled_store, status="done").first(),
        60, "the scheduled workbook", workers)
    assert report.period_start == DAY and report.store == world.store_a
    _check_figures(report, world.store_a)
    scheduled_store.refresh_from_db()
    assert scheduled_store.run_count == 1 and scheduled_store.next_run_at > timezone.now()


def test_a_workbook_is_built_exactly_once_when_the_worker_is_killed_mid_build(
        world, scheduled_store, workers):
    first = workers.start("doomed", slow=1.0)
    _fire_schedules()
    wait_for(lambda: ReportFile.objects.filter(schedule=scheduled_store, status="running",
                                               progress__gt=0).exists(),
             60, "the build to start", workers)
    workers.kill(first)  # SIGKILL, mid-build: the message is neither acked nor rejected
    report = ReportFile.objects.get(schedule=scheduled_store)
    assert report.status == "running" and not report.file

    workers.start("survivor")
    report = wait_for(
        lambda: ReportFile.objects.filter(schedule=scheduled_store, status="done").first(),
        60, "the workbook after the restart", workers)
    assert report.attempts == 2
    _check_figures(report, world.store_a)
    # exactly once: one row, one file on disk, one "built" entry; nothing left in the queue
    assert ReportFile.objects.filter(kind=Kind.STORE_DAILY, store=world.store_a).count() == 1
    files = list((pathlib.Path(settings.MEDIA_ROOT) / "reports" / "A001").glob("*.xlsx"))
    assert [f.name for f in files] == [pathlib.Path(report.file.name).name]
    assert AuditEntry.objects.filter(action="report.built").count() == 1


def test_the_embedded_worker_builds_schedules_with_beat_on_the_filesystem_transport(
        world, scheduled_store, tmp_path, broker):
    """`make run`: worker --beat, filesystem transport, no Redis; beat fires the schedule."""
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    task = PeriodicTask.objects.get(task="reports.tasks.run_report_schedules")
    task.interval = IntervalSchedule.objects.create(every=1, period="seconds")
    task.save()
    folder = tmp_path / "var" / "celery"
    w = Workers(tmp_path, "filesystem://")
    try:
        w.start("embedded", beat=True)
        report = wait_for(
            lambda: ReportFile.objects.filter(schedule=scheduled_store, status="done").first(),
            90, "the workbook built by beat", w)
        _check_figures(report, world.store_a)
        assert (folder / "in").is_dir()
    finally:
        w.stop_all()
