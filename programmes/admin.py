from django.contrib import admin

from accounts.admin_access import ProvinceManagedAdmin, ProvinceManagedInline
from audit.models import Channel
from datavalues.admin_base import FigureAdmin

from .models import LegalBasis, Programme, Target
from .writing import do_delete_legal_basis, do_save_legal_basis, do_set_targets


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



class LegalBasisInline(ProvinceManagedInline, admin.TabularInline):
    model = LegalBasis
    fk_name = "programme"
    extra = 0
    fields = ["position", "doc_type", "number", "signed_on", "issuer", "title", "programme_ref"]


def _save_legal_bases(request, formset) -> None:
    """Legal bases edited inline go through the audited write path."""
    for obj in formset.save(commit=False):
        do_save_legal_basis(obj, user=request.user, channel=Channel.ADMIN, reason="Sửa trên trang quản trị")
    for obj in formset.deleted_objects:
        do_delete_legal_basis(obj, user=request.user, channel=Channel.ADMIN, reason="Xóa trên trang quản trị")


ProgrammeAdmin.inlines = [LegalBasisInline, *ProgrammeAdmin.inlines]
_default_save_formset = ProgrammeAdmin.save_formset


def _save_formset(self, request, form, formset, change):
    if formset.model is LegalBasis:
        return _save_legal_bases(request, formset)
    return _default_save_formset(self, request, form, formset, change)


ProgrammeAdmin.save_formset = _save_formset
