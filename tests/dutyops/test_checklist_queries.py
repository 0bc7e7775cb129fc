"""The duty manager's day summary reads the ticks of all the day's runs in one query."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from hallops.models import KindCode
from hallops.selectors.checklists import day_summaries
from hallops.services.checklists import checklist_item_tick
from tests.dutyops import helpers as h


def _tick_queries(store, day) -> int:
    with CaptureQueriesContext(connection) as ctx:
        summaries = day_summaries(store, day)
    assert all(s.total for s in summaries)
    return sum(1 for q in ctx.captured_queries if 'FROM "hallops_checklisttick"' in q["sql"])


def test_it_reads_the_ticks_of_all_the_days_runs_in_one_query(world):
    first = h.daily_run(world, kind=KindCode.OPENING)
    checklist_item_tick(actor=world.dm_a, run=first, item=h.first_item(first), status="done")
    for kind in (KindCode.DAILY, KindCode.CLOSING):
        run = h.daily_run(world, kind=kind)
        checklist_item_tick(actor=world.dm_a, run=run, item=h.first_item(run), status="done")
    assert _tick_queries(world.store_a, first.business_date) == 1
    ticked = [s.ticked for s in day_summaries(world.store_a, first.business_date)]
    assert ticked == [1, 1, 1]


def test_it_reads_the_shift_change_time_once_a_run_not_once_an_item(world):
    from hallops.models import DueKind
    from hallops.models.checklists import store_shift_change
    from hallops.selectors.checklists import run_rows

    run = h.daily_run(world)
    items = list(run.template.items.all())
    assert len(items) > 2
    type(items[0]).objects.filter(pk__in=[i.pk for i in items]).update(
        due_kind=DueKind.SHIFT_CHANGE)
    with CaptureQueriesContext(connection) as ctx:
        rows = run_rows(run)
    shift_reads = [q for q in ctx.captured_queries if 'FROM "hallops_shifttype"' in q["sql"]]
    assert len(shift_reads) == 1
    expected = store_shift_change(world.store_a)
    assert expected is not None
    assert {r.due_at.time() for r in rows} == {expected}


def test_it_reads_the_ticks_without_joining_every_run(world):
    run = h.daily_run(world)
    checklist_item_tick(actor=world.dm_a, run=run, item=h.first_item(run), status="done")
    with CaptureQueriesContext(connection) as ctx:
        day_summaries(world.store_a, run.business_date)
    ticks = [q["sql"] for q in ctx.captured_queries if 'FROM "hallops_checklisttick"' in q["sql"]]
    # The ticks' default ordering (run date, item order) joined the runs of every store.
    assert len(ticks) == 1 and "JOIN" not in ticks[0]
