"""Permission-matrix rows for the materials pages (objects belong to store A)."""

import datetime
import functools

from hallops.permissions import Role
from hallops.scoping import scopes_disabled
from tests.permission_matrix import Case


def _unscoped(builder):
    """Test code builds rows as the operator, whatever scope the caller runs in (the fuzz
    world is built outside any test's unscoped block)."""

    @functools.wraps(builder)
    def wrapper(world):
        with scopes_disabled():
            return builder(world)

    return wrapper

CLERK = (Role.CLERK,)
DM = (Role.DUTY_MANAGER,)
SM = (Role.STORE_MANAGER,)


def _items():
    from tests.materials.helpers import make_items

    return make_items()


@_unscoped
def _transfer(world):
    from materials.models import Transfer
    from materials.services import movement_receive, transfer_send

    t = Transfer.objects.filter(store=world.store_a).first()
    if t is None:
        items = _items()
        movement_receive(actor=world.sm_b, store=world.store_b, item=items.gift, reference="DN",
                         quantity=5)
        t = transfer_send(actor=world.sm_b, store=world.store_b, to_store=world.store_a,
                          item=items.gift, quantity=2)
    return {"pk": t.pk}


@_unscoped
def _movement(world):
    from materials.models import Movement
    from materials.services import movement_receive

    m = Movement.objects.filter(store=world.store_a).first()
    if m is None:
        m = movement_receive(actor=world.sm_a, store=world.store_a, item=_items().gift,
                             reference="DN", quantity=3)
    return {"pk": m.pk}


@_unscoped
def _stocktake(world):
    from materials.models import StockTake
    from materials.services import stocktake_start

    take = StockTake.objects.filter(store=world.store_a).first()
    if take is None:
        _items()
        take = stocktake_start(actor=world.dm_a, store=world.store_a, counter=world.clerk_a)
    return {"pk": take.pk}


@_unscoped
def _publicity(world):
    from materials.models import PublicityItem

    p = PublicityItem.objects.filter(store=world.store_a).first()
    if p is None:
        p = PublicityItem.objects.create(store=world.store_a, title="海报", location="门口",
                                         valid_from=datetime.date(2026, 1, 1),
                                         valid_until=datetime.date(2026, 2, 1))
    return {"pk": p.pk}


CASES = [
    Case("store_manager:materials", roles=SM),
    Case("store_manager:materials_receive", roles=SM, method="post", ok=302),
    Case("store_manager:materials_write_off", roles=SM, method="post", ok=302),
    Case("store_manager:materials_transfer", roles=SM, method="post", ok=302),
    Case("store_manager:materials_transfer_in", roles=SM, method="post", kwargs=_transfer,
         ok=302, scoped=True),
    Case("store_manager:materials_reverse", roles=SM, method="post", kwargs=_movement, ok=302,
         scoped=True),
    Case("store_manager:materials_stocktake", roles=SM, kwargs=_stocktake, scoped=True),
    Case("store_manager:materials_stocktake_sign", roles=SM, method="post", kwargs=_stocktake,
         ok=302, scoped=True),
    Case("store_manager:materials_report", roles=SM),
    Case("duty_manager:materials", roles=DM),
    Case("duty_manager:materials_issue", roles=DM, method="post", ok=302),
    Case("duty_manager:materials_return", roles=DM, method="post", ok=302),
    Case("duty_manager:materials_publicity_add", roles=DM, method="post", ok=302),
    Case("duty_manager:materials_publicity_down", roles=DM, method="post", kwargs=_publicity,
         ok=302, scoped=True),
    Case("duty_manager:materials_stocktake_new", roles=DM, method="post", ok=302),
    Case("duty_manager:materials_stocktake", roles=DM, kwargs=_stocktake, scoped=True),
    Case("duty_manager:materials_stocktake_count", roles=DM, method="post", kwargs=_stocktake,
         ok=302, scoped=True),
    Case("duty_manager:materials_stocktake_sign", roles=DM, method="post", kwargs=_stocktake,
         ok=302, scoped=True),
    Case("clerk:materials", roles=CLERK),
    Case("clerk:materials_sell", roles=CLERK, method="post", ok=302),
    Case("clerk:materials_stocktake_sign", roles=CLERK, method="post", kwargs=_stocktake,
         ok=302, scoped=True),
]
