"""The pages: intake with bad input, escaping, masked numbers and audited reveals, queue."""

import datetime as dt

import pytest
from django.utils import timezone

from complaints.models import Source, WorkOrder
from hallops.models import AuditEntry
from hallops.registry import duty_log_sections
from tests.complaints.helpers import category, make_order

pytestmark = pytest.mark.django_db


def _intake(**overrides):
    data = {
        "source": "onsite",
        "customer_number": "13812345678",
        "category": category("svc_attitude").pk,
        "description": "营业员态度差",
        "demand": "道歉",
        "customer_level": "ordinary",
        "contact_number": "",
        "received_at": "",
        "beyond_channel": "",
    }
    data.update(overrides)
    return data


def test_it_enters_an_onsite_complaint_from_the_intake_form(world, clients):
    response = clients.ch_a.post("/handler/intake/", _intake())
    order = WorkOrder.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/complaints/{order.pk}/"
    assert order.store == world.store_a and order.category.code == "service"
    assert order.subcategory.code == "svc_attitude" and order.created_by == world.ch_a
    assert AuditEntry.objects.filter(action="work_order.created", object_id=str(order.pk)).exists()


def test_it_lets_the_duty_manager_enter_an_onsite_complaint(world, clients):
    assert clients.dm_a.post("/handler/intake/", _intake()).status_code == 302
    assert WorkOrder.objects.get().created_by == world.dm_a


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"customer_number": "1234"}, "customer_number"),
        ({"contact_number": "call me"}, "contact_number"),
        ({"description": "   "}, "description"),
        ({"category": "999999"}, "category"),
        ({"received_at": "2999-01-01T10:00"}, "received_at"),
        ({"source": "10086", "external_no": "", "contact_number": "13900001111"}, "external_no"),
    ],
)
def test_it_refuses_bad_intake_with_a_message_and_saves_nothing(world, clients, overrides, field):
    response = clients.ch_a.post("/handler/intake/", _intake(**overrides))
    assert response.status_code == 200
    assert response.context["form"].errors.get(field), response.context["form"].errors
    assert not WorkOrder.objects.exists()


def test_it_refuses_a_duplicate_external_number_on_the_form(world, clients):
    data = _intake(source="10086", external_no="X-1", contact_number="13900001111")
    assert clients.ch_a.post("/handler/intake/", data).status_code == 302
    response = clients.ch_a.post("/handler/intake/", data)
    assert response.status_code == 200
    assert "X-1" in str(response.context["form"].errors["external_no"])
    assert WorkOrder.objects.count() == 1


def test_it_shows_html_in_descriptions_escaped(world, clients):
    order = make_order(world, description='<script>alert("x")</script><b>粗</b>')
    html = clients.ch_a.get(f"/complaints/{order.pk}/").content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
    assert "<b>粗</b>" not in html


def test_it_masks_the_number_until_revealed_and_audits_the_reveal(world, clients):
    order = make_order(world, number="13812345678")
    html = clients.ch_a.get(f"/complaints/{order.pk}/").content.decode()
    assert "138****5678" in html and "13812345678" not in html
    assert clients.ch_a.post(f"/complaints/{order.pk}/reveal/").status_code == 302
    html = clients.ch_a.get(f"/complaints/{order.pk}/").content.decode()
    assert "13812345678" in html
    entry = AuditEntry.objects.get(action="customer_number.revealed")
    assert entry.actor == world.ch_a and entry.object_id == str(order.pk)
    # Other roles see it masked and cannot reveal.
    assert "13812345678" not in clients.dm_a.get(f"/complaints/{order.pk}/").content.decode()
    assert clients.dm_a.post(f"/complaints/{order.pk}/reveal/").status_code == 403
    assert "13812345678" not in clients.ch_a.get("/handler/queue/").content.decode()
    assert "13812345678" not in clients.supervisor.get(f"/complaints/{order.pk}/").content.decode()


def test_it_answers_bad_action_input_with_a_message_not_a_500(world, clients):
    order = make_order(world)
    response = clients.ch_a.post(
        f"/complaints/{order.pk}/reply/",
        {"result": "x", "cause": "y", "company_at_fault": "no"},
        follow=True,
    )
    assert response.status_code == 200
    assert any("接单" in str(m) or "Accept" in str(m) for m in response.context["messages"])
    clients.ch_a.post(f"/complaints/{order.pk}/accept/")
    response = clients.ch_a.post(
        f"/complaints/{order.pk}/callback/", {"result": "satisfied"}, follow=True
    )
    assert response.status_code == 200
    past = (timezone.localtime() - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = clients.ch_a.post(
        f"/complaints/{order.pk}/extend/", {"new_due_at": past, "reason": "等"}, follow=True
    )
    assert any("过去" in str(m) or "past" in str(m) for m in response.context["messages"])
    response = clients.ch_a.post(
        f"/complaints/{order.pk}/extend/", {"new_due_at": "not a date", "reason": "等"}, follow=True
    )
    assert response.status_code == 200
    response = clients.ch_a.post(
        f"/complaints/{order.pk}/reply/",
        {"result": "x", "cause": "y", "company_at_fault": "no", "compensation": "-5"},
        follow=True,
    )
    assert response.status_code == 200
    order.refresh_from_db()
    assert order.status == "accepted" and order.replied_at is None
    assert not order.callbacks.exists() and not order.extensions.exists()


def test_it_sorts_the_queue_by_nearest_deadline_and_filters(world, clients):
    later = make_order(world, source=Source.HOTLINE, number="13800000001")
    sooner = make_order(world, source=Source.ONSITE, number="13800000002")
    make_order(world, store=world.store_b, number="13800000003")
    response = clients.ch_a.get("/handler/queue/")
    numbers = [o.number for o in response.context["page"]]
    assert numbers == [sooner.number, later.number]
    response = clients.ch_a.get("/handler/queue/?source=10086")
    assert [o.number for o in response.context["page"]] == [later.number]
    response = clients.ch_a.get("/handler/queue/?overdue=on")
    assert list(response.context["page"]) == []
    assert clients.ch_a.get("/handler/queue/?category=abc&status=zzz").status_code == 200


@pytest.mark.parametrize("rows", [1, 30])
def test_it_keeps_the_queue_and_home_queries_bounded(
    world, clients, rows, django_assert_max_num_queries
):
    for i in range(rows):
        make_order(world, number=f"1390000{i:04d}")
    with django_assert_max_num_queries(14):
        assert clients.ch_a.get("/handler/queue/").status_code == 200
    # Home pages gather panels from every feature: bounded, the same with 1 or 30 orders.
    with django_assert_max_num_queries(30):
        assert clients.ch_a.get("/handler/").status_code == 200
    # The store manager's home carries a panel per feature (leave, roster, staff files,
    # materials, service checks, the day's checklists…): 35 queries warm, a few more on a
    # process's first request (the people rules are created then).
    with django_assert_max_num_queries(41):
        assert clients.sm_a.get("/manager/").status_code == 200
    order = WorkOrder.objects.first()
    with django_assert_max_num_queries(22):
        assert clients.ch_a.get(f"/complaints/{order.pk}/").status_code == 200


def test_it_lists_the_days_complaints_in_the_duty_log(world):
    order = make_order(world)
    make_order(world, store=world.store_b)
    from hallops.businessdate import business_date

    day = business_date(order.received_at, store=world.store_a)
    sections = {s.key: (s, ctx) for s, ctx in duty_log_sections(world.store_a, day, None)}
    section, context = sections["complaints"]
    assert [o.pk for o in context["orders"]] == [order.pk]
    from django.template.loader import render_to_string

    html = render_to_string(section.template, context)
    assert order.number in html and "138****5678" in html


def test_it_shows_the_scenario_playbook_beside_the_order(world, clients):
    from complaints.models import Scenario

    scenario = Scenario.objects.get(code="agitated")
    order = make_order(world, scenario=scenario)
    html = clients.ch_a.get(f"/complaints/{order.pk}/").content.decode()
    assert "情绪激动型客户" in html and "安静区域" in html
    assert Scenario.objects.count() == 21
    assert "投诉" in clients.ch_a.get("/handler/handbook/").content.decode()


def test_it_offers_no_preselected_callback_verdict_and_requires_one(world, clients):
    from complaints import services

    order = make_order(world)
    services.work_order_accept(actor=world.ch_a, order=order)
    services.work_order_contact(actor=world.ch_a, order=order, channel="phone", outcome="reached")
    services.work_order_reply(actor=world.ch_a, order=order, result="x", cause="y",
                              company_at_fault=False)
    html = clients.ch_a.get(f"/complaints/{order.pk}/").content.decode()
    select = html[html.index('id="callback_result"'):]
    assert select.index('<option value=""') < select.index('value="satisfied"')
    response = clients.ch_a.post(f"/complaints/{order.pk}/callback/", {"result": ""},
                                 follow=True)
    assert response.status_code == 200
    order.refresh_from_db()
    assert order.status == "replied" and order.callback_result == ""
    assert not order.callbacks.exists()
