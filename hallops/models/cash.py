"""A clerk's till through the day: float, drops, expected takings, blind count, differences,
hand-in (上交营业款) and later adjustments."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hallops.money import MONEY
from hallops.people import display_name
from hallops.scoping import store_scoped

from .cash_base import LockableModel, LockableQuerySet, protect_locked
from .cash_config import DiscrepancyKind, DiscrepancyReason
from .roster import ShiftType
from .stores import Store


class PaymentMethod(models.TextChoices):
    CASH = "cash", _("Cash")
    CHEQUE = "cheque", _("Cheque")
    CARD = "card", _("Bank card")
    MOBILE = "mobile", _("Mobile payment")
    OTHER = "other", _("Other")


# Denominations counted at the desk: (field name on TillCount, face value in yuan).
def _pieces(value: str):
    """A count field's label: the face value and what is counted (100 元 × 张数)."""
    return format_lazy(_("{value} yuan × pieces"), value=value)


DENOMINATIONS = [
    ("notes_100", Decimal("100")),
    ("notes_50", Decimal("50")),
    ("notes_20", Decimal("20")),
    ("notes_10", Decimal("10")),
    ("notes_5", Decimal("5")),
    ("notes_1", Decimal("1")),
    ("notes_0_5", Decimal("0.5")),
    ("notes_0_1", Decimal("0.1")),
]
# Counted non-cash totals on TillCount, by payment method.
NON_CASH_FIELDS: dict[str, str] = {
    PaymentMethod.CHEQUE: "cheque_total",
    PaymentMethod.CARD: "card_total",
    PaymentMethod.MOBILE: "mobile_total",
    PaymentMethod.OTHER: "other_total",
}


def _gte0(field: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=models.Q(**{f"{field}__gte": 0}), name=name)


class TillSession(LockableModel):
    """One clerk's till for one business date (and shift, when a clerk works two)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        COUNTED = "counted", _("Counted")
        HANDED_IN = "handed_in", _("Handed in")
        CONFIRMED = "confirmed", _("Confirmed")

    store = models.ForeignKey(
        Store, on_delete=models.PROTECT, related_name="till_sessions", verbose_name=_("store")
    )
    clerk = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="till_sessions",
        verbose_name=_("clerk"),
    )
    business_date = models.DateField(_("business date"))
    shift_type = models.ForeignKey(
        ShiftType, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("shift"),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.OPEN)
    opening_float = models.DecimalField(_("opening float"), **MONEY)
    float_issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("float issued by"),
    )
    opened_at = models.DateTimeField(_("opened at"))
    needs_approval = models.BooleanField(_("needs the store manager's approval"), default=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    objects = store_scoped(queryset=LockableQuerySet)

    class Meta:
        verbose_name = _("till session")
        verbose_name_plural = _("till sessions")
        ordering = ["-business_date", "clerk_id", "shift_type_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["store", "clerk", "business_date", "shift_type"],
                condition=models.Q(shift_type__isnull=False),
                name="till_one_per_clerk_shift",
            ),
            models.UniqueConstraint(
                fields=["store", "clerk", "business_date"],
                condition=models.Q(shift_type__isnull=True),
                name="till_one_per_clerk_day",
            ),
            _gte0("opening_float", "till_float_gte_0"),
        ]
        indexes = [models.Index(fields=["store", "business_date"]),
                   # Tills waiting for a step (handed in, not confirmed) per store: home panels.
                   models.Index(fields=["store", "status"])]
        triggers = [protect_locked("till_session_protect_locked")]

    def __str__(self) -> str:
        # The clerk by name (never the login name): audit entries and pages show this.
        shift = f" {self.shift_type.code}" if self.shift_type_id else ""
        return f"{self.business_date} {display_name(self.clerk)}{shift}"


class CashDrop(LockableModel):
    """Cash taken from the desk into the drop safe during the day (投币式保险柜)."""

    session = models.ForeignKey(
        TillSession, on_delete=models.PROTECT, related_name="drops", verbose_name=_("till session")
    )
    amount = models.DecimalField(_("amount"), **MONEY)
    envelope_no = models.CharField(_("envelope number"), max_length=40, blank=True)
    at = models.DateTimeField(_("at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("recorded by"),
    )

    objects = store_scoped("session__store", queryset=LockableQuerySet)

    class Meta:
        verbose_name = _("safe drop")
        verbose_name_plural = _("safe drops")
        ordering = ["at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="cashdrop_amount_gt_0"),
            # A resubmitted form must not record the same envelope twice (it raised the
            # expected cash); drops without an envelope number are guarded by a form token.
            models.UniqueConstraint(fields=["session", "envelope_no"],
                                    condition=~models.Q(envelope_no=""),
                                    name="cashdrop_unique_envelope_per_till"),
        ]
        triggers = [protect_locked("cash_drop_protect_locked")]

    def __str__(self) -> str:
        return f"{self.session} · {self.amount}"


class ExpectedTakings(LockableModel):
    """What the billing system (BOSS) says the clerk took by one payment method."""

    class Source(models.TextChoices):
        TYPED = "typed", _("Typed in")
        IMPORTED = "imported", _("Imported from BOSS")

    session = models.ForeignKey(
        TillSession, on_delete=models.PROTECT, related_name="expected",
        verbose_name=_("till session"),
    )
    method = models.CharField(_("payment method"), max_length=10, choices=PaymentMethod.choices)
    amount = models.DecimalField(_("amount"), **MONEY)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("entered by"),
    )
    entered_at = models.DateTimeField(_("entered at"))

    objects = store_scoped("session__store", queryset=LockableQuerySet)

    class Meta:
        verbose_name = _("expected takings")
        verbose_name_plural = _("expected takings")
        constraints = [
            models.UniqueConstraint(fields=["session", "method"], name="expected_one_per_method"),
            _gte0("amount", "expected_amount_gte_0"),
        ]
        triggers = [protect_locked("expected_protect_locked")]

    def __str__(self) -> str:
        return f"{self.session} · {self.get_method_display()} {self.amount}"


class TillCount(LockableModel):
    """The clerk's blind count: cash by denomination and non-cash totals, before the
    expected figures are shown."""

    session = models.OneToOneField(
        TillSession, on_delete=models.PROTECT, related_name="count", verbose_name=_("till session")
    )
    notes_100 = models.PositiveIntegerField(_pieces("100"))
    notes_50 = models.PositiveIntegerField(_pieces("50"))
    notes_20 = models.PositiveIntegerField(_pieces("20"))
    notes_10 = models.PositiveIntegerField(_pieces("10"))
    notes_5 = models.PositiveIntegerField(_pieces("5"))
    notes_1 = models.PositiveIntegerField(_pieces("1"))
    notes_0_5 = models.PositiveIntegerField(_pieces("0.5"))
    notes_0_1 = models.PositiveIntegerField(_pieces("0.1"))
    cash_in_drawer = models.DecimalField(_("cash in the drawer"), **MONEY)
    cheque_total = models.DecimalField(_("cheques"), **MONEY)
    card_total = models.DecimalField(_("bank card"), **MONEY)
    mobile_total = models.DecimalField(_("mobile payment"), **MONEY)
    other_total = models.DecimalField(_("other"), **MONEY)
    counted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("counted by"),
    )
    counted_at = models.DateTimeField(_("counted at"))

    objects = store_scoped("session__store", queryset=LockableQuerySet)

    class Meta:
        verbose_name = _("till count")
        verbose_name_plural = _("till counts")
        constraints = [
            _gte0("cash_in_drawer", "count_cash_gte_0"),
            _gte0("cheque_total", "count_cheque_gte_0"),
            _gte0("card_total", "count_card_gte_0"),
            _gte0("mobile_total", "count_mobile_gte_0"),
            _gte0("other_total", "count_other_gte_0"),
        ]
        triggers = [protect_locked("till_count_protect_locked")]

    def __str__(self) -> str:
        return gettext("Till count %(till)s") % {"till": self.session}


class Destination(models.TextChoices):
    """Where the money of an overage or shortage went (长缴短补)."""

    PAID_IN = "paid_in", _("Paid in to the company account")
    MADE_UP = "made_up", _("Made up by the clerk")
    PENDING = "pending", _("Pending investigation")


class TillDifference(LockableModel):
    """One line of the discrepancy register (长短款登记簿): an overage or a shortage of one
    payment method of one till. Overage and shortage are separate lines, never netted."""

    session = models.ForeignKey(
        TillSession, on_delete=models.PROTECT, related_name="differences",
        verbose_name=_("till session"),
    )
    method = models.CharField(_("payment method"), max_length=10, choices=PaymentMethod.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=DiscrepancyKind.choices)
    amount = models.DecimalField(_("amount"), **MONEY)
    reason = models.ForeignKey(
        DiscrepancyReason, on_delete=models.PROTECT, related_name="+", verbose_name=_("reason")
    )
    note = models.TextField(_("note"))
    destination = models.CharField(_("where the money went"), max_length=10,
                                   choices=Destination.choices)
    beyond_tolerance = models.BooleanField(_("beyond tolerance"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    objects = store_scoped("session__store", queryset=LockableQuerySet)

    class Meta:
        verbose_name = _("overage or shortage")
        verbose_name_plural = _("discrepancy register")
        ordering = ["-recorded_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "method"], name="difference_one_per_method"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="difference_amount_gt_0"),
        ]
        triggers = [protect_locked("difference_protect_locked")]

    def __str__(self) -> str:
        return f"{self.session} · {self.get_method_display()} {self.get_kind_display()} {self.amount}"


class CashHandIn(LockableModel):
    """The sealed takings handed by the clerk to the duty manager, confirmed by both."""

    session = models.OneToOneField(
        TillSession, on_delete=models.PROTECT, related_name="handin",
        verbose_name=_("till session"),
    )
    bag_no = models.CharField(_("bag number"), max_length=40)
    seal_no = models.CharField(_("seal number"), max_length=40)
    cash_amount = models.DecimalField(_("cash handed in"), **MONEY)
    cheque_amount = models.DecimalField(_("cheques handed in"), **MONEY)
    handed_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("handed in by"),
    )
    handed_in_at = models.DateTimeField(_("handed in at"))
    received_cash = models.DecimalField(_("cash received"), **MONEY, null=True, blank=True)
    received_cheque = models.DecimalField(_("cheques received"), **MONEY, null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    objects = store_scoped("session__store", queryset=LockableQuerySet)

    class Meta:
        verbose_name = _("cash hand-in")
        verbose_name_plural = _("cash hand-ins")
        ordering = ["-handed_in_at"]
        constraints = [
            _gte0("cash_amount", "handin_cash_gte_0"),
            _gte0("cheque_amount", "handin_cheque_gte_0"),
            _gte0("received_cash", "handin_received_cash_gte_0"),
            _gte0("received_cheque", "handin_received_cheque_gte_0"),
            models.CheckConstraint(
                condition=models.Q(confirmed_at__isnull=True)
                | models.Q(received_cash__isnull=False, received_cheque__isnull=False,
                           confirmed_by__isnull=False),
                name="handin_confirmed_has_receipt",
            ),
        ]
        # The supervisor's cockpit counts the hand-ins still waiting, across the region.
        indexes = [models.Index(fields=["session"], condition=models.Q(confirmed_at__isnull=True),
                                name="handin_unconfirmed_idx")]
        triggers = [protect_locked("handin_protect_locked")]

    def __str__(self) -> str:
        return f"{self.session} · {self.bag_no}/{self.seal_no}"


class CashAdjustment(LockableModel):
    """A correction to a confirmed till: added to the counted amount of one payment method.

    The original stays as it was; totals are original + adjustments. Adjustments are
    themselves never changed (created locked)."""

    session = models.ForeignKey(
        TillSession, on_delete=models.PROTECT, related_name="adjustments",
        verbose_name=_("till session"),
    )
    method = models.CharField(_("payment method"), max_length=10, choices=PaymentMethod.choices)
    amount = models.DecimalField(
        _("amount"), **MONEY,
        help_text=_("Positive: more was taken than counted; negative: less."),
    )
    reason = models.TextField(_("reason"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("recorded by"),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("approved by"),
    )
    created_at = models.DateTimeField(_("recorded at"))

    objects = store_scoped("session__store", queryset=LockableQuerySet)

    class Meta:
        verbose_name = _("cash adjustment")
        verbose_name_plural = _("cash adjustments")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(amount=0), name="adjustment_not_zero")
        ]
        triggers = [protect_locked("adjustment_protect_locked")]

    def __str__(self) -> str:
        return f"{self.session} · {self.get_method_display()} {self.amount}"
