"""Services link to role pages through the registry, never by the roles' URL names."""

import pathlib
import re

import pytest
from django.urls import NoReverseMatch

from hallops.registry import link, registered_links

ROLE_NAMESPACES = ("clerk", "duty_manager", "store_manager", "supervisor", "fund_receiver")
ROOT = pathlib.Path(__file__).resolve().parents[2]
LINK_USE = re.compile(r'\blink\("([a-z_.]+)"')


def _service_sources():
    for folder in ("hallops/services", "complaints/services", "reports"):
        yield from (ROOT / folder).rglob("*.py")


def test_it_keeps_role_url_names_out_of_the_services():
    role_reverse = re.compile(r'reverse\(\s*"(' + "|".join(ROLE_NAMESPACES) + '):')
    offenders = [str(p.relative_to(ROOT)) for p in _service_sources() if role_reverse.search(p.read_text())]
    assert not offenders


@pytest.mark.django_db
def test_every_link_a_service_asks_for_is_registered_and_resolves():
    used = {name for p in _service_sources() for name in LINK_USE.findall(p.read_text())}
    registered = registered_links()
    assert used and used <= set(registered), sorted(used - set(registered))
    for name in registered:
        try:
            url = link(name)
        except NoReverseMatch:  # a page of one object
            url = link(name, 1)
        assert url.startswith("/"), name


def test_it_reads_an_action_s_roles_from_its_view_gate(rf):
    from types import SimpleNamespace

    from complaints import views
    from hallops.permissions import Role, may

    request = rf.get("/")
    for role, offered in ((Role.COMPLAINT_HANDLER, True), (Role.DUTY_MANAGER, False),
                          (Role.STORE_MANAGER, True), (Role.SUPERVISOR, False)):
        request.acting = SimpleNamespace(role=role)
        assert may(request, views.order_transfer) is offered, role
