"""Records of every searchable kind, for the search tests."""

import datetime as dt

from django.utils import timezone

from hallops.models import CustomerOpinion, DutyLog, ServiceRecord, ShiftType, TillSession
from tests.complaints.helpers import make_order

__all__ = ["make_order", "opinion", "service_record", "duty_log", "till"]


def opinion(store, *, phone="13812345678", content="等候时间太长", by=None):
    now = timezone.now()
    return CustomerOpinion.objects.create(
        store=store, business_date=timezone.localdate(), channel="onsite", content=content,
        customer_phone=phone, received_at=now, reply_due_at=now + dt.timedelta(days=1),
        recorded_by=by)


def service_record(store, clerk, *, phone="13812345678", day=None):
    return ServiceRecord.objects.create(
        store=store, clerk=clerk, business_date=day or timezone.localdate(), kind="vip",
        customer_phone=phone)


def duty_log(store, manager, *, day):
    shift = ShiftType.objects.filter(store=store).order_by("starts_at").first()
    return DutyLog.objects.create(store=store, business_date=day, shift_type=shift,
                                  duty_manager=manager)


def till(store, clerk, issuer, *, day):
    return TillSession.objects.create(
        store=store, clerk=clerk, business_date=day, opening_float="200.00",
        float_issued_by=issuer, opened_at=timezone.now())
