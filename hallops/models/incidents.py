"""Emergencies (停电, 系统故障死机…) followed through their playbook."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hallops.scoping import store_scoped

from .base import count_max
from .stores import Store


class IncidentKind(models.TextChoices):
    POWER_OUTAGE = "power_outage", _("Power outage")
    SYSTEM_FAILURE = "system_failure", _("System failure")
    OTHER = "other", _("Other")


class Incident(models.Model):
    store = models.ForeignKey(
        Store, on_delete=models.CASCADE, related_name="incidents", verbose_name=_("store")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=IncidentKind.choices)
    business_date = models.DateField(_("business date"))
    started_at = models.DateTimeField(_("started at"))
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("started by"),
    )
    summary = models.CharField(_("what happened"), max_length=300)
    scope = models.CharField(_("scope"), max_length=300, blank=True)
    customers_affected = models.PositiveIntegerField(_("customers affected"), default=0,
                                                     validators=[count_max()])
    paper_forms = models.PositiveIntegerField(
        _("paper forms taken (to key in later)"), default=0, validators=[count_max()]
    )
    notified = models.CharField(_("who was notified"), max_length=300, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    report = models.TextField(_("post-incident report"), blank=True)
    reported_at = models.DateTimeField(_("report written at"), null=True, blank=True)
    # Set by the reminder sweep, once each: the report is due soon / is late.
    report_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    report_late_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = store_scoped()

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["store", "business_date"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_at__isnull=True)
                | models.Q(ended_at__gte=models.F("started_at")),
                name="incident_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.summary[:60]}"

    # The manual: the post-incident report is written within 72 hours of the start.
    REPORT_WITHIN = datetime.timedelta(hours=72)
    # The duty and store managers are reminded this long before the report is due.
    REPORT_REMIND_BEFORE = datetime.timedelta(hours=24)

    @property
    def report_due(self) -> datetime.datetime:
        return self.started_at + self.REPORT_WITHIN

    @property
    def report_late(self) -> bool:
        """Written after its due time, or still unwritten past it."""
        return (self.reported_at or timezone.now()) > self.report_due

    @property
    def is_open(self) -> bool:
        return self.ended_at is None
