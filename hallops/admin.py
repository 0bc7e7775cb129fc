"""Configuration of procedures and reference data, readable in Chinese."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from hallops import models
from hallops.admin_base import ReadOnlyAdmin

admin.site.site_header = _("HallOps administration")
admin.site.site_title = _("HallOps")
admin.site.index_title = _("Configuration")


@admin.register(models.Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en"]
    search_fields = ["code", "name", "name_en"]


class ShiftTypeInline(admin.TabularInline):
    model = models.ShiftType
    extra = 0


@admin.register(models.Store)
class StoreAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "region", "city", "district", "opens_at", "closes_at", "is_active"]
    list_filter = ["region", "city", "is_active"]
    search_fields = ["code", "name", "city", "district", "address"]
    inlines = [ShiftTypeInline]


@admin.register(models.Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "kind", "sort_order"]
    list_filter = ["kind"]
    list_editable = ["sort_order"]


@admin.register(models.ShiftType)
class ShiftTypeAdmin(admin.ModelAdmin):
    list_display = ["store", "code", "name", "starts_at", "ends_at", "is_active"]
    list_filter = ["store__region", "is_active"]
    search_fields = ["store__code", "store__name", "code", "name"]
    autocomplete_fields = ["store"]


class StaffProfileInline(admin.StackedInline):
    model = models.StaffProfile
    can_delete = False


class RoleAssignmentInline(admin.TabularInline):
    model = models.RoleAssignment
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["store"]


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [StaffProfileInline, RoleAssignmentInline]
    list_display = ["username", "first_name", "last_name", "email", "is_active", "is_staff"]


@admin.register(models.RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "store", "region", "is_active"]
    list_filter = ["role", "is_active", "store__region"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "store__name"]
    autocomplete_fields = ["user", "store"]


@admin.register(models.StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin):
    list_display = ["employee_no", "user", "phone", "is_active", "language"]
    list_filter = ["is_active", "language"]
    search_fields = ["employee_no", "user__username", "user__first_name", "user__last_name", "phone"]


@admin.register(models.RosterEntry)
class RosterEntryAdmin(admin.ModelAdmin):
    list_display = ["date", "store", "user", "shift_type", "post"]
    list_filter = ["store", "post"]
    date_hierarchy = "date"
    search_fields = ["user__username", "store__name"]
    list_select_related = ["store", "user", "shift_type", "post"]


@admin.register(models.AttendanceRecord)
class AttendanceRecordAdmin(admin.ModelAdmin):
    list_display = ["business_date", "store", "user", "clock_in", "clock_out", "late_minutes",
                    "early_leave_minutes"]
    list_filter = ["store"]
    date_hierarchy = "business_date"
    search_fields = ["user__username"]
    list_select_related = ["store", "user"]


@admin.register(models.AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """Read-only: the audit trail is written by services, never edited."""

    list_display = ["at", "store", "actor", "action", "object_repr"]
    list_filter = ["store", "action"]
    search_fields = ["action", "object_repr", "actor__username"]
    date_hierarchy = "at"


@admin.register(models.Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "store", "level", "message_id", "read_at"]
    list_filter = ["level", "store"]
    search_fields = ["recipient__username", "message_id"]

# Cash configuration and read-only records; event routes, group robots and deliveries.
from hallops import admin_cash, admin_events  # noqa: E402,F401


class ChecklistItemInline(admin.TabularInline):
    model = models.ChecklistItem
    extra = 0
    fields = ["order", "code", "text", "text_en", "due_kind", "due_time", "grace_minutes",
              "requires_note", "requires_reading", "reading_label", "reading_kind", "reading_min",
              "reading_max"]


@admin.register(models.ChecklistKind)
class ChecklistKindAdmin(admin.ModelAdmin):
    """Kinds of checklist: who runs them and when they recur (daily, on a weekday, on a day
    of the month, per incident). Add one, then a checklist template of that kind with its
    items and due times: it shows on the role's home on its days."""

    list_display = ["code", "name", "role", "recurrence", "weekday", "day_of_month",
                    "is_inspection", "order", "is_active"]
    list_filter = ["role", "recurrence", "is_active"]
    search_fields = ["code", "name", "name_en"]

    def get_readonly_fields(self, request, obj=None):
        # Runs and templates point at the code: it is fixed once the kind exists.
        return ["code"] if obj is not None else []


@admin.register(models.ChecklistTemplate)
class ChecklistTemplateAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "store", "is_active"]
    list_filter = ["kind", "is_active", "store"]
    search_fields = ["code", "name", "name_en"]
    autocomplete_fields = ["store"]
    inlines = [ChecklistItemInline]


@admin.register(models.Equipment)
class EquipmentAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "store", "location", "serial", "is_active"]
    list_filter = ["kind", "is_active", "store"]
    search_fields = ["name", "serial", "location", "store__name"]


@admin.register(models.EquipmentFault)
class EquipmentFaultAdmin(admin.ModelAdmin):
    list_display = ["occurred_at", "store", "equipment", "description", "status", "ticket_no"]
    list_filter = ["status", "store"]
    search_fields = ["description", "ticket_no"]
    list_select_related = ["store", "equipment"]


@admin.register(models.Incident)
class IncidentAdmin(admin.ModelAdmin):
    list_display = ["started_at", "store", "kind", "summary", "ended_at", "reported_at"]
    list_filter = ["kind", "store"]
    search_fields = ["summary"]


@admin.register(models.CustomerOpinion)
class CustomerOpinionAdmin(admin.ModelAdmin):
    list_display = ["received_at", "store", "channel", "kind", "reply_due_at", "replied_at"]
    list_filter = ["channel", "kind", "store"]
    search_fields = ["content"]


@admin.register(models.DutySettings)
class DutySettingsAdmin(admin.ModelAdmin):
    list_display = ["store", "opinion_reply_hours", "log_due_next_morning", "review_pending_hours"]
    autocomplete_fields = ["store"]


@admin.register(models.DutyLog)
class DutyLogAdmin(admin.ModelAdmin):
    """Read-only: logs change through the duty manager's pages and the amendment path."""

    list_display = ["business_date", "store", "shift_type", "duty_manager", "status"]
    list_filter = ["status", "store"]
    date_hierarchy = "business_date"

# Business day (issue 6): business types, product lines, targets and the records behind the
# daily report. Business types and product lines are configuration; the rest is read here.
@admin.register(models.BusinessType, models.ProductLine)
class CountedItemAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "shortcut", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["code", "name", "name_en"]


@admin.register(models.MonthlyTarget)
class MonthlyTargetAdmin(admin.ModelAdmin):
    list_display = ["month", "store", "clerk", "product_line", "quantity"]
    list_filter = ["store", "product_line"]
    date_hierarchy = "month"
    list_select_related = ["store", "clerk", "product_line"]


@admin.register(models.ClerkDailyReport)
class ClerkDailyReportAdmin(ReadOnlyAdmin):
    """Read-only: reports change through the clerk's and managers' pages, with audit."""

    list_display = ["business_date", "store", "clerk", "status", "confirmed_by", "amended_at"]
    list_filter = ["status", "store"]
    date_hierarchy = "business_date"
    list_select_related = ["store", "clerk", "confirmed_by"]


@admin.register(models.ServiceRecord)
class ServiceRecordAdmin(ReadOnlyAdmin):
    list_display = ["business_date", "store", "clerk", "kind", "outcome"]
    list_filter = ["kind", "store", "outcome"]
    date_hierarchy = "business_date"
    exclude = ["customer_phone"]
    list_select_related = ["store", "clerk"]
