"""Records of the domain apps (registries, support, capital, works, incidents, and the
report forms and submissions of collection) through
the API: read-only lists and details for every model, and create / update / delete
for registry records.

The endpoints are derived from the apps' models when the URLs load, so a model added
to one of these apps appears in the API (and its schema) without an edit here:

* ``GET /api/<app>/<model>`` — the records the user may read, paginated, filter
  ``unit`` (that unit's subtree); ``GET /api/<app>/<model>/<id>`` — one record, 404
  outside the scope.  ``<model>`` is the model's name in lower case
  (``/api/registries/ocopproduct``, ``/api/support/application``).
* Scope: a record belongs to the unit of its ``unit`` field (or of another foreign
  key to a unit, such as a beneficiary's ``home_unit``), or, for a record hanging on
  another record (an OCOP evaluation, a cooperative's year), to that record's unit.
  Records of models with no unit at all (capital projects, support items) are
  catalogue-like and readable by every signed-in user.
* Fields: every concrete field; a unit is given by its code, a period, programme or
  indicator by its code, another record by its id; decimals are plain decimal
  strings.  Personal identifiers (``id_number`` — CCCD or tax number) are never
  exposed.
* Registry records (``registries.forms.FORMS``) are written through
  ``registries.actions`` (``do_create``, ``do_update`` with the optional ``version``
  for optimistic locking, ``do_delete``) with channel "api", and the permissions of
  the registry pages (``registries.permissions.may_create`` / ``may_edit``).  The OCOP
  workflow (propose, evaluate), revocation, stopping and cooperative years are not
  exposed yet.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.urls import path
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from accounts.scope import can_read, get_unit_or_404, is_admin, readable_units
from audit.models import Channel
from units.models import Unit

from . import serializers as s
from .base import CONFLICT, INVALID, NOT_WRITABLE, ApiView, Denied, Missing, Problem, ProblemsError, is_clean
from .views import ListView, errors, qp

log = logging.getLogger(__name__)

DOMAIN_APPS = ["registries", "support", "capital", "works", "incidents", "collection", "ruraldev"]
HIDDEN_FIELDS = {"id_number"}  # personal identifiers stay in the web pages of the officers in charge
CODE_MODELS = {"units.unit": "code", "periods.period": "code", "programmes.programme": "code",
               "indicators.indicator": "code", "indicators.option": "code", "auth.user": "username"}
UNIT_PARAM = {"type": "string", "pattern": r"^\d{2}(\.\d{3,5}){0,2}$", "maxLength": 32}

# Vietnamese texts for DRF's field errors (its own catalogue is English).
VI_FIELD_ERRORS = {
    "required": "Thiếu trường này.",
    "null": "Trường này không được là null.",
    "blank": "Trường này không được để trống.",
    "invalid": "Giá trị không hợp lệ.",
    "max_length": "Dài quá {max_length} ký tự.",
    "min_length": "Ngắn hơn {min_length} ký tự.",
    "invalid_choice": "'{input}' không phải một lựa chọn hợp lệ.",
    "max_value": "Phải nhỏ hơn hoặc bằng {max_value}.",
    "min_value": "Phải lớn hơn hoặc bằng {min_value}.",
    "max_digits": "Nhiều hơn {max_digits} chữ số.",
    "max_decimal_places": "Nhiều hơn {max_decimal_places} chữ số thập phân.",
    "max_whole_digits": "Phần nguyên nhiều hơn {max_whole_digits} chữ số.",
    "max_string_length": "Giá trị quá dài.",
    "does_not_exist": "Không tìm thấy '{value}'.",
    "incorrect_type": "Kiểu dữ liệu sai.",
    "not_a_list": "Cần một danh sách.",
    "empty": "Danh sách không được trống.",
    "surrogate_characters_not_allowed": "Chứa ký tự không hợp lệ.",
    "null_characters_not_allowed": "Chứa ký tự không hợp lệ (NUL).",
    "overflow": "Số quá lớn.",
}
VI_DATE = "Ngày sai định dạng; viết YYYY-MM-DD."


def vietnamese_errors(serializer: serializers.Serializer) -> None:
    for field in serializer.fields.values():
        for key, text in VI_FIELD_ERRORS.items():
            if key in field.error_messages:
                field.error_messages[key] = text
        if isinstance(field, (serializers.DateField, serializers.DateTimeField)):
            field.error_messages["invalid"] = VI_DATE
            field.error_messages["datetime"] = VI_DATE
        if isinstance(field, (serializers.IntegerField, serializers.DecimalField, serializers.FloatField)):
            field.error_messages["invalid"] = "Cần một số."


@dataclass
class Resource:
    app: str
    model: type[models.Model]
    scope: str | None  # lookup of the unit that decides who reads the record, or None: everyone
    writable: bool = False
    form_fields: tuple[str, ...] = ()

    @property
    def slug(self) -> str:
        return self.model._meta.model_name

    @property
    def label(self) -> str:
        return str(self.model._meta.verbose_name_plural)

    def fields(self) -> list[models.Field]:
        return [f for f in self.model._meta.concrete_fields if f.name not in HIDDEN_FIELDS] + [
            f for f in self.model._meta.many_to_many if f.name not in HIDDEN_FIELDS]


def _is_unit_fk(f) -> bool:
    return f.is_relation and f.many_to_one and f.related_model is Unit


def _scope_of(model) -> str | None:
    fks = [f for f in model._meta.concrete_fields if f.is_relation and f.many_to_one]
    for f in fks:
        if _is_unit_fk(f) and f.name == "unit":
            return "unit"
    for f in fks:
        if _is_unit_fk(f) and not f.null:
            return f.name
    for f in fks:  # one hop: a record hanging on another record of the same app
        target = f.related_model
        if target is not model and target._meta.app_label == model._meta.app_label:
            inner = [g for g in target._meta.concrete_fields if _is_unit_fk(g) and g.name == "unit"]
            if inner and not f.null:
                return f"{f.name}__unit"
    return None


def discover() -> list[Resource]:
    found: list[Resource] = []
    forms = {}
    try:
        from registries.forms import FORMS

        forms = {m: tuple(form._meta.fields) for m, form in FORMS.items()}
    except ImportError as e:  # the registries app changes under way: read-only until it settles
        log.warning("Registry forms unavailable, registry records are read-only in the API: %s", e)
    # The record apps of the framework (an AppConfig declaring ``registers``) join without an edit here.
    record_apps = [c.label for c in apps.get_app_configs() if getattr(c, "registers", None)]
    for app in dict.fromkeys([*DOMAIN_APPS, *record_apps]):
        try:
            config = apps.get_app_config(app)
        except LookupError:
            continue
        for model in config.get_models():
            # A proxy is an endpoint of its own when its table belongs to the framework (the coverage
            # declarations of records.Coverage that registries and support show as theirs).
            if model._meta.abstract or (model._meta.proxy and model._meta.concrete_model._meta.app_label != "records"):
                continue
            found.append(Resource(app, model, _scope_of(model), model in forms, forms.get(model, ())))
    return found


# --------------------------------------------------------------------------- serializers

def read_serializer(res: Resource) -> type[serializers.Serializer]:
    attrs: dict = {}
    for f in res.fields():
        help_text = str(f.verbose_name)
        if f.many_to_many:
            slug = CODE_MODELS.get(f.related_model._meta.label_lower)
            attrs[f.name] = (serializers.SlugRelatedField(many=True, read_only=True, slug_field=slug,
                                                          help_text=help_text) if slug
                             else serializers.PrimaryKeyRelatedField(many=True, read_only=True, help_text=help_text))
        elif f.is_relation:
            slug = CODE_MODELS.get(f.related_model._meta.label_lower)
            attrs[f.name] = (s.CodeField(f"{f.name}.{slug}", help_text=help_text, allow_null=f.null) if slug
                             else serializers.PrimaryKeyRelatedField(read_only=True, allow_null=f.null,
                                                                     help_text=help_text))
        elif isinstance(f, models.DecimalField):
            attrs[f.name] = NullableDecimal(allow_null=f.null, read_only=True, help_text=help_text)
        elif isinstance(f, models.JSONField):
            attrs[f.name] = serializers.JSONField(read_only=True, help_text=help_text)
        else:
            field_class, kwargs = serializers.ModelSerializer().build_standard_field(f.name, f)
            kwargs = {k: v for k, v in kwargs.items() if k in ("allow_null", "allow_blank")}
            if field_class is serializers.ChoiceField:  # choices are documented on the write side
                if isinstance(f, models.IntegerField):
                    field_class = serializers.IntegerField
                    kwargs.pop("allow_blank", None)
                else:
                    field_class, kwargs["allow_blank"] = serializers.CharField, True
            elif field_class is serializers.ModelField:
                field_class = serializers.CharField
            attrs[f.name] = field_class(read_only=True, help_text=help_text, **kwargs)
    name = f"{res.app.title()}{res.model.__name__}"
    attrs["Meta"] = type("Meta", (), {"model": res.model, "fields": list(attrs)})
    return type(name, (serializers.ModelSerializer,), attrs)


class NullableDecimal(s.DecimalStringField):
    def to_representation(self, value):
        return None if value is None else super().to_representation(value)


def write_serializer(res: Resource, partial: bool) -> type[serializers.ModelSerializer]:
    fields = [f for f in res.form_fields if f != "unit"]

    class Meta:
        model = res.model

    Meta.fields = ["unit", *fields, *(["version"] if partial else [])]
    Meta.extra_kwargs = {}
    for name in fields:
        f = res.model._meta.get_field(name)
        if f.is_relation:
            slug = CODE_MODELS.get(f.related_model._meta.label_lower)
            if slug:
                Meta.extra_kwargs[name] = {"slug_field": slug}
    attrs = {"Meta": Meta,
             "unit": serializers.CharField(max_length=32, required=not partial,
                                           help_text="Mã đơn vị, ví dụ 12.105.03409."),
             "get_validators": lambda self: []}  # the model's clean() checks natural keys in Vietnamese
    if partial:
        attrs["version"] = serializers.IntegerField(min_value=0, required=False,
                                                    help_text="Phiên bản đã đọc; lệch thì bị từ chối (409).")
    suffix = "Patch" if partial else "Create"
    return type(f"{res.app.title()}{res.model.__name__}{suffix}", (serializers.ModelSerializer,), attrs)


# --------------------------------------------------------------------------- views

def scoped(res: Resource, user):
    qs = res.model._default_manager.all()
    related = [f.name for f in res.model._meta.concrete_fields if f.is_relation and f.many_to_one]
    qs = qs.select_related(*related)
    m2m = [f.name for f in res.model._meta.many_to_many if f.name not in HIDDEN_FIELDS]
    if m2m:
        qs = qs.prefetch_related(*m2m)
    if res.scope and not is_admin(user):
        qs = qs.filter(**{f"{res.scope}__in": readable_units(user)})
    return qs


def django_errors(e: DjangoValidationError) -> list[Problem]:
    code = CONFLICT if type(e).__name__ == "Conflict" else INVALID
    if hasattr(e, "error_dict"):
        return [Problem(str(m), "" if name == "__all__" else name, code)
                for name, msgs in e.message_dict.items() for m in msgs]
    return [Problem(str(m), "", code) for m in e.messages]


def drf_errors(detail) -> list[Problem]:
    out = []
    for name, msgs in detail.items():
        for m in msgs if isinstance(msgs, list) else [msgs]:
            out.append(Problem(str(m), "" if name == "non_field_errors" else name, INVALID))
    return out


def make_views(res: Resource):
    read = read_serializer(res)
    create = write_serializer(res, partial=False) if res.writable else None
    patch = write_serializer(res, partial=True) if res.writable else None
    tag = f"{res.app}"
    kind = getattr(res.model, "REGISTRY", "")

    class List(ListView):
        serializer_class = read

        def get(self, request, *args, **kwargs):
            return self.list(request, *args, **kwargs)

        def get_queryset(self):
            p = self.params()
            unit = None
            code = p.text("unit", max_length=32)
            if code and res.scope:
                unit = get_unit_or_404(self.request.user, code)
            p.done()
            qs = scoped(res, self.request.user)
            if unit is not None:
                qs = qs.filter(**{f"{res.scope}__in": Unit.objects.subtree(unit)})
            return qs.order_by(*(res.model._meta.ordering or []), "pk")

        def post(self, request):
            from registries.actions import do_create
            from registries.permissions import may_create

            data = request.data if isinstance(request.data, dict) else None
            if data is None:
                raise ProblemsError([Problem("Nội dung phải là một đối tượng JSON.", "", INVALID)])
            unit = writable_unit(request.user, data.get("unit"), lambda u: may_create(request.user, kind, u))
            ser = create(data=data)
            vietnamese_errors(ser)
            if not ser.is_valid():
                raise ProblemsError(drf_errors(ser.errors))
            values = {k: v for k, v in ser.validated_data.items() if k != "unit"}
            try:
                obj = do_create(res.model, {**values, "unit": unit}, user=request.user, channel=Channel.API,
                                reason="API")
            except DjangoValidationError as e:
                raise ProblemsError(django_errors(e)) from e
            return Response(read(obj).data, status=status.HTTP_201_CREATED)

    class Detail(ApiView):
        pagination_class = None
        serializer_class = read

        def get_object(self, pk: str):
            if not pk.isascii() or not pk.isdigit() or len(pk) > 18:
                raise Missing("Không tìm thấy bản ghi.")
            obj = scoped(res, self.request.user).filter(pk=int(pk)).first()
            if obj is None:
                raise Missing("Không tìm thấy bản ghi.")
            return obj

        def get(self, request, id: str):  # noqa: A002 (the path parameter's name)
            return Response(read(self.get_object(id)).data)

        def patch(self, request, id: str):  # noqa: A002
            from registries.actions import do_update
            from registries.permissions import may_edit

            obj = self.get_object(id)
            if not may_edit(request.user, obj):
                raise Denied("Bạn không có quyền sửa bản ghi này.")
            data = request.data if isinstance(request.data, dict) else None
            if data is None:
                raise ProblemsError([Problem("Nội dung phải là một đối tượng JSON.", "", INVALID)])
            changes = {}
            if "unit" in data:
                from accounts.scope import can_manage

                changes["unit"] = writable_unit(request.user, data.get("unit"), lambda u: can_manage(request.user, u))
            ser = patch(obj, data=data, partial=True)
            vietnamese_errors(ser)
            if not ser.is_valid():
                raise ProblemsError(drf_errors(ser.errors))
            version = ser.validated_data.pop("version", None)
            changes.update({k: v for k, v in ser.validated_data.items() if k != "unit"})
            try:
                saved, _changed = do_update(obj, changes, user=request.user, channel=Channel.API, reason="API",
                                            expected_version=version)
            except DjangoValidationError as e:
                raise ProblemsError(django_errors(e)) from e
            return Response(read(saved).data)

        def delete(self, request, id: str):  # noqa: A002
            from registries.actions import do_delete
            from registries.permissions import may_edit

            obj = self.get_object(id)
            if not may_edit(request.user, obj):
                raise Denied("Bạn không có quyền xóa bản ghi này.")
            try:
                do_delete(obj, user=request.user, channel=Channel.API, reason="API")
            except DjangoValidationError as e:
                raise ProblemsError(django_errors(e)) from e
            return Response(status=status.HTTP_204_NO_CONTENT)

    unit_filter = [qp("unit", UNIT_PARAM, "Các bản ghi của đơn vị này và mọi đơn vị bên dưới.")] if res.scope else []
    pk_param = [OpenApiParameter("id", {"type": "string", "pattern": r"^\d{1,18}$"}, OpenApiParameter.PATH,
                                 description="Mã (id) bản ghi.")]
    List.get = extend_schema(summary=f"{res.label} (trong phạm vi của bạn)", tags=[tag], parameters=unit_filter,
                             operation_id=f"{res.app}_{res.slug}_list",
                             responses={200: read(many=True), **errors(400, 404)})(List.get)
    Detail.get = extend_schema(summary=f"Một bản ghi: {res.model._meta.verbose_name}", tags=[tag],
                               parameters=pk_param, operation_id=f"{res.app}_{res.slug}_retrieve",
                               responses={200: read, **errors(404)})(Detail.get)
    if res.writable:
        List.post = extend_schema(
            summary=f"Thêm {res.model._meta.verbose_name}", tags=[tag], request=create,
            operation_id=f"{res.app}_{res.slug}_create",
            description="Kiểm tra và ghi nhật ký như trang sổ đăng ký (kênh 'api'). Đơn vị ngoài phạm vi ghi → 403.",
            responses={201: read, **errors(400, 413)})(List.post)
        Detail.patch = extend_schema(
            summary=f"Sửa {res.model._meta.verbose_name}", tags=[tag], request=patch, parameters=pk_param,
            operation_id=f"{res.app}_{res.slug}_update",
            description="Chỉ các trường gửi lên được sửa. 'version' (tùy chọn) chống ghi đè: lệch → 409.",
            responses={200: read, **errors(400, 404, 409, 413)})(Detail.patch)
        Detail.delete = extend_schema(
            summary=f"Xóa {res.model._meta.verbose_name}", tags=[tag], parameters=pk_param,
            operation_id=f"{res.app}_{res.slug}_destroy",
            responses={204: OpenApiResponse(description="Đã xóa."), **errors(400, 404)})(Detail.delete)
    else:
        del List.post
        del Detail.patch
        del Detail.delete
    List.__name__ = f"{res.model.__name__}List"
    Detail.__name__ = f"{res.model.__name__}Detail"
    return List, Detail


def writable_unit(user, code, allowed) -> Unit:
    """The unit a record is written on: 403 if unknown, outside the scope or not allowed."""
    if not isinstance(code, str) or not code or len(code) > 32 or not is_clean(code):
        raise ProblemsError([Problem("Thiếu hoặc sai mã đơn vị.", "unit", INVALID)])
    unit = Unit.objects.filter(code=code).first()
    if unit is None or not can_read(user, unit):
        raise ProblemsError([Problem(f"Đơn vị '{code}' không tồn tại hoặc nằm ngoài phạm vi của bạn.", "unit",
                                     NOT_WRITABLE, None, code)])
    if not allowed(unit):
        raise ProblemsError([Problem(f"Bạn không có quyền ghi sổ đăng ký của {unit.name} ({unit.code}).", "unit",
                                     NOT_WRITABLE, None, code)])
    return unit


def urlpatterns() -> list:
    out = []
    for res in discover():
        try:
            list_view, detail_view = make_views(res)
        except Exception:  # a model under construction must not take the whole API down
            log.exception("API endpoints for %s.%s could not be built", res.app, res.model.__name__)
            continue
        base = f"{res.app}/{res.slug}"
        out.append(path(base, list_view.as_view(), name=f"{res.app}-{res.slug}"))
        out.append(path(f"{base}/<anytext:id>", detail_view.as_view(), name=f"{res.app}-{res.slug}-detail"))
    return out
