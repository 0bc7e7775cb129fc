from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from hallops.admin_base import ReadOnlyAdmin, ReadOnlyInline
from hr.models import (
    Assessment,
    AssessmentItem,
    AssessmentScheme,
    AssessmentScore,
    Certificate,
    StaffFile,
    TeamActivity,
    TrainingAttendance,
    TrainingSession,
)


class ItemFormSet(BaseInlineFormSet):
    """A scheme's item weights must add up to 100."""

    def clean(self):
        super().clean()
        total = 0
        for form in self.forms:
            if not getattr(form, "cleaned_data", None) or form.cleaned_data.get("DELETE"):
                continue
            total += form.cleaned_data.get("weight") or 0
            kind, measure = form.cleaned_data.get("kind"), form.cleaned_data.get("measure")
            if kind == AssessmentItem.Kind.MEASURED and not measure:
                form.add_error("measure", _("A measured item needs its measure."))
            if kind == AssessmentItem.Kind.JUDGED and measure:
                form.add_error("measure", _("A judged item has no measure."))
            weight, low = form.cleaned_data.get("weight"), form.cleaned_data.get("min_score")
            if weight is not None and low is not None and low > weight:
                form.add_error("min_score", _("The lowest score cannot exceed the weight."))
        if total != 100:
            raise ValidationError(_("The weights add up to %(total)d; they must add up to 100.")
                                  % {"total": total})


class ItemInline(admin.TabularInline):
    model = AssessmentItem
    formset = ItemFormSet
    extra = 0
    fields = ("sort_order", "code", "name", "name_en", "kind", "measure", "weight", "min_score",
              "deduction", "guidance")


@admin.register(AssessmentScheme)
class AssessmentSchemeAdmin(admin.ModelAdmin):
    list_display = ("name", "name_en", "role", "is_active")
    list_filter = ("role", "is_active")
    search_fields = ("name", "name_en", "items__name")
    inlines = [ItemInline]


class ScoreInline(ReadOnlyInline):
    model = AssessmentScore
    readonly_fields = ("item", "figure", "figure_text", "score", "comment")


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ("user", "store", "month", "role", "status", "total")
    list_filter = ("status", "role", "month")
    search_fields = ("user__username", "user__first_name", "user__last_name", "store__name")
    inlines = [ScoreInline]


class CertificateInline(admin.TabularInline):
    model = Certificate
    extra = 0


@admin.register(StaffFile)
class StaffFileAdmin(admin.ModelAdmin):
    list_display = ("user", "store", "post", "position", "hire_date", "start_date", "ended_on")
    list_filter = ("store", "post")
    search_fields = ("user__username", "user__first_name", "user__last_name", "position")
    inlines = [CertificateInline]


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ("staff_file", "kind", "name", "number", "expires_on")
    list_filter = ("kind",)
    search_fields = ("name", "number", "staff_file__user__first_name", "staff_file__user__last_name")


class AttendanceInline(admin.TabularInline):
    model = TrainingAttendance
    extra = 0


@admin.register(TrainingSession)
class TrainingSessionAdmin(admin.ModelAdmin):
    list_display = ("held_on", "store", "topic", "trainer")
    list_filter = ("store",)
    search_fields = ("topic", "trainer", "material")
    inlines = [AttendanceInline]


@admin.register(TeamActivity)
class TeamActivityAdmin(admin.ModelAdmin):
    list_display = ("held_on", "store", "title", "status", "cost")
    list_filter = ("status", "store")
    search_fields = ("title", "plan", "report")
