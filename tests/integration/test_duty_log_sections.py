"""The duty log (值班经理日志) shows the sections of every feature with real data, for its
own store only, whoever reads it."""

import pytest
from django.urls import reverse

from tests.integration.seed import seed_world

SECTIONS = ["attendance", "checklists", "faults", "incidents", "opinions", "cash", "complaints",
            "business"]


@pytest.mark.parametrize(("persona", "url_name"), [
    ("dm_a", "duty_manager:dutylog"),
    ("sm_a", "store_manager:dutylog"),
    ("supervisor", "supervisor:dutylog"),
])
def test_the_log_page_renders_every_features_section(world, clients, persona, url_name,
                                                      django_assert_max_num_queries):
    a, _b = seed_world(world)
    with django_assert_max_num_queries(80):
        response = getattr(clients, persona).get(reverse(url_name, kwargs={"pk": a.log.pk}))
    assert response.status_code == 200
    html = response.content.decode()
    for key in SECTIONS:
        assert f'data-testid="log-section-{key}"' in html, key
    section = {key: html.split(f'data-testid="log-section-{key}"', 1)[1].split(
        'data-testid="log-section-', 1)[0] for key in SECTIONS}
    assert "clerk_a" in section["attendance"] and "7" in section["attendance"]
    assert "1 of" in section["checklists"] or "1 /" in section["checklists"] or "1" in section[
        "checklists"]
    assert "甲店打印机卡纸" in section["faults"]
    assert "甲店整栋楼停电" in section["incidents"]
    assert "甲店等候时间太长" in section["opinions"] and "138****0001" in section["opinions"]
    assert "clerk_a" in section["cash"] and "5.00" in section["cash"]
    assert "5000.00" in section["cash"]
    assert a.order.number in section["complaints"] and "138****0001" in section["complaints"]
    assert 'data-testid="duty-log-business"' in section["business"]
    assert "13811110001" not in html  # customer numbers stay masked
    # Nothing of the other store leaks into any section.
    assert "乙店" not in html and "clerk_b" not in html and "139****0002" not in html
