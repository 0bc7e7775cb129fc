"""What the store knows about a customer that more than one record shares."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CustomerLevel(models.TextChoices):
    """The customer's level (客户级别) as BOSS shows it: one list for complaint work orders and
    the clerks' service records, so a level means the same on both."""

    ORDINARY = "ordinary", _("Ordinary")
    SILVER = "silver", _("Silver")
    GOLD = "gold", _("Gold")
    PLATINUM = "platinum", _("Platinum / diamond")
    GROUP = "group", _("Group customer")
    GOTONE_VIP = "gotone_vip", _("GoTone VIP")
