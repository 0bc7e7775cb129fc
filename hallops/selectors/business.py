"""Reads of business types, product lines and the clerk's tally."""

from dataclasses import dataclass

from hallops.models import BusinessType, ProductLine, TallyCount


@dataclass
class TallyItem:
    item: BusinessType | ProductLine
    kind: str  # "bt" (business type) or "pl" (product line)
    count: int = 0

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.item.pk}"


def active_items() -> tuple[list, list]:
    return (list(BusinessType.objects.filter(is_active=True)),
            list(ProductLine.objects.filter(is_active=True)))


def tally_for(clerk, day) -> tuple[list[TallyItem], list[TallyItem]]:
    """(business types, product lines) with the clerk's counts on `day` (3 queries)."""
    types, lines = active_items()
    counts = {}
    for row in TallyCount.objects.filter(clerk=clerk, business_date=day).values(
        "business_type_id", "product_line_id", "count"
    ):
        key = ("bt", row["business_type_id"]) if row["business_type_id"] else (
            "pl", row["product_line_id"])
        counts[key] = row["count"]
    return ([TallyItem(t, "bt", counts.get(("bt", t.pk), 0)) for t in types],
            [TallyItem(p, "pl", counts.get(("pl", p.pk), 0)) for p in lines])


def find_item(kind: str, pk) -> object | None:
    by_kind: dict[str, type[BusinessType] | type[ProductLine]] = {"bt": BusinessType, "pl": ProductLine}
    model = by_kind.get(kind)
    if model is None:
        return None
    try:
        return model.objects.filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        return None
