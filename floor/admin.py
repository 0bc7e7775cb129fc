from django.contrib import admin

from hallops.admin_base import ReadOnlyAdmin, ReadOnlyInline

from .models import (
    DeskReadyCheck,
    DeskReadyItem,
    DeskReadyMark,
    FloorAction,
    FloorThreshold,
    QueueReading,
    QueueType,
)


@admin.register(QueueType)
class QueueTypeAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "name_en", "sort_order", "is_active")
    list_filter = ("is_active",)
    search_fields = ("code", "name", "name_en")


@admin.register(FloorThreshold)
class FloorThresholdAdmin(admin.ModelAdmin):
    list_display = ("store", "amber_waiting", "amber_wait_minutes", "red_waiting", "red_wait_minutes",
                    "updated_at")
    list_filter = ("store__region",)
    search_fields = ("store__code", "store__name")
    readonly_fields = ("updated_at", "updated_by")


@admin.register(DeskReadyItem)
class DeskReadyItemAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "name_en", "sort_order", "is_active")
    list_filter = ("is_active",)
    search_fields = ("code", "name", "name_en")


@admin.register(QueueReading)
class QueueReadingAdmin(ReadOnlyAdmin):
    list_display = ("store", "at", "queue_type", "desks_open", "waiting", "longest_wait_minutes",
                    "level", "source")
    list_filter = ("level", "source", "queue_type", "store")
    search_fields = ("store__code", "store__name")
    date_hierarchy = "business_date"


@admin.register(FloorAction)
class FloorActionAdmin(ReadOnlyAdmin):
    list_display = ("store", "at", "kind", "queue_type", "by", "note")
    list_filter = ("kind", "store")
    search_fields = ("store__code", "note")
    date_hierarchy = "business_date"


class MarkInline(ReadOnlyInline):
    model = DeskReadyMark


@admin.register(DeskReadyCheck)
class DeskReadyCheckAdmin(ReadOnlyAdmin):
    list_display = ("store", "business_date", "clerk", "desk", "at", "all_ready")
    list_filter = ("all_ready", "store")
    search_fields = ("store__code", "clerk__last_name", "clerk__first_name", "desk")
    date_hierarchy = "business_date"
    inlines = [MarkInline]
