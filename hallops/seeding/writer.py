"""Fast inserts for the volume seed: rows as dicts with their primary keys given up front.

Builders ask the writer for the next id of a model and add plain dicts (field attname →
value), so a child can point at its parent before either is written and no model instance
is ever made (making a million model instances costs more than inserting them). On
PostgreSQL the rows go in with COPY; elsewhere (SQLite in the tests) with executemany
through each field's own database conversion. The COPYs run on one helper thread while the
builders make the next rows (the server ingests batches while Python builds the next: each
was about half of the seed's time): one COPY at a time, up to `COPIES_QUEUED` batches
queued, and anything else on the connection waits for them first (`Writer.wait`), so the
statements run in the order the seed issued them. Foreign keys are deferred to the end of
the transaction on both, so tables are written in any order within one `atomic` block.

Nothing here calls `save()` or the queryset's `update()`: a confirmed (locked) money row is
inserted once in its final state, which the PostgreSQL triggers allow.
"""

from __future__ import annotations

import datetime
import io
import json
import time
from collections import defaultdict
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager, suppress
from decimal import Decimal

from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections, models

FLUSH_ROWS = 20_000
# COPYs queued on the helper thread before the builders wait for the oldest.
COPIES_QUEUED = 4


_ESCAPE = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _iso(value) -> str:
    return value.isoformat()


_OFFSETS: dict = {}


def _datetime_text(value: datetime.datetime) -> str:
    """isoformat(), with the zone's offset worked out once per year when the zone keeps one
    offset all year (utcoffset() of a ZoneInfo costs more than the rest of the row)."""
    tz = value.tzinfo
    if tz is None:
        return value.isoformat()
    key = (tz, value.year)
    offset = _OFFSETS.get(key)
    if offset is None:
        winter = datetime.datetime(value.year, 1, 1, tzinfo=tz).utcoffset()
        summer = datetime.datetime(value.year, 7, 1, tzinfo=tz).utcoffset()
        offset = _OFFSETS[key] = datetime.datetime(2000, 1, 1, tzinfo=tz).isoformat()[19:] if (
            winter == summer) else ""
    if not offset:
        return value.isoformat()
    return value.replace(tzinfo=None).isoformat() + offset


def _str_text(value: str) -> str:
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        return value.translate(_ESCAPE)
    return value


# PostgreSQL's COPY text format, by the exact type of the value (bool before int).
_COPY_TEXT = {
    type(None): lambda v: "\\N",
    bool: lambda v: "t" if v else "f",
    int: str,
    Decimal: str,
    float: repr,
    str: _str_text,
    datetime.datetime: _datetime_text,
    datetime.date: _iso,
    datetime.time: _iso,
}


def _copy_text(value) -> str:
    """One value in PostgreSQL's COPY text format."""
    convert = _COPY_TEXT.get(type(value))
    if convert is None:
        return str(value).translate(_ESCAPE)
    return convert(value)


_MISSING = object()


def _json(value) -> str:
    return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)


class Table:
    """Column order, defaults and JSON columns of one model, worked out once."""

    def __init__(self, model: type[models.Model]):
        self.model = model
        self.fields = list(model._meta.concrete_fields)
        self.names = [f.attname for f in self.fields]
        self.columns = [f.column for f in self.fields]
        self.pk = model._meta.pk.attname
        # Field defaults (callables evaluated once: builders give every time they mean).
        self.defaults = {f.attname: f.get_default() for f in self.fields}
        self.json = {f.attname for f in self.fields if isinstance(f, models.JSONField)}
        self.pairs = list(self.defaults.items())
        # For COPY: (name, default already as COPY text, is JSON).
        self.text_pairs = [(n, _copy_text(_json(d) if n in self.json and d is not None else d), n in self.json)
                           for n, d in self.pairs]

    def line(self, values: dict) -> str:
        """The row as one line of COPY text (PostgreSQL)."""
        get, convert, out = values.get, _COPY_TEXT, []
        append = out.append
        for name, default, is_json in self.text_pairs:
            value = get(name, _MISSING)
            if value is _MISSING:
                append(default)
                continue
            if is_json and value is not None:
                value = _json(value)
            append(convert[type(value)](value) if type(value) in convert else _copy_text(value))
        return "\t".join(out)

    def row(self, values: dict) -> list:
        get = values.get
        out = [get(n, d) for n, d in self.pairs]
        if self.json:
            for i, name in enumerate(self.names):
                if name in self.json and out[i] is not None:
                    out[i] = json.dumps(out[i], cls=DjangoJSONEncoder, ensure_ascii=False)
        return out


class Writer:
    """Buffers rows per model and writes them in batches; hands out primary keys."""

    def __init__(self, using: str = "default", *, dry_run: bool = False, skip_fk_triggers: bool = False):
        self.using = using
        self.skip_fk_triggers = skip_fk_triggers
        self.connection = connections[using]
        self.dry_run = dry_run
        # PostgreSQL rows are kept as COPY text lines from the start (one pass per value).
        self.copy = self.connection.vendor == "postgresql" and not dry_run
        self.tables: dict[type, Table] = {}
        self.buffers: dict[type, list] = defaultdict(list)
        self.next_ids: dict[type, int] = {}
        self.written: dict[type, int] = defaultdict(int)
        self.touched: set[type] = set()
        self.dirty: set[type] = set()
        # In a dry run the rows are kept instead of written (the determinism test reads them).
        self.kept: dict[str, list] = defaultdict(list)
        # The COPYs queued on the helper thread (PostgreSQL), oldest first.
        self._pending: list[Future] = []
        self._copier: ThreadPoolExecutor | None = None

    def fast(self) -> bool:
        """Inside the caller's transaction on PostgreSQL: skip the per-row foreign-key
        triggers (session_replication_role = replica, superuser only) for this transaction.
        The builders hand out every id themselves, so references are right by construction;
        `dangling_references` checks it afterwards (the tests do). CHECK and UNIQUE
        constraints still hold: they are not triggers. Returns whether it is on."""
        if self.dry_run or self.connection.vendor != "postgresql" or not self.skip_fk_triggers:
            return False
        from django.db import DatabaseError, transaction

        try:
            with transaction.atomic(using=self.using), self.connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = replica")
                # Seed data can be re-seeded: no need to wait for the disk at each commit.
                cursor.execute("SET LOCAL synchronous_commit = off")
        except DatabaseError:  # not a superuser: keep the checks
            self.skip_fk_triggers = False
            return False
        return True

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
        self.buffers[model].append(table.line(values) if self.copy else table.row(values))
        if len(self.buffers[model]) >= FLUSH_ROWS:
            self._write(model)
        return values[table.pk]

    def count(self, model) -> int:
        return self.written[model] + len(self.buffers[model])

    def flush(self) -> None:
        """Write everything queued, and wait until it is in. The ids given out are
        forgotten: the services may insert rows (with the sequences) before the next batch,
        which then starts after them."""
        for model in list(self.buffers):
            self._write(model)
        self.wait()
        self.reset_sequences()

    def wait(self) -> None:
        """Until every queued COPY is in (the first error raised here, in the seed's
        thread)."""
        pending, self._pending = self._pending, []
        if not pending:
            return
        with suppress(ValueError):
            self.connection.execute_wrappers.remove(self._barrier)
        errors = []
        for future in pending:
            try:
                future.result()
            except Exception as exc:  # noqa: PERF203 - each COPY must be waited for
                errors.append(exc)
        if errors:
            with self.connection.wrap_database_errors:  # psycopg2's error as Django's
                raise errors[0]

    @contextmanager
    def batch(self):
        """Around a transaction's writes (inside its `atomic`): every COPY is in before the
        transaction ends, committed or rolled back (on an error, after the COPY has run,
        whatever its own outcome, so no COPY outlives the transaction)."""
        try:
            yield
        except BaseException:
            with suppress(Exception):  # the error that is propagating says more
                self.wait()
            raise
        self.wait()

    def _barrier(self, execute, sql, params, many, context):
        """Execute wrapper while a COPY is in flight: any other statement of this connection
        (a builder's read, the sequences, a savepoint) waits for it first."""
        self.wait()
        return execute(sql, params, many, context)

    def forget_ids(self) -> None:
        """Before the services insert rows (with the sequences) between two batches."""
        self.next_ids.clear()

    def _write(self, model) -> None:
        rows = self.buffers.pop(model, [])
        if not rows:
            return
        self.written[model] += len(rows)
        self.touched.add(model)
        self.dirty.add(model)
        table = self.table(model)
        if self.dry_run:
            self.kept[model._meta.label].extend(rows)
            return
        if self.connection.vendor == "postgresql":
            self._copy(table, rows)
        else:
            self._executemany(table, rows)

    def _copy(self, table: Table, rows: list) -> None:
        text = "\n".join(rows) + "\n"
        quote = self.connection.ops.quote_name
        columns = ", ".join(quote(c) for c in table.columns)
        sql = f"COPY {quote(table.model._meta.db_table)} ({columns}) FROM STDIN"
        if len(self._pending) >= COPIES_QUEUED:  # memory: a few batches of text at most
            with self.connection.wrap_database_errors:
                self._pending.pop(0).result()
        self.connection.ensure_connection()
        if self._barrier not in self.connection.execute_wrappers:
            self.connection.execute_wrappers.append(self._barrier)
        raw = self.connection.connection  # psycopg2's: shared with the thread (thread-safe)
        if self._copier is None:
            # one thread: the COPYs run one at a time, in the order issued
            self._copier = ThreadPoolExecutor(max_workers=1, thread_name_prefix="seed-copy")
        self._pending.append(self._copier.submit(_copy_in, raw, sql, text))

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
                f"INSERT INTO {quote(table.model._meta.db_table)} ({columns}) VALUES ({marks})",  # noqa: S608 - names from the models
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
        dirty, self.dirty = self.dirty, set()
        if self.dry_run or not dirty:
            return
        if self.connection.vendor == "postgresql":
            # Straight to the next id we would give: one round trip, no max() scans.
            quote = self.connection.ops.quote_name
            calls = [f"setval(pg_get_serial_sequence('{quote(m._meta.db_table)}', '{m._meta.pk.column}'), "
                     f"{self.next_ids[m] - 1})"
                     for m in dirty if m in self.next_ids]
            if calls:
                with self.connection.cursor() as cursor:
                    cursor.execute("SELECT " + ", ".join(calls))
            return
        statements = self.connection.ops.sequence_reset_sql(no_style(), list(dirty))
        with self.connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def _copy_in(raw, sql: str, text: str) -> None:
    """On the helper thread: psycopg2 releases the GIL while the server reads the rows."""
    with raw.cursor() as cursor:
        cursor.copy_expert(sql, io.StringIO(text), size=1 << 20)


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


def dangling_references(models_: list, using: str = "default") -> dict[str, int]:
    """Rows whose foreign key points at no row: {"app.Model.field": count}, only the bad ones."""
    connection = connections[using]
    quote = connection.ops.quote_name
    out = {}
    with connection.cursor() as cursor:
        for model in models_:
            for f in model._meta.concrete_fields:
                if not f.is_relation or not f.many_to_one and not f.one_to_one:
                    continue
                target = f.related_model._meta
                key, column = quote(f.target_field.column), quote(f.column)
                sql = (f"SELECT COUNT(*) FROM {quote(model._meta.db_table)} t "  # noqa: S608 - names from the models
                       f"LEFT JOIN {quote(target.db_table)} r ON r.{key} = t.{column} "
                       f"WHERE t.{column} IS NOT NULL AND r.{key} IS NULL")
                cursor.execute(sql)
                count = cursor.fetchone()[0]
                if count:
                    out[f"{model._meta.label}.{f.name}"] = count
    return out
