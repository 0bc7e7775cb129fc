"""Reads of the equipment register and faults."""

from hallops.models import Equipment, EquipmentFault, FaultStatus


def store_equipment(store):
    return Equipment.objects.filter(store=store).order_by("kind", "name")


def open_faults(stores):
    """Faults not yet fixed in these stores (a queryset of stores or a single store)."""
    qs = EquipmentFault.objects.exclude(status=FaultStatus.FIXED)
    qs = qs.filter(store__in=stores) if hasattr(stores, "model") else qs.filter(store=stores)
    return qs.select_related("equipment", "store").order_by("occurred_at")


def recent_faults(store):
    return EquipmentFault.objects.filter(store=store).select_related("equipment").order_by(
        "status", "-occurred_at"
    )
