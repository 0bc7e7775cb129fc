from django.utils.translation import gettext_lazy as _

from hallops.permissions import Role
from hallops.registry import register_nav

register_nav(roles=(Role.STORE_MANAGER, Role.SUPERVISOR), label=_("Workbooks"),
             url_name="reports:archive", order=700, group="reports")
