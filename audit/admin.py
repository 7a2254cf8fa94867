from django.contrib import admin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the trail can be searched and read, never edited or deleted."""

    list_display = ["at", "username", "channel", "action", "object_type", "indicator_code", "option_code",
                    "unit_code", "period_code", "old", "new"]
    list_filter = ["channel", "action", "object_type"]
    search_fields = ["username", "indicator_code", "unit_code", "period_code", "programme_code"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
