"""The clerk's daily business report (营业日报) and the store's confirmation of its day."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hallops.money import MONEY
from hallops.people import display_name
from hallops.scoping import store_scoped

from .business import BusinessType, ProductLine, _one_item_set
from .stores import Store


class ClerkDailyReport(models.Model):
    """One clerk's figures for one business date: draft → submitted → confirmed (or returned)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned for correction")
        CONFIRMED = "confirmed", _("Confirmed")

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="clerk_reports",
                              verbose_name=_("store"))
    clerk = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                              related_name="daily_reports", verbose_name=_("clerk"))
    business_date = models.DateField(_("business date"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.DRAFT)
    was_rostered = models.BooleanField(_("rostered that day"), default=True)

    # Invoices used (发票用存): first and last number of the roll used, and voided ones.
    invoice_first = models.PositiveBigIntegerField(_("first invoice number"), null=True, blank=True)
    invoice_last = models.PositiveBigIntegerField(_("last invoice number"), null=True, blank=True)
    invoices_voided = models.PositiveIntegerField(_("invoices voided"), default=0)
    # Goods sold and rewards redeemed.
    sim_cards_sold = models.PositiveIntegerField(_("SIM cards sold"), default=0)
    handsets_sold = models.PositiveIntegerField(_("handsets sold"), default=0)
    gifts_redeemed = models.PositiveIntegerField(_("gifts redeemed"), default=0)
    points_redeemed = models.PositiveIntegerField(_("points redeemed"), default=0)
    note = models.TextField(_("note"), blank=True)

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    returned_reason = models.TextField(_("reason for return"), blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+",
                                     verbose_name=_("confirmed by"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    amended_at = models.DateTimeField(_("last amended at"), null=True, blank=True)

    objects = store_scoped()

    class Meta:
        verbose_name = _("clerk daily report")
        verbose_name_plural = _("clerk daily reports")
        ordering = ["-business_date", "clerk__username"]
        constraints = [
            models.UniqueConstraint(fields=["clerk", "business_date"],
                                    name="clerk_report_one_per_day"),
            models.CheckConstraint(
                condition=models.Q(invoice_first__isnull=True, invoice_last__isnull=True)
                | models.Q(invoice_first__isnull=False, invoice_last__isnull=False,
                           invoice_last__gte=models.F("invoice_first")),
                name="clerk_report_invoice_range_ordered",
            ),
        ]
        indexes = [models.Index(fields=["store", "business_date", "status"])]

    def __str__(self) -> str:
        return f"{self.business_date} {display_name(self.clerk)}"

    @property
    def invoices_used(self) -> int:
        if self.invoice_first is None or self.invoice_last is None:
            return 0
        return self.invoice_last - self.invoice_first + 1

    @property
    def is_editable_by_clerk(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


class ClerkReportLine(models.Model):
    """The count of one business type or product line in a clerk's daily report."""

    report = models.ForeignKey(ClerkDailyReport, on_delete=models.CASCADE, related_name="lines",
                               verbose_name=_("report"))
    business_type = models.ForeignKey(BusinessType, on_delete=models.PROTECT, null=True,
                                      blank=True, related_name="+",
                                      verbose_name=_("business type"))
    product_line = models.ForeignKey(ProductLine, on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="+", verbose_name=_("product line"))
    count = models.PositiveIntegerField(_("count"), default=0)

    objects = store_scoped("report__store")

    class Meta:
        verbose_name = _("report line")
        verbose_name_plural = _("report lines")
        constraints = [
            _one_item_set("report_line"),
            models.UniqueConstraint(fields=["report", "business_type"],
                                    condition=models.Q(business_type__isnull=False),
                                    name="report_line_unique_business_type"),
            models.UniqueConstraint(fields=["report", "product_line"],
                                    condition=models.Q(product_line__isnull=False),
                                    name="report_line_unique_product_line"),
            models.CheckConstraint(condition=models.Q(count__gte=0),
                                   name="report_line_count_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.business_type or self.product_line}: {self.count}"


class ClerkReportReceipts(models.Model):
    """Receipts by payment method for a clerk's day, kept apart from the counts.

    When the clerk had a till that day, the till sessions fill this row (`source=till`):
    receipts are the takings the billing system (BOSS) reports, cash handed in is what the
    duty manager received, and overage and shortage are the till's differences (original +
    adjustments, never netted). Without a till the clerk types the receipts (`source=typed`)
    and the hand-in figures stay empty.
    """

    class Source(models.TextChoices):
        TYPED = "typed", _("Typed in by the clerk")
        TILL = "till", _("From the till session")

    report = models.OneToOneField(ClerkDailyReport, on_delete=models.CASCADE,
                                  related_name="receipts", verbose_name=_("report"))
    source = models.CharField(_("source"), max_length=10, choices=Source.choices,
                              default=Source.TYPED)
    cash = models.DecimalField(_("cash"), **MONEY, default=0)
    cheque = models.DecimalField(_("cheque"), **MONEY, default=0)
    pos_card = models.DecimalField(_("POS card"), **MONEY, default=0)
    e_payment = models.DecimalField(_("other e-payment"), **MONEY,
                                    default=0)
    refunds = models.DecimalField(_("refunds"), **MONEY, default=0)
    # From the till only (empty when typed): 上交营业款 and 长款/短款.
    handed_in_cash = models.DecimalField(_("cash handed in"), **MONEY,
                                         null=True, blank=True)
    handed_in_cheque = models.DecimalField(_("cheques handed in"), **MONEY, null=True, blank=True)
    overage = models.DecimalField(_("overage"), **MONEY, null=True,
                                  blank=True)
    shortage = models.DecimalField(_("shortage"), **MONEY, null=True,
                                   blank=True)
    till_count = models.PositiveSmallIntegerField(_("tills"), default=0)
    till_status = models.CharField(_("till status"), max_length=12, blank=True,
                                   help_text=_("The least advanced status of the day's tills."))
    synced_at = models.DateTimeField(_("taken from the till at"), null=True, blank=True)

    objects = store_scoped("report__store")

    class Meta:
        verbose_name = _("report receipts")
        verbose_name_plural = _("report receipts")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(cash__gte=0, cheque__gte=0, pos_card__gte=0, e_payment__gte=0,
                                   refunds__gte=0),
                name="report_receipts_not_negative",
            ),
            models.CheckConstraint(
                condition=(models.Q(handed_in_cash__isnull=True) | models.Q(handed_in_cash__gte=0))
                & (models.Q(handed_in_cheque__isnull=True) | models.Q(handed_in_cheque__gte=0))
                & (models.Q(overage__isnull=True) | models.Q(overage__gte=0))
                & (models.Q(shortage__isnull=True) | models.Q(shortage__gte=0)),
                name="report_receipts_till_figures_not_negative",
            ),
        ]

    METHODS = ("cash", "cheque", "pos_card", "e_payment")

    def __str__(self) -> str:
        return f"{self.report} {self.net}"

    @property
    def gross(self):
        return sum(getattr(self, m) for m in self.METHODS)

    @property
    def net(self):
        return self.gross - self.refunds

    @property
    def from_till(self) -> bool:
        return self.source == self.Source.TILL

    @property
    def till_status_label(self) -> str:
        from .cash import TillSession

        return dict(TillSession.Status.choices).get(self.till_status, "")


class StoreDay(models.Model):
    """The store manager's confirmation of a store's business day.

    The figures are never stored here: the store report is summed from the confirmed clerk
    reports whenever it is shown, so nothing is typed twice.
    """

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="store_days",
                              verbose_name=_("store"))
    business_date = models.DateField(_("business date"))
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("confirmed by"))
    confirmed_at = models.DateTimeField(_("confirmed at"))
    note = models.TextField(_("note"), blank=True)

    objects = store_scoped()

    class Meta:
        verbose_name = _("confirmed store day")
        verbose_name_plural = _("confirmed store days")
        ordering = ["-business_date"]
        constraints = [
            models.UniqueConstraint(fields=["store", "business_date"], name="store_day_unique")
        ]

    def __str__(self) -> str:
        return f"{self.store} {self.business_date}"
