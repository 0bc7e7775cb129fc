"""Schedules of the workbooks, and the built files (read-only), in the admin."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hallops.admin_base import ReadOnlyAdmin

from .models import ReportFile, ReportSchedule
from .periods import next_run

TIMING_FIELDS = {"kind", "at_time", "weekday", "day_of_month", "enabled"}


@admin.register(ReportSchedule)
class ReportScheduleAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "store", "region", "at_time", "enabled", "next_run_at",
                    "last_run_at", "run_count", "error_count", "short_last_error"]
    list_filter = ["kind", "enabled", "region"]
    search_fields = ["name", "store__code", "store__name", "region__code", "recipients"]
    autocomplete_fields = ["store"]
    readonly_fields = ["next_run_at", "last_run_at", "run_count", "error_count", "last_error",
                       "last_error_at"]
    actions = ["reset_errors"]
    fieldsets = [
        (None, {"fields": ["name", "kind", "enabled", "store", "region", "language"]}),
        (_("When"), {"fields": ["at_time", "weekday", "day_of_month"]}),
        (_("E-mail"), {"fields": ["recipients"]}),
        (_("Runs"), {"fields": ["next_run_at", "last_run_at", "run_count", "error_count",
                                "last_error", "last_error_at"]}),
    ]

    @admin.display(description=_("last error"))
    def short_last_error(self, obj):
        return (obj.last_error[:80] + "…") if len(obj.last_error) > 80 else obj.last_error

    def save_model(self, request, obj, form, change):
        if not change or TIMING_FIELDS & set(form.changed_data) or obj.next_run_at is None:
            obj.next_run_at = next_run(obj, timezone.now())
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Reset the error count"))
    def reset_errors(self, request, queryset):
        queryset.update(error_count=0, last_error="", last_error_at=None)


@admin.register(ReportFile)
class ReportFileAdmin(ReadOnlyAdmin):
    list_display = ["kind", "store", "region", "period_start", "period_end", "status",
                    "progress", "attempts", "row_count", "requested_by", "finished_at"]
    list_filter = ["kind", "status", "store__region"]
    search_fields = ["store__code", "store__name", "region__code", "checksum"]
    date_hierarchy = "period_start"
    readonly_fields = [f.name for f in ReportFile._meta.fields]
