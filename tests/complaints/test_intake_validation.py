"""工单录入: the intake's checks as a helper of their own, apart from the write."""

import pytest
from django.utils import timezone

from complaints.models import BeyondChannel, OrderCounter, Source, WorkOrder
from complaints.services.intake import validate_intake
from hallops.exceptions import DomainError
from tests.complaints.helpers import category

pytestmark = pytest.mark.django_db


def given(world, **changes):
    fields = {
        "store": world.store_a, "now": timezone.now(), "source": Source.ONSITE,
        "customer_number": " 138 1234 5678 ", "category": category("svc_attitude"),
        "description": "  客户反映问题 ", "received_at": None, "external_no": "",
        "dispatch_unit": "", "customer_name": " 张三 ", "customer_level": "ordinary",
        "contact_number": "", "demand": "道歉", "scenario": None, "beyond_channel": "",
        "staff_member": None,
    }
    return fields | changes


def test_it_returns_the_cleaned_fields_without_writing_anything(world):
    now = timezone.now()

    fields = validate_intake(**given(world, now=now))

    assert fields["customer_number"] == "13812345678"
    assert fields["description"] == "客户反映问题" and fields["customer_name"] == "张三"
    assert fields["received_at"] == now
    assert not WorkOrder.objects.exists() and not OrderCounter.objects.exists()


def test_it_names_the_field_at_fault(world):
    with pytest.raises(DomainError) as refused:
        validate_intake(**given(world, description="  "))

    assert refused.value.field == "description"


def test_it_marks_an_appeal_as_beyond_the_store(world):
    fields = validate_intake(**given(world, source=Source.APPEAL, external_no=" APL-1 ",
                                     contact_number="13900001111"))

    assert fields["beyond_channel"] == BeyondChannel.SUPERVISION
    assert fields["external_no"] == "APL-1"


def test_it_splits_a_subcategory_from_its_category(world):
    fields = validate_intake(**given(world, category=category("net_coverage")))

    assert fields["category"].code == "network"
    assert fields["subcategory"].code == "net_coverage"
