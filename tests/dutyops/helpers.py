"""Builders for the duty manager's day (checklists, faults, incidents, opinions, logs)."""

import datetime

from django.utils import timezone

from hallops.businessdate import business_date
from hallops.models import (
    CustomerOpinion,
    DutyLog,
    Equipment,
    EquipmentFault,
    Incident,
    KindCode,
    ShiftType,
)
from hallops.services.checklists import checklist_run_for_day
from hallops.services.dutylog import duty_log_start
from hallops.services.incidents import incident_start
from hallops.services.opinions import opinion_record


def daily_run(world, store=None, kind=KindCode.DAILY):
    store = store or world.store_a
    return checklist_run_for_day(actor=world.dm_a, store=store, kind=kind)


def first_item(run):
    return run.template.items.order_by("order").first()


def equipment(world, store=None):
    store = store or world.store_a
    return Equipment.objects.get_or_create(
        store=store, name="叫号机", defaults={"kind": "queue", "location": "大堂"}
    )[0]


def fault(world):
    found = EquipmentFault.objects.filter(store=world.store_a).first()
    return found or EquipmentFault.objects.create(
        store=world.store_a, equipment=equipment(world), description="叫号机不出票",
        occurred_at=timezone.now(), created_by=world.dm_a,
    )


def incident(world):
    found = Incident.objects.filter(store=world.store_a).first()
    return found or incident_start(actor=world.dm_a, store=world.store_a,
                                   kind="power_outage", summary="整栋楼停电")


def opinion(world):
    found = CustomerOpinion.objects.filter(store=world.store_a).first()
    return found or opinion_record(actor=world.dm_a, store=world.store_a, channel="onsite",
                                   content="等候时间太长", customer_phone="13812345678")


def dutylog(world, store=None, shift="A", day=None, user=None):
    store = store or world.store_a
    shift_type = ShiftType.objects.get(store=store, code=shift)
    day = day or business_date(store=store)
    found = DutyLog.objects.filter(store=store, shift_type=shift_type, business_date=day).first()
    return found or duty_log_start(actor=user or world.dm_a, store=store, shift_type=shift_type,
                                   day=day)


def filled(log, **extra):
    data = {"tickets_issued": 320, "longest_wait_minutes": 25, "handover": "打印机卡纸已报修",
            "weather": "晴"}
    data.update(extra)
    return data


def submitted_log(world, **kw):
    from hallops.services.dutylog import duty_log_submit

    log = dutylog(world, **kw)
    return duty_log_submit(actor=world.dm_a, log=log, data=filled(log))


def yesterday(store):
    return business_date(store=store) - datetime.timedelta(days=1)

