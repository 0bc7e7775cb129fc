"""The regional supervisor's cockpit: today's table, the monthly trends and the ranking.

Figures come from grouped selectors (`hallops.selectors.cockpit`, `complaints.selectors`):
a constant number of queries whatever the number of stores. This module only judges them
(red / amber / green, each with its rule in words) and orders them.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.cache import caches
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from complaints import selectors as complaint_selectors
from complaints.models import Kpi, KpiTarget
from hallops.money import format_money
from hallops.selectors import cockpit as figures

GREEN, AMBER, RED = "green", "amber", "red"
LEVEL_RANK = {GREEN: 0, AMBER: 1, RED: 2}
# The mark shown with every colour (never colour alone) and its words.
LEVEL_MARKS = {GREEN: "✓", AMBER: "!", RED: "✗"}
LEVEL_LABELS = {GREEN: gettext_lazy("OK"), AMBER: gettext_lazy("Watch"),
                RED: gettext_lazy("Act now")}

COLUMNS = (
    ("dutylog", gettext_lazy("Duty log")),
    ("checklists", gettext_lazy("Checklists")),
    ("faults", gettext_lazy("Faults and incidents")),
    ("cash", gettext_lazy("Cash")),
    ("complaints", gettext_lazy("Complaints")),
    ("escalations", gettext_lazy("Escalations")),
    ("attendance", gettext_lazy("Attendance")),
)
COLUMN_KEYS = tuple(key for key, _label in COLUMNS)

RULES = {
    "dutylog": gettext_lazy(
        "Red: yesterday's log not submitted by its next-morning deadline. Amber: today's "
        "log returned for correction or not started. Green otherwise."),
    "checklists": gettext_lazy(
        "Red: items left unticked in yesterday's checklists. Amber: items ticked late or "
        "with a problem today, or no checklist started today. Green otherwise."),
    "faults": gettext_lazy(
        "Red: an incident not yet ended. Amber: an equipment fault not yet fixed. "
        "Green otherwise."),
    "cash": gettext_lazy(
        "Red: a hand-in of an earlier day not yet confirmed. Amber: an overage or shortage "
        "today, or a hand-in of today not yet confirmed. Green otherwise."),
    "complaints": gettext_lazy(
        "Red: an open work order past its deadline. Amber: one due within the warning "
        "time. Green otherwise."),
    "escalations": gettext_lazy(
        "Red: an escalation open for more than a day. Amber: an open escalation. "
        "Green otherwise."),
    "attendance": gettext_lazy(
        "Red: a rostered shift started beyond the grace minutes with no clock-in and no "
        "leave. Amber: a late clock-in. Green otherwise."),
}


@dataclass
class Cell:
    key: str
    level: str
    text: str
    sort: float
    url: str

    @property
    def mark(self) -> str:
        return LEVEL_MARKS[self.level]

    @property
    def level_label(self) -> str:
        return str(LEVEL_LABELS[self.level])

    @property
    def rule(self) -> str:
        return str(RULES[self.key])


@dataclass
class StoreRow:
    store: object
    cells: list[Cell] = field(default_factory=list)

    @property
    def worst(self) -> str:
        return max((c.level for c in self.cells), key=LEVEL_RANK.__getitem__, default=GREEN)

    def cell(self, key: str) -> Cell:
        return next(c for c in self.cells if c.key == key)


def _level(red: bool, amber: bool) -> str:
    return RED if red else AMBER if amber else GREEN


LOG_STATE_LABELS = {
    "none": gettext_lazy("none"),
    "draft": gettext_lazy("draft"),
    "submitted": gettext_lazy("submitted"),
    "countersigned": gettext_lazy("countersigned"),
    "returned": gettext_lazy("returned"),
}
# The state shown for today's logs of a store (several shifts): the one most needing action.
LOG_STATE_ORDER = ("returned", "draft", "submitted", "countersigned")


LOG_STATE_SEVERITY = {"countersigned": 0, "submitted": 1, "draft": 2, "none": 3, "returned": 4}


def _log_cell(f, url) -> Cell:
    statuses = f["statuses"]
    state = next((s for s in LOG_STATE_ORDER if s in statuses), "none")
    text = str(LOG_STATE_LABELS[state])
    if f["late"]:
        text = _("late (%(n)d)") % {"n": f["late"]} + " · " + text
    level = _level(f["late"] > 0, state in ("returned", "none"))
    return Cell("dutylog", level, text, f["late"] * 10 + LOG_STATE_SEVERITY[state], url)


def _checklist_cell(f, url) -> Cell:
    percent = round(100 * f["ticked"] / f["items"]) if f["items"] else None
    parts = [f"{percent}%" if percent is not None else _("not started")]
    if f["late"] or f["problems"]:
        parts.append(_("%(n)d late or problem") % {"n": f["late"] + f["problems"]})
    if f["missed"]:
        parts.append(_("%(n)d missed yesterday") % {"n": f["missed"]})
    level = _level(f["missed"] > 0, bool(f["late"] or f["problems"] or not f["runs"]))
    return Cell("checklists", level, " · ".join(parts),
                f["missed"] * 1000 + (f["late"] + f["problems"]) * 10 + (100 - (percent or 0)) / 100,
                url)


def _count_text(pairs) -> str:
    shown = [label % {"n": n} for label, n in pairs if n]
    return " · ".join(shown) if shown else _("none")


def _faults_cell(f, url) -> Cell:
    text = _count_text(((_("%(n)d incidents"), f["incidents"]), (_("%(n)d faults"), f["faults"])))
    return Cell("faults", _level(f["incidents"] > 0, f["faults"] > 0), text,
                f["incidents"] * 1000 + f["faults"], url)


def _cash_cell(f, url) -> Cell:
    parts = []
    if f["lines"]:
        parts.append(_("over %(over)s / short %(short)s") % {
            "over": format_money(f["overage"]), "short": format_money(f["shortage"])})
    if f["unconfirmed"]:
        parts.append(_("%(n)d hand-ins unconfirmed") % {"n": f["unconfirmed"]})
    level = _level(f["unconfirmed_old"] > 0, bool(f["lines"] or f["unconfirmed"]))
    return Cell("cash", level, " · ".join(parts) or _("none"),
                f["unconfirmed_old"] * 1000 + f["unconfirmed"] * 10 + f["lines"], url)


def _complaints_cell(f, url) -> Cell:
    text = _count_text(((_("%(n)d overdue"), f["overdue"]), (_("%(n)d due soon"), f["due_soon"])))
    return Cell("complaints", _level(f["overdue"] > 0, f["due_soon"] > 0), text,
                f["overdue"] * 1000 + f["due_soon"], url)


def _escalations_cell(f, url) -> Cell:
    text = _count_text(((_("%(n)d open"), f["escalations"]),))
    return Cell("escalations", _level(f["escalations_old"] > 0, f["escalations"] > 0), text,
                f["escalations_old"] * 1000 + f["escalations"], url)


def _attendance_cell(f, url) -> Cell:
    text = _("%(in)d in / %(rostered)d rostered") % {"in": f["in"], "rostered": f["rostered"]}
    extra = _count_text(((_("%(n)d late"), f["late"]), (_("%(n)d absent"), f["absent"])))
    if f["late"] or f["absent"]:
        text += " · " + extra
    return Cell("attendance", _level(f["absent"] > 0, f["late"] > 0), text,
                f["absent"] * 1000 + f["late"], url)


def today_rows(stores, *, now: datetime.datetime | None = None) -> list[StoreRow]:
    """One row per store (a queryset: in code order; a list: as given) with a cell per
    column: ~14 grouped queries."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    stores = list(stores.order_by("code")) if hasattr(stores, "model") else list(stores)
    logs = figures.duty_log_states(stores, day, now)
    checks = figures.checklist_state(stores, day)
    faults = figures.faults_and_incidents(stores)
    cash = figures.cash_state(stores, day)
    complaints = complaint_selectors.open_order_state(stores, now=now)
    attendance = figures.attendance_today(stores, day, now)
    logs_url = reverse("supervisor:dutylogs")
    rows = []
    for store in stores:
        page = reverse("supervisor:store", args=[store.pk])
        sid = store.pk
        rows.append(StoreRow(store, [
            _log_cell(logs[sid], f"{logs_url}?store={sid}"),
            _checklist_cell(checks[sid], f"{page}#checklists"),
            _faults_cell(faults[sid], f"{page}#faults"),
            _cash_cell(cash[sid], f"{page}#cash"),
            _complaints_cell(complaints[sid], f"{page}#complaints"),
            _escalations_cell(complaints[sid], f"{page}#escalations"),
            _attendance_cell(attendance[sid], f"{page}#attendance"),
        ]))
    return rows


def filter_and_sort(rows: list[StoreRow], *, q: str = "", level: str = "", column: str = "",
                    sort: str = "", descending: bool = False) -> list[StoreRow]:
    """The rows whose store name or code holds `q`, at `level` or worse (in `column`, or in
    any column), sorted by store code or by a column (its severity, then its figures)."""
    q = q.strip().lower()
    if q:
        rows = [r for r in rows if q in r.store.name.lower() or q in r.store.code.lower()]
    if level in LEVEL_RANK:
        floor = LEVEL_RANK[level]
        if column in COLUMN_KEYS:
            rows = [r for r in rows if LEVEL_RANK[r.cell(column).level] >= floor]
        else:
            rows = [r for r in rows if LEVEL_RANK[r.worst] >= floor]
    if sort in COLUMN_KEYS:
        rows = sorted(rows, key=lambda r: (LEVEL_RANK[r.cell(sort).level], r.cell(sort).sort,
                                           r.store.code), reverse=descending)
    elif sort == "store":
        rows = sorted(rows, key=lambda r: r.store.code, reverse=descending)
    return rows


# --- trends ----------------------------------------------------------------------------

# kind → (title, numerator, denominator, higher is better)
TRENDS = {
    "cash": (gettext_lazy("Cash difference rate (%)"), "with_difference", "sessions", False),
    "checklists": (gettext_lazy("Checklist items ticked on time (%)"), "on_time", "items", True),
    "dutylogs": (gettext_lazy("Duty logs submitted on time (%)"), "logs_on_time", "logs", True),
    "complaints": (gettext_lazy("Complaints replied on time (%)"), "replied_on_time", "replied",
                   True),
    "satisfaction": (gettext_lazy("Complaint satisfaction (%)"), "satisfied", "called_back",
                     True),
    "targets": (gettext_lazy("Target attainment (%)"), "actual", "target", True),
    "attendance": (gettext_lazy("Attendance rate (%)"), "attended", "expected", True),
}
# The KPI target drawn on a trend chart.
TREND_TARGETS = {"complaints": Kpi.TIMELINESS, "satisfaction": Kpi.SATISFACTION}
TREND_MONTHS = 12
CACHE_SECONDS = 600


def rate(numerator: int, denominator: int) -> Decimal | None:
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP)


def trend_months(month: datetime.date) -> list[datetime.date]:
    first = month.replace(day=1)
    for _step in range(TREND_MONTHS - 1):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    return figures.month_list(first, month)


TODAY_SECONDS = 60
PAST_MONTH_SECONDS = 6 * 3600


def _cache_key(*parts) -> str:
    # The database's name keeps two databases (test runs in parallel) apart in a shared cache.
    return ":".join(["cockpit", str(connection.settings_dict["NAME"]), *map(str, parts)])


def cached_today_rows(region, stores, *, now: datetime.datetime | None = None
                      ) -> tuple[list[StoreRow], datetime.datetime]:
    """`today_rows` of the region and the moment they were read, kept a minute in the
    shared figures cache (a supervisor's page and its filters read one snapshot). `stores`
    (a queryset) is read only when the snapshot is missing."""
    now = now or timezone.now()
    # Cells hold translated words: one snapshot per language.
    key = _cache_key("today", region.pk, timezone.localdate(now), get_language())
    found = caches["figures"].get(key)
    if found is not None:
        return found
    value = (today_rows(stores, now=now), now)
    caches["figures"].set(key, value, TODAY_SECONDS)
    return value


def cached_part(region, query: str, build) -> str:
    """Markup rendered from today's snapshot (`cached_today_rows`) for a query string, kept in
    the shared figures cache until that snapshot expires, never longer: the same rows,
    language, day and filters give the same markup. `build()` → (markup, the snapshot's time)."""
    # The query string hashed: any length, any characters, a valid key for every backend.
    digest = hashlib.sha256(query.encode()).hexdigest()[:32]
    key = _cache_key("part", region.pk, timezone.localdate(), get_language(), digest)
    found = caches["figures"].get(key)
    if found is not None:
        return found
    html, as_of = build()
    left = int(TODAY_SECONDS - (timezone.now() - as_of).total_seconds())
    if left > 0:
        caches["figures"].set(key, html, left)
    return html


def monthly_counts(region, stores, months: list[datetime.date]) -> dict:
    """{(store id, month's first day): counts} of `months`, each month cached apart in the
    shared figures cache: a past month for hours (it hardly changes), the current month ten
    minutes. The months missing from the cache are read together (one span, ~17 queries)."""
    today = timezone.localdate()
    store_cache = caches["figures"]
    keys = {m: _cache_key("month", region.pk, f"{m:%Y-%m}", today) for m in months}
    found = store_cache.get_many(list(keys.values()))
    missing = [m for m in months if keys[m] not in found]
    counts: dict = {}
    for m in months:
        if keys[m] in found:
            counts.update(found[keys[m]])
    if missing:
        stores = list(stores.order_by("code")) if hasattr(stores, "model") else list(stores)
        first, last_month = min(missing), max(missing)
        last = min((last_month + datetime.timedelta(days=32)).replace(day=1)
                   - datetime.timedelta(days=1), today)
        if first <= last:
            read = figures.month_trends(stores, first, last, today=today)
            for key_, value in complaint_selectors.kpi_months(stores, first, last).items():
                read.setdefault(key_, {}).update(value)
        else:
            read = {}
        for m in missing:
            part = {k: v for k, v in read.items() if k[1] == m}
            counts.update(part)
            current = m.year == today.year and m.month == today.month
            store_cache.set(keys[m], part, CACHE_SECONDS if current else PAST_MONTH_SECONDS)
    return counts


def series(counts: dict, kind: str, months: list[datetime.date], store_ids) -> list:
    """The monthly rate of `kind` over the stores `store_ids` (their counts summed)."""
    _title, num, den, _higher = TRENDS[kind]
    out = []
    for month in months:
        n = d = 0
        for sid in store_ids:
            row = counts.get((sid, month), {})
            n += row.get(num, 0)
            d += row.get(den, 0)
        out.append(rate(n, d))
    return out


def trend_target(kind: str) -> Decimal | None:
    kpi = TREND_TARGETS.get(kind)
    if kpi is None:
        return None
    target = KpiTarget.objects.filter(kpi=kpi).first()
    return target.target if target else None


@dataclass
class Ranked:
    store: object
    rank: int
    score: Decimal | None
    rates: dict
    previous_rank: int | None
    previous_score: Decimal | None

    @property
    def rank_change(self) -> int | None:
        """Places gained since the month before (positive: moved up)."""
        if self.previous_rank is None or self.score is None:
            return None
        return self.previous_rank - self.rank

    @property
    def score_change(self) -> Decimal | None:
        if self.score is None or self.previous_score is None:
            return None
        return self.score - self.previous_score


RANK_KINDS = ("cash", "checklists", "dutylogs", "complaints", "targets", "attendance")


def rank_columns() -> list[tuple[str, str]]:
    return [(kind, str(TRENDS[kind][0])) for kind in RANK_KINDS]


def _scores(counts: dict, stores, month: datetime.date) -> dict:
    """{store id: (score, {kind: the month's rate as shown})}."""
    specs = [(kind, TRENDS[kind][1], TRENDS[kind][2], TRENDS[kind][3]) for kind in RANK_KINDS]
    hundred = Decimal(100)
    out = {}
    for store in stores:
        row = counts.get((store.pk, month), {})
        rates, scored = {}, []
        for kind, num, den, higher in specs:
            value = rate(row.get(num, 0), row.get(den, 0))
            rates[kind] = value
            if value is None:
                continue
            if not higher:
                value = hundred - value  # lower is better: counted inverted
            scored.append(min(value, hundred))  # attainment above 100 counts as 100
        score = (sum(scored, Decimal(0)) / len(scored)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP) if scored else None
        out[store.pk] = (score, rates)
    return out


def _ranks(scores: dict, stores) -> dict[int, int]:
    ordered = sorted((s for s in stores if scores[s.pk][0] is not None),
                     key=lambda s: (-scores[s.pk][0], s.code))
    return {s.pk: n for n, s in enumerate(ordered, start=1)}


def ranking_months(month: datetime.date) -> list[datetime.date]:
    return [(month - datetime.timedelta(days=1)).replace(day=1), month]


def ranking(counts: dict, stores, month: datetime.date) -> list[Ranked]:
    """The stores ranked by their month's score (the mean of the ranking rates, the cash
    difference rate counted as 100 − rate and target attainment capped at 100), with the
    month before's rank and score."""
    stores = list(stores)
    previous = (month - datetime.timedelta(days=1)).replace(day=1)
    now_scores, before = _scores(counts, stores, month), _scores(counts, stores, previous)
    ranks, before_ranks = _ranks(now_scores, stores), _ranks(before, stores)
    rows = [Ranked(s, ranks.get(s.pk, 0), now_scores[s.pk][0], now_scores[s.pk][1],
                   before_ranks.get(s.pk), before[s.pk][0]) for s in stores]
    return sorted(rows, key=lambda r: (r.rank == 0, r.rank, r.store.code))
