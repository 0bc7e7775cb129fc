from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MaterialsConfig(AppConfig):
    name = "materials"
    verbose_name = _("Materials and invoices")

    def ready(self) -> None:
        from . import sheets, ui  # noqa: F401  (workbook sheets, menus, panels, duty log, demo)
