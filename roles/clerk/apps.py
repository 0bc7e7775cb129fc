from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClerkConfig(AppConfig):
    name = "roles.clerk"
    label = "role_clerk"
    verbose_name = _("Service clerk pages")
