"""Indexes for the search page (issue 17), on PostgreSQL only.

pg_trgm's GIN indexes serve Django's `icontains` (which PostgreSQL runs as
UPPER(column::text) LIKE UPPER('%…%')), so they are built on that expression. The last four
digits of a customer number are looked up as RIGHT(column, 4) = '1234', served by an
expression index. SQLite (development, tests) gets none: it scans a store's rows.
"""

from django.db import migrations

TRIGRAM = [
    ("complaints_workorder", "number"),
    ("complaints_workorder", "external_no"),
    ("complaints_workorder", "customer_name"),
    ("hallops_customeropinion", "content"),
    ("hallops_customeropinion", "customer_name"),
    ("hallops_servicerecord", "notes"),
]
LAST_FOUR = [
    ("complaints_workorder", "customer_number"),
    ("hallops_customeropinion", "customer_phone"),
    ("hallops_servicerecord", "customer_phone"),
]
# Whole numbers (the customer's history on a work order; a search by eleven digits).
PLAIN = [
    ("hallops_customeropinion", "customer_phone"),
    ("hallops_servicerecord", "customer_phone"),
]


def _name(table: str, column: str, kind: str) -> str:
    return f"search_{table.split('_', 1)[1]}_{column}_{kind}"[:63]


def statements():
    yield "CREATE EXTENSION IF NOT EXISTS pg_trgm"
    for table, column in TRIGRAM:
        yield (f"CREATE INDEX IF NOT EXISTS {_name(table, column, 'trgm')} ON {table} "
               f"USING gin (UPPER({column}::text) gin_trgm_ops)")
    for table, column in LAST_FOUR:
        yield (f"CREATE INDEX IF NOT EXISTS {_name(table, column, 'last4')} ON {table} "
               f"(RIGHT({column}, 4))")
    for table, column in PLAIN:
        yield f"CREATE INDEX IF NOT EXISTS {_name(table, column, 'eq')} ON {table} ({column})"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for sql in statements():
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column in TRIGRAM:
        schema_editor.execute(f"DROP INDEX IF EXISTS {_name(table, column, 'trgm')}")
    for table, column in LAST_FOUR:
        schema_editor.execute(f"DROP INDEX IF EXISTS {_name(table, column, 'last4')}")
    for table, column in PLAIN:
        schema_editor.execute(f"DROP INDEX IF EXISTS {_name(table, column, 'eq')}")


class Migration(migrations.Migration):
    dependencies = [
        ("hallops", "0059_playbook_step_deadlines"),
        ("complaints", "0010_callback_deadlines"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
