"""Roster (排班) write paths: shift types, entries, the week grid and copying a week."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from hallops.exceptions import DomainError
from hallops.models import Post, RoleAssignment, RosterEntry, ShiftType
from hallops.people import display_name
from hallops.permissions import STORE_ROLES
from hallops.registry import provided
from hallops.services.audit import audit_record, snapshot


def _check_date(day: datetime.date) -> None:
    today = timezone.localdate()
    if day > today + datetime.timedelta(days=settings.HALLOPS_ROSTER_MAX_DAYS_AHEAD):
        raise DomainError(
            _("%(date)s is too far ahead to plan; the roster reaches %(days)d days ahead.")
            % {"date": day, "days": settings.HALLOPS_ROSTER_MAX_DAYS_AHEAD},
            field="date",
        )
    if day < today - datetime.timedelta(days=settings.HALLOPS_ROSTER_MAX_DAYS_BACK):
        raise DomainError(
            _("%(date)s is too far in the past to change the roster.") % {"date": day},
            field="date",
        )


def _check_staff(store, user) -> None:
    works_here = RoleAssignment.objects.filter(
        user=user, store=store, role__in=STORE_ROLES, is_active=True
    ).exists()
    if not works_here:
        raise DomainError(
            _("%(name)s does not work in this store.")
            % {"name": display_name(user)},
            field="user",
        )


def shift_type_create(*, actor, store, code: str, name: str, starts_at, ends_at) -> ShiftType:
    if starts_at == ends_at:
        raise DomainError(_("A shift cannot end at the time it starts."), field="ends_at")
    if ends_at < starts_at and ends_at > store.day_starts_at:
        raise DomainError(
            _("A night shift must end by %(time)s, when the store's business day starts.")
            % {"time": store.day_starts_at.strftime("%H:%M")},
            field="ends_at",
        )
    if ShiftType.objects.filter(store=store, code=code).exists():
        raise DomainError(_("This store already has a shift %(code)s.") % {"code": code}, field="code")
    shift = ShiftType.objects.create(
        store=store, code=code, name=name, starts_at=starts_at, ends_at=ends_at
    )
    audit_record(actor=actor, store=store, action="shift_type.created", obj=shift,
                 after=snapshot(shift))
    return shift


@transaction.atomic
def roster_entry_create(*, actor, store, user, date, shift_type: ShiftType, post: Post) -> RosterEntry:
    _check_date(date)
    _check_staff(store, user)
    if shift_type.store_id != store.pk:
        raise DomainError(_("That shift belongs to another store."), field="shift_type")
    try:
        with transaction.atomic():
            entry = RosterEntry.objects.create(
                store=store, user=user, date=date, shift_type=shift_type, post=post
            )
    except IntegrityError:
        raise DomainError(_("This person is already on that shift that day."))
    # Approved leave covering the day (people app) marks the new shift "on leave" at once.
    if provided("leave_covers", store=store, user=user, date=date, shift_type=shift_type):
        entry.on_leave = True
        entry.save(update_fields=["on_leave"])
    audit_record(actor=actor, store=store, action="roster.entry_created", obj=entry,
                 after=snapshot(entry))
    provided("roster_changed", store=store, actor=actor,
             changes=[(user, date, shift_type.code, "added")])
    return entry


@transaction.atomic
def roster_entry_delete(*, actor, entry: RosterEntry) -> None:
    _check_date(entry.date)
    if entry.attendance.exists():
        raise DomainError(_("Someone has already clocked in for this shift; it stays."))
    before = snapshot(entry)
    store = entry.store
    audit_record(actor=actor, store=store, action="roster.entry_deleted", obj=entry, before=before)
    changes = [(entry.user, entry.date, entry.shift_type.code, "removed")]
    try:
        with transaction.atomic():
            entry.delete()
    except ProtectedError:
        # A shift swap (people app) names this shift: its record keeps the shift it traded.
        raise DomainError(_("This shift is part of a shift swap; it stays.")) from None
    provided("roster_changed", store=store, actor=actor, changes=changes)


@transaction.atomic
def roster_week_save(*, actor, store, monday: datetime.date, cells: dict) -> int:
    """Replace a week's roster from the grid.

    `cells` maps (user, date) to a (shift_type, post) pair or None for a day off. Cells not in
    the mapping are left as they are. Returns how many cells changed.
    """
    changed = 0
    days = {monday + datetime.timedelta(days=i) for i in range(7)}
    for (user, day), value in cells.items():
        if day not in days:
            raise DomainError(_("%(date)s is not in this week.") % {"date": day})
        current = list(
            RosterEntry.objects.filter(store=store, user=user, date=day).select_related(
                "shift_type", "post"
            )
        )
        wanted = value
        if wanted is None and not current:
            continue
        if (
            wanted is not None
            and len(current) == 1
            and current[0].shift_type_id == wanted[0].pk
            and current[0].post_id == wanted[1].pk
        ):
            continue
        for entry in current:
            roster_entry_delete(actor=actor, entry=entry)
        if wanted is not None:
            roster_entry_create(
                actor=actor, store=store, user=user, date=day, shift_type=wanted[0], post=wanted[1]
            )
        changed += 1
    return changed


@transaction.atomic
def roster_week_copy(*, actor, store, monday: datetime.date) -> int:
    """Copy the previous week's roster into the week starting `monday` (empty days only)."""
    source_monday = monday - datetime.timedelta(days=7)
    for offset in range(7):
        _check_date(monday + datetime.timedelta(days=offset))
    source = RosterEntry.objects.filter(
        store=store,
        date__gte=source_monday,
        date__lt=monday,
        shift_type__is_active=True,
        user__role_assignments__store=store,
        user__role_assignments__is_active=True,
    ).distinct()
    taken = set(
        RosterEntry.objects.filter(
            store=store, date__gte=monday, date__lt=monday + datetime.timedelta(days=7)
        ).values_list("user_id", "date")
    )
    new = [
        RosterEntry(
            store=store,
            user_id=e.user_id,
            date=e.date + datetime.timedelta(days=7),
            shift_type_id=e.shift_type_id,
            post_id=e.post_id,
        )
        for e in source
        if (e.user_id, e.date + datetime.timedelta(days=7)) not in taken
    ]
    RosterEntry.objects.bulk_create(new)
    # bulk_create sends no signal: the kept figures of those days (a week ahead is kept too,
    # for the regional yearly workbook) are marked stale here
    provided("month_figures_stale", store_id=store.pk,
             days=sorted({e.date for e in new}))
    # Approved leave of the copied week marks its shifts; a published month hears of them.
    provided("leave_mark_entries", store=store, start=monday,
             end=monday + datetime.timedelta(days=6))
    if new:
        users = {u.pk: u for u in get_user_model().objects.filter(
            pk__in={e.user_id for e in new})}
        codes = dict(ShiftType.objects.filter(store=store).values_list("pk", "code"))
        provided("roster_changed", store=store, actor=actor,
                 changes=[(users[e.user_id], e.date, codes.get(e.shift_type_id, ""), "added")
                          for e in new])
    audit_record(
        actor=actor,
        store=store,
        action="roster.week_copied",
        object_type="hallops.rosterentry",
        after={"week": monday.isoformat(), "from": source_monday.isoformat(), "entries": len(new)},
    )
    return len(new)
