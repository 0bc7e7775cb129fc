"""Workbooks of the past: ReportFile rows as the schedules would have left them (daily ones for
the last days, weekly and monthly ones for the whole range, the regional monthly ones).

One real workbook per kind is built with the report engine from the seeded data (the
latest period of the first store, and of its region); every other row gets a hard link to
that file (its own name, so rebuilding or deleting one row never touches another's file).
The content of those older rows is therefore the sample period's, not their own: rebuild a
row from the reports page to get its real figures."""

from __future__ import annotations

import datetime
import os
import secrets

from django.core.files.storage import default_storage

from hallops.businessdate import week_start
from hallops.periods import month_dates
from reports.models import Kind, ReportFile

from .base import ONE_DAY, Plan


def periods(kind: str, first: datetime.date, last: datetime.date, daily_days: int) -> list:
    """Complete periods of `kind` inside [first, last], oldest first."""
    out = []
    if kind == Kind.STORE_DAILY:
        day = max(first, last - datetime.timedelta(days=daily_days - 1))
        while day <= last:
            out.append((day, day))
            day += ONE_DAY
    elif kind == Kind.STORE_WEEKLY:
        monday = week_start(first)
        if monday < first:
            monday += datetime.timedelta(days=7)
        while monday + datetime.timedelta(days=6) <= last:
            out.append((monday, monday + datetime.timedelta(days=6)))
            monday += datetime.timedelta(days=7)
    else:
        month = first.replace(day=1)
        if month < first:
            month = month_dates(month)[1] + ONE_DAY
        while month_dates(month)[1] <= last:
            out.append(month_dates(month))
            month = month_dates(month)[1] + ONE_DAY
    return out


def _sample(kind: str, period, *, store=None, region=None, requested_by=None) -> ReportFile | None:
    """Build one real workbook of `kind` with the engine (as the worker would)."""
    from reports.services import report_build

    # Queued directly and built here: no broker needed to seed.
    report, _created = ReportFile.objects.get_or_create(
        kind=kind, store=store, region=region, period_start=period[0],
        defaults={"period_end": period[1], "requested_by": requested_by})
    if report.status != ReportFile.Status.DONE:
        report_build(report_id=report.pk)
        report.refresh_from_db()
    return report if report.status == ReportFile.Status.DONE else None


def _linked(sample: ReportFile, scope: str, kind: str, start: datetime.date) -> str:
    """A new name for the sample's content (a hard link; a copy where links are refused)."""
    name = f"reports/{scope}/{kind}-{start:%Y%m%d}-{secrets.token_hex(4)}.xlsx"
    try:
        source = default_storage.path(sample.file.name)
        target = default_storage.path(name)
    except NotImplementedError:  # not a file system: share the name
        return sample.file.name
    os.makedirs(os.path.dirname(target), exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        import shutil

        shutil.copyfile(source, target)
    return name


def seed_workbooks(plan: Plan) -> None:
    """Past workbooks of every store of the plan and of their regions."""
    writer = plan.writer
    stores = [s for s in plan.stores if plan.days(s)]
    if not stores:
        return
    first = stores[0]
    last_day = plan.days(first)[-1]
    samples = {}
    for kind in (Kind.STORE_DAILY, Kind.STORE_WEEKLY, Kind.STORE_MONTHLY):
        found = periods(kind, plan.first, last_day, plan.rates.daily_workbook_days)
        if found:
            samples[kind] = _sample(kind, found[-1], store=first)
    month = periods(Kind.REGION_MONTHLY, plan.first, last_day, 1)
    if month:
        samples[Kind.REGION_MONTHLY] = _sample(Kind.REGION_MONTHLY, month[-1], region=first.region)
    writer.forget_ids()  # the builds above wrote audit entries with the sequences
    have = set(ReportFile.objects.values_list("kind", "store_id", "region_id", "period_start"))
    scopes = [("store", s, s.code, plan.days(s)[-1]) for s in stores]
    regions = {s.region_id: s.region for s in stores}
    scopes += [("region", r, f"region-{r.code}", plan.last) for r in regions.values()]
    for what, scope, label, last in scopes:
        kinds = [Kind.REGION_MONTHLY] if what == "region" else [Kind.STORE_DAILY, Kind.STORE_WEEKLY,
                                                                 Kind.STORE_MONTHLY]
        for kind in kinds:
            sample = samples.get(kind)
            if sample is None:
                continue
            for start, end in periods(kind, plan.first, last, plan.rates.daily_workbook_days):
                key = (kind, scope.pk if what == "store" else None, scope.pk if what == "region" else None, start)
                if key in have:
                    continue
                built = datetime.datetime.combine(end, datetime.time(21, 30), tzinfo=plan.tz)
                if kind in (Kind.STORE_MONTHLY, Kind.REGION_MONTHLY):
                    built += ONE_DAY  # the monthly schedules run early in the next month
                if built > plan.now:
                    continue
                pk = writer.add(ReportFile, {
                    "kind": kind, "store_id": scope.pk if what == "store" else None,
                    "region_id": scope.pk if what == "region" else None, "period_start": start,
                    "period_end": end, "language": "zh-hans", "status": ReportFile.Status.DONE, "progress": 100,
                    "file": _linked(sample, label, kind, start), "file_size": sample.file_size,
                    "checksum": sample.checksum, "row_count": sample.row_count, "sheet_rows": sample.sheet_rows,
                    "requested_by_id": None, "schedule_id": None, "requested_at": built,
                    "started_at": built + datetime.timedelta(seconds=5),
                    "finished_at": built + datetime.timedelta(seconds=40), "lease_until": None, "attempts": 1,
                    "error": ""})
                plan.audit(store_id=scope.pk if what == "store" else None, actor_id=None, action="report.built",
                           model=ReportFile, object_id=pk, at=built + datetime.timedelta(seconds=40),
                           after={"kind": kind, "period_start": start})
