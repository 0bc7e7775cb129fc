from django.utils.translation import gettext_lazy as _

from hallops.permissions import Role
from hallops.registry import register_nav

register_nav(roles=(Role.STORE_MANAGER,), label=_("Cash"), url_name="store_manager:cash",
             order=30, group="cash")
register_nav(roles=(Role.STORE_MANAGER,), label=_("Discrepancy register"),
             url_name="store_manager:cash_register", order=31, group="cash")
