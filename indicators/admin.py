from django import forms
from django.contrib import admin, messages
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.admin_access import ProvinceManagedAdmin, is_province_officer
from accounts.scope import readable_province_codes

from .crossing import CrossingError, cross, sync_combinations
from .models import Disaggregation, Indicator, Option


class _BreakdownPermissions:
    """A province officer adds breakdowns (with their options) for the province's own
    indicators in the same sitting as the indicator, sees every breakdown, and changes or
    deletes only one that no indicator of another province (nor the national catalogue)
    uses.  Everything else stays with the admin."""

    def _officer(self, request) -> bool:
        return not request.user.is_superuser and is_province_officer(request)

    def _own(self, request, disaggregation) -> bool:
        if disaggregation is None:
            return True
        codes = readable_province_codes(request.user) or set()
        users = Indicator.objects.filter(Q(disaggregation=disaggregation)
                                         | Q(disaggregation__categories=disaggregation))
        return not users.exclude(unit__code__in=sorted(codes)).exists()

    def has_module_permission(self, request):
        return self._officer(request) or super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self._officer(request) or super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return self._officer(request) or super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return (self._officer(request) and self._own(request, self._parent(obj))) or \
            super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return (self._officer(request) and self._own(request, self._parent(obj))) or \
            super().has_delete_permission(request, obj)

    def _parent(self, obj):
        return obj


class OptionInline(_BreakdownPermissions, admin.TabularInline):
    model = Option
    fk_name = "disaggregation"
    extra = 0
    fields = ["code", "name", "sort_order", "part_of", "parts_add_up"]


@admin.register(Disaggregation)
class DisaggregationAdmin(_BreakdownPermissions, admin.ModelAdmin):
    list_display = ["code", "name", "crossed"]
    search_fields = ["code", "name"]
    filter_horizontal = ["categories"]
    inlines = [OptionInline]

    @admin.display(description=_("kết hợp"))
    def crossed(self, obj) -> str:
        return " × ".join(c.code for c in obj.categories.all())

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        try:
            created = sync_combinations(form.instance)
        except CrossingError as e:
            self.message_user(request, str(e), messages.ERROR)
            return
        if created:
            self.message_user(request, _("Đã tạo %(n)d tổ hợp nhóm.") % {"n": created}, messages.SUCCESS)


class IndicatorForm(forms.ModelForm):
    """An indicator with zero, one or several breakdowns, chosen in one place: with two or
    more, the crossing of them is found or created (``indicators.crossing.cross``)."""

    breakdowns = forms.ModelMultipleChoiceField(
        label=_("phân tổ"), required=False, queryset=Disaggregation.objects.filter(categories__isnull=True),
        widget=admin.widgets.FilteredSelectMultiple(_("phân tổ"), is_stacked=False),
        help_text=_("Không chọn: chỉ có số tổng. Một phân tổ: chia theo phân tổ đó. Hai phân tổ trở lên: chia theo "
                    "mọi tổ hợp (ví dụ loài gia cầm × hình thức chăn nuôi); hệ thống trả lời mọi tổng theo từng "
                    "nhóm và tổng chung."),
    )

    class Meta:
        model = Indicator
        fields = ["code", "name", "unit", "description", "measure", "group", "kind", "aggregation",
                  "time_aggregation", "options_add_up", "formula", "formula_scale", "decimals", "non_negative",
                  "sort_order", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        d = self.instance.disaggregation if self.instance.pk else None
        if d is not None:
            cats = list(d.categories.all())
            self.initial["breakdowns"] = cats or [d]

    def clean(self):
        data = super().clean()
        chosen = list(data.get("breakdowns") or [])
        self.crossing = None
        if len(chosen) >= 2:
            try:
                self.crossing = cross(chosen)
            except CrossingError as e:
                self.add_error("breakdowns", str(e))
        elif chosen:
            self.crossing = chosen[0]
        if (self.instance.pk and self.instance.disaggregation_id != (self.crossing.pk if self.crossing else None)
                and _has_values(self.instance)):
            self.add_error("breakdowns", _("Chỉ tiêu đã có số liệu theo phân tổ hiện tại; không đổi phân tổ được."))
        return data

    def save(self, commit=True):
        self.instance.disaggregation = self.crossing
        return super().save(commit)


def _has_values(indicator: Indicator) -> bool:
    from datavalues.models import DataValue

    return DataValue.objects.filter(indicator=indicator).exists()


class CatalogueFilter(admin.SimpleListFilter):
    title = _("danh mục")
    parameter_name = "danh_muc"

    def lookups(self, request, model_admin):
        return [("chung", _("Danh mục chung cả nước")), ("rieng", _("Chỉ tiêu riêng của tỉnh"))]

    def queryset(self, request, queryset):
        if self.value() == "chung":
            return queryset.filter(unit__isnull=True)
        if self.value() == "rieng":
            return queryset.filter(unit__isnull=False)
        return queryset


@admin.register(Indicator)
class IndicatorAdmin(ProvinceManagedAdmin):
    """The administrator manages the national catalogue and every province's indicators; a
    province officer adds and edits the indicators of their province (the "địa bàn" is
    one of their territory) and sees the national catalogue read only — another
    province's indicators are not shown (``accounts.admin_access``, ``indicators.visibility``)."""

    unit_field = "unit"
    form = IndicatorForm
    list_display = ["code", "name", "measure", "group", "kind", "aggregation", "time_aggregation", "disaggregation",
                    "unit"]
    list_filter = [CatalogueFilter, "group", "kind", "aggregation", "time_aggregation", "is_active"]
    search_fields = ["code", "name", "description"]
    list_select_related = ["disaggregation", "unit"]

    def get_queryset(self, request):
        # Not ProvinceManagedAdmin's (rows of the territory only): the officer also sees
        # the national catalogue, which forms and targets of the province use.
        from .visibility import visible_indicators

        qs = super(ProvinceManagedAdmin, self).get_queryset(request)
        return visible_indicators(request.user, qs) if self._officer(request) else qs

    def has_view_permission(self, request, obj=None):
        if obj is not None and obj.unit_id is None and self._officer(request):
            return True  # the national catalogue, read only (changing it stays the admin's)
        return super().has_view_permission(request, obj)

    @admin.display(description=_("phân tổ"))
    def breakdowns(self, obj) -> str:
        """The breakdowns, on the read-only page of a national indicator."""
        d = obj.disaggregation
        if d is None:
            return "—"
        return " × ".join(c.name for c in d.categories.order_by("code")) or d.name


@admin.register(Option)
class OptionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "disaggregation", "part_of", "parts_add_up", "sort_order"]
    list_filter = ["disaggregation"]
    search_fields = ["code", "name"]
