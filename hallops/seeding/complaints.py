"""Complaint work orders from every source through every state: steps on the timeline,
contact attempts, callbacks, extensions and escalations, SLA deadlines and states as the
clocks and the sweep would have left them, the per-day number counters and notifications.

Old orders are settled (closed, a few cancelled); the younger an order, the likelier it is
still on its way (new, accepted, in progress, replied, called back)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from complaints import sla
from complaints.models import (
    Callback,
    Category,
    ComplaintRules,
    ContactAttempt,
    Escalation,
    Extension,
    OrderCounter,
    OrderEvent,
    WorkOrder,
)
from complaints.models.config import Source
from complaints.services.clocks import MESSAGES, policy_for, working_week
from hallops.businessdate import business_date
from hallops.permissions import Role

from .base import Plan, poisson

H = dt.timedelta(hours=1)
M = dt.timedelta(minutes=1)
# Share of each source among the orders.
SOURCES = [(Source.HOTLINE, 40), (Source.ONSITE, 25), (Source.CITY, 15), (Source.HEAD_OFFICE, 10),
           (Source.APPEAL, 10)]
DESCRIPTIONS = {
    "network": ("小区信号差，通话经常断线", "改善信号覆盖"),
    "billing": ("本月话费比往常多扣 30 元，不清楚原因", "核实并退还多扣费用"),
    "business": ("办理的优惠活动未按约定返还话费", "按约定返还"),
    "service": ("营业员办理业务时态度冷淡", "营业员道歉"),
}
RESULTS = {"network": ("已安排网络优化，室内信号已改善", "基站覆盖不足", False, None),
           "billing": ("已核实为系统配置错误，退还多扣费用", "系统配置错误", True, Decimal("30.00")),
           "business": ("已按活动规则返还话费", "活动配置延迟", True, Decimal("50.00")),
           "service": ("已对营业员进行批评教育并向客户致歉", "服务不到位", True, None)}


class _Clocks:
    """initial_deadlines with the policy, week and rules looked up once, not per order."""

    def __init__(self, store, cache: dict):
        self.week = working_week(store)
        rules = cache.get("complaint_rules") or cache.setdefault("complaint_rules", ComplaintRules.current())
        self.max_open = dt.timedelta(days=rules.max_open_days)
        self.warning = dt.timedelta(minutes=rules.warning_minutes)
        self.policies: dict = cache.setdefault("sla_policies", {})

    def deadlines(self, source, category, subcategory, received) -> dict:
        key = (source, category.pk, subcategory.pk if subcategory else None)
        if key not in self.policies:
            self.policies[key] = policy_for(source=source, category=category, subcategory=subcategory)
        policy = self.policies[key]
        short = self.week if policy.accept_contact_open_hours else None
        reply_week = self.week if policy.reply_open_hours else None
        final = received + self.max_open
        return {
            "accept_due": min(sla.add_working_time(received, dt.timedelta(minutes=policy.accept_minutes), short),
                              final),
            "contact_due": min(sla.add_working_time(received, dt.timedelta(minutes=policy.first_contact_minutes),
                                                    short), final),
            "reply_due": min(sla.add_working_time(received, dt.timedelta(minutes=policy.reply_minutes), reply_week),
                             final),
            "final_due": final,
        }


def _categories() -> list[tuple[Category, Category | None]]:
    """(category, sub-category) pairs: every leaf under its parent."""
    cats = list(Category.objects.filter(is_active=True).select_related("parent"))
    leaves = [(c.parent, c) for c in cats if c.parent_id]
    return leaves or [(c, None) for c in cats]


def _goal(rng, age: dt.timedelta) -> str:
    """How far an order of this age has come."""
    if age < 2 * H:
        return rng.choice(["new", "new", "accepted"])
    if age < 24 * H:
        return rng.choice(["accepted", "in_progress", "in_progress", "replied", "cancelled"])
    if age < 72 * H:
        return rng.choice(["in_progress", "replied", "replied", "called_back", "closed"])
    if age < 10 * 24 * H:
        return rng.choice(["replied", "called_back", "closed", "closed", "closed", "closed"])
    return "cancelled" if rng.random() < 0.03 else "closed"


ORDER = ["new", "accepted", "in_progress", "replied", "called_back", "closed"]


def seed_work_orders(plan: Plan, store, rng) -> None:
    writer = plan.writer
    clocks = _Clocks(store, plan.cache)
    if "categories" not in plan.cache:
        plan.cache["categories"] = _categories()
    categories = plan.cache["categories"]
    handlers = plan.staff(store, Role.COMPLAINT_HANDLER) or plan.staff(store, Role.DUTY_MANAGER)
    manager = plan.manager(store)
    clerks = plan.staff(store, Role.CLERK)
    if not handlers:
        return
    counters = dict(OrderCounter.objects.filter(store=store).values_list("day", "last"))
    have_counter = set(counters)
    weights = [w for _s, w in SOURCES]
    for day in plan.days(store):
        for _n in range(poisson(rng, plan.rates.orders_per_store_day)):
            received = plan.at(day, rng.randint(8, 19), rng.randint(0, 59))
            if received > plan.now:
                continue
            number_day = business_date(received, store=store)
            counters[number_day] = counters.get(number_day, 0) + 1
            number = f"{store.code}-{number_day:%y%m%d}-{counters[number_day]:03d}"
            source = rng.choices([s for s, _w in SOURCES], weights)[0]
            category, subcategory = rng.choice(categories)
            _order(plan, rng, store, clocks, received, number, source, category, subcategory,
                   rng.choice(handlers), manager, clerks)
    for day, last in counters.items():
        if day in have_counter:
            if not writer.dry_run:
                OrderCounter.objects.filter(store=store, day=day).update(last=last)
        else:
            writer.add(OrderCounter, {"store_id": store.pk, "day": day, "last": last})


def _order(plan, rng, store, clocks, received, number, source, category, subcategory, handler, manager,
           clerks) -> None:
    writer, now = plan.writer, plan.now
    goal = _goal(rng, now - received)
    top = category.code if category.code in DESCRIPTIONS else "service"
    description, demand = DESCRIPTIONS.get(top, DESCRIPTIONS["service"])
    deadlines = clocks.deadlines(source, category, subcategory, received)
    phone = f"1{rng.choice('3578')}{rng.randint(100000000, 999999999)}"
    values = {
        "store_id": store.pk, "number": number, "source": source,
        "external_no": "" if source == Source.ONSITE else
        f"{source[:2].upper()}{received:%y%m%d}{store.pk:03d}{number[-3:]}",
        "dispatch_unit": "" if source in (Source.ONSITE, Source.HOTLINE) else "石家庄分公司客服中心",
        "received_at": received, "customer_number": phone, "customer_level": rng.choice(
            ["ordinary", "ordinary", "ordinary", "gotone_vip", "silver"]), "contact_number": phone,
        "category_id": category.pk, "subcategory_id": subcategory.pk if subcategory else None,
        "description": description, "demand": demand,
        "staff_member_id": rng.choice(clerks) if top == "service" and clerks and rng.random() < 0.5 else None,
        "created_by_id": handler, "created_at": received, "status": "new", **deadlines,
        "beyond_channel": "regulator" if source == Source.APPEAL and rng.random() < 0.3 else "",
    }
    pk = writer.next_id(WorkOrder)
    values["id"] = pk
    events = [(received, handler, "created", "")]
    audits = [("work_order.created", handler, received)]
    notes = [(handler, received, "New work order %(number)s to accept.", "info")]
    if goal == "cancelled":
        moment = received + rng.randint(10, 60) * M
        values.update(status=WorkOrder.Status.CANCELLED, cancel_reason="与已录入工单重复", handler_id=handler)
        events.append((moment, handler, "cancelled", "与已录入工单重复"))
        audits.append(("work_order.cancelled", handler, moment))
    else:
        reached = ORDER.index(goal)
        late = rng.random() < 0.1
        moment = received
        if reached >= 1:
            moment = received + rng.randint(5, 90) * M
            values.update(status=WorkOrder.Status.ACCEPTED, handler_id=handler, accepted_at=moment)
            events.append((moment, handler, "accepted", ""))
            audits.append(("work_order.accepted", handler, moment))
        if reached >= 2:
            if rng.random() < 0.25:  # no answer the first time
                moment += rng.randint(10, 60) * M
                writer.add(ContactAttempt, {"order_id": pk, "at": moment, "channel": "phone",
                                            "outcome": "no_answer", "note": "无人接听", "by_id": handler})
            moment += rng.randint(10, 120) * M
            writer.add(ContactAttempt, {"order_id": pk, "at": moment, "channel": rng.choice(["phone", "sms"]),
                                        "outcome": "reached", "note": "已向客户说明处理流程", "by_id": handler})
            values.update(status=WorkOrder.Status.IN_PROGRESS, first_contact_at=moment)
            events.append((moment, handler, "contact", "已向客户说明处理流程"))
            audits.append(("work_order.contacted", handler, moment))
        if reached >= 2 and rng.random() < 0.03:
            asked = moment + 2 * H
            values["reply_due"] = min(values["reply_due"] + 48 * H, values["final_due"])
            writer.add(Extension, {"order_id": pk, "store_id": store.pk, "requested_by_id": handler,
                                   "requested_at": asked, "new_due_at": values["reply_due"],
                                   "reason": "需市公司核实话单", "status": "approved", "decided_by_id": manager,
                                   "decided_at": asked + H, "decision_note": "同意"})
            events += [(asked, handler, "ext_requested", ""), (asked + H, manager, "ext_decided", "同意")]
            audits += [("extension.requested", handler, asked),
                       ("extension.decided", manager, asked + H)]
        if reached >= 2 and source == Source.APPEAL and rng.random() < 0.3 and manager is not None:
            raised = moment + H
            settled = reached >= 3
            writer.add(Escalation, {"order_id": pk, "store_id": store.pk, "raised_by_id": handler,
                                    "raised_at": raised, "reason": "客户要求补偿超出本厅权限",
                                    "status": "resolved" if settled else "open",
                                    "resolved_by_id": manager if settled else None,
                                    "resolved_at": raised + 3 * H if settled else None,
                                    "resolution": "厅经理与客户沟通，同意补偿" if settled else ""})
            values["is_difficult"] = True
            events.append((raised, handler, "escalated", "客户要求补偿超出本厅权限"))
            audits.append(("escalation.raised", handler, raised))
            notes.append((manager, raised, "Work order %(number)s has been escalated to you: %(reason)s", "warning"))
        if reached == 2 and rng.random() < 0.15 and moment + H < now:
            # Waiting for the customer: the clocks stand still until they answer.
            values.update(paused_at=moment + H, pause_reason="等待客户提供缴费凭证照片")
            events.append((moment + H, handler, "paused", "等待客户提供缴费凭证照片"))
            audits.append(("work_order.paused", handler, moment + H))
        if reached >= 3:
            result, cause, fault, compensation = RESULTS.get(top, RESULTS["service"])
            replied = (values["reply_due"] + rng.randint(1, 20) * H if late
                       else min(values["reply_due"], received + rng.randint(4, 40) * H))
            replied = max(replied, moment + 30 * M)
            if replied > now:
                replied = now - 5 * M
            values.update(status=WorkOrder.Status.REPLIED, replied_at=replied,
                          replied_on_time=replied <= values["reply_due"], reply_result=result, cause=cause,
                          company_at_fault=fault, compensation=compensation,
                          # The seeded callback policies: 24 h after the reply (12 h appeals).
                          callback_due=replied + (12 if source == Source.APPEAL else 24) * H)
            events.append((replied, handler, "replied", result))
            audits.append(("work_order.replied", handler, replied))
            moment = replied
        if reached >= 4:
            moment = min(moment + rng.randint(4, 30) * H, now - 3 * M)
            verdict = rng.choices(["satisfied", "basic", "unsatisfied"], [80, 15, 5])[0]
            writer.add(Callback, {"order_id": pk, "at": moment, "result": verdict, "note": "客户认可处理结果",
                                  "by_id": handler})
            values.update(status=WorkOrder.Status.CALLED_BACK, callback_at=moment, callback_result=verdict,
                          callback_due=None, callback_attempts=1)
            events.append((moment, handler, "callback", ""))
            audits.append(("work_order.called_back", handler, moment))
        if reached >= 5:
            moment = min(moment + rng.randint(1, 4) * H, now - M)
            values.update(status=WorkOrder.Status.CLOSED, closed_at=moment)
            events.append((moment, handler, "closed", ""))
            audits.append(("work_order.closed", handler, moment))
            if manager is not None and rng.random() < 0.3 and moment + 24 * H < now:
                quality = "qualified" if rng.random() < 0.9 else "unqualified"
                values.update(quality=quality, quality_by_id=manager, quality_at=moment + 24 * H,
                              quality_reason="" if quality == "qualified" else "回复内容不完整")
                events.append((moment + 24 * H, manager, "quality", ""))
                audits.append(("work_order.quality_reviewed", manager, moment + 24 * H))
        _sla(values, clocks, now, rng, notes, handler, manager)
    writer.add(WorkOrder, values)
    for at, actor, kind, note in events:
        writer.add(OrderEvent, {"order_id": pk, "at": at, "actor_id": actor, "kind": kind, "note": note})
    for action, actor, at in audits:
        plan.audit(store_id=store.pk, actor_id=actor, action=action, model=WorkOrder, object_id=pk, at=at,
                   repr_=number)
    due = values.get("next_due_at")
    params = {"number": number}
    if due is not None:
        params["due"] = due.astimezone(plan.tz).strftime("%Y-%m-%d %H:%M")
    for recipient, at, message, level in notes:
        if recipient is not None:
            extra = {"reason": "客户要求补偿超出本厅权限"} if "%(reason)s" in message else {}
            plan.notify(recipient_id=recipient, store_id=store.pk, at=at, message_id=message,
                        params={**params, **extra}, level=level, read_after=2 * H)


def _sla(values, clocks, now, rng, notes, handler, manager) -> None:
    """The next deadline (refresh_next_due) and the state the sweep would have set, with its
    key as the sweep writes it (the deadline read back from the database, in UTC), so the
    next sweep does not notify again."""
    status = values["status"]
    if status == "new":
        kind, due = "accept", values["accept_due"]
    elif status in ("accepted", "in_progress"):
        if values.get("first_contact_at") is None and values["contact_due"] < values["reply_due"]:
            kind, due = "contact", values["contact_due"]
        else:
            kind, due = "reply", values["reply_due"]
    elif status in ("replied", "called_back"):
        kind, due = "final", values["final_due"]
    else:
        kind, due = "", None
    values.update(next_due_kind=kind, next_due_at=due)
    late_reply = values.get("replied_on_time") is False
    if due is None or values.get("paused_at"):  # the sweep passes paused orders by
        values["was_overdue"] = late_reply
        return
    state = sla.due_state(now, due, clocks.warning)
    values.update(sla_state=state, was_overdue=late_reply or state == "overdue",
                  sla_state_key=f"{kind}:{state}:{due.astimezone(dt.UTC).isoformat()}"
                  if state != "ok" else "")
    if state != "ok":
        message = MESSAGES[(state, kind)]
        moment = min(now, due if state == "overdue" else due - clocks.warning)
        notes.append((handler, moment, message, "danger" if state == "overdue" else "warning"))
        if state == "overdue":
            notes.append((manager, moment, message, "danger"))
