"""The life of a work order through the services, and the rules that refuse bad steps."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from complaints import services
from complaints.models import Extension, OrderEvent, Source, WorkOrder
from hallops.exceptions import DomainError
from hallops.models import AuditEntry, Notification
from tests.complaints.helpers import make_order

TZ = ZoneInfo("Asia/Shanghai")
S = WorkOrder.Status
pytestmark = pytest.mark.django_db


def test_it_runs_a_dispatched_billing_order_from_receipt_to_close(world):
    ch = world.ch_a
    order = make_order(world, source=Source.HOTLINE, category_code="bill_cdr")
    assert order.number.startswith("A001-")
    services.work_order_accept(actor=ch, order=order)
    services.work_order_contact(actor=ch, order=order, channel="phone", outcome="reached")
    services.work_order_reply(
        actor=ch,
        order=order,
        result="已退费",
        cause="话单异常",
        company_at_fault=True,
        compensation="20.00",
    )
    # Unsatisfied: reopened and escalated automatically (CallbackPolicy).
    services.work_order_callback(actor=ch, order=order, result="unsatisfied", note="嫌少")
    services.work_order_reply(
        actor=ch,
        order=order,
        result="追加补偿",
        cause="话单异常",
        company_at_fault=True,
        compensation="50",
    )
    services.work_order_callback(actor=ch, order=order, result="satisfied")
    services.work_order_close(actor=ch, order=order)
    order.refresh_from_db()
    assert order.status == S.CLOSED
    assert order.reopen_count == 1
    assert order.compensation == Decimal("50.00")
    assert order.first_contact_at is not None and order.replied_on_time is True
    assert order.next_due_at is None
    kinds = list(order.events.values_list("kind", flat=True))
    assert kinds == [
        "created",
        "accepted",
        "contact",
        "replied",
        "callback",
        "reopened",
        "escalated",
        "replied",
        "callback",
        "closed",
    ]
    assert AuditEntry.objects.filter(object_id=str(order.pk), action="work_order.closed").exists()
    assert order.callbacks.count() == 2


def test_it_numbers_orders_per_store_and_day(world):
    first = make_order(world)
    second = make_order(world, number="13812340000")
    other = make_order(world, store=world.store_b)
    assert first.number.endswith("-001") and second.number.endswith("-002")
    assert other.number.startswith("B001-") and other.number.endswith("-001")


def test_it_refuses_a_duplicate_external_number_per_source(world):
    make_order(world, source=Source.HOTLINE, external_no="10086-001")
    with pytest.raises(DomainError, match="已经录入过了") as error:
        make_order(world, source=Source.HOTLINE, external_no="10086-001", number="13912345678")
    assert error.value.field == "external_no"
    assert WorkOrder.objects.count() == 1
    # The same number from another source is another order.
    make_order(world, source=Source.CITY, external_no="10086-001")
    assert WorkOrder.objects.count() == 2


def test_it_refuses_a_reply_before_acceptance(world):
    order = make_order(world)
    with pytest.raises(DomainError, match="接单|Accept"):
        services.work_order_reply(
            actor=world.ch_a, order=order, result="x", cause="y", company_at_fault=False
        )
    order.refresh_from_db()
    assert order.status == S.NEW and order.replied_at is None


def test_it_refuses_a_callback_on_an_open_order(world):
    order = make_order(world)
    services.work_order_accept(actor=world.ch_a, order=order)
    with pytest.raises(DomainError, match="才能回访"):
        services.work_order_callback(actor=world.ch_a, order=order, result="satisfied")
    assert order.callbacks.count() == 0


def test_it_refuses_an_extension_deadline_in_the_past(world):
    order = make_order(world, source=Source.HOTLINE)
    services.work_order_accept(actor=world.ch_a, order=order)
    past = dt.datetime(2020, 1, 1, tzinfo=TZ)
    with pytest.raises(DomainError, match="新的时限已经过去了") as error:
        services.extension_request(actor=world.ch_a, order=order, new_due_at=past, reason="等")
    assert error.value.field == "new_due_at"
    with pytest.raises(DomainError, match="之后仍未结案"):
        services.extension_request(
            actor=world.ch_a,
            order=order,
            new_due_at=order.final_due + dt.timedelta(hours=1),
            reason="等",
        )
    assert not Extension.objects.exists()


@pytest.mark.parametrize("number", ["1381234567", "23812345678", "1381234567a", "", "138 1234 56"])
def test_it_refuses_a_malformed_customer_number(world, number):
    with pytest.raises(DomainError, match="11位手机号码") as error:
        make_order(world, number=number)
    assert error.value.field == "customer_number"
    assert not WorkOrder.objects.exists()


def test_it_refuses_missing_required_fields_per_source(world):
    with pytest.raises(DomainError, match="必须填写联系电话") as error:
        make_order(world, source=Source.HOTLINE, contact_number="")
    assert error.value.field == "contact_number"


def test_it_approves_an_extension_and_moves_the_reply_deadline(world):
    order = make_order(world, source=Source.HOTLINE)
    services.work_order_accept(actor=world.ch_a, order=order)
    order.refresh_from_db()
    wanted = order.reply_due + dt.timedelta(days=2)
    extension = services.extension_request(
        actor=world.ch_a, order=order, new_due_at=wanted, reason="等网络部测试"
    )
    assert Notification.objects.filter(recipient=world.sm_a).exists()
    with pytest.raises(DomainError, match="不批准的原因"):
        services.extension_decide(actor=world.sm_a, extension=extension, approve=False)
    services.extension_decide(actor=world.sm_a, extension=extension, approve=True)
    order.refresh_from_db()
    assert order.reply_due == wanted


def test_it_pauses_and_resumes_the_clock_while_waiting_for_the_customer(world):
    start = dt.datetime(2025, 3, 3, 10, 0, tzinfo=TZ)
    with time_machine.travel(start, tick=False):
        order = make_order(world, source=Source.ONSITE)
        services.work_order_accept(actor=world.ch_a, order=order)
        order.refresh_from_db()
        reply_due = order.reply_due  # 9 open hours: Tuesday 10:00
    with time_machine.travel(start + dt.timedelta(hours=1), tick=False):
        services.work_order_pause(actor=world.ch_a, order=order, reason="等客户提供发票")
    with time_machine.travel(start + dt.timedelta(days=1), tick=False):
        services.work_order_resume(actor=world.ch_a, order=order)
    order.refresh_from_db()
    assert order.paused_at is None
    # Paused 11:00 Monday → resumed 10:00 Tuesday: 8 open hours stood still.
    assert reply_due == dt.datetime(2025, 3, 4, 10, 0, tzinfo=TZ)
    # Paused Monday 11:00 with 8 open hours left, resumed Tuesday 10:00 → Tuesday 18:00.
    assert order.reply_due == dt.datetime(2025, 3, 4, 18, 0, tzinfo=TZ)
    assert list(
        order.events.filter(kind__in=["paused", "resumed"]).values_list("kind", flat=True)
    ) == ["paused", "resumed"]


def test_it_flags_repeat_complaints_and_links_earlier_orders(world):
    now = dt.datetime.now(TZ)
    old = make_order(world, number="13700001111", received_at=now - dt.timedelta(days=31))
    earlier = make_order(world, number="13700001111", received_at=now - dt.timedelta(days=29))
    later = make_order(world, number="13700001111")
    assert not old.is_repeat
    assert earlier.is_repeat and list(earlier.earlier_orders.all()) == [old]
    # The order 31 days back is outside the 30-day window of today's complaint.
    assert later.is_repeat and list(later.earlier_orders.all()) == [earlier]
    assert not make_order(world, number="13700002222").is_repeat


def test_it_stores_html_as_typed(world):
    order = make_order(world, description="<script>alert(1)</script>")
    assert order.description == "<script>alert(1)</script>"


def test_it_transfers_to_another_handler_and_to_another_store(world):
    from tests import factories

    other = factories.make_user("ch_a2", role="complaint_handler", store=world.store_a)
    order = make_order(world)
    services.work_order_accept(actor=world.ch_a, order=order)
    services.work_order_transfer(actor=world.ch_a, order=order, to_handler=other, reason="换班")
    order.refresh_from_db()
    assert order.handler == other
    assert Notification.objects.filter(recipient=other).exists()
    with pytest.raises(DomainError, match="不是本厅的投诉处理员"):
        services.work_order_transfer(
            actor=world.ch_a, order=order, to_handler=world.ch_b, reason="x"
        )
    services.work_order_transfer(
        actor=other, order=order, to_store=world.store_b, reason="客户在B厅"
    )
    order.refresh_from_db()
    assert order.store == world.store_b and order.status == S.NEW and order.handler is None
    assert OrderEvent.objects.filter(order=order, kind="transferred").count() == 2


def test_it_cancels_with_a_reason_only(world):
    order = make_order(world)
    with pytest.raises(DomainError, match="撤销原因"):
        services.work_order_cancel(actor=world.ch_a, order=order, reason="  ")
    services.work_order_cancel(actor=world.ch_a, order=order, reason="重复录入")
    order.refresh_from_db()
    assert order.status == S.CANCELLED and order.next_due_at is None


def test_it_refuses_a_reply_before_any_contact_with_the_customer(world):
    order = make_order(world)
    services.work_order_accept(actor=world.ch_a, order=order)
    with pytest.raises(DomainError, match="联系|contact"):
        services.work_order_reply(
            actor=world.ch_a, order=order, result="x", cause="y", company_at_fault=False
        )
    order.refresh_from_db()
    assert order.status == S.ACCEPTED and order.replied_at is None
    # An attempt that did not reach the customer still counts as contact recorded.
    services.work_order_contact(actor=world.ch_a, order=order, channel="phone",
                                outcome="no_answer")
    services.work_order_reply(
        actor=world.ch_a, order=order, result="x", cause="y", company_at_fault=False
    )
    order.refresh_from_db()
    assert order.status == S.REPLIED
