"""Materials and invoices (物料管理): the catalogue, the per-store movement ledger, transfers
between stores, stock-takes (盘点) and publicity items (宣传品).

The ledger is the truth: stock on hand is what the confirmed movements add up to. A movement
is confirmed (locked) the moment it is written and can never be changed or deleted (model,
queryset and, on PostgreSQL, a trigger); a correction is a new movement that names the one it
reverses.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hallops.models import BilingualNamed, Store
from hallops.models.cash_base import LockableModel, LockableQuerySet, protect_locked
from hallops.money import MONEY
from hallops.scoping import store_scoped

LockableManager = LockableQuerySet.as_manager().__class__


class Tracking(models.TextChoices):
    SERIAL = "serial", _("By serial number range")
    COUNTED = "counted", _("Counted")


class ItemCategory(models.TextChoices):
    SIM = "sim", _("SIM card")
    VALUE_CARD = "value_card", _("Value card")
    INVOICE = "invoice", _("Invoice paper")
    TERMINAL = "terminal", _("Handset or terminal")
    GIFT = "gift", _("Gift or points prize")
    BAG = "bag", _("Bag")
    FORM = "form", _("Form")
    PUBLICITY = "publicity", _("Publicity material")
    OTHER = "other", _("Other")


class ItemType(BilingualNamed):
    """One kind of stock the halls hold, configured in the admin."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    category = models.CharField(_("category"), max_length=16, choices=ItemCategory.choices)
    tracking = models.CharField(_("tracking"), max_length=8, choices=Tracking.choices,
                                default=Tracking.COUNTED)
    unit = models.CharField(_("unit"), max_length=20, default="张")
    value = models.DecimalField(_("value per unit (yuan)"), null=True, blank=True, **MONEY)
    money_equivalent = models.BooleanField(
        _("money-equivalent"), default=False,
        help_text=_("As good as money (value cards, invoices): counted weekly."))
    serial_length = models.PositiveSmallIntegerField(
        _("serial number length"), null=True, blank=True,
        help_text=_("Every serial number of this item has exactly this many characters."))
    serial_prefix = models.CharField(
        _("serial number prefix"), max_length=20, blank=True,
        help_text=_("Every serial number starts with these characters; digits follow."))
    min_stock = models.PositiveIntegerField(
        _("minimum stock"), default=0,
        help_text=_("Below this many in the storeroom the home page warns."))
    stocktake_days = models.PositiveSmallIntegerField(
        _("stock-take every (days)"), default=30,
        help_text=_("7 for money-equivalents (weekly), 30 for the rest (monthly)."))
    tally_code = models.SlugField(
        _("tally code"), max_length=30, blank=True,
        help_text=_("The code of the business type or product line on the clerk's tally that "
                    "counts this item's sales; the day's sales are checked against it."))
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("item type")
        verbose_name_plural = _("item types")
        ordering = ["category", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(tracking="counted") | models.Q(serial_length__gt=0),
                name="item_serial_needs_length"),
            models.CheckConstraint(condition=models.Q(value__isnull=True) | models.Q(value__gte=0),
                                   name="item_value_gte_0"),
            models.CheckConstraint(condition=models.Q(stocktake_days__gt=0),
                                   name="item_stocktake_days_gt_0"),
        ]

    @property
    def is_serial(self) -> bool:
        return self.tracking == Tracking.SERIAL


class MovementKind(models.TextChoices):
    RECEIVED = "received", _("Received")
    ISSUED = "issued", _("Issued to a clerk")
    RETURNED = "returned", _("Returned by a clerk")
    SOLD = "sold", _("Sold or used")
    TRANSFER_OUT = "transfer_out", _("Transferred out")
    TRANSFER_IN = "transfer_in", _("Transferred in")
    DAMAGED = "damaged", _("Damaged")
    VOIDED = "voided", _("Voided")
    EXPIRED = "expired", _("Expired")
    COUNT_SURPLUS = "count_surplus", _("Stock-take surplus")
    COUNT_SHORTAGE = "count_shortage", _("Stock-take shortage")
    REVERSAL = "reversal", _("Correction (reverses an entry)")


# Kinds that take stock away for good and need a reason.
WRITE_OFF_KINDS = (MovementKind.DAMAGED, MovementKind.VOIDED, MovementKind.EXPIRED)
# Kinds a correction cannot reverse: their own corrections, transfers and stock-take results
# (a new movement is recorded instead).
NOT_REVERSIBLE_KINDS = (MovementKind.REVERSAL, MovementKind.TRANSFER_OUT, MovementKind.TRANSFER_IN,
                        MovementKind.COUNT_SURPLUS, MovementKind.COUNT_SHORTAGE)


class Transfer(models.Model):
    """Stock sent from one store to another; the receiving store books it in once.

    `store` is the receiving store (the one that has to act); the sending store sees its side
    as its transfer-out movement."""

    class Status(models.TextChoices):
        SENT = "sent", _("On the way")
        RECEIVED = "received", _("Received")

    store = models.ForeignKey(Store, on_delete=models.PROTECT, related_name="transfers_in",
                              verbose_name=_("to store"))
    from_store = models.ForeignKey(Store, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("from store"))
    item = models.ForeignKey(ItemType, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("item"))
    quantity = models.PositiveIntegerField(_("quantity"))
    first_serial = models.CharField(_("first serial"), max_length=40, blank=True)
    last_serial = models.CharField(_("last serial"), max_length=40, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.SENT)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="+", verbose_name=_("sent by"))
    sent_at = models.DateTimeField(_("sent at"))
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("received by"))
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)

    objects = store_scoped()

    class Meta:
        verbose_name = _("stock transfer")
        verbose_name_plural = _("stock transfers")
        ordering = ["-sent_at"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(store=models.F("from_store")),
                                   name="transfer_between_two_stores"),
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="transfer_qty_gt_0"),
        ]

    def __str__(self) -> str:
        return f"{self.from_store} → {self.store}: {self.item} × {self.quantity}"


class StockTake(models.Model):
    """A count of a store's storeroom (盘点), signed by three people in order, then locked."""

    class Scope(models.TextChoices):
        MONEY = "money", _("Money-equivalents only (weekly)")
        ALL = "all", _("All items (monthly)")

    class Status(models.TextChoices):
        COUNTING = "counting", _("Counting")
        COUNTER_SIGNED = "counter_signed", _("Signed by the counter")
        DUTY_SIGNED = "duty_signed", _("Signed by the duty manager")
        LOCKED = "locked", _("Signed off and locked")

    store = models.ForeignKey(Store, on_delete=models.PROTECT, related_name="stock_takes",
                              verbose_name=_("store"))
    scope = models.CharField(_("items"), max_length=8, choices=Scope.choices, default=Scope.ALL)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices,
                              default=Status.COUNTING)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("started by"))
    started_at = models.DateTimeField(_("started at"))
    counter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="+", verbose_name=_("counted by"))
    counter_signed_at = models.DateTimeField(_("counter signed at"), null=True, blank=True)
    duty_manager = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+",
                                     verbose_name=_("duty manager"))
    duty_signed_at = models.DateTimeField(_("duty manager signed at"), null=True, blank=True)
    store_manager = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                      null=True, blank=True, related_name="+",
                                      verbose_name=_("store manager"))
    store_signed_at = models.DateTimeField(_("store manager signed at"), null=True, blank=True)

    objects = store_scoped()

    class Meta:
        verbose_name = _("stock-take")
        verbose_name_plural = _("stock-takes")
        ordering = ["-started_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(counter=models.F("duty_manager"))
                & ~models.Q(counter=models.F("store_manager"))
                & ~models.Q(duty_manager=models.F("store_manager")),
                name="stocktake_three_people"),
        ]

    def __str__(self) -> str:
        return f"{self.store} {self.started_at:%Y-%m-%d}"


class StockTakeLine(models.Model):
    """One item of a stock-take: what the ledger says, what was counted, why they differ."""

    stocktake = models.ForeignKey(StockTake, on_delete=models.CASCADE, related_name="lines",
                                  verbose_name=_("stock-take"))
    item = models.ForeignKey(ItemType, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("item"))
    expected_quantity = models.PositiveIntegerField(_("by the ledger"))
    expected_ranges = models.TextField(_("ranges by the ledger"), blank=True)
    counted_quantity = models.PositiveIntegerField(_("counted"), null=True, blank=True)
    counted_ranges = models.TextField(_("ranges counted"), blank=True)
    difference = models.IntegerField(_("difference"), default=0)
    missing_ranges = models.TextField(_("missing"), blank=True)
    surplus_ranges = models.TextField(_("surplus"), blank=True)
    reason = models.CharField(_("reason for the difference"), max_length=300, blank=True)

    objects = store_scoped("stocktake__store")

    class Meta:
        verbose_name = _("stock-take line")
        verbose_name_plural = _("stock-take lines")
        ordering = ["item__category", "item__code"]
        constraints = [models.UniqueConstraint(fields=["stocktake", "item"],
                                               name="stocktake_one_line_per_item")]

    def __str__(self) -> str:
        return f"{self.item}: {self.counted_quantity} / {self.expected_quantity}"


class Movement(LockableModel):
    """One confirmed entry of a store's stock ledger (台账). Never changed once written."""

    store = models.ForeignKey(Store, on_delete=models.PROTECT, related_name="material_movements",
                              verbose_name=_("store"))
    item = models.ForeignKey(ItemType, on_delete=models.PROTECT, related_name="movements",
                             verbose_name=_("item"))
    kind = models.CharField(_("movement"), max_length=16, choices=MovementKind.choices)
    quantity = models.PositiveIntegerField(_("quantity"))
    first_serial = models.CharField(_("first serial"), max_length=40, blank=True)
    last_serial = models.CharField(_("last serial"), max_length=40, blank=True)
    # Issued to / returned by / sold or written off by this clerk; empty: the storeroom.
    clerk = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                              blank=True, related_name="material_movements",
                              verbose_name=_("clerk"))
    reference = models.CharField(_("delivery note no."), max_length=60, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    business_date = models.DateField(_("business date"))
    at = models.DateTimeField(_("recorded at"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("recorded by"))
    corrects = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="corrected_by",
                                    verbose_name=_("corrects entry"))
    transfer = models.ForeignKey(Transfer, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="movements", verbose_name=_("transfer"))
    stocktake = models.ForeignKey(StockTake, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="movements", verbose_name=_("stock-take"))

    objects = store_scoped(manager=LockableManager)

    class Meta:
        verbose_name = _("stock movement")
        verbose_name_plural = _("stock movements")
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="movement_qty_gt_0"),
            # A transfer is booked in once: one transfer-in entry per transfer.
            models.UniqueConstraint(fields=["transfer"],
                                    condition=models.Q(kind="transfer_in"),
                                    name="movement_transfer_received_once"),
        ]
        indexes = [models.Index(fields=["store", "item", "business_date"]),
                   # The ledger page: a store's latest entries first (a year is thousands).
                   models.Index(fields=["store", "-at", "-id"], name="material_movement_store_at")]
        triggers = [protect_locked("material_movement_protect_locked")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.item} × {self.quantity}"

    @property
    def range_text(self) -> str:
        if not self.first_serial:
            return ""
        return f"{self.first_serial}–{self.last_serial}"


class PublicityItem(models.Model):
    """A poster, table card or banner on display, valid between two dates."""

    store = models.ForeignKey(Store, on_delete=models.PROTECT, related_name="publicity_items",
                              verbose_name=_("store"))
    title = models.CharField(_("title"), max_length=120)
    location = models.CharField(_("where it is displayed"), max_length=120)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    taken_down_at = models.DateTimeField(_("taken down at"), null=True, blank=True)
    taken_down_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                      null=True, blank=True, related_name="+",
                                      verbose_name=_("taken down by"))

    objects = store_scoped()

    class Meta:
        verbose_name = _("publicity item")
        verbose_name_plural = _("publicity items")
        ordering = ["valid_until", "title"]
        constraints = [models.CheckConstraint(condition=models.Q(valid_until__gte=models.F("valid_from")),
                                              name="publicity_valid_order")]

    def __str__(self) -> str:
        return self.title
