"""Reads of attachments: a list of records' attachments in one query."""

from collections import defaultdict
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import Attachment


def with_attachments(records: Iterable[models.Model]) -> list:
    """Set `attachment_list` on each record (records of one or several models), in one query
    per model; returns the records as a list. Pages call it on the rows they show."""
    rows = list(records)
    by_model: dict[type[models.Model], list[models.Model]] = defaultdict(list)
    for record in rows:
        record.attachment_list = []  # type: ignore[attr-defined]
        by_model[type(record)].append(record)
    for model, items in by_model.items():
        content_type = ContentType.objects.get_for_model(model)  # cached after the first
        found = defaultdict(list)
        for attachment in Attachment.objects.filter(
                content_type=content_type, object_id__in=[r.pk for r in items]).order_by(
                "uploaded_at", "id"):
            found[attachment.object_id].append(attachment)
        for record in items:
            record.attachment_list = found.get(record.pk, [])  # type: ignore[attr-defined]
    return rows


def attachments_of(record: models.Model):
    return Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(type(record)), object_id=record.pk
    ).order_by("uploaded_at", "id")


def signed_off_days(store, days: Iterable) -> set:
    """Which of these business days have a countersigned duty log in the store (one query):
    records of those days have locked attachments (registrations.py)."""
    from hallops.models import DutyLog, DutyLogStatus

    days = set(days)
    if not days:
        return set()
    return set(DutyLog.objects.filter(store=store, business_date__in=days,
                                      status=DutyLogStatus.COUNTERSIGNED)
               .values_list("business_date", flat=True))


def day_problem_photos(store, day) -> list:
    """The day's inspection problems (checklist ticks) that carry photos or files, each with
    its `attachment_list`: one query when there are none, two when there are."""
    from hallops.models import ChecklistTick, TickStatus

    ticks = ChecklistTick.objects.filter(run__store=store, run__business_date=day,
                                         status=TickStatus.PROBLEM)
    found = defaultdict(list)
    for attachment in Attachment.objects.filter(
            store=store, content_type=ContentType.objects.get_for_model(ChecklistTick),
            object_id__in=ticks.values("pk")).order_by("uploaded_at", "id"):
        found[attachment.object_id].append(attachment)
    if not found:
        return []
    rows = list(ChecklistTick.objects.filter(pk__in=found).select_related("item")
                .order_by("at"))
    for tick in rows:
        tick.attachment_list = found[tick.pk]  # type: ignore[attr-defined]
    return rows
