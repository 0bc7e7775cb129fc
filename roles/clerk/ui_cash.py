from django.utils.translation import gettext_lazy as _

from hallops.permissions import Role
from hallops.registry import register_nav

register_nav(roles=(Role.CLERK,), label=_("My till"), url_name="clerk:till", order=30)
