"""Admin for cash configuration; money records are shown read-only (they change only
through the services, which lock, audit and never edit a confirmed record)."""

from django.contrib import admin

from hallops import models
from hallops.admin_base import ReadOnlyAdmin


class TailCashLimitInline(admin.TabularInline):
    model = models.TailCashLimit
    extra = 0


@admin.register(models.CashPolicy)
class CashPolicyAdmin(admin.ModelAdmin):
    list_display = ["__str__", "float_cap", "tolerance", "drop_cap", "adjustment_cap"]
    search_fields = ["store__code", "store__name"]
    autocomplete_fields = ["store"]
    inlines = [TailCashLimitInline]


@admin.register(models.DiscrepancyReason)
class DiscrepancyReasonAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "applies_to", "store", "is_active", "sort_order"]
    list_filter = ["applies_to", "is_active"]
    list_editable = ["is_active", "sort_order"]
    search_fields = ["code", "name", "name_en"]
    autocomplete_fields = ["store"]


@admin.register(models.TillSession)
class TillSessionAdmin(ReadOnlyAdmin):
    list_display = ["business_date", "store", "clerk", "shift_type", "status", "opening_float"]
    list_filter = ["status", "store"]
    date_hierarchy = "business_date"
    search_fields = ["clerk__username", "store__name"]
    list_select_related = ["store", "clerk", "shift_type"]


@admin.register(models.TillDifference)
class TillDifferenceAdmin(ReadOnlyAdmin):
    list_display = ["session", "method", "kind", "amount", "reason", "destination"]
    list_filter = ["kind", "destination", "session__store"]
    list_select_related = ["session__clerk", "session__shift_type", "reason"]


@admin.register(models.BankDeposit)
class BankDepositAdmin(ReadOnlyAdmin):
    list_display = ["collected_at", "store", "slip_no", "cash_amount", "cheque_amount",
                    "is_mismatch"]
    list_filter = ["is_mismatch", "store"]
    search_fields = ["slip_no"]


@admin.register(models.TailCashRecord)
class TailCashRecordAdmin(ReadOnlyAdmin):
    list_display = ["business_date", "store", "amount", "limit", "daily_takings"]
    list_filter = ["store"]
