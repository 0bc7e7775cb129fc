"""The monthly assessment: prefilled from the store's data (figures match their sources),
scored, disputed and returned, acknowledged and locked; refusals."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from hallops import registry
from hallops.exceptions import DomainError
from hallops.models import AttendanceRecord, AuditEntry, MonthlyTarget
from hallops.permissions import Role
from hallops.selectors.kpi import kpi_month
from hr.models import Assessment, AssessmentItem, AssessmentScheme, AssessmentStatus, Measure
from hr.services.assessment import (
    assessment_acknowledge,
    assessment_dispute,
    assessment_open,
    assessment_open_month,
    assessment_score,
)
from service.services import service_check_record
from tests.business.factories import make_report, pl
from tests.factories import make_user, roster

OCT = datetime.date(2026, 10, 1)


@pytest.fixture
def october(world):
    """clerk_a in October: 4 shifts rostered, 3 attended (1 late), 2 confirmed reports (40
    transactions, 3 broadband of a target of 6), one report returned once; a colleague with
    60 transactions (store average 50)."""
    store, clerk = world.store_a, world.clerk_a
    entries = [roster(store, clerk, OCT + datetime.timedelta(days=d)) for d in range(4, 8)]
    for n, entry in enumerate(entries[:3]):
        AttendanceRecord.objects.create(
            store=store, user=clerk, business_date=entry.date, roster_entry=entry,
            clock_in=timezone.make_aware(datetime.datetime.combine(entry.date, datetime.time(8, 30))),
            clock_out=timezone.make_aware(datetime.datetime.combine(entry.date, datetime.time(17, 0))),
            late_minutes=10 if n == 0 else 0)
    first = make_report(store, clerk, OCT + datetime.timedelta(days=4), status="confirmed",
                        counts={"payment": 30, "broadband": 2})
    make_report(store, clerk, OCT + datetime.timedelta(days=5), status="confirmed",
                counts={"payment": 10, "broadband": 1})
    AuditEntry.objects.create(actor=world.dm_a, store=store, action="clerk_report.returned",
                              object_type="hallops.clerkdailyreport", object_id=str(first.pk))
    colleague = make_user(role=Role.CLERK, store=store)
    make_report(store, colleague, OCT + datetime.timedelta(days=4), status="confirmed",
                counts={"payment": 60})
    MonthlyTarget.objects.create(store=store, month=OCT, clerk=clerk, product_line=pl("broadband"),
                                 quantity=6)
    return world


def scores_by_code(assessment):
    return {s.item.code: s for s in assessment.scores.select_related("item")}


def test_it_prefills_the_measured_figures_from_the_sources(october):
    w = october
    assessment = assessment_open(actor=w.sm_a, store=w.store_a, user=w.clerk_a, month=OCT)
    s = scores_by_code(assessment)
    kpi = next(r for r in kpi_month(w.store_a, 2026, 10) if r.clerk == w.clerk_a)
    # The same figures as the month-end KPI table and the attendance count.
    assert s["clerk_volume"].figure == kpi.volume == 40
    assert s["clerk_marketing"].figure == Decimal(100 * kpi.marketing / kpi.marketing_target) == 50
    assert (kpi.rostered, kpi.attended, kpi.late) == (4, 3, 1)
    assert s["clerk_attendance"].figure == Decimal("75.00")
    assert s["clerk_errors"].figure == 1
    assert s["clerk_complaints"].figure == 0  # the complaints app provides the count
    # Points: volume 40/50 of 20, marketing 3/6 of 20, errors 15 − 3, attendance 15 × ¾ − 2.
    assert s["clerk_volume"].score == Decimal("16.0")
    assert s["clerk_marketing"].score == Decimal("10.0")
    assert s["clerk_errors"].score == Decimal("12.0")
    assert s["clerk_complaints"].score == Decimal("10.0")
    assert s["clerk_attendance"].score == Decimal("9.3")
    # No service-check provider yet: no data, scored by the manager.
    assert s["clerk_service"].figure is None and s["clerk_service"].score is None
    assert AuditEntry.objects.filter(action="assessment.opened", store=w.store_a).count() == 1


def test_it_reads_service_check_scores_from_a_provider_when_one_exists(october, monkeypatch):
    monkeypatch.setitem(registry._providers, "service_check_scores",
                        lambda store, first, last: {october.clerk_a.pk: 90})
    assessment = assessment_open(actor=october.sm_a, store=october.store_a, user=october.clerk_a,
                                 month=OCT)
    assert scores_by_code(assessment)["clerk_service"].score == Decimal("9.0")


def test_scored_disputed_returned_acknowledged_and_locked(october, clients):
    w = october
    assessment = assessment_open(actor=w.sm_a, store=w.store_a, user=w.clerk_a, month=OCT)
    s = scores_by_code(assessment)
    url = reverse("hr:assessment", args=[assessment.pk])
    page = clients.sm_a.get(url)
    assert page.status_code == 200 and 'data-testid="no-data"' in page.content.decode()
    post = {f"score-{s['clerk_dress'].pk}": "4.5", f"score-{s['clerk_teamwork'].pk}": "5",
            f"score-{s['clerk_service'].pk}": "8", f"comment-{s['clerk_dress'].pk}": "工牌未佩戴一次",
            f"score-{s['clerk_volume'].pk}": "20",  # a measured figure with data is not overridden
            "comment": "整体良好", "submit": "1"}
    assert clients.sm_a.post(url, post).status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SUBMITTED
    assert assessment.total == Decimal("74.8")  # 16 + 10 + 12 + 10 + 9.3 + 8 + 4.5 + 5
    # The clerk disputes with a reason: back to the manager.
    response = clients.clerk_a.post(reverse("hr:my_assessment_dispute", args=[assessment.pk]),
                                    {"reason": "仪容一项我有异议"})
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.DISPUTED and assessment.dispute_reason == "仪容一项我有异议"
    with override("en"), pytest.raises(DomainError, match="not waiting for your answer"):
        assessment_acknowledge(actor=w.clerk_a, assessment=assessment)
    assessment_score(actor=w.sm_a, store=w.store_a, assessment=assessment,
                     scores={s["clerk_dress"].pk: ("5", "已核实")}, submit=True)
    assessment.refresh_from_db()
    assert assessment.total == Decimal("75.3")
    # Someone else cannot answer it; the clerk acknowledges and it locks.
    assert clients.dm_a.post(reverse("hr:my_assessment_acknowledge", args=[assessment.pk])).status_code == 404
    assert clients.clerk_a.post(reverse("hr:my_assessment_acknowledge", args=[assessment.pk])).status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.LOCKED and assessment.acknowledged_at
    with override("en"), pytest.raises(DomainError, match="cannot be changed"):
        assessment_score(actor=w.sm_a, store=w.store_a, assessment=assessment,
                         scores={s["clerk_dress"].pk: ("1", "")})
    assert list(AuditEntry.objects.filter(object_type="hr.assessment").order_by("id")
                .values_list("action", flat=True)) == [
        "assessment.opened", "assessment.submitted", "assessment.disputed",
        "assessment.submitted", "assessment.acknowledged"]
    assert clients.clerk_a.get(reverse("hr:my_assessments")).status_code == 200
    ranking = clients.supervisor.get(reverse("hr:assessment_ranking") + "?month=2026-10")
    assert [a.pk for _rank, a in ranking.context["ranking"]] == [assessment.pk]


def test_it_refuses_a_second_assessment_for_the_same_person_and_month(october):
    w = october
    assessment_open(actor=w.sm_a, store=w.store_a, user=w.clerk_a, month=OCT)
    with override("en"), pytest.raises(DomainError, match="already has an assessment for 2026-10"):
        assessment_open(actor=w.sm_a, store=w.store_a, user=w.clerk_a, month=OCT)
    assert Assessment.objects.filter(user=w.clerk_a).count() == 1


def test_it_opens_the_whole_store_once(october):
    w = october
    created = assessment_open_month(actor=w.sm_a, store=w.store_a, month=OCT)
    assert {a.user for a in created} >= {w.clerk_a, w.dm_a, w.ch_a}
    assert w.sm_a not in {a.user for a in created}
    with override("en"), pytest.raises(DomainError, match="already has an assessment"):
        assessment_open_month(actor=w.sm_a, store=w.store_a, month=OCT)


@pytest.mark.parametrize("value", ["5.5", "-1", "abc", "2.25"])
def test_it_refuses_a_score_outside_the_items_range(october, value):
    w = october
    assessment = assessment_open(actor=w.sm_a, store=w.store_a, user=w.clerk_a, month=OCT)
    dress = scores_by_code(assessment)["clerk_dress"]
    with override("en"), pytest.raises(DomainError, match="scored from 0.0 to 5|enter a number|one decimal"):
        assessment_score(actor=w.sm_a, store=w.store_a, assessment=assessment,
                         scores={dress.pk: (value, "")})
    dress.refresh_from_db()
    assert dress.score is None


def test_it_refuses_to_submit_with_an_item_unscored(october):
    w = october
    assessment = assessment_open(actor=w.sm_a, store=w.store_a, user=w.clerk_a, month=OCT)
    with override("en"), pytest.raises(DomainError, match="Score every item"):
        assessment_score(actor=w.sm_a, store=w.store_a, assessment=assessment, scores={}, submit=True)


def test_it_refuses_a_scheme_whose_weights_do_not_add_up_to_100(october):
    w = october
    scheme = AssessmentScheme.objects.get(role=Role.CLERK, is_active=True)
    AssessmentItem.objects.filter(scheme=scheme, code="clerk_dress").update(weight=10)
    with override("en"), pytest.raises(DomainError, match="add up to 105, not 100"):
        assessment_open(actor=w.sm_a, store=w.store_a, user=w.clerk_a, month=OCT)
    assert not Assessment.objects.exists()


def test_it_refuses_a_month_that_has_not_started(october):
    w = october
    future = (timezone.localdate().replace(day=1) + datetime.timedelta(days=40)).replace(day=1)
    with override("en"), pytest.raises(DomainError, match="not started"):
        assessment_open(actor=w.sm_a, store=w.store_a, user=w.clerk_a, month=future)


def test_the_dispute_needs_a_reason(october):
    w = october
    assessment = assessment_open(actor=w.sm_a, store=w.store_a, user=w.clerk_a, month=OCT)
    Assessment.objects.filter(pk=assessment.pk).update(status=AssessmentStatus.SUBMITTED)
    with override("en"), pytest.raises(DomainError, match="Say why"):
        assessment_dispute(actor=w.clerk_a, assessment=assessment, reason="  ")


def test_the_admin_refuses_weights_not_adding_up_to_100(world, admin_client):
    scheme = AssessmentScheme.objects.get(role=Role.CLERK, is_active=True)
    items = list(scheme.items.all())
    data = {"name": scheme.name, "name_en": scheme.name_en, "role": scheme.role, "is_active": "on",
            "items-TOTAL_FORMS": str(len(items)), "items-INITIAL_FORMS": str(len(items)),
            "items-MIN_NUM_FORMS": "0", "items-MAX_NUM_FORMS": "1000"}
    for n, item in enumerate(items):
        data.update({f"items-{n}-id": item.pk, f"items-{n}-scheme": scheme.pk,
                     f"items-{n}-sort_order": item.sort_order, f"items-{n}-code": item.code,
                     f"items-{n}-name": item.name, f"items-{n}-name_en": item.name_en,
                     f"items-{n}-kind": item.kind, f"items-{n}-measure": item.measure,
                     f"items-{n}-weight": item.weight + (1 if n == 0 else 0),
                     f"items-{n}-min_score": "0", f"items-{n}-deduction": str(item.deduction),
                     f"items-{n}-guidance": item.guidance})
    response = admin_client.post(reverse("admin:hr_assessmentscheme_change", args=[scheme.pk]), data)
    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][0].formset.non_form_errors()
    assert errors and "101" in str(errors)
    assert scheme.total_weight() == 100
    assert Measure.VOLUME in set(scheme.items.values_list("measure", flat=True))


def test_it_scores_the_service_item_from_the_months_real_service_checks(october):
    """The service app's provider: the month's average check score of the person, out of 100."""
    from tests.service.helpers import default_form, items

    w = october
    form = default_form()
    failed = items(form)[0]
    answers = {i.pk: (i.pk != failed.pk, "") for i in items(form)}
    moment = timezone.make_aware(datetime.datetime(2026, 10, 12, 11, 0))
    check = service_check_record(actor=w.dm_a, store=w.store_a, staff=w.clerk_a, form=form,
                                 answers=answers, now=moment)
    assessment = assessment_open(actor=w.sm_a, store=w.store_a, user=w.clerk_a, month=OCT)
    service = scores_by_code(assessment)["clerk_service"]
    percent = Decimal(100) * check.score / check.max_score
    assert service.figure == percent.quantize(service.figure)
    assert service.score == (service.item.weight * service.figure / 100).quantize(Decimal("0.1"))
    assert service.score < service.item.weight  # the fault cost points
