"""Materials rows are store-scoped: read without a scope they raise; pages run in the acting
store's scope and see only that store."""

import pytest
from django.urls import reverse

from hallops.scoping import ScopeError, scopes_disabled, store_scope
from materials.models import Movement, PublicityItem, StockTake, StockTakeLine, Transfer
from materials.services import movement_receive

pytestmark = pytest.mark.django_db


@pytest.mark.scopes_enforced
def test_the_ledger_cannot_be_read_without_a_scope(world, clients):
    from tests.materials.helpers import make_items

    with scopes_disabled():
        items = make_items()
        movement_receive(actor=world.sm_a, store=world.store_a, item=items.gift,
                         reference="DN-A", quantity=4)
        movement_receive(actor=world.sm_b, store=world.store_b, item=items.gift,
                         reference="DN-B", quantity=9)
    for model in (Movement, Transfer, StockTake, StockTakeLine, PublicityItem):
        with pytest.raises(ScopeError):
            list(model.objects.all())
    with store_scope(world.store_a):
        assert [m.reference for m in Movement.objects.all()] == ["DN-A"]
    page = clients.sm_a.get(reverse("store_manager:materials"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "DN-A" in text and "DN-B" not in text
    for client, name in ((clients.dm_a, "duty_manager:materials"),
                         (clients.clerk_a, "clerk:materials"),
                         (clients.sm_a, "store_manager:materials_report"),
                         (clients.dm_a, "duty_manager:home"), (clients.sm_a, "store_manager:home"),
                         (clients.clerk_a, "clerk:home")):
        assert client.get(reverse(name)).status_code == 200, name
