"""The safe and the bank: tail cash kept overnight (尾款) and the collection by the bank
(与银行交接)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hallops.money import MONEY
from hallops.scoping import store_scoped

from .cash import CashHandIn
from .cash_base import LockableModel, LockableQuerySet, protect_locked
from .stores import Store


class TailCashRecord(models.Model):
    """What stays in a store's safe overnight after the collection, checked against the
    limit for the day's takings (the limit and takings are kept as they were then)."""

    store = models.ForeignKey(
        Store, on_delete=models.PROTECT, related_name="tail_cash", verbose_name=_("store")
    )
    business_date = models.DateField(_("business date"))
    amount = models.DecimalField(_("tail cash"), **MONEY)
    daily_takings = models.DecimalField(_("daily takings"), **MONEY)
    limit = models.DecimalField(_("limit"), **MONEY)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    objects = store_scoped()

    class Meta:
        verbose_name = _("tail cash record")
        verbose_name_plural = _("tail cash records")
        ordering = ["-business_date"]
        constraints = [
            models.UniqueConstraint(fields=["store", "business_date"], name="tailcash_one_per_day"),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0, daily_takings__gte=0, limit__gte=0),
                name="tailcash_amounts_gte_0",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.store} {self.business_date} {self.amount}"

    @property
    def over_limit(self) -> bool:
        return self.amount > self.limit


class BankDeposit(LockableModel):
    """A collection by the bank (与银行交接单): amounts by kind, the hand-ins it carries, slip
    number and at least two collectors. Recorded once and never changed."""

    store = models.ForeignKey(
        Store, on_delete=models.PROTECT, related_name="bank_deposits", verbose_name=_("store")
    )
    slip_no = models.CharField(_("deposit slip number"), max_length=40)
    collected_at = models.DateTimeField(_("collected at"))
    collectors = models.JSONField(_("collectors"))
    cash_amount = models.DecimalField(_("cash"), **MONEY)
    cheque_amount = models.DecimalField(_("cheques"), **MONEY)
    expected_cash = models.DecimalField(_("cash of the hand-ins"), **MONEY)
    expected_cheque = models.DecimalField(_("cheques of the hand-ins"), **MONEY)
    is_mismatch = models.BooleanField(_("does not reconcile"), default=False)
    mismatch_reason = models.TextField(_("reason for the mismatch"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    objects = store_scoped(queryset=LockableQuerySet)

    class Meta:
        verbose_name = _("bank deposit")
        verbose_name_plural = _("bank deposits")
        ordering = ["-collected_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["store", "slip_no"], name="deposit_unique_slip"),
            models.CheckConstraint(
                condition=models.Q(cash_amount__gte=0, cheque_amount__gte=0,
                                   expected_cash__gte=0, expected_cheque__gte=0),
                name="deposit_amounts_gte_0",
            ),
            # A deposit that does not reconcile is never closed without a reason.
            models.CheckConstraint(
                condition=models.Q(is_mismatch=False) | ~models.Q(mismatch_reason=""),
                name="deposit_mismatch_has_reason",
            ),
        ]
        triggers = [protect_locked("deposit_protect_locked")]

    def __str__(self) -> str:
        return f"{self.slip_no} {self.collected_at:%Y-%m-%d}"


class BankDepositHandIn(LockableModel):
    """A confirmed hand-in carried by a deposit; each hand-in goes to the bank once."""

    deposit = models.ForeignKey(
        BankDeposit, on_delete=models.PROTECT, related_name="items", verbose_name=_("deposit")
    )
    handin = models.OneToOneField(
        CashHandIn, on_delete=models.PROTECT, related_name="deposit_item",
        verbose_name=_("hand-in"),
    )

    objects = store_scoped("deposit__store", queryset=LockableQuerySet)

    class Meta:
        verbose_name = _("hand-in of a deposit")
        verbose_name_plural = _("hand-ins of deposits")
        triggers = [protect_locked("deposit_item_protect_locked")]

    def __str__(self) -> str:
        return f"{self.deposit} · {self.handin}"
