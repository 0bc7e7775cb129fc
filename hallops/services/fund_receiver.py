"""Delegating the bank hand-over: the store manager grants or withdraws the fund-receiver
role (资金接收员) to a member of the store's staff (DOMAIN.md §3)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from hallops.exceptions import DomainError
from hallops.models import RoleAssignment
from hallops.people import display_name
from hallops.permissions import STORE_ROLES, Role
from hallops.services.audit import audit_record, snapshot


def _name(user) -> str:
    return display_name(user)


def _works_in(user, store) -> bool:
    """Holds another active role in `store` (the fund-receiver role alone does not count)."""
    return user.is_active and RoleAssignment.objects.filter(
        user=user, store=store, is_active=True,
        role__in=[r for r in STORE_ROLES if r != Role.FUND_RECEIVER],
    ).exists()


@transaction.atomic
def fund_receiver_grant(*, actor, store, user) -> RoleAssignment:
    """Make `user` a fund receiver of `store`; they must already work in that store."""
    if user is None or not _works_in(user, store):
        raise DomainError(
            _("%(name)s does not work in this store; only its own staff can receive its funds.")
            % {"name": _name(user) if user is not None else "?"}, field="user")
    assignment = (RoleAssignment.objects.select_for_update()
                  .filter(user=user, store=store, role=Role.FUND_RECEIVER).first())
    if assignment is not None and assignment.is_active:
        raise DomainError(_("%(name)s is already a fund receiver of this store.")
                          % {"name": _name(user)}, field="user")
    before = snapshot(assignment) if assignment is not None else None
    try:
        with transaction.atomic():
            if assignment is None:
                assignment = RoleAssignment.objects.create(user=user, store=store,
                                                           role=Role.FUND_RECEIVER)
            else:
                assignment.is_active = True
                assignment.save(update_fields=["is_active"])
    except IntegrityError:
        raise DomainError(_("%(name)s is already a fund receiver of this store.")
                          % {"name": _name(user)}, field="user") from None
    audit_record(actor=actor, store=store, action="fund_receiver.granted", obj=assignment,
                 before=before, after=snapshot(assignment))
    return assignment


@transaction.atomic
def fund_receiver_withdraw(*, actor, store, assignment: RoleAssignment) -> RoleAssignment:
    """Withdraw the fund-receiver role; the person keeps their other roles in the store."""
    locked = (RoleAssignment.objects.select_for_update()
              .filter(pk=assignment.pk, store=store, role=Role.FUND_RECEIVER).first())
    if locked is None or not locked.is_active:
        raise DomainError(_("That person is no longer a fund receiver of this store."))
    before = snapshot(locked)
    locked.is_active = False
    locked.save(update_fields=["is_active"])
    audit_record(actor=actor, store=store, action="fund_receiver.withdrawn", obj=locked,
                 before=before, after=snapshot(locked))
    return locked
