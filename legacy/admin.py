from django.contrib import admin

from .models import LegacyDocument


@admin.register(LegacyDocument)
class LegacyDocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "unit", "period", "uploaded_at"]
    readonly_fields = ["digest"]
    raw_id_fields = ["unit", "period"]

    def has_add_permission(self, request):  # uploads go through the page or legacy_upload
        return False
