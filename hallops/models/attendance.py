from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hallops.people import display_name
from hallops.scoping import store_scoped

from .roster import RosterEntry
from .stores import Store


class AttendanceRecord(models.Model):
    """A clock-in and (later) clock-out, compared with the roster (考勤)."""

    store = models.ForeignKey(
        Store, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("store")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="attendance",
        verbose_name=_("staff member"),
    )
    business_date = models.DateField(_("business date"))
    roster_entry = models.ForeignKey(
        RosterEntry,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attendance",
        verbose_name=_("roster entry"),
    )
    clock_in = models.DateTimeField(_("clocked in"))
    clock_out = models.DateTimeField(_("clocked out"), null=True, blank=True)
    late_minutes = models.PositiveIntegerField(_("minutes late"), default=0)
    late_reason = models.CharField(_("reason for late arrival"), max_length=200, blank=True)
    early_leave_minutes = models.PositiveIntegerField(_("minutes left early"), default=0)
    early_leave_reason = models.CharField(_("reason for leaving early"), max_length=200, blank=True)
    # Clock corrections (people.ClockCorrection) keep what the clock said: the time before the
    # first approved correction of each side, never overwritten by a later one.
    clock_in_original = models.DateTimeField(_("clock-in before correction"), null=True, blank=True)
    clock_out_original = models.DateTimeField(_("clock-out before correction"), null=True,
                                              blank=True)
    clock_in_corrected = models.BooleanField(_("clock-in corrected"), default=False)
    clock_out_corrected = models.BooleanField(_("clock-out corrected"), default=False)
    # A clock-in of a past day never clocked out: closed when the person next clocked in, and
    # waiting for a correction to give the real time.
    needs_correction = models.BooleanField(_("needs a correction"), default=False)

    objects = store_scoped()

    class Meta:
        verbose_name = _("attendance record")
        verbose_name_plural = _("attendance records")
        ordering = ["-clock_in"]
        constraints = [
            # One open clock-in per person: clocking in twice is refused by the database too.
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(clock_out__isnull=True),
                name="attendance_one_open_per_user",
            ),
            models.UniqueConstraint(
                fields=["user", "roster_entry"],
                condition=models.Q(roster_entry__isnull=False),
                name="attendance_one_per_roster_entry",
            ),
            models.CheckConstraint(
                condition=models.Q(clock_out__isnull=True)
                | models.Q(clock_out__gte=models.F("clock_in")),
                name="attendance_out_after_in",
            ),
        ]
        indexes = [models.Index(fields=["store", "business_date"])]

    def __str__(self) -> str:
        return f"{self.business_date} {display_name(self.user)}"

    @property
    def is_late(self) -> bool:
        return self.late_minutes > 0
