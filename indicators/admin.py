from django.contrib import admin

from .models import Disaggregation, Indicator, Option


class OptionInline(admin.TabularInline):
    model = Option
    fk_name = "disaggregation"
    extra = 0
    fields = ["code", "name", "sort_order", "part_of"]


@admin.register(Disaggregation)
class DisaggregationAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]
    inlines = [OptionInline]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "measure", "group", "kind", "aggregation", "time_aggregation", "disaggregation"]
    list_filter = ["group", "kind", "aggregation", "time_aggregation", "is_active"]
    search_fields = ["code", "name", "description"]
    list_select_related = ["disaggregation"]


@admin.register(Option)
class OptionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "disaggregation", "part_of", "sort_order"]
    list_filter = ["disaggregation"]
    search_fields = ["code", "name"]
