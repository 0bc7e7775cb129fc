"""Load reference data from fixtures/ inside data migrations.

Uses the migration's historical models and a natural key, so the data migration keeps
working after the models change, and running it again updates rather than duplicates.
"""

import json
from pathlib import Path

FIXTURES_DIR = Path(__file__).resolve().parent.parent / "fixtures"


def load_reference(apps, filename: str, *, key: str = "code", resolve=None) -> int:
    """update_or_create every object of a Django-format fixture, matched on `key`.

    `resolve(model_label, fields)` may turn natural references (e.g. a parent's code) into
    field values before saving.
    """
    rows = json.loads((FIXTURES_DIR / filename).read_text(encoding="utf-8"))
    count = 0
    for row in rows:
        app_label, model_name = row["model"].split(".")
        model = apps.get_model(app_label, model_name)
        fields = dict(row["fields"])
        if resolve is not None:
            fields = resolve(row["model"], fields, apps)
        lookup = {key: fields.pop(key)}
        model.objects.update_or_create(**lookup, defaults=fields)
        count += 1
    return count
