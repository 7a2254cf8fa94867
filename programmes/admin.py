from django.contrib import admin

from accounts.admin_access import ProvinceManagedAdmin, ProvinceManagedInline
from datavalues.admin_base import FigureAdmin

from .models import Programme, Target
from .writing import do_set_targets


class TargetInlineReadOnly(ProvinceManagedInline, admin.TabularInline):
    model = Target
    extra = 0
    fields = ["indicator", "option", "unit", "period", "operator", "value"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # read-only here: targets are edited on their own page

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Programme)
class ProgrammeAdmin(ProvinceManagedAdmin):
    list_display = ["code", "doc_type", "title", "unit", "term", "signed_on"]
    list_filter = ["doc_type"]
    search_fields = ["code", "title", "issuer"]
    autocomplete_fields = ["unit", "term", "parent"]
    inlines = [TargetInlineReadOnly]


@admin.register(Target)
class TargetAdmin(ProvinceManagedAdmin, FigureAdmin):
    list_display = ["programme", "indicator", "option", "unit", "period", "operator", "value"]
    list_filter = ["programme", "indicator__group"]
    extra_key_fields = ["programme"]
    autocomplete_fields = FigureAdmin.autocomplete_fields + ["programme"]

    def attrs_of(self, obj):
        return (("operator", obj.operator),)

    def write(self, request, obj, changes):
        do_set_targets(obj.programme, changes, user=request.user, channel=self.channel,
                       reason="Sửa trên trang quản trị")
