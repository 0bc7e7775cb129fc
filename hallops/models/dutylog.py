"""The duty manager's log (值班经理日志) and the store's duty-procedure settings."""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from hallops.scoping import store_scoped

from .base import MAX_MINUTES_IN_DAY, count_max
from .roster import ShiftType
from .stores import Store


class DutySettings(models.Model):
    """Per-store deadlines for the duty manager's day (edited in the admin)."""

    store = models.OneToOneField(
        Store, on_delete=models.CASCADE, related_name="duty_settings", verbose_name=_("store")
    )
    opinion_reply_hours = models.PositiveSmallIntegerField(
        _("reply to customer opinions within (hours)"), default=24
    )
    log_due_next_morning = models.TimeField(
        _("duty log due by (next morning)"), default=datetime.time(9, 0),
        help_text=_("A log not submitted by this time on the next day is flagged."),
    )
    review_pending_hours = models.PositiveSmallIntegerField(
        _("flag reviews pending longer than (hours)"), default=24
    )

    objects = store_scoped()

    class Meta:
        verbose_name = _("duty settings")
        verbose_name_plural = _("duty settings")

    def __str__(self) -> str:
        return str(self.store)

    @classmethod
    def for_store(cls, store) -> "DutySettings":
        """The store's settings, or the defaults when none were saved."""
        found = cls.objects.filter(store=store).first()
        return found or cls(store=store)


class DutyLogStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for correction")
    COUNTERSIGNED = "countersigned", _("Countersigned")


LOCKED_STATUSES = (DutyLogStatus.SUBMITTED, DutyLogStatus.COUNTERSIGNED)


class DutyLogLocked(Exception):
    """A submitted or countersigned log was changed outside the amendment path."""


class DutyLog(models.Model):
    """One log per store, business date and shift; the rest assembles from the portal's data."""

    # What only the duty manager knows; the fields the log form edits and amendments change.
    CONTENT_FIELDS = (
        "weather",
        "tickets_issued",
        "longest_wait_minutes",
        "peak_time",
        "notable_customers",
        "notices",
        "handover",
        "remarks",
    )
    # Must be filled before submitting.
    REQUIRED_ON_SUBMIT = ("tickets_issued", "longest_wait_minutes", "handover")

    store = models.ForeignKey(
        Store, on_delete=models.CASCADE, related_name="duty_logs", verbose_name=_("store")
    )
    business_date = models.DateField(_("business date"))
    shift_type = models.ForeignKey(
        ShiftType, on_delete=models.PROTECT, related_name="+", verbose_name=_("shift")
    )
    duty_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="duty_logs",
        verbose_name=_("duty manager"),
    )
    status = models.CharField(
        _("status"), max_length=15, choices=DutyLogStatus.choices, default=DutyLogStatus.DRAFT
    )
    weather = models.CharField(_("weather"), max_length=40, blank=True)
    tickets_issued = models.PositiveIntegerField(_("queue tickets issued"), null=True, blank=True,
                                                 validators=[count_max()])
    longest_wait_minutes = models.PositiveIntegerField(
        _("longest wait (minutes)"), null=True, blank=True,
        validators=[MaxValueValidator(MAX_MINUTES_IN_DAY)],
    )
    peak_time = models.CharField(_("peak time"), max_length=40, blank=True)
    notable_customers = models.TextField(
        _("notable customers (VIP, special care)"), blank=True
    )
    notices = models.TextField(_("notices from above"), blank=True)
    handover = models.TextField(_("handover to the next shift"), blank=True)
    remarks = models.TextField(_("other remarks"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("saved at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    returned_reason = models.TextField(_("returned because"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_comment = models.TextField(_("review comment"), blank=True)

    objects = store_scoped()

    class Meta:
        verbose_name = _("duty log")
        verbose_name_plural = _("duty logs")
        ordering = ["-business_date", "-shift_type__starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["store", "business_date", "shift_type"], name="dutylog_one_per_shift"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=[DutyLogStatus.DRAFT, DutyLogStatus.RETURNED])
                | models.Q(submitted_at__isnull=False),
                name="dutylog_submitted_has_time",
            ),
        ]
        # (business date, store): the supervisor's cockpit reads one or two days of many stores.
        indexes = [models.Index(fields=["store", "status"]),
                   models.Index(fields=["business_date", "store"], name="dutylog_day_store_idx")]

    def __str__(self) -> str:
        return f"{self.business_date} {self.shift_type.code} {self.store.name}"

    # Set by duty_log_amend only: the one path that may change a signed-off log.
    _amending = False

    def save(self, *args, **kwargs):
        # Checked against the stored row, not the loaded one: a stale instance cannot slip
        # a change past a log that was submitted in the meantime.
        if self.pk and not self._amending:
            stored = (
                DutyLog.objects.filter(pk=self.pk, status__in=LOCKED_STATUSES)
                .values(*self.CONTENT_FIELDS)
                .first()
            )
            if stored:
                changed = [f for f in self.CONTENT_FIELDS if getattr(self, f) != stored[f]]
                if changed:
                    raise DutyLogLocked(f"duty log {self.pk} is locked; changed {changed}")
        super().save(*args, **kwargs)

    @property
    def is_editable(self) -> bool:
        return self.status in (DutyLogStatus.DRAFT, DutyLogStatus.RETURNED)

    @property
    def is_locked(self) -> bool:
        return self.status in LOCKED_STATUSES
