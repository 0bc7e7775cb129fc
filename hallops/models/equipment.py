"""Equipment of a store and its faults (设备报修)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hallops.scoping import store_scoped

from .stores import Store


class EquipmentKind(models.TextChoices):
    QUEUE_MACHINE = "queue", _("Queue machine")
    SELF_SERVICE = "self_service", _("Self-service terminal")
    PRINTER = "printer", _("Printer")
    ID_READER = "id_reader", _("ID card reader")
    POS = "pos", _("POS terminal")
    PC = "pc", _("PC")
    UPS = "ups", _("UPS")
    AIR_CONDITIONING = "ac", _("Air conditioning")
    OTHER = "other", _("Other")


class Equipment(models.Model):
    store = models.ForeignKey(
        Store, on_delete=models.CASCADE, related_name="equipment", verbose_name=_("store")
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=EquipmentKind.choices)
    location = models.CharField(_("location"), max_length=100, blank=True)
    serial = models.CharField(_("serial number"), max_length=60, blank=True)
    is_active = models.BooleanField(_("in service"), default=True)

    objects = store_scoped()

    class Meta:
        verbose_name = _("equipment")
        verbose_name_plural = _("equipment")
        ordering = ["store", "kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["store", "serial"],
                condition=~models.Q(serial=""),
                name="equipment_unique_serial_per_store",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.location})" if self.location else self.name


class FaultStatus(models.TextChoices):
    OPEN = "open", _("Open")
    REPORTED = "reported", _("Reported")
    FIXED = "fixed", _("Fixed")


class EquipmentFault(models.Model):
    store = models.ForeignKey(
        Store, on_delete=models.CASCADE, related_name="equipment_faults", verbose_name=_("store")
    )
    equipment = models.ForeignKey(
        Equipment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="faults",
        verbose_name=_("equipment"),
    )
    description = models.CharField(_("what is wrong"), max_length=500)
    occurred_at = models.DateTimeField(_("noticed at"))
    reported_to = models.CharField(_("reported to"), max_length=100, blank=True)
    ticket_no = models.CharField(_("external ticket number"), max_length=60, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=FaultStatus.choices, default=FaultStatus.OPEN
    )
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    fixed_at = models.DateTimeField(_("fixed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("recorded by"),
    )

    objects = store_scoped()

    class Meta:
        verbose_name = _("equipment fault")
        verbose_name_plural = _("equipment faults")
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["store", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status=FaultStatus.FIXED) | models.Q(fixed_at__isnull=False),
                name="equipmentfault_fixed_has_time",
            )
        ]

    def __str__(self) -> str:
        return f"{self.equipment or ''} {self.description[:60]}".strip()
