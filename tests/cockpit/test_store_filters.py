"""Every supervisor list filters by a store of the region (`?store=`); another region's id is
ignored, never shown."""

from django.urls import reverse

from tests import factories
from tests.service import helpers as sh


def test_the_service_checks_list_narrows_to_one_store_of_the_region(world, clients):
    other = factories.make_store("A5", region=world.region_a)
    sh.record_check(world)
    url = reverse("service:checks")
    everything = clients.supervisor.get(url)
    assert len(everything.context["page"]) == 1
    assert 'data-testid="store-filter"' in everything.content.decode()
    assert len(clients.supervisor.get(f"{url}?store={world.store_a.pk}").context["page"]) == 1
    assert len(clients.supervisor.get(f"{url}?store={other.pk}").context["page"]) == 0
    outside = clients.supervisor.get(f"{url}?store={world.store_b.pk}")
    assert outside.status_code == 200 and len(outside.context["page"]) == 1  # ignored
    assert clients.supervisor.get(f"{url}?store=x").status_code == 200


def test_the_other_service_lists_take_the_store_filter(world, clients):
    factories.make_store("A6", region=world.region_a)
    for name in ("service:violations", "service:mystery", "service:monthly"):
        response = clients.supervisor.get(reverse(name) + f"?store={world.store_a.pk}")
        assert response.status_code == 200, name
        assert response.wsgi_request.store_filter[1] == world.store_a


def test_the_complaint_kpi_page_narrows_to_one_store(world, clients):
    from tests.complaints.helpers import make_order

    other = factories.make_store("A7", region=world.region_a)
    make_order(world)
    url = reverse("supervisor:complaint_kpi")
    region = clients.supervisor.get(url)
    assert [s for s, _row in region.context["per_store"]] == [world.store_a, other]
    one = clients.supervisor.get(f"{url}?store={other.pk}")
    assert [s for s, _row in one.context["per_store"]] == [other]
    assert f"store={other.pk}" in one.content.decode()  # the charts follow the filter
    chart = reverse("supervisor:complaint_kpi_chart", args=["category"])
    assert clients.supervisor.get(f"{chart}?store={other.pk}").status_code == 200
