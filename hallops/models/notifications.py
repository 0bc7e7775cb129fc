from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .stores import Store


class Notification(models.Model):
    """An in-app message to one person.

    The text is kept as its untranslated message id plus parameters and translated when it is
    shown, so a notification raised by a Celery task reads in the recipient's language.
    """

    class Level(models.TextChoices):
        INFO = "info", _("Information")
        WARNING = "warning", _("Warning")
        DANGER = "danger", _("Urgent")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    store = models.ForeignKey(
        Store,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("store"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, default=Level.INFO)
    message_id = models.CharField(_("message"), max_length=255)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=255, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        message = gettext(self.message_id)
        try:
            return message % self.params if self.params else message
        except (KeyError, TypeError, ValueError):
            return message
