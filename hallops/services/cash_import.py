"""Import of the billing system's (BOSS) daily settlement export (.xlsx): expected takings
per clerk. All or nothing: every bad row is listed with its reason and nothing is saved."""

from __future__ import annotations

import datetime
import zipfile

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from hallops.exceptions import DomainError
from hallops.models import PaymentMethod, RoleAssignment, TillSession
from hallops.money import to_money
from hallops.permissions import Role
from hallops.services.cash import till_expected_set

MAX_ROWS = 2000
# Accepted column titles (the export's Chinese titles, or English ones) → our keys.
HEADERS = {
    "工号": "employee_no", "employee_no": "employee_no", "employee no": "employee_no",
    "班次": "shift", "shift": "shift",
    "现金": PaymentMethod.CASH, "cash": PaymentMethod.CASH,
    "支票": PaymentMethod.CHEQUE, "cheque": PaymentMethod.CHEQUE,
    "银行卡": PaymentMethod.CARD, "bank card": PaymentMethod.CARD, "card": PaymentMethod.CARD,
    "移动支付": PaymentMethod.MOBILE, "mobile payment": PaymentMethod.MOBILE,
    "mobile": PaymentMethod.MOBILE,
    "其他": PaymentMethod.OTHER, "other": PaymentMethod.OTHER,
}


class ImportRejected(DomainError):
    """The workbook was refused; `errors` lists every bad row with its reason."""

    def __init__(self, errors: list[str]):
        super().__init__(_("Nothing was imported: %(count)d problems found.")
                         % {"count": len(errors)})
        self.errors = errors


def _read_rows(upload):
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        raise ImportRejected([_("The file is not an Excel workbook (.xlsx).")])
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        raise ImportRejected([_("The workbook is empty.")])
    columns = {}
    for index, title in enumerate(header):
        key = HEADERS.get(str(title or "").strip().lower())
        if key:
            columns[key] = index
    missing = [t for t, k in (("工号", "employee_no"), ("现金", PaymentMethod.CASH))
               if k not in columns]
    if missing:
        raise ImportRejected([_("Row 1: missing column(s) %(columns)s.")
                              % {"columns": ", ".join(missing)}])
    out = []
    for number, values in enumerate(rows, start=2):
        if number > MAX_ROWS + 1:
            raise ImportRejected([_("The workbook has more than %(max)d rows.")
                                  % {"max": MAX_ROWS}])
        if values is None or all(v is None or str(v).strip() == "" for v in values):
            continue
        row = {k: (values[i] if i < len(values) else None) for k, i in columns.items()}
        out.append((number, row))
    workbook.close()
    return out


def parse_settlement(upload, *, store, day: datetime.date):
    """[(session, amounts by method)] for every row, or ImportRejected listing every bad row."""
    errors: list[str] = []
    parsed = []
    clerk_ids = set(RoleAssignment.objects.filter(store=store, role=Role.CLERK, is_active=True)
                    .values_list("user_id", flat=True))
    sessions = list(TillSession.objects.filter(store=store, business_date=day)
                    .select_related("clerk__profile", "shift_type"))
    seen = set()
    for number, row in _read_rows(upload):
        employee_no = str(row.get("employee_no") or "").strip()
        if employee_no.endswith(".0"):  # a number cell holding the employee number
            employee_no = employee_no[:-2]
        shift = str(row.get("shift") or "").strip()
        matches = [s for s in sessions
                   if getattr(getattr(s.clerk, "profile", None), "employee_no", None) == employee_no
                   and (not shift or (s.shift_type and s.shift_type.code == shift))]
        problems = []
        if not employee_no:
            problems.append(_("no employee number"))
        elif not matches:
            known = any(getattr(getattr(s.clerk, "profile", None), "employee_no", None)
                        == employee_no for s in sessions)
            if known:
                problems.append(_("no till of employee %(no)s for shift %(shift)s")
                                % {"no": employee_no, "shift": shift})
            else:
                problems.append(_("employee %(no)s has no till in this store on %(day)s")
                                % {"no": employee_no, "day": day})
        elif len(matches) > 1:
            problems.append(_("employee %(no)s has several tills that day; fill in the shift "
                              "column") % {"no": employee_no})
        elif matches[0].clerk_id not in clerk_ids:
            problems.append(_("employee %(no)s is not a clerk of this store")
                            % {"no": employee_no})
        elif matches[0].status not in (TillSession.Status.OPEN, TillSession.Status.COUNTED):
            problems.append(_("the takings of employee %(no)s are already handed in")
                            % {"no": employee_no})
        amounts = {}
        for method, label in PaymentMethod.choices:
            raw = row.get(method)
            if raw is None or (isinstance(raw, str) and raw.strip() == ""):
                amounts[method] = 0
                continue
            try:
                amounts[method] = to_money(raw)
            except DomainError as error:
                problems.append(f"{label}: {error.message}")
        if matches and len(matches) == 1:
            key = matches[0].pk
            if key in seen:
                problems.append(_("employee %(no)s appears twice") % {"no": employee_no})
            seen.add(key)
        if problems:
            errors.append(_("Row %(row)d: %(problems)s")
                          % {"row": number, "problems": "; ".join(str(p) for p in problems)})
        else:
            parsed.append((matches[0], amounts))
    if errors:
        raise ImportRejected(errors)
    if not parsed:
        raise ImportRejected([_("The workbook has no rows of takings.")])
    return parsed


@transaction.atomic
def boss_settlement_import(*, actor, store, day: datetime.date, upload) -> int:
    """Set the expected takings of every till in the export; all rows or none."""
    parsed = parse_settlement(upload, store=store, day=day)
    for session, amounts in parsed:
        till_expected_set(actor=actor, session=session, amounts=amounts, source="imported")
    return len(parsed)
