from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HallopsConfig(AppConfig):
    name = "hallops"
    verbose_name = _("Store operations")

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        # Each app contributes navigation entries and home-page panels in its ui.py.
        autodiscover_modules("ui")
        # …and demo data for seed_demo in its demo.py (hallops.demo explains the steps).
        autodiscover_modules("demo")
