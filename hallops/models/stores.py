import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import BilingualNamed


class Region(BilingualNamed):
    """A grouping of stores read by a regional supervisor (片区)."""

    code = models.CharField(_("code"), max_length=20, unique=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]


class Store(models.Model):
    """A business hall (营业厅)."""

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="stores", verbose_name=_("region")
    )
    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=120)
    city = models.CharField(_("city"), max_length=60)
    district = models.CharField(_("district"), max_length=60, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    opens_at = models.TimeField(_("opens at"), default=datetime.time(9, 0))
    closes_at = models.TimeField(_("closes at"), default=datetime.time(18, 0))
    day_starts_at = models.TimeField(
        _("business day starts at"),
        default=datetime.time(5, 0),
        help_text=_("Work before this time of day belongs to the previous business day."),
    )
    min_counter_staff = models.PositiveSmallIntegerField(
        _("minimum counter staff per day"), default=2
    )
    attendance_grace_minutes = models.PositiveSmallIntegerField(
        _("attendance grace (minutes)"),
        default=5,
        help_text=_("Late arrival or early leave beyond this needs a reason."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("store")
        verbose_name_plural = _("stores")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(opens_at__lt=models.F("closes_at")),
                name="store_opens_before_closing",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
