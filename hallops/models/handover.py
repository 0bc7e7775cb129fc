from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hallops.scoping import store_scoped

from .base import count_max
from .stores import Store


class Handover(models.Model):
    """A shift-change handover (工作交接): noted by the outgoing clerk, acknowledged by the
    incoming one. Cash is handed over through the till (cash feature), not here."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="handovers",
                              verbose_name=_("store"))
    business_date = models.DateField(_("business date"))
    outgoing = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 related_name="handovers_given", verbose_name=_("outgoing clerk"))
    incoming = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 related_name="handovers_received",
                                 verbose_name=_("incoming clerk"))
    created_at = models.DateTimeField(_("noted at"), auto_now_add=True)
    open_items = models.TextField(_("open items"), blank=True)
    invoice_first = models.PositiveBigIntegerField(_("first invoice number passed on"),
                                                   null=True, blank=True)
    invoice_last = models.PositiveBigIntegerField(_("last invoice number passed on"),
                                                  null=True, blank=True)
    sim_cards = models.PositiveIntegerField(_("SIM cards passed on"), default=0,
                                            validators=[count_max()])
    value_cards = models.PositiveIntegerField(_("value cards passed on"), default=0,
                                              validators=[count_max()])
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledgement_note = models.CharField(_("note on acknowledgement"), max_length=200,
                                            blank=True)

    objects = store_scoped()

    class Meta:
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(outgoing=models.F("incoming")),
                                   name="handover_two_people"),
            models.CheckConstraint(
                condition=models.Q(invoice_first__isnull=True, invoice_last__isnull=True)
                | models.Q(invoice_first__isnull=False, invoice_last__isnull=False,
                           invoice_last__gte=models.F("invoice_first")),
                name="handover_invoice_range_ordered",
            ),
        ]
        indexes = [models.Index(fields=["store", "business_date"])]

    def __str__(self) -> str:
        return f"{self.business_date} {self.outgoing} → {self.incoming}"

    @property
    def invoices_count(self) -> int:
        if self.invoice_first is None or self.invoice_last is None:
            return 0
        return self.invoice_last - self.invoice_first + 1
