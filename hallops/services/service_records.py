"""Service records (离网挽留, VIP, 老弱病残孕幼, competitor information) kept by clerks."""

from typing import cast

from django.db import transaction
from django.db.models import Field
from django.utils.translation import gettext as _

from hallops.businessdate import business_date
from hallops.exceptions import DomainError
from hallops.models import ServiceRecord
from hallops.money import to_money_or_none
from hallops.services.audit import audit_record, snapshot
from hallops.text import PHONE_RE, mask_phone

Kind = ServiceRecord.Kind
REQUIRED: dict[str, tuple[str, ...]] = {
    Kind.RETENTION: ("customer_phone", "customer_level", "leaving_reason", "offer_made", "outcome"),
    Kind.VIP: ("customer_level", "notes"),
    Kind.SPECIAL_CARE: ("care_group", "notes"),
    Kind.COMPETITOR: ("competitor", "competitor_offer", "customer_said"),
}


@transaction.atomic
def service_record_create(*, clerk, store, kind: str, now=None, **fields) -> ServiceRecord:
    if kind not in Kind.values:
        raise DomainError(_("Unknown kind of service record."), field="kind")
    phone = (fields.get("customer_phone") or "").strip().replace(" ", "")
    if phone and not PHONE_RE.match(phone):
        raise DomainError(_("A customer number has 11 digits and starts with 1."),
                          field="customer_phone")
    fields["customer_phone"] = phone
    for name in REQUIRED[kind]:
        if fields.get(name) in (None, ""):
            raise DomainError(
                _("%(field)s is needed for this kind of record.")
                % {"field": cast(Field, ServiceRecord._meta.get_field(name)).verbose_name},
                field=name,
            )
    fields["competitor_price"] = to_money_or_none(fields.get("competitor_price"),
                                                  field="competitor_price")
    record = ServiceRecord.objects.create(
        store=store, clerk=clerk, kind=kind, business_date=business_date(now, store=store),
        **fields,
    )
    after = snapshot(record)
    after["customer_phone"] = mask_phone(record.customer_phone)
    audit_record(actor=clerk, store=store, action="service_record.created", obj=record,
                 after=after)
    return record
