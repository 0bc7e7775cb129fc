"""Urgent events and their delivery (issue 12, "being told").

A service raises an event through `hallops.events.emit`; the event is recorded once per
idempotency key (`Event.key` is unique) with one `Delivery` per person and channel (in-app,
e-mail) and per group-bot webhook, routed by `NotificationRoute` (event → role → channel).
E-mail and webhook deliveries are sent by a Celery task with retries and backoff; their status
is shown read-only in the admin. A webhook URL carries the robot's key: it is stored here and
shown masked everywhere else (`masked_url`).
"""

from urllib.parse import parse_qsl, quote, urlsplit, urlunsplit

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hallops.permissions import Role

from .stores import Region, Store


class EventCode(models.TextChoices):
    INCIDENT_STARTED = "incident_started", _("Incident started")
    INCIDENT_ENDED = "incident_ended", _("Incident ended")
    CASH_DIFFERENCE = "cash_difference", _("Cash difference beyond tolerance")
    HANDIN_UNCONFIRMED = "handin_unconfirmed", _("Hand-in not confirmed at closing")
    CHECKLIST_OVERDUE = "checklist_overdue", _("Checklist item overdue")
    OPINION_OVERDUE = "opinion_overdue", _("Reply to a customer opinion overdue")
    COMPLAINT_PRE_BREACH = "complaint_pre_breach", _("Complaint deadline near")
    COMPLAINT_BREACH = "complaint_breach", _("Complaint deadline missed")
    DUTY_LOG_LATE = "duty_log_late", _("Duty log not submitted by the morning")
    TASK_OVERDUE = "task_overdue", _("Task overdue")


class Channel(models.TextChoices):
    IN_APP = "in_app", _("In the portal")
    EMAIL = "email", _("E-mail")
    WEBHOOK = "webhook", _("Group robot")


class NotificationRoute(models.Model):
    """Which role hears of which event on which channel (configuration, in the admin).

    A webhook route names no role: the event goes to the group robots of its store and region.
    """

    event = models.CharField(_("event"), max_length=32, choices=EventCode.choices)
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, blank=True,
                            help_text=_("Leave empty for the group robot."))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("notification route")
        verbose_name_plural = _("notification routes")
        ordering = ["event", "channel", "role"]
        constraints = [
            models.UniqueConstraint(fields=["event", "role", "channel"],
                                    name="notificationroute_once"),
            models.CheckConstraint(
                condition=(models.Q(channel="webhook", role="")
                           | (~models.Q(channel="webhook") & ~models.Q(role=""))),
                name="notificationroute_role_unless_webhook",
            ),
        ]

    def __str__(self) -> str:
        who = self.get_role_display() if self.role else self.get_channel_display()
        return f"{self.get_event_display()} → {who} ({self.get_channel_display()})"


class WebhookKind(models.TextChoices):
    WECOM = "wecom", _("WeCom group robot")
    DINGTALK = "dingtalk", _("DingTalk group robot")


def masked_url(url: str) -> str:
    """The URL with every query value hidden (the robot's key travels in the query)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "***"
    query = "&".join(f"{quote(name)}=***"
                     for name, _value in parse_qsl(parts.query, keep_blank_values=True))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


class WebhookEndpoint(models.Model):
    """A group robot (WeCom / DingTalk) that hears of a store's or a region's events."""

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=WebhookKind.choices)
    url = models.URLField(
        _("webhook URL"), max_length=500,
        help_text=_("The robot's address with its key. Kept secret: shown masked, never logged."),
    )
    secret = models.CharField(
        _("signing secret"), max_length=200, blank=True,
        help_text=_("DingTalk only, when the robot's security setting is \"sign\"."),
    )
    store = models.ForeignKey(Store, on_delete=models.CASCADE, null=True, blank=True,
                              related_name="+", verbose_name=_("store"))
    region = models.ForeignKey(Region, on_delete=models.CASCADE, null=True, blank=True,
                               related_name="+", verbose_name=_("region"))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("group robot")
        verbose_name_plural = _("group robots")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(store__isnull=False, region__isnull=True)
                           | models.Q(store__isnull=True, region__isnull=False)),
                name="webhookendpoint_store_or_region",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def masked_url(self) -> str:
        return masked_url(self.url)

    def secrets(self) -> list[str]:
        """The strings that must never leave this row: the URL's query values and the secret."""
        values = [v for _n, v in parse_qsl(urlsplit(self.url).query) if len(v) >= 4]
        return [s for s in [self.url, *values, self.secret] if s]


class Event(models.Model):
    """One urgent event, recorded once per idempotency key."""

    code = models.CharField(_("event"), max_length=32, choices=EventCode.choices)
    key = models.CharField(_("idempotency key"), max_length=200, unique=True)
    store = models.ForeignKey(Store, on_delete=models.CASCADE, null=True, blank=True,
                              related_name="+", verbose_name=_("store"))
    message_id = models.CharField(_("message"), max_length=255)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("raised at"), auto_now_add=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_code_display()} · {self.key}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Skipped")


class Delivery(models.Model):
    """One event to one person on one channel, or to one group robot."""

    MAX_ATTEMPTS = 5

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="deliveries",
                              verbose_name=_("event"))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, blank=True)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  null=True, blank=True, related_name="+",
                                  verbose_name=_("recipient"))
    webhook = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, null=True,
                                blank=True, related_name="deliveries",
                                verbose_name=_("group robot"))
    status = models.CharField(_("status"), max_length=10, choices=DeliveryStatus.choices,
                              default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    history = models.JSONField(_("attempt history"), default=list, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"])]
        constraints = [
            models.UniqueConstraint(fields=["event", "channel", "recipient"],
                                    condition=models.Q(recipient__isnull=False),
                                    name="delivery_once_per_person"),
            models.UniqueConstraint(fields=["event", "webhook"],
                                    condition=models.Q(webhook__isnull=False),
                                    name="delivery_once_per_robot"),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.get_channel_display()}"
