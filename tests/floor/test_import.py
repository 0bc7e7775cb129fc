"""The queue machine's export: .xlsx or .csv, all or nothing, every bad row listed."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from floor.models import Level, QueueReading, ReadingSource
from floor.services import queue_readings_import
from hallops.imports import ImportRefused
from hallops.models import AuditEntry

from .helpers import csv_file, xlsx

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")
DAY = dt.date(2025, 3, 12)
HEADER = ("时间", "队列", "开放台席", "等候人数", "最长等候(分钟)")


@pytest.fixture(autouse=True)
def _evening(world):
    world.store_a.day_starts_at = dt.time(0, 0)
    world.store_a.save()
    with time_machine.travel(dt.datetime(2025, 3, 12, 20, 0, tzinfo=TZ), tick=False), \
            translation.override("en"):
        yield


def test_it_imports_every_row_with_its_level(world):
    upload = xlsx([HEADER, ("10:00", "normal", 3, 25, 18), ("10:00", "VIP", 1, 2, 3),
                   (dt.time(11, 30), "综合", 2, 12, 5)])
    assert queue_readings_import(actor=world.dm_a, store=world.store_a, day=DAY, upload=upload) == 3
    rows = {r.queue_type.code: r for r in QueueReading.objects.filter(store=world.store_a)}
    assert rows["normal"].level == Level.RED and rows["normal"].desks_open == 3
    assert rows["general"].level == Level.AMBER
    assert rows["general"].at == dt.datetime(2025, 3, 12, 11, 30, tzinfo=TZ)
    assert all(r.source == ReadingSource.IMPORTED and r.business_date == DAY for r in rows.values())
    entry = AuditEntry.objects.get(action="queue_reading.imported")
    assert entry.after["rows"] == 3 and entry.store == world.store_a


def test_it_refuses_a_file_imported_twice(world):
    rows = [HEADER, ("10:00", "normal", 3, 25, 18)]
    queue_readings_import(actor=world.dm_a, store=world.store_a, day=DAY, upload=xlsx(rows))
    with pytest.raises(ImportRefused) as refused:
        queue_readings_import(actor=world.dm_a, store=world.store_a, day=DAY, upload=xlsx(rows))
    assert "already recorded" in refused.value.errors[0]
    assert QueueReading.objects.count() == 1
    # Store B imports the same file: its own readings.
    assert queue_readings_import(actor=world.dm_b, store=world.store_b, day=DAY, upload=xlsx(rows)) == 1


def test_it_imports_a_csv_in_gb18030_with_english_titles(world):
    upload = csv_file("Time,Queue,Desks open,Waiting,Longest wait (minutes)\n09:30,普通,2,5,6\n",
                      encoding="gb18030")
    assert queue_readings_import(actor=world.dm_a, store=world.store_a, day=DAY, upload=upload) == 1
    assert QueueReading.objects.get().queue_type.code == "normal"


def test_it_lists_every_bad_row_and_saves_nothing(world):
    upload = xlsx([HEADER,
                   ("10:00", "normal", 3, 25, 18),
                   ("25:99", "normal", 1, 1, 1),
                   ("10:00", "快速", 1, 1, 1),
                   ("10:15", "vip", -1, 1000, "abc"),
                   ("10:00", "normal", 3, 2, 1),
                   ("21:00", "normal", 1, 1, 1)])
    with pytest.raises(ImportRefused) as refused:
        queue_readings_import(actor=world.dm_a, store=world.store_a, day=DAY, upload=upload)
    errors = refused.value.errors
    assert [e.split(":")[0] for e in errors] == ["Row 3", "Row 4", "Row 5", "Row 6", "Row 7"]
    assert "not a time" in errors[0]
    assert "unknown queue 快速" in errors[1]
    assert errors[2].count("whole number") == 3
    assert "twice" in errors[3]
    assert "future" in errors[4]
    assert not QueueReading.objects.exists()
    assert not AuditEntry.objects.filter(action="queue_reading.imported").exists()


def test_it_refuses_wrong_columns_and_a_file_that_is_not_a_workbook(world):
    with pytest.raises(ImportRefused, match="Wrong columns"):
        queue_readings_import(actor=world.dm_a, store=world.store_a, day=DAY,
                              upload=xlsx([("时间", "队列"), ("10:00", "normal")]))
    with pytest.raises(ImportRefused, match="not an Excel workbook"):
        queue_readings_import(actor=world.dm_a, store=world.store_a, day=DAY,
                              upload=csv_file("garbage", name="queue.xlsx"))
    with pytest.raises(ImportRefused, match="UTF-8 or GB18030"):
        bad = csv_file("x", name="q.csv")
        bad.seek(0)
        bad.write(b"\xff\xfe\x00\xd8\x00")
        bad.seek(0)
        queue_readings_import(actor=world.dm_a, store=world.store_a, day=DAY, upload=bad)
    assert not QueueReading.objects.exists()


def test_the_page_lists_the_bad_rows_and_the_template_downloads(world, clients):
    upload = xlsx([HEADER, ("10:00", "normal", 3, 25, 18), ("10:00", "nope", 1, 1, 1)])
    response = clients.dm_a.post(reverse("floor:import"), {"day": "2025-03-12", "file": upload})
    assert response.status_code == 400
    assert "第3行" in response.content.decode()  # the page speaks the person's language
    assert not QueueReading.objects.exists()
    template = clients.dm_a.get(reverse("floor:import_template"))
    assert template.status_code == 200
    assert template["Content-Disposition"].endswith('template.xlsx"')
    import io

    from openpyxl import load_workbook
    sheet = load_workbook(io.BytesIO(template.content)).active
    assert [c.value for c in sheet[1]] == list(HEADER)
    # The template itself imports.
    template_upload = xlsx([[c.value for c in row] for row in sheet.iter_rows()])
    assert queue_readings_import(actor=world.dm_a, store=world.store_a, day=DAY,
                                 upload=template_upload) == 2
