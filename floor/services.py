"""Writes of the floor: queue readings (typed or imported), actions at peaks, thresholds, the
clerk's desk-ready check. Each is atomic and audited."""

from __future__ import annotations

import csv
import datetime
import io

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from hallops.businessdate import business_date
from hallops.exceptions import DomainError
from hallops.imports import MAX_BYTES, Column, ImportRefused, read_rows, text, whole_number
from hallops.models.base import MAX_MINUTES_IN_DAY
from hallops.periods import FUTURE_TOLERANCE
from hallops.services.audit import audit_record, snapshot

from .models import (
    MAX_DESKS,
    MAX_WAITING,
    ActionKind,
    DeskReadyCheck,
    DeskReadyItem,
    DeskReadyMark,
    FloorAction,
    FloorThreshold,
    QueueReading,
    QueueType,
    ReadingSource,
)


def threshold_for(store) -> FloorThreshold:
    """The store's thresholds (an unsaved row of defaults when it has none)."""
    return FloorThreshold.objects.filter(store=store).first() or FloorThreshold(store=store)


def _count(value, *, label: str, maximum: int, field: str) -> int:
    number = whole_number(value)
    if number is None or number < 0 or number > maximum:
        raise DomainError(
            _("%(label)s must be a whole number from 0 to %(max)d.") % {"label": label, "max": maximum},
            field=field)
    return number


def _checked(desks_open, waiting, longest_wait_minutes) -> tuple[int, int, int]:
    return (
        _count(desks_open, label=_("Desks open"), maximum=MAX_DESKS, field="desks_open"),
        _count(waiting, label=_("Tickets waiting"), maximum=MAX_WAITING, field="waiting"),
        _count(longest_wait_minutes, label=_("Longest wait"), maximum=MAX_MINUTES_IN_DAY,
               field="longest_wait_minutes"),
    )


@transaction.atomic
def queue_reading_record(*, actor, store, readings: list[dict], at: datetime.datetime | None = None,
                         ) -> list[QueueReading]:
    """Record the floor at one moment: for each queue, {queue_type, desks_open, waiting,
    longest_wait_minutes}. The level (green/amber/red) is set from the store's thresholds."""
    now = timezone.now()
    at = at or now
    if at > now + FUTURE_TOLERANCE:
        raise DomainError(_("The time of the reading cannot be in the future."), field="at")
    if not readings:
        raise DomainError(_("Enter at least one queue."))
    limits = threshold_for(store)
    day = business_date(at, store=store)
    seen: set[int] = set()
    out = []
    for values in readings:
        queue = values.get("queue_type")
        if not isinstance(queue, QueueType) or not queue.is_active:
            raise DomainError(_("Choose a queue."), field="queue_type")
        if queue.pk in seen:
            raise DomainError(_("Queue %(queue)s is entered twice.") % {"queue": queue.label})
        seen.add(queue.pk)
        desks, waiting, wait = _checked(values.get("desks_open"), values.get("waiting"),
                                        values.get("longest_wait_minutes"))
        out.append(QueueReading(
            store=store, queue_type=queue, at=at, business_date=day, desks_open=desks,
            waiting=waiting, longest_wait_minutes=wait, level=limits.level(waiting, wait),
            source=values.get("source", ReadingSource.TYPED), recorded_by=actor))
    QueueReading.objects.bulk_create(out)
    for reading in out:
        audit_record(actor=actor, store=store, action="queue_reading.recorded", obj=reading,
                     after=snapshot(reading))
    return out


# The queue machine's export: one row per queue and moment (the template on the import page).
IMPORT_COLUMNS = (
    Column("time", ("时间", "Time")),
    Column("queue", ("队列", "Queue")),
    Column("desks_open", ("开放台席", "Desks open")),
    Column("waiting", ("等候人数", "Waiting")),
    Column("longest_wait", ("最长等候(分钟)", "Longest wait (minutes)")),
)


def _csv_as_workbook(upload):
    """A CSV export read into a one-sheet workbook, so that read_rows checks it like .xlsx."""
    if (getattr(upload, "size", None) or 0) > MAX_BYTES:
        raise ImportRefused(_("The file is larger than %(mb)d MB.") % {"mb": MAX_BYTES // (1024 * 1024)})
    raw = upload.read()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            content = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportRefused(_("The CSV file is not in UTF-8 or GB18030 text."))
    workbook = Workbook()
    sheet = workbook.active
    try:
        for row in csv.reader(io.StringIO(content)):
            sheet.append(row)
    except csv.Error:
        raise ImportRefused(_("The CSV file cannot be read.")) from None
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def _moment(value, day: datetime.date) -> datetime.datetime | None:
    """A time cell (09:30, a datetime, or an Excel time) as a moment of `day`."""
    tz = timezone.get_current_timezone()
    if isinstance(value, datetime.datetime):
        return value if timezone.is_aware(value) else value.replace(tzinfo=tz)
    if isinstance(value, datetime.time):
        return datetime.datetime.combine(day, value, tzinfo=tz)
    raw = text(value)
    for fmt in ("%H:%M", "%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"):
        try:
            parsed = datetime.datetime.strptime(raw, fmt)
        except ValueError:
            continue
        if fmt.startswith("%H"):
            return datetime.datetime.combine(day, parsed.time(), tzinfo=tz)
        return parsed.replace(tzinfo=tz)
    return None


def parse_queue_export(upload, *, store, day: datetime.date) -> list[dict]:
    """The rows of an export as reading values, or ImportRefused listing every bad row."""
    name = (getattr(upload, "name", "") or "").lower()
    source = _csv_as_workbook(upload) if name.endswith(".csv") else upload
    rows = read_rows(source, columns=IMPORT_COLUMNS)
    queues = {q.code.lower(): q for q in QueueType.objects.filter(is_active=True)}
    queues.update({q.name.lower(): q for q in queues.values()})
    now = timezone.now()
    errors: list[str] = []
    parsed: list[dict] = []
    # A file imported twice would count every reading twice in the peaks.
    seen: set[tuple] = set(QueueReading.objects.filter(store=store, business_date=day)
                           .values_list("at", "queue_type_id"))
    existing = set(seen)
    for number, row in rows:
        problems: list[str] = []
        at = _moment(row.get("time"), day)
        if at is None:
            problems.append(_("the time is not a time such as 10:30"))
        elif at > now + FUTURE_TOLERANCE:
            problems.append(_("the time is in the future"))
        elif business_date(at, store=store) != day:
            problems.append(_("the time is not on the business date chosen"))
        queue = queues.get(text(row.get("queue")).lower())
        if queue is None:
            problems.append(_("unknown queue %(queue)s") % {"queue": text(row.get("queue")) or "—"})
        values = {}
        for key, label, maximum in (("desks_open", _("desks open"), MAX_DESKS),
                                    ("waiting", _("waiting"), MAX_WAITING),
                                    ("longest_wait", _("longest wait"), MAX_MINUTES_IN_DAY)):
            value = whole_number(row.get(key))
            if value is None or value < 0 or value > maximum:
                problems.append(_("%(label)s is not a whole number from 0 to %(max)d")
                                % {"label": label, "max": maximum})
            values[key] = value
        if at is not None and queue is not None:
            if (at, queue.pk) in existing:
                problems.append(_("this queue and time are already recorded"))
            elif (at, queue.pk) in seen:
                problems.append(_("the same queue and time appear twice"))
            seen.add((at, queue.pk))
        if problems:
            errors.append(_("Row %(row)d: %(problems)s") % {"row": number, "problems": "; ".join(problems)})
            continue
        parsed.append({"at": at, "queue_type": queue, "desks_open": values["desks_open"],
                       "waiting": values["waiting"], "longest_wait_minutes": values["longest_wait"]})
    if errors:
        raise ImportRefused.for_rows(errors)
    return parsed


@transaction.atomic
def queue_readings_import(*, actor, store, day: datetime.date, upload) -> int:
    """Import the queue machine's export for one business day: all rows or none."""
    rows = parse_queue_export(upload, store=store, day=day)
    limits = threshold_for(store)
    readings = [
        QueueReading(store=store, queue_type=r["queue_type"], at=r["at"], business_date=day,
                     desks_open=r["desks_open"], waiting=r["waiting"],
                     longest_wait_minutes=r["longest_wait_minutes"],
                     level=limits.level(r["waiting"], r["longest_wait_minutes"]),
                     source=ReadingSource.IMPORTED, recorded_by=actor)
        for r in rows
    ]
    QueueReading.objects.bulk_create(readings)
    audit_record(actor=actor, store=store, action="queue_reading.imported",
                 object_type="floor.queuereading",
                 after={"business_date": day.isoformat(), "rows": len(readings),
                        "file": getattr(upload, "name", "")[:100]})
    return len(readings)


@transaction.atomic
def floor_action_record(*, actor, store, kind: str, queue_type: QueueType | None = None,
                        reading: QueueReading | None = None, note: str = "",
                        at: datetime.datetime | None = None) -> FloorAction:
    """Log what was done at a peak (open a desk, send a greeter, move a clerk, step in)."""
    now = timezone.now()
    at = at or now
    if kind not in ActionKind.values:
        raise DomainError(_("Choose what was done."), field="kind")
    if at > now + FUTURE_TOLERANCE:
        raise DomainError(_("The time cannot be in the future."), field="at")
    if reading is not None and reading.store_id != store.pk:
        raise DomainError(_("That reading belongs to another store."))
    if queue_type is None and reading is not None:
        queue_type = reading.queue_type
    note = (note or "").strip()
    if len(note) > 300:
        raise DomainError(_("Keep the note under 300 characters."), field="note")
    action = FloorAction.objects.create(
        store=store, queue_type=queue_type, reading=reading, kind=kind, note=note, at=at,
        business_date=business_date(at, store=store), by=actor)
    audit_record(actor=actor, store=store, action="floor_action.recorded", obj=action,
                 after=snapshot(action))
    return action


@transaction.atomic
def floor_threshold_save(*, actor, store, amber_waiting: int, amber_wait_minutes: int,
                         red_waiting: int, red_wait_minutes: int) -> FloorThreshold:
    """Set the store's limits; red must not be below amber."""
    amber_waiting = _count(amber_waiting, label=_("Amber above (waiting)"), maximum=MAX_WAITING,
                           field="amber_waiting")
    red_waiting = _count(red_waiting, label=_("Red above (waiting)"), maximum=MAX_WAITING,
                         field="red_waiting")
    amber_wait_minutes = _count(amber_wait_minutes, label=_("Amber above (minutes)"),
                                maximum=MAX_MINUTES_IN_DAY, field="amber_wait_minutes")
    red_wait_minutes = _count(red_wait_minutes, label=_("Red above (minutes)"),
                              maximum=MAX_MINUTES_IN_DAY, field="red_wait_minutes")
    if red_waiting < amber_waiting:
        raise DomainError(_("The red limit of tickets waiting cannot be below the amber one."),
                          field="red_waiting")
    if red_wait_minutes < amber_wait_minutes:
        raise DomainError(_("The red limit of minutes cannot be below the amber one."),
                          field="red_wait_minutes")
    row = FloorThreshold.objects.select_for_update().filter(store=store).first()
    before = snapshot(row) if row else None
    row = row or FloorThreshold(store=store)
    row.amber_waiting, row.amber_wait_minutes = amber_waiting, amber_wait_minutes
    row.red_waiting, row.red_wait_minutes = red_waiting, red_wait_minutes
    row.updated_by = actor
    row.save()
    audit_record(actor=actor, store=store, action="floor_threshold.saved", obj=row,
                 before=before, after=snapshot(row))
    return row


@transaction.atomic
def desk_ready_check_record(*, actor, store, ready_item_ids, desk: str = "", note: str = "",
                            at: datetime.datetime | None = None) -> DeskReadyCheck:
    """The clerk's desk-ready check for today: the items ready; any missing needs a note."""
    at = at or timezone.now()
    day = business_date(at, store=store)
    items = list(DeskReadyItem.objects.filter(is_active=True))
    if not items:
        raise DomainError(_("No desk-ready items are configured; ask the administrator."))
    try:
        ready_ids = {int(i) for i in ready_item_ids}
    except (TypeError, ValueError):
        raise DomainError(_("Tick the items that are ready.")) from None
    known = {item.pk for item in items}
    if ready_ids - known:
        raise DomainError(_("Tick the items that are ready."))
    note, desk = (note or "").strip(), (desk or "").strip()
    if len(note) > 300:
        raise DomainError(_("Keep the note under 300 characters."), field="note")
    if len(desk) > 20:
        raise DomainError(_("Name the desk in 20 characters or fewer."), field="desk")
    all_ready = ready_ids == known
    if not all_ready and not note:
        raise DomainError(_("Say what is missing and what you did about it."), field="note")
    existing = DeskReadyCheck.objects.filter(store=store, clerk=actor, business_date=day).first()
    if existing is not None:
        raise DomainError(_("You already did today's desk-ready check at %(time)s.")
                          % {"time": timezone.localtime(existing.at).strftime("%H:%M")})
    try:
        with transaction.atomic():
            check = DeskReadyCheck.objects.create(store=store, clerk=actor, business_date=day,
                                                  desk=desk, at=at, all_ready=all_ready, note=note)
    except IntegrityError:
        raise DomainError(_("You already did today's desk-ready check.")) from None
    DeskReadyMark.objects.bulk_create(
        DeskReadyMark(check_run=check, item=item, ready=item.pk in ready_ids) for item in items)
    audit_record(actor=actor, store=store, action="desk_ready_check.recorded", obj=check,
                 after={**snapshot(check), "ready": sorted(ready_ids)})
    return check
