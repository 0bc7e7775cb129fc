"""An order's history: its steps (the timeline), contact attempts and callbacks."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hallops.scoping import store_scoped

from .orders import WorkOrder


class OrderEvent(models.Model):
    """One step in an order's life, for its timeline: who, when, what."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Entered")
        ACCEPTED = "accepted", _("Accepted")
        CONTACT = "contact", _("Contact attempt")
        PAUSED = "paused", _("Waiting for the customer")
        RESUMED = "resumed", _("Customer responded")
        REPLIED = "replied", _("Replied")
        CALLBACK = "callback", _("Callback")
        REOPENED = "reopened", _("Reopened")
        CLOSED = "closed", _("Closed")
        CANCELLED = "cancelled", _("Cancelled")
        TRANSFERRED = "transferred", _("Transferred")
        EXTENSION_REQUESTED = "ext_requested", _("Extension requested")
        EXTENSION_DECIDED = "ext_decided", _("Extension decided")
        ESCALATED = "escalated", _("Escalated to the store manager")
        ESCALATION_RESOLVED = "esc_resolved", _("Escalation settled")
        FLAGGED = "flagged", _("Flag changed")
        STAFF = "staff", _("Staff member complained about changed")
        QUALITY = "quality", _("Quality reviewed")
        SLA = "sla", _("Deadline warning")

    order = models.ForeignKey(
        WorkOrder, on_delete=models.CASCADE, related_name="events", verbose_name=_("work order")
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    kind = models.CharField(_("step"), max_length=16, choices=Kind.choices)
    note = models.TextField(_("note"), blank=True)

    objects = store_scoped("order__store")

    class Meta:
        verbose_name = _("work-order step")
        verbose_name_plural = _("work-order steps")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.order} {self.get_kind_display()}"

    @property
    def display_note(self) -> str:
        """The note as shown. A deadline warning stores "<clock>:<state>" codes (written by
        the sweep, read in any language), shown here in the reader's words."""
        if self.kind == self.Kind.SLA:
            clock, _sep, state = self.note.partition(":")
            clocks = dict(WorkOrder.Clock.choices)
            states = dict(WorkOrder.SlaState.choices)
            if clock in clocks and state in states:
                return gettext("%(state)s: %(clock)s deadline") % {
                    "state": states[state], "clock": clocks[clock]}
        return self.note


class ContactAttempt(models.Model):
    """Every attempt to reach the customer: time, channel, outcome."""

    class Channel(models.TextChoices):
        PHONE = "phone", _("Phone")
        SMS = "sms", _("SMS")
        VISIT = "visit", _("In person")
        WECHAT = "wechat", _("WeChat")

    class Outcome(models.TextChoices):
        REACHED = "reached", _("Reached the customer")
        NO_ANSWER = "no_answer", _("No answer")
        BUSY = "busy", _("Busy / switched off")
        CALL_BACK_LATER = "later", _("Customer asked to be called later")

    order = models.ForeignKey(
        WorkOrder, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("work order")
    )
    at = models.DateTimeField(_("at"))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )

    objects = store_scoped("order__store")

    class Meta:
        verbose_name = _("contact attempt")
        verbose_name_plural = _("contact attempts")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.order} {self.get_channel_display()} {self.get_outcome_display()}"


class Callback(models.Model):
    """A callback (回访) to the customer after the reply."""

    order = models.ForeignKey(
        WorkOrder, on_delete=models.CASCADE, related_name="callbacks", verbose_name=_("work order")
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    result = models.CharField(_("result"), max_length=12, choices=WorkOrder.CallbackResult.choices)
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )

    objects = store_scoped("order__store")

    class Meta:
        verbose_name = _("callback")
        verbose_name_plural = _("callbacks")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.order} {self.get_result_display()}"
