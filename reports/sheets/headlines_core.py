"""Headline figures from the roster, attendance and the audit trail."""

from reports import selectors

from . import L, register_headline, shared


def _pick(counts: dict, key: str) -> dict:
    return {k: (row[key] or 0) for k, row in counts.items()}


def _roster(stores, start, end) -> dict:
    return shared(roster_key(stores, start, end),
                  lambda: selectors.roster_counts(stores, start, end))


def roster_key(stores, start, end) -> tuple:
    return ("roster_counts", tuple(s.pk for s in stores), start, end)


def audit_key(stores, start, end) -> tuple:
    return ("audit_counts_by_store", tuple(s.pk for s in stores), start, end)


def unconfirmed_key(stores, start, end) -> tuple:
    return ("unconfirmed_reports_by_store", tuple(s.pk for s in stores), start, end)


def attendance_by_day_key(stores, start, end, today) -> tuple:
    """The cache key of the attendance read: {(store id, day): figures}. The yearly workbook
    fills it per month with {(store id, month): figures} (read grouped by month): the sum by
    store below is the same either way."""
    return ("attendance_by_store_day", tuple(s.pk for s in stores), start, end, today)


def _attendance(stores, start, end, today=None) -> dict:
    """{store id: figures}: one grouped read by store and day gives attended, late, early,
    unrostered and absent (as of `today`: past days only); summed here, and shared with the
    'by day' sheets through the workbook's cache (ByDaySheet), so the period is read once."""
    today = today or end
    key = attendance_by_day_key(stores, start, end, today)

    def by_store() -> dict:
        by_day = shared(key, lambda: selectors.attendance_counts(stores, start, end,
                                                                 by="store_date", today=today))
        out: dict = {}
        for (store_id, _day), row in by_day.items():
            total = out.setdefault(store_id, {})
            for name, value in row.items():
                if isinstance(value, int):
                    total[name] = total.get(name, 0) + value
        return out

    # summed once per period, not once per attendance headline (six of them)
    return shared(("attendance_by_store", *key[1:]), by_store)


@register_headline(key="staff", title=L("排班人数", "Staff rostered"), order=10)
def staff(stores, start, end, today):
    return _pick(_roster(stores, start, end), "staff")


@register_headline(key="shifts", title=L("排班班次", "Shifts rostered"), order=20)
def shifts(stores, start, end, today):
    return _pick(_roster(stores, start, end), "shifts")


@register_headline(key="attended", title=L("出勤班次", "Shifts attended"), order=30)
def attended(stores, start, end, today):
    return _pick(_attendance(stores, start, end, today), "attended")


@register_headline(key="late", title=L("迟到次数", "Late arrivals"), order=40)
def late(stores, start, end, today):
    return _pick(_attendance(stores, start, end, today), "late")


@register_headline(key="late_minutes", title=L("迟到分钟", "Minutes late"), order=50)
def late_minutes(stores, start, end, today):
    return _pick(_attendance(stores, start, end, today), "late_minutes")


@register_headline(key="early", title=L("早退次数", "Early leaves"), order=60)
def early(stores, start, end, today):
    return _pick(_attendance(stores, start, end, today), "early")


@register_headline(key="absent", title=L("缺勤班次", "Absences"), order=70)
def absent(stores, start, end, today):
    return _pick(_attendance(stores, start, end, today), "absent")


@register_headline(key="unrostered", title=L("排班外签到", "Clock-ins not rostered"), order=80)
def unrostered(stores, start, end, today):
    return _pick(_attendance(stores, start, end, today), "unrostered")


@register_headline(key="actions", title=L("操作记录", "Actions recorded"), order=900)
def actions(stores, start, end, today):
    return shared(audit_key(stores, start, end),
                  lambda: selectors.audit_counts_by_store(stores, start, end))
