"""Registry pages: lists with search and filters, forms, Excel import/export, expiry.

Plain function views.  Every queryset of records is limited to the units the user
reads (``accounts.scope.readable_units``); a record outside that scope answers 404.
Writes go through ``registries.actions``; figures come from the engine.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts.scope import MANAGE_ROLES, can_manage, get_unit_or_404, home_unit, readable_units, role_of
from audit.models import AuditEntry, Channel
from bacthang.lib.importing import ImportFailed
from bacthang.lib.numbers import format_number
from engine.rollup import Engine
from records.exporting import export_bytes, template_bytes
from records.pages import SortColumn, sorted_page
from units.models import Unit

from . import actions
from .forms import (
    FORMS,
    CoopYearForm,
    EvaluateForm,
    ImportForm,
    OcopCreateForm,
    ProposeForm,
    RevokeForm,
    StopForm,
    errors_to_form,
)
from .importing import import_registry
from .models import (
    Certification,
    CertStatus,
    Cooperative,
    CoopStatus,
    EvaluationResult,
    Farm,
    LivestockFacility,
    OcopEvaluation,
    OcopProduct,
    OcopStatus,
    OperatingRecord,
    OperatingStatus,
    PlantingCode,
    ValidityRecord,
    fold,
)
from .permissions import may_create, may_create_any, may_edit, may_evaluate_ocop, may_propose_ocop
from .rules import WORKFLOWS_BY_CODE, add_months, ocop_workflow
from .specs import SPECS, RegistrySpec, slug
from .territory import territory_q

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPIRY_MONTHS = 6

OK, WARN, BAD = "status-ok", "status-warn", "status-bad"
STATUS_CLASS = {
    OcopStatus.CERTIFIED: OK, OcopStatus.UPGRADE_PROPOSED: OK, OcopStatus.PROPOSED: WARN,
    OcopStatus.NOT_CERTIFIED: BAD, OcopStatus.EXPIRED: BAD, OcopStatus.REVOKED: BAD,
    CertStatus.VALID: OK, CertStatus.REVOKED: BAD, CertStatus.EXPIRED: BAD,
    CoopStatus.ACTIVE: OK, CoopStatus.SUSPENDED: WARN, CoopStatus.DISSOLVED: BAD,
    OperatingStatus.STOPPED: BAD,
}

# Indicators the registries feed, shown on the index page (total, then by option).
INDEX_INDICATORS = ["OCOP_PRODUCTS", "COOPERATIVES", "FARMS", "LIVESTOCK_FACILITIES", "CERTIFIED_FACILITIES",
                    "CERTIFIED_AREA"]


# --------------------------------------------------------------------------- helpers
def _spec(registry: str) -> RegistrySpec:
    spec = SPECS.get(registry)
    if spec is None:
        raise Http404("Không có sổ đăng ký này.")
    return spec


def _records(user, spec: RegistrySpec):
    return spec.model.objects.filter(unit__in=readable_units(user)).select_related("unit", *spec.select_related)


def _record_or_404(user, spec: RegistrySpec, pk: int):
    obj = _records(user, spec).filter(pk=pk).first()
    if obj is None:
        raise Http404("Không tìm thấy bản ghi.")
    return obj


def _crumbs(spec: RegistrySpec | None = None, *more) -> list[dict]:
    out = [{"label": "Sổ đăng ký", "url": reverse("registries:index")}]
    if spec is not None:
        out.append({"label": spec.title, "url": reverse("registries:list", args=[spec.slug])})
    out.extend(more)
    return out


def _status(obj, today: dt.date) -> tuple[str, str]:
    value = obj.status_on(today) if hasattr(obj, "status_on") else obj.status
    label = obj.status_label_on(today) if hasattr(obj, "status_label_on") else obj.get_status_display()
    return label, STATUS_CLASS.get(value, OK if value in (CoopStatus.ACTIVE, OperatingStatus.ACTIVE) else WARN)


def _d(day: dt.date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else "—"


def _n(value, measure: str = "") -> str:
    if value is None:
        return "—"
    return f"{format_number(value, 4)} {measure}".strip()


def _columns(spec: RegistrySpec):
    """(header, function of the record → cell) for the list table."""
    unit = ("Đơn vị", lambda o: {"text": o.unit.name, "title": o.unit.code})
    if spec.model is OcopProduct:
        return [
            ("Sản phẩm", None), ("Chủ thể", lambda o: {"text": o.owner_name}), unit,
            ("Nhóm", lambda o: {"text": o.get_group_display()}),
            ("Hạng sao", lambda o: {"text": f"{o.stars} sao" if o.stars else "—"}),
            ("Quyết định", lambda o: {"text": " · ".join(x for x in (o.decision_no, _d(o.decision_date)) if x)
                                      if o.decision_date else "—"}),
            ("Hiệu lực đến", lambda o: {"text": _d(o.valid_until)}),
        ]
    if spec.model is Cooperative:
        return [("Tên", None), ("Loại hình", lambda o: {"text": o.get_kind_display()}), unit,
                ("Lĩnh vực", lambda o: {"text": o.get_field_display()}),
                ("Thành lập", lambda o: {"text": _d(o.founded_on)}),
                ("Thành viên", lambda o: {"text": _n(o.members), "num": True})]
    if spec.model is Farm:
        return [("Chủ trang trại", None), ("Tên", lambda o: {"text": o.name or "—"}), unit,
                ("Loại hình", lambda o: {"text": o.get_farm_type_display()}),
                ("Diện tích", lambda o: {"text": _n(o.area_ha, "ha"), "num": True}),
                ("Lao động", lambda o: {"text": _n(o.workers), "num": True})]
    if spec.model is LivestockFacility:
        return [("Chủ cơ sở", None), ("Vật nuôi", lambda o: {"text": o.get_species_display()}), unit,
                ("Quy mô", lambda o: {"text": _n(o.scale, o.scale_measure), "num": True}),
                ("An toàn sinh học", lambda o: {"text": "có" if o.biosafety else "không"})]
    if spec.model is Certification:
        return [("Cơ sở", None), ("Tiêu chuẩn", lambda o: {"text": o.get_standard_display()}),
                ("Lĩnh vực", lambda o: {"text": o.get_sector_display() or "—"}),
                ("Sản phẩm", lambda o: {"text": o.product or "—"}), unit,
                ("Diện tích", lambda o: {"text": _n(o.area_ha, "ha"), "num": True}),
                ("Thể tích", lambda o: {"text": _n(o.volume_m3, "m³"), "num": True}),
                ("Hiệu lực đến", lambda o: {"text": _d(o.valid_until)})]
    return [("Mã số", None), ("Loại", lambda o: {"text": o.get_kind_display()}),
            ("Cây trồng", lambda o: {"text": o.crop}), unit,
            ("Diện tích", lambda o: {"text": _n(o.area_ha, "ha"), "num": True}),
            ("Thị trường", lambda o: {"text": o.market or "—"}),
            ("Hiệu lực đến", lambda o: {"text": _d(o.valid_until)})]


# The list columns a user may sort by (header -> field; the first column sorts by the record's name).
SORT_FIELDS = {"Sản phẩm": "name", "Chủ thể": "owner_name", "Đơn vị": "unit__code", "Nhóm": "group",
               "Hạng sao": "stars", "Quyết định": "decision_date", "Hiệu lực đến": "valid_until", "Tên": "name",
               "Loại hình": "kind", "Lĩnh vực": "field", "Thành lập": "founded_on", "Thành viên": "members",
               "Chủ trang trại": "owner", "Diện tích": "area_ha", "Lao động": "workers", "Chủ cơ sở": "owner",
               "Vật nuôi": "species", "Quy mô": "scale", "Cơ sở": "holder", "Tiêu chuẩn": "standard",
               "Thể tích": "volume_m3", "Mã số": "code", "Loại": "kind", "Cây trồng": "crop", "Thị trường": "market"}
NUMERIC = {"Diện tích", "Thể tích", "Quy mô", "Thành viên", "Lao động"}
SORT_OVERRIDES = {Certification: {"Sản phẩm": "product"}}


def _sort_field(spec: RegistrySpec, header: str) -> tuple[str, ...]:
    name = SORT_OVERRIDES.get(spec.model, {}).get(header) or SORT_FIELDS.get(header)
    names = {f.name for f in spec.model._meta.fields}
    return (name,) if name and name.split("__")[0] in names else ()


def _title(obj) -> str:
    if isinstance(obj, (Farm, LivestockFacility)):
        return obj.owner
    if isinstance(obj, Certification):
        return obj.holder
    if isinstance(obj, PlantingCode):
        return obj.code
    return obj.name


def _status_filter(spec: RegistrySpec, value: str, today: dt.date) -> Q | None:
    if not value:
        return None
    if spec.model is OcopProduct:
        live = [OcopStatus.CERTIFIED, OcopStatus.UPGRADE_PROPOSED]
        if value == OcopStatus.EXPIRED:
            return Q(status=OcopStatus.EXPIRED) | Q(status__in=live, valid_until__lt=today)
        if value in live:
            return Q(status=value, valid_until__gte=today)
        return Q(status=value)
    if issubclass(spec.model, ValidityRecord):
        valid_now = Q(valid_until__isnull=True) | Q(valid_until__gte=today)
        if value == CertStatus.EXPIRED:
            return Q(status=CertStatus.VALID, valid_until__lt=today)
        if value == CertStatus.VALID:
            return Q(status=CertStatus.VALID) & valid_now
        return Q(status=value)
    return Q(status=value)


def _filtered(request: HttpRequest, spec: RegistrySpec, today: dt.date):
    """The user's records of the registry with the request's filters applied, and the filter values."""
    qs = _records(request.user, spec)
    g = request.GET
    f = {k: g.get(k, "").strip() for k in ("q", "unit", "status", "stars", "category", "expiry")}
    if f["q"]:
        # Every word of the query, folded like ``search_text`` (case and diacritics ignored on every database).
        for word in fold(f["q"]).split():
            qs = qs.filter(search_text__contains=word)
    if f["unit"]:
        qs = qs.filter(territory_q(get_unit_or_404(request.user, f["unit"])))
    status_q = _status_filter(spec, f["status"], today)
    if status_q is not None:
        qs = qs.filter(status_q)
    if f["stars"] and spec.model is OcopProduct and f["stars"] in {"3", "4", "5"}:
        qs = qs.filter(stars=int(f["stars"]))
    if f["category"] and spec.category:
        qs = qs.filter(**{spec.category[0]: f["category"]})
    if f["expiry"] and spec.has_validity:
        horizon = add_months(today, EXPIRY_MONTHS)
        alive = ~Q(status__in=[OcopStatus.REVOKED, CertStatus.REVOKED])
        if f["expiry"] == "sap_het_han":
            qs = qs.filter(alive, valid_until__gte=today, valid_until__lte=horizon)
        elif f["expiry"] == "da_het_han":
            qs = qs.filter(alive, valid_until__lt=today)
    return qs, f


def _unit_choices(user) -> list[Unit]:
    """Units for the code picker (datalist): the user's readable units, capped."""
    return list(readable_units(user).order_by("code").only("code", "name")[:800])


# --------------------------------------------------------------------------- pages
@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    cards = []
    for spec in SPECS.values():
        cards.append({"spec": spec, "count": _records(user, spec).count(),
                      "can_create": may_create_any(user, spec.kind)})
    unit = get_unit_or_404(user, request.GET["unit"]) if request.GET.get("unit") else home_unit(user)
    year = request.GET.get("nam", "")
    year = year if year.isdigit() and 1990 <= int(year) <= 2100 else str(today.year)
    figures = []
    if unit is not None:
        engine = Engine()
        for code in INDEX_INDICATORS:
            try:
                result = engine.value(code, unit.code, year)
            except KeyError:
                continue
            figures.append({"code": code, "name": engine.indicator(code).name, "result": result})
    return render(request, "registries/index.html", {
        "cards": cards, "unit": unit, "year": year, "figures": figures, "breadcrumbs": _crumbs(),
        "can_import": role_of(user) in MANAGE_ROLES,
    })


@login_required
def record_list(request: HttpRequest, registry: str) -> HttpResponse:
    spec = _spec(registry)
    today = timezone.localdate()
    qs, filters = _filtered(request, spec, today)
    columns = _columns(spec)
    headers = [SortColumn(h, slug(h) if _sort_field(spec, h) else "", _sort_field(spec, h), num=h in NUMERIC)
               for h, _ in columns] + [SortColumn("Trạng thái", "trang_thai", ("status",))]
    listing = sorted_page(request, qs.order_by("unit__code", *spec.model._meta.ordering[1:], "pk"), headers,
                          page_param="page")
    rows = []
    for obj in listing["page"].object_list:
        label, css = _status(obj, today)
        cells = [{"text": _title(obj), "url": reverse("registries:detail", args=[spec.slug, obj.pk]),
                  "placeholder": obj.is_placeholder}]
        cells += [fn(obj) for _, fn in columns[1:]]
        cells.append({"text": label, "badge": css})
        rows.append(cells)
    return render(request, "registries/list.html", {
        "spec": spec, **listing, "rows": rows, "filters": filters,
        "categories": spec.category[1].choices if spec.category else None,
        "can_create": may_create_any(request.user, spec.kind),
        "can_import": role_of(request.user) in MANAGE_ROLES, "expiry_months": EXPIRY_MONTHS,
        "breadcrumbs": _crumbs(spec),
    })


def _fields(obj) -> list[tuple[str, str]]:
    out = []
    skip = {"id", "unit", "version", "created_at", "updated_at", "is_placeholder", "status"}
    fields = [f for f in obj._meta.concrete_fields if f.name not in ("note", "source")]
    fields += [obj._meta.get_field("note"), obj._meta.get_field("source")]
    for f in fields:
        if f.name in skip:
            continue
        value = getattr(obj, f.name)
        if f.choices and value not in (None, ""):
            value = getattr(obj, f"get_{f.name}_display")()
        elif f.is_relation:
            value = str(value) if value is not None else ""
        elif isinstance(value, bool):
            value = "có" if value else "không"
        elif isinstance(value, dt.date):
            value = _d(value)
        elif value is not None and f.name == "scale":
            value = _n(value, obj.scale_measure)
        elif value is not None and f.get_internal_type() == "DecimalField":
            value = _n(value)
        if value in (None, ""):
            continue
        out.append((str(f.verbose_name).capitalize(), str(value)))
    return out


@login_required
def record_detail(request: HttpRequest, registry: str, pk: int) -> HttpResponse:
    spec = _spec(registry)
    obj = _record_or_404(request.user, spec, pk)
    today = timezone.localdate()
    label, css = _status(obj, today)
    ctx = {"spec": spec, "obj": obj, "title": _title(obj), "fields": _fields(obj), "status": label,
           "status_class": css, "can_edit": may_edit(request.user, obj),
           "history": AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=obj.pk)[:50],
           "breadcrumbs": _crumbs(spec, {"label": _title(obj), "url": ""})}
    if isinstance(obj, OcopProduct):
        evaluations = list(obj.evaluations.select_related("proposer").order_by("-id"))
        for e in evaluations:
            e.workflow_label = WORKFLOWS_BY_CODE[e.workflow].label if e.workflow in WORKFLOWS_BY_CODE else ""
        ctx.update(evaluations=evaluations, can_propose=may_propose_ocop(request.user, obj),
                   can_evaluate=may_evaluate_ocop(request.user, obj),
                   pending=next((e for e in evaluations if e.result == EvaluationResult.PENDING), None),
                   workflow_today=ocop_workflow(today))
    if isinstance(obj, Cooperative):
        ctx["years"] = list(obj.years.order_by("-year"))
    if isinstance(obj, Farm):
        ctx["facilities"] = list(obj.facilities.all())
    ctx["can_end"] = ctx["can_edit"] and (
        (isinstance(obj, (OcopProduct, ValidityRecord)) and obj.status not in (OcopStatus.REVOKED,
                                                                               CertStatus.REVOKED))
        or (isinstance(obj, (Cooperative, OperatingRecord)) and obj.status in (CoopStatus.ACTIVE,
                                                                                OperatingStatus.ACTIVE)))
    return render(request, "registries/detail.html", ctx)


def _form_page(request, spec, form, title, obj=None, extra=None):
    ctx = {"spec": spec, "form": form, "title": title, "obj": obj, "units": _unit_choices(request.user),
           "breadcrumbs": _crumbs(spec, *([{"label": _title(obj), "url": reverse("registries:detail",
                                                                                  args=[spec.slug, obj.pk])}]
                                          if obj else []), {"label": title, "url": ""})}
    ctx.update(extra or {})
    return render(request, "registries/form.html", ctx)


@login_required
def record_create(request: HttpRequest, registry: str) -> HttpResponse:
    spec = _spec(registry)
    if not may_create_any(request.user, spec.kind):
        raise PermissionDenied("Bạn không có quyền thêm bản ghi vào sổ đăng ký này.")
    form_class = OcopCreateForm if spec.model is OcopProduct else FORMS[spec.model]
    form = form_class(request.POST or None, user=request.user,
                      may_use_unit=lambda unit: may_create(request.user, spec.kind, unit))
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                obj = actions.do_create(spec.model, form.record_data(), user=request.user, channel=Channel.FORM)
                cert = form.certificate() if isinstance(form, OcopCreateForm) else None
                if cert:
                    actions.do_record_ocop_certificate(obj, user=request.user, channel=Channel.FORM, **cert)
        except ValidationError as e:
            errors_to_form(form, e)
        else:
            messages.success(request, f"Đã thêm {spec.one}: {_title(obj)}.")
            return redirect("registries:detail", spec.slug, obj.pk)
    return _form_page(request, spec, form, f"Thêm {spec.one}")


@login_required
def record_edit(request: HttpRequest, registry: str, pk: int) -> HttpResponse:
    spec = _spec(registry)
    obj = _record_or_404(request.user, spec, pk)
    if not may_edit(request.user, obj):
        raise PermissionDenied("Bạn không có quyền sửa bản ghi này.")
    form = FORMS[spec.model](request.POST or None, instance=obj, user=request.user,
                             may_use_unit=lambda unit: can_manage(request.user, unit))
    if request.method == "POST" and form.is_valid():
        try:
            version = int(request.POST.get("version", obj.version))
        except ValueError:
            version = None
        try:
            saved, changed = actions.do_update(obj, form.record_data(), user=request.user, channel=Channel.FORM,
                                               expected_version=version)
        except ValidationError as e:
            errors_to_form(form, e)
        else:
            messages.success(request, "Đã lưu." if changed else "Không có thay đổi.")
            return redirect("registries:detail", spec.slug, saved.pk)
    return _form_page(request, spec, form, "Sửa", obj, {"version": obj.version})


@login_required
def record_end(request: HttpRequest, registry: str, pk: int) -> HttpResponse:
    """Revoke a certificate or code; stop a cooperative, farm or facility."""
    spec = _spec(registry)
    obj = _record_or_404(request.user, spec, pk)
    if not may_edit(request.user, obj):
        raise PermissionDenied("Bạn không có quyền sửa bản ghi này.")
    revoke = isinstance(obj, (OcopProduct, ValidityRecord))
    form = (RevokeForm if revoke else StopForm)(request.POST or None)
    if not revoke and not isinstance(obj, Cooperative):
        del form.fields["status"]
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            if revoke:
                actions.do_revoke(obj, d["on"], d["reason"], user=request.user, channel=Channel.FORM)
            else:
                actions.do_stop(obj, d["on"], status=d.get("status"), reason=d.get("reason", ""), user=request.user,
                                channel=Channel.FORM)
        except ValidationError as e:
            errors_to_form(form, e)
        else:
            messages.success(request, "Đã thu hồi." if revoke else "Đã ghi ngừng hoạt động.")
            return redirect("registries:detail", spec.slug, obj.pk)
    return _form_page(request, spec, form, "Thu hồi" if revoke else "Ngừng hoạt động", obj)


@login_required
def ocop_propose(request: HttpRequest, pk: int) -> HttpResponse:
    spec = SPECS["ocop"]
    product = _record_or_404(request.user, spec, pk)
    if not may_propose_ocop(request.user, product):
        raise PermissionDenied("Bạn không có quyền đề xuất sản phẩm này.")
    form = ProposeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            actions.do_propose_ocop(product, proposed_on=d["proposed_on"], proposer=d["proposer_code"],
                                    proposed_stars=d["proposed_stars"], note=d["note"], user=request.user,
                                    channel=Channel.FORM)
        except ValidationError as e:
            errors_to_form(form, e)
        else:
            messages.success(request, "Đã ghi đề xuất đánh giá, phân hạng.")
            return redirect("registries:detail", spec.slug, product.pk)
    today = timezone.localdate()
    return _form_page(request, spec, form, "Đề xuất đánh giá, phân hạng", product,
                      {"workflow": ocop_workflow(today)})


@login_required
def ocop_evaluate(request: HttpRequest, pk: int, evaluation: int) -> HttpResponse:
    spec = SPECS["ocop"]
    product = _record_or_404(request.user, spec, pk)
    if not may_evaluate_ocop(request.user, product):
        raise PermissionDenied("Chỉ cấp tỉnh ghi kết quả đánh giá, phân hạng OCOP.")
    pending = OcopEvaluation.objects.filter(pk=evaluation, product=product, result=EvaluationResult.PENDING).first()
    if pending is None:
        raise Http404("Không có lượt đề xuất chờ đánh giá.")
    form = EvaluateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            actions.do_evaluate_ocop(pending, evaluated_on=d["evaluated_on"], score=d["score"], stars=d["stars"],
                                     decision_no=d["decision_no"], decision_date=d["decision_date"],
                                     decision_level=d["decision_level"], note=d["note"] or None,
                                     user=request.user, channel=Channel.FORM)
        except ValidationError as e:
            errors_to_form(form, e)
        else:
            messages.success(request, "Đã ghi kết quả đánh giá, phân hạng.")
            return redirect("registries:detail", spec.slug, product.pk)
    return _form_page(request, spec, form, "Ghi kết quả đánh giá, phân hạng", product,
                      {"workflow": ocop_workflow(timezone.localdate())})


@login_required
def coop_year(request: HttpRequest, pk: int) -> HttpResponse:
    spec = SPECS["htx"]
    coop = _record_or_404(request.user, spec, pk)
    if not may_edit(request.user, coop):
        raise PermissionDenied("Bạn không có quyền sửa bản ghi này.")
    form = CoopYearForm(request.POST or None, initial={"year": timezone.localdate().year - 1})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            actions.do_set_coop_year(coop, d["year"], revenue=d["revenue"], member_income=d["member_income"],
                                     members=d["members"], user=request.user, channel=Channel.FORM)
        except ValidationError as e:
            errors_to_form(form, e)
        else:
            messages.success(request, f"Đã ghi số liệu năm {d['year']}.")
            return redirect("registries:detail", spec.slug, coop.pk)
    return _form_page(request, spec, form, "Số liệu năm", coop)


# --------------------------------------------------------------------------- files
def _xlsx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def import_template(request: HttpRequest, registry: str) -> HttpResponse:
    spec = _spec(registry)
    return _xlsx(template_bytes(spec), f"mau-nhap-{spec.slug}.xlsx")


@login_required
def export_file(request: HttpRequest, registry: str) -> HttpResponse:
    spec = _spec(registry)
    today = timezone.localdate()
    qs, _ = _filtered(request, spec, today)
    if spec.model is Cooperative:
        qs = qs.prefetch_related("years")
    qs = qs.order_by("unit__code", *spec.model._meta.ordering[1:], "pk")
    return _xlsx(export_bytes(spec, qs, today), f"so-dang-ky-{spec.slug}-{today:%Y%m%d}.xlsx")


@login_required
def import_file(request: HttpRequest, registry: str) -> HttpResponse:
    spec = _spec(registry)
    if role_of(request.user) not in MANAGE_ROLES:
        raise PermissionDenied("Bạn không có quyền nhập sổ đăng ký.")
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = []
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            summary = import_registry(spec, upload, user=request.user, filename=upload.name)
        except ImportFailed as e:
            problems = [str(p) for p in e.problems]
            status = 400
        else:
            messages.success(request, f"Đã nhập tệp {upload.name}: {summary}")
            return redirect("registries:list", spec.slug)
    return render(request, "records/import.html", {
        "spec": spec, "form": form, "problems": problems, "importable": spec.importable(),
        "template_url": reverse("registries:template", args=[spec.slug]),
        "export_url": reverse("registries:export", args=[spec.slug]),
        "cancel_url": reverse("registries:list", args=[spec.slug]),
        "breadcrumbs": _crumbs(spec, {"label": "Nhập từ Excel", "url": ""}),
    }, status=status)


# --------------------------------------------------------------------------- expiry
@login_required
def expiring(request: HttpRequest) -> HttpResponse:
    """OCOP certificates, certifications and codes expiring soon (and lapsed), by unit."""
    user = request.user
    today = timezone.localdate()
    try:
        months = max(1, min(24, int(request.GET.get("thang", EXPIRY_MONTHS))))
    except ValueError:
        months = EXPIRY_MONTHS
    horizon = add_months(today, months)
    unit = get_unit_or_404(user, request.GET["unit"]) if request.GET.get("unit") else None
    sections = []
    for spec, alive in ((SPECS["ocop"], ~Q(status=OcopStatus.REVOKED)),
                        (SPECS["chung-nhan"], Q(status=CertStatus.VALID)),
                        (SPECS["ma-so"], Q(status=CertStatus.VALID))):
        qs = _records(user, spec).filter(alive)
        if unit is not None:
            qs = qs.filter(territory_q(unit))
        soon = list(qs.filter(valid_until__gte=today, valid_until__lte=horizon).order_by("unit__code", "valid_until"))
        lapsed = list(qs.filter(valid_until__lt=today).order_by("unit__code", "-valid_until"))
        for obj in soon + lapsed:
            obj.title = _title(obj)
            obj.days_left = (obj.valid_until - today).days
        sections.append({"spec": spec, "soon": soon, "lapsed": lapsed})
    return render(request, "registries/expiring.html", {
        "sections": sections, "months": months, "horizon": horizon, "today": today, "unit": unit,
        "breadcrumbs": _crumbs(None, {"label": "Hạn giấy chứng nhận", "url": ""}),
    })

