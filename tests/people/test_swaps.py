import datetime

import pytest
from django.utils import timezone

from hallops.exceptions import DomainError
from hallops.models import AuditEntry, Notification
from hallops.permissions import Role
from people.models import LeaveType, RosterChange, ShiftSwap, SwapStatus
from people.services.leave import leave_request_approve, leave_request_create
from people.services.roster import roster_month_publish
from people.services.swaps import (
    shift_swap_accept,
    shift_swap_approve,
    shift_swap_decline,
    shift_swap_propose,
    shift_swap_refuse,
)
from tests.factories import make_user, roster

pytestmark = pytest.mark.django_db


def soon(days=3):
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture
def clerk2(world):
    return make_user("clerk_a2", role=Role.CLERK, store=world.store_a, first_name="李", last_name="")


def test_two_clerks_swap_a_shift(world, clerk2):
    mine = roster(world.store_a, world.clerk_a, soon(3), "A")
    theirs = roster(world.store_a, clerk2, soon(4), "C")
    swap = shift_swap_propose(actor=world.clerk_a, store=world.store_a, mine=mine, theirs=theirs,
                              reason="孩子开家长会")
    assert Notification.objects.filter(recipient=clerk2).exists()
    with pytest.raises(DomainError, match="waiting for that"):
        shift_swap_approve(actor=world.sm_a, store=world.store_a, swap=swap)
    with pytest.raises(DomainError, match="Only the colleague"):
        shift_swap_accept(actor=world.dm_a, store=world.store_a, swap=swap)
    shift_swap_accept(actor=clerk2, store=world.store_a, swap=swap)
    shift_swap_approve(actor=world.sm_a, store=world.store_a, swap=swap)
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.user == clerk2 and theirs.user == world.clerk_a
    swap.refresh_from_db()
    assert swap.status == SwapStatus.APPROVED
    entry = AuditEntry.objects.get(action="shift_swap.approved")
    assert entry.after["given"]["user"] == clerk2.pk


def test_it_refuses_a_swap_leaving_a_shift_without_a_duty_manager(world, clerk2):
    duty = roster(world.store_a, world.dm_a, soon(3), "A", post_code="duty")
    counter = roster(world.store_a, world.clerk_a, soon(4), "A")
    with pytest.raises(DomainError, match="without a duty manager"):
        shift_swap_propose(actor=world.dm_a, store=world.store_a, mine=duty, theirs=counter)
    assert not ShiftSwap.objects.exists()


def test_it_rechecks_the_duty_manager_before_approval(world, clerk2):
    mine = roster(world.store_a, world.clerk_a, soon(3), "A")
    theirs = roster(world.store_a, clerk2, soon(4), "C")
    swap = shift_swap_propose(actor=world.clerk_a, store=world.store_a, mine=mine, theirs=theirs)
    shift_swap_accept(actor=clerk2, store=world.store_a, swap=swap)
    # The roster changed meanwhile: clerk2's shift became the duty manager's post.
    from tests.factories import post

    theirs.post = post("duty")
    theirs.save()
    with pytest.raises(DomainError, match="without a duty manager"):
        shift_swap_approve(actor=world.sm_a, store=world.store_a, swap=swap)
    mine.refresh_from_db()
    assert mine.user == world.clerk_a


def test_it_refuses_a_colleague_of_another_store_past_shifts_and_leave(world, clerk2):
    mine = roster(world.store_a, world.clerk_a, soon(3), "A")
    other = roster(world.store_b, world.clerk_b, soon(4), "A")
    with pytest.raises(DomainError, match="does not work in this store|another store"):
        shift_swap_propose(actor=world.clerk_a, store=world.store_a, mine=mine, theirs=other)
    past = roster(world.store_a, clerk2, timezone.localdate() - datetime.timedelta(days=1), "A")
    with pytest.raises(DomainError, match="in the past"):
        shift_swap_propose(actor=world.clerk_a, store=world.store_a, mine=mine, theirs=past)
    theirs = roster(world.store_a, clerk2, soon(5), "A")
    leave = leave_request_create(actor=clerk2, store=world.store_a,
                                 leave_type=LeaveType.objects.get(code="sick"),
                                 start_date=soon(5), end_date=soon(5))
    leave_request_approve(actor=world.sm_a, store=world.store_a, leave=leave)
    theirs.refresh_from_db()
    with pytest.raises(DomainError, match="on approved leave"):
        shift_swap_propose(actor=world.clerk_a, store=world.store_a, mine=mine, theirs=theirs)


def test_it_refuses_a_second_swap_of_the_same_shift(world, clerk2):
    mine = roster(world.store_a, world.clerk_a, soon(3), "A")
    theirs = roster(world.store_a, clerk2, soon(4), "C")
    shift_swap_propose(actor=world.clerk_a, store=world.store_a, mine=mine, theirs=theirs)
    with pytest.raises(DomainError, match="already in a swap"):
        shift_swap_propose(actor=world.clerk_a, store=world.store_a, mine=mine, theirs=theirs)


def test_decline_and_refusal(world, clerk2):
    mine = roster(world.store_a, world.clerk_a, soon(3), "A")
    theirs = roster(world.store_a, clerk2, soon(4), "C")
    swap = shift_swap_propose(actor=world.clerk_a, store=world.store_a, mine=mine, theirs=theirs)
    shift_swap_decline(actor=clerk2, store=world.store_a, swap=swap)
    swap.refresh_from_db()
    assert swap.status == SwapStatus.DECLINED
    swap = shift_swap_propose(actor=world.clerk_a, store=world.store_a, mine=mine, theirs=theirs)
    shift_swap_accept(actor=clerk2, store=world.store_a, swap=swap)
    with pytest.raises(DomainError, match="give a reason"):
        shift_swap_refuse(actor=world.sm_a, store=world.store_a, swap=swap, reason="")
    shift_swap_refuse(actor=world.sm_a, store=world.store_a, swap=swap, reason="当天人手紧张")
    mine.refresh_from_db()
    assert mine.user == world.clerk_a


def test_a_swap_in_a_published_month_is_tracked(world, clerk2):
    first = (timezone.localdate().replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    mine = roster(world.store_a, world.clerk_a, first, "A")
    theirs = roster(world.store_a, clerk2, first + datetime.timedelta(days=1), "C")
    roster_month_publish(actor=world.sm_a, store=world.store_a, month=first)
    swap = shift_swap_propose(actor=world.clerk_a, store=world.store_a, mine=mine, theirs=theirs)
    shift_swap_accept(actor=clerk2, store=world.store_a, swap=swap)
    shift_swap_approve(actor=world.sm_a, store=world.store_a, swap=swap)
    assert RosterChange.objects.filter(kind="swapped").count() == 2


def test_the_roster_grid_cannot_delete_a_shift_a_swap_names(world, clerk2):
    """Found by the fuzz test: clearing such a cell answered 500 (ProtectedError)."""
    from hallops.services.roster import roster_week_save

    mine = roster(world.store_a, world.clerk_a, soon(3), "A")
    theirs = roster(world.store_a, clerk2, soon(4), "C")
    shift_swap_propose(actor=world.clerk_a, store=world.store_a, mine=mine, theirs=theirs,
                       reason="家里有事")
    monday = mine.date - datetime.timedelta(days=mine.date.weekday())
    with pytest.raises(DomainError, match="shift swap"):
        roster_week_save(actor=world.sm_a, store=world.store_a, monday=monday,
                         cells={(world.clerk_a, mine.date): None})
    assert type(mine).objects.filter(pk=mine.pk).exists()
