"""The duty manager's history: checklist runs with ticks, equipment and its faults,
incidents with their playbooks, customer opinions and duty logs."""

from __future__ import annotations

import datetime

from hallops.models import (
    ChecklistItem,
    ChecklistRun,
    ChecklistTemplate,
    ChecklistTick,
    CustomerOpinion,
    DutyLog,
    DutyLogStatus,
    DutySettings,
    Equipment,
    EquipmentFault,
    EquipmentKind,
    FaultStatus,
    Incident,
    IncidentKind,
    OpinionChannel,
    OpinionKind,
    ReadingKind,
)
from hallops.models.checklists import DAILY_KINDS, PLAYBOOK_KINDS, DueKind, KindCode

from .base import ONE_DAY, Plan, poisson

H = datetime.timedelta(hours=1)
M = datetime.timedelta(minutes=1)

EQUIPMENT = [
    ("叫号机", EquipmentKind.QUEUE_MACHINE, "大厅入口", "QM-01"),
    ("自助终端 1 号", EquipmentKind.SELF_SERVICE, "自助区", "SS-01"),
    ("自助终端 2 号", EquipmentKind.SELF_SERVICE, "自助区", "SS-02"),
    ("票据打印机", EquipmentKind.PRINTER, "2 号台席", "PR-02"),
    ("POS 机", EquipmentKind.POS, "1 号台席", "POS-01"),
    ("UPS 电源", EquipmentKind.UPS, "机房", "UPS-01"),
]
FAULTS = {
    EquipmentKind.QUEUE_MACHINE: ["叫号机语音播报无声音", "叫号机取号纸用完后卡纸", "叫号屏显示乱码"],
    EquipmentKind.SELF_SERVICE: ["自助终端触摸屏无响应", "自助终端无法读取身份证", "自助终端缴费后不出凭条"],
    EquipmentKind.PRINTER: ["票据打印机卡纸，无法打印发票", "打印机色带用完", "打印机脱机"],
    EquipmentKind.POS: ["POS 机无法连接银联", "POS 机签购单打印不清"],
    EquipmentKind.UPS: ["UPS 电源告警蜂鸣", "UPS 电池需更换"],
}
PROBLEM_NOTES = ["2 号自助终端触摸屏无响应，已贴暂停使用提示", "叫号机无声音，已改为人工叫号",
                 "空调制冷效果差，室温偏高", "宣传架破损，已撤下"]
OPINIONS = [
    (OpinionChannel.OPINION_BOOK, OpinionKind.OPINION, "周末排队时间太长，希望多开台席",
     "已反馈厅经理，周末高峰增开 1 个台席"),
    (OpinionChannel.ONSITE, OpinionKind.SUGGESTION, "建议在等候区增加手机充电设施", "已申请采购充电桩"),
    (OpinionChannel.HOTLINE, OpinionKind.PRAISE, "表扬营业员耐心帮助老年人设置手机", "已转达营业员并在早班会表扬"),
    (OpinionChannel.OPINION_BOOK, OpinionKind.OPINION, "自助终端经常故障，缴费要排人工队", "已报修并增加引导员"),
    (OpinionChannel.ONLINE, OpinionKind.SUGGESTION, "希望营业时间延长到晚上 8 点", "已向市公司反映"),
    (OpinionChannel.PHONE, OpinionKind.OPINION, "办理宽带后迟迟没有上门安装", "已催装维人员，次日上门"),
]
WEATHER = ["晴", "多云", "阴", "小雨", "大风", "雾霾", "晴转多云"]
HANDOVER = ["尾款已入保险柜；明早宽带促销物料到货", "2 号自助终端待厂家上门；尾款已入保险柜",
            "叫号机已恢复；明日 9 点市公司检查", "今日无遗留事项，尾款已入保险柜"]


def _templates(plan: Plan, store) -> dict:
    """kind → (template, [(item, due time of day or None)]), as `template_for` and
    `ChecklistItem.due_at` decide, with every template and item loaded once per plan."""
    cache = plan.cache
    if "templates" not in cache:
        templates = list(ChecklistTemplate.objects.filter(is_active=True))
        items: dict = {}
        for item in ChecklistItem.objects.filter(template__in=templates).order_by("order", "id"):
            items.setdefault(item.template_id, []).append(item)
        cache["templates"] = (templates, items)
    templates, items = cache["templates"]
    shifts = plan.shifts(store)
    first = shifts[0] if shifts else None
    change = (first.ends_at if first is not None and not first.crosses_midnight
              and first.ends_at < store.closes_at else None)
    out = {}
    for kind in (*DAILY_KINDS, *PLAYBOOK_KINDS):
        candidates = [t for t in templates if t.kind_id == kind and t.store_id in (None, store.pk)]
        template = min(candidates, key=lambda t: t.store_id is None, default=None)
        if template is None:
            continue
        rows = []
        for item in items.get(template.pk, []):
            if item.due_kind == DueKind.AT_TIME and item.due_time:
                due = item.due_time
            elif item.due_kind == DueKind.CLOSE:
                due = store.closes_at
            elif item.due_kind == DueKind.SHIFT_CHANGE:
                due = change
            else:
                due = None
            rows.append((item, due.replace(tzinfo=plan.tz) if due else None))
        out[kind] = (template, rows)
    return out


def _equipment(plan: Plan, store, actor_id) -> list[tuple[int, str]]:
    """The store's equipment (id, kind), created the first time (the first day of history)."""
    have = list(Equipment.objects.filter(store=store).values_list("pk", "kind"))
    if have:
        return have
    out = []
    for name, kind, location, serial in EQUIPMENT:
        pk = plan.writer.add(Equipment, {"store_id": store.pk, "name": name, "kind": kind,
                                         "location": location, "serial": serial, "is_active": True})
        plan.audit(store_id=store.pk, actor_id=actor_id, action="equipment.created", model=Equipment,
                   object_id=pk, at=plan.at(plan.first, 8, 0), repr_=name, after={"name": name})
        out.append((pk, kind))
    return out


def _fault(plan: Plan, rng, store, equipment, actor_id, moment, description) -> int:
    """A fault noticed at `moment`: fixed after a while when old enough, else reported or open."""
    age = plan.now - moment
    values = {"store_id": store.pk, "equipment_id": equipment[0] if equipment else None,
              "description": description, "occurred_at": moment, "created_by_id": actor_id,
              "status": "open"}
    if age > 2 * ONE_DAY or rng.random() < 0.5:
        values.update(status=FaultStatus.REPORTED, reported_at=moment + rng.randint(10, 90) * M,
                      reported_to=rng.choice(["市公司运维", "厂家售后", "物业"]),
                      ticket_no=f"YW-{moment:%y%m%d}-{rng.randint(1000, 9999)}")
        fixed = values["reported_at"] + rng.randint(2, 72) * H
        if fixed < plan.now and (age > 5 * ONE_DAY or rng.random() < 0.5):
            values.update(status=FaultStatus.FIXED, fixed_at=fixed)
    pk = plan.writer.add(EquipmentFault, values)
    plan.audit(store_id=store.pk, actor_id=actor_id, action="fault.opened", model=EquipmentFault,
               object_id=pk, at=moment, repr_=description, after={"status": values["status"]})
    return pk


def _tick_moment(plan, rng, day, kind, n, due, item, late: bool):
    if due is not None:
        due_at = datetime.datetime.combine(day, due)
        if late:
            return due_at + (item.grace_minutes + rng.randint(3, 50)) * M
        return due_at + rng.randint(-15, max(0, item.grace_minutes - 1)) * M
    start = {KindCode.OPENING: (8, 30), KindCode.CLOSING: (18, 0)}.get(kind, (9, 0))
    step = 3 if kind in (KindCode.OPENING, KindCode.CLOSING) else 35
    return plan.at(day, *start) + (n * step + rng.randint(0, 2)) * M


def _run(plan: Plan, rng, store, day, kind, template, items, actor_id, *, incident_id=None,
         started=None, complete=False) -> int:
    rates = plan.rates
    started = started or plan.at(day, 8, rng.randint(0, 15))
    run_id = plan.writer.add(ChecklistRun, {
        "store_id": store.pk, "template_id": template.pk, "kind_id": kind, "business_date": day,
        "incident_id": incident_id, "created_at": started, "created_by_id": actor_id})
    plan.audit(store_id=store.pk, actor_id=actor_id, action="checklist.run_started", model=ChecklistRun,
               object_id=run_id, at=started, after={"kind": kind, "business_date": day})
    for n, (item, due) in enumerate(items):
        if not complete and rng.random() < rates.checklist_missed:
            continue
        late = not complete and due is not None and rng.random() < rates.checklist_late
        moment = started + (2 + 4 * n) * M if incident_id else _tick_moment(plan, rng, day, kind, n, due, item, late)
        problem = not incident_id and rng.random() < rates.checklist_problem
        note = rng.choice(PROBLEM_NOTES) if problem else ("已完成" if item.requires_note else "")
        tick = plan.writer.add(ChecklistTick, {
            "run_id": run_id, "item_id": item.pk, "status": "problem" if problem else "done", "at": moment,
            "by_id": actor_id, "note": note, "reading": _reading(item, rng) if item.requires_reading else "",
            "is_late": late,
            "fault_id": None})
        plan.audit(store_id=store.pk, actor_id=actor_id, action="checklist.item_ticked", model=ChecklistTick,
                   object_id=tick, at=moment)
    return run_id


def seed_checklists_and_faults(plan: Plan, store, rng) -> None:
    """Every day: the opening inspection, the workflow and the closing inspection; a problem
    tick now and then, and faults of the equipment (some fixed, some reported, some open)."""
    templates = _templates(plan, store)
    roster = plan.roster(store)
    days = plan.days(store)
    if not days:
        return
    first_actor = plan.duty_manager(store, days[0], roster)
    equipment = _equipment(plan, store, first_actor)
    for day in days:
        actor = plan.duty_manager(store, day, roster)
        if actor is None:
            continue
        for kind in DAILY_KINDS:
            if kind in templates:
                template, items = templates[kind]
                _run(plan, rng, store, day, kind, template, items, actor)
        for _n in range(poisson(rng, plan.rates.faults_per_store_day)):
            kit = rng.choice(equipment) if equipment else None
            text = rng.choice(FAULTS.get(kit[1], ["设备故障"])) if kit else "设备故障"
            _fault(plan, rng, store, kit, actor, plan.at(day, rng.randint(9, 17), rng.randint(0, 59)), text)


INCIDENTS = {
    IncidentKind.POWER_OUTAGE: ("本楼停电，全厅暂停受理业务", "全厅", "物业、片区督导"),
    IncidentKind.SYSTEM_FAILURE: ("BOSS 系统无法登录，全厅无法受理业务", "全厅 BOSS 系统",
                                  "片区督导、市公司 IT 服务台"),
}


def seed_incidents(plan: Plan, store, rng) -> None:
    """Now and then an emergency: its playbook ticked through, ended, reported."""
    templates = _templates(plan, store)
    roster = plan.roster(store)
    for day in plan.days(store):
        if rng.random() >= plan.rates.incidents_per_store_day:
            continue
        actor = plan.duty_manager(store, day, roster)
        if actor is None:
            continue
        kind = rng.choice(list(INCIDENTS))
        summary, scope, notified = INCIDENTS[kind]
        started = plan.at(day, rng.randint(9, 16), rng.randint(0, 59))
        ended = started + rng.randint(15, 150) * M
        reported = ended + rng.randint(1, 5) * H
        pk = plan.writer.add(Incident, {
            "store_id": store.pk, "kind": kind, "business_date": day, "started_at": started,
            "started_by_id": actor, "summary": summary, "scope": scope,
            "customers_affected": rng.randint(3, 60), "paper_forms": rng.randint(0, 12), "notified": notified,
            "ended_at": ended, "reported_at": reported,
            "report": f"{started:%H:%M} {summary}，启动应急措施；{ended:%H:%M} 恢复，完成补录并核对现金与系统数据。"})
        if kind in templates:
            template, items = templates[kind]
            _run(plan, rng, store, day, kind, template, items, actor, incident_id=pk, started=started,
                 complete=True)
        for action, moment in (("incident.started", started), ("incident.ended", ended),
                               ("incident.reported", reported)):
            plan.audit(store_id=store.pk, actor_id=actor, action=action, model=Incident, object_id=pk,
                       at=moment, repr_=summary)


def seed_opinions(plan: Plan, store, rng) -> None:
    """Opinions, suggestions and praise: most replied within the deadline, some late, the
    latest ones still open."""
    hours = DutySettings.for_store(store).opinion_reply_hours
    roster = plan.roster(store)
    for day in plan.days(store):
        actor = plan.duty_manager(store, day, roster)
        for _n in range(poisson(rng, plan.rates.opinions_per_store_day)):
            channel, kind, content, reply = rng.choice(OPINIONS)
            received = plan.at(day, rng.randint(9, 17), rng.randint(0, 59))
            due = received + hours * H
            late = rng.random() < plan.rates.opinion_replied_late
            replied = received + (rng.randint(hours + 1, hours * 3) if late else rng.randint(1, hours - 2)) * H
            if replied > plan.now:
                replied = None
            pk = plan.writer.add(CustomerOpinion, {
                "store_id": store.pk, "business_date": day, "channel": channel, "kind": kind,
                "content": content, "customer_name": rng.choice(["王先生", "李女士", "张先生", "客户", ""]),
                "customer_phone": f"13{rng.randint(500000000, 999999999)}" if rng.random() < 0.7 else "",
                "received_at": received, "reply_due_at": due, "recorded_by_id": actor,
                "reply": reply if replied else "", "replied_at": replied,
                "replied_by_id": actor if replied else None})
            plan.audit(store_id=store.pk, actor_id=actor, action="opinion.recorded", model=CustomerOpinion,
                       object_id=pk, at=received, repr_=content)
            if replied:
                plan.audit(store_id=store.pk, actor_id=actor, action="opinion.replied", model=CustomerOpinion,
                           object_id=pk, at=replied, repr_=content)


def seed_duty_logs(plan: Plan, store, rng) -> None:
    """A log per day: countersigned by the store manager the next morning; the latest ones
    submitted and waiting; some returned for correction first (a few still returned); some
    submitted after the next-morning deadline."""
    shifts = plan.shifts(store)
    if not shifts:
        return
    shift = shifts[0]
    roster = plan.roster(store)
    manager = plan.manager(store)
    deadline = DutySettings.for_store(store).log_due_next_morning
    for day in plan.days(store):
        author = plan.duty_manager(store, day, roster)
        if author is None:
            continue
        due = datetime.datetime.combine(day + ONE_DAY, deadline, tzinfo=plan.tz)
        started = plan.at(day, 17, rng.randint(20, 50))
        late = rng.random() < plan.rates.duty_log_late
        submitted = due + rng.randint(20, 240) * M if late else plan.at(day, 18, rng.randint(5, 55))
        review = max(submitted, due) + rng.randint(30, 300) * M
        returned = manager is not None and rng.random() < plan.rates.duty_log_returned
        resubmitted, signed = review + rng.randint(1, 4) * H, review + rng.randint(5, 9) * H
        label = f"{day} {shift.code} {store.name}"
        values = {
            "store_id": store.pk, "business_date": day, "shift_type_id": shift.pk, "duty_manager_id": author,
            "weather": rng.choice(WEATHER), "tickets_issued": rng.randint(120, 420),
            "longest_wait_minutes": rng.randint(5, 45), "peak_time": rng.choice(["10:00–11:30", "14:30–16:00"]),
            "notable_customers": rng.choice(["", "接待全球通 VIP 客户 1 位", "协助 1 位老年客户办理补卡"]),
            "notices": rng.choice(["", "市公司通知：本月重点推广 5G 套餐升级和家庭宽带"]),
            "handover": rng.choice(HANDOVER), "remarks": "", "created_at": started,
        }
        events = [("duty_log.started", author, started, "")]
        if submitted > plan.now:
            values.update(status=DutyLogStatus.DRAFT, updated_at=started)
        elif manager is None or review > plan.now:
            values.update(status=DutyLogStatus.SUBMITTED, submitted_at=submitted, updated_at=submitted)
            events.append(("duty_log.submitted", author, submitted, ""))
        else:
            reason = "客流数据与叫号系统不符，请核对"
            events.append(("duty_log.submitted", author, submitted, ""))
            if returned:
                events.append(("duty_log.returned", manager, review, reason))
                values.update(returned_reason=reason)
            if returned and resubmitted > plan.now:
                values.update(status=DutyLogStatus.RETURNED, submitted_at=submitted, reviewed_by_id=manager,
                              reviewed_at=review, updated_at=review)
            elif returned and signed > plan.now:
                values.update(status=DutyLogStatus.SUBMITTED, submitted_at=resubmitted, updated_at=resubmitted)
                events.append(("duty_log.submitted", author, resubmitted, ""))
            else:
                final = signed if returned else review
                if returned:
                    events.append(("duty_log.submitted", author, resubmitted, ""))
                values.update(status=DutyLogStatus.COUNTERSIGNED, submitted_at=resubmitted if returned else submitted,
                              reviewed_by_id=manager, reviewed_at=final, review_comment="已阅", updated_at=final)
                events.append(("duty_log.countersigned", manager, final, ""))
        pk = plan.writer.add(DutyLog, values)
        for action, actor, moment, reason in events:
            plan.audit(store_id=store.pk, actor_id=actor, action=action, model=DutyLog, object_id=pk,
                       at=moment, repr_=label, reason=reason, after={"status": action.split(".")[1]})
            if action == "duty_log.returned":
                plan.notify(recipient_id=author, store_id=store.pk, at=moment,
                            message_id="Your duty log %(log)s was returned for correction: %(reason)s",
                            params={"log": label, "reason": reason}, read_after=2 * H)
            elif action == "duty_log.submitted" and manager is not None:
                plan.notify(recipient_id=manager, store_id=store.pk, at=moment,
                            message_id="Duty log %(log)s was submitted for your countersignature.",
                            params={"log": label}, read_after=12 * H)


def _reading(item, rng) -> str:
    """A reading such as the tick form accepts for the item's kind (checklist_readings)."""
    if item.reading_kind == ReadingKind.DESK_FLOAT:
        return f"{rng.randint(150, 300)}.00"
    if item.reading_kind == ReadingKind.AMOUNT:
        return f"{rng.randint(500, 9000)}.00"
    if item.reading_kind == ReadingKind.NUMBER:
        low = int(item.reading_min) if item.reading_min is not None else 18
        high = int(item.reading_max) if item.reading_max is not None else max(low, 28)
        return str(rng.randint(low, max(low, min(high, low + 10))))
    return f"IT-{rng.randint(1000, 9999)}"
