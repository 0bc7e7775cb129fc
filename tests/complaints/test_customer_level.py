"""One customer level (客户级别) for work orders and the clerks' service records (issue 16)."""

import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation

from complaints.models import WorkOrder
from hallops.models import AuditEntry, CustomerLevel, ServiceRecord
from tests.complaints.helpers import make_order
from tests.complaints.test_views import _intake

pytestmark = pytest.mark.django_db

MIGRATION = "0006_one_customer_level"


def _migration():
    module = importlib.import_module(f"complaints.migrations.{MIGRATION}")
    apps = MigrationExecutor(connection).loader.project_state(("complaints", MIGRATION)).apps
    return module, apps


def test_it_offers_the_same_levels_on_work_orders_and_service_records():
    order_levels = WorkOrder._meta.get_field("customer_level").choices
    record_levels = ServiceRecord._meta.get_field("customer_level").choices
    assert order_levels == record_levels == CustomerLevel.choices


def test_it_takes_a_service_record_level_on_the_intake_form(world, clients):
    response = clients.ch_a.post("/handler/intake/", _intake(customer_level=CustomerLevel.GOLD))
    assert response.status_code == 302
    order = WorkOrder.objects.get()
    assert order.customer_level == CustomerLevel.GOLD
    with translation.override("zh-hans"):
        assert clients.ch_a.get(f"/complaints/{order.pk}/").content.decode().count("金卡") >= 1


def test_it_moves_stored_work_order_levels_to_the_shared_list(world):
    orders = {level: make_order(world, number=f"1381234567{n}")
              for n, level in enumerate(("gotone", "vip", "ordinary", "group"))}
    for level, order in orders.items():
        WorkOrder.objects.filter(pk=order.pk).update(customer_level=level)
    entry = AuditEntry.objects.create(store=world.store_a, action="work_order.created",
                                      object_type="complaints.workorder",
                                      before={"customer_level": "vip"}, after={"customer_level": "gotone"})
    record = AuditEntry.objects.create(store=world.store_a, action="service_record.created",
                                       object_type="hallops.servicerecord", after={"customer_level": "vip"})
    module, apps = _migration()

    module.forward(apps, None)
    stored = {level: WorkOrder.objects.get(pk=o.pk).customer_level for level, o in orders.items()}
    assert stored == {"gotone": CustomerLevel.GOTONE_VIP, "vip": CustomerLevel.SILVER,
                      "ordinary": CustomerLevel.ORDINARY, "group": CustomerLevel.GROUP}
    entry.refresh_from_db(), record.refresh_from_db()
    assert (entry.before, entry.after) == ({"customer_level": "silver"}, {"customer_level": "gotone_vip"})
    assert record.after == {"customer_level": "vip"}  # not a work order: left alone

    WorkOrder.objects.filter(pk=orders["ordinary"].pk).update(customer_level=CustomerLevel.PLATINUM)
    module.backward(apps, None)
    stored = {level: WorkOrder.objects.get(pk=o.pk).customer_level for level, o in orders.items()}
    assert stored == {"gotone": "gotone", "vip": "vip", "ordinary": "vip", "group": "group"}
    entry.refresh_from_db()
    assert (entry.before, entry.after) == ({"customer_level": "vip"}, {"customer_level": "gotone"})
