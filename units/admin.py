from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Unit, UnitSuccession


class SuccessorInline(admin.TabularInline):
    model = UnitSuccession
    fk_name = "predecessor"
    extra = 0
    autocomplete_fields = ["successor"]
    verbose_name_plural = _("Đơn vị mới (sau 01/07/2025)")


class PredecessorInline(admin.TabularInline):
    model = UnitSuccession
    fk_name = "successor"
    extra = 0
    autocomplete_fields = ["predecessor"]
    verbose_name_plural = _("Đơn vị cũ hợp thành (trước 01/07/2025)")


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "unit_type", "level", "parent", "valid_from", "valid_to"]
    list_filter = ["level", "unit_type", "valid_to"]
    search_fields = ["code", "name", "former_name"]
    autocomplete_fields = ["parent"]
    inlines = [SuccessorInline, PredecessorInline]
    list_select_related = ["parent"]


@admin.register(UnitSuccession)
class UnitSuccessionAdmin(admin.ModelAdmin):
    list_display = ["predecessor", "successor", "effective_date"]
    search_fields = ["predecessor__name", "predecessor__code", "successor__name", "successor__code"]
    autocomplete_fields = ["predecessor", "successor"]
    list_select_related = ["predecessor", "successor"]
