"""Checklist kinds configured in the admin (issue 12): a weekly or monthly checklist for a role
shows on that role's home on its day, is run and ticked there, and its misses are counted;
the store manager's day (附件3) is such a kind."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.urls import reverse

from hallops.exceptions import DomainError
from hallops.models import (
    AuditEntry,
    ChecklistKind,
    ChecklistRun,
    ChecklistTemplate,
    ChecklistTick,
    KindCode,
    Recurrence,
    TickStatus,
)
from hallops.selectors.checklists import role_history
from hallops.services.checklists import checklist_item_tick, checklist_run_for_day
from tests.conftest import login

TZ = ZoneInfo("Asia/Shanghai")


def _next(weekday: int) -> dt.date:
    """The next `weekday` (0 = Monday) after today, at least two days ahead."""
    day = dt.date.today() + dt.timedelta(days=2)
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=TZ)


@pytest.fixture
def admin(db):
    user = get_user_model().objects.create_superuser("root", "root@example.com", "x")
    return login(user)


def _admin_add_kind(admin, *, code, name, role, recurrence, weekday="", day_of_month=""):
    response = admin.post(reverse("admin:hallops_checklistkind_add"), {
        "code": code, "name": name, "name_en": "", "role": role, "recurrence": recurrence,
        "weekday": weekday, "day_of_month": day_of_month, "starts_on": "2000-01-01",
        "order": "5", "is_active": "on",
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    return ChecklistKind.objects.get(code=code)


def _admin_add_template(admin, *, code, kind, items):
    data = {
        "code": code, "name": f"{code} 表", "name_en": "", "kind": kind, "store": "",
        "is_active": "on",
        "items-TOTAL_FORMS": str(len(items)), "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0", "items-MAX_NUM_FORMS": "1000",
    }
    for n, (text, due) in enumerate(items):
        data.update({
            f"items-{n}-order": str(10 * (n + 1)), f"items-{n}-code": f"{code}-{n}",
            f"items-{n}-text": text, f"items-{n}-text_en": "",
            f"items-{n}-due_kind": "time", f"items-{n}-due_time": due,
            f"items-{n}-grace_minutes": "15", f"items-{n}-reading_label": "",
            f"items-{n}-reading_kind": "text", f"items-{n}-reading_min": "",
            f"items-{n}-reading_max": "",
        })
    response = admin.post(reverse("admin:hallops_checklisttemplate_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return ChecklistTemplate.objects.get(code=code)


@pytest.fixture
def weekly(world, admin):
    """每周盘点: weekly on Monday for the store manager, two items with due times."""
    kind = _admin_add_kind(admin, code="stocktake_week", name="每周盘点", role="store_manager",
                           recurrence="weekly", weekday="0")
    _admin_add_template(admin, code="stocktake_week", kind="stocktake_week",
                        items=[("清点有价卡", "10:00"), ("清点终端及配件", "11:00")])
    return kind


def _home(user, url_name):
    return login(user).get(reverse(url_name)).content.decode()


def test_it_shows_a_weekly_kind_from_the_admin_on_its_weekday_for_its_role(world, weekly):
    monday, tuesday = _next(0), _next(1)
    with time_machine.travel(_at(monday, 9), tick=False):
        home = _home(world.sm_a, "store_manager:home")
        assert "每周盘点" in home and "0/2" in home
        # Not the duty manager's, not the clerk's.
        assert "每周盘点" not in _home(world.dm_a, "duty_manager:home")
        assert "每周盘点" not in _home(world.clerk_a, "clerk:home")
    with time_machine.travel(_at(tuesday, 9), tick=False):
        assert "每周盘点" not in _home(world.sm_a, "store_manager:home")
        page = login(world.sm_a).get(reverse("checklists:today", args=["stocktake_week"]))
        assert page.status_code == 200
        assert 'data-testid="not-due"' in page.content.decode()
    assert not ChecklistRun.objects.filter(kind=weekly).exists()


def test_it_shows_a_monthly_kind_on_its_day_of_the_month(world, admin):
    day = dt.date.today() + dt.timedelta(days=3)
    kind = _admin_add_kind(admin, code="fire_month", name="每月消防检查", role="duty_manager",
                           recurrence="monthly", day_of_month=str(day.day))
    _admin_add_template(admin, code="fire_month", kind="fire_month",
                        items=[("检查灭火器压力及有效期", "10:00")])
    with time_machine.travel(_at(day, 9), tick=False):
        assert "每月消防检查" in _home(world.dm_a, "duty_manager:home")
        assert "每月消防检查" not in _home(world.sm_a, "store_manager:home")
    with time_machine.travel(_at(day + dt.timedelta(days=1), 9), tick=False):
        assert "每月消防检查" not in _home(world.dm_a, "duty_manager:home")
    assert kind.occurs_on(day) and not kind.occurs_on(day - dt.timedelta(days=1))


def test_a_monthly_kind_past_the_months_end_falls_on_its_last_day():
    kind = ChecklistKind(code="m", role="store_manager", recurrence=Recurrence.MONTHLY,
                         day_of_month=31)
    assert kind.occurs_on(dt.date(2026, 2, 28))
    assert not kind.occurs_on(dt.date(2026, 2, 27))
    assert kind.occurs_on(dt.date(2026, 3, 31)) and not kind.occurs_on(dt.date(2026, 3, 30))


def test_the_admin_refuses_a_weekly_kind_without_its_weekday(world, admin):
    response = admin.post(reverse("admin:hallops_checklistkind_add"), {
        "code": "no_day", "name": "缺星期", "role": "store_manager", "recurrence": "weekly",
        "weekday": "", "day_of_month": "", "starts_on": "2000-01-01", "order": "0",
        "is_active": "on"})
    assert response.status_code == 200
    assert not ChecklistKind.objects.filter(code="no_day").exists()


def test_the_store_manager_runs_and_ticks_the_weekly_kind(world, weekly):
    monday = _next(0)
    with time_machine.travel(_at(monday, 9, 30), tick=False):
        sm = login(world.sm_a)
        page = sm.get(reverse("checklists:today", args=["stocktake_week"]))
        assert page.status_code == 200
        run = ChecklistRun.objects.get(kind=weekly, store=world.store_a, business_date=monday)
        item = run.template.items.order_by("order").first()
        response = sm.post(reverse("checklists:tick", args=[run.pk, item.pk]),
                           {"status": "done", "note": ""})
        assert response.status_code == 302
        tick = ChecklistTick.objects.get(run=run, item=item)
        assert (tick.status, tick.by, tick.is_late) == (TickStatus.DONE, world.sm_a, False)
        assert AuditEntry.objects.filter(action="checklist.item_ticked",
                                         object_id=str(tick.pk)).exists()
        assert "1/2" in sm.get(reverse("store_manager:home")).content.decode()
        # The duty manager may neither open nor tick it.
        dm = login(world.dm_a)
        assert dm.get(reverse("checklists:today", args=["stocktake_week"])).status_code == 403
        other = run.template.items.order_by("order").last()
        assert dm.post(reverse("checklists:tick", args=[run.pk, other.pk]),
                       {"status": "done"}).status_code == 403
        assert dm.post(reverse("duty_manager:checklist_tick", args=[run.pk, other.pk]),
                       {"status": "done"}).status_code == 403
        # Another store's store manager: 404.
        sm_b = login(world.sm_b)
        assert sm_b.get(reverse("checklists:run", args=[run.pk])).status_code == 404
        assert sm_b.post(reverse("checklists:tick", args=[run.pk, other.pk]),
                         {"status": "done"}).status_code == 404
    assert not ChecklistTick.objects.filter(run=run, item=other).exists()


def test_the_service_refuses_a_run_on_a_day_the_kind_does_not_fall_on(world, weekly):
    with pytest.raises(DomainError, match="无需执行"):
        checklist_run_for_day(actor=world.sm_a, store=world.store_a, kind="stocktake_week",
                              day=_next(2))
    with pytest.raises(DomainError, match="突发事件"):
        checklist_run_for_day(actor=world.dm_a, store=world.store_a,
                              kind=KindCode.POWER_OUTAGE)


def test_the_history_counts_the_misses(world, weekly):
    monday = _next(0)
    next_monday = monday + dt.timedelta(days=7)
    with time_machine.travel(_at(monday, 10, 30), tick=False):
        run = checklist_run_for_day(actor=world.sm_a, store=world.store_a, kind="stocktake_week")
        checklist_item_tick(actor=world.sm_a, run=run,
                            item=run.template.items.order_by("order").first(), status="done")
    # A week later: the first Monday missed one item; the second Monday (not started, closed)
    # missed both.
    with time_machine.travel(_at(next_monday, 20), tick=False):
        rows = role_history(world.store_a, "store_manager", monday, next_monday)
        weekly_rows = {r.day: r for r in rows if r.kind.code == "stocktake_week"}
        assert set(weekly_rows) == {monday, next_monday}
        assert (weekly_rows[monday].ticked, weekly_rows[monday].missed) == (1, 1)
        assert (weekly_rows[next_monday].run_id, weekly_rows[next_monday].missed) == (None, 2)
        page = login(world.sm_a).get(reverse("checklists:history"),
                                     {"month": f"{next_monday:%Y-%m}"})
        assert page.status_code == 200
        html = page.content.decode()
        assert "每周盘点" in html and 'data-testid="history-missed"' in html
        # The duty manager's history does not list it.
        dm_page = login(world.dm_a).get(reverse("checklists:history"),
                                        {"month": f"{next_monday:%Y-%m}"})
        assert "每周盘点" not in dm_page.content.decode()


def test_the_store_managers_day_is_reference_data_on_the_home(world):
    kind = ChecklistKind.objects.get(code="manager_day")
    assert kind.role == "store_manager" and kind.recurrence == Recurrence.DAILY
    items = ChecklistTemplate.objects.get(kind=kind, store__isnull=True).items.all()
    assert 6 <= len(items) <= 10
    assert all(i.text and i.text_en and i.due_time for i in items)
    day = dt.date.today() + dt.timedelta(days=1)
    with time_machine.travel(_at(day, 9, 10), tick=False):
        sm = login(world.sm_a)
        home = sm.get(reverse("store_manager:home")).content.decode()
        assert "厅经理日常工作" in home and f"0/{len(items)}" in home
        page = sm.get(reverse("checklists:today", args=["manager_day"]))
        assert page.status_code == 200
        run = ChecklistRun.objects.get(kind=kind, store=world.store_a, business_date=day)
        first = run.template.items.order_by("order").first()  # the 08:30 walk-through
        response = sm.post(reverse("checklists:tick", args=[run.pk, first.pk]),
                           {"status": "problem", "note": "门头灯箱不亮"})
        assert response.status_code == 302
        tick = ChecklistTick.objects.get(run=run, item=first)
        assert tick.status == TickStatus.PROBLEM and tick.is_late  # due 08:30, grace 30 min
        # A problem without a note is refused with a message, nothing saved.
        second = run.template.items.order_by("order")[1]
        response = sm.post(reverse("checklists:tick", args=[run.pk, second.pk]),
                           {"status": "problem", "note": ""}, follow=True)
        assert "问题" in response.content.decode()
        assert not ChecklistTick.objects.filter(run=run, item=second).exists()
        assert f"1/{len(items)}" in sm.get(reverse("store_manager:home")).content.decode()


def test_the_home_panel_costs_one_query(world, weekly, rf,
                                                  django_assert_max_num_queries):
    from hallops.ui import checklists_panel

    class Acting:
        store = world.store_a
        role = "store_manager"

    request = rf.get("/")
    request.acting = Acting()
    with time_machine.travel(_at(_next(0), 9), tick=False):
        run = checklist_run_for_day(actor=world.sm_a, store=world.store_a, kind="manager_day")
        checklist_item_tick(actor=world.sm_a, run=run, status="done",
                            item=run.template.items.order_by("order").first())
        with django_assert_max_num_queries(1):
            context = checklists_panel(request)
    due = {c.kind.code: c for c in context["checklists_due"]}
    assert set(due) == {"manager_day", "stocktake_week"}
    assert (due["manager_day"].run_id, due["manager_day"].ticked,
            due["manager_day"].total) == (run.pk, 1, 8)
    assert (due["stocktake_week"].run_id, due["stocktake_week"].total) == (None, 2)


def test_the_admin_keeps_a_kinds_code_once_it_exists(world, admin, weekly):
    url = reverse("admin:hallops_checklistkind_change", args=[weekly.pk])
    response = admin.post(url, {
        "code": "renamed", "name": "每周盘点", "name_en": "Weekly stock-take",
        "role": "store_manager", "recurrence": "weekly", "weekday": "3", "day_of_month": "",
        "starts_on": "2000-01-01", "order": "5", "is_active": "on"})
    assert response.status_code == 302
    weekly.refresh_from_db()
    assert (weekly.code, weekly.weekday, weekly.name_en) == ("stocktake_week", 3,
                                                            "Weekly stock-take")
