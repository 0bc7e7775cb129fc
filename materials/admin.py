"""The catalogue is configured here; ledger rows are read-only (they change only through the
services, and a correction is a new linked entry)."""

from django.contrib import admin

from hallops.admin_base import ReadOnlyAdmin, ReadOnlyInline

from . import models


@admin.register(models.ItemType)
class ItemTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "category", "tracking", "unit", "value",
                    "money_equivalent", "serial_length", "serial_prefix", "min_stock",
                    "stocktake_days", "is_active"]
    list_filter = ["category", "tracking", "money_equivalent", "is_active"]
    list_editable = ["min_stock", "stocktake_days", "is_active"]
    search_fields = ["code", "name", "name_en"]


@admin.register(models.Movement)
class MovementAdmin(ReadOnlyAdmin):
    list_display = ["business_date", "store", "item", "kind", "quantity", "first_serial",
                    "last_serial", "clerk", "reference", "reason"]
    list_filter = ["kind", "item__category", "item"]
    search_fields = ["store__code", "store__name", "first_serial", "last_serial", "reference"]
    date_hierarchy = "business_date"


@admin.register(models.Transfer)
class TransferAdmin(ReadOnlyAdmin):
    list_display = ["sent_at", "from_store", "store", "item", "quantity", "first_serial",
                    "last_serial", "status", "received_at"]
    list_filter = ["status", "item"]
    search_fields = ["store__code", "from_store__code", "first_serial"]


class StockTakeLineInline(ReadOnlyInline):
    model = models.StockTakeLine
    fields = ["item", "expected_quantity", "counted_quantity", "difference", "missing_ranges",
              "surplus_ranges", "reason"]


@admin.register(models.StockTake)
class StockTakeAdmin(ReadOnlyAdmin):
    list_display = ["started_at", "store", "scope", "status", "counter", "duty_manager",
                    "store_manager"]
    list_filter = ["status", "scope"]
    search_fields = ["store__code", "store__name"]
    inlines = [StockTakeLineInline]


@admin.register(models.PublicityItem)
class PublicityItemAdmin(admin.ModelAdmin):
    list_display = ["title", "store", "location", "valid_from", "valid_until", "taken_down_at"]
    list_filter = ["valid_until"]
    search_fields = ["title", "location", "store__code", "store__name"]
    readonly_fields = ["taken_down_at", "taken_down_by"]
