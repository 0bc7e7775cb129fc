from django.utils.translation import gettext_lazy as _

from hallops.businessdate import business_date
from hallops.models import TillSession
from hallops.permissions import Role
from hallops.registry import register_nav, register_panel

register_nav(roles=(Role.CLERK,), label=_("My till"), url_name="clerk:till", order=30)


@register_panel(roles=(Role.CLERK,), template="cash/panels/clerk_till.html", order=12)
def clerk_till_panel(request):
    """Today's till beside the tally: its status and what to do next."""
    store = request.acting.store
    day = business_date(store=store)
    sessions = list(TillSession.objects.filter(store=store, clerk=request.user, business_date=day)
                    .select_related("shift_type").order_by("shift_type__starts_at"))
    return {"till_day": day, "till_sessions": sessions}
