from django.contrib import admin

from hallops.admin_base import ReadOnlyAdmin, ReadOnlyInline

from .models import (
    CheckForm,
    CheckItem,
    CheckResult,
    FollowUp,
    MysteryScore,
    MysteryVisit,
    ServiceCheck,
    Violation,
)


class CheckItemInline(admin.TabularInline):
    model = CheckItem
    extra = 0
    fields = ("sort_order", "code", "article", "name", "name_en", "points", "fault", "fault_en",
              "is_active")


@admin.register(CheckForm)
class CheckFormAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "name_en", "is_default", "is_active", "mystery_low_percent")
    list_filter = ("is_active", "is_default")
    search_fields = ("code", "name", "name_en")
    inlines = [CheckItemInline]


@admin.register(CheckItem)
class CheckItemAdmin(admin.ModelAdmin):
    list_display = ("form", "sort_order", "code", "name", "article", "points", "is_active")
    list_display_links = ("code", "name")
    list_filter = ("form", "article__section", "is_active")
    search_fields = ("code", "name", "name_en", "fault", "fault_en")


class CheckResultInline(ReadOnlyInline):
    model = CheckResult
    readonly_fields = ("item", "passed", "points", "note")


@admin.register(ServiceCheck)
class ServiceCheckAdmin(ReadOnlyAdmin):
    """Read-only: checks are recorded on the floor through the service so each is audited."""

    list_display = ("business_date", "store", "staff", "checked_by", "score", "max_score",
                    "acknowledged_at")
    list_filter = ("store", "business_date")
    search_fields = ("staff__username", "staff__last_name", "staff__first_name", "note")
    inlines = [CheckResultInline]


class MysteryScoreInline(ReadOnlyInline):
    model = MysteryScore
    readonly_fields = ("item", "score", "points", "note")


@admin.register(MysteryVisit)
class MysteryVisitAdmin(ReadOnlyAdmin):
    list_display = ("visited_on", "store", "reference", "staff", "score", "max_score", "source")
    list_filter = ("store", "source", "visited_on")
    search_fields = ("reference", "note", "staff__last_name", "staff__first_name")
    inlines = [MysteryScoreInline]


class FollowUpInline(ReadOnlyInline):
    model = FollowUp
    readonly_fields = ("kind", "done_on", "note", "closes", "by")


@admin.register(Violation)
class ViolationAdmin(ReadOnlyAdmin):
    list_display = ("occurred_on", "store", "staff", "source", "description", "points", "state")
    list_filter = ("store", "source", "state")
    search_fields = ("description", "staff__last_name", "staff__first_name")
    inlines = [FollowUpInline]
