from pathlib import Path

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HallopsConfig(AppConfig):
    name = "hallops"
    verbose_name = _("Store operations")

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        make_local_folders()
        # Each app contributes navigation entries and home-page panels in its ui.py.
        autodiscover_modules("ui")
        # …and demo data for seed_demo in its demo.py (hallops.demo explains the steps).
        autodiscover_modules("demo")


def make_local_folders() -> None:
    """The laptop defaults keep their data under var/: the SQLite file's folder and the
    filesystem broker's folders must exist before the first connection or message. Done once
    at start-up (settings only declare; importing them has no side effects)."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3") and str(database["NAME"]) != ":memory:":
        Path(database["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    if settings.CELERY_BROKER_URL.startswith("filesystem"):
        options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
        for key in ("data_folder_in", "processed_folder", "control_folder"):
            Path(options[key]).mkdir(parents=True, exist_ok=True)
