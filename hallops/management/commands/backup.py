"""Back up a PostgreSQL deployment: database dump, media archive and manifest.

    manage.py backup --output /srv/backups/hallops-2026-11-29

The directory must be new or empty. See hallops/backup.py for what is written and why the
row counts and the dump agree; README.md (Production) for scheduling and restoring.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hallops.backup import DUMP, MEDIA, BackupError, backup, database_settings


class Command(BaseCommand):
    help = "Write a consistent backup (pg_dump, media archive, manifest) of a PostgreSQL deployment."

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, type=Path,
                            help="a new or empty directory to write the backup into")
        parser.add_argument("--database", default="default",
                            help="the database alias to back up (default: default)")

    def handle(self, *args, output: Path, database: str, **options):
        log = self.stdout.write if options["verbosity"] >= 1 else (lambda _m: None)
        try:
            manifest = backup(output, db=database_settings(database), log=log)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        files = manifest["files"]
        self.stdout.write(self.style.SUCCESS(
            f"Backup written to {output}: {len(manifest['row_counts'])} tables, "
            f"{sum(manifest['row_counts'].values())} rows, {len(manifest['media'])} media files; "
            f"{DUMP} {files[DUMP]['size'] / 1e6:.1f} MB, {MEDIA} {files[MEDIA]['size'] / 1e6:.1f} MB."
        ))
