from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StoreManagerConfig(AppConfig):
    name = "roles.store_manager"
    label = "role_store_manager"
    verbose_name = _("Store manager pages")
