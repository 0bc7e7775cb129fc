from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttachmentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "attachments"
    verbose_name = _("Attachments")

    def ready(self) -> None:
        # The records photos and files may be attached to (one line each).
        from . import registrations  # noqa: F401
