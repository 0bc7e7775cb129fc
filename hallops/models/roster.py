from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from hallops.people import display_name
from hallops.scoping import store_scoped

from .base import BilingualNamed
from .stores import Store


class PostKind(models.TextChoices):
    COUNTER = "counter", _("Counter")
    CONSULTATION = "consultation", _("Consultation / greeter")
    DUTY_MANAGER = "duty_manager", _("Duty manager")


class Post(BilingualNamed):
    """A post on the floor that a rostered person fills (岗位)."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=PostKind.choices)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["sort_order", "code"]


class ShiftType(models.Model):
    """A named shift of one store (班次), e.g. A 08:30–17:00; a night shift may cross midnight."""

    store = models.ForeignKey(
        Store, on_delete=models.CASCADE, related_name="shift_types", verbose_name=_("store")
    )
    code = models.CharField(_("code"), max_length=10)
    name = models.CharField(_("name"), max_length=60, blank=True)
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))
    is_active = models.BooleanField(_("active"), default=True)

    objects = store_scoped()

    class Meta:
        verbose_name = _("shift type")
        verbose_name_plural = _("shift types")
        ordering = ["store", "starts_at", "code"]
        constraints = [
            models.UniqueConstraint(fields=["store", "code"], name="shifttype_unique_code"),
            models.CheckConstraint(
                condition=~models.Q(starts_at=models.F("ends_at")),
                name="shifttype_start_differs_from_end",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.starts_at:%H:%M}–{self.ends_at:%H:%M}"

    def clean(self):
        # Said in words before the check constraint answers with its name (admin forms).
        if self.starts_at is not None and self.starts_at == self.ends_at:
            raise ValidationError({"ends_at": _("A shift cannot end at the time it starts.")})

    @property
    def crosses_midnight(self) -> bool:
        return self.ends_at < self.starts_at


class RosterEntry(models.Model):
    """Who works which shift at which post on which business date (排班)."""

    store = models.ForeignKey(
        Store, on_delete=models.CASCADE, related_name="roster_entries", verbose_name=_("store")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="roster_entries",
        verbose_name=_("staff member"),
    )
    date = models.DateField(_("date"))
    shift_type = models.ForeignKey(
        ShiftType, on_delete=models.PROTECT, related_name="+", verbose_name=_("shift")
    )
    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="+", verbose_name=_("post"))
    # Set by approved leave (people.LeaveRequest): the person keeps the shift on the grid, counts
    # in no staffing figure, and an absence that day is "on leave" rather than "absent".
    on_leave = models.BooleanField(_("on leave"), default=False)

    objects = store_scoped()

    class Meta:
        verbose_name = _("roster entry")
        verbose_name_plural = _("roster entries")
        ordering = ["date", "shift_type__starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["store", "user", "date", "shift_type"], name="roster_unique_person_shift"
            )
        ]
        indexes = [models.Index(fields=["store", "date"])]

    def __str__(self) -> str:
        return f"{self.date} {display_name(self.user)} {self.shift_type.code} {self.post}"
