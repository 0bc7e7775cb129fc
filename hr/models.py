"""People of a store beyond their login (issue 13): the staff file (人事档案) with
certificates, training sessions, the monthly assessment (绩效考核) and team activities."""

from __future__ import annotations

from decimal import Decimal

import pgtrigger
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from hallops.models import BilingualNamed, MorningMeeting, Post, Store
from hallops.money import MONEY
from hallops.people import display_name
from hallops.permissions import Role
from hallops.scoping import store_scoped

SCORE = {"max_digits": 5, "decimal_places": 1}


class StaffFile(models.Model):
    """The HR record of one person (人事档案), kept by their store after they leave."""

    store = models.ForeignKey(Store, on_delete=models.PROTECT, related_name="staff_files",
                              verbose_name=_("store"))
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="staff_file", verbose_name=_("staff member"))
    post = models.ForeignKey(Post, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+", verbose_name=_("post"))
    position = models.CharField(_("position"), max_length=60, blank=True)
    hire_date = models.DateField(_("hire date"), null=True, blank=True)
    start_date = models.DateField(_("start date in this store"), null=True, blank=True)
    ended_on = models.DateField(_("left on"), null=True, blank=True)

    objects = store_scoped()

    class Meta:
        verbose_name = _("staff file")
        verbose_name_plural = _("staff files")
        ordering = ["store", "user__profile__employee_no"]

    def __str__(self) -> str:
        return display_name(self.user)


class CertificateKind(models.TextChoices):
    WORK_PERMIT = "work_permit", _("Work permit")  # 上岗证
    SKILL = "skill", _("Skill certificate")
    OTHER = "other", _("Other certificate")


class Certificate(models.Model):
    staff_file = models.ForeignKey(StaffFile, on_delete=models.CASCADE,
                                   related_name="certificates", verbose_name=_("staff file"))
    kind = models.CharField(_("kind"), max_length=20, choices=CertificateKind.choices)
    name = models.CharField(_("name"), max_length=100, blank=True)
    number = models.CharField(_("certificate number"), max_length=40, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)

    objects = store_scoped("staff_file__store")

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["expires_on", "id"]

    def __str__(self) -> str:
        return self.name or str(self.get_kind_display())


class TrainingSession(models.Model):
    """A training session (培训) of a store: topic, trainer, date, attendees, material."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="training_sessions",
                              verbose_name=_("store"))
    topic = models.CharField(_("topic"), max_length=200)
    trainer = models.CharField(_("trainer"), max_length=60)
    held_on = models.DateField(_("date"))
    material = models.TextField(_("material"), blank=True)
    meeting = models.ForeignKey(MorningMeeting, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="training_sessions",
                                verbose_name=_("morning meeting"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("recorded by"))

    objects = store_scoped()

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.topic}"


class TrainingAttendance(models.Model):
    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE,
                                related_name="attendances", verbose_name=_("training session"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="training_attendances", verbose_name=_("attendee"))
    confirmed_at = models.DateTimeField(_("attendance confirmed at"), null=True, blank=True)

    objects = store_scoped("session__store")

    class Meta:
        verbose_name = _("training attendance")
        verbose_name_plural = _("training attendances")
        constraints = [models.UniqueConstraint(fields=["session", "user"],
                                               name="training_attendance_unique")]

    def __str__(self) -> str:
        return f"{self.session} {display_name(self.user)}"


# --- monthly assessment (绩效考核) -------------------------------------------------------

class Measure(models.TextChoices):
    """Where a measured item's figure comes from (hr/measures.py)."""

    VOLUME = "volume", _("Business volume against target")
    MARKETING = "marketing", _("Marketing against target")
    ERRORS = "errors", _("Errors (returned or amended reports, cash differences)")
    COMPLAINTS = "complaints", _("Complaints against the person")
    ATTENDANCE = "attendance", _("Attendance and lateness")
    SERVICE_CHECK = "service_check", _("Service-check score")


class AssessmentScheme(BilingualNamed):
    """The assessment items of one role (configured in the admin); weights add up to 100."""

    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("assessment scheme")
        verbose_name_plural = _("assessment schemes")
        ordering = ["role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["role"], condition=models.Q(is_active=True),
                                    name="assessment_scheme_one_active_per_role"),
        ]

    def total_weight(self) -> int:
        return self.items.aggregate(t=Sum("weight"))["t"] or 0


class AssessmentItem(BilingualNamed):
    """One item of a scheme: measured (filled from data) or judged by the store manager.

    An item is scored in points from `min_score` to its weight. A measured item turns its
    figure into points by its measure: a rate against a target or attendance scales the weight;
    errors and complaints take `deduction` points off the weight for each one."""

    class Kind(models.TextChoices):
        MEASURED = "measured", _("Measured from data")
        JUDGED = "judged", _("Judged by the store manager")

    scheme = models.ForeignKey(AssessmentScheme, on_delete=models.CASCADE, related_name="items",
                               verbose_name=_("scheme"))
    code = models.CharField(_("code"), max_length=30)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    measure = models.CharField(_("measure"), max_length=20, choices=Measure.choices, blank=True)
    weight = models.PositiveSmallIntegerField(_("weight"), validators=[MinValueValidator(1),
                                                                      MaxValueValidator(100)])
    min_score = models.DecimalField(_("lowest score"), **SCORE, default=Decimal("0"),
                                    validators=[MinValueValidator(0)])
    deduction = models.DecimalField(_("points off per error, complaint or late arrival"),
                                    **SCORE, default=Decimal("2"), validators=[MinValueValidator(0)])
    guidance = models.TextField(_("guidance"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("assessment item")
        verbose_name_plural = _("assessment items")
        ordering = ["scheme", "sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="assessment_item_unique_code"),
            models.CheckConstraint(
                condition=models.Q(kind="judged", measure="") | models.Q(kind="measured") & ~models.Q(measure=""),
                name="assessment_item_measure_matches_kind"),
        ]


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Being scored")
    SUBMITTED = "submitted", _("Awaiting acknowledgement")
    DISPUTED = "disputed", _("Disputed: back with the store manager")
    LOCKED = "locked", _("Acknowledged and locked")


class Assessment(models.Model):
    """One person's assessment for one month in one store."""

    store = models.ForeignKey(Store, on_delete=models.PROTECT, related_name="assessments",
                              verbose_name=_("store"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="assessments", verbose_name=_("staff member"))
    month = models.DateField(_("month"))  # the first day of the month
    scheme = models.ForeignKey(AssessmentScheme, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("scheme"))
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    status = models.CharField(_("status"), max_length=10, choices=AssessmentStatus.choices,
                              default=AssessmentStatus.DRAFT)
    total = models.DecimalField(_("total score"), **SCORE, null=True, blank=True)
    comment = models.TextField(_("store manager's comment"), blank=True)
    dispute_reason = models.TextField(_("reason for dispute"), blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("opened by"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)

    objects = store_scoped()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-month", "store", "-total"]
        constraints = [
            models.UniqueConstraint(fields=["user", "month"], name="assessment_one_per_person_month"),
            models.CheckConstraint(condition=models.Q(total__isnull=True)
                                   | models.Q(total__gte=0, total__lte=100),
                                   name="assessment_total_0_100"),
        ]
        # Acknowledged means final: on PostgreSQL even raw SQL cannot change or delete it.
        triggers = [pgtrigger.Protect(name="assessment_protect_locked",
                                      operation=pgtrigger.Update | pgtrigger.Delete,
                                      condition=pgtrigger.Q(old__status="locked"))]

    def __str__(self) -> str:
        return f"{display_name(self.user)} {self.month:%Y-%m}"

    def save(self, *args, **kwargs):
        if self.pk is not None and type(self)._base_manager.filter(
                pk=self.pk, status=AssessmentStatus.LOCKED).exists():
            raise AssessmentLocked(self)
        super().save(*args, **kwargs)


class AssessmentLocked(Exception):
    """An acknowledged (locked) assessment was about to be changed."""


class AssessmentScore(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores",
                                   verbose_name=_("assessment"))
    item = models.ForeignKey(AssessmentItem, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("item"))
    # The measured figure as read from the data (None: no data), and how it reads.
    figure = models.DecimalField(_("measured figure"), max_digits=9, decimal_places=2,
                                 null=True, blank=True)
    figure_text = models.CharField(_("measured"), max_length=200, blank=True)
    score = models.DecimalField(_("score"), **SCORE, null=True, blank=True)
    comment = models.CharField(_("comment"), max_length=300, blank=True)

    objects = store_scoped("assessment__store")

    class Meta:
        verbose_name = _("assessment score")
        verbose_name_plural = _("assessment scores")
        ordering = ["item__sort_order", "item_id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item"], name="assessment_score_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.assessment} {self.item}"


# --- team life (团队文化活动) -----------------------------------------------------------------

class TeamActivity(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="team_activities",
                              verbose_name=_("store"))
    title = models.CharField(_("activity"), max_length=120)
    plan = models.TextField(_("plan"))
    held_on = models.DateField(_("date"))
    participants = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+",
                                          blank=True, verbose_name=_("participants"))
    cost = models.DecimalField(_("cost"), **MONEY, default=Decimal("0"))
    report = models.TextField(_("short report"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.PLANNED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("planned by"))

    objects = store_scoped()

    class Meta:
        verbose_name = _("team activity")
        verbose_name_plural = _("team activities")
        ordering = ["-held_on", "-id"]
        constraints = [models.CheckConstraint(condition=models.Q(cost__gte=0),
                                              name="team_activity_cost_not_negative")]

    def __str__(self) -> str:
        return self.title
