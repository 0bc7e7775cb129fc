from django.contrib import admin

from hallops.admin_base import ReadOnlyAdmin, ReadOnlyInline

from .models import (
    Callback,
    CallbackPolicy,
    Category,
    ComplaintRules,
    ContactAttempt,
    DeskComplaint,
    Escalation,
    Extension,
    HandbookArticle,
    KpiTarget,
    OpeningHours,
    OrderEvent,
    Scenario,
    SlaPolicy,
    SourceRequirement,
    WorkOrder,
)


class SubCategoryInline(admin.TabularInline):
    model = Category
    fk_name = "parent"
    extra = 0
    fields = ("code", "name", "name_en", "sort_order", "is_active")


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "name_en", "parent", "sort_order", "is_active")
    list_filter = ("is_active", "parent")
    search_fields = ("code", "name", "name_en")
    inlines = [SubCategoryInline]


@admin.register(SlaPolicy)
class SlaPolicyAdmin(admin.ModelAdmin):
    list_display = (
        "code",
        "source",
        "category",
        "accept_minutes",
        "first_contact_minutes",
        "reply_minutes",
        "accept_contact_open_hours",
        "reply_open_hours",
    )
    list_filter = ("source", "accept_contact_open_hours", "reply_open_hours")
    search_fields = ("code", "note", "category__name")
    autocomplete_fields = ("category",)


@admin.register(CallbackPolicy)
class CallbackPolicyAdmin(admin.ModelAdmin):
    list_display = (
        "source", "due_hours", "max_attempts", "retry_hours",
        "reopen_unsatisfied", "escalate_unsatisfied",
    )
    list_filter = ("reopen_unsatisfied", "escalate_unsatisfied")
    search_fields = ("source",)


@admin.register(OpeningHours)
class OpeningHoursAdmin(admin.ModelAdmin):
    list_display = ("store", "weekday", "opens_at", "closes_at", "is_closed")
    list_filter = ("weekday", "is_closed", "store__region")
    search_fields = ("store__code", "store__name")


@admin.register(ComplaintRules)
class ComplaintRulesAdmin(admin.ModelAdmin):
    list_display = ("__str__", "repeat_window_days", "max_open_days", "warning_minutes")

    def has_add_permission(self, request):
        return not ComplaintRules.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SourceRequirement)
class SourceRequirementAdmin(admin.ModelAdmin):
    list_display = ("source", "required_fields")
    list_filter = ("source",)
    search_fields = ("source",)


@admin.register(Scenario)
class ScenarioAdmin(admin.ModelAdmin):
    list_display = ("sort_order", "code", "name", "name_en", "demand", "is_active")
    list_display_links = ("code", "name")
    list_filter = ("is_active",)
    search_fields = ("code", "name", "name_en", "guidance")


@admin.register(HandbookArticle)
class HandbookArticleAdmin(admin.ModelAdmin):
    list_display = ("section", "sort_order", "code", "title", "title_en", "is_active")
    list_display_links = ("code", "title")
    list_filter = ("section", "is_active")
    search_fields = ("code", "title", "body", "title_en", "body_en")


@admin.register(KpiTarget)
class KpiTargetAdmin(admin.ModelAdmin):
    list_display = ("kpi", "direction", "target")
    list_filter = ("direction",)
    search_fields = ("kpi",)


class EventInline(ReadOnlyInline):
    model = OrderEvent
    readonly_fields = ("at", "actor", "kind", "note")


@admin.register(WorkOrder)
class WorkOrderAdmin(ReadOnlyAdmin):
    """Read-only: orders change through the lifecycle services so every step is audited."""

    list_display = (
        "number",
        "store",
        "source",
        "external_no",
        "category",
        "status",
        "next_due_at",
        "sla_state",
        "is_repeat",
        "beyond_channel",
        "quality",
    )
    list_filter = (
        "status",
        "source",
        "sla_state",
        "is_repeat",
        "is_difficult",
        "quality",
        "store__region",
        "category",
    )
    search_fields = ("number", "external_no", "customer_number", "customer_name")
    date_hierarchy = "received_at"
    list_select_related = ("store", "category")
    inlines = [EventInline]
    readonly_fields = [f.name for f in WorkOrder._meta.concrete_fields] + ["earlier_orders"]


for model in (ContactAttempt, Callback, Extension, Escalation):

    @admin.register(model)
    class _ReadOnly(ReadOnlyAdmin):
        list_display = ("__str__", "order")
        search_fields = ("order__number",)
        list_select_related = ("order",)


@admin.register(DeskComplaint)
class DeskComplaintAdmin(ReadOnlyAdmin):
    list_display = ("store", "at", "clerk", "category", "settled", "work_order")
    list_filter = ("settled", "category", "store")
    search_fields = ("store__code", "description", "work_order__number")
    date_hierarchy = "business_date"
