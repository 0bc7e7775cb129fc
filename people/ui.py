"""Menus, home-page panels and providers of leave, corrections, swaps and roster planning."""

import datetime

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hallops.businessdate import business_date
from hallops.permissions import STORE_ROLES, Role
from hallops.registry import register_link, register_nav, register_panel, register_provider
from hallops.scoping import store_scope
from hallops.selectors.attendance import records_needing_correction
from people.services import leave, roster

SM, DM = Role.STORE_MANAGER, Role.DUTY_MANAGER



def _in_store_scope(func):
    """The roster code of hallops may run outside a request (a task, a command): the providers
    read this app's store-scoped models in the scope of the store they are given."""

    def provider(*, store, **kwargs):
        with store_scope(store):
            return func(store=store, **kwargs)

    return provider


register_provider("leave_covers", _in_store_scope(leave.leave_covers))
register_provider("leave_mark_entries", _in_store_scope(leave.leave_mark_entries))
register_provider("staffing_warnings", _in_store_scope(roster.staffing_warnings))
register_provider("staffing_warnings_between",
                  _in_store_scope(roster.staffing_warnings_between))
register_provider("roster_changed", _in_store_scope(roster.roster_changes_record))

register_link("people.leave_mine", "people:leave_mine")
register_link("people.leave_review", "people:leave_review")
register_link("people.correction_mine", "people:correction_mine")
register_link("people.correction_review", "people:correction_review")
register_link("people.swap_mine", "people:swap_mine")
register_link("people.swap_review", "people:swap_review")
register_link("people.my_roster", "people:roster_month")

# One entry for the staff's own requests (the clerk's menu stays short and flat); the pages
# link to each other with tabs. The managers' decisions sit in the "Staff" group.
register_nav(roles=STORE_ROLES, label=_("Leave and swaps"), url_name="people:leave_mine",
             order=70, group="staff")
register_nav(roles=(SM,), label=_("Month roster"), url_name="people:roster_month", order=73,
             group="staff")
register_nav(roles=(SM,), label=_("Leave to decide"), url_name="people:leave_review", order=74,
             group="staff")
register_nav(roles=(SM,), label=_("Swaps to approve"), url_name="people:swap_review", order=75,
             group="staff")
register_nav(roles=(DM, SM), label=_("Corrections to decide"),
             url_name="people:correction_review", order=76, group="staff")
register_nav(roles=(SM,), label=_("Minimum staffing"), url_name="people:staffing", order=77,
             group="staff")


def _count(queryset):
    """How many rows of `queryset` (filtered on store=OuterRef("pk")), as a subquery."""
    rows = queryset.order_by().values("store").annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(rows), 0)


@register_panel(roles=(DM, SM), template="people/panels/requests.html", order=36)
def requests_panel(request):
    """What waits for the managers, read in one query (the home pages have a query budget)."""
    from hallops.models import AttendanceRecord, Store
    from people.models import (
        ClockCorrection,
        LeaveRequest,
        RequestStatus,
        RosterPublication,
        ShiftSwap,
        SwapStatus,
    )

    store = request.acting.store
    today = business_date(store=store)
    next_month = (timezone.localdate().replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    here = OuterRef("pk")
    counts = Store.objects.filter(pk=store.pk).annotate(
        corrections=_count(ClockCorrection.objects.filter(store=here,
                                                          status=RequestStatus.PENDING)),
        flagged=_count(AttendanceRecord.objects.filter(store=here, business_date__lt=today).filter(
            Q(clock_out__isnull=True) | Q(needs_correction=True))),
        leave=_count(LeaveRequest.objects.filter(store=here, status=RequestStatus.PENDING)),
        swaps=_count(ShiftSwap.objects.filter(store=here, status=SwapStatus.ACCEPTED)),
        next_published=Exists(RosterPublication.objects.filter(store=here, month=next_month)),
    ).values("corrections", "flagged", "leave", "swaps", "next_published").get()
    if request.acting.role != SM:
        counts.update(leave=None, swaps=None, next_published=True)
    elif not counts["next_published"]:
        counts.update(next_month=next_month, due=roster.publish_due_date(next_month))
    if not any(counts[k] for k in ("corrections", "flagged", "leave", "swaps")) \
            and counts["next_published"]:
        return None
    return {"people_counts": counts}


# The store manager sees open clock-ins and swaps in the panel above.
@register_panel(roles=tuple(r for r in STORE_ROLES if r != SM),
                template="people/panels/mine.html", order=25)
def my_requests_panel(request):
    store = request.acting.store
    today = business_date(store=store)
    from people.models import ShiftSwap, SwapStatus

    flagged = list(records_needing_correction(store, today, user=request.user)[:5])
    incoming = ShiftSwap.objects.filter(store=store, colleague=request.user,
                                        status=SwapStatus.PROPOSED).count()
    if not flagged and not incoming:
        return None
    return {"flagged": flagged, "incoming_swaps": incoming}
