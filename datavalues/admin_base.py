"""Admin plumbing shared by data values and targets: every save and delete goes
through the audited write path, and a figure's key cannot be edited after creation."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages

from audit.models import Channel

from .validation import check_figure
from .writing import FigureChange, WriteRefused

KEY_FIELDS = ("indicator", "option", "unit", "period")


class FigureForm(forms.ModelForm):
    def clean(self):
        data = super().clean()
        ind = data.get("indicator") or getattr(self.instance, "indicator", None)
        unit = data.get("unit") or getattr(self.instance, "unit", None)
        period = data.get("period") or getattr(self.instance, "period", None)
        option = data.get("option") if "option" in data else getattr(self.instance, "option", None)
        value = data.get("value")
        if ind and unit and period:
            for msg in check_figure(ind, option, unit, period, value,
                                    for_target=hasattr(self.instance, "programme_id")):
                self.add_error(None, msg)
        return data


class FigureAdmin(admin.ModelAdmin):
    form = FigureForm
    list_select_related = ["indicator", "option", "unit", "period"]
    autocomplete_fields = ["indicator", "unit", "period"]
    readonly_fields = ["version", "updated_at", "updated_by"]
    search_fields = ["indicator__code", "indicator__name", "unit__code", "unit__name", "period__code"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields + list(KEY_FIELDS) + self.extra_key_fields if obj else fields

    extra_key_fields: list[str] = []

    def write(self, request, obj, changes):
        raise NotImplementedError

    def change_for(self, obj, value):
        return FigureChange(obj.indicator, obj.option, obj.unit, obj.period, value, comment=obj.comment,
                            source=obj.source, attrs=self.attrs_of(obj))

    def attrs_of(self, obj):
        return ()

    def save_model(self, request, obj, form, change):
        try:
            self.write(request, obj, [self.change_for(obj, obj.value)])
        except WriteRefused as e:
            messages.error(request, "; ".join(m for _, m in e.problems))
            return
        fresh = type(obj).objects.filter(**{f: getattr(obj, f) for f in KEY_FIELDS + tuple(self.extra_key_fields)
                                            }).first()
        if fresh:
            obj.pk = fresh.pk

    def delete_model(self, request, obj):
        self.write(request, obj, [self.change_for(obj, None)])

    def delete_queryset(self, request, queryset):
        for obj in queryset.select_related(*KEY_FIELDS):
            self.delete_model(request, obj)

    channel = Channel.ADMIN
