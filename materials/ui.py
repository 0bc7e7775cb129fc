"""Menus, home-page panels and the duty-log section of materials (物料)."""

from django.utils.translation import gettext_lazy as _

from hallops.businessdate import business_date
from hallops.permissions import Role
from hallops.registry import (
    register_duty_log_section,
    register_nav,
    register_panel,
    register_provider,
)

from . import reconcile  # noqa: F401  (registers the daily report's materials check)

SM, DM, CLERK = (Role.STORE_MANAGER,), (Role.DUTY_MANAGER,), (Role.CLERK,)

register_nav(roles=SM, label=_("Materials"), url_name="store_manager:materials", order=50,
             group="cash")
register_nav(roles=SM, label=_("Stock in, out and balance"), url_name="store_manager:materials_report",
             order=51, group="cash")
register_nav(roles=DM, label=_("Materials"), url_name="duty_manager:materials", order=50,
             group="cash")
register_nav(roles=CLERK, label=_("My stock"), url_name="clerk:materials", order=35, group="cash")


@register_panel(roles=SM + DM, template="materials/panels/stock_warnings.html", order=40)
def stock_warnings_panel(request):
    """Items below their minimum in the storeroom, and stock-takes overdue."""
    from . import selectors

    store = request.acting.store
    if store is None:
        return {}
    day = business_date(store=store)
    items = list(selectors.active_items())
    room = selectors.storeroom_quantities(store)
    low = [selectors.LowStock(i, room[i.pk]) for i in items
           if i.pk in room and i.min_stock and room[i.pk] < i.min_stock]
    return {"low": low,
            "overdue": selectors.stocktakes_overdue(store, day, items, held=set(room)),
            "materials_url": ("store_manager:materials" if request.acting.role == Role.STORE_MANAGER
                              else "duty_manager:materials")}


@register_panel(roles=DM, template="materials/panels/publicity.html", order=41)
def publicity_panel(request):
    """For the opening inspection: publicity that expires today or has expired."""
    from . import selectors

    store = request.acting.store
    if store is None:
        return {}
    day = business_date(store=store)
    return {"expiring": list(selectors.publicity_to_take_down(store, day)), "today": day}


@register_panel(roles=CLERK, template="materials/panels/clerk_stock.html", order=13)
def clerk_stock_panel(request):
    from . import selectors

    store = request.acting.store
    if store is None:
        return {}
    held = selectors.clerk_quantities(store, request.user)
    items = {i.pk: i for i in selectors.ItemType.objects.filter(pk__in=list(held))}
    return {"holdings": [(items[pk], n, "") for pk, n in held.items() if pk in items]}


@register_duty_log_section(key="materials", title=_("Materials: the clerks' day"),
                           template="materials/dutylog_section.html", order=45)
def materials_section(store, day, shift_type):
    """Clerks whose value cards, SIM cards, gifts or invoices do not match their tally or
    daily report; publicity that should come down."""
    from . import selectors

    return {"mismatches": reconcile.store_day_mismatches(store, day),
            "expiring": list(selectors.publicity_to_take_down(store, day)), "today": day}


def _publicity_to_take_down(*, store, day):
    from . import selectors

    return list(selectors.publicity_to_take_down(store, day))


register_provider("publicity_to_take_down", _publicity_to_take_down)
