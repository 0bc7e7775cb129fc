"""Leave, clock corrections, shift swaps, minimum staffing by time band, roster publication."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from hallops.models import AttendanceRecord, BilingualNamed, Post, RosterEntry, ShiftType, Store
from hallops.people import display_name
from hallops.scoping import store_scoped


class PeopleRules(models.Model):
    """Settings of leave, corrections and publication (one row, in the admin)."""

    correction_window_days = models.PositiveSmallIntegerField(
        _("clock corrections reach back (days)"), default=7,
        validators=[MinValueValidator(1), MaxValueValidator(92)],
    )
    max_leave_days = models.PositiveSmallIntegerField(
        _("longest single leave request (days)"), default=60,
        validators=[MinValueValidator(1), MaxValueValidator(366)],
    )
    publish_due_day = models.PositiveSmallIntegerField(
        _("next month's roster is due by this day of the month"), default=25,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
    )

    class Meta:
        verbose_name = _("leave and roster settings")
        verbose_name_plural = _("leave and roster settings")

    def __str__(self) -> str:
        return str(_("Leave and roster settings"))

    @classmethod
    def current(cls) -> "PeopleRules":
        rules, _created = cls.objects.get_or_create(pk=1)
        return rules


class LeaveType(BilingualNamed):
    """A kind of leave (假别): annual, sick, personal… edited in the admin."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("leave type")
        verbose_name_plural = _("leave types")
        ordering = ["sort_order", "code"]


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a decision")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
    CANCELLED = "cancelled", _("Withdrawn")


class LeaveRequest(models.Model):
    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="+",
                              verbose_name=_("store"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="leave_requests", verbose_name=_("staff member"))
    leave_type = models.ForeignKey(LeaveType, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("leave type"))
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to"))
    # None chosen: every shift of those days.
    shift_types = models.ManyToManyField(ShiftType, blank=True, related_name="+",
                                         verbose_name=_("shifts"))
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=RequestStatus.choices,
                              default=RequestStatus.PENDING)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.CharField(_("reason for the decision"), max_length=300, blank=True)

    objects = store_scoped()

    class Meta:
        verbose_name = _("leave request")
        verbose_name_plural = _("leave requests")
        ordering = ["-start_date", "-pk"]
        indexes = [models.Index(fields=["store", "status", "start_date"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(end_date__gte=models.F("start_date")),
                                   name="leave_end_after_start"),
        ]

    def __str__(self) -> str:
        return f"{display_name(self.user)} {self.start_date}–{self.end_date}"

    @property
    def days(self) -> int:
        return (self.end_date - self.start_date).days + 1


class CorrectionSide(models.TextChoices):
    CLOCK_IN = "in", _("Clock-in")
    CLOCK_OUT = "out", _("Clock-out")


class ClockCorrection(models.Model):
    """A person asks to correct a missed or wrong clock-in or clock-out (补卡/更正)."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="+",
                              verbose_name=_("store"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="clock_corrections", verbose_name=_("staff member"))
    # The record corrected; none for a shift with no clock-in at all (then `roster_entry`).
    record = models.ForeignKey(AttendanceRecord, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name=_("attendance record"))
    roster_entry = models.ForeignKey(RosterEntry, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("shift"))
    side = models.CharField(_("what to correct"), max_length=4, choices=CorrectionSide.choices)
    corrected_time = models.DateTimeField(_("correct time"))
    # A shift with no clock-in at all is corrected whole: the clock-out time as well.
    corrected_out_time = models.DateTimeField(_("correct clock-out time"), null=True, blank=True)
    # What the clock said when the request was made (none: never clocked).
    original_time = models.DateTimeField(_("time on the clock"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300)
    status = models.CharField(_("status"), max_length=12, choices=RequestStatus.choices,
                              default=RequestStatus.PENDING)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.CharField(_("reason for the decision"), max_length=300, blank=True)

    objects = store_scoped()

    class Meta:
        verbose_name = _("clock correction")
        verbose_name_plural = _("clock corrections")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["store", "status"])]

    def __str__(self) -> str:
        return f"{display_name(self.user)} {self.get_side_display()} {self.corrected_time:%Y-%m-%d}"


class SwapStatus(models.TextChoices):
    PROPOSED = "proposed", _("Waiting for the colleague")
    ACCEPTED = "accepted", _("Waiting for the store manager")
    DECLINED = "declined", _("Declined by the colleague")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
    CANCELLED = "cancelled", _("Withdrawn")


class ShiftSwap(models.Model):
    """Two people of a store trade rostered shifts (换班)."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="+",
                              verbose_name=_("store"))
    requester = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="+", verbose_name=_("asked by"))
    requester_entry = models.ForeignKey(RosterEntry, on_delete=models.PROTECT, related_name="+",
                                        verbose_name=_("shift given"))
    colleague = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="+", verbose_name=_("colleague"))
    colleague_entry = models.ForeignKey(RosterEntry, on_delete=models.PROTECT, related_name="+",
                                        verbose_name=_("shift taken"))
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=SwapStatus.choices,
                              default=SwapStatus.PROPOSED)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.CharField(_("reason for the decision"), max_length=300, blank=True)

    objects = store_scoped()

    class Meta:
        verbose_name = _("shift swap")
        verbose_name_plural = _("shift swaps")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{display_name(self.requester)} ⇄ {display_name(self.colleague)}"


class DayType(models.TextChoices):
    EVERY_DAY = "all", _("Every day")
    WEEKDAY = "weekday", _("Monday to Friday")
    WEEKEND = "weekend", _("Saturday and Sunday")


class StaffingRule(models.Model):
    """At least `minimum` people at `post` from `starts_at` to `ends_at` on these days."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="+",
                              verbose_name=_("store"))
    day_type = models.CharField(_("days"), max_length=10, choices=DayType.choices,
                                default=DayType.EVERY_DAY)
    starts_at = models.TimeField(_("from"))
    ends_at = models.TimeField(_("to"))
    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("post"))
    minimum = models.PositiveSmallIntegerField(
        _("minimum staff"), validators=[MinValueValidator(1), MaxValueValidator(50)])

    objects = store_scoped()

    class Meta:
        verbose_name = _("minimum staffing")
        verbose_name_plural = _("minimum staffing")
        ordering = ["store", "day_type", "starts_at", "post"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")),
                                   name="staffingrule_ends_after_start"),
        ]

    def __str__(self) -> str:
        return (f"{self.get_day_type_display()} {self.starts_at:%H:%M}–{self.ends_at:%H:%M} "
                f"{self.post} ≥ {self.minimum}")

    def applies_to(self, day) -> bool:
        weekend = day.weekday() >= 5
        return (self.day_type == DayType.EVERY_DAY
                or (self.day_type == DayType.WEEKEND) == weekend)


class RosterPublication(models.Model):
    """A month's roster published to the staff (排班公示); later changes are tracked."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="+",
                              verbose_name=_("store"))
    month = models.DateField(_("month"))  # the first of the month
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("published by"))

    objects = store_scoped()

    class Meta:
        verbose_name = _("roster publication")
        verbose_name_plural = _("roster publications")
        ordering = ["-month"]
        constraints = [models.UniqueConstraint(fields=["store", "month"],
                                               name="rosterpublication_one_per_month")]

    def __str__(self) -> str:
        return f"{self.store} {self.month:%Y-%m}"


class RosterChangeKind(models.TextChoices):
    ADDED = "added", _("Shift added")
    REMOVED = "removed", _("Shift removed")
    SWAPPED = "swapped", _("Shift swapped")
    LEAVE = "leave", _("On leave")


class RosterChange(models.Model):
    """A change to a published month's roster, shown on the month view and notified."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="+",
                              verbose_name=_("store"))
    publication = models.ForeignKey(RosterPublication, on_delete=models.CASCADE,
                                    related_name="changes", verbose_name=_("publication"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("staff member"))
    date = models.DateField(_("date"))
    kind = models.CharField(_("change"), max_length=10, choices=RosterChangeKind.choices)
    shift_code = models.CharField(_("shift"), max_length=10, blank=True)
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("changed by"))

    objects = store_scoped()

    class Meta:
        verbose_name = _("roster change after publication")
        verbose_name_plural = _("roster changes after publication")
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.date} {display_name(self.user)} {self.get_kind_display()} {self.shift_code}"
