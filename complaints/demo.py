"""Demo work orders for seed_demo: every state of the lifecycle, two overdue, one escalated
to the store manager, closed ones with their callbacks."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from complaints.models import Category, ContactAttempt, Source, WorkOrder
from complaints.services.clocks import sla_sweep
from complaints.services.intake import work_order_create
from complaints.services.lifecycle import (
    work_order_accept,
    work_order_callback,
    work_order_cancel,
    work_order_close,
    work_order_contact,
    work_order_pause,
    work_order_reply,
)
from complaints.services.oversight import escalation_raise
from hallops.demo import clock, demo_stores, first
from hallops.models import CustomerLevel
from hallops.permissions import Role
from hallops.registry import register_demo_step

H = dt.timedelta(hours=1)
# (source, category code, hours ago received, last step, description, demand)
STORIES = [
    (Source.HOTLINE, "bill_roaming", 0.7, "new", "客户反映上月在北京出差产生漫游费 58 元，认为套餐含国内流量不应收费",
     "退还漫游费"),
    (Source.ONSITE, "svc_efficiency", 0.3, "new", "客户现场反映排队 40 分钟仍未办理，情绪激动", "尽快办理并给出解释"),
    (Source.CITY, "net_coverage", 3, "accepted", "小区地下车库无信号，多次反映未解决", "增加室内覆盖"),
    (Source.HOTLINE, "bill_cdr", 50, "contacted", "客户称 3 月 12 日有一条 2 小时 15 分的通话记录，本人未拨打",
     "核实话单并退费"),
    (Source.APPEAL, "net_data", 30, "escalated", "客户向工信部申诉：5G 套餐网速长期低于 10M，营业厅处理推诿",
     "降档套餐并补偿"),
    (Source.HEAD_OFFICE, "biz_marketing", 26, "paused", "客户称办理的“存费送机”活动未按约定返还话费", "按约定返还"),
    (Source.HOTLINE, "bill_discount", 72, "replied", "宽带融合套餐优惠未生效，本月多扣 30 元", "退还差额"),
    (Source.ONSITE, "svc_attitude", 96, "called_back", "客户反映营业员办理补卡时态度冷淡", "营业员道歉"),
    (Source.HOTLINE, "biz_sp", 192, "closed", "客户称被订购未知增值业务，每月扣费 10 元", "退订并退费"),
    (Source.CITY, "net_call", 240, "closed_basic", "通话经常断线，尤其在家中卧室", "解决通话质量"),
    (Source.HOTLINE, "bill_other", 120, "cancelled", "同一问题重复录入", ""),
]
ORDER = ["new", "accepted", "contacted", "paused", "escalated", "replied", "called_back", "closed",
         "closed_basic"]


def _reached(step: str, goal: str) -> bool:
    return goal in ORDER and step in ORDER and ORDER.index(goal) >= ORDER.index(step)


def _story(store, n, story, handler, rng, now) -> None:
    source, code, hours, goal, description, demand = story
    category = Category.objects.filter(code=code).first() or Category.objects.filter(parent__isnull=True).first()
    received = now - dt.timedelta(hours=hours)
    number = f"1{rng.choice('3578')}{rng.randint(100000000, 999999999)}"
    external = {"external_no": f"{source[:2].upper()}{store.pk:02d}{n:03d}{rng.randint(1000, 9999)}"} \
        if source != Source.ONSITE else {}
    with clock(received):
        order = work_order_create(
            actor=handler, store=store, source=source, customer_number=number, category=category,
            description=description, received_at=received, demand=demand,
            customer_level=rng.choice([CustomerLevel.ORDINARY, CustomerLevel.ORDINARY, CustomerLevel.GOTONE_VIP]),
            contact_number=number, dispatch_unit="石家庄分公司客服中心" if source != Source.HOTLINE else "", **external,
        )
    if goal == "cancelled":
        with clock(received + 0.5 * H):
            work_order_cancel(actor=handler, order=order, reason="与已录入工单重复")
        return
    step = received + min(0.3 * H, (now - received) / 4)
    if _reached("accepted", goal):
        with clock(step):
            work_order_accept(actor=handler, order=order)
    if _reached("contacted", goal):
        step = received + min(2 * H, (now - received) / 3)
        with clock(step):
            work_order_contact(actor=handler, order=order, channel=ContactAttempt.Channel.PHONE,
                               outcome=ContactAttempt.Outcome.REACHED, note="已向客户说明处理流程")
    if goal == "paused":
        with clock(step + 0.5 * H):
            work_order_pause(actor=handler, order=order, reason="等待客户提供缴费凭证照片")
    if goal == "escalated":
        with clock(now - 2 * H):
            escalation_raise(actor=handler, order=order, reason="客户已向工信部申诉，要求补偿超出本厅权限")
    if _reached("replied", goal):
        with clock(received + 20 * H):
            work_order_reply(actor=handler, order=order, result="已核实并按规定处理，向客户解释并致歉",
                             cause="系统配置错误" if code.startswith("bill") else "服务不到位",
                             company_at_fault=True, compensation="30.00" if code.startswith("bill") else None)
    if goal == "replied" and received + 30 * H < now:
        # The callback queue: one attempt nobody answered, the next one scheduled.
        with clock(received + 30 * H):
            work_order_callback(actor=handler, order=order, result=WorkOrder.CallbackResult.NO_ANSWER,
                                note="客户未接听")
    if _reached("called_back", goal):
        verdict = WorkOrder.CallbackResult.BASIC if goal == "closed_basic" else WorkOrder.CallbackResult.SATISFIED
        with clock(received + 44 * H):
            work_order_callback(actor=handler, order=order, result=verdict, note="客户认可处理结果")
    if goal in ("closed", "closed_basic"):
        with clock(received + 46 * H):
            work_order_close(actor=handler, order=order)


@register_demo_step(order=40)
def complaints_demo(*, stores, days, rng, stdout) -> None:
    now = timezone.now()
    created = False
    for store in demo_stores(stores):
        if WorkOrder.objects.filter(store=store).exists():
            continue
        handler = first(store, Role.COMPLAINT_HANDLER)
        if handler is None:
            continue
        with transaction.atomic():
            for n, story in enumerate(STORIES, 1):
                _story(store, n, story, handler, rng, now)
        created = True
    if created:
        # Only for the orders this run made: on a second run the sweep would flag orders whose
        # deadline came nearer meanwhile (during opening hours), and seeding twice must add
        # nothing; the beat's sweep does that work in a running system.
        sla_sweep(now=now)
    stdout.write("Demo: complaint work orders in every state.")


# (category code, complaint, what the customer wants, what was done, settled, hand over)
DESK_STORIES = [
    ("billing", "客户认为本月话费比上月多 20 元", "", "查询详单，为客户解释了流量包续订", True, False),
    ("service", "排队时间太长", "", "致歉并引导至自助终端办理缴费", True, False),
    ("network", "家中信号时有时无", "", "记录地址，说明网络优化安排", True, False),
    ("business", "套餐变更后优惠未生效", "本月内生效并补差价", "已核实系统，需后台处理", False, True),
    ("terminal", "新买手机三天后无法开机", "换新机", "", False, False),
]


@register_demo_step(order=41)
def desk_complaints_demo(*, stores, days, rng, stdout) -> None:
    from complaints.models import DeskComplaint
    from complaints.services.desk import desk_complaint_escalate, desk_complaint_record
    from hallops.demo import clerks_on, not_after, today_of
    from hallops.scoping import store_scope

    now = timezone.now()
    for store in demo_stores(stores):
        with store_scope(store):
            if DeskComplaint.objects.filter(store=store).exists():
                continue
            clerks = clerks_on(store, today_of(store))
            if not clerks:
                continue
            with transaction.atomic():
                for n, (code, text, demand, done, settled, hand_over) in enumerate(DESK_STORIES):
                    moment = not_after(now - dt.timedelta(minutes=25 * (len(DESK_STORIES) - n)), now)
                    number = f"1{rng.choice('3578')}{rng.randint(100000000, 999999999)}"
                    with clock(moment):
                        complaint = desk_complaint_record(
                            actor=clerks[n % len(clerks)], store=store, customer_number=number,
                            category=Category.objects.get(code=code), description=text,
                            demand=demand, action_taken=done, settled=settled)
                        if hand_over:
                            desk_complaint_escalate(actor=complaint.clerk, complaint=complaint)
    stdout.write("Demo: complaints settled at the desk, one handed over as a work order.")
