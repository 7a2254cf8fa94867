"""The generic pages of a register, from its ``records.specs.RecordSpec``: list (search,
unit filter, sortable columns, page links), detail with the audit history, new and edit
forms, Excel export, import template and import.  A register that needs nothing else
gets all of them from ``RecordViews(spec, namespace).urls()``:

    urlpatterns = RecordViews(WATER_WORKS, "water").urls()

Every page checks the user's scope (a record outside it answers 404; writing needs
``accounts.scope.can_manage`` on the unit); every write goes through the spec's
``create`` / ``update`` (the register's actions: audited)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone

from accounts.scope import MANAGE_ROLES, can_manage, role_of
from audit.models import Channel
from bacthang.lib.importing import ImportFailed

from .actions import Refused
from .exporting import cell, export_bytes, template_bytes
from .forms import ScopedForm, UnitCodeField, VnDecimalField, VnIntegerField, date_field
from .importing import import_records
from .pages import SortColumn, filtered, get_scoped_or_404, history, sorted_page, unit_choices
from .specs import Column, RecordSpec

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def form_field(column: Column) -> forms.Field:
    """The form field of a spec column (numbers and units read the Vietnamese way, in scope)."""
    kw = dict(label=column.label, required=column.required, help_text=column.help)
    if column.kind == "unit":
        return UnitCodeField(**kw)
    if column.kind == "number":
        return VnDecimalField(**kw)
    if column.kind == "int":
        return VnIntegerField(**kw)
    if column.kind == "date":
        return date_field(column.label, required=column.required, help_text=column.help)
    if column.kind == "bool":
        return forms.BooleanField(label=column.label, required=False, help_text=column.help)
    if column.kind == "choice":
        return forms.ChoiceField(choices=[("", "— Chọn —"), *column.choices.choices], **kw)
    return forms.CharField(**kw)


def record_form(spec: RecordSpec) -> type[ScopedForm]:
    """A form with the spec's own importable columns (the related-row columns are import-only)."""
    fields = {c.field: form_field(c) for c in spec.importable() if "." not in c.field}
    return type(f"{spec.model.__name__}Form", (ScopedForm,), fields)


class RecordViews:
    """The pages of one register (see the module docstring)."""

    def __init__(self, spec: RecordSpec, namespace: str, *, columns: list[Column] | None = None):
        self.spec, self.ns = spec, namespace
        self.columns = columns or [c for c in spec.columns if not c.export_only and "." not in c.field][:6]
        self.form_class = record_form(spec)

    def url(self, name: str, *args) -> str:
        return reverse(f"{self.ns}:{name}", args=args)

    def urls(self) -> list:
        view = login_required
        return [
            path("", view(self.list), name="index"),
            path("moi/", view(self.new), name="new"),
            path("<int:pk>/", view(self.detail), name="detail"),
            path("<int:pk>/sua/", view(self.edit), name="edit"),
            path("xuat-excel/", view(self.export), name="export"),
            path("mau-nhap/", view(self.template), name="template"),
            path("nhap-tep/", view(self.import_file), name="import"),
        ]

    def _crumbs(self, *items) -> list[dict]:
        return [{"label": self.spec.title, "url": self.url("index")}, *[{"label": a, "url": b} for a, b in items]]

    def records(self, request):
        qs, f = filtered(request, self.spec.model.objects.select_related("unit", *self.spec.select_related), {},
                         ["q"])
        if f["q"] and self.spec.search:
            q = Q()
            for name in self.spec.search:
                q |= Q(**{f"{name}__icontains": f["q"]})
            qs = qs.filter(q)
        return qs, f

    def cells(self, obj) -> list:
        today = timezone.localdate()
        return [cell(self.spec, c, obj, today) for c in self.columns]

    def list(self, request):
        qs, filters = self.records(request)
        headers = [SortColumn(c.label, c.key, ("unit__code",) if c.kind == "unit" else (c.field,),
                              num=c.kind in ("int", "number")) for c in self.columns]
        listing = sorted_page(request, qs, headers)
        rows = [{"obj": obj, "url": self.url("detail", obj.pk), "cells": self.cells(obj)}
                for obj in listing["page"].object_list]
        return render(request, "records/list.html", {
            **listing, "rows": rows, "spec": self.spec, "filters": filters, "views": self,
            "can_manage": role_of(request.user) in MANAGE_ROLES, "new_url": self.url("new"),
            "export_url": self.url("export"), "import_url": self.url("import"), "breadcrumbs": self._crumbs(),
        })

    def detail(self, request, pk: int):
        obj = get_scoped_or_404(self.spec.model.objects.select_related("unit"), request.user, pk)
        today = timezone.localdate()
        return render(request, "records/detail.html", {
            "obj": obj, "spec": self.spec,
            "rows": [(c.label, cell(self.spec, c, obj, today)) for c in self.spec.columns],
            "history": history(obj), "can_manage": can_manage(request.user, obj.unit),
            "edit_url": self.url("edit", obj.pk), "breadcrumbs": self._crumbs((str(obj), None)),
        })

    def _form_page(self, request, form, title, cancel, obj=None, status=200):
        return render(request, "records/form.html", {
            "form": form, "title": title, "obj": obj, "cancel_url": cancel, "units": unit_choices(request.user),
            "breadcrumbs": self._crumbs((title, None)),
        }, status=status)

    def _save(self, request, form, obj=None):
        data = dict(form.cleaned_data)
        if not can_manage(request.user, data["unit"]):
            form.add_error("unit", "Bạn không quản lý hồ sơ tại đơn vị này.")
            return None
        try:
            if obj is None:
                return self.spec.create(data, user=request.user, channel=Channel.FORM, reason="")
            return self.spec.update(obj, data, user=request.user, channel=Channel.FORM, reason="")[0]
        except Refused as e:
            form.refuse(e)
        except ValidationError as e:
            for name, errors in (e.message_dict.items() if hasattr(e, "error_dict") else [(None, e.messages)]):
                for m in errors:
                    form.add_error(name if name in form.fields else None, m)
        return None

    def new(self, request):
        if role_of(request.user) not in MANAGE_ROLES:
            return render(request, "records/forbidden.html", {"breadcrumbs": self._crumbs()}, status=403)
        form = self.form_class(request.POST or None, user=request.user)
        if request.method == "POST" and form.is_valid():
            obj = self._save(request, form)
            if obj is not None:
                messages.success(request, f"Đã ghi {self.spec.one}.")
                return redirect(self.url("detail", obj.pk))
        return self._form_page(request, form, f"Thêm {self.spec.one}", self.url("index"))

    def edit(self, request, pk: int):
        obj = get_scoped_or_404(self.spec.model.objects.select_related("unit"), request.user, pk)
        if not can_manage(request.user, obj.unit):
            return render(request, "records/forbidden.html", {"breadcrumbs": self._crumbs()}, status=403)
        initial = {name: getattr(obj, name) for name in self.form_class.base_fields}
        form = self.form_class(request.POST or None, user=request.user,
                               initial=initial if request.method == "GET" else None)
        if request.method == "POST" and form.is_valid() and self._save(request, form, obj) is not None:
            messages.success(request, f"Đã lưu {self.spec.one}.")
            return redirect(self.url("detail", obj.pk))
        return self._form_page(request, form, f"Sửa {self.spec.one}", self.url("detail", obj.pk), obj=obj)

    def _xlsx(self, data: bytes, filename: str) -> HttpResponse:
        response = HttpResponse(data, content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def export(self, request):
        qs, _f = self.records(request)
        today = timezone.localdate()
        return self._xlsx(export_bytes(self.spec, qs.order_by("unit__code", "pk"), today),
                          f"{self.spec.slug}-{today:%Y%m%d}.xlsx")

    def template(self, request):
        return self._xlsx(template_bytes(self.spec), f"mau-nhap-{self.spec.slug}.xlsx")

    def import_file(self, request):
        if role_of(request.user) not in MANAGE_ROLES:
            raise PermissionDenied("Bạn không có quyền nhập hồ sơ.")
        form = ImportForm(request.POST or None, request.FILES or None)
        problems, status = [], 200
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                summary = import_records(self.spec, upload, user=request.user, filename=upload.name)
            except ImportFailed as e:
                problems, status = [str(p) for p in e.problems], 400
            else:
                messages.success(request, f"Đã nhập tệp {upload.name}: {summary}")
                return redirect(self.url("index"))
        return render(request, "records/import.html", {
            "spec": self.spec, "form": form, "problems": problems, "importable": self.spec.importable(),
            "template_url": self.url("template"), "export_url": self.url("export"), "cancel_url": self.url("index"),
            "breadcrumbs": self._crumbs(("Nhập từ Excel", None)),
        }, status=status)


class ImportForm(forms.Form):
    file = forms.FileField(label="Tệp Excel (.xlsx) hoặc CSV")
