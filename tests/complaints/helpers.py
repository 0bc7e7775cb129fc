"""Builders for complaint tests."""

from complaints.models import Category, Source
from complaints.services import work_order_create


def category(code: str) -> Category:
    return Category.objects.get(code=code)


def make_order(
    world,
    *,
    store=None,
    actor=None,
    source=Source.ONSITE,
    number="13812345678",
    category_code="svc_attitude",
    external_no="",
    **fields,
):
    store = store or world.store_a
    actor = actor or (world.ch_a if store == world.store_a else world.ch_b)
    defaults = {"demand": "道歉", "contact_number": "13900001111"}
    if source != Source.ONSITE and not external_no:
        external_no = f"EXT-{store.code}-{make_order.counter}"
        make_order.counter += 1
    defaults.update(fields)
    return work_order_create(
        actor=actor,
        store=store,
        source=source,
        customer_number=number,
        category=category(category_code),
        description=fields.pop("description", "客户反映问题"),
        external_no=external_no,
        dispatch_unit=defaults.pop("dispatch_unit", "市公司客服中心"),
        **{k: v for k, v in defaults.items() if k != "description"},
    )


make_order.counter = 1
