"""Shifts with a rostered duty manager but no duty log at all are flagged for the manager."""

import datetime

from django.utils import timezone

from hallops.models import ShiftType
from hallops.selectors.dutylog import missing_logs
from hallops.services.dutylog import duty_log_start
from tests import factories


def test_it_flags_a_rostered_shift_that_never_got_a_log(world, clients):
    store = world.store_a
    today = timezone.localdate()
    two_days_ago = today - datetime.timedelta(days=2)
    yesterday = today - datetime.timedelta(days=1)
    factories.roster(store, world.dm_a, two_days_ago, "A", "duty")
    factories.roster(store, world.dm_a, yesterday, "A", "duty")
    factories.roster(store, world.clerk_a, two_days_ago, "A", "counter")  # not a duty post
    shift = ShiftType.objects.get(store=store, code="A")
    duty_log_start(actor=world.dm_a, store=store, shift_type=shift, day=yesterday)

    # Yesterday has a log; two days ago has none, and its next-morning deadline has passed.
    rows = missing_logs(store)
    assert [(m.business_date, m.duty_manager) for m in rows] == [(two_days_ago, world.dm_a)]
    # Another store's roster never shows here.
    factories.roster(world.store_b, world.dm_b, two_days_ago, "A", "duty")
    assert len(missing_logs(store)) == 1

    response = clients.sm_a.get("/manager/duty-logs/")
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="missing-log"') == 1


def test_it_waits_for_the_next_morning_deadline(world):
    store = world.store_a
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    factories.roster(store, world.dm_a, yesterday, "A", "duty")
    just_after_midnight = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate(), datetime.time(0, 30))
    )
    assert missing_logs(store, now=just_after_midnight) == []
    assert len(missing_logs(store, now=just_after_midnight + datetime.timedelta(hours=12))) == 1
