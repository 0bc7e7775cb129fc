"""Each role's home page shows what the role can do today."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests import factories
from tests.conftest import login


@pytest.mark.parametrize(("persona", "url_name", "testids"), [
    ("sm_a", "store_manager:home", ["clock-panel", "my-shifts", "floor-panel", "roster-warnings"]),
    ("dm_a", "duty_manager:home", ["clock-panel", "my-shifts", "floor-panel"]),
    ("clerk_a", "clerk:home", ["clock-panel", "my-shifts"]),
    ("ch_a", "complaint_handler:home", ["clock-panel", "my-shifts"]),
])
def test_it_shows_the_roles_panels(world, clients, persona, url_name, testids):
    response = getattr(clients, persona).get(reverse(url_name))
    assert response.status_code == 200
    html = response.content.decode()
    for testid in testids:
        assert f'data-testid="{testid}"' in html, testid
    assert ('data-testid="floor-panel"' in html) == ("floor-panel" in testids)


def test_panel_forms_carry_a_working_csrf_token(world):
    """Panels are rendered apart from the page; their forms must still pass CSRF."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.clerk_a)
    html = client.get(reverse("clerk:home")).content.decode()
    clock_form = html.split('action="/attendance/clock-in/"', 1)[1].split("</form>", 1)[0]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', clock_form).group(1)
    response = client.post(reverse("clock_in"), {"csrfmiddlewaretoken": token, "reason": ""})
    assert response.status_code == 302
    assert world.clerk_a.attendance.count() == 1


def test_a_clerk_sees_their_upcoming_shifts(world, clients):
    from hallops.businessdate import business_date

    today = business_date(store=world.store_a)
    factories.roster(world.store_a, world.clerk_a, today, "C", "consult")
    factories.roster(world.store_a, world.dm_a, today, "A", "duty")
    response = login(world.clerk_a).get(reverse("clerk:home"))
    panel = next(ctx for tpl, ctx in response.context["panels"]
                 if tpl == "hallops/panels/my_shifts.html")
    assert [(e.date, e.shift_type.code) for e in panel["shifts"]] == [(today, "C")]
