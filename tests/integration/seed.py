"""A bit of every feature in one store, through the services, for the cross-feature tests.

Each store's data carries its `tag` in free text (and its own customer numbers), so a page
can be checked for showing its own store's data and none of another store's."""

import datetime
from types import SimpleNamespace

from django.utils import timezone

from complaints.services import work_order_create
from hallops.businessdate import business_date
from hallops.models import (
    AttendanceRecord,
    DiscrepancyReason,
    KindCode,
    ProductLine,
    ShiftType,
)
from hallops.services import cash as cash_svc
from hallops.services.business import tally_change
from hallops.services.cash_bank import tail_cash_record
from hallops.services.checklists import checklist_item_tick, checklist_run_for_day
from hallops.services.daily_reports import (
    clerk_report_confirm,
    clerk_report_start,
    clerk_report_submit,
    store_day_confirm,
)
from hallops.services.dutylog import duty_log_start
from hallops.services.equipment import fault_open
from hallops.services.handover import handover_create
from hallops.services.incidents import incident_start
from hallops.services.meetings import meeting_record
from hallops.services.opinions import opinion_record
from hallops.services.service_records import service_record_create
from tests import factories
from tests.business.factories import bt, make_report
from tests.cash.helpers import notes
from tests.complaints.helpers import category


def seed_store(store, *, sm, dm, clerk, ch, tag: str, phone: str) -> SimpleNamespace:
    day = business_date(store=store)
    yesterday = day - datetime.timedelta(days=1)
    shift = ShiftType.objects.get(store=store, code="A")
    # Roster and attendance: the clerk clocked in 7 minutes late.
    entries = {u.pk: factories.roster(store, u, day, "A", post)
               for u, post in ((dm, "duty"), (clerk, "counter"), (ch, "consult"))}
    AttendanceRecord.objects.create(
        store=store, user=clerk, business_date=day, roster_entry=entries[clerk.pk],
        clock_in=timezone.now() - datetime.timedelta(hours=1), late_minutes=7,
        late_reason=f"{tag}堵车")
    # The duty manager's day: checklist, fault, incident, customer opinion, the log.
    run = checklist_run_for_day(actor=dm, store=store, kind=KindCode.DAILY)
    checklist_item_tick(actor=dm, run=run, item=run.template.items.order_by("order").first(),
                        status="done")
    fault_open(actor=dm, store=store, description=f"{tag}打印机卡纸")
    incident_start(actor=dm, store=store, kind="power_outage", summary=f"{tag}整栋楼停电")
    opinion_record(actor=dm, store=store, channel="onsite", content=f"{tag}等候时间太长",
                   customer_phone=phone)
    log = duty_log_start(actor=dm, store=store, shift_type=shift, day=day)
    # Business: yesterday's confirmed report and store day, today's meeting, tally, records.
    make_report(store, clerk, yesterday, status="confirmed", counts={"payment": 17})
    store_day_confirm(actor=sm, store=store, day=yesterday)
    broadband = ProductLine.objects.get(code="broadband")
    meeting_record(actor=dm, store=store, day=day, notices=f"{tag}今日通知",
                   targets={(clerk.pk, broadband.pk): 3})
    for _n in range(4):
        tally_change(clerk=clerk, store=store, item=bt("payment"), delta=1)
    tally_change(clerk=clerk, store=store, item=broadband, delta=1)
    service_record_create(clerk=clerk, store=store, kind="retention", customer_phone=phone,
                          customer_level="gold", leaving_reason="price", offer_made=f"{tag}优惠",
                          outcome="retained")
    handover_create(outgoing=clerk, store=store, incoming=dm, open_items=f"{tag}交接事项")
    # Cash: the clerk's till with a 5-yuan shortage, handed in and confirmed; tail cash over.
    session = cash_svc.till_float_issue(actor=dm, store=store, clerk=clerk, amount="200.00")
    report, _created = clerk_report_start(clerk=clerk, store=store, day=day)
    cash_svc.till_expected_set(actor=dm, session=session, amounts={"cash": "1000.00"})
    cash_svc.till_count_record(actor=clerk, session=session,
                               notes=notes(notes_100=11, notes_50=1, notes_20=2, notes_5=1),
                               non_cash={})
    cash_svc.till_differences_explain(actor=clerk, session=session, explanations={
        "cash": {"reason": DiscrepancyReason.objects.get(code="COUNT"), "note": f"{tag}找零多给",
                 "destination": "made_up"}})
    session.refresh_from_db()
    if session.needs_approval:
        cash_svc.till_approve(actor=sm, session=session)
    cash_svc.till_hand_in(actor=clerk, session=session, bag_no=f"{tag}B1", seal_no="S1")
    cash_svc.till_confirm(actor=dm, session=session, received_cash="995.00", received_cheque="0")
    tail_cash_record(actor=dm, store=store, day=day, amount="5000.00")
    clerk_report_submit(actor=clerk, report=report)
    clerk_report_confirm(actor=dm, report=report)
    # Complaints: one against the clerk, received today.
    order = work_order_create(actor=ch, store=store, source="onsite", customer_number=phone,
                              category=category("svc_attitude"), description=f"{tag}态度差",
                              demand="道歉", staff_member=clerk)
    return SimpleNamespace(day=day, log=log, session=session, report=report, order=order,
                           run=run)


def seed_world(world):
    a = seed_store(world.store_a, sm=world.sm_a, dm=world.dm_a, clerk=world.clerk_a,
                   ch=world.ch_a, tag="甲店", phone="13811110001")
    b = seed_store(world.store_b, sm=world.sm_b, dm=world.dm_b, clerk=world.clerk_b,
                   ch=world.ch_b, tag="乙店", phone="13922220002")
    return a, b
