"""manage.py rebuild_month_figures: recompute the store-month figures of the regional
workbooks (reports.summaries) for every active store, from a month on (default: January
of last year), and the store-day figures of the open month's closed days; `--stale` only the
rows a workbook would not use (missing, stale, outdated)."""

import datetime
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from hallops.periods import parse_month
from hallops.scoping import all_stores
from reports import summaries


class Command(BaseCommand):
    help = "Recompute the store-month figures the regional workbooks read."

    def add_arguments(self, parser):
        parser.add_argument("--since", help="first month, YYYY-MM (default: January of last year)")
        parser.add_argument("--stale", action="store_true",
                            help="only the missing, stale or outdated rows")

    def handle(self, *args, since=None, stale=False, **options):
        today = timezone.localdate()
        if since:
            first = parse_month(since)
            if first is None:
                raise CommandError("--since must be a month, YYYY-MM")
        else:
            first = datetime.date(today.year - 1, 1, 1)  # last year's yearly workbook too
        started = time.perf_counter()
        # every store's figures: an operator-wide job, in the named all-stores scope
        with all_stores("month_figures"):
            stores = summaries.active_stores()
            done = summaries.rebuild(stores, first, today, today, only_unusable=stale)
            days = summaries.rebuild_days(stores, today, only_unusable=stale)
            # the month so far summed, the days ahead kept and summed
            runs = summaries.keep_year(stores, today, only_unusable=stale)
        self.stdout.write(f"Store-month figures: {done} computed since {first:%Y-%m}, "
                          f"store-day figures of this month: {days}, "
                          f"runs of days summed: {runs}, "
                          f"in {time.perf_counter() - started:.1f} s.")

