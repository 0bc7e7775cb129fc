from django.contrib import admin

from hallops.admin_base import ReadOnlyAdmin
from people.models import (
    ClockCorrection,
    LeaveRequest,
    LeaveType,
    PeopleRules,
    RosterChange,
    RosterPublication,
    ShiftSwap,
    StaffingRule,
)


@admin.register(LeaveType)
class LeaveTypeAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "name_en", "is_active", "sort_order")
    list_filter = ("is_active",)
    search_fields = ("code", "name", "name_en")


@admin.register(PeopleRules)
class PeopleRulesAdmin(admin.ModelAdmin):
    list_display = ("__str__", "correction_window_days", "max_leave_days", "publish_due_day")


@admin.register(StaffingRule)
class StaffingRuleAdmin(admin.ModelAdmin):
    list_display = ("store", "day_type", "starts_at", "ends_at", "post", "minimum")
    list_filter = ("day_type", "post", "store__region")
    search_fields = ("store__code", "store__name")


@admin.register(LeaveRequest)
class LeaveRequestAdmin(ReadOnlyAdmin):
    list_display = ("user", "store", "leave_type", "start_date", "end_date", "status")
    list_filter = ("status", "leave_type")
    search_fields = ("user__username", "user__last_name", "store__code")


@admin.register(ClockCorrection)
class ClockCorrectionAdmin(ReadOnlyAdmin):
    list_display = ("user", "store", "side", "corrected_time", "original_time", "status")
    list_filter = ("status", "side")
    search_fields = ("user__username", "user__last_name", "store__code")


@admin.register(ShiftSwap)
class ShiftSwapAdmin(ReadOnlyAdmin):
    list_display = ("requester", "colleague", "store", "status", "created_at")
    list_filter = ("status",)
    search_fields = ("requester__username", "colleague__username", "store__code")


@admin.register(RosterPublication)
class RosterPublicationAdmin(ReadOnlyAdmin):
    list_display = ("store", "month", "published_at", "published_by")
    search_fields = ("store__code",)
    list_filter = ("month",)


@admin.register(RosterChange)
class RosterChangeAdmin(ReadOnlyAdmin):
    list_display = ("store", "date", "user", "kind", "shift_code", "changed_at")
    list_filter = ("kind",)
    search_fields = ("store__code", "user__username")
