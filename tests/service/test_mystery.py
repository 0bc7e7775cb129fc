import datetime
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.utils.exceptions import IllegalCharacterError

from hallops.exceptions import DomainError
from hallops.imports import ImportRefused
from service.imports import mystery_import
from service.models import MysteryScore, MysteryVisit, Violation

from .helpers import record_visit, today, workbook

YESTERDAY = (today() - datetime.timedelta(days=1)).isoformat()


def test_a_typed_visit_scores_items_and_registers_the_low_ones(world):
    visit = record_visit(world, staff=world.clerk_a,
                         scores={"greet_arrival": "4", "first_ask": "10", "tell_once": "6"})
    visit.refresh_from_db()
    assert (visit.score, visit.max_score) == (Decimal("20"), 30)
    # 60 % of the points is the default threshold: 4 of 10 is low, 6 of 10 is not.
    low = Violation.objects.get(source=Violation.Source.MYSTERY)
    assert low.item.code == "greet_arrival" and low.staff == world.clerk_a and low.points == 6


def test_a_visit_number_is_recorded_once_per_store(world):
    record_visit(world, reference="MS-9")
    with pytest.raises(DomainError, match="already recorded"):
        record_visit(world, reference="MS-9")


def test_the_import_records_visits_and_matches_staff_by_number_or_name(world):
    no = world.clerk_a.profile.employee_no
    upload = workbook([
        ("V1", YESTERDAY, no, "", "greet_arrival", 10, ""),
        ("V1", YESTERDAY, no, "", "language_phrases", 0, "说了“你去问别人”"),
        ("V2", today() - datetime.timedelta(days=2), "", "clerk_a", "first_ask",
         "5", ""),
        ("V3", YESTERDAY, "", "", "tell_once", 10.0, ""),
    ])
    assert mystery_import(actor=world.sm_a, store=world.store_a, upload=upload) == 3
    v1 = MysteryVisit.objects.get(reference="V1")
    assert v1.staff == world.clerk_a and v1.score == 10 and v1.max_score == 25
    assert v1.source == MysteryVisit.Source.IMPORTED
    assert MysteryVisit.objects.get(reference="V2").staff == world.clerk_a
    assert MysteryVisit.objects.get(reference="V3").staff is None
    assert Violation.objects.filter(source=Violation.Source.MYSTERY).count() == 2  # 0/15, 5/10


def test_the_import_lists_every_bad_row_and_saves_nothing(world):
    tomorrow = (today() + datetime.timedelta(days=2)).isoformat()
    upload = workbook([
        ("V1", YESTERDAY, world.clerk_a.profile.employee_no, "", "greet_arrival", 10, ""),
        ("", YESTERDAY, "", "", "greet_arrival", 10, ""),                      # row 3
        ("V2", "yesterday", "", "", "greet_arrival", 10, ""),                  # row 4
        ("V3", tomorrow, "", "", "greet_arrival", 10, ""),                     # row 5
        ("V4", YESTERDAY, world.clerk_b.profile.employee_no, "", "first_ask", 5, ""),  # 6
        ("V5", YESTERDAY, "", "nobody", "first_ask", 5, ""),                   # row 7
        ("V6", YESTERDAY, "", "", "no_such_item", 5, ""),                      # row 8
        ("V7", YESTERDAY, "", "", "first_ask", 11, ""),                        # row 9
        ("V8", YESTERDAY, "", "", "first_ask", "=1+1", ""),                    # row 10
        ("V1", YESTERDAY, world.clerk_a.profile.employee_no, "", "greet_arrival", 3, ""),  # 11
        ("V9", YESTERDAY, "", "", "first_ask", 2.55, ""),                      # row 12
    ])
    with pytest.raises(ImportRefused) as refused:
        mystery_import(actor=world.sm_a, store=world.store_a, upload=upload)
    rows = [e.split(":")[0] for e in refused.value.errors]
    assert len(rows) == 10, refused.value.errors
    for number in range(3, 13):
        assert any(f" {number}" in r or f"{number}" in r for r in rows), number
    assert not MysteryVisit.objects.exists() and not MysteryScore.objects.exists()
    assert not Violation.objects.exists()


def test_the_import_refuses_rows_of_another_store(world):
    upload = workbook([("V1", world.store_b.code, YESTERDAY, "", "", "first_ask", 5, "")],
                      header=("访问编号", "营业厅编码", "访问日期", "工号", "姓名", "检查项编码",
                              "得分", "备注"))
    with pytest.raises(ImportRefused) as refused:
        mystery_import(actor=world.sm_a, store=world.store_a, upload=upload)
    assert world.store_b.code in refused.value.errors[0]
    assert not MysteryVisit.objects.exists()


def test_the_import_refuses_a_visit_already_recorded(world):
    record_visit(world, reference="V1")
    with pytest.raises(ImportRefused):
        mystery_import(actor=world.sm_a, store=world.store_a,
                       upload=workbook([("V1", YESTERDAY, "", "", "first_ask", 5, "")]))
    assert MysteryVisit.objects.count() == 1


def test_the_import_refuses_a_file_without_the_columns(world):
    with pytest.raises(ImportRefused, match="Wrong columns"):
        mystery_import(actor=world.sm_a, store=world.store_a,
                       upload=workbook([("V1", "x")], header=("foo", "bar")))


hostile = st.one_of(
    st.none(), st.text(max_size=60), st.integers(min_value=-10**12, max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True), st.booleans(),
    st.sampled_from(["=cmd|' /C calc'!A0", "1e400", "NaN", "-0", "１０", "10.00001", "😀",
                     "\x00", "9" * 50, "2026-02-30", "0000-01-01"]),
    st.datetimes(min_value=datetime.datetime(1900, 1, 1), max_value=datetime.datetime(2200, 1, 1)),
)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(cells=st.lists(st.tuples(hostile, hostile, hostile, hostile, hostile, hostile, hostile),
                      min_size=1, max_size=4))
def test_hostile_cells_are_refused_or_imported_never_a_crash(world, cells):
    # openpyxl refuses control characters when writing; those cannot come from a real export.
    cleaned = [tuple(c.replace("\x00", "") if isinstance(c, str) else c for c in row)
               for row in cells]
    try:
        upload = workbook(cleaned)
    except (ValueError, TypeError, IllegalCharacterError):
        return
    before = MysteryVisit.objects.count()
    try:
        count = mystery_import(actor=world.sm_a, store=world.store_a, upload=upload)
    except ImportRefused as refused:
        assert refused.errors or refused.message
        assert MysteryVisit.objects.count() == before
    else:
        assert MysteryVisit.objects.count() == before + count
        for score in MysteryScore.objects.all():
            assert 0 <= score.score <= score.points


def test_the_import_page_lists_the_bad_rows(world, clients):
    upload = workbook([("V1", YESTERDAY, "", "", "no_such_item", 5, "")])
    response = clients.sm_a.post("/service/mystery/import/", {"file": upload})
    assert response.status_code == 400
    assert "no_such_item" in response.content.decode()
    assert not MysteryVisit.objects.exists()


def test_the_template_downloads_and_imports_back(world, clients):
    import io

    from openpyxl import load_workbook
    response = clients.sm_a.get("/service/mystery/template.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in book.worksheets[0][1]][:3] == ["访问编号", "营业厅编码", "访问日期"]
    upload = io.BytesIO(response.content)
    upload.name = "t.xlsx"
    assert mystery_import(actor=world.sm_a, store=world.store_a, upload=upload) == 1
