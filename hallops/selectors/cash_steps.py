"""What a till's next step waits for, and from whom, said before anyone presses a button.

The hand-in form used to be offered while it could only fail (the billing figures not in,
the store manager's approval pending); each reason showed only after pressing it.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from hallops.businessdate import business_date
from hallops.models import RoleAssignment, RosterEntry, TillSession
from hallops.permissions import Role


@dataclass
class Waiting:
    what: str  # translated: what the step waits for
    role: str  # translated role label of who must act
    people: list = field(default_factory=list)  # users who can act (may be empty)
    testid: str = ""


def people_to_act(store, role: str) -> list:
    """The store's active holders of `role`, those rostered today first."""
    holders = [a.user for a in RoleAssignment.objects.filter(
        store=store, role=role, is_active=True, user__is_active=True).select_related("user")]
    on_today = set(RosterEntry.objects.filter(
        store=store, date=business_date(store=store), user__in=holders
    ).values_list("user_id", flat=True))
    return sorted(holders, key=lambda u: (u.pk not in on_today, u.get_username()))


def handin_waits(session: TillSession, figures) -> list[Waiting]:
    """Why the counted till cannot be handed in yet (empty: the hand-in can go ahead)."""
    if session.status != TillSession.Status.COUNTED:
        return []
    waits = []
    if not figures.has_expected:
        waits.append(Waiting(
            what=_("Waiting for the duty manager to enter the expected takings from the "
                   "billing system (BOSS)."),
            role=str(Role.DUTY_MANAGER.label),
            people=people_to_act(session.store, Role.DUTY_MANAGER), testid="waiting-expected"))
        return waits
    wanted = {(line.method, line.kind, abs(line.difference)) for line in figures.differences}
    have = {(d.method, d.kind, d.amount) for d in session.differences.all()}
    if wanted != have:
        waits.append(Waiting(
            what=_("Waiting for you to explain every overage and shortage (below)."),
            role=str(Role.CLERK.label), testid="waiting-explanations"))
    if session.needs_approval and not session.approved_by_id:
        waits.append(Waiting(
            what=_("A difference is beyond tolerance: waiting for the store manager's "
                   "approval."),
            role=str(Role.STORE_MANAGER.label),
            people=people_to_act(session.store, Role.STORE_MANAGER), testid="needs-approval"))
    return waits
