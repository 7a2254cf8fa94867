from django import forms
from django.contrib import admin

from .codes import PeriodCodeError, parse_period
from .models import Period

DERIVED = ("period_type", "year", "start", "end", "window_start", "window_end", "name")


class PeriodForm(forms.ModelForm):
    class Meta:
        model = Period
        fields = ["code"]

    def clean_code(self):
        try:
            return parse_period(self.cleaned_data["code"]).code
        except PeriodCodeError as e:
            raise forms.ValidationError(str(e)) from e


@admin.register(Period)
class PeriodAdmin(admin.ModelAdmin):
    """Only the code is typed; dates, window and name always follow from it."""

    form = PeriodForm
    list_display = ["code", "name", "period_type", "start", "end", "window_start", "window_end"]
    list_filter = ["period_type", "year"]
    search_fields = ["code", "name"]
    readonly_fields = DERIVED

    def save_model(self, request, obj, form, change):
        spec = parse_period(obj.code)
        for field in DERIVED:
            setattr(obj, field, getattr(spec, field))
        super().save_model(request, obj, form, change)
