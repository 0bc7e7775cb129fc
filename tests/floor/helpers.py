"""Builders for the floor tests."""

import io

from openpyxl import Workbook

from floor.models import QueueType
from floor.services import floor_action_record, queue_reading_record


def queue(code="normal"):
    return QueueType.objects.get(code=code)


def reading(world, *, store=None, code="normal", desks=2, waiting=3, wait=4, at=None, actor=None):
    store = store or world.store_a
    actor = actor or (world.dm_a if store == world.store_a else world.dm_b)
    return queue_reading_record(actor=actor, store=store, at=at, readings=[
        {"queue_type": queue(code), "desks_open": desks, "waiting": waiting,
         "longest_wait_minutes": wait}])[0]


def action(world, *, store=None, kind="open_desk", code="normal"):
    store = store or world.store_a
    actor = world.dm_a if store == world.store_a else world.dm_b
    return floor_action_record(actor=actor, store=store, kind=kind, queue_type=queue(code))


def xlsx(rows, name="queue.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = name
    buffer.size = len(buffer.getvalue())
    return buffer


def csv_file(text, name="queue.csv", encoding="utf-8"):
    data = text.encode(encoding)
    buffer = io.BytesIO(data)
    buffer.name = name
    buffer.size = len(data)
    return buffer
