"""The service pages read and write through store-scoped managers: with no scope in the test
body, every request still works (the permission gate enters the acting store's scope) and
code outside a request is refused."""

import datetime

import pytest
from django.urls import reverse
from django_scopes.exceptions import ScopeError

from hallops.scoping import store_scope
from service.models import CheckForm, ServiceCheck, Violation

from .helpers import today, workbook

pytestmark = pytest.mark.scopes_enforced


def test_the_pages_work_in_the_acting_stores_scope_and_nothing_reads_unscoped(world, clients):
    form = CheckForm.default()
    items = list(form.items.filter(is_active=True))
    data = {"staff": world.clerk_a.pk, "note": ""}
    for item in items:
        data[f"r_{item.pk}"] = "fault" if item.code == "gestures" else "pass"
        data[f"n_{item.pk}"] = ""
    assert clients.dm_a.post(reverse("service:check_new"), data).status_code == 302
    with pytest.raises(ScopeError):
        ServiceCheck.objects.count()
    with store_scope(world.store_a):
        check = ServiceCheck.objects.get()
        violation = Violation.objects.get()
    assert clients.clerk_a.get(reverse("clerk:home")).status_code == 200
    assert clients.clerk_a.post(reverse("service:check_ack", args=[check.pk])).status_code == 302
    assert clients.clerk_b.get(reverse("service:check", args=[check.pk])).status_code == 404
    assert clients.ch_a.get(reverse("service:check", args=[check.pk])).status_code == 403
    assert clients.dm_b.get(reverse("service:check", args=[check.pk])).status_code == 404
    yesterday = (today() - datetime.timedelta(days=1)).isoformat()
    upload = workbook([("V1", yesterday, world.clerk_a.profile.employee_no, "", "first_ask", 2,
                        "")])
    assert clients.sm_a.post(reverse("service:mystery_import"), {"file": upload}).status_code == 302
    assert clients.sm_a.post(reverse("service:violation_follow", args=[violation.pk]),
                             {"kind": "talk", "done_on": today().isoformat(),
                              "note": "谈话"}).status_code == 302
    for name in ("service:monthly", "service:violations", "service:mystery", "service:checks"):
        assert clients.sm_a.get(reverse(name)).status_code == 200, name
    assert clients.supervisor.get(reverse("service:monthly")).status_code == 200
    with store_scope(world.store_a):
        assert Violation.objects.count() == 2
        assert ServiceCheck.objects.get().acknowledged_at is not None
