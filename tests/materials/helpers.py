"""Item types for the materials tests: SIM cards and 50-yuan value cards by serial, invoice
paper by number, and a counted gift."""

from decimal import Decimal
from types import SimpleNamespace

from materials.models import ItemCategory, ItemType, Tracking


def make_items() -> SimpleNamespace:
    def get(code, **kw):
        return ItemType.objects.get_or_create(code=code, defaults=kw)[0]

    # The reference catalogue is set aside: these tests count only their own items.
    ItemType.objects.exclude(code__startswith="t-").update(is_active=False)

    return SimpleNamespace(
        sim=get("t-sim", name="测试SIM卡", name_en="Test SIM", category=ItemCategory.SIM,
                tracking=Tracking.SERIAL, unit="张", serial_length=12, serial_prefix="8986",
                min_stock=5, stocktake_days=30),
        card50=get("t-card50", name="测试50元充值卡", name_en="Test 50 card",
                   category=ItemCategory.VALUE_CARD, tracking=Tracking.SERIAL, unit="张",
                   value=Decimal("50.00"), money_equivalent=True, serial_length=10,
                   serial_prefix="50", min_stock=10, stocktake_days=7),
        invoice=get("t-invoice", name="测试发票", name_en="Test invoice",
                    category=ItemCategory.INVOICE, tracking=Tracking.SERIAL, unit="份",
                    money_equivalent=True, serial_length=8, serial_prefix="", stocktake_days=7),
        gift=get("t-gift", name="测试礼品", name_en="Test gift", category=ItemCategory.GIFT,
                 tracking=Tracking.COUNTED, unit="个", min_stock=3),
    )


def sim(n: int) -> str:
    return "8986" + str(n).zfill(8)


def card(n: int) -> str:
    return "50" + str(n).zfill(8)
