from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundReceiverConfig(AppConfig):
    name = "roles.fund_receiver"
    label = "role_fund_receiver"
    verbose_name = _("Fund receiver pages")
