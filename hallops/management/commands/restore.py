"""Restore a backup into an EMPTY database and an EMPTY media folder, then verify it.

    manage.py restore /srv/backups/hallops-2026-11-29                # restore and verify
    manage.py restore --verify-only /srv/backups/hallops-2026-11-29  # check the backup's checksums

The target is the configured database (DATABASE_URL) and MEDIA_ROOT. The command refuses,
changing nothing, when the backup's checksums do not match or either target is not empty,
and exits non-zero when the restored rows or files differ from the manifest.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hallops.backup import BackupError, Verification, database_settings, restore, verify_backup


class Command(BaseCommand):
    help = "Restore a HallOps backup into an empty database and media folder and verify it."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="the backup directory (manage.py backup --output)")
        parser.add_argument("--verify-only", action="store_true",
                            help="only check the backup's own checksums; restore nothing")
        parser.add_argument("--database", default="default",
                            help="the database alias to restore into (default: default)")

    def handle(self, *args, directory: Path, verify_only: bool, database: str, **options):
        log = self.stdout.write if options["verbosity"] >= 1 else (lambda _m: None)
        try:
            if verify_only:
                result = verify_backup(directory)
                what = "Backup"
            else:
                result = restore(directory, db=database_settings(database), log=log)
                what = "Restore"
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self._report(what, result)

    def _report(self, what: str, result: Verification) -> None:
        summary = f"{result.tables} tables, {result.rows} rows, {result.files} media files"
        if result.ok:
            self.stdout.write(self.style.SUCCESS(f"{what} verified against the manifest: {summary}."))
            return
        raise CommandError(f"{what} does NOT match the manifest ({summary}):\n  " +
                           "\n  ".join(result.problems))
