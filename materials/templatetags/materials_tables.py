"""The materials pages' longer lists, written in Python: the store manager's ledger (25 rows,
each with its correction form) through the template loop took a fifth of the page's time
(page benchmark, issue 10), the same markup through string formatting a fraction of it.
Every value shown is escaped (html.escape) or a number."""

from html import escape

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from hallops.people import display_name
from hallops.text import choice_labels
from materials.models import NOT_REVERSIBLE_KINDS, MovementKind, StockTake

register = template.Library()

LEDGER_ROW = ('<tr data-testid="ledger-row"><td>{at}</td><td>{item}</td><td>{kind}{corrects}</td>'
              '<td class="text-end">{quantity}</td><td class="text-break">{serials}</td>'
              '<td>{clerk}</td><td>{note}</td><td>{recorded_by}</td><td>{correct}</td></tr>')
CORRECT_FORM = ('<form method="post" action="{url}{{pk}}/correct/" class="d-flex gap-1"'
                ' data-confirm="{confirm}"><input type="hidden" name="csrfmiddlewaretoken"'
                ' value="{csrf}"><input name="reason" class="form-control form-control-sm"'
                ' required maxlength="300" placeholder="{reason}" aria-label="{reason}"><button'
                ' class="btn btn-sm btn-outline-secondary" type="submit">{correct}</button></form>')


def _markup(out: list[str], empty: str) -> SafeString:
    """A list's rows, or `empty` when there are none. Every value in the rows and in `empty`
    is escaped or a number; the markup is this module's own."""
    return mark_safe("".join(out) or empty)  # noqa: S308


def _local(at, fmt: str) -> str:
    return timezone.localtime(at).strftime(fmt)


@register.simple_tag(takes_context=True)
def ledger_rows(context, movements) -> SafeString:
    """The store manager's ledger rows (`selectors.ledger_listing`), each entry a correction
    may reverse with its own reason form (`store_manager:materials_reverse`)."""
    kinds = choice_labels(MovementKind)
    # …/materials/entry/ (the pk and correct/ appended): one reverse() a page, not a row.
    url = reverse("store_manager:materials_reverse", args=[0])[:-len("0/correct/")]
    # One masked token serves every form of the page (Django unmasks each against the cookie).
    form_head, form_tail = CORRECT_FORM.format(
        url=url, confirm=escape(gettext("Record a correction that reverses this entry?")),
        csrf=escape(str(context.get("csrf_token", ""))), reason=escape(gettext("Reason")),
        correct=escape(gettext("Correct"))).split("{pk}")
    rows = []
    for m in movements:
        corrects = m.corrects
        rows.append(LEDGER_ROW.format(
            at=_local(m.at, "%Y-%m-%d %H:%M"), item=escape(m.item.label),
            kind=escape(kinds.get(m.kind, m.kind)),
            corrects=(f" ({escape(kinds.get(corrects.kind, corrects.kind))}"
                      f" {_local(corrects.at, '%m-%d %H:%M')})" if corrects else ""),
            quantity=m.quantity, serials=escape(m.range_text),
            clerk=escape(display_name(m.clerk)) if m.clerk else "",
            note=escape(f"{m.reference} {m.reason}" if m.reason else m.reference),
            recorded_by=escape(display_name(m.recorded_by, "—")),
            correct="" if m.kind in NOT_REVERSIBLE_KINDS else f"{form_head}{m.pk}{form_tail}"))
    return _markup(rows, f'<tr><td colspan="9" class="text-body-secondary">'
                         f'{escape(gettext("No movements yet."))}</td></tr>')


STOCK_ROW = ('<tr data-testid="stock-row" data-item="{code}"{warning}><td>{label}{money}</td>'
             '<td class="text-end" data-testid="storeroom">{storeroom} {unit}</td>'
             '<td class="text-end">{with_clerks}</td><td class="text-end">{minimum}{low}</td>'
             '<td class="small text-break">{ranges}</td>'
             '<td class="small text-break text-danger">{gaps}</td></tr>')


@register.simple_tag
def stock_rows(rows) -> SafeString:
    """The stock table's rows (`selectors.stock_overview`): a serial item's storeroom ranges
    and gaps run to hundreds of ranges after a year."""
    money = f' <span class="badge text-bg-info">{escape(gettext("money-equivalent"))}</span>'
    low = f' <span class="badge text-bg-warning">{escape(gettext("low"))}</span>'
    out = [STOCK_ROW.format(
        code=escape(r.item.code), warning=' class="table-warning"' if r.low else "",
        label=escape(r.item.label), money=money if r.item.money_equivalent else "",
        storeroom=r.storeroom, unit=escape(r.item.unit), with_clerks=r.with_clerks,
        minimum=r.item.min_stock, low=low if r.low else "",
        ranges=escape(r.storeroom_ranges) or "—", gaps=escape(r.gaps)) for r in rows]
    return _markup(out, f'<tr><td colspan="6" class="text-body-secondary">'
                        f'{escape(gettext("No items are configured yet."))}</td></tr>')


@register.simple_tag
def clerk_holdings(holdings) -> SafeString:
    """What each clerk holds (`selectors.all_clerk_holdings`): a name, then item, quantity and
    serial ranges."""
    out = []
    for clerk, held in holdings:
        lines = "".join(
            f"<li>{escape(item.label)}: {n} {escape(item.unit)}"
            f"{f' ({escape(ranges)})' if ranges else ''}</li>" for item, n, ranges in held)
        out.append(f'<div class="mb-2" data-testid="clerk-holding"><strong>'
                   f'{escape(display_name(clerk, "—"))}</strong><ul class="small mb-0">{lines}</ul>'
                   f'</div>')
    return _markup(out, f'<p class="text-body-secondary small">'
                        f'{escape(gettext("No clerk holds any stock."))}</p>')


@register.simple_tag
def stocktake_items(stocktakes) -> SafeString:
    """The store manager's latest stock-takes: day and scope (to its page), then its status."""
    # …/materials/stock-take/ (the pk appended): one reverse() a list, not a row.
    url = reverse("store_manager:materials_stocktake", args=[0])[:-2]
    scopes, statuses = choice_labels(StockTake.Scope), choice_labels(StockTake.Status)
    out = [f'<li class="list-group-item"><a href="{url}{t.pk}/">{_local(t.started_at, "%Y-%m-%d")}'
           f' · {escape(scopes.get(t.scope, t.scope))}</a> <span class="badge text-bg-secondary">'
           f'{escape(statuses.get(t.status, t.status))}</span></li>' for t in stocktakes]
    return _markup(out, f'<li class="list-group-item text-body-secondary">'
                        f'{escape(gettext("No stock-take yet; the duty manager starts one."))}</li>')
