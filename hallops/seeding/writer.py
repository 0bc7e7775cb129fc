"""Fast inserts for the volume seed: rows as dicts with their primary keys given up front.

Builders ask the writer for the next id of a model and add plain dicts (field attname →
value), so a child can point at its parent before either is written and no model instance
is ever made (making a million model instances costs more than inserting them). On
PostgreSQL the rows go in with COPY; elsewhere (SQLite in the tests) with executemany
through each field's own database conversion. Foreign keys are deferred to the end of the
transaction on both, so tables are written in any order within one `atomic` block.

Nothing here calls `save()` or the queryset's `update()`: a confirmed (locked) money row is
inserted once in its final state, which the PostgreSQL triggers allow.
"""

from __future__ import annotations

import datetime
import io
import json
import time
from collections import defaultdict
from decimal import Decimal

from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections, models

FLUSH_ROWS = 20_000


def _copy_text(value) -> str:
    """One value in PostgreSQL's COPY text format."""
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, (int, Decimal)):
        return str(value)
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    text = value if isinstance(value, str) else str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


class Table:
    """Column order, defaults and JSON columns of one model, worked out once."""

    def __init__(self, model: type[models.Model]):
        self.model = model
        self.fields = [f for f in model._meta.concrete_fields]
        self.names = [f.attname for f in self.fields]
        self.columns = [f.column for f in self.fields]
        self.pk = model._meta.pk.attname
        # Field defaults (callables evaluated once: builders give every time they mean).
        self.defaults = {f.attname: f.get_default() for f in self.fields}
        self.json = {f.attname for f in self.fields if isinstance(f, models.JSONField)}

    def row(self, values: dict) -> list:
        defaults = self.defaults
        out = [values[n] if n in values else defaults[n] for n in self.names]
        if self.json:
            for i, name in enumerate(self.names):
                if name in self.json and out[i] is not None:
                    out[i] = json.dumps(out[i], cls=DjangoJSONEncoder, ensure_ascii=False)
        return out


class Writer:
    """Buffers rows per model and writes them in batches; hands out primary keys."""

    def __init__(self, using: str = "default", *, dry_run: bool = False):
        self.using = using
        self.connection = connections[using]
        self.dry_run = dry_run
        self.tables: dict[type, Table] = {}
        self.buffers: dict[type, list] = defaultdict(list)
        self.next_ids: dict[type, int] = {}
        self.written: dict[type, int] = defaultdict(int)
        self.touched: set[type] = set()
        # In a dry run the rows are kept instead of written (the determinism test reads them).
        self.kept: dict[str, list] = defaultdict(list)

    def table(self, model) -> Table:
        if model not in self.tables:
            self.tables[model] = Table(model)
        return self.tables[model]

    def next_id(self, model) -> int:
        if model not in self.next_ids:
            top = model._base_manager.using(self.using).aggregate(m=models.Max("pk"))["m"] or 0
            self.next_ids[model] = top + 1
        pk = self.next_ids[model]
        self.next_ids[model] = pk + 1
        return pk

    def add(self, model, values: dict) -> int:
        """Queue one row; returns its primary key (given or allocated)."""
        table = self.table(model)
        if values.get(table.pk) is None:
            values[table.pk] = self.next_id(model)
        self.buffers[model].append(table.row(values))
        if len(self.buffers[model]) >= FLUSH_ROWS:
            self._write(model)
        return values[table.pk]

    def count(self, model) -> int:
        return self.written[model] + len(self.buffers[model])

    def flush(self) -> None:
        """Write everything queued. The ids given out are forgotten: the services may insert
        rows (with the sequences) before the next batch, which then starts after them."""
        for model in list(self.buffers):
            self._write(model)
        self.reset_sequences()
        if not self.dry_run:
            self.next_ids.clear()

    def _write(self, model) -> None:
        rows = self.buffers.pop(model, [])
        if not rows:
            return
        self.written[model] += len(rows)
        self.touched.add(model)
        table = self.table(model)
        if self.dry_run:
            self.kept[model._meta.label].extend(rows)
            return
        if self.connection.vendor == "postgresql":
            self._copy(table, rows)
        else:
            self._executemany(table, rows)

    def _copy(self, table: Table, rows: list) -> None:
        buffer = io.StringIO()
        write = buffer.write
        for row in rows:
            write("\t".join([_copy_text(v) for v in row]))
            write("\n")
        buffer.seek(0)
        quote = self.connection.ops.quote_name
        columns = ", ".join(quote(c) for c in table.columns)
        with self.connection.cursor() as cursor:
            cursor.cursor.copy_expert(
                f"COPY {quote(table.model._meta.db_table)} ({columns}) FROM STDIN", buffer
            )

    def _executemany(self, table: Table, rows: list) -> None:
        connection = self.connection
        fields = table.fields
        prepared = [
            [f.get_db_prep_save(v, connection) for f, v in zip(fields, row, strict=True)]
            for row in (self._unjson(table, r) for r in rows)
        ]
        quote = connection.ops.quote_name
        columns = ", ".join(quote(c) for c in table.columns)
        marks = ", ".join(["%s"] * len(table.columns))
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {quote(table.model._meta.db_table)} ({columns}) VALUES ({marks})",
                prepared,
            )

    @staticmethod
    def _unjson(table: Table, row: list) -> list:
        # get_db_prep_save of a JSONField wants the Python value, not our JSON text.
        if not table.json:
            return row
        return [json.loads(v) if n in table.json and isinstance(v, str) else v
                for n, v in zip(table.names, row, strict=True)]

    def reset_sequences(self) -> None:
        """Move the id sequences past the ids given out, so the services' inserts follow on."""
        if self.dry_run or not self.touched:
            return
        statements = self.connection.ops.sequence_reset_sql(no_style(), list(self.touched))
        if statements:
            with self.connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)


class Progress:
    """Per-feature timing lines: "duty logs: 18,250 rows in 4.1 s (4,450/s)"."""

    def __init__(self, stdout=None):
        self.stdout = stdout
        self.lines: list[tuple[str, int, float]] = []

    def write(self, text: str) -> None:
        if self.stdout is not None:
            self.stdout.write(text)
            flush = getattr(self.stdout, "flush", None)
            if flush:
                flush()

    def feature(self, name: str, writer: Writer, started: float, before: dict) -> None:
        elapsed = max(time.perf_counter() - started, 1e-6)
        counts = {m: writer.written[m] - before.get(m, 0) for m in writer.written}
        counts = {m: n for m, n in counts.items() if n}
        total = sum(counts.values())
        detail = ", ".join(f"{m._meta.model_name} {n:,}" for m, n in counts.items())
        self.lines.append((name, total, elapsed))
        self.write(f"{name}: {total:,} rows in {elapsed:.1f} s ({total / elapsed:,.0f}/s) — {detail}")
