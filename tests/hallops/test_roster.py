"""Roster (排班): the week grid, copying last week, warnings, and refused input."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from hallops.businessdate import week_start
from hallops.exceptions import DomainError
from hallops.models import AuditEntry, Post, RosterEntry, ShiftType
from hallops.services.roster import (
    roster_entry_create,
    roster_week_copy,
    roster_week_save,
    shift_type_create,
)
from tests import factories
from tests.hallops.helpers import english, flashed, say

ROSTER = "store_manager:roster"


@pytest.fixture
def week(world):
    """Next week's Monday and days: always inside the planning window."""
    monday = week_start(timezone.localdate()) + datetime.timedelta(days=7)
    return monday, [monday + datetime.timedelta(days=i) for i in range(7)]


def shift(store, code):
    return ShiftType.objects.get(store=store, code=code)


def value(store, shift_code, post_code):
    return f"{shift(store, shift_code).pk}:{Post.objects.get(code=post_code).pk}"


def grid_post(world, monday, cells: dict):
    """A full grid POST for store A: every (person, day) select, empty unless given."""
    data = {}
    for user in (world.sm_a, world.dm_a, world.clerk_a, world.ch_a):
        for i in range(7):
            day = monday + datetime.timedelta(days=i)
            data[f"cell-{user.pk}-{day:%Y%m%d}"] = cells.get((user.pk, day), "")
    return data


def roster_url(monday):
    return f"{reverse(ROSTER)}?week={monday:%Y-%m-%d}"


class TestWeekGrid:
    def test_it_creates_changes_and_clears_a_cell(self, world, clients, week):
        monday, days = week
        store, clerk = world.store_a, world.clerk_a
        url = roster_url(monday)

        response = clients.sm_a.post(
            url, grid_post(world, monday, {(clerk.pk, days[0]): value(store, "A", "counter")})
        )
        assert response.status_code == 302
        entry = RosterEntry.objects.get(store=store, user=clerk, date=days[0])
        assert (entry.shift_type.code, entry.post.code) == ("A", "counter")
        assert flashed(response) == [say("zh-hans", "Roster saved: %(count)d changes.", count=1)]
        created = AuditEntry.objects.get(action="roster.entry_created")
        assert created.store == store and created.actor == world.sm_a
        assert created.after["user"] == clerk.pk and created.after["date"] == days[0].isoformat()

        response = clients.sm_a.post(
            url, grid_post(world, monday, {(clerk.pk, days[0]): value(store, "C", "consult")})
        )
        assert response.status_code == 302
        entry = RosterEntry.objects.get(store=store, user=clerk, date=days[0])
        assert (entry.shift_type.code, entry.post.code) == ("C", "consult")
        assert AuditEntry.objects.filter(action="roster.entry_deleted").count() == 1
        assert AuditEntry.objects.filter(action="roster.entry_created").count() == 2

        response = clients.sm_a.post(url, grid_post(world, monday, {}))
        assert response.status_code == 302
        assert not RosterEntry.objects.filter(store=store).exists()
        deleted = AuditEntry.objects.filter(action="roster.entry_deleted").first()
        assert deleted.before["shift_type"] == shift(store, "C").pk

    def test_it_leaves_unchanged_cells_alone(self, world, clients, week):
        monday, days = week
        store = world.store_a
        cells = {(world.clerk_a.pk, days[1]): value(store, "A", "counter")}
        clients.sm_a.post(roster_url(monday), grid_post(world, monday, cells))
        before = AuditEntry.objects.count()
        response = clients.sm_a.post(roster_url(monday), grid_post(world, monday, cells))
        assert flashed(response)[-1] == say("zh-hans", "Roster saved: %(count)d changes.", count=0)
        assert AuditEntry.objects.count() == before

    def test_it_shows_the_saved_grid(self, world, clients, week):
        monday, days = week
        factories.roster(world.store_a, world.clerk_a, days[2], "C", "consult")
        response = clients.sm_a.get(roster_url(monday))
        assert response.status_code == 200
        selected = f'value="{value(world.store_a, "C", "consult")}" selected'
        assert selected in response.content.decode()
        # Store B's staff are not on store A's grid.
        assert f"cell-{world.clerk_b.pk}-" not in response.content.decode()

    def test_it_normalises_the_cell_choices_once_for_the_whole_grid(self, world, week):
        from hallops.selectors.roster import store_staff
        from roles.store_manager.forms import RosterGridForm

        monday, days = week
        form = RosterGridForm(store=world.store_a, days=days, staff=store_staff(world.store_a))
        fields = list(form.fields.values())
        assert len(fields) == 7 * len(form.staff) > 1
        # One list shared by every cell, not one normalised copy per <select>.
        assert all(f.choices is fields[0].choices for f in fields)
        assert [value for value, _label in fields[0].choices][0] == ""

    def test_it_keeps_the_posted_choices_and_escapes_them_when_refusing(self, world, clients, week):
        monday, days = week
        good = value(world.store_a, "A", "counter")
        data = grid_post(world, monday, {(world.clerk_a.pk, days[0]): good,
                                         (world.dm_a.pk, days[0]): '"><b>x'})
        response = clients.sm_a.post(roster_url(monday), data)
        assert response.status_code == 200
        html = response.content.decode()
        grid = html.split('class="table table-sm table-bordered align-middle roster-grid"')[1]
        # One option chosen in each select but the refused cell's, which matches none.
        assert grid.count(" selected") == grid.count("<select") - 1
        cell = html.split(f'name="cell-{world.clerk_a.pk}-{days[0]:%Y%m%d}"')[1].split("</select>")[0]
        assert f'<option value="{good}" selected>' in cell
        assert "<b>x" not in html


class TestCopyLastWeek:
    def test_it_copies_into_empty_days_only_and_skips_inactive_shifts(self, world, clients, week):
        monday, days = week
        store = world.store_a
        last = [d - datetime.timedelta(days=7) for d in days]
        factories.roster(store, world.clerk_a, last[0], "A", "counter")
        factories.roster(store, world.clerk_a, last[1], "A", "counter")
        factories.roster(store, world.dm_a, last[0], "A", "duty")
        factories.roster(store, world.ch_a, last[2], "C", "consult")
        ShiftType.objects.filter(store=store, code="C").update(is_active=False)
        # The clerk already has Monday planned: it stays as it is.
        factories.roster(store, world.clerk_a, days[0], "C", "consult")

        response = clients.sm_a.post(
            reverse("store_manager:roster_copy"), {"week": days[3].isoformat()}
        )
        assert response.status_code == 302
        assert response["Location"] == roster_url(monday)
        assert flashed(response) == [
            say("zh-hans", "Copied %(count)d shifts from last week.", count=2)
        ]
        this_week = RosterEntry.objects.filter(store=store, date__gte=monday)
        got = sorted((e.user.username, e.date, e.shift_type.code) for e in this_week)
        assert got == sorted([
            ("clerk_a", days[0], "C"),  # kept
            ("clerk_a", days[1], "A"),
            ("dm_a", days[0], "A"),
        ])
        audit = AuditEntry.objects.get(action="roster.week_copied")
        assert audit.after == {"week": monday.isoformat(),
                               "from": (monday - datetime.timedelta(days=7)).isoformat(),
                               "entries": 2}

    def test_it_does_not_copy_people_who_left_the_store(self, world, week):
        monday, days = week
        store = world.store_a
        factories.roster(store, world.clerk_a, days[0] - datetime.timedelta(days=7))
        world.clerk_a.role_assignments.update(is_active=False)
        assert roster_week_copy(actor=world.sm_a, store=store, monday=monday) == 0

    def test_it_refuses_a_week_far_ahead(self, world):
        far = week_start(timezone.localdate() + datetime.timedelta(days=400))
        with pytest.raises(DomainError, match="太远，排班最多提前"):
            roster_week_copy(actor=world.sm_a, store=world.store_a, monday=far)
        assert not AuditEntry.objects.exists()


class TestWarnings:
    def test_it_warns_of_missing_duty_manager_thin_counter_and_empty_days(
        self, world, clients, week
    ):
        monday, days = week
        store = world.store_a  # min_counter_staff defaults to 2
        factories.roster(store, world.clerk_a, days[0], "A", "counter")
        factories.roster(store, world.ch_a, days[0], "A", "counter")
        factories.roster(store, world.dm_a, days[1], "A", "duty")
        factories.roster(store, world.clerk_a, days[1], "A", "counter")
        for language in ("zh-hans", "en"):
            client = english(clients.sm_a) if language == "en" else clients.sm_a
            response = client.get(roster_url(monday))
            warnings = [(w.date, w.message) for w in response.context["warnings"]]
            assert (days[0], say(language, "No duty manager is rostered.")) in warnings
            thin = say(language, "Only %(count)d counter staff rostered; the store needs %(min)d.",
                       count=1, min=2)
            assert (days[1], thin) in warnings
            assert (days[1], say(language, "No duty manager is rostered.")) not in warnings
            for day in days[2:]:
                assert (day, say(language, "Nobody is rostered.")) in warnings
            assert say(language, "Nobody is rostered.") in response.content.decode()

    def test_it_is_quiet_for_a_fully_staffed_day(self, world, week):
        from hallops.selectors.roster import roster_week_grid

        monday, days = week
        store = world.store_a
        factories.roster(store, world.dm_a, days[0], "A", "duty")
        factories.roster(store, world.clerk_a, days[0], "A", "counter")
        factories.roster(store, world.ch_a, days[0], "C", "counter")
        _days, _rows, warnings = roster_week_grid(store, monday)
        assert [w for w in warnings if w.date == days[0]] == []


class TestBadInput:
    def test_it_refuses_staff_of_another_store_in_the_service(self, world, week):
        monday, days = week
        with pytest.raises(DomainError, match="不在本营业厅工作") as error:
            roster_entry_create(actor=world.sm_a, store=world.store_a, user=world.clerk_b,
                                date=days[0], shift_type=shift(world.store_a, "A"),
                                post=factories.post("counter"))
        assert error.value.field == "user"
        cells = {(world.clerk_a, days[0]): (shift(world.store_a, "A"), factories.post("counter")),
                 (world.clerk_b, days[0]): (shift(world.store_a, "A"), factories.post("counter"))}
        with pytest.raises(DomainError, match="不在本营业厅工作"):
            roster_week_save(actor=world.sm_a, store=world.store_a, monday=monday, cells=cells)
        # The whole grid is refused: not even the valid cell was saved.
        assert not RosterEntry.objects.exists()
        assert not AuditEntry.objects.exists()

    def test_it_refuses_another_stores_shift_type(self, world, week):
        _monday, days = week
        with pytest.raises(DomainError, match="该班次属于其他营业厅") as error:
            roster_entry_create(actor=world.sm_a, store=world.store_a, user=world.clerk_a,
                                date=days[0], shift_type=shift(world.store_b, "A"),
                                post=factories.post("counter"))
        assert error.value.field == "shift_type"
        assert not RosterEntry.objects.exists()

    @pytest.mark.parametrize("language", ["zh-hans", "en"])
    def test_it_refuses_a_grid_cell_for_another_stores_staff(self, world, clients, week, language):
        monday, days = week
        client = english(clients.sm_a) if language == "en" else clients.sm_a
        data = grid_post(world, monday, {(world.clerk_a.pk, days[0]):
                                         value(world.store_a, "A", "counter")})
        data[f"cell-{world.clerk_b.pk}-{days[0]:%Y%m%d}"] = value(world.store_a, "A", "counter")
        response = client.post(roster_url(monday), data)
        assert response.status_code == 200
        shown = [str(m) for m in response.context["messages"]]
        assert say(language, "That person does not work in this store.") in shown
        # Another store's staff stay unnamed: posting their id must not reveal who they are.
        assert not any(world.clerk_b.get_username() in m or (world.clerk_b.get_full_name() or "§") in m
                       for m in shown)
        assert not RosterEntry.objects.exists()
        assert not AuditEntry.objects.exists()

    @pytest.mark.parametrize("language", ["zh-hans", "en"])
    @pytest.mark.parametrize("bad", ["999999:1", "1:999999", "abc", "1:2:3", "-1:-1"])
    def test_it_refuses_unknown_shift_or_post_ids(self, world, clients, week, language, bad):
        monday, days = week
        client = english(clients.sm_a) if language == "en" else clients.sm_a
        factories.roster(world.store_a, world.clerk_a, days[0], "A", "counter")
        data = grid_post(world, monday, {(world.dm_a.pk, days[0]): bad})
        response = client.post(roster_url(monday), data)
        assert response.status_code == 200
        shown = [str(m) for m in response.context["messages"]]
        assert shown == [say(language, "Some cells hold a shift that does not exist; "
                                       "nothing was saved.")]
        # The existing entry (absent from this POST's valid cells) was not cleared.
        assert RosterEntry.objects.count() == 1
        assert not AuditEntry.objects.exists()

    def test_it_refuses_another_stores_shift_id_in_a_cell(self, world, clients, week):
        monday, days = week
        data = grid_post(world, monday, {(world.clerk_a.pk, days[0]):
                                         value(world.store_b, "A", "counter")})
        response = clients.sm_a.post(roster_url(monday), data)
        assert response.status_code == 200
        assert not RosterEntry.objects.exists()

    @pytest.mark.parametrize("language", ["zh-hans", "en"])
    @pytest.mark.parametrize(("offset", "msgid"), [
        (400, "%(date)s is too far ahead to plan; the roster reaches %(days)d days ahead."),
        (-400, "%(date)s is too far in the past to change the roster."),
    ])
    def test_it_refuses_dates_far_away(self, world, clients, language, offset, msgid):
        monday = week_start(timezone.localdate() + datetime.timedelta(days=offset))
        client = english(clients.sm_a) if language == "en" else clients.sm_a
        data = grid_post(world, monday, {(world.clerk_a.pk, monday):
                                         value(world.store_a, "A", "counter")})
        response = client.post(roster_url(monday), data)
        assert response.status_code == 200
        shown = [str(m) for m in response.context["messages"]]
        assert shown == [say(language, msgid, date=monday, days=120)]
        assert not RosterEntry.objects.exists()
        assert not AuditEntry.objects.exists()

    def test_it_ignores_a_malformed_week_parameter(self, world, clients):
        response = clients.sm_a.get(f"{reverse(ROSTER)}?week=not-a-date")
        assert response.status_code == 200
        assert response.context["monday"] == week_start(timezone.localdate())
        response = clients.sm_a.post(reverse("store_manager:roster_copy"), {"week": "2024-13-45"})
        assert response.status_code == 302
        assert flashed(response) == [say("zh-hans", "Choose a valid week.")]

    @pytest.mark.parametrize("language", ["zh-hans", "en"])
    def test_it_refuses_a_shift_type_ending_when_it_starts(self, world, language):
        from django.utils import translation

        with translation.override(language), pytest.raises(
                DomainError, match="结束时间不能与开始时间相同|cannot end at the time it starts") as error:
            shift_type_create(actor=world.sm_a, store=world.store_a, code="X", name="",
                              starts_at=datetime.time(9), ends_at=datetime.time(9))
        assert error.value.message == say(language, "A shift cannot end at the time it starts.")
        assert error.value.field == "ends_at"
        assert not ShiftType.objects.filter(code="X").exists()

    def test_the_database_refuses_a_shift_type_ending_when_it_starts(self, world):
        with pytest.raises(IntegrityError), transaction.atomic():
            ShiftType.objects.create(store=world.store_a, code="X", starts_at=datetime.time(9),
                                     ends_at=datetime.time(9))
        assert not ShiftType.objects.filter(code="X").exists()

    def test_it_refuses_a_night_shift_ending_after_the_day_starts(self, world):
        with pytest.raises(DomainError, match="前结束"):
            shift_type_create(actor=world.sm_a, store=world.store_a, code="N", name="",
                              starts_at=datetime.time(22), ends_at=datetime.time(7))
        shift_type = shift_type_create(actor=world.sm_a, store=world.store_a, code="N", name="",
                                       starts_at=datetime.time(22), ends_at=datetime.time(2))
        assert shift_type.crosses_midnight
        assert AuditEntry.objects.filter(action="shift_type.created").count() == 1

    def test_the_admin_explains_a_shift_type_ending_when_it_starts(self, world, admin_client):
        response = admin_client.post(reverse("admin:hallops_shifttype_add"), {
            "store": world.store_a.pk, "code": "X", "name": "",
            "starts_at": "09:00", "ends_at": "09:00", "is_active": "on",
        })
        assert response.status_code == 200
        errors = response.context["adminform"].form.errors
        assert errors["ends_at"] == [say("zh-hans", "A shift cannot end at the time it starts.")]
        assert not ShiftType.objects.filter(code="X").exists()
