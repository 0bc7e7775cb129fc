import datetime

from django.urls import reverse

from hallops.models import AuditEntry, Handover, ServiceRecord


def test_it_records_a_retention_attempt_with_the_number_masked(world, clients):
    response = clients.clerk_a.post(reverse("clerk:service_records"), {
        "kind": "retention", "customer_phone": "13812345678", "customer_level": "gold",
        "leaving_reason": "competitor", "offer_made": "赠送20G流量", "outcome": "retained",
    })
    assert response.status_code == 302
    record = ServiceRecord.objects.get()
    assert record.clerk == world.clerk_a and record.store == world.store_a
    page = clients.clerk_a.get(reverse("clerk:service_records")).content.decode()
    assert "138****5678" in page and "13812345678" not in page
    entry = AuditEntry.objects.get(action="service_record.created")
    assert entry.after["customer_phone"] == "138****5678"
    month = f"{record.business_date:%Y-%m}"
    url = reverse("store_manager:service_records") + f"?month={month}"
    page = clients.sm_a.get(url).content.decode()
    assert "138****5678" in page and 'data-testid="sm-service-record"' in page
    page = clients.sm_b.get(url).content.decode()
    assert "138****5678" not in page


def test_it_refuses_incomplete_records_and_bad_numbers(world, clients):
    url = reverse("clerk:service_records")
    for data in (
        {"kind": "retention", "customer_phone": "13812345678"},
        {"kind": "retention", "customer_phone": "12345", "customer_level": "gold",
         "leaving_reason": "price", "offer_made": "x", "outcome": "left"},
        {"kind": "special_care", "notes": "扶老人坐下"},
        {"kind": "competitor", "competitor": "unicom", "competitor_offer": "59元套餐",
         "competitor_price": "-1", "customer_said": "便宜"},
        {"kind": "nonsense"},
    ):
        response = clients.clerk_a.post(url, data)
        assert response.status_code == 200, data
    assert not ServiceRecord.objects.exists()
    clients.clerk_a.post(url, {"kind": "special_care", "care_group": "elderly",
                               "notes": "优先办理"})
    clients.clerk_a.post(url, {"kind": "competitor", "competitor": "telecom",
                               "competitor_offer": "宽带免费", "competitor_price": "49.00",
                               "customer_said": "考虑携号转网"})
    assert ServiceRecord.objects.count() == 2


def test_the_incoming_clerk_acknowledges_a_handover(world, clients):
    from tests import factories

    incoming = factories.make_user("clerk_in", role="clerk", store=world.store_a)
    url = reverse("clerk:handovers")
    response = clients.clerk_a.post(url, {"incoming": incoming.pk,
                                          "open_items": "客户王先生补卡待取",
                                          "invoice_first": 2001, "invoice_last": 2100,
                                          "sim_cards": 12, "value_cards": 0})
    assert response.status_code == 302
    handover = Handover.objects.get()
    assert handover.invoices_count == 100
    # Only the incoming person acknowledges.
    clients.clerk_a.post(reverse("clerk:handover_ack", kwargs={"pk": handover.pk}))
    handover.refresh_from_db()
    assert handover.acknowledged_at is None
    from tests.conftest import login

    incoming_client = login(incoming)
    assert "clerk_a" in incoming_client.get(reverse("clerk:home")).content.decode()
    incoming_client.post(reverse("clerk:handover_ack", kwargs={"pk": handover.pk}),
                         {"note": "已核对"})
    handover.refresh_from_db()
    assert handover.acknowledged_at and handover.acknowledgement_note == "已核对"
    assert AuditEntry.objects.filter(action="handover.acknowledged").exists()


def test_it_refuses_a_bad_handover(world, clients):
    url = reverse("clerk:handovers")
    for data in ({"incoming": world.clerk_a.pk, "open_items": "x"},
                 {"incoming": world.clerk_b.pk, "open_items": "x"},
                 {"incoming": world.dm_a.pk, "invoice_first": 10, "invoice_last": 5},
                 {"incoming": world.dm_a.pk}):
        response = clients.clerk_a.post(url, {"sim_cards": 0, "value_cards": 0, **data})
        assert response.status_code == 200, data
    assert not Handover.objects.exists()
    assert datetime


def test_service_record_lists_run_bounded_queries(world, clients, django_assert_max_num_queries):
    from hallops.services.service_records import service_record_create

    def add(n):
        for _ in range(n):
            service_record_create(clerk=world.clerk_a, store=world.store_a, kind="competitor",
                                  competitor="unicom", competitor_offer="59元", customer_said="贵")

    add(2)
    month = f"{ServiceRecord.objects.first().business_date:%Y-%m}"
    sm_url = reverse("store_manager:service_records") + f"?month={month}"
    with django_assert_max_num_queries(20):
        clients.sm_a.get(sm_url)
    with django_assert_max_num_queries(20):
        clients.clerk_a.get(reverse("clerk:service_records"))
    add(60)
    with django_assert_max_num_queries(20):
        page = clients.sm_a.get(sm_url).content.decode()
    assert page.count('data-testid="sm-service-record"') == 50
    with django_assert_max_num_queries(20):
        clients.clerk_a.get(reverse("clerk:service_records"))
