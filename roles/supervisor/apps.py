from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisorConfig(AppConfig):
    name = "roles.supervisor"
    label = "role_supervisor"
    verbose_name = _("Regional supervisor pages")
