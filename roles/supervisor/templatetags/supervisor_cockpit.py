"""The cockpit's table rows, built in Python: 50 stores × 7 cells through template includes
cost most of the page's time (page benchmark), the same markup through format_html a
fraction of it. Every value shown is escaped (html.escape) or a number."""

from html import escape

from django import template
from django.urls import reverse
from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe

from hallops.people import display_name
from roles.supervisor.cockpit import LEVEL_LABELS, RULES

register = template.Library()

BADGE = {"red": "text-bg-danger", "amber": "text-bg-warning", "green": "text-bg-success"}


CELL = ('<td class="cockpit-cell" data-level="{level}" title="{label} — {rule}"><a'
        ' class="text-decoration-none" href="{url}"><span class="badge {badge}"'
        ' aria-hidden="true">{mark}</span> <span class="visually-hidden">{label}:</span> <span'
        ' data-testid="cell-text">{text}</span></a></td>')


def _words() -> tuple[dict, dict]:
    """The levels' and the rules' words, translated once a page (not once a cell)."""
    return ({level: escape(label) for level, label in LEVEL_LABELS.items()},
            {key: escape(rule) for key, rule in RULES.items()})


def cell_html(cell, words) -> str:
    labels, rules = words
    return CELL.format(level=cell.level, label=labels[cell.level], rule=rules[cell.key],
                       url=escape(cell.url), badge=BADGE[cell.level], mark=cell.mark,
                       text=escape(cell.text))


@register.simple_tag
def cockpit_cells(row, words=None) -> SafeString:
    words = words or _words()
    # Every value is escaped in cell_html; the markup is this module's own.
    return mark_safe("".join(cell_html(c, words) for c in row.cells))  # noqa: S308


ROW = ('<tr data-testid="cockpit-row" data-store="{code}"><td><a href="{url}{pk}/">{code} {name}'
       '</a></td>{cells}</tr>')
RANK = ('<tr data-testid="rank-row"><td class="text-end">{rank}</td><td><a href="{url}{pk}/">{code}'
        ' {name}</a></td><td class="text-end">{score}</td><td class="text-end">{change}</td>'
        '{rates}</tr>')


def _store_url() -> str:
    return reverse("supervisor:store", args=[0])[:-2]  # …/stores/ (the pk appended)


@register.simple_tag
def cockpit_rows(rows) -> SafeString:
    """The <tr> of every store: its name (to the store's page), then its cells."""
    url, words = _store_url(), _words()
    # Every value is escaped here or in cell_html; the markup is this module's own.
    return mark_safe("\n".join(  # noqa: S308
        ROW.format(code=escape(r.store.code), url=url, pk=r.store.pk, name=escape(r.store.name),
                   cells=cockpit_cells(r, words)) for r in rows))


def _value(value) -> str:
    return "—" if value is None else str(value)


def _change(change) -> str:
    if change is None:
        return "—"
    if change > 0:
        return f"▲ +{change}"
    if change < 0:
        return f"▼ {change}"
    return "= 0"


@register.simple_tag
def ranking_rows(rows) -> SafeString:
    url = _store_url()
    return mark_safe("\n".join(  # noqa: S308 - the values are numbers or escaped
        RANK.format(rank=r.rank or "—", url=url, pk=r.store.pk, code=escape(r.store.code),
                    name=escape(r.store.name), score=_value(r.score), change=_change(r.rank_change),
                    rates="".join(f'<td class="text-end">{_value(v)}</td>'
                                  for v in r.rates.values()))
        for r in rows))


@register.simple_tag
def filter_field(bound) -> SafeString:
    """A filter's label and input, without the form renderer's template per option (the
    five selects of the cockpit cost more than its table through the widget templates)."""
    field, value = bound.field, bound.value() or ""
    label = f'<label class="form-label" for="{bound.id_for_label}">{escape(str(bound.label))}</label>'
    if hasattr(field, "choices"):
        options = "".join(
            f'<option value="{escape(str(v))}"{" selected" if str(v) == str(value) else ""}>'
            f"{escape(str(text))}</option>" for v, text in field.choices)
        control = (f'<select name="{bound.html_name}" id="{bound.id_for_label}"'
                   f' class="form-select">{options}</select>')
    else:
        control = (f'<input type="text" name="{bound.html_name}" id="{bound.id_for_label}"'
                   f' class="form-control" maxlength="{field.max_length}" value="{escape(str(value))}">')
    return mark_safe(label + control)  # noqa: S308 - every value escaped above


KPI_CELL = '<td class="text-end {cls}">{value}</td>'


@register.simple_tag
def kpi_store_rows(per_store) -> SafeString:
    """The complaint KPIs' "by store" rows (a region's stores × seven figures): the markup of
    the template loop it replaced, at a fraction of its cost."""
    rows = []
    for store, figures in per_store:
        cells = "".join(
            KPI_CELL.format(cls="text-danger fw-semibold" if f.met is False else "",
                            value="—" if f.value is None else f"{escape(str(localize(f.value)))}%")
            for f in figures)
        rows.append(f"<tr><td>{escape(store.name)}</td>{cells}</tr>")
    return mark_safe("\n".join(rows))  # noqa: S308 - every value escaped above


LOG_ROW = ('<tr data-testid="sv-log-row"><td><a href="{url}{pk}/">{day}</a></td><td>{store}</td>'
           '<td>{shift}</td><td>{manager}</td><td>{status}</td><td>{reviewer}</td></tr>')


@register.simple_tag
def dutylog_rows(logs) -> SafeString:
    """The region's duty-log list rows (50 a page), as the template loop wrote them."""
    url = reverse("supervisor:dutylog", args=[0])[:-2]  # …/duty-logs/ (the pk appended)
    return mark_safe("".join(  # noqa: S308 - every value escaped here
        LOG_ROW.format(url=url, pk=log.pk, day=f"{log.business_date:%Y-%m-%d}",
                       store=escape(log.store.name), shift=escape(log.shift_type.code),
                       manager=escape(display_name(log.duty_manager)),
                       status=escape(str(log.get_status_display())),
                       reviewer=escape(display_name(log.reviewed_by)) if log.reviewed_by else "")
        for log in logs))
