"""Default routes of the urgent events (fixtures/notification_routes.json): who hears of what on
which channel. The administrator changes them in /admin/; this adds the missing ones only."""

import json

from django.db import migrations

from hallops.reference import FIXTURES_DIR


def load(apps, schema_editor):
    route = apps.get_model("hallops", "NotificationRoute")
    rows = json.loads((FIXTURES_DIR / "notification_routes.json").read_text(encoding="utf-8"))
    for row in rows:
        fields = row["fields"]
        route.objects.get_or_create(event=fields["event"], role=fields["role"],
                                    channel=fields["channel"],
                                    defaults={"is_active": fields["is_active"]})


class Migration(migrations.Migration):
    dependencies = [("hallops", "0061_events_and_deliveries")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
