"""Customer opinions and suggestions (客户意见、建议) with a reply deadline."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hallops.scoping import store_scoped

from .stores import Store


class OpinionChannel(models.TextChoices):
    ONSITE = "onsite", _("In the hall")
    OPINION_BOOK = "book", _("Opinion book")
    PHONE = "phone", _("Phone")
    HOTLINE = "10086", _("10086")
    ONLINE = "online", _("Online / app")
    OTHER = "other", _("Other")


class OpinionKind(models.TextChoices):
    OPINION = "opinion", _("Opinion")
    SUGGESTION = "suggestion", _("Suggestion")
    PRAISE = "praise", _("Praise")


class CustomerOpinion(models.Model):
    store = models.ForeignKey(
        Store, on_delete=models.CASCADE, related_name="customer_opinions", verbose_name=_("store")
    )
    business_date = models.DateField(_("business date"))
    channel = models.CharField(_("channel"), max_length=10, choices=OpinionChannel.choices)
    kind = models.CharField(
        _("kind"), max_length=12, choices=OpinionKind.choices, default=OpinionKind.OPINION
    )
    content = models.TextField(_("content"))
    customer_name = models.CharField(_("customer name"), max_length=60, blank=True)
    customer_phone = models.CharField(_("customer phone"), max_length=20, blank=True)
    received_at = models.DateTimeField(_("received at"))
    reply_due_at = models.DateTimeField(_("reply due"))
    reply = models.TextField(_("reply"), blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("replied by"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("recorded by"),
    )

    objects = store_scoped()

    class Meta:
        verbose_name = _("customer opinion")
        verbose_name_plural = _("customer opinions")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["store", "business_date"]),
            models.Index(fields=["store", "replied_at", "reply_due_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reply_due_at__gte=models.F("received_at")),
                name="customeropinion_due_after_received",
            )
        ]

    def __str__(self) -> str:
        return self.content[:60]

    @property
    def is_overdue(self) -> bool:
        moment = self.replied_at or timezone.now()
        return moment > self.reply_due_at

    @property
    def is_open(self) -> bool:
        return self.replied_at is None
