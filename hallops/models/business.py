"""What a clerk counts: business types (业务类型) and marketing product lines (营销产品线).

Both are reference data edited in the admin and seeded from the manual. The tally is the
running count a clerk keeps at the counter during the day; it prefills the daily report.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hallops.people import display_name
from hallops.scoping import store_scoped

from .base import BilingualNamed
from .stores import Store


class CountedItem(BilingualNamed):
    """Something counted per clerk per day; `shortcut` is the key that adds one at the counter."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    shortcut = models.CharField(
        _("keyboard shortcut"),
        max_length=1,
        blank=True,
        help_text=_("One key that adds one to the tally on the clerk's home page."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        abstract = True
        ordering = ["sort_order", "code"]


class BusinessType(CountedItem):
    """A kind of transaction handled at the counter (缴费, 换卡, 入网 …)."""

    class Meta(CountedItem.Meta):
        verbose_name = _("business type")
        verbose_name_plural = _("business types")


class ProductLine(CountedItem):
    """A marketing product line with targets (宽带, 合约机, 增值业务包 …)."""

    class Meta(CountedItem.Meta):
        verbose_name = _("product line")
        verbose_name_plural = _("product lines")


def _one_item_set(prefix: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=(
            models.Q(business_type__isnull=False, product_line__isnull=True)
            | models.Q(business_type__isnull=True, product_line__isnull=False)
        ),
        name=f"{prefix}_one_item",
    )


class TallyCount(models.Model):
    """A clerk's running count of one business type or product line on one business date.

    Written only by a single conditional UPDATE (or the INSERT of the first tap), so rapid
    taps from two tabs never lose a count.
    """

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="+",
                              verbose_name=_("store"))
    clerk = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                              related_name="tally_counts", verbose_name=_("clerk"))
    business_date = models.DateField(_("business date"))
    business_type = models.ForeignKey(BusinessType, on_delete=models.PROTECT, null=True,
                                      blank=True, related_name="+",
                                      verbose_name=_("business type"))
    product_line = models.ForeignKey(ProductLine, on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="+", verbose_name=_("product line"))
    count = models.PositiveIntegerField(_("count"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = store_scoped()

    class Meta:
        verbose_name = _("tally count")
        verbose_name_plural = _("tally counts")
        constraints = [
            _one_item_set("tally"),
            models.UniqueConstraint(
                fields=["clerk", "business_date", "business_type"],
                condition=models.Q(business_type__isnull=False),
                name="tally_unique_business_type",
            ),
            models.UniqueConstraint(
                fields=["clerk", "business_date", "product_line"],
                condition=models.Q(product_line__isnull=False),
                name="tally_unique_product_line",
            ),
            models.CheckConstraint(condition=models.Q(count__gte=0),
                                   name="tally_count_not_negative"),
        ]
        indexes = [models.Index(fields=["store", "business_date"])]

    def __str__(self) -> str:
        item = self.business_type or self.product_line
        return f"{self.business_date} {display_name(self.clerk)} {item}: {self.count}"
