"""Simple complaints settled at the desk (简单现场投诉): the clerk's own record.

A complaint the clerk settles on the spot leaves this trace (so a later callback cannot count it
as 推诿); one that is not settled becomes an on-site work order with one click, keeping the text.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hallops.models import Store
from hallops.scoping import store_scoped

from .config import Category


class DeskComplaint(models.Model):
    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="desk_complaints",
                              verbose_name=_("store"))
    clerk = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              related_name="desk_complaints", verbose_name=_("clerk"))
    at = models.DateTimeField(_("at"))
    business_date = models.DateField(_("business date"))
    customer_number = models.CharField(_("customer number"), max_length=11)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("category"))
    description = models.CharField(_("what the customer said"), max_length=1000)
    demand = models.CharField(_("what the customer wants"), max_length=500, blank=True)
    action_taken = models.CharField(_("what was done"), max_length=1000, blank=True)
    settled = models.BooleanField(_("settled at the desk"))
    work_order = models.OneToOneField("complaints.WorkOrder", on_delete=models.PROTECT, null=True,
                                      blank=True, related_name="desk_complaint",
                                      verbose_name=_("work order"))
    escalated_at = models.DateTimeField(_("turned into a work order at"), null=True, blank=True)

    objects = store_scoped()

    class Meta:
        verbose_name = _("desk complaint")
        verbose_name_plural = _("desk complaints")
        ordering = ["-at"]
        indexes = [models.Index(fields=["store", "business_date"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(settled=False) | models.Q(work_order__isnull=True),
                name="deskcomplaint_settled_has_no_order",
            ),
            models.CheckConstraint(
                condition=models.Q(work_order__isnull=True, escalated_at__isnull=True)
                | models.Q(work_order__isnull=False, escalated_at__isnull=False),
                name="deskcomplaint_order_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.business_date} {self.category}"
