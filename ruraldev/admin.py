"""Admin pages for criteria sets.  A province officer (``is_staff``) sees the national sets
read only and their province's own sets; the action "Sao chép …" makes a copy (the
administrator: the next version of the same set; a province officer: the province's own
set).  Saving a set, criterion, indicator or threshold of a set already used in an
evaluation goes through ``ruraldev.actions.do_revise``: the change lands on a new version
and past evaluations keep theirs."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import reverse

from accounts.admin_access import is_province_officer
from accounts.scope import assigned_units, readable_units
from audit.models import Channel
from units.models import Level as UnitLevel

from . import actions
from .models import CriteriaSet, Criterion, CriterionIndicator, Evaluation, Recognition, Threshold

SET_PATH = {CriteriaSet: "", Criterion: "criteria_set", CriterionIndicator: "criterion__criteria_set",
            Threshold: "indicator__criterion__criteria_set"}


def _province_of(user):
    for u in assigned_units(user):
        if u.level == UnitLevel.PROVINCE:
            return u
    return None


class _SetRowAdmin(admin.ModelAdmin):
    """Permissions and the revise-on-save rule shared by the four admins."""

    def _officer(self, request) -> bool:
        return not request.user.is_superuser and is_province_officer(request)

    def _set_of(self, obj):
        return obj.owning_set() if obj is not None else None

    def _own(self, request, obj) -> bool:
        s = self._set_of(obj)
        return s is None or (s.province_id is not None
                             and readable_units(request.user).filter(pk=s.province_id).exists())

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if self._officer(request):
            path = SET_PATH[self.model]
            prefix = f"{path}__" if path else ""
            qs = qs.filter(Q(**{f"{prefix}province__isnull": True})
                           | Q(**{f"{prefix}province__in": readable_units(request.user)}))
        return qs

    def has_module_permission(self, request):
        return self._officer(request) or super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self._officer(request) or super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return (self._officer(request) and self.model is not CriteriaSet) or super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return (self._officer(request) and self._own(request, obj)) or super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        s = self._set_of(obj)
        if s is not None and s.in_use():
            return False
        return (self._officer(request) and self._own(request, obj)) or super().has_delete_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # A province officer adds rows only to the province's own sets.
        related = {"criteria_set": (CriteriaSet, "province"), "criterion": (Criterion, "criteria_set__province"),
                   "indicator": (CriterionIndicator, "criterion__criteria_set__province")}
        if self._officer(request) and db_field.name in related:
            model, path = related[db_field.name]
            kwargs["queryset"] = model.objects.filter(**{f"{path}__in": readable_units(request.user)})
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if change and self._set_of(obj) is not None and self._set_of(obj).in_use():
            changes = {name: form.cleaned_data[name] for name in form.changed_data}
            revised = actions.do_revise(obj, changes, user=request.user, channel=Channel.ADMIN)
            self._revised = revised
            messages.warning(request, f"Bộ tiêu chí đã được dùng để đánh giá nên không sửa tại chỗ: thay đổi được "
                                      f"ghi vào phiên bản mới ({revised.owning_set()}).")
            return
        super().save_model(request, obj, form, change)

    def response_change(self, request, obj):
        revised = getattr(self, "_revised", None)
        if revised is not None:
            self._revised = None
            meta = revised._meta
            return redirect(reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[revised.pk]))
        return super().response_change(request, obj)


@admin.action(description="Sao chép thành phiên bản mới (quản trị) hoặc bộ riêng của tỉnh (cán bộ tỉnh)",
              permissions=["view"])
def copy_sets(modeladmin, request, queryset):
    province = _province_of(request.user) if modeladmin._officer(request) else None
    if modeladmin._officer(request) and province is None:
        messages.error(request, "Tài khoản không gắn với một tỉnh.")
        return
    for s in queryset:
        if province is not None and s.province_id != province.pk:
            copy = actions.do_copy_set(s, user=request.user, code=f"{s.code}-{province.code}",
                                       name=f"{s.name} — {province.name}", province=province)
        else:
            copy = actions.do_copy_set(s, user=request.user)
        messages.success(request, f"Đã tạo {copy}.")


class ThresholdInline(admin.TabularInline):
    model = Threshold
    extra = 0
    fields = ("group", "comparison", "value", "accepted", "is_placeholder", "note")
    show_change_link = True

    def has_change_permission(self, request, obj=None):
        return False  # thresholds are changed on their own page (a new version when in use)

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CriteriaSet)
class CriteriaSetAdmin(_SetRowAdmin):
    list_display = ("name", "version", "level", "decision_number", "in_force_from", "in_force_until", "province",
                    "placeholder_count")
    list_filter = ("level", "code")
    search_fields = ("name", "code", "decision_number")
    actions = [copy_sets]
    readonly_fields = ("based_on",)

    def get_readonly_fields(self, request, obj=None):
        ro = ["based_on", "version", "code"]
        if self._officer(request):
            ro.append("province")
        return ro

    @admin.display(description="Số ngưỡng tạm")
    def placeholder_count(self, obj):
        return obj.placeholder_count


@admin.register(Criterion)
class CriterionAdmin(_SetRowAdmin):
    list_display = ("__str__", "criteria_set")
    list_filter = ("criteria_set",)


@admin.register(CriterionIndicator)
class CriterionIndicatorAdmin(_SetRowAdmin):
    list_display = ("code", "name", "kind", "catalogue_code", "criterion")
    list_filter = ("criterion__criteria_set",)
    search_fields = ("code", "name")
    inlines = [ThresholdInline]


@admin.register(Threshold)
class ThresholdAdmin(_SetRowAdmin):
    list_display = ("__str__", "group", "comparison", "value", "is_placeholder", "set_name")
    list_filter = ("is_placeholder", "indicator__criterion__criteria_set")
    search_fields = ("indicator__code", "indicator__name")

    @admin.display(description="Bộ tiêu chí")
    def set_name(self, obj):
        return str(obj.owning_set())


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    list_display = ("unit", "year", "criteria_set", "status")
    list_filter = ("status", "year")
    readonly_fields = [f.name for f in Evaluation._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Recognition)
class RecognitionAdmin(admin.ModelAdmin):
    list_display = ("unit", "level", "decision_number", "decided_on", "withdrawn_on")
    list_filter = ("level",)
    readonly_fields = [f.name for f in Recognition._meta.fields]

    def has_add_permission(self, request):
        return False
