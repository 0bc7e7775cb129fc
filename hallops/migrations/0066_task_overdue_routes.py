"""An overdue task tells both sides, whatever role they hold: in-app routes of the task-overdue
event for every role (fixtures/notification_routes.json; adds the missing routes only)."""

import importlib

from django.db import migrations

load = importlib.import_module("hallops.migrations.0062_reference_notification_routes").load


class Migration(migrations.Migration):
    dependencies = [("hallops", "0065_meeting_kinds_agenda_minutes")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
