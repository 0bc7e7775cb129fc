"""seed_demo fills the floor board, the desk-ready checks and the desk complaints, once."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from complaints.models import DeskComplaint
from floor.models import DeskReadyCheck, FloorAction, Level, QueueReading
from tests.demo.test_demo_data import afternoon, page  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def test_it_seeds_the_floor_and_the_desk_complaints_once(afternoon):  # noqa: F811
    call_command("seed_demo", stores=1, days=3, no_history=True, stdout=io.StringIO())
    counts = (QueueReading.objects.count(), FloorAction.objects.count(),
              DeskReadyCheck.objects.count(), DeskComplaint.objects.count())
    assert all(counts), counts
    assert QueueReading.objects.filter(level=Level.RED).exists()
    assert DeskComplaint.objects.filter(work_order__isnull=False).count() == 3  # one per demo store
    call_command("seed_demo", stores=1, days=3, no_history=True, stdout=io.StringIO())
    assert (QueueReading.objects.count(), FloorAction.objects.count(),
            DeskReadyCheck.objects.count(), DeskComplaint.objects.count()) == counts
    board = page("duty", reverse("floor:board"))
    assert 'data-level="' in board and 'data-testid="floor-action"' in board
