from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DutyManagerConfig(AppConfig):
    name = "roles.duty_manager"
    label = "role_duty_manager"
    verbose_name = _("Duty manager pages")
