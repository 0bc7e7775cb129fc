"""Import of the billing system's (BOSS) daily settlement export (.xlsx): expected takings
per clerk. All or nothing: every bad row is listed with its reason and nothing is saved."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from hallops.exceptions import DomainError
from hallops.imports import Column, ImportRefused, read_rows, text
from hallops.models import ExpectedTakings, PaymentMethod, RoleAssignment, TillSession
from hallops.money import to_money
from hallops.permissions import Role
from hallops.services.cash import till_expected_set

# The export's column titles (Chinese first, English accepted) → our keys.
COLUMNS = (
    Column("employee_no", ("工号", "employee_no", "employee no")),
    Column("shift", ("班次", "shift"), required=False),
    Column(PaymentMethod.CASH, ("现金", "cash")),
    Column(PaymentMethod.CHEQUE, ("支票", "cheque"), required=False),
    Column(PaymentMethod.CARD, ("银行卡", "bank card", "card"), required=False),
    Column(PaymentMethod.MOBILE, ("移动支付", "mobile payment", "mobile"), required=False),
    Column(PaymentMethod.OTHER, ("其他", "other"), required=False),
)


def parse_settlement(upload, *, store, day: datetime.date):
    """[(session, amounts by method)] for every row, or ImportRefused listing every bad row."""
    errors: list[str] = []
    parsed = []
    clerk_ids = set(RoleAssignment.objects.filter(store=store, role=Role.CLERK, is_active=True)
                    .values_list("user_id", flat=True))
    sessions = list(TillSession.objects.filter(store=store, business_date=day)
                    .select_related("clerk__profile", "shift_type"))
    seen = set()
    for number, row in read_rows(upload, columns=COLUMNS):
        employee_no = text(row.get("employee_no"))
        shift = text(row.get("shift"))
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
        amounts: dict[str, Decimal | int] = {}
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
        raise ImportRefused.for_rows(errors)
    return parsed


@transaction.atomic
def boss_settlement_import(*, actor, store, day: datetime.date, upload) -> int:
    """Set the expected takings of every till in the export; all rows or none."""
    parsed = parse_settlement(upload, store=store, day=day)
    for session, amounts in parsed:
        till_expected_set(actor=actor, session=session, amounts=amounts, source=ExpectedTakings.Source.IMPORTED)
    return len(parsed)
