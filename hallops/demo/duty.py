"""Demo data of the duty manager's day: checklists and inspections, equipment faults, an
incident, customer opinions and duty logs."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from hallops.models import (
    ChecklistRun,
    DutyLog,
    FaultStatus,
    IncidentKind,
    KindCode,
    OpinionChannel,
    OpinionKind,
    TickStatus,
)
from hallops.permissions import Role
from hallops.registry import register_demo_step
from hallops.seeding.duty import EQUIPMENT
from hallops.services.checklists import checklist_item_tick, checklist_run_for_day
from hallops.services.dutylog import duty_log_countersign, duty_log_save, duty_log_start, duty_log_submit
from hallops.services.equipment import equipment_create, fault_open, fault_update
from hallops.services.incidents import incident_end, incident_report, incident_start, incident_update
from hallops.services.opinions import opinion_record, opinion_reply

from . import at, clock, demo_stores, duty_manager_on, first, not_after, past_days, today_of

READINGS = {"daily-08": "280", "opening-03": "24℃", "closing-02": "2,860 元",
            "system_failure-02": "IT 服务台工单 IT-{n}"}
NOTES = {"daily-03": "昨日回顾、今日宽带促销要点、台席分工", "daily-06": "10:30 巡场，排队 6 人，开足 4 个台席",
         "daily-09": "15:40 巡场，接待 VIP 客户 1 位", "power_outage-01": "本楼停电，已联系物业",
         "power_outage-05": "已报片区督导", "system_failure-01": "全厅 BOSS 系统无法登录"}


def _tick(run, item, actor, moment, *, status=TickStatus.DONE, note="", open_fault=False,
          equipment=None, n=0):
    with clock(moment):
        return checklist_item_tick(
            actor=actor, run=run, item=item, status=status,
            note=note or NOTES.get(item.code, ""), reading=READINGS.get(item.code, "").format(n=n),
            open_fault=open_fault, equipment=equipment,
        )


def _item_moment(item, day, store, rng) -> datetime.datetime:
    due = item.due_at(day, store)
    if due is None:
        return at(day, 12, 0)
    return due + datetime.timedelta(minutes=rng.randint(-10, 8))


def _complete_day(store, day, actor, rng) -> None:
    """A past day: the workflow and both inspections ticked off, on time."""
    for kind in (KindCode.OPENING, KindCode.DAILY, KindCode.CLOSING):
        with clock(at(day, 8, 10)):
            run = checklist_run_for_day(actor=actor, store=store, kind=kind, day=day)
        for item in run.template.items.all():
            _tick(run, item, actor, _item_moment(item, day, store, rng))


def _today(store, day, actor, equipment, rng) -> None:
    """Today: the opening inspection found a broken self-service terminal; the workflow is
    ticked up to now, one item late, the latest one still open."""
    now = timezone.now()
    with clock(not_after(at(day, 8, 10), now)):
        opening = checklist_run_for_day(actor=actor, store=store, kind=KindCode.OPENING, day=day)
        daily = checklist_run_for_day(actor=actor, store=store, kind=KindCode.DAILY, day=day)
    for n, item in enumerate(opening.template.items.all()):
        moment = at(day, 8, 35) + datetime.timedelta(minutes=2 * n)
        if moment >= now:
            break
        if item.code == "opening-05":
            _tick(opening, item, actor, moment, status=TickStatus.PROBLEM,
                  note="2 号自助终端触摸屏无响应，已贴暂停使用提示", open_fault=True,
                  equipment=equipment["SS-02"])
        else:
            _tick(opening, item, actor, moment)
    items = [i for i in daily.template.items.all()
             if i.due_at(day, store) and i.due_at(day, store) + datetime.timedelta(minutes=5) < now]
    for item in items[:-1]:  # the latest item that fell due is still open
        due = item.due_at(day, store)
        if item.code == "daily-02":
            late = due + datetime.timedelta(minutes=item.grace_minutes + 12)
            moment = late if late < now else due
        else:
            moment = due + datetime.timedelta(minutes=rng.randint(-8, 5))
        _tick(daily, item, actor, not_after(moment, now))


def _faults(store, day, actor, equipment) -> None:
    """Three days ago the printer jammed: reported, then fixed; the queue machine's
    voice prompt broke yesterday and waits for the supplier."""
    with clock(at(day - datetime.timedelta(days=3), 10, 5)):
        fault = fault_open(actor=actor, store=store, equipment=equipment["PR-02"],
                           description="票据打印机卡纸，无法打印发票")
    with clock(at(day - datetime.timedelta(days=3), 10, 20)):
        fault_update(actor=actor, fault=fault, status=FaultStatus.REPORTED,
                     reported_to="市公司运维", ticket_no="YW-2026-0311")
    with clock(at(day - datetime.timedelta(days=2), 15, 0)):
        fault_update(actor=actor, fault=fault, status=FaultStatus.FIXED)
    with clock(at(day - datetime.timedelta(days=1), 9, 40)):
        fault_open(actor=actor, store=store, equipment=equipment["QM-01"],
                   description="叫号机语音播报无声音", reported_to="厂家售后", ticket_no="SH-88213")


def _incident(store, day, actor) -> None:
    """Two days ago the BOSS system was down for 45 minutes: playbook, end, report."""
    past = day - datetime.timedelta(days=2)
    with clock(at(past, 10, 20)):
        incident = incident_start(actor=actor, store=store, kind=IncidentKind.SYSTEM_FAILURE,
                                  summary="BOSS 系统无法登录，全厅无法受理业务")
    run = incident.playbook_run
    if run is not None:
        for n, item in enumerate(run.template.items.all()):
            _tick(run, item, actor, at(past, 10, 22 + 4 * n), n=4000 + store.pk)
    with clock(at(past, 10, 50)):
        incident_update(actor=actor, incident=incident, scope="全厅 BOSS 系统", customers_affected=23,
                        paper_forms=6, notified="片区督导、市公司 IT 服务台")
    with clock(at(past, 11, 5)):
        incident_end(actor=actor, incident=incident)
    with clock(at(past, 16, 30)):
        incident_report(actor=actor, incident=incident, report=(
            "10:20 全厅 BOSS 系统无法登录，10:22 启动系统故障应急措施，向 IT 服务台报障。"
            "期间使用纸质受理单 6 份，引导 23 位客户等候或使用 APP 办理。11:05 系统恢复，"
            "11:40 完成补录并核对现金与系统数据。原因：市公司认证服务器故障。"))


def _opinions(store, day, actor, rng) -> None:
    now = timezone.now()
    samples = [
        (4, 11, OpinionChannel.OPINION_BOOK, OpinionKind.OPINION, "周末排队时间太长，希望多开台席",
         "已反馈厅经理，周末高峰增开 1 个台席"),
        (3, 15, OpinionChannel.ONSITE, OpinionKind.SUGGESTION, "建议在等候区增加手机充电设施",
         "已申请采购充电桩，预计下月安装"),
        (2, 10, OpinionChannel.HOTLINE, OpinionKind.PRAISE, "表扬营业员耐心帮助老年人设置手机",
         "已转达营业员并在早班会表扬"),
    ]
    for back, hour, channel, kind, content, reply in samples:
        moment = at(day - datetime.timedelta(days=back), hour, rng.randint(0, 50))
        with clock(moment):
            opinion = opinion_record(actor=actor, store=store, channel=channel, kind=kind,
                                     content=content, customer_name="客户",
                                     customer_phone=f"139{rng.randint(10000000, 99999999)}")
        with clock(moment + datetime.timedelta(hours=rng.randint(2, 6))):
            opinion_reply(actor=actor, opinion=opinion, reply=reply)
    # Received more than a day ago and not answered yet: overdue.
    with clock(now - datetime.timedelta(hours=30)):
        opinion_record(actor=actor, store=store, channel=OpinionChannel.OPINION_BOOK,
                       kind=OpinionKind.OPINION, content="自助终端经常故障，缴费要排人工队",
                       customer_name="李先生", customer_phone=f"138{rng.randint(10000000, 99999999)}")
    with clock(now - datetime.timedelta(minutes=50)):
        opinion_record(actor=actor, store=store, channel=OpinionChannel.ONSITE,
                       kind=OpinionKind.SUGGESTION, content="希望营业时间延长到晚上 8 点")


LOG_CONTENT = {
    "weather": "晴",
    "peak_time": "10:00–11:30",
    "notable_customers": "接待全球通 VIP 客户 1 位；协助 1 位老年客户办理补卡",
    "notices": "市公司通知：本月重点推广 5G 套餐升级和家庭宽带",
    "remarks": "",
}


def _duty_logs(store, days, manager) -> None:
    """A log per past day: yesterday's submitted and waiting for the store manager's
    countersignature, older ones countersigned; today's is a draft."""
    shift = store.shift_types.filter(is_active=True).order_by("starts_at").first()
    if shift is None:
        return
    today = today_of(store)
    now = timezone.now()
    for day in days:
        author = duty_manager_on(store, day)
        if author is None:
            return
        with clock(at(day, 17, 45)):
            log = duty_log_start(actor=author, store=store, shift_type=shift, day=day)
            duty_log_save(actor=author, log=log, data={
                **LOG_CONTENT, "tickets_issued": 180 + day.day * 3, "longest_wait_minutes": 12 + day.day % 9,
                "handover": "2 号自助终端待厂家上门；尾款已入保险柜；明早 9 点宽带促销物料到货",
            })
        submitted = at(day, 18, 20)
        with clock(not_after(submitted, now)):
            duty_log_submit(actor=author, log=log)
        if manager is not None and day < today - datetime.timedelta(days=1):
            with clock(at(day + datetime.timedelta(days=1), 10, 15)):
                duty_log_countersign(actor=manager, log=log, comment="已阅")
    author = duty_manager_on(store, today)
    if author is not None:
        with clock(not_after(at(today, 8, 20), now)):
            log = duty_log_start(actor=author, store=store, shift_type=shift, day=today)
            duty_log_save(actor=author, log=log, data={"weather": "多云", "notices": LOG_CONTENT["notices"]})


@register_demo_step(order=20)
def duty_demo(*, stores, days, rng, stdout) -> None:
    for store in demo_stores(stores):
        if ChecklistRun.objects.filter(store=store).exists() or DutyLog.objects.filter(store=store).exists():
            continue
        today = today_of(store)
        actor = duty_manager_on(store, today)
        if actor is None:
            continue
        with transaction.atomic():
            equipment = {}
            for name, kind, location, serial in EQUIPMENT:
                equipment[serial] = equipment_create(actor=actor, store=store, name=name, kind=kind,
                                                     location=location, serial=serial)
            for day in past_days(store, min(days, 2)):
                _complete_day(store, day, duty_manager_on(store, day) or actor, rng)
            _today(store, today, actor, equipment, rng)
            _faults(store, today, actor, equipment)
            _incident(store, today, actor)
            _opinions(store, today, actor, rng)
            _duty_logs(store, past_days(store, days), first(store, Role.STORE_MANAGER))
    stdout.write("Demo: checklists, faults, incident, opinions and duty logs.")
