"""Backup and restore of a PostgreSQL deployment (`manage.py backup`, `manage.py restore`).

A backup is a directory of four files:

    database.dump          pg_dump --format=custom of the whole database
    media.tar              the media folder (workbooks; attachments when they land)
    manifest.json          time, version, commit, latest migration per app, exact row counts
                           per table, sha256 and size of the dump, the archive and every
                           media file
    manifest.json.sha256   the manifest's own checksum (sha256sum format)

Consistency: the row counts and the dump come from ONE snapshot. The backup opens a
REPEATABLE READ, READ ONLY transaction, exports its snapshot (`pg_export_snapshot()`), runs
`pg_dump --snapshot=<id>` on it and counts every table in the same transaction while pg_dump
runs; so the counts describe exactly the rows in the dump, whatever is written meanwhile.
The media folder is archived after the snapshot was taken: a workbook the dump names was
finished before the snapshot, so its file is in the archive (files written later are
archived too, unreferenced, which is harmless). Only a workbook rebuilt during the backup
(a rerun replaces its file) can differ from the checksum in its row.

A restore goes into an EMPTY database and an EMPTY media folder only (it checks both, and
the backup's checksums, before changing anything), in one transaction (`pg_restore
--single-transaction --exit-on-error`), then extracts the media and verifies the result
against the manifest: row counts per table, latest migrations, every file's checksum.

Only raw SQL is used here (no ORM), so store scopes do not apply.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import tarfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections
from django.utils import timezone

FORMAT = 1
DUMP = "database.dump"
MEDIA = "media.tar"
MANIFEST = "manifest.json"
MANIFEST_SUM = "manifest.json.sha256"
CHUNK = 1024 * 1024

Log = Callable[[str], None]


class BackupError(Exception):
    """A backup or restore refused or failed; the message says why and what to do."""


@dataclass
class Verification:
    """The outcome of checking a backup or a restored deployment against its manifest."""

    problems: list[str] = field(default_factory=list)
    tables: int = 0
    rows: int = 0
    files: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


# --- the database ---------------------------------------------------------------------------


def database_settings(alias: str = "default") -> dict[str, Any]:
    """The connection settings of a configured database (complete, as Django filled them)."""
    return dict(connections[alias].settings_dict)


def require_postgresql(db: dict[str, Any]) -> None:
    engine = db.get("ENGINE", "")
    if not engine.endswith("postgresql"):
        raise BackupError(
            f"Backup and restore work on PostgreSQL only; this deployment uses {engine or 'no database'}. "
            "A laptop's SQLite database is one file (var/hallops.sqlite3): stop HallOps and copy it "
            "with var/media/. Production runs on PostgreSQL (DATABASE_URL=postgres://…)."
        )


def open_db(db: dict[str, Any]) -> Any:
    """A private connection (autocommit) to the database `db` describes, outside Django's
    connection handler: the backup's snapshot transaction and the restore's target database
    never disturb the connections the rest of the process uses."""
    from django.db.utils import load_backend

    backend = load_backend(db["ENGINE"])
    return backend.DatabaseWrapper(db, alias=f"backup-{db['NAME']}")


def libpq_env(db: dict[str, Any]) -> dict[str, str]:
    """pg_dump/pg_restore's connection settings as libpq environment variables (the password
    never appears on a command line)."""
    env = dict(os.environ)
    pairs = {"PGHOST": db.get("HOST"), "PGPORT": db.get("PORT"), "PGUSER": db.get("USER"),
             "PGPASSWORD": db.get("PASSWORD")}
    options = db.get("OPTIONS") or {}
    for option, variable in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT"),
                             ("sslcert", "PGSSLCERT"), ("sslkey", "PGSSLKEY"),
                             ("connect_timeout", "PGCONNECT_TIMEOUT"), ("service", "PGSERVICE"),
                             ("passfile", "PGPASSFILE"),
                             ("options", "PGOPTIONS")):
        if options.get(option):
            pairs[variable] = options[option]
    for variable, value in pairs.items():
        if value not in (None, ""):
            env[variable] = str(value)
    return env


def tool(name: str) -> str:
    """The path of pg_dump / pg_restore: in BACKUP_PG_BIN_DIR when set, else on PATH."""
    bin_dir = getattr(settings, "BACKUP_PG_BIN_DIR", "")
    found = shutil.which(name, path=bin_dir) if bin_dir else shutil.which(name)
    if not found:
        where = f"in BACKUP_PG_BIN_DIR ({bin_dir})" if bin_dir else "on PATH"
        raise BackupError(
            f"{name} was not found {where}. Install PostgreSQL's client programs of the server's "
            "major version (Debian: apt-get install postgresql-client) or set BACKUP_PG_BIN_DIR "
            "to the folder that holds them."
        )
    return found


def tool_major(path: str) -> int:
    output = subprocess.run([path, "--version"],  # noqa: S603 - a found PostgreSQL program
                            capture_output=True, text=True, check=False).stdout
    match = re.search(r"PostgreSQL\)? (\d+)", output)
    if not match:
        raise BackupError(f"Cannot read the version of {path}: {output.strip()!r}")
    return int(match.group(1))


def user_tables(cursor: Any) -> list[tuple[str, str]]:
    """(schema, table) of every table outside PostgreSQL's own schemas."""
    cursor.execute(
        "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
        "AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%' "
        "ORDER BY 1, 2"
    )
    return [(schema, name) for schema, name in cursor.fetchall()]


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def row_counts(cursor: Any) -> dict[str, int]:
    """Exact row counts (count(*), not estimates) of every table, keyed "schema.table"."""
    counts = {}
    for schema, name in user_tables(cursor):
        cursor.execute(f"SELECT count(*) FROM {_quote(schema)}.{_quote(name)}")  # noqa: S608
        counts[f"{schema}.{name}"] = cursor.fetchone()[0]
    return counts


def latest_migrations(cursor: Any) -> dict[str, str]:
    """The last migration applied per app (django_migrations; empty without that table)."""
    cursor.execute("SELECT to_regclass('django_migrations') IS NOT NULL")
    if not cursor.fetchone()[0]:
        return {}
    cursor.execute("SELECT DISTINCT ON (app) app, name FROM django_migrations "
                   "ORDER BY app, applied DESC, id DESC")
    return dict(cursor.fetchall())


def objects_in(cursor: Any) -> list[str]:
    """Relations and functions that make a database not empty (PostgreSQL's own excluded)."""
    cursor.execute(
        "SELECT n.nspname || '.' || c.relname FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') "
        "AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
        "AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%' "
        "UNION ALL "
        "SELECT n.nspname || '.' || p.proname || '()' FROM pg_proc p "
        "JOIN pg_namespace n ON n.oid = p.pronamespace "
        "WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') "
        "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass "
        "AND d.objid = p.oid AND d.deptype = 'e') "
        "ORDER BY 1"
    )
    return [row[0] for row in cursor.fetchall()]


# --- files ----------------------------------------------------------------------------------


def sha256_of(path: Path) -> dict[str, Any]:
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return {"sha256": digest.hexdigest(), "size": size}


class _Hashing:
    """A file reader that hashes what tarfile copies, so each media file is read once."""

    def __init__(self, fh: Any) -> None:
        self.fh = fh
        self.digest = hashlib.sha256()
        self.size = 0

    def read(self, size: int = -1) -> bytes:
        data = self.fh.read(size)
        self.digest.update(data)
        self.size += len(data)
        return data


def media_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def archive_media(root: Path, target: Path) -> dict[str, dict[str, Any]]:
    """Write the media folder into an (uncompressed: workbooks are zip files already) tar;
    return {relative path: {sha256, size}} of what was archived."""
    files: dict[str, dict[str, Any]] = {}
    with tarfile.open(target, "w", format=tarfile.PAX_FORMAT) as tar:
        for path in media_files(root):
            name = path.relative_to(root).as_posix()
            # Every file in full: a hard link (the volume seed links identical workbooks)
            # would be archived as a reference and restored as a link.
            stat = path.stat()
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode = stat.st_size, int(stat.st_mtime), stat.st_mode & 0o644
            with open(path, "rb") as fh:
                reader = _Hashing(fh)
                tar.addfile(info, reader)
            files[name] = {"sha256": reader.digest.hexdigest(), "size": reader.size}
    return files


def _tar_checksums(path: Path) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    with tarfile.open(path, "r") as tar:
        for member in tar:
            if not member.isfile():
                continue
            digest = hashlib.sha256()
            size = 0
            fh = tar.extractfile(member)
            assert fh is not None
            while chunk := fh.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
            found[member.name] = {"sha256": digest.hexdigest(), "size": size}
    return found


def _compare_files(expected: dict[str, dict[str, Any]], found: dict[str, dict[str, Any]],
                   where: str) -> list[str]:
    problems = []
    for name in sorted(set(expected) | set(found)):
        if name not in found:
            problems.append(f"{where}: {name} is missing")
        elif name not in expected:
            problems.append(f"{where}: {name} is not in the manifest")
        elif found[name] != expected[name]:
            problems.append(f"{where}: {name} differs (sha256 {found[name]['sha256'][:12]}…, "
                            f"{found[name]['size']} bytes; manifest: "
                            f"{expected[name]['sha256'][:12]}…, {expected[name]['size']} bytes)")
    return problems


def _version() -> dict[str, str | None]:
    from importlib.metadata import PackageNotFoundError, version

    try:
        hallops_version: str | None = version("hallops")
    except PackageNotFoundError:
        hallops_version = None
    commit = None
    git = shutil.which("git")
    if git:
        result = subprocess.run([git, "-C", str(settings.BASE_DIR), "rev-parse", "HEAD"],  # noqa: S603
                                capture_output=True, text=True, check=False)
        if result.returncode == 0:
            commit = result.stdout.strip()
    return {"hallops": hallops_version, "git_commit": commit}


# --- backup ---------------------------------------------------------------------------------


def _quiet(_message: str) -> None:
    pass


def backup(output: Path, *, db: dict[str, Any] | None = None, media_root: Path | None = None,
           log: Log = _quiet) -> dict[str, Any]:
    """Write a backup into `output` (a new or empty directory); return the manifest."""
    db = db or database_settings()
    require_postgresql(db)
    pg_dump = tool("pg_dump")
    media_root = Path(media_root or settings.MEDIA_ROOT)
    output = Path(output)
    if output.exists() and (not output.is_dir() or any(output.iterdir())):
        raise BackupError(f"{output} exists and is not an empty directory: give a new one.")
    created = not output.exists()
    output.mkdir(parents=True, exist_ok=True)
    try:
        return _backup(output, db, pg_dump, media_root, log)
    except BaseException:
        # A failed backup leaves nothing that could pass for one.
        for name in (DUMP, MEDIA, MANIFEST, MANIFEST_SUM):
            (output / name).unlink(missing_ok=True)
        if created:
            output.rmdir()
        raise


def _backup(output: Path, db: dict[str, Any], pg_dump: str, media_root: Path,
            log: Log) -> dict[str, Any]:
    started = time.monotonic()
    created_at = timezone.localtime()
    dump_major = tool_major(pg_dump)
    wrapper = open_db(db)
    try:
        with wrapper.cursor() as cursor:
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            try:
                cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version_num')::int, "
                               "current_setting('server_version')")
                snapshot, version_num, server_version = cursor.fetchone()
                server_major = version_num // 10000
                if dump_major < server_major:
                    raise BackupError(
                        f"pg_dump {dump_major} cannot dump a PostgreSQL {server_major} server: install "
                        f"postgresql-client {server_major} (or set BACKUP_PG_BIN_DIR).")
                log(f"Snapshot {snapshot} of {db['NAME']} (PostgreSQL {server_version}); dumping…")
                process = subprocess.Popen(  # noqa: S603 - fixed arguments, no shell
                    [pg_dump, "--format=custom", f"--snapshot={snapshot}", "--no-password",
                     f"--file={output / DUMP}", f"--dbname={db['NAME']}"],
                    env=libpq_env(db), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                )
                try:
                    # Counted in the exported snapshot while pg_dump reads the same one.
                    counts = row_counts(cursor)
                    migrations = latest_migrations(cursor)
                finally:
                    _out, errors = process.communicate()
                if process.returncode != 0:
                    raise BackupError(f"pg_dump failed ({process.returncode}): {errors.strip()}")
            finally:
                cursor.execute("ROLLBACK")
    finally:
        wrapper.close()
    dump_seconds = time.monotonic() - started
    log(f"Database: {len(counts)} tables, {sum(counts.values())} rows in {dump_seconds:.1f} s.")
    media_started = time.monotonic()
    media = archive_media(media_root, output / MEDIA)
    media_seconds = time.monotonic() - media_started
    log(f"Media: {len(media)} files in {media_seconds:.1f} s.")
    manifest = {
        "format": FORMAT,
        "created_at": created_at.isoformat(),
        "time_zone": str(created_at.tzinfo),
        "version": _version(),
        "database": {
            "name": db["NAME"], "server_version": server_version, "pg_dump_major": dump_major,
            "snapshot": snapshot,
        },
        "migrations": migrations,
        "row_counts": counts,
        "files": {DUMP: sha256_of(output / DUMP), MEDIA: sha256_of(output / MEDIA)},
        "media": media,
        "seconds": {"database": round(dump_seconds, 1), "media": round(media_seconds, 1)},
    }
    write_manifest(output, manifest)
    return manifest


def write_manifest(directory: Path, manifest: dict[str, Any]) -> None:
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n",
                                      encoding="utf-8")
    digest = sha256_of(directory / MANIFEST)["sha256"]
    (directory / MANIFEST_SUM).write_text(f"{digest}  {MANIFEST}\n", encoding="utf-8")


# --- verify ---------------------------------------------------------------------------------


def read_manifest(directory: Path) -> dict[str, Any]:
    """The manifest, once its own checksum matches; BackupError otherwise."""
    directory = Path(directory)
    if not (directory / MANIFEST).is_file():
        raise BackupError(f"{directory} holds no {MANIFEST}: not a HallOps backup.")
    if not (directory / MANIFEST_SUM).is_file():
        raise BackupError(f"{directory} holds no {MANIFEST_SUM}: the manifest cannot be checked.")
    expected = (directory / MANIFEST_SUM).read_text(encoding="utf-8").split()[0:1]
    if expected != [sha256_of(directory / MANIFEST)["sha256"]]:
        raise BackupError(f"{MANIFEST} does not match {MANIFEST_SUM}: the manifest was changed "
                          "or damaged.")
    manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r} (expected {FORMAT}).")
    return manifest


def verify_backup(directory: Path) -> Verification:
    """Check a backup directory by itself: the manifest's checksum, the dump's and the
    archive's, and every media file inside the archive."""
    directory = Path(directory)
    manifest = read_manifest(directory)
    result = Verification(tables=len(manifest["row_counts"]),
                          rows=sum(manifest["row_counts"].values()), files=len(manifest["media"]))
    found = {name: sha256_of(directory / name) for name in manifest["files"]
             if (directory / name).is_file()}
    result.problems += _compare_files(manifest["files"], found, "backup")
    if not result.problems:
        result.problems += _compare_files(manifest["media"], _tar_checksums(directory / MEDIA),
                                          MEDIA)
    return result


# --- restore --------------------------------------------------------------------------------


def restore(directory: Path, *, db: dict[str, Any] | None = None, media_root: Path | None = None,
            log: Log = _quiet) -> Verification:
    """Restore a backup into an empty database and an empty media folder, then verify them
    against the manifest. Refuses (BackupError, nothing changed) when the backup is damaged or
    either target is not empty."""
    db = db or database_settings()
    require_postgresql(db)
    pg_restore = tool("pg_restore")
    directory = Path(directory)
    media_root = Path(media_root or settings.MEDIA_ROOT)
    checked = verify_backup(directory)
    if not checked.ok:
        raise BackupError("The backup is damaged; nothing was restored:\n  " +
                          "\n  ".join(checked.problems))
    manifest = read_manifest(directory)
    restore_major = tool_major(pg_restore)
    if restore_major < manifest["database"]["pg_dump_major"]:
        raise BackupError(f"pg_restore {restore_major} cannot read a dump of pg_dump "
                          f"{manifest['database']['pg_dump_major']}: install a newer postgresql-client.")
    wrapper = open_db(db)
    try:
        with wrapper.cursor() as cursor:
            present = objects_in(cursor)
    finally:
        wrapper.close()
    if present:
        shown = ", ".join(present[:5]) + (" …" if len(present) > 5 else "")
        raise BackupError(
            f"The database {db['NAME']} is not empty ({len(present)} tables, sequences or functions: "
            f"{shown}); nothing was restored. Restore into a new, empty database "
            f"(createdb -T template0 NAME) and point DATABASE_URL at it.")
    if media_root.exists() and (not media_root.is_dir() or any(media_root.iterdir())):
        raise BackupError(f"The media folder {media_root} is not empty; nothing was restored. "
                          "Move it aside or set MEDIA_ROOT to a new, empty folder.")

    started = time.monotonic()
    log(f"Restoring {DUMP} into {db['NAME']}…")
    result = subprocess.run(  # noqa: S603 - fixed arguments, no shell
        [pg_restore, "--single-transaction", "--exit-on-error", "--no-owner", "--no-privileges",
         "--no-password", f"--dbname={db['NAME']}", str(directory / DUMP)],
        env=libpq_env(db), capture_output=True, text=True, check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed ({result.returncode}); the restore was rolled back, "
                          f"the database is still empty: {result.stderr.strip()}")
    wrapper = open_db(db)
    try:
        with wrapper.cursor() as cursor:
            cursor.execute("ANALYZE")  # pg_restore leaves the planner without statistics
    finally:
        wrapper.close()
    log(f"Database restored in {time.monotonic() - started:.1f} s.")
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(directory / MEDIA, "r") as tar:
        tar.extractall(media_root, filter="data")
    log(f"Media restored into {media_root}.")
    return verify_restored(manifest, db=db, media_root=media_root)


def verify_restored(manifest: dict[str, Any], *, db: dict[str, Any], media_root: Path) -> Verification:
    """Compare a deployment with a manifest: every table's exact row count, the latest
    migration per app, every media file's checksum."""
    wrapper = open_db(db)
    try:
        with wrapper.cursor() as cursor:
            counts = row_counts(cursor)
            migrations = latest_migrations(cursor)
    finally:
        wrapper.close()
    result = Verification(tables=len(counts), rows=sum(counts.values()))
    expected = manifest["row_counts"]
    for table in sorted(set(expected) | set(counts)):
        if table not in counts:
            result.problems.append(f"table {table} is missing")
        elif table not in expected:
            result.problems.append(f"table {table} is not in the manifest")
        elif counts[table] != expected[table]:
            result.problems.append(f"table {table}: {counts[table]} rows, manifest {expected[table]}")
    for app in sorted(set(manifest["migrations"]) | set(migrations)):
        if migrations.get(app) != manifest["migrations"].get(app):
            result.problems.append(f"migrations of {app}: {migrations.get(app)}, manifest "
                                   f"{manifest['migrations'].get(app)}")
    found = {path.relative_to(media_root).as_posix(): sha256_of(path)
             for path in media_files(media_root)}
    result.files = len(found)
    result.problems += _compare_files(manifest["media"], found, "media")
    return result


# --- the nightly backup ----------------------------------------------------------------------

PREFIX = "hallops-"


def backup_nightly(*, root: Path | None = None, keep: int | None = None, log: Log = _quiet) -> Path:
    """One backup into BACKUP_DIR/hallops-<local time>/, verified, then the oldest complete
    backups beyond BACKUP_KEEP removed (a failed run leaves no directory behind)."""
    root = Path(root or settings.BACKUP_DIR)
    keep = settings.BACKUP_KEEP if keep is None else keep
    if not str(root):
        raise BackupError("BACKUP_DIR is not set.")
    target = root / f"{PREFIX}{timezone.localtime():%Y%m%d-%H%M%S}"
    try:
        backup(target, log=log)
    except BaseException:
        if target.is_dir() and not any(target.iterdir()):
            target.rmdir()
        raise
    checked = verify_backup(target)
    if not checked.ok:
        raise BackupError(f"The backup {target} does not verify: {'; '.join(checked.problems)}")
    complete = sorted(p for p in root.iterdir()
                      if p.is_dir() and p.name.startswith(PREFIX) and (p / MANIFEST).is_file())
    for old in complete[:-keep] if keep > 0 else []:
        shutil.rmtree(old)
        log(f"Removed the old backup {old}.")
    return target
