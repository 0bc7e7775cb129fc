"""Per-store cash configuration edited in the admin: float cap, tolerance, tail-cash limits,
and the reason codes for overage and shortage (长短款原因)."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from hallops.money import MONEY

from .base import BilingualNamed
from .stores import Store


class CashPolicy(models.Model):
    """Cash rules of one store; the row without a store is the default for every store."""

    store = models.OneToOneField(
        Store,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="cash_policy",
        verbose_name=_("store"),
        help_text=_("Leave empty for the default that applies to every store without its own."),
    )
    float_cap = models.DecimalField(
        _("change float cap"), **MONEY, default=Decimal("300.00"),
        help_text=_("The most change a desk may hold during business hours."),
    )
    tolerance = models.DecimalField(
        _("difference tolerance"), **MONEY, default=Decimal("2.00"),
        help_text=_("A difference above this per payment method needs the store manager's "
                    "approval before hand-in."),
    )
    # Per-entry plausibility limits: one mistyped amount (9,999,999,999.99) would otherwise
    # push the till's totals past what can be stored, and the till could never be handed in.
    drop_cap = models.DecimalField(
        _("largest safe drop"), **MONEY, default=Decimal("200000.00"),
        help_text=_("A single safe drop above this amount is refused as a typing mistake."),
    )
    adjustment_cap = models.DecimalField(
        _("largest adjustment"), **MONEY, default=Decimal("200000.00"),
        help_text=_("A single correction to a confirmed till above this amount (either way) "
                    "is refused as a typing mistake."),
    )

    class Meta:
        verbose_name = _("cash policy")
        verbose_name_plural = _("cash policies")
        constraints = [
            models.UniqueConstraint(
                models.functions.Coalesce("store", models.Value(0)),
                name="cashpolicy_one_default_and_one_per_store",
            ),
            models.CheckConstraint(condition=models.Q(float_cap__gte=0),
                                   name="cashpolicy_cap_gte_0"),
            models.CheckConstraint(
                condition=models.Q(tolerance__gte=0), name="cashpolicy_tolerance_gte_0"
            ),
            models.CheckConstraint(condition=models.Q(drop_cap__gt=0),
                                   name="cashpolicy_drop_cap_gt_0"),
            models.CheckConstraint(condition=models.Q(adjustment_cap__gt=0),
                                   name="cashpolicy_adjustment_cap_gt_0"),
        ]

    def __str__(self) -> str:
        return str(self.store) if self.store_id else str(_("Default cash policy"))


class TailCashLimit(models.Model):
    """One row of the tail-cash table: daily takings above `takings_over` allow `limit`."""

    policy = models.ForeignKey(
        CashPolicy, on_delete=models.CASCADE, related_name="tail_limits", verbose_name=_("policy")
    )
    takings_over = models.DecimalField(_("daily takings over"), **MONEY)
    limit = models.DecimalField(_("tail cash limit"), **MONEY)

    class Meta:
        verbose_name = _("tail cash limit")
        verbose_name_plural = _("tail cash limits")
        ordering = ["policy", "takings_over"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "takings_over"],
                                    name="taillimit_unique_band"),
            models.CheckConstraint(
                condition=models.Q(takings_over__gte=0, limit__gte=0), name="taillimit_gte_0"
            ),
        ]

    def __str__(self) -> str:
        return f"> {self.takings_over}: {self.limit}"


class DiscrepancyKind(models.TextChoices):
    OVERAGE = "overage", _("Overage")
    SHORTAGE = "shortage", _("Shortage")


class DiscrepancyReason(BilingualNamed):
    """A reason code for an overage or shortage; without a store it is offered everywhere."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    store = models.ForeignKey(
        Store, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name=_("store"),
    )
    applies_to = models.CharField(
        _("applies to"), max_length=10, choices=DiscrepancyKind.choices, blank=True,
        help_text=_("Empty: both overage and shortage."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("discrepancy reason")
        verbose_name_plural = _("discrepancy reasons")
        ordering = ["sort_order", "code"]
