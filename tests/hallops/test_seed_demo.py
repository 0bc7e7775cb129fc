import io

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command

from hallops.management.commands.seed_demo import DEMO_LOGINS, DEMO_PASSWORD
from hallops.models import AttendanceRecord, RoleAssignment, RosterEntry, Store


@pytest.mark.django_db
def test_it_creates_a_login_per_role_and_weeks_of_roster(rf):
    call_command("seed_demo", days=14, stdout=io.StringIO())
    for username, _name, role, _scope in DEMO_LOGINS:
        user = authenticate(rf.post("/"), username=username, password=DEMO_PASSWORD)
        assert user is not None, username
        assert RoleAssignment.objects.filter(user=user, role=role).exists()
    assert get_user_model().objects.get(username="admin").is_superuser
    assert RosterEntry.objects.filter(store__code="SJZ001").count() > 14 * 5
    assert AttendanceRecord.objects.filter(store__code="SJZ001").exists()


@pytest.mark.django_db
def test_it_adds_volume_stores_and_is_repeatable():
    call_command("seed_demo", stores=3, days=5, stdout=io.StringIO())
    entries = RosterEntry.objects.count()
    assert Store.objects.count() == 6
    call_command("seed_demo", stores=3, days=5, stdout=io.StringIO())
    assert Store.objects.count() == 6
    assert RosterEntry.objects.count() == entries
    call_command("seed_demo", if_empty=True, stdout=io.StringIO())
    assert RosterEntry.objects.count() == entries


@pytest.mark.django_db
def test_it_refuses_nonsense_volumes():
    with pytest.raises(CommandError):
        call_command("seed_demo", days=0)
