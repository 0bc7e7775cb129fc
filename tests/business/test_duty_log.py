import datetime

from hallops.registry import duty_log_sections
from tests.business.factories import make_report


def test_it_contributes_the_business_section_to_the_duty_log(world):
    day = datetime.date(2026, 3, 10)
    make_report(world.store_a, world.clerk_a, day, status="confirmed", counts={"payment": 4})
    make_report(world.store_a, world.dm_a, day, status="submitted", counts={"payment": 100})
    sections = {s.key: (s, ctx) for s, ctx in duty_log_sections(world.store_a, day, None)}
    section, context = sections["business"]
    assert context["business"].business_volume == 4
    assert context["business_statuses"]["submitted"] == 1
    from django.template.loader import render_to_string

    html = render_to_string(section.template, context)
    assert 'data-testid="duty-log-business"' in html and ">4<" in html
