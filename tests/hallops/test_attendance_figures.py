"""The month page, the KPI table and the workbook count attendance the same way."""

import datetime
import random

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from hallops.models import AttendanceRecord
from hallops.selectors import kpi as kpi_selectors
from reports.sheets import SheetContext
from reports.sheets.attendance import AttendanceByPersonSheet
from reports.sheets.headlines_core import attended as headline_attended
from tests import factories

FIRST = datetime.date(2026, 3, 1)
TODAY = datetime.date(2026, 4, 1)


def _generate(world, seed=11):
    """A month of shifts: most clocked in (some late), some missed, some clock-ins unrostered."""
    rnd = random.Random(seed)
    tz = timezone.get_current_timezone()
    people = [world.clerk_a, world.dm_a, factories.make_user("clerk_a2", role="clerk",
                                                              store=world.store_a)]
    expected = {p.username: {"rostered": 0, "attended": 0, "unrostered": 0} for p in people}
    for offset in range(31):
        day = FIRST + datetime.timedelta(days=offset)
        for person in people:
            roll = rnd.random()
            start = datetime.datetime.combine(day, datetime.time(8, 30), tzinfo=tz)
            if roll < 0.6:
                entry = factories.roster(world.store_a, person, day)
                expected[person.username]["rostered"] += 1
                if rnd.random() < 0.8:
                    late = rnd.choice([0, 0, 9])
                    AttendanceRecord.objects.create(
                        store=world.store_a, user=person, business_date=day, roster_entry=entry,
                        clock_in=start + datetime.timedelta(minutes=late),
                        clock_out=start + datetime.timedelta(hours=8), late_minutes=late)
                    expected[person.username]["attended"] += 1
            elif roll < 0.75:
                AttendanceRecord.objects.create(
                    store=world.store_a, user=person, business_date=day, clock_in=start,
                    clock_out=start + datetime.timedelta(hours=4))
                expected[person.username]["unrostered"] += 1
    return expected


def test_it_counts_attendance_the_same_on_the_month_page_kpi_table_and_workbook(
        world, clients, monkeypatch):
    expected = _generate(world)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    page = clients.sm_a.get(reverse("store_manager:attendance") + "?month=2026-03")
    month = {r.user.username: (r.rostered, r.attended, r.late, r.absent, r.unrostered)
             for r in page.context["rows"]}
    kpi = {r.clerk.username: (r.rostered, r.attended, r.late, r.absent)
           for r in kpi_selectors.kpi_month(world.store_a, 2026, 3, today=TODAY)}
    ctx = SheetContext(kind="store_monthly", start=FIRST, end=datetime.date(2026, 3, 31),
                       stores=[world.store_a], today=TODAY)
    sheet = {row[1]: (row[2], row[3], row[4], row[7], row[8])
             for row in AttendanceByPersonSheet().rows(ctx)}
    for username, figures in expected.items():
        user = get_user_model().objects.get(username=username)
        name = f"{user.last_name}{user.first_name}".strip() or username
        m = month[username]
        # Attended = rostered shifts with a clock-in; unrostered clock-ins apart.
        assert (m[0], m[1], m[4]) == (figures["rostered"], figures["attended"],
                                       figures["unrostered"])
        assert m[3] == figures["rostered"] - figures["attended"]
        assert sheet[name] == m
        if username in kpi:
            assert kpi[username] == m[:4]
    headline = headline_attended([world.store_a], FIRST, datetime.date(2026, 3, 31), TODAY)
    assert headline[world.store_a.pk] == sum(f["attended"] for f in expected.values())
