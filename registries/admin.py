"""Admin of the registries: every save and delete goes through ``registries.actions``
(validation + audit).  OCOP evaluations are shown read-only: they are written by the
workflow pages (proposal, evaluation) so the rule in force is always applied."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from audit.models import Channel

from . import actions
from .models import (
    Certification,
    Cooperative,
    CooperativeYear,
    Farm,
    LivestockFacility,
    OcopEvaluation,
    OcopProduct,
    PlantingCode,
    RegistryCoverage,
)

REASON = "Sửa trên trang quản trị"


def _data(obj, form) -> dict:
    names = {f.name for f in obj._meta.concrete_fields}
    return {name: getattr(obj, name) for name in form.cleaned_data if name in names}


class ActionAdmin(admin.ModelAdmin):
    """Saves and deletes through the audited actions."""

    def save_model(self, request, obj, form, change):
        try:
            if change:
                actions.do_update(obj, _data(obj, form), user=request.user, channel=Channel.ADMIN, reason=REASON)
            else:
                saved = actions.do_create(type(obj), _data(obj, form), user=request.user, channel=Channel.ADMIN,
                                          reason=REASON)
                obj.pk = saved.pk
                obj._state.adding = False
        except ValidationError as e:
            messages.error(request, "; ".join(e.messages))

    def delete_model(self, request, obj):
        actions.do_delete(obj, user=request.user, channel=Channel.ADMIN, reason=REASON)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


class RecordAdmin(ActionAdmin):
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]
    readonly_fields = ["version", "created_at", "updated_at"]
    list_filter = ["is_placeholder"]


class EvaluationInline(admin.TabularInline):
    model = OcopEvaluation
    extra = 0
    can_delete = False
    fields = ["proposed_on", "proposer", "proposed_stars", "evaluated_on", "score", "stars", "result",
              "decision_no", "decision_date", "decision_level", "valid_until", "workflow"]
    readonly_fields = fields
    verbose_name_plural = _("Lịch sử đánh giá, phân hạng (ghi qua trang đề xuất, đánh giá)")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(OcopProduct)
class OcopProductAdmin(RecordAdmin):
    list_display = ["name", "owner_name", "unit", "group", "stars", "decision_date", "valid_until", "status",
                    "is_placeholder"]
    list_filter = ["status", "stars", "group", "is_placeholder"]
    search_fields = ["name", "owner_name", "decision_no", "unit__code", "unit__name"]
    autocomplete_fields = ["unit", "cooperative"]
    readonly_fields = ["status", "score", "stars", "decision_no", "decision_date", "decision_level", "valid_until",
                       "revoked_on", "revoked_reason", "version", "created_at", "updated_at"]
    inlines = [EvaluationInline]


@admin.register(OcopEvaluation)
class OcopEvaluationAdmin(admin.ModelAdmin):
    list_display = ["product", "proposed_on", "evaluated_on", "stars", "result", "decision_date", "valid_until",
                    "workflow"]
    list_filter = ["result", "stars", "workflow"]
    list_select_related = ["product"]
    search_fields = ["product__name", "decision_no"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CooperativeYearInline(admin.TabularInline):
    model = CooperativeYear
    extra = 0
    can_delete = False
    fields = ["year", "revenue", "member_income", "members"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Cooperative)
class CooperativeAdmin(RecordAdmin):
    list_display = ["name", "kind", "unit", "field", "founded_on", "members", "status", "is_placeholder"]
    list_filter = ["kind", "field", "status", "is_placeholder"]
    search_fields = ["name", "registration_no", "unit__code", "unit__name"]
    inlines = [CooperativeYearInline]


@admin.register(CooperativeYear)
class CooperativeYearAdmin(admin.ModelAdmin):
    list_display = ["cooperative", "year", "revenue", "member_income", "members"]
    list_select_related = ["cooperative"]
    autocomplete_fields = ["cooperative"]
    search_fields = ["cooperative__name"]

    def save_model(self, request, obj, form, change):
        try:
            actions.do_set_coop_year(obj.cooperative, obj.year, revenue=obj.revenue, member_income=obj.member_income,
                                     members=obj.members, user=request.user, channel=Channel.ADMIN)
        except ValidationError as e:
            messages.error(request, "; ".join(e.messages))
            return
        obj.pk = CooperativeYear.objects.get(cooperative=obj.cooperative, year=obj.year).pk
        obj._state.adding = False

    def delete_model(self, request, obj):
        actions.do_delete(obj, user=request.user, channel=Channel.ADMIN, reason=REASON)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(Farm)
class FarmAdmin(RecordAdmin):
    list_display = ["owner", "name", "unit", "farm_type", "area_ha", "workers", "status", "is_placeholder"]
    list_filter = ["farm_type", "status", "is_placeholder"]
    search_fields = ["owner", "name", "unit__code", "unit__name"]


@admin.register(LivestockFacility)
class LivestockFacilityAdmin(RecordAdmin):
    list_display = ["owner", "species", "unit", "scale", "biosafety", "status", "is_placeholder"]
    list_filter = ["species", "biosafety", "status", "is_placeholder"]
    search_fields = ["owner", "name", "unit__code", "unit__name"]
    autocomplete_fields = ["unit", "farm"]


@admin.register(Certification)
class CertificationAdmin(RecordAdmin):
    list_display = ["holder", "standard", "sector", "product", "unit", "area_ha", "volume_m3", "valid_until",
                    "status", "is_placeholder"]
    list_filter = ["standard", "sector", "status", "is_placeholder"]
    search_fields = ["holder", "product", "certificate_no", "unit__code", "unit__name"]


@admin.register(PlantingCode)
class PlantingCodeAdmin(RecordAdmin):
    list_display = ["code", "kind", "crop", "holder", "unit", "area_ha", "market", "valid_until", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["code", "crop", "holder", "market", "unit__code", "unit__name"]


@admin.register(RegistryCoverage)
class RegistryCoverageAdmin(ActionAdmin):
    list_display = ["register", "unit", "since", "until", "note"]
    list_filter = ["register"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]
    search_fields = ["unit__code", "unit__name"]

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        row, _ = actions.do_declare_coverage(obj.register, obj.unit, since=obj.since, until=obj.until,
                                             note=obj.note, user=request.user, channel=Channel.ADMIN)
        obj.pk = row.pk
        obj._state.adding = False
