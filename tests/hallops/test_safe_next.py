"""A `next` from a POST form is followed only when it is a path on this site (issue 11)."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from hallops.actions import redirect_next, safe_next_url
from tests.dutyops import helpers as h

BAD_NEXT = ["2", "NaN", "abc", "https://evil.example/", "//evil.example", "/\\evil.example",
            "javascript:alert(1)", "duty_manager:faults"]


@pytest.mark.parametrize("value", BAD_NEXT)
def test_it_ignores_a_next_that_is_not_a_path_on_this_site(value):
    request = RequestFactory().post("/x/", {"next": value})
    assert safe_next_url(request, "/fallback/") == "/fallback/"


def test_it_follows_a_path_on_this_site_and_keeps_an_anchor_once():
    request = RequestFactory().post("/x/", {"next": "/duty/faults/?page=2"})
    assert safe_next_url(request, "/fallback/") == "/duty/faults/?page=2"
    assert redirect_next(request, "/f/", anchor="item-3").url == "/duty/faults/?page=2#item-3"


def _cases(world):
    run = h.daily_run(world)
    item = h.first_item(run)
    checklist = reverse("duty_manager:checklist", args=[run.kind_id])
    return [
        ("clerk_a", reverse("clock_in"), {}, reverse("home")),
        ("clerk_a", reverse("clock_out"), {}, reverse("home")),
        ("dm_a", reverse("duty_manager:checklist_tick", args=[run.pk, item.pk]),
         {"status": "done"}, checklist + f"#item-{item.pk}"),
        ("dm_a", reverse("duty_manager:opinion_reply", args=[h.opinion(world).pk]),
         {"reply": "已回复客户"}, reverse("duty_manager:opinions")),
        ("dm_a", reverse("duty_manager:fault_update", args=[h.fault(world).pk]),
         {"status": "reported"}, reverse("duty_manager:faults")),
    ]


@pytest.mark.parametrize("value", BAD_NEXT)
def test_it_redirects_to_the_fallback_for_a_bad_next_on_every_form(world, clients, value):
    for persona, url, data, fallback in _cases(world):
        response = getattr(clients, persona).post(url, {**data, "next": value})
        assert response.status_code == 302, (url, value)
        assert response["Location"] == fallback, (url, value)


def test_it_redirects_to_the_fallback_for_a_bad_next_after_invalid_input(world, clients):
    # The refusal paths (form invalid) redirect through the same helper.
    for persona, url, _data, fallback in _cases(world)[2:]:
        response = getattr(clients, persona).post(url, {"status": "nonsense", "next": "2"})
        assert response.status_code == 302, url
        assert response["Location"].split("#")[0] == fallback.split("#")[0], url
