"""Complaints name the member of staff complained about (issue 5 × issue 6): set at intake or
on the order page by the handler, validated against the store, counted in the KPI table."""

import pytest
from django.urls import reverse
from django.utils import timezone

from complaints.models import OrderEvent, WorkOrder
from complaints.services import work_order_cancel
from hallops.exceptions import DomainError
from hallops.models import AuditEntry
from hallops.selectors import kpi as kpi_selectors
from tests.complaints.helpers import category, make_order


def _kpi(world):
    today = timezone.localdate()
    return {r.clerk.username: r for r in kpi_selectors.kpi_month(world.store_a, today.year,
                                                                 today.month)}


def test_the_kpi_table_counts_complaints_against_each_clerk(world, clients):
    make_order(world, staff_member=world.clerk_a)
    make_order(world, staff_member=world.clerk_a, number="13900000001")
    cancelled = make_order(world, staff_member=world.clerk_a, number="13900000002")
    work_order_cancel(actor=world.ch_a, order=cancelled, reason="误录")
    make_order(world, number="13900000003")  # names nobody
    make_order(world, store=world.store_b, staff_member=world.clerk_b)  # another store
    rows = _kpi(world)
    assert rows["clerk_a"].complaints == 2
    html = clients.sm_a.get(reverse("store_manager:kpi")).content.decode()
    assert 'data-testid="kpi-complaints-clerk_a">2<' in html


def test_it_refuses_a_person_of_another_store(world):
    with pytest.raises(DomainError, match="不是本厅员工") as refused:
        make_order(world, staff_member=world.clerk_b)
    assert refused.value.field == "staff_member"
    assert not WorkOrder.objects.exists()


def test_the_handler_names_the_staff_member_at_intake(world, clients):
    response = clients.ch_a.post(reverse("complaint_handler:intake"), {
        "source": "onsite", "customer_number": "13812345678",
        "category": category("svc_attitude").pk, "description": "态度差", "demand": "道歉",
        "customer_level": "ordinary", "staff_member": world.clerk_a.pk,
    })
    assert response.status_code == 302
    assert WorkOrder.objects.get().staff_member == world.clerk_a
    # Someone of another store is not offered and is refused, nothing saved.
    response = clients.ch_a.post(reverse("complaint_handler:intake"), {
        "source": "onsite", "customer_number": "13812345679",
        "category": category("svc_attitude").pk, "description": "态度差", "demand": "道歉",
        "customer_level": "ordinary", "staff_member": world.clerk_b.pk,
    })
    assert response.status_code == 200 and WorkOrder.objects.count() == 1


def test_the_handler_sets_and_clears_it_on_the_order_page(world, clients):
    order = make_order(world)
    url = reverse("complaints:staff", kwargs={"pk": order.pk})
    page = clients.ch_a.get(reverse("complaints:order", kwargs={"pk": order.pk})).content.decode()
    assert 'data-testid="staff-form"' in page
    clients.ch_a.post(url, {"staff_member": world.clerk_a.pk, "note": "客户指认"})
    order.refresh_from_db()
    assert order.staff_member == world.clerk_a
    assert OrderEvent.objects.filter(order=order, kind="staff").exists()
    assert AuditEntry.objects.filter(action="work_order.staff_member_set").count() == 1

    response = clients.ch_a.post(url, {"staff_member": world.clerk_b.pk}, follow=True)
    order.refresh_from_db()
    assert order.staff_member == world.clerk_a
    assert response.status_code == 200 and list(response.context["messages"])

    clients.ch_a.post(url, {"staff_member": ""})
    order.refresh_from_db()
    assert order.staff_member is None
    # Other roles cannot change it; another store's handler gets 404.
    assert clients.sm_a.post(url, {"staff_member": world.clerk_a.pk}).status_code == 403
    assert clients.ch_b.post(url, {"staff_member": world.clerk_b.pk}).status_code == 404
