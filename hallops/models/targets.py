from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hallops.people import display_name
from hallops.scoping import store_scoped

from .business import ProductLine
from .stores import Store


class MonthlyTarget(models.Model):
    """A month's marketing target for a product line (营销指标): the store's, or one clerk's."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="targets",
                              verbose_name=_("store"))
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    clerk = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True,
                              blank=True, related_name="targets",
                              verbose_name=_("clerk (empty for the whole store)"))
    product_line = models.ForeignKey(ProductLine, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("product line"))
    quantity = models.PositiveIntegerField(_("target"))

    objects = store_scoped()

    class Meta:
        verbose_name = _("monthly target")
        verbose_name_plural = _("monthly targets")
        ordering = ["-month", "product_line__sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["store", "month", "product_line"],
                                    condition=models.Q(clerk__isnull=True),
                                    name="target_unique_store_line"),
            models.UniqueConstraint(fields=["store", "month", "clerk", "product_line"],
                                    condition=models.Q(clerk__isnull=False),
                                    name="target_unique_clerk_line"),
        ]

    def __str__(self) -> str:
        who = display_name(self.clerk) if self.clerk_id else self.store
        return f"{self.month:%Y-%m} {who} {self.product_line}: {self.quantity}"
