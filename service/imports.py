"""Import of the operator's mystery-shopper (神秘顾客) results (.xlsx), one row per visit and
item. All or nothing: every bad row is listed with its reason and nothing is saved."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook

from hallops.businessdate import business_date
from hallops.exceptions import DomainError
from hallops.imports import Column, ImportRefused, read_rows, text
from hallops.models import StaffProfile
from hallops.people import display_name
from hallops.periods import in_window, parse_day

from .models import CheckForm, CheckItem, MysteryVisit
from .services import mystery_visit_record, parse_score, store_staff_ids

COLUMNS = (
    Column("reference", ("访问编号", "visit number", "visit no.")),
    Column("store", ("营业厅编码", "store code"), required=False),
    Column("visited_on", ("访问日期", "visit date", "date")),
    Column("employee_no", ("工号", "employee number", "employee no."), required=False),
    Column("name", ("姓名", "staff name", "name"), required=False),
    Column("item", ("检查项编码", "item code", "item")),
    Column("score", ("得分", "score")),
    Column("note", ("备注", "note"), required=False),
)


@dataclass
class _Visit:
    reference: str
    visited_on: datetime.date
    staff: object | None
    first_row: int
    scores: dict[int, tuple[Decimal, str]] = field(default_factory=dict)


def _day(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value if in_window(value) else None
    return parse_day(text(value).replace("/", "-")) if value is not None else None


def _staff_lookup(store):
    """(by employee number, by name) for the store's staff; a name two people share maps to None."""
    ids = store_staff_ids(store)
    profiles = StaffProfile.objects.filter(user_id__in=ids).select_related("user")
    by_no = {p.employee_no: p.user for p in profiles}
    by_name: dict[str, object | None] = {}
    for profile in profiles:
        name = display_name(profile.user)
        by_name[name] = None if name in by_name else profile.user
    return by_no, by_name


def parse_mystery(upload, *, store, form: CheckForm) -> list[_Visit]:
    errors: list[str] = []
    items = {i.code.lower(): i for i in CheckItem.objects.filter(form=form, is_active=True)}
    by_no, by_name = _staff_lookup(store)
    existing = set(MysteryVisit.objects.filter(store=store).values_list("reference", flat=True))
    today = business_date(store=store)
    visits: dict[str, _Visit] = {}
    for number, row in read_rows(upload, columns=COLUMNS):
        problems: list[str] = []
        reference = text(row.get("reference"))[:41]
        if not reference:
            problems.append(_("no visit number"))
        elif len(reference) > 40:
            problems.append(_("the visit number has more than 40 characters"))
        elif reference in existing:
            problems.append(_("visit %(ref)s is already recorded") % {"ref": reference})
        store_code = text(row.get("store"))[:40]
        if store_code and store_code != store.code:
            problems.append(_("the row is for store %(code)s, not this store")
                            % {"code": store_code})
        day = _day(row.get("visited_on"))
        if day is None:
            problems.append(_("the visit date is not a date (YYYY-MM-DD)"))
        elif day > today:
            problems.append(_("the visit date is in the future"))
        employee_no, name = text(row.get("employee_no"))[:40], text(row.get("name"))[:60]
        staff = None
        if employee_no:
            staff = by_no.get(employee_no)
            if staff is None:
                problems.append(_("employee %(no)s is not on this store's staff")
                                % {"no": employee_no})
            elif name and display_name(staff) != name:
                problems.append(_("employee %(no)s is not %(name)s")
                                % {"no": employee_no, "name": name})
        elif name:
            if name not in by_name:
                problems.append(_("nobody named %(name)s works in this store") % {"name": name})
            elif by_name[name] is None:
                problems.append(_("several staff are named %(name)s; give the employee number")
                                % {"name": name})
            else:
                staff = by_name[name]
        code = text(row.get("item"))[:40]
        item = items.get(code.lower())
        if item is None:
            problems.append(_("unknown item %(code)s") % {"code": code or "—"})
        score = None
        if item is not None:
            try:
                score = parse_score(row.get("score"), item.points)
            except DomainError as error:
                problems.append(str(error.message))
        visit = visits.get(reference) if reference else None
        if visit is not None and not problems:
            if visit.visited_on != day or visit.staff != staff:
                problems.append(_("visit %(ref)s has another date or staff member in row %(row)d")
                                % {"ref": reference, "row": visit.first_row})
            elif item is not None and item.pk in visit.scores:
                problems.append(_("item %(code)s appears twice for visit %(ref)s")
                                % {"code": item.code, "ref": reference})
        if problems:
            errors.append(_("Row %(row)d: %(problems)s")
                          % {"row": number, "problems": "; ".join(problems)})
            continue
        assert day is not None and item is not None and score is not None
        if visit is None:
            visit = visits[reference] = _Visit(reference, day, staff, number)
        visit.scores[item.pk] = (score, text(row.get("note"))[:300])
    if errors:
        raise ImportRefused.for_rows(errors)
    return list(visits.values())


@transaction.atomic
def mystery_import(*, actor, store, upload, form: CheckForm | None = None) -> int:
    """Record every visit of the workbook; all rows or none. Returns the number of visits."""
    form = form or CheckForm.default()
    if form is None:
        raise DomainError(_("No service-check form is set up."))
    visits = parse_mystery(upload, store=store, form=form)
    for visit in visits:
        mystery_visit_record(actor=actor, store=store, form=form, reference=visit.reference,
                             visited_on=visit.visited_on, staff=visit.staff, scores=visit.scores,
                             source=MysteryVisit.Source.IMPORTED)
    return len(visits)


def template_workbook(form: CheckForm | None, store) -> bytes:
    """The empty import file: the header row, one example row, and the item codes."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "神秘顾客"
    sheet.append([c.titles[0] for c in COLUMNS])
    items = list(form.items.filter(is_active=True)) if form else []
    if items:
        sheet.append(["MS-0001", store.code, business_date(store=store).isoformat(), "", "",
                      items[0].code, items[0].points, ""])
    codes = workbook.create_sheet("检查项")
    codes.append(["检查项编码", "检查项", "Item", "分值"])
    for item in items:
        codes.append([item.code, item.name, item.name_en, item.points])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
