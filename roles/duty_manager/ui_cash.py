"""Cash: menu entries, the warning panel on the managers' home pages, and the cash section
of the duty log (值班经理日志)."""


from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hallops.businessdate import business_date
from hallops.models import DiscrepancyKind, TailCashRecord, TillDifference, TillSession
from hallops.money import ZERO
from hallops.permissions import Role
from hallops.registry import register_duty_log_section, register_nav, register_panel
from hallops.selectors.cash import awaiting_approval, tail_cash_warnings

register_nav(roles=(Role.DUTY_MANAGER,), label=_("Cash board"), url_name="duty_manager:cash_board",
             order=30, group="cash")


@register_panel(roles=(Role.DUTY_MANAGER, Role.STORE_MANAGER), template="cash/panels/warnings.html",
                order=25)
def cash_warnings_panel(request):
    store = request.acting.store
    day = business_date(store=store)
    waiting = TillSession.objects.filter(store=store, status=TillSession.Status.HANDED_IN).count()
    return {
        "tail_over": tail_cash_warnings(store),
        "approvals": list(awaiting_approval(store)[:10]),
        "handins_waiting": waiting,
        "cash_day": day,
    }


@register_duty_log_section(key="cash", title=_("Cash"), template="duty_log/sections/cash.html",
                           order=60)
def cash_section(store, day, shift_type):
    sessions = TillSession.objects.filter(store=store, business_date=day)
    if shift_type is not None:
        sessions = sessions.filter(Q(shift_type=shift_type) | Q(shift_type__isnull=True))
    sessions = list(sessions.select_related("clerk", "shift_type", "handin")
                    .prefetch_related("drops").order_by("clerk__username"))
    differences = list(TillDifference.objects.filter(session__in=sessions)
                       .select_related("session__clerk", "reason").order_by("kind", "id"))
    return {
        "cash_sessions": sessions,
        "floats": sum((s.opening_float for s in sessions), ZERO),
        "drops": sum((d.amount for s in sessions for d in s.drops.all()), ZERO),
        "confirmed_cash": sum((s.handin.received_cash for s in sessions
                               if s.status == TillSession.Status.CONFIRMED), ZERO),
        "overages": [d for d in differences if d.kind == DiscrepancyKind.OVERAGE],
        "shortages": [d for d in differences if d.kind == DiscrepancyKind.SHORTAGE],
        "tail": TailCashRecord.objects.filter(store=store, business_date=day).first(),
    }
