import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from hallops.exceptions import DomainError
from hallops.models import (
    AuditEntry,
    ChecklistRun,
    CustomerOpinion,
    DutySettings,
    Equipment,
    EquipmentFault,
    Incident,
)
from hallops.services.checklists import checklist_item_tick
from hallops.services.equipment import fault_update
from tests.dutyops import helpers as h


def test_it_moves_a_fault_from_open_to_reported_to_fixed(world, clients):
    fault = h.fault(world)
    url = reverse("duty_manager:fault_update", args=[fault.pk])
    clients.dm_a.post(url, {"status": "reported"})
    fault.refresh_from_db()
    assert fault.status == "open"  # reported needs whom it was reported to
    clients.dm_a.post(url, {"status": "reported", "reported_to": "运维热线", "ticket_no": "IT-889"})
    fault.refresh_from_db()
    assert (fault.status, fault.ticket_no) == ("reported", "IT-889")
    clients.sm_a.post(url, {"status": "fixed"})
    fault.refresh_from_db()
    assert fault.status == "fixed" and fault.fixed_at is not None
    with pytest.raises(DomainError, match="该故障已修复"):
        fault_update(actor=world.dm_a, fault=fault, status="fixed")
    assert AuditEntry.objects.filter(action__startswith="fault.").count() == 2


def test_it_lists_open_faults_for_the_store_manager_until_fixed(world, clients):
    fault = h.fault(world)
    page = clients.sm_a.get(reverse("store_manager:followups")).content.decode()
    assert "叫号机不出票" in page
    fault_update(actor=world.dm_a, fault=fault, status="fixed")
    page = clients.sm_a.get(reverse("store_manager:followups")).content.decode()
    assert "叫号机不出票" not in page


def test_it_registers_equipment_and_rejects_a_duplicate_serial(world, clients):
    url = reverse("duty_manager:equipment")
    data = {"name": "1号打印机", "kind": "printer", "location": "1号台", "serial": "SN1"}
    assert clients.dm_a.post(url, data).status_code == 302
    response = clients.dm_a.post(url, data)
    assert response.status_code == 200
    assert Equipment.objects.filter(serial="SN1").count() == 1
    assert clients.dm_a.post(url, {"name": "", "kind": "nope"}).status_code == 200


def test_it_refuses_a_fault_for_another_stores_equipment(world, clients):
    other = h.equipment(world, store=world.store_b)
    response = clients.dm_a.post(reverse("duty_manager:faults"),
                                 {"equipment": other.pk, "description": "坏了"})
    assert response.status_code == 200
    assert not EquipmentFault.objects.exists()


def test_it_runs_an_incident_through_its_playbook(world, clients):
    response = clients.dm_a.post(reverse("duty_manager:incidents"),
                                 {"kind": "system_failure", "summary": "BOSS系统无法登录"})
    incident = Incident.objects.get()
    assert response.status_code == 302
    run = ChecklistRun.objects.get(incident=incident)
    assert run.kind_id == "system_failure"
    step = run.template.items.order_by("order").first()
    checklist_item_tick(actor=world.dm_a, run=run, item=step, status="done", note="全厅")
    url = reverse("duty_manager:incident", args=[incident.pk])
    clients.dm_a.post(url, {"scope": "全厅", "customers_affected": 12, "paper_forms": 5,
                            "notified": "厅经理、运维"})
    assert clients.dm_a.post(url, {"customers_affected": -1}).status_code == 200
    incident.refresh_from_db()
    assert (incident.customers_affected, incident.paper_forms) == (12, 5)
    report_url = reverse("duty_manager:incident_report", args=[incident.pk])
    clients.dm_a.post(report_url, {"report": "too early"})
    incident.refresh_from_db()
    assert incident.report == ""
    clients.dm_a.post(reverse("duty_manager:incident_end", args=[incident.pk]))
    clients.dm_a.post(report_url, {"report": "10:05恢复，补录5笔"})
    incident.refresh_from_db()
    assert incident.ended_at and incident.reported_at and "补录" in incident.report
    page = clients.dm_a.get(url).content.decode()
    assert "补录5笔" in page
    log = h.dutylog(world)
    log_page = clients.dm_a.get(reverse("duty_manager:dutylog", args=[log.pk])).content.decode()
    assert "BOSS系统无法登录" in log_page


def test_it_records_an_opinion_with_a_masked_phone_and_a_due_time(world, clients):
    DutySettings.objects.create(store=world.store_a, opinion_reply_hours=12)
    url = reverse("duty_manager:opinions")
    response = clients.dm_a.post(url, {"channel": "book", "kind": "suggestion",
                                       "content": "建议增加座椅", "customer_phone": "13912345678"})
    assert response.status_code == 302
    opinion = CustomerOpinion.objects.get()
    assert opinion.reply_due_at - opinion.received_at == datetime.timedelta(hours=12)
    page = clients.dm_a.get(url).content.decode()
    assert "139****5678" in page and "13912345678" not in page
    bad = clients.dm_a.post(url, {"channel": "book", "kind": "opinion", "content": "x",
                                  "customer_phone": "12345"})
    assert bad.status_code == 200 and CustomerOpinion.objects.count() == 1


def test_it_flags_overdue_opinions_and_records_the_reply(world, clients):
    opinion = h.opinion(world)
    CustomerOpinion.objects.filter(pk=opinion.pk).update(
        received_at=timezone.now() - datetime.timedelta(hours=30),
        reply_due_at=timezone.now() - datetime.timedelta(hours=6),
    )
    assert 'data-testid="opinion-overdue"' in clients.dm_a.get(
        reverse("duty_manager:opinions")).content.decode()
    assert "等候时间太长" in clients.sm_a.get(reverse("store_manager:followups")).content.decode()
    assert "等候时间太长" in clients.sm_a.get(reverse("store_manager:home")).content.decode()
    url = reverse("duty_manager:opinion_reply", args=[opinion.pk])
    clients.dm_a.post(url, {"reply": ""})
    opinion.refresh_from_db()
    assert opinion.replied_at is None
    clients.dm_a.post(url, {"reply": "已致电解释并致歉"})
    opinion.refresh_from_db()
    assert opinion.replied_by == world.dm_a and opinion.reply == "已致电解释并致歉"
    followups = clients.sm_a.get(reverse("store_manager:followups")).content.decode()
    assert "等候时间太长" not in followups
