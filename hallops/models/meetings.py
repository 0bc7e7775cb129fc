"""Meetings (班会管理): the morning meeting (早班会), minuted by the duty manager, and the
store manager's weekly and monthly meetings (周例会 / 月例会: agenda, minutes, attendance,
action items that become tasks, tasks.Task.meeting)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hallops.people import display_name
from hallops.scoping import store_scoped

from .business import ProductLine
from .stores import Store


class MeetingKind(models.TextChoices):
    MORNING = "morning", _("Morning meeting")
    WEEKLY = "weekly", _("Weekly meeting")
    MONTHLY = "monthly", _("Monthly meeting")


class MorningMeeting(models.Model):
    """One meeting of a store. The name is historical: `kind` says which meeting it is; the
    morning meeting's fields (targets, yesterday's results) stay empty on the others."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="meetings",
                              verbose_name=_("store"))
    kind = models.CharField(_("kind of meeting"), max_length=10, choices=MeetingKind.choices,
                            default=MeetingKind.MORNING)
    business_date = models.DateField(_("business date"))
    chaired_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("chaired by"))
    held_at = models.DateTimeField(_("held at"))
    # Yesterday's results as they stood when the meeting was minuted (from the reports).
    yesterday_results = models.JSONField(_("yesterday's results"), default=dict, blank=True)
    notices = models.TextField(_("notices"), blank=True)
    training_topic = models.CharField(_("training topic"), max_length=200, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)

    objects = store_scoped()

    class Meta:
        verbose_name = _("morning meeting")
        verbose_name_plural = _("morning meetings")
        ordering = ["-business_date"]
        constraints = [
            models.UniqueConstraint(fields=["store", "business_date"],
                                    condition=models.Q(kind=MeetingKind.MORNING), name="meeting_one_per_day"),
            models.UniqueConstraint(fields=["store", "kind", "business_date"],
                                    name="meeting_one_per_kind_and_day"),
        ]

    def __str__(self) -> str:
        return f"{self.store} {self.business_date}"


class MeetingAttendee(models.Model):
    """A rostered person: present or absent (from attendance), and when they read the minutes."""

    meeting = models.ForeignKey(MorningMeeting, on_delete=models.CASCADE,
                                related_name="attendees", verbose_name=_("meeting"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+", verbose_name=_("staff member"))
    present = models.BooleanField(_("present"), default=True)
    acknowledged_at = models.DateTimeField(_("read and confirmed at"), null=True, blank=True)

    objects = store_scoped("meeting__store")

    class Meta:
        verbose_name = _("meeting attendee")
        verbose_name_plural = _("meeting attendees")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="attendee_unique")
        ]

    def __str__(self) -> str:
        return f"{self.meeting} {display_name(self.user)}"


class MeetingTarget(models.Model):
    """Today's target for one clerk and product line, set at the meeting."""

    meeting = models.ForeignKey(MorningMeeting, on_delete=models.CASCADE,
                                related_name="targets", verbose_name=_("meeting"))
    clerk = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                              related_name="+", verbose_name=_("clerk"))
    product_line = models.ForeignKey(ProductLine, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("product line"))
    quantity = models.PositiveIntegerField(_("target"))

    objects = store_scoped("meeting__store")

    class Meta:
        verbose_name = _("meeting target")
        verbose_name_plural = _("meeting targets")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "clerk", "product_line"],
                                    name="meeting_target_unique")
        ]

    def __str__(self) -> str:
        return f"{self.meeting} {display_name(self.clerk)} {self.product_line}: {self.quantity}"
