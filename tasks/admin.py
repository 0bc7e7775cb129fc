from django.contrib import admin

from hallops.admin_base import ReadOnlyAdmin

from .models import Task


@admin.register(Task)
class TaskAdmin(ReadOnlyAdmin):
    list_display = ("title", "store", "due_date", "priority", "status", "assigned_by")
    list_filter = ("status", "priority", "store")
    search_fields = ("title",)
