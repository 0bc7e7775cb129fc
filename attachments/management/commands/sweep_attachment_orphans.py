"""manage.py sweep_attachment_orphans: delete attachment files no row names, older than
settings.ATTACHMENT_ORPHAN_AGE_HOURS (what the nightly beat job does); `--dry-run` lists them."""

from django.core.management.base import BaseCommand

from attachments.services import orphan_files_sweep


class Command(BaseCommand):
    help = "Delete attachment files that no attachment row names (older than a day)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="list them, delete nothing")

    def handle(self, *args, dry_run=False, **options):
        names = orphan_files_sweep(dry_run=dry_run)
        for name in names:
            self.stdout.write(name)
        verb = "would delete" if dry_run else "deleted"
        self.stdout.write(f"{verb} {len(names)} orphan attachment files")
