"""The audit trail, the duty-log history and the activity sheet read as sentences: names,
labels and formatted values, never codes, reprs, field names, dicts, ids or UTC."""

import ast
import datetime
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from hallops.audit_display import describe_entries
from hallops.audit_labels import ACTION_LABELS
from hallops.models import AuditEntry, TillCount
from hallops.services.audit import audit_record, snapshot
from hallops.templatetags.people import person
from tests.cash.helpers import counted_till

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("hallops", "complaints", "reports", "roles", "materials")
CODE = re.compile(r"^[a-z_]+\.[a-z_]+$")


def _written_action_codes() -> set[str]:
    """Every string an `action=` argument can take in the application's code."""
    codes = set()
    for package in SOURCES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                # action = "a.b" if … else "a.c"; audit_record(…, action=action)
                if isinstance(node, ast.Assign) and any(
                        isinstance(t, ast.Name) and t.id == "action" for t in node.targets):
                    codes |= _constants(node.value)
                if not isinstance(node, ast.Call):
                    continue
                for keyword in node.keywords:
                    if keyword.arg != "action":
                        continue
                    assert not any(isinstance(n, ast.JoinedStr) for n in ast.walk(keyword.value)), (
                        f"{path}: build no action code with an f-string; spell it out")
                    codes |= _constants(keyword.value)
    return codes


def _constants(expression) -> set[str]:
    return {n.value for n in ast.walk(expression)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and CODE.match(n.value)}


def test_it_labels_every_action_code_the_services_write():
    codes = _written_action_codes()
    assert len(codes) > 60  # the scan found the services' codes
    assert "meeting.recorded" in codes and "fault.fixed" in codes
    assert sorted(codes - set(ACTION_LABELS)) == []


def test_it_has_a_chinese_label_for_every_action():
    with translation.override("zh-hans"):
        untranslated = [code for code, label in ACTION_LABELS.items()
                        if not re.search(r"[\u4e00-\u9fff]", str(label))]
    assert untranslated == []


@pytest.fixture
def named(world):
    for user, first, last in ((world.sm_a, "经理", "王"), (world.dm_a, "值班", "李"),
                              (world.clerk_a, "小红", "张")):
        user.first_name, user.last_name = first, last
        user.save(update_fields=["first_name", "last_name"])
    return world


def _page_text(client, **params):
    response = client.get(reverse("store_manager:audit"), params)
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index("<table"):html.index("</table>")]  # the trail, not the page's links


def test_it_shows_a_till_count_as_a_sentence_with_names_labels_and_money(named, clients):
    session = counted_till(named)
    count = TillCount.objects.get(session=session)
    # An entry written before TillCount had a __str__ stored the default repr.
    AuditEntry.objects.filter(action="till.count_recorded").update(
        object_repr=f"TillCount object ({count.pk})")
    text = _page_text(clients.sm_a, action="till.count_recorded")
    assert "清点钱箱" in text
    assert person(named.clerk_a) in text  # the display name, whatever W2a makes it
    assert "object (" not in text and "till.count_recorded" not in text
    assert "钱箱现金" in text  # the field's verbose name, not cash_in_drawer
    assert "cash_in_drawer" not in text and "counted_by" not in text
    assert f"{count.cash_in_drawer:.2f}" in text
    assert "clerk_a" not in text  # login names never shown
    assert count.notes_100 and "100 元 × 张数" in text  # a denomination by its label, not "100"


def test_it_formats_values_booleans_choices_people_and_local_times(named, settings):
    session = counted_till(named)
    moment = datetime.datetime(2026, 11, 29, 1, 30, tzinfo=datetime.UTC)  # 09:30 in Shanghai
    entry = audit_record(actor=named.sm_a, store=named.store_a,
                         action="till.approved", obj=session,
                         before={"approved_by": None, "approved_at": None,
                                 "needs_approval": False},
                         after={"approved_by": named.sm_a.pk, "approved_at": moment,
                                "needs_approval": True})
    with translation.override("zh-hans"):
        (line,) = describe_entries([entry])
        changes = {c.label: (c.old, c.new) for c in line.changes}
        assert line.action_label == "审批长短款"
        assert line.who == person(named.sm_a)
        assert changes["审批时间"] == ("—", "2026-11-29 09:30")
        assert changes["审批人"] == ("—", person(named.sm_a))
        assert changes["需厅经理审批"] == ("否", "是")
        assert f"{person(named.sm_a)}：审批长短款 — " in line.sentence
    with translation.override("en"):
        (line,) = describe_entries([entry])
        assert line.action_label == "Approved the till differences"
        assert {c.label for c in line.changes} >= {"approved at", "approved by"}


def test_it_renders_the_meetings_results_dict_readably(named):
    entry = audit_record(actor=named.dm_a, store=named.store_a, action="meeting.recorded",
                         object_type="hallops.morningmeeting",
                         after={"yesterday_results": {"date": "2026-11-28", "volume": 12,
                                                      "net_receipts": "100.50",
                                                      "store_day_confirmed": False}})
    with translation.override("zh-hans"):
        (line,) = describe_entries([entry])
    (change,) = line.changes
    assert change.label == "昨日业绩"
    assert "{" not in change.new and "volume" not in change.new
    assert "业务量: 12" in change.new and "否" in change.new


def test_it_shows_the_duty_log_history_by_label(named, clients):
    from tests.dutyops.helpers import submitted_log

    log = submitted_log(named)
    response = clients.sm_a.get(reverse("store_manager:dutylog", args=[log.pk]))
    text = response.content.decode()
    assert response.status_code == 200
    assert "提交值班经理日志" in text
    assert "duty_log.submitted" not in text


def test_it_lists_actions_by_label_in_the_activity_sheet(named):
    from reports.sheets import SheetContext
    from reports.sheets.activity import ActivitySheet

    audit_record(actor=named.clerk_a, store=named.store_a, action="attendance.clocked_in",
                 obj=named.store_a, after=snapshot(named.store_a, ["name"]))
    today = timezone.localdate()
    ctx = SheetContext(kind="store_daily", start=today, end=today, stores=[named.store_a])
    with translation.override("zh-hans"):
        rows = list(ActivitySheet().rows(ctx))
    assert ("签到", 1) in rows
    assert not any("attendance.clocked_in" in str(row[0]) for row in rows)


def test_it_names_the_clerk_and_product_line_of_a_saved_target(named):
    from hallops.models import ProductLine
    from hallops.services.targets import targets_save

    line = ProductLine.objects.first()
    month = timezone.localdate().replace(day=1)
    targets_save(actor=named.sm_a, store=named.store_a, month=month,
                 targets={(named.clerk_a.pk, line.pk): 5, (None, line.pk): 20})
    entry = AuditEntry.objects.get(action="targets.saved")
    with translation.override("zh-hans"):
        (line_,) = describe_entries([entry])
    labels = sorted(c.label for c in line_.changes)
    assert labels == sorted([f"{person(named.clerk_a)} · {line.name}", f"全厅 · {line.name}"])
    assert not any(str(named.clerk_a.pk) + ":" in c.label for c in line_.changes)
