
import pytest
from django.urls import reverse

from hallops.exceptions import DomainError
from hallops.models import AuditEntry, Notification
from service.models import CheckResult, ServiceCheck, Violation
from service.services import service_check_acknowledge

from .helpers import default_form, items, record_check, today


def test_it_seeds_a_default_form_of_100_points_linked_to_the_norms(db):
    form = default_form()
    assert sum(i.points for i in items(form)) == 100
    assert all(i.article is not None for i in items(form))
    assert {i.article.section for i in items(form)} >= {"norms", "etiquette", "phrases"}


def test_it_scores_a_check_as_the_points_less_each_fault(world):
    check = record_check(world, faults=("appearance_uniform", "language_phrases"),
                         notes={"language_phrases": "说了“不归我管”"})
    check.refresh_from_db()
    assert (check.score, check.max_score) == (100 - 10 - 15, 100)
    assert CheckResult.objects.filter(check_run=check, passed=False).count() == 2
    violations = Violation.objects.filter(store=world.store_a, staff=world.clerk_a)
    assert violations.count() == 2
    phrase = violations.get(item__code="language_phrases")
    assert phrase.source == Violation.Source.CHECK and phrase.points == 15
    assert "不归我管" in phrase.description
    assert AuditEntry.objects.filter(action="service_check.recorded").count() == 1


def test_it_scores_a_clean_check_full_and_registers_nothing(world):
    check = record_check(world)
    assert check.score == check.max_score == 100
    assert not Violation.objects.exists()


def test_it_tells_the_clerk_to_acknowledge(world):
    check = record_check(world, faults=("gestures",))
    note = Notification.objects.get(recipient=world.clerk_a)
    assert "95" in note.text and str(check.pk) in note.url


def test_it_refuses_a_check_with_an_item_unanswered(world):
    form = default_form()
    answers = {i.pk: (True, "") for i in items(form)[1:]}
    from service.services import service_check_record
    with pytest.raises(DomainError, match="Mark every item"):
        service_check_record(actor=world.dm_a, store=world.store_a, staff=world.clerk_a,
                             form=form, answers=answers)
    assert not ServiceCheck.objects.exists()


def test_it_refuses_to_check_someone_of_another_store(world):
    with pytest.raises(DomainError, match="staff"):
        record_check(world, staff=world.clerk_b)
    assert not ServiceCheck.objects.exists()


def test_it_lets_only_the_clerk_acknowledge_once(world):
    check = record_check(world, faults=("gestures",))
    with pytest.raises(DomainError, match="Only the person checked"):
        service_check_acknowledge(user=world.dm_a, check=check)
    service_check_acknowledge(user=world.clerk_a, check=check, comment="明白，会改正")
    check.refresh_from_db()
    assert check.acknowledged_at is not None and check.staff_comment == "明白，会改正"
    assert Notification.objects.get(recipient=world.clerk_a).read_at is not None
    assert Notification.objects.filter(recipient=world.dm_a).count() == 1
    with pytest.raises(DomainError, match="already acknowledged"):
        service_check_acknowledge(user=world.clerk_a, check=check)
    assert AuditEntry.objects.filter(action="service_check.acknowledged").count() == 1


def test_the_tablet_page_records_a_check(world, clients):
    form = default_form()
    data = {"staff": world.clerk_a.pk, "note": ""}
    for item in items(form):
        data[f"r_{item.pk}"] = "fault" if item.code == "standing" else "pass"
        data[f"n_{item.pk}"] = "坐着接待VIP" if item.code == "standing" else ""
    response = clients.dm_a.post("/service/checks/new/", data)
    check = ServiceCheck.objects.get()
    assert response.status_code == 302 and response.url == f"/service/checks/{check.pk}/"
    assert check.score == 95 and check.checked_by == world.dm_a


def test_the_tablet_page_refuses_bad_input_without_saving(world, clients):
    response = clients.dm_a.post("/service/checks/new/", {"staff": "x"})
    assert response.status_code == 400
    assert not ServiceCheck.objects.exists()
    response = clients.dm_a.post("/service/checks/new/", {"staff": world.clerk_b.pk})
    assert response.status_code == 400


def test_the_clerk_acknowledges_on_the_check_page_and_sees_it_on_home(world, clients):
    check = record_check(world, faults=("gestures",))
    home = clients.clerk_a.get(reverse("clerk:home")).content.decode()
    assert f"/service/checks/{check.pk}/" in home and "/service/norms/" in home
    assert 'data-testid="pending-check"' in home
    assert clients.clerk_a.post(f"/service/checks/{check.pk}/acknowledge/",
                                {"comment": ""}).status_code == 302
    check.refresh_from_db()
    assert check.acknowledged_at is not None
    home = clients.clerk_a.get(reverse("clerk:home")).content.decode()
    assert 'data-testid="pending-check"' not in home


def test_a_clerk_cannot_see_another_clerks_check(world, clients):
    from hallops.permissions import Role
    from tests.factories import make_user
    other = make_user("clerk_a2", role=Role.CLERK, store=world.store_a)
    check = record_check(world, staff=other)
    assert clients.clerk_a.get(f"/service/checks/{check.pk}/").status_code == 404
    assert clients.clerk_a.post(f"/service/checks/{check.pk}/acknowledge/").status_code == 404


def test_the_norms_are_searchable_in_both_languages(world, clients):
    page = clients.clerk_a.get("/service/norms/", {"q": "不归我管"}).content.decode()
    assert "服务忌语" in page and "仪容仪表" not in page
    page = clients.clerk_a.get("/service/norms/", {"q": "uniform"}).content.decode()
    assert "仪容仪表" in page
    page = clients.clerk_a.get("/service/norms/").content.decode()
    for title in ("首问负责制", "站立服务", "禁止推诿", "服务忌语"):
        assert title in page


def test_the_norms_read_in_english(world, clients):
    world.clerk_a.profile.language = "en"
    world.clerk_a.profile.save()
    page = clients.clerk_a.get("/service/norms/").content.decode()
    assert "First-contact ownership" in page and "Prohibited phrases" in page


def test_a_check_date_is_the_business_date(world):
    check = record_check(world)
    assert check.business_date <= today()
