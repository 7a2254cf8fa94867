from django import forms
from django.contrib import admin, messages

from accounts.admin_access import ProvinceManagedAdmin, ProvinceManagedInline
from indicators.models import Indicator
from periods.models import PeriodType

from .models import FormRow, Plausibility, ReportForm, Submission, SubmissionEvent, ValidationRule


class FormRowForm(forms.ModelForm):
    class Meta:
        model = FormRow
        fields = ["sort_order", "section", "indicator", "label", "options", "total"]

    def clean(self):
        data = super().clean()
        indicator, options = data.get("indicator"), data.get("options")
        if indicator is not None and indicator.unit_id is not None:
            self._check_catalogue(indicator)
        if indicator is not None and options:
            wrong = [o.name for o in options if o.disaggregation_id != indicator.disaggregation_id]
            if wrong:
                raise forms.ValidationError(
                    f"Các nhóm không thuộc phân tổ của chỉ tiêu {indicator.code}: {', '.join(wrong)}.")
        return data

    def _check_catalogue(self, indicator) -> None:
        """A province's own indicator goes only on forms of that province (indicators.visibility)."""
        from indicators.visibility import province_code

        # The form being saved (its fields as posted): the inline's parent, not the stored row.
        parent = self.cleaned_data.get("form")
        if parent is None:
            try:
                parent = self.instance.form
            except ReportForm.DoesNotExist:
                parent = None
        root = parent.root_unit if parent is not None else None
        if root is None or province_code(root) != province_code(indicator.unit):
            raise forms.ValidationError(
                f"Chỉ tiêu {indicator.code} là chỉ tiêu riêng của {indicator.unit.name}: chỉ dùng trong biểu mẫu "
                "áp dụng cho địa bàn thuộc tỉnh đó.")


class FormRowInline(ProvinceManagedInline, admin.TabularInline):
    model = FormRow
    form = FormRowForm
    extra = 1
    autocomplete_fields = ["indicator"]
    filter_horizontal = ["options"]
    fields = ["sort_order", "section", "indicator", "label", "options", "total"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "indicator":
            from indicators.visibility import visible_indicators

            # The national catalogue and the indicators of the provinces the user works in.
            kwargs["queryset"] = visible_indicators(request.user, Indicator.objects.select_related("unit"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(ReportForm)
class ReportFormAdmin(ProvinceManagedAdmin):
    unit_field = "root_unit"
    list_display = ["code", "name", "period_type", "level", "root_unit", "deadline_offset_days", "version",
                    "is_active"]
    list_filter = ["period_type", "level", "is_active"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["root_unit"]
    inlines = [FormRowInline]

    def save_related(self, request, form, formsets, change):
        rows_changed = any(fs.has_changed() for fs in formsets)
        super().save_related(request, form, formsets, change)
        if change and rows_changed:
            obj = form.instance
            obj.version += 1
            obj.save(update_fields=["version"])
            messages.info(request, f"Các dòng của biểu đã đổi: biểu lên phiên bản {obj.version}; "
                                   "tệp Excel mẫu cũ sẽ bị từ chối.")


class RuleForm(forms.ModelForm):
    period_types = forms.MultipleChoiceField(choices=PeriodType.choices, required=False,
                                             widget=forms.CheckboxSelectMultiple, label="Áp dụng cho loại kỳ",
                                             help_text="Để trống: mọi loại kỳ.")

    class Meta:
        model = ValidationRule
        fields = ["code", "name", "left", "operator", "right", "per_option", "tolerance", "importance",
                  "period_types", "is_active"]


@admin.register(ValidationRule)
class ValidationRuleAdmin(ProvinceManagedAdmin):
    unit_field = None  # system-wide (see accounts.admin_access)
    form = RuleForm
    list_display = ["code", "name", "left", "operator", "right", "per_option", "importance", "is_active"]
    list_filter = ["importance", "is_active"]
    search_fields = ["code", "name", "left", "right"]


@admin.register(Plausibility)
class PlausibilityAdmin(admin.ModelAdmin):
    list_display = ["__str__", "min_value", "max_value", "max_ratio", "years"]
    autocomplete_fields = ["indicator"]


class EventInline(admin.TabularInline):
    model = SubmissionEvent
    extra = 0
    can_delete = False
    readonly_fields = ["at", "user", "action", "from_status", "to_status", "reason"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    """Read-only: the workflow changes only through the entry page (collection.actions)."""

    list_display = ["form", "unit", "period", "status", "submitted_at", "approved_at"]
    list_filter = ["status", "form", "period__period_type"]
    search_fields = ["unit__code", "unit__name", "form__code", "period__code"]
    list_select_related = ["form", "unit", "period"]
    inlines = [EventInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
