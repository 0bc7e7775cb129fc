from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServiceConfig(AppConfig):
    """Service norms, service checks, mystery shoppers and the violations register; its ui.py
    and demo.py are discovered by HallopsConfig.ready."""

    name = "service"
    verbose_name = _("Service norms and checks")
