import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from hallops.exceptions import DomainError
from hallops.models import (
    AuditEntry,
    ChecklistItem,
    ChecklistRun,
    ChecklistTemplate,
    ChecklistTick,
    EquipmentFault,
    KindCode,
)
from hallops.selectors.checklists import run_rows, template_for
from hallops.services.checklists import checklist_item_tick
from tests.dutyops import helpers as h


def test_it_loads_the_reference_procedures_in_chinese(db):
    kinds = set(ChecklistTemplate.objects.filter(store__isnull=True).values_list("kind", flat=True))
    # The five kinds the code knows, and the store manager's day (附件3), as data.
    assert kinds == {*KindCode.values, "manager_day"}
    daily = ChecklistTemplate.objects.get(code="daily")
    assert daily.name == "值班经理每日工作流程表"
    assert daily.items.count() >= 10
    steps = ChecklistItem.objects.filter(template__code="power_outage")
    assert steps.filter(text__contains="UPS").exists()


def test_it_prefers_a_store_override_to_the_default_template(world):
    override = ChecklistTemplate.objects.create(code="daily-a", kind_id="daily", store=world.store_a,
                                                name="本厅流程")
    assert template_for(world.store_a, "daily") == override
    assert template_for(world.store_b, "daily").code == "daily"


def test_it_marks_a_tick_after_due_plus_grace_as_late(world):
    run = h.daily_run(world)
    item = h.first_item(run)  # due 08:15, 15 minutes' grace
    tz = timezone.get_current_timezone()
    on_time = datetime.datetime.combine(run.business_date, datetime.time(8, 25), tzinfo=tz)
    tick = checklist_item_tick(actor=world.dm_a, run=run, item=item, status="done", now=on_time)
    assert not tick.is_late
    second = run.template.items.order_by("order")[1]  # due 08:30
    late = datetime.datetime.combine(run.business_date, datetime.time(9, 10), tzinfo=tz)
    tick2 = checklist_item_tick(actor=world.dm_a, run=run, item=second, status="done", now=late)
    assert tick2.is_late
    assert AuditEntry.objects.filter(action="checklist.item_ticked").count() == 2


def test_it_shows_unticked_items_as_missed_after_close(world):
    run = h.daily_run(world)
    tz = timezone.get_current_timezone()
    after_close = datetime.datetime.combine(run.business_date, datetime.time(21, 0), tzinfo=tz)
    rows = run_rows(run, now=after_close)
    assert {r.state for r in rows} == {"missed"}


def test_it_refuses_a_problem_without_a_note_and_a_second_tick(world):
    run = h.daily_run(world)
    item = h.first_item(run)
    with pytest.raises(DomainError, match="在备注中说明问题"):
        checklist_item_tick(actor=world.dm_a, run=run, item=item, status="problem")
    checklist_item_tick(actor=world.dm_a, run=run, item=item, status="na")
    with pytest.raises(DomainError, match="完成此项") as error:
        checklist_item_tick(actor=world.dm_a, run=run, item=item, status="done")
    assert "dm_a" in error.value.message
    assert ChecklistTick.objects.filter(run=run).count() == 1


def test_it_requires_a_reading_where_the_item_asks_for_one(world):
    run = h.daily_run(world)
    item = run.template.items.get(requires_reading=True)
    with pytest.raises(DomainError, match="此项须填写读数"):
        checklist_item_tick(actor=world.dm_a, run=run, item=item, status="done")
    tick = checklist_item_tick(actor=world.dm_a, run=run, item=item, status="done", reading="280")
    assert tick.reading == "280.00"


@pytest.mark.parametrize("reading", ["-50", "abc", "1e9", "NaN", "300.01"])
def test_it_refuses_a_desk_float_reading_that_cannot_be_right(world, reading):
    run = h.daily_run(world)
    item = run.template.items.get(code="daily-08")  # highest desk float, cap 300 yuan
    with pytest.raises(DomainError) as error:
        checklist_item_tick(actor=world.dm_a, run=run, item=item, status="done", reading=reading)
    assert error.value.field == "reading"
    assert not ChecklistTick.objects.exists()


def test_it_takes_a_float_above_the_cap_as_a_problem(world):
    run = h.daily_run(world)
    item = run.template.items.get(code="daily-08")
    tick = checklist_item_tick(actor=world.dm_a, run=run, item=item, status="problem",
                               reading="450", note="3号台备用金超限，已收回")
    assert tick.reading == "450.00"


def test_it_keeps_a_room_temperature_within_its_range(world):
    run = h.daily_run(world, kind="opening")
    item = run.template.items.get(code="opening-03")
    with pytest.raises(DomainError):
        checklist_item_tick(actor=world.dm_a, run=run, item=item, status="done", reading="260")
    tick = checklist_item_tick(actor=world.dm_a, run=run, item=item, status="done",
                               reading="24 ℃")
    assert tick.reading == "24"


def test_it_opens_a_fault_from_an_inspection_problem(world, clients):
    run = h.daily_run(world, kind="opening")
    item = run.template.items.get(text__startswith="叫号机")
    eq = h.equipment(world)
    url = reverse("duty_manager:checklist_tick", args=[run.pk, item.pk])
    response = clients.dm_a.post(url, {"status": "problem", "note": "不出票",
                                       "open_fault": "on", "equipment": eq.pk})
    assert response.status_code == 302
    tick = ChecklistTick.objects.get(run=run, item=item)
    assert tick.fault is not None and tick.fault.equipment == eq
    assert EquipmentFault.objects.filter(store=world.store_a, status="open").count() == 1


def test_it_rejects_bad_tick_input_without_saving(world, clients):
    run = h.daily_run(world)
    item = h.first_item(run)
    url = reverse("duty_manager:checklist_tick", args=[run.pk, item.pk])
    for data in ({"status": "bogus"}, {"status": "problem"}, {"status": "done", "equipment": "x"}):
        response = clients.dm_a.post(url, data, follow=True)
        assert response.status_code == 200
        assert any(m.level_tag == "error" for m in response.context["messages"])
    assert not ChecklistTick.objects.exists()


def test_it_404s_an_item_of_another_template(world, clients):
    run = h.daily_run(world)
    other = ChecklistItem.objects.filter(template__code="closing").first()
    url = reverse("duty_manager:checklist_tick", args=[run.pk, other.pk])
    assert clients.dm_a.post(url, {"status": "done"}).status_code == 404


def test_it_renders_the_checklist_page_and_creates_todays_run_once(world, clients):
    for _ in range(2):
        response = clients.dm_a.get(reverse("duty_manager:checklist", args=["opening"]))
        assert response.status_code == 200
    assert ChecklistRun.objects.filter(store=world.store_a, kind="opening").count() == 1
    assert "叫号机工作正常" in response.content.decode()
    assert clients.dm_a.get(reverse("duty_manager:checklist", args=["nope"])).status_code == 404


def test_it_bounds_the_checklist_page_queries(world, clients, django_assert_max_num_queries):
    run = h.daily_run(world)
    for item in run.template.items.all()[:6]:
        checklist_item_tick(actor=world.dm_a, run=run, item=item, status="na")
    for _ in range(5):
        h.equipment(world)
    with django_assert_max_num_queries(20):
        clients.dm_a.get(reverse("duty_manager:checklist", args=["daily"]))


def test_it_lists_the_items_of_a_day_in_due_time_order(world, clients):
    run = h.daily_run(world)
    rows = run_rows(run)
    timed = [r.due_at for r in rows if r.due_at]
    assert timed == sorted(timed)
    assert all(r.due_at for r in rows[:len(timed)])  # untimed items come after
    twelve = run.template.items.get(due_time=datetime.time(12, 0))
    half_eleven = run.template.items.get(due_time=datetime.time(11, 30))
    order = [r.item.pk for r in rows]
    assert order.index(half_eleven.pk) < order.index(twelve.pk)
