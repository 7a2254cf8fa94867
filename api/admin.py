"""The DHIS2 mapping in the admin: instances and data sets (administrators), and the
UID ↔ code table, which administrators and province officers edit.

A province officer (``accounts.admin_access``) sees and edits the mapping rows of the
units in their territory and the rows that name no unit (data elements, categories,
category options and combos, shared by every province exchanging with the instance);
org unit choices are limited to the territory.  The table is exported as the CSV file
``dhis2_load_mapping`` reads ("Xuất ra CSV" on the selected rows) and loaded from such
a file ("Nạp tệp ánh xạ"), with the territory checked for an officer.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from accounts.admin_access import ProvinceManagedAdmin
from accounts.scope import readable_units
from bacthang.lib.importing import ImportFailed

from .mapping_files import dump_mapping, load_mapping
from .models import Dhis2DataSet, Dhis2Instance, Dhis2Mapping, Dhis2ValueMeta


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


class MappingFileForm(forms.Form):
    instance = forms.ModelChoiceField(Dhis2Instance.objects.order_by("name"), label=_("Máy chủ DHIS2"))
    file = forms.FileField(label=_("Tệp ánh xạ (CSV hoặc XLSX: kind,uid,code[,name])"))


@admin.register(Dhis2Mapping)
class Dhis2MappingAdmin(ProvinceManagedAdmin):
    unit_field = None  # rows without a unit are shared; get_queryset limits the org unit rows
    list_display = ["uid", "kind", "name", "instance", "target"]
    list_filter = ["instance", "kind"]
    search_fields = ["uid", "name", "indicator__code", "option__code", "unit__code", "unit__name",
                     "disaggregation__code"]
    list_select_related = ["instance", "indicator", "option__disaggregation", "unit", "disaggregation"]
    autocomplete_fields = ["indicator", "option", "unit", "disaggregation"]
    fields = ["instance", "kind", "uid", "name", "indicator", "option", "disaggregation", "unit"]
    actions = ["export_csv"]
    change_list_template = "admin/api/dhis2mapping/change_list.html"

    @admin.display(description=_("mã Bậc Thang"))
    def target(self, obj) -> str:
        return obj.target_code

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if self._officer(request):
            qs = qs.filter(Q(unit__isnull=True) | Q(unit__in=readable_units(request.user)))
        return qs

    def in_scope(self, request, obj) -> bool:
        return obj is None or obj.unit_id is None or readable_units(request.user).filter(pk=obj.unit_id).exists()

    def get_urls(self):
        return [path("nap-tep/", self.admin_site.admin_view(self.load_view), name="api_dhis2mapping_load"),
                *super().get_urls()]

    @admin.action(description=_("Xuất các dòng đã chọn ra CSV (tệp ánh xạ)"))
    def export_csv(self, request, queryset):
        instances = set(queryset.values_list("instance__name", flat=True))
        if len(instances) != 1:
            self.message_user(request, _("Chọn các dòng của cùng một máy chủ DHIS2 (lọc theo máy chủ ở bên phải)."),
                              messages.ERROR)
            return None
        name = instances.pop()
        instance = Dhis2Instance.objects.get(name=name)
        response = HttpResponse(dump_mapping(instance, queryset), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="anh-xa-dhis2-{name}.csv"'
        return response

    def load_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = MappingFileForm(request.POST or None, request.FILES or None)
        problems = []
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                counts = load_mapping(upload, form.cleaned_data["instance"], filename=upload.name, user=request.user)
            except ImportFailed as e:
                problems = [str(p) for p in e.problems]
            else:
                self.message_user(request, _("Đã nạp bảng ánh xạ: %(created)s mới, %(updated)s sửa, %(unchanged)s "
                                             "không đổi.") % counts, messages.SUCCESS)
                return redirect(reverse("admin:api_dhis2mapping_changelist"))
        context = {**self.admin_site.each_context(request), "title": _("Nạp tệp ánh xạ DHIS2"), "form": form,
                   "problems": problems, "opts": self.model._meta}
        return TemplateResponse(request, "admin/api/dhis2mapping/load.html", context, status=400 if problems else 200)


@admin.register(Dhis2ValueMeta)
class Dhis2ValueMetaAdmin(admin.ModelAdmin):
    """Read only: what DHIS2 imports said of values (written by the import alone)."""

    list_display = ["data_value", "stored_by", "created", "last_updated", "followup", "provenance_version"]
    list_filter = ["followup"]
    search_fields = ["stored_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
