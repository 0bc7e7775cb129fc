"""Service records kept by clerks: retention attempts (离网挽留), VIP and group customers,
special care (老弱病残孕幼), and customer and competitor information."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hallops.money import MONEY
from hallops.scoping import store_scoped

from .customers import CustomerLevel
from .stores import Store


class ServiceRecord(models.Model):
    class Kind(models.TextChoices):
        RETENTION = "retention", _("Retention attempt")
        VIP = "vip", _("VIP / group customer service")
        SPECIAL_CARE = "special_care", _("Special care")
        COMPETITOR = "competitor", _("Customer and competitor information")

    class LeavingReason(models.TextChoices):
        NETWORK = "network", _("Network quality")
        PRICE = "price", _("Price")
        COMPETITOR = "competitor", _("Competitor's offer")
        MOVING = "moving", _("Moving away")
        SERVICE = "service", _("Unhappy with service")
        OTHER = "other", _("Other")

    class Outcome(models.TextChoices):
        RETAINED = "retained", _("Retained")
        LEFT = "left", _("Left anyway")
        UNDECIDED = "undecided", _("Thinking it over")

    class CareGroup(models.TextChoices):
        ELDERLY = "elderly", _("Elderly")
        SICK = "sick", _("Sick")
        DISABLED = "disabled", _("Disabled")
        PREGNANT = "pregnant", _("Pregnant")
        YOUNG = "young", _("Young child")

    class Competitor(models.TextChoices):
        UNICOM = "unicom", _("China Unicom")
        TELECOM = "telecom", _("China Telecom")
        BROADNET = "broadnet", _("China Broadnet")
        OTHER = "other", _("Other")

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="service_records",
                              verbose_name=_("store"))
    clerk = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              related_name="service_records", verbose_name=_("clerk"))
    business_date = models.DateField(_("business date"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    customer_phone = models.CharField(_("customer number"), max_length=20, blank=True)
    customer_level = models.CharField(_("customer level"), max_length=20,
                                      choices=CustomerLevel.choices, blank=True)
    leaving_reason = models.CharField(_("reason for leaving"), max_length=20,
                                      choices=LeavingReason.choices, blank=True)
    offer_made = models.CharField(_("offer made"), max_length=200, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    care_group = models.CharField(_("special care group"), max_length=20,
                                  choices=CareGroup.choices, blank=True)
    competitor = models.CharField(_("competitor"), max_length=20, choices=Competitor.choices,
                                  blank=True)
    competitor_offer = models.CharField(_("competitor's offer"), max_length=200, blank=True)
    competitor_price = models.DecimalField(_("competitor's price (yuan/month)"), **MONEY, null=True, blank=True)
    customer_said = models.TextField(_("what the customer said"), blank=True)
    notes = models.TextField(_("service given / notes"), blank=True)

    objects = store_scoped()

    class Meta:
        verbose_name = _("service record")
        verbose_name_plural = _("service records")
        ordering = ["-recorded_at", "-id"]
        constraints = [
            # A retention attempt without the number, reason and outcome is no record at all.
            models.CheckConstraint(
                condition=~models.Q(kind="retention")
                | (~models.Q(customer_phone="") & ~models.Q(leaving_reason="")
                   & ~models.Q(outcome="")),
                name="service_record_retention_complete",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="special_care") | ~models.Q(care_group=""),
                name="service_record_care_group_given",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="competitor") | ~models.Q(competitor=""),
                name="service_record_competitor_given",
            ),
        ]
        indexes = [models.Index(fields=["store", "business_date"])]

    def __str__(self) -> str:
        return f"{self.business_date} {self.get_kind_display()}"
