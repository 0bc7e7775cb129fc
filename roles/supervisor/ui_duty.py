from django.utils.translation import gettext_lazy as _

from hallops.permissions import Role
from hallops.registry import register_nav

register_nav(roles=(Role.SUPERVISOR,), label=_("Duty logs"), url_name="supervisor:dutylogs",
             order=20)
register_nav(roles=(Role.SUPERVISOR,), label=_("Store ranking"), url_name="supervisor:ranking",
             order=15)
