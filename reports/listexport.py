"""Export of lists: every list page gives what it shows, with its filters, as .xlsx or CSV.

A list declares its columns once, at module level::

    AUDIT_EXPORT = ListExport(
        name="audit", title=_("Audit trail"),
        columns=(Col(_("When"), "at", Kind.DATETIME),
                 Col(_("Who"), "actor", Kind.PERSON),
                 Col(_("Action"), "sentence")),
        batch=describe_entries,      # optional: turns each chunk of objects into rows
    )

and its view, after filtering and before paginating, hands over the filtered rows::

    if (response := AUDIT_EXPORT.respond(request, entries)) is not None:
        return response

`?format=xlsx` answers a workbook written by the report engine (reports/engine.py: page setup,
styles, text cells starting with = + - @ kept as text); `?format=csv` answers UTF-8 with a BOM
(Excel reads Chinese), values written for people (names, two decimals, local times, masked
numbers). Over `settings.EXPORT_ROW_CAP` rows the export becomes an `ExportJob`: the Celery
task re-runs the same view as the same person with the same query string (so the job sees the
page's own filters and gate), and the file is downloaded from the job's page.

The content is built inside the view (inside `role_required`'s store scope), never lazily.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from hallops.money import format_money
from hallops.people import display_name
from hallops.permissions import Role
from hallops.text import mask_phone

from .sheets import Column, Sheet, SheetContext, T

FORMATS = ("xlsx", "csv")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
BOM = "\ufeff"
# A CSV cell starting with one of these is prefixed with ' (Excel would run it as a formula).
CSV_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 500
# A background export records its progress every this many rows.
PROGRESS_EVERY = 500


def row_cap() -> int:
    """Above this many rows an export runs as a background job."""
    return int(getattr(settings, "EXPORT_ROW_CAP", 3000))


class Kind(StrEnum):
    """How a column's value is written."""

    TEXT = "text"
    INT = "int"
    MONEY = "money"  # a Decimal in yuan: two decimals
    PERCENT = "percent"  # a fraction: 0.125 is 12.5 %
    DATE = "date"
    DATETIME = "datetime"  # aware, shown in local time
    PERSON = "person"  # a user: shown by name, never the login
    PHONE = "phone"  # a customer's number: masked
    BOOL = "bool"  # yes / no


_ENGINE_TYPE = {Kind.INT: T.INT, Kind.MONEY: T.MONEY, Kind.PERCENT: T.PERCENT,
                Kind.DATE: T.DATE, Kind.DATETIME: T.DATETIME}


@dataclass(frozen=True)
class Col:
    """One column: its header (lazily translated), how to read the value from a row (an
    attribute path "order.customer.name", a dict key, or a function of the row), its kind."""

    label: Any
    value: str | Callable[[Any], Any]
    kind: Kind = Kind.TEXT
    width: int | None = None

    def read(self, row) -> Any:
        if callable(self.value):
            return self.value(row)
        value = row
        for part in self.value.split("."):
            if value is None:
                return None
            value = value.get(part) if isinstance(value, dict) else getattr(value, part)
            if callable(value) and not hasattr(value, "_meta"):
                value = value()  # get_status_display, a property-like method
        return value

    def native(self, row) -> Any:
        """The value for a workbook cell (typed: the engine formats it)."""
        value = self.read(row)
        if value is None or value == "":
            return None
        kind = self.kind
        if kind is Kind.PERSON:
            return display_name(value) if not isinstance(value, str) else value
        if kind is Kind.PHONE:
            return mask_phone(str(value))
        if kind is Kind.BOOL:
            return gettext("Yes") if value else gettext("No")
        if kind is Kind.MONEY:
            return Decimal(value)
        if kind is Kind.DATETIME and isinstance(value, datetime.datetime):
            if timezone.is_aware(value):
                value = timezone.localtime(value)
            return value.replace(tzinfo=None, second=0, microsecond=0)
        if kind is Kind.TEXT:
            return str(value)
        return value

    def text(self, row) -> str:
        """The value for a CSV cell, as people read it on the page."""
        value = self.native(row)
        if value is None:
            return ""
        kind = self.kind
        if kind is Kind.MONEY:
            return format_money(value, empty="")
        if kind is Kind.PERCENT:
            return f"{Decimal(str(value)) * 100:.1f}%"
        if kind is Kind.DATETIME and isinstance(value, datetime.datetime):
            return f"{value:%Y-%m-%d %H:%M}"
        if kind is Kind.DATE and isinstance(value, datetime.date):
            return f"{value:%Y-%m-%d}"
        text = str(value)
        if kind in (Kind.TEXT, Kind.PERSON, Kind.PHONE) and text.startswith(CSV_FORMULA_PREFIXES):
            return "'" + text
        return text

    def engine_column(self) -> Column:
        return Column(title=self.label, type=_ENGINE_TYPE.get(self.kind, T.TEXT),
                      width=self.width, total=False)


def _chunks(rows: Iterable, size: int = CHUNK) -> Iterator[list]:
    if isinstance(rows, QuerySet):
        rows = rows.iterator(chunk_size=size)
    chunk: list = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class _ListSheet(Sheet):
    key = "list"
    totals = False

    def __init__(self, title: str, columns: Sequence[Col], rows: Iterable[Sequence]):
        self._title = title
        self.columns = [c.engine_column() for c in columns]
        self._rows = rows

    def sheet_title(self, ctx: SheetContext) -> str:
        return self._title

    def rows(self, ctx: SheetContext) -> Iterable[Sequence]:
        return self._rows


@dataclass(frozen=True)
class ListExport:
    """A list page's export: its columns, declared once; `respond` does the rest."""

    name: str  # a short file-name stem: "audit", "discrepancies"
    title: Any  # the page's title, lazily translated (sheet title, printed header)
    columns: Sequence[Col]
    # Optional: a function of a chunk of objects (a list) returning the rows to write, for
    # pages that decorate their objects in bulk (sentences of audit entries, figures…).
    batch: Callable[[list], Iterable] | None = None

    # -- rows --------------------------------------------------------------------------
    def _items(self, rows: Iterable) -> Iterator:
        for chunk in _chunks(rows):
            yield from (self.batch(chunk) if self.batch is not None else chunk)

    def headers(self) -> list[str]:
        return [str(c.label) for c in self.columns]

    def text_rows(self, rows: Iterable) -> Iterator[list[str]]:
        for item in self._items(rows):
            yield [c.text(item) for c in self.columns]

    def native_rows(self, rows: Iterable) -> Iterator[list]:
        for item in self._items(rows):
            yield [c.native(item) for c in self.columns]

    # -- files -------------------------------------------------------------------------
    def csv_bytes(self, rows: Iterable, progress: Callable[[int], None] | None = None) -> bytes:
        out = io.StringIO()
        out.write(BOM)
        writer = csv.writer(out)
        writer.writerow(self.headers())
        for done, line in enumerate(self.text_rows(rows), start=1):
            writer.writerow(line)
            if progress is not None and done % PROGRESS_EVERY == 0:
                progress(done)
        return out.getvalue().encode("utf-8")

    def xlsx_bytes(self, rows: Iterable, *, store=None, region=None,
                   progress: Callable[[int], None] | None = None) -> bytes:
        from .engine import PrintInfo, WorkbookWriter

        title = str(self.title)
        today = timezone.localdate()
        ctx = SheetContext(kind=_ListSheet.key, start=today, end=today,
                           stores=[store] if store is not None else [], region=region)

        def counted() -> Iterator[list]:
            for done, line in enumerate(self.native_rows(rows), start=1):
                yield line
                if progress is not None and done % PROGRESS_EVERY == 0:
                    progress(done)

        writer = WorkbookWriter(PrintInfo(title=title,
                                          generated=timezone.localtime().replace(tzinfo=None)))
        writer.add(_ListSheet(title, self.columns, counted()), ctx)
        buffer = io.BytesIO()
        writer.save(buffer)
        return buffer.getvalue()

    def content(self, fmt: str, rows: Iterable, *, store=None, region=None,
                progress: Callable[[int], None] | None = None) -> bytes:
        if fmt == "csv":
            return self.csv_bytes(rows, progress=progress)
        return self.xlsx_bytes(rows, store=store, region=region, progress=progress)

    def file_name(self, fmt: str, scope) -> str:
        code = getattr(scope, "code", "") or "all"
        return f"{self.name}-{code}-{timezone.localtime():%Y%m%d-%H%M}.{fmt}"

    # -- the view's entry point ------------------------------------------------------------
    def respond(self, request, rows: Iterable | Callable[[], Iterable]) -> HttpResponse | None:
        """None unless the query asks for `format=xlsx|csv`; else the file (the rows as the
        view filtered them), or, over the row cap, a redirect to the background job's page.

        `rows`: a QuerySet (counted, then read in chunks), a list, or a function returning
        them (for rows the page would not build otherwise)."""
        fmt = request.GET.get("format")
        if fmt not in FORMATS or request.method != "GET":
            return None
        if callable(rows) and not isinstance(rows, QuerySet):
            rows = rows()  # rows built only when an export is asked for
        acting = request.acting
        job = getattr(request, "export_job", None)
        if job is not None:
            from .exportjobs import export_job_write

            export_job_write(job=job, export=self, rows=rows)
            return HttpResponse(status=204)
        if not isinstance(rows, QuerySet):
            rows = list(rows)
        total = rows.count() if isinstance(rows, QuerySet) else len(rows)
        store = acting.store if acting.role != Role.SUPERVISOR else None
        region = acting.region if store is None else None
        if total > row_cap():
            from .services import export_job_request

            query = request.GET.copy()
            query.pop("page", None)
            job = export_job_request(
                user=request.user, role=acting.role, store=store, region=region,
                name=self.name, title=str(self.title), path=request.path,
                query=query.urlencode(), fmt=fmt,
                language="en" if (get_language() or "").startswith("en") else "zh-hans")
            if job.status == job.Status.FAILED:
                messages.error(request, job.error)
            else:
                messages.info(request, gettext(
                    "The list has %(count)s rows: it is being exported in the background."
                ) % {"count": total})
            return redirect("reports:export_job", pk=job.pk)
        body = self.content(fmt, rows, store=store, region=region)
        response = HttpResponse(body, content_type=XLSX_TYPE if fmt == "xlsx" else CSV_TYPE)
        response["Content-Disposition"] = content_disposition_header(
            True, self.file_name(fmt, store or region))
        return response


EXPORT_LABEL = _("Export")
