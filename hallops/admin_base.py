"""The one read-only admin: records that only the services write are viewed, never edited.

Adding, changing or deleting such a row in /admin/ would bypass the service that locks it,
audits it and keeps its totals, so all three are refused (pages and the audit trail are
where these records are corrected, by linked entries).
"""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
