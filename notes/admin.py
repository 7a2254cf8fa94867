from django.contrib import admin, messages

from accounts.admin_access import ProvinceManagedAdmin
from audit.models import Channel

from .actions import NoteRefused, do_delete, do_save_note, do_save_statement
from .models import Note, Statement


class _Audited(ProvinceManagedAdmin):
    def save_model(self, request, obj, form, change):
        save = do_save_note if isinstance(obj, Note) else do_save_statement
        try:
            save(obj, user=request.user, channel=Channel.ADMIN, reason="Sửa trên trang quản trị")
        except NoteRefused as e:
            for p in e.problems:
                messages.error(request, p)

    def delete_model(self, request, obj):
        do_delete(obj, user=request.user, channel=Channel.ADMIN, reason="Xóa trên trang quản trị")

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(Note)
class NoteAdmin(_Audited):
    list_display = ["unit", "period", "date", "kind", "topic", "text", "is_placeholder"]
    list_filter = ["kind", "is_placeholder"]
    search_fields = ["text", "topic", "source"]
    autocomplete_fields = ["unit", "period"]


@admin.register(Statement)
class StatementAdmin(_Audited):
    list_display = ["unit", "period", "label", "left", "value", "right", "multiple"]
    search_fields = ["label", "quote", "source"]
    autocomplete_fields = ["unit", "period", "base_period"]
