"""Backup and restore (manage.py backup / restore): the drill — seed, back up, restore into a
fresh database and media folder, check the figures and the money triggers — and the refusals:
a non-empty target, a damaged backup, SQLite, no pg_dump."""

import hashlib
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection

from hallops import backup as bk
from hallops.models import AuditEntry, CashHandIn, DutyLog, TillCount, TillSession
from hallops.services.dutylog import duty_log_countersign
from reports.models import Kind, ReportFile
from reports.services import report_build, report_request
from tests.cash.helpers import confirmed_till
from tests.dutyops.helpers import submitted_log

SQLITE = {"ENGINE": "django.db.backends.sqlite3", "NAME": "/tmp/x.sqlite3"}


def _maintenance():
    return bk.open_db(dict(connection.settings_dict, NAME="postgres"))


@pytest.fixture
def restore_db():
    """A second, empty database next to the test database, dropped at the end."""
    name = connection.settings_dict["NAME"] + "_restore"
    admin = _maintenance()
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
    yield dict(connection.settings_dict, NAME=name)
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def _query(db, sql, params=None):
    wrapper = bk.open_db(db)
    try:
        with wrapper.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    finally:
        wrapper.close()


def _seeded(world):
    """A confirmed till with counted figures, a countersigned duty log, a built workbook."""
    till = confirmed_till(world)
    log = duty_log_countersign(actor=world.sm_a, log=submitted_log(world), comment="已阅，无误")
    report = report_request(kind=Kind.STORE_DAILY, start=till.business_date,
                            end=till.business_date, store=world.store_a, requested_by=world.sm_a)
    report.refresh_from_db()
    if report.status != ReportFile.Status.DONE:
        report_build(report_id=report.pk)
        report.refresh_from_db()
    assert report.status == ReportFile.Status.DONE and report.file
    return till, log, report


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_backs_up_and_restores_into_a_fresh_database_and_media_folder(
        world, tmp_path, settings, restore_db, monkeypatch):
    till, log, report = _seeded(world)
    workbook = Path(settings.MEDIA_ROOT) / report.file.name
    workbook_sum = _sha256(workbook)
    assert workbook_sum == report.checksum

    call_command("backup", "--output", str(tmp_path / "b"))
    manifest = json.loads((tmp_path / "b" / bk.MANIFEST).read_text())
    assert manifest["row_counts"]["public.hallops_tillsession"] == TillSession.objects.count() == 1
    assert manifest["row_counts"]["public.hallops_auditentry"] == AuditEntry.objects.count()
    assert manifest["media"][report.file.name]["sha256"] == workbook_sum
    assert manifest["migrations"]["hallops"] and manifest["created_at"].endswith("+08:00")
    assert manifest["files"][bk.DUMP]["sha256"] == _sha256(tmp_path / "b" / bk.DUMP)

    # The drill: an empty database and media folder, restored by the command, verified.
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    monkeypatch.setattr("hallops.management.commands.restore.database_settings",
                        lambda alias: restore_db)
    call_command("restore", str(tmp_path / "b"))

    for model in (TillSession, TillCount, CashHandIn, DutyLog, ReportFile, AuditEntry):
        table = model._meta.db_table
        assert _query(restore_db, f"SELECT count(*) FROM {table}") == [(model.objects.count(),)]
    assert _query(restore_db, "SELECT opening_float, locked, status FROM hallops_tillsession "
                  "WHERE id = %s", [till.pk]) == [(Decimal("200.00"), True, till.status)]
    assert _query(restore_db, "SELECT cash_in_drawer, card_total, locked FROM hallops_tillcount "
                  "WHERE session_id = %s", [till.pk]) == [(Decimal("1195.00"), Decimal("0.00"), True)]
    assert _query(restore_db, "SELECT cash_amount, locked FROM hallops_cashhandin "
                  "WHERE session_id = %s", [till.pk]) == [(Decimal("995.00"), True)]
    assert _query(restore_db, "SELECT status, reviewed_by_id, review_comment FROM hallops_dutylog "
                  "WHERE id = %s", [log.pk]) == [("countersigned", world.sm_a.pk, "已阅，无误")]
    restored_workbook = tmp_path / "restored-media" / report.file.name
    assert _sha256(restored_workbook) == workbook_sum

    # The triggers guarding money rows came back with the tables: raw SQL is still refused.
    for sql in ("UPDATE hallops_tillsession SET opening_float = 0 WHERE id = %s",
                "UPDATE hallops_tillcount SET cash_in_drawer = 1 WHERE session_id = %s",
                "DELETE FROM hallops_cashhandin WHERE session_id = %s"):
        with pytest.raises(DatabaseError, match="pgtrigger"):
            _query(restore_db, sql, [till.pk])
    assert _query(restore_db, "SELECT opening_float FROM hallops_tillsession WHERE id = %s",
                  [till.pk]) == [(Decimal("200.00"),)]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_counts_and_dumps_one_snapshot_while_rows_are_written(
        world, tmp_path, restore_db, monkeypatch):
    """Rows committed after the snapshot was exported (while pg_dump runs) are in neither the
    counts nor the dump: the restore of that backup verifies."""
    _seeded(world)
    before = AuditEntry.objects.count()
    count_rows = bk.row_counts

    def write_meanwhile(cursor):
        AuditEntry.objects.create(store=world.store_a, action="roster.saved", object_type="x")
        return count_rows(cursor)

    monkeypatch.setattr(bk, "row_counts", write_meanwhile)
    manifest = bk.backup(tmp_path / "b")
    monkeypatch.setattr(bk, "row_counts", count_rows)
    assert AuditEntry.objects.count() == before + 1
    assert manifest["row_counts"]["public.hallops_auditentry"] == before
    result = bk.restore(tmp_path / "b", db=restore_db, media_root=tmp_path / "m")
    assert result.ok, result.problems
    assert _query(restore_db, "SELECT count(*) FROM hallops_auditentry") == [(before,)]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_refuses_a_database_that_is_not_empty_and_changes_nothing(world, tmp_path, settings):
    _seeded(world)
    call_command("backup", "--output", str(tmp_path / "b"))
    users = _query(connection.settings_dict, "SELECT count(*) FROM auth_user")
    settings.MEDIA_ROOT = tmp_path / "new-media"
    with pytest.raises(CommandError, match="is not empty"):
        call_command("restore", str(tmp_path / "b"))
    assert _query(connection.settings_dict, "SELECT count(*) FROM auth_user") == users
    assert not (tmp_path / "new-media").exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_refuses_a_media_folder_that_is_not_empty_and_changes_nothing(
        world, tmp_path, restore_db):
    _seeded(world)
    bk.backup(tmp_path / "b")
    media = tmp_path / "old-media"
    media.mkdir()
    (media / "keep.txt").write_text("mine")
    with pytest.raises(bk.BackupError, match="media folder .* is not empty"):
        bk.restore(tmp_path / "b", db=restore_db, media_root=media)
    assert [p.name for p in media.iterdir()] == ["keep.txt"]
    assert _query(restore_db, "SELECT count(*) FROM pg_class c JOIN pg_namespace n "
                  "ON n.oid = c.relnamespace WHERE n.nspname = 'public'") == [(0,)]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_fails_verification_of_a_tampered_file_or_manifest(world, tmp_path, restore_db):
    _seeded(world)
    backup = tmp_path / "b"
    bk.backup(backup)
    call_command("restore", "--verify-only", str(backup))

    dump = backup / bk.DUMP
    original = dump.read_bytes()
    dump.write_bytes(original[:-1] + bytes([original[-1] ^ 1]))
    with pytest.raises(CommandError, match="database.dump differs"):
        call_command("restore", "--verify-only", str(backup))
    with pytest.raises(bk.BackupError, match="damaged; nothing was restored"):
        bk.restore(backup, db=restore_db, media_root=tmp_path / "m1")
    assert _query(restore_db, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == [(0,)]
    dump.write_bytes(original)

    # A manifest edited by hand no longer matches its checksum file.
    manifest = json.loads((backup / bk.MANIFEST).read_text())
    manifest["row_counts"]["public.hallops_tillsession"] = 2
    (backup / bk.MANIFEST).write_text(json.dumps(manifest))
    with pytest.raises(CommandError, match="does not match"):
        call_command("restore", "--verify-only", str(backup))

    # Even with its checksum file rewritten, the restored rows give it away: non-zero exit.
    bk.write_manifest(backup, manifest)
    call_command("restore", "--verify-only", str(backup))
    result = bk.restore(backup, db=restore_db, media_root=tmp_path / "m2")
    assert result.problems == ["table public.hallops_tillsession: 1 rows, manifest 2"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_fails_verification_of_a_media_file_changed_after_the_restore(
        world, tmp_path, restore_db):
    _, _, report = _seeded(world)
    bk.backup(tmp_path / "b")
    media = tmp_path / "m"
    assert bk.restore(tmp_path / "b", db=restore_db, media_root=media).ok
    (media / report.file.name).write_bytes(b"not a workbook")
    manifest = bk.read_manifest(tmp_path / "b")
    problems = bk.verify_restored(manifest, db=restore_db, media_root=media).problems
    assert problems == [f"media: {report.file.name} differs (sha256 "
                        f"{hashlib.sha256(b'not a workbook').hexdigest()[:12]}…, 14 bytes; manifest: "
                        f"{report.checksum[:12]}…, {report.file_size} bytes)"]


@pytest.mark.postgres
@pytest.mark.django_db
def test_it_refuses_without_pg_dump_or_into_a_directory_in_use(tmp_path, settings):
    configured = settings.BACKUP_PG_BIN_DIR
    settings.BACKUP_PG_BIN_DIR = str(tmp_path / "no-client")
    with pytest.raises(CommandError, match="pg_dump was not found"):
        call_command("backup", "--output", str(tmp_path / "b"))
    assert not (tmp_path / "b").exists()
    settings.BACKUP_PG_BIN_DIR = configured
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "x").write_text("x")
    with pytest.raises(CommandError, match="not an empty directory"):
        call_command("backup", "--output", str(tmp_path / "used"))


@pytest.mark.django_db
def test_it_refuses_sqlite(tmp_path, monkeypatch):
    monkeypatch.setattr("hallops.management.commands.backup.database_settings", lambda a: SQLITE)
    monkeypatch.setattr("hallops.management.commands.restore.database_settings", lambda a: SQLITE)
    with pytest.raises(CommandError, match="PostgreSQL only; this deployment uses django.db.backends.sqlite3"):
        call_command("backup", "--output", str(tmp_path / "b"))
    with pytest.raises(CommandError, match="PostgreSQL only"):
        call_command("restore", str(tmp_path / "b"))
    assert not (tmp_path / "b").exists()


def test_it_refuses_the_configured_sqlite_database(tmp_path):
    """On a laptop install (SQLite, the default) the command itself refuses."""
    if not bk.database_settings()["ENGINE"].endswith("sqlite3"):
        pytest.skip("the configured database is PostgreSQL")
    with pytest.raises(CommandError, match="PostgreSQL only"):
        call_command("backup", "--output", str(tmp_path / "b"))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_runs_the_nightly_backup_and_keeps_the_newest(world, tmp_path, settings):
    from hallops.tasks import backup_nightly_task

    settings.BACKUP_DIR = str(tmp_path / "nightly")
    settings.BACKUP_KEEP = 2
    for name in ("hallops-20250101-020000", "hallops-20250102-020000"):
        (tmp_path / "nightly" / name).mkdir(parents=True)
        (tmp_path / "nightly" / name / bk.MANIFEST).write_text("{}")
    (tmp_path / "nightly" / "notes").mkdir()
    target = Path(backup_nightly_task.delay().get() or "")
    kept = sorted(p.name for p in (tmp_path / "nightly").iterdir())
    assert kept == ["hallops-20250102-020000", target.name, "notes"]
    assert bk.verify_backup(target).ok


def test_it_schedules_the_nightly_backup_only_when_configured(tmp_path):
    import os
    import subprocess
    import sys

    script = ("import django; django.setup(); from django.conf import settings; "
              "e = settings.CELERY_BEAT_SCHEDULE.get('nightly-backup'); "
              "print(e and (e['task'], sorted(e['schedule'].hour), sorted(e['schedule'].minute)))")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "hallops.settings", "HALLOPS_VAR_DIR": str(tmp_path)}
    env.pop("BACKUP_DIR", None)

    def scheduled(**extra):
        return subprocess.run([sys.executable, "-c", script], env={**env, **extra}, check=True,
                              capture_output=True, text=True).stdout.strip()

    assert scheduled() == "None"
    assert scheduled(BACKUP_DIR=str(tmp_path), BACKUP_HOUR="3") == "('hallops.backup_nightly', [3], [0])"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_leaves_nothing_behind_when_pg_dump_fails_or_is_too_old(tmp_path, settings):
    client = tmp_path / "client"
    client.mkdir()
    fake = client / "pg_dump"
    fake.write_text('#!/bin/sh\n[ "$1" = --version ] && echo "pg_dump (PostgreSQL) 99.1" && exit 0\n'
                    'echo "connection refused" >&2; exit 1\n')
    fake.chmod(0o755)
    settings.BACKUP_PG_BIN_DIR = str(client)
    with pytest.raises(CommandError, match=r"pg_dump failed \(1\): connection refused"):
        call_command("backup", "--output", str(tmp_path / "b"))
    assert not (tmp_path / "b").exists()
    fake.write_text('#!/bin/sh\necho "pg_dump (PostgreSQL) 9.6.24"\n')
    with pytest.raises(CommandError, match=r"pg_dump 9 cannot dump a PostgreSQL 1\d server"):
        call_command("backup", "--output", str(tmp_path / "b"))
    assert not (tmp_path / "b").exists()
