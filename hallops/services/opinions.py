"""Customer opinions and suggestions (客户意见、建议): record and reply."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hallops.businessdate import business_date
from hallops.exceptions import DomainError
from hallops.models import CustomerOpinion, DutySettings, OpinionChannel, OpinionKind
from hallops.periods import FUTURE_TOLERANCE
from hallops.services.audit import audit_record, snapshot
from hallops.text import PHONE_RE


@transaction.atomic
def opinion_record(*, actor, store, channel: str, content: str, kind: str = OpinionKind.OPINION,
                   customer_name: str = "", customer_phone: str = "",
                   received_at=None) -> CustomerOpinion:
    content = content.strip()
    phone = customer_phone.strip().replace(" ", "")
    if channel not in OpinionChannel.values:
        raise DomainError(_("Choose the channel."), field="channel")
    if kind not in OpinionKind.values:
        raise DomainError(_("Choose opinion, suggestion or praise."), field="kind")
    if not content:
        raise DomainError(_("Write down what the customer said."), field="content")
    if phone and not PHONE_RE.match(phone):
        raise DomainError(_("Enter an 11-digit mobile number, or leave it empty."),
                          field="customer_phone")
    now = timezone.now()
    received_at = received_at or now
    if received_at > now + FUTURE_TOLERANCE:
        raise DomainError(_("An opinion cannot be received in the future."), field="received_at")
    hours = DutySettings.for_store(store).opinion_reply_hours
    opinion = CustomerOpinion.objects.create(
        store=store, business_date=business_date(received_at, store=store), channel=channel,
        kind=kind, content=content, customer_name=customer_name.strip(), customer_phone=phone,
        received_at=received_at, reply_due_at=received_at + datetime.timedelta(hours=hours),
        recorded_by=actor,
    )
    audit_record(actor=actor, store=store, action="opinion.recorded", obj=opinion,
                 after=snapshot(opinion, fields=["channel", "kind", "content", "received_at",
                                                 "reply_due_at"]))
    return opinion


@transaction.atomic
def opinion_reply(*, actor, opinion: CustomerOpinion, reply: str) -> CustomerOpinion:
    opinion = CustomerOpinion.objects.select_for_update().get(pk=opinion.pk)
    if opinion.replied_at is not None:
        raise DomainError(_("This opinion has already been answered."))
    if not reply.strip():
        raise DomainError(_("Write the reply given to the customer."), field="reply")
    opinion.reply = reply.strip()
    opinion.replied_at = timezone.now()
    opinion.replied_by = actor
    opinion.save(update_fields=["reply", "replied_at", "replied_by"])
    audit_record(actor=actor, store=opinion.store, action="opinion.replied", obj=opinion,
                 after=snapshot(opinion, fields=["reply", "replied_at", "reply_due_at"]))
    return opinion
