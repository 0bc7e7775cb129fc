"""Menus and home-page panels of the staff, training, assessment and team pages."""

from django.utils.translation import gettext_lazy as _

from hallops.permissions import STORE_ROLES, Role
from hallops.registry import register_nav, register_panel
from hr import selectors

SM = (Role.STORE_MANAGER,)
STAFF = tuple(r for r in STORE_ROLES if r != Role.STORE_MANAGER)

register_nav(roles=SM, label=_("Staff"), url_name="hr:staff_list", order=5, group="staff")
register_nav(roles=SM, label=_("Monthly assessment"), url_name="hr:assessments", order=25, group="staff")
register_nav(roles=SM + (Role.DUTY_MANAGER,), label=_("Training"), url_name="hr:trainings", order=26,
             group="staff")
register_nav(roles=SM, label=_("Team activities"), url_name="hr:activities", order=27, group="staff")
register_nav(roles=SM, label=_("Management stories"), url_name="hr:stories", order=28, group="staff")
register_nav(roles=(Role.SUPERVISOR,), label=_("Assessment ranking"), url_name="hr:assessment_ranking",
             order=60)
register_nav(roles=STAFF, label=_("My assessments"), url_name="hr:my_assessments", order=90, group="staff")
register_nav(roles=STAFF, label=_("My training"), url_name="hr:my_trainings", order=91, group="staff")


@register_panel(roles=SM, template="hr/panels/certificates.html", order=40)
def certificates_panel(request):
    rows = selectors.expiring_certificates(request.acting.store)
    if not rows:
        return None
    return {"certificates": rows}


@register_panel(roles=STORE_ROLES, template="hr/panels/mine.html", order=45)
def my_panel(request):
    pending = selectors.my_pending(request.user)
    if not pending["assessments"] and not pending["trainings"]:
        return None
    return pending
