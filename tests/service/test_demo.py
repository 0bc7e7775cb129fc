import io

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from service.models import FollowUp, MysteryVisit, ServiceCheck, Violation
from tests.demo.test_demo_data import afternoon  # noqa: F401  (fixture)


def test_the_demo_shows_checks_visits_and_violations(db, afternoon):  # noqa: F811
    call_command("seed_demo", stores=1, days=7, no_history=True, stdout=io.StringIO())
    for code in ("SJZ001", "SJZ002", "BD001"):
        checks = ServiceCheck.objects.filter(store__code=code)
        assert checks.count() == 4 and checks.filter(acknowledged_at__isnull=True).count() == 1
        assert MysteryVisit.objects.filter(store__code=code).count() == 1
        violations = Violation.objects.filter(store__code=code)
        assert {v.source for v in violations} == {"check", "mystery", "manual"}
        assert violations.filter(state="closed").exists()
        assert violations.filter(state="following_up").exists()
    assert FollowUp.objects.exists()
    client = Client()
    client.force_login(get_user_model().objects.get(username="clerk"))
    home = client.get("/clerk/").content.decode()
    assert 'data-testid="pending-check"' in home
    call_command("seed_demo", stores=1, days=7, no_history=True, stdout=io.StringIO())
    assert ServiceCheck.objects.filter(store__code="SJZ001").count() == 4
