from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServiceConfig(AppConfig):
    name = "service"
    verbose_name = _("Service norms and checks")

    def ready(self) -> None:
        from . import demo, ui  # noqa: F401 - menus, panels, providers, demo step
