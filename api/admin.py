from django.contrib import admin
from django.db import models

from .models import Dhis2DataSet, Dhis2Instance, Dhis2Mapping


class Dhis2DataSetInline(admin.StackedInline):
    model = Dhis2DataSet
    extra = 0
    fields = ["uid", "name", "indicators"]
    filter_horizontal = ["indicators"]


@admin.register(Dhis2Instance)
class Dhis2InstanceAdmin(admin.ModelAdmin):
    list_display = ["name", "url", "description"]
    search_fields = ["name", "url"]
    inlines = [Dhis2DataSetInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Dhis2Mapping)
class Dhis2MappingAdmin(admin.ModelAdmin):
    list_display = ["uid", "kind", "name", "instance", "indicator", "option", "unit"]
    list_filter = ["instance", "kind"]
    search_fields = ["uid", "name", "indicator__code", "option__code", "unit__code", "unit__name"]
    list_select_related = ["instance", "indicator", "option", "unit"]
    autocomplete_fields = ["indicator", "option", "unit"]
    fields = ["instance", "kind", "uid", "name", "indicator", "option", "unit"]
