"""Read endpoints and the bulk write of data values.

Scope is asked of ``accounts.scope`` exactly as the web pages ask it: lists hold only
what the user may read (``readable_units``); a unit, programme or any object outside
the scope answers 404 whether or not it exists; writes need ``can_write`` for every
unit; leaders read and never write.  Figures come from the engine (``Engine``,
``Progress``), never from a sum made here.
"""

from __future__ import annotations

from django.db.models import Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.mixins import ListModelMixin
from rest_framework.response import Response
from rest_framework.reverse import reverse

from accounts.scope import WRITE_ROLES, assigned_units, get_unit_or_404, is_admin, readable_units, role_of
from datavalues.models import DataValue
from engine.progress import Progress
from engine.rollup import Engine
from indicators.crossing import margin_members
from indicators.models import Group, Indicator, IndicatorKind, Option
from indicators.visibility import visible_indicators
from periods.codes import PeriodCodeError, parse_period
from periods.models import Period, PeriodType
from programmes.models import DocumentType, Programme, Target
from units.models import LAST_DAY_BEFORE_REFORM, REFORM_DATE, Unit, UnitSuccession

from . import serializers as s
from .base import UNKNOWN, ApiView, Missing, Params, is_clean
from .values import drafts_from_items, write_drafts

Q_ = OpenApiParameter.QUERY
PERIOD_PATTERN = r"^\d{4}(0[1-9]|1[0-2]|Q[1-4]|S[12]|DX|HT|VM|TD|VD|-\d{4})?$"
UNIT_PATTERN = r"^\d{2}(\.\d{3,5}){0,2}$"
CODE = {"type": "string", "maxLength": 64}


def errors(*codes: int) -> dict:
    """OpenAPI responses for the error statuses an endpoint may answer."""
    text = {400: "Tham số hoặc nội dung không hợp lệ (danh sách lỗi trong 'errors').",
            401: "Chưa xác thực hoặc mã truy cập sai.",
            403: "Không có quyền.",
            404: "Không tìm thấy, hoặc nằm ngoài phạm vi của bạn.",
            409: "Xung đột phiên bản: số liệu đã được người khác sửa.",
            413: "Nội dung gửi lên quá lớn.",
            429: "Quá nhiều yêu cầu."}
    return {c: OpenApiResponse(s.ErrorSerializer, description=text[c]) for c in (*codes, 401, 403, 429)}


def qp(name, schema, description, required=False, many=False):
    if many:  # a repeatable parameter: ?orgUnit=a&orgUnit=b
        return OpenApiParameter(name, {"type": "array", "items": schema}, Q_, required=required,
                                description=description, style="form", explode=True)
    return OpenApiParameter(name, schema, Q_, required=required, description=description)


UNIT_PARAM = {"type": "string", "pattern": UNIT_PATTERN, "maxLength": 32}
PERIOD_PARAM = {"type": "string", "pattern": PERIOD_PATTERN, "maxLength": 16}


def clean_code(code: str) -> str:
    if not is_clean(code) or len(code) > 128:
        raise Missing("Không tìm thấy.")
    return code


def unit_param(params: Params, user, name: str, required: bool = False) -> Unit | None:
    """A unit named by a query parameter: 404 if unknown or outside the user's scope."""
    code = params.text(name, required=required, max_length=32)
    if code is None:
        return None
    return get_unit_or_404(user, clean_code(code))


def visible_programmes(user):
    """Programmes that concern the user's units, as the dashboard lists them: issued for a
    unit in scope or for an ancestor of an assigned unit (the province's resolution that a
    city implements), or with targets in scope; programmes without a unit concern everyone."""
    qs = Programme.objects.select_related("unit", "term", "parent")
    if is_admin(user):
        return qs
    readable = readable_units(user)
    ancestors = set()
    for u in assigned_units(user):
        parts = u.code.split(".")
        ancestors.update(".".join(parts[:i]) for i in range(1, len(parts) + 1))
    with_targets = Target.objects.filter(unit__in=readable).values("programme_id")
    return qs.filter(Q(unit__isnull=True) | Q(unit__in=readable) | Q(unit__code__in=ancestors)
                     | Q(pk__in=with_targets))


def in_scope(qs, user, field: str = "unit"):
    return qs if is_admin(user) else qs.filter(**{f"{field}__in": readable_units(user)})


class ListView(ListModelMixin, ApiView):
    def get(self, request, *args, **kwargs):
        return self.list(request, *args, **kwargs)


# --------------------------------------------------------------------------- root

class RootView(ApiView):
    pagination_class = None

    @extend_schema(summary="Danh mục các địa chỉ của API", responses={200: OpenApiTypes.OBJECT, **errors()},
                   tags=["chung"])
    def get(self, request):
        names = ["units", "unit-successions", "indicators", "periods", "programmes", "targets", "datavalues",
                 "datavalues-bulk", "rollup", "progress", "dhis2-datavaluesets", "dhis2-metadata", "schema", "docs"]
        return Response({n: reverse(f"api:{n}", request=request) for n in names})


# --------------------------------------------------------------------------- units

@extend_schema(tags=["đơn vị"])
class UnitListView(ListView):
    serializer_class = s.UnitSerializer

    @extend_schema(
        summary="Đơn vị hành chính trong phạm vi của bạn (cả hai cơ cấu, trước và sau 01/07/2025)",
        parameters=[
            qp("parent", UNIT_PARAM, "Chỉ các đơn vị trực thuộc đơn vị này."),
            qp("within", UNIT_PARAM, "Đơn vị này và mọi đơn vị bên dưới."),
            qp("level", {"type": "integer", "enum": [1, 2, 3]}, "1 tỉnh, 2 huyện, 3 xã."),
            qp("valid_on", OpenApiTypes.DATE, "Chỉ các đơn vị tồn tại vào ngày này."),
            qp("structure", {"type": "string", "enum": ["pre2025", "post2025"]},
               "pre2025: cơ cấu đến 30/06/2025; post2025: cơ cấu từ 01/07/2025."),
            qp("q", {"type": "string", "maxLength": 64}, "Tìm theo tên."),
        ],
        responses={200: s.UnitSerializer(many=True), **errors(400, 404)},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        user = self.request.user
        p = self.params()
        parent = unit_param(p, user, "parent")
        within = unit_param(p, user, "within")
        level = p.integer("level", 1, 3)
        valid_on = p.date("valid_on")
        structure = p.choice("structure", ["pre2025", "post2025"])
        q = p.text("q", max_length=64)
        p.done()
        qs = in_scope(Unit.objects.select_related("parent"), user, "pk")
        if parent is not None:
            qs = qs.filter(parent=parent)
        if within is not None:
            qs = qs.subtree(within)
        if level is not None:
            qs = qs.filter(level=level)
        if valid_on is not None:
            qs = qs.valid_on(valid_on)
        if structure == "pre2025":
            qs = qs.valid_on(LAST_DAY_BEFORE_REFORM)
        elif structure == "post2025":
            qs = qs.valid_on(REFORM_DATE)
        if q:
            qs = qs.filter(Q(name__icontains=q) | Q(former_name__icontains=q))
        return qs.order_by("code")


@extend_schema(tags=["đơn vị"])
class UnitDetailView(ApiView):
    pagination_class = None

    @extend_schema(
        summary="Một đơn vị, với các đơn vị trước và sau sắp xếp 2025",
        parameters=[OpenApiParameter("code", UNIT_PARAM, OpenApiParameter.PATH, description="Mã đơn vị.")],
        responses={200: s.UnitDetailSerializer, **errors(404)},
    )
    def get(self, request, code: str):
        unit = get_unit_or_404(request.user, clean_code(code))
        readable = in_scope(Unit.objects.all(), request.user, "pk")
        data = dict(s.UnitSerializer(unit).data)
        data["successors"] = list(readable.filter(predecessions__predecessor=unit).order_by("code")
                                  .values_list("code", flat=True))
        data["predecessors"] = list(readable.filter(successions__successor=unit).order_by("code")
                                    .values_list("code", flat=True))
        return Response(data)


@extend_schema(tags=["đơn vị"])
class UnitSuccessionListView(ListView):
    serializer_class = s.UnitSuccessionSerializer

    @extend_schema(
        summary="Chuyển đổi đơn vị cũ → mới (sắp xếp 2025), cả hai phía trong phạm vi của bạn",
        parameters=[qp("unit", UNIT_PARAM, "Các dòng có đơn vị này ở phía cũ hoặc phía mới."),
                    qp("within", UNIT_PARAM, "Các dòng có đơn vị cũ hoặc mới thuộc địa bàn này.")],
        responses={200: s.UnitSuccessionSerializer(many=True), **errors(400, 404)},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        user = self.request.user
        p = self.params()
        unit = unit_param(p, user, "unit")
        within = unit_param(p, user, "within")
        p.done()
        qs = UnitSuccession.objects.select_related("predecessor", "successor")
        if not is_admin(user):
            readable = readable_units(user)
            qs = qs.filter(predecessor__in=readable, successor__in=readable)
        if unit is not None:
            qs = qs.filter(Q(predecessor=unit) | Q(successor=unit))
        if within is not None:
            sub = Unit.objects.subtree(within)
            qs = qs.filter(Q(predecessor__in=sub) | Q(successor__in=sub))
        return qs.order_by("predecessor__code", "successor__code")


# --------------------------------------------------------------------------- catalogue

@extend_schema(tags=["chỉ tiêu"])
class IndicatorListView(ListView):
    serializer_class = s.IndicatorSerializer

    @extend_schema(
        summary="Chỉ tiêu, với phân tổ và các nhóm",
        parameters=[
            qp("group", {"type": "string", "enum": list(Group.values)}, "Nhóm chỉ tiêu."),
            qp("kind", {"type": "string", "enum": list(IndicatorKind.values)}, "Nguồn số liệu."),
            qp("active", OpenApiTypes.BOOL, "Chỉ các chỉ tiêu đang dùng (true) hoặc đã ngừng (false)."),
        ],
        responses={200: s.IndicatorSerializer(many=True), **errors(400, 404)},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        p = self.params()
        group = p.choice("group", list(Group.values))
        kind = p.choice("kind", list(IndicatorKind.values))
        active = p.boolean("active", default=None)
        p.done()
        qs = visible_indicators(self.request.user, indicator_queryset())
        if group:
            qs = qs.filter(group=group)
        if kind:
            qs = qs.filter(kind=kind)
        if active is not None:
            qs = qs.filter(is_active=active)
        return qs.order_by("sort_order", "code")


def indicator_queryset():
    return Indicator.objects.select_related("disaggregation").prefetch_related("disaggregation__options__part_of")


@extend_schema(tags=["chỉ tiêu"])
class IndicatorDetailView(ApiView):
    pagination_class = None

    @extend_schema(
        summary="Một chỉ tiêu",
        parameters=[OpenApiParameter("code", CODE, OpenApiParameter.PATH, description="Mã chỉ tiêu, ví dụ HERD.")],
        responses={200: s.IndicatorSerializer, **errors(404)},
    )
    def get(self, request, code: str):
        ind = visible_indicators(request.user, indicator_queryset()).filter(code=clean_code(code)).first()
        if ind is None:
            raise Missing(f"Chỉ tiêu '{code[:40]}' không có trong danh mục.")
        return Response(s.IndicatorSerializer(ind).data)


@extend_schema(tags=["kỳ"])
class PeriodListView(ListView):
    serializer_class = s.PeriodSerializer

    @extend_schema(
        summary="Các kỳ đã dùng",
        parameters=[qp("period_type", {"type": "string", "enum": list(PeriodType.values)}, "Loại kỳ."),
                    qp("year", {"type": "integer", "minimum": 1900, "maximum": 2200}, "Năm.")],
        responses={200: s.PeriodSerializer(many=True), **errors(400, 404)},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        p = self.params()
        ptype = p.choice("period_type", list(PeriodType.values))
        year = p.integer("year", 1900, 2200)
        p.done()
        qs = Period.objects.all()
        if ptype:
            qs = qs.filter(period_type=ptype)
        if year is not None:
            qs = qs.filter(year=year)
        return qs.order_by("start", "end", "code")


@extend_schema(tags=["kỳ"])
class PeriodDetailView(ApiView):
    pagination_class = None

    @extend_schema(
        summary="Một kỳ theo mã (ngày, kỳ số liệu, mã DHIS2)",
        parameters=[OpenApiParameter("code", PERIOD_PARAM, OpenApiParameter.PATH,
                                     description="2023, 2023S1, 2023Q4, 202312, 2024DX, 2021-2025.")],
        responses={200: s.PeriodSerializer, **errors(404)},
    )
    def get(self, request, code: str):
        try:
            spec = parse_period(clean_code(code)) if code == code.strip().upper() else None
        except PeriodCodeError:
            spec = None
        if spec is None:
            raise Missing(f"Mã kỳ '{code[:40]}' không hợp lệ.")
        return Response(s.PeriodSerializer(spec).data)


# --------------------------------------------------------------------------- programmes

@extend_schema(tags=["chương trình"])
class ProgrammeListView(ListView):
    serializer_class = s.ProgrammeSerializer

    @extend_schema(
        summary="Chương trình, kế hoạch trong phạm vi của bạn",
        parameters=[qp("unit", UNIT_PARAM, "Chỉ các văn bản của địa bàn này."),
                    qp("doc_type", {"type": "string", "enum": list(DocumentType.values)}, "Loại văn bản.")],
        responses={200: s.ProgrammeSerializer(many=True), **errors(400, 404)},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        p = self.params()
        unit = unit_param(p, self.request.user, "unit")
        doc_type = p.choice("doc_type", list(DocumentType.values))
        p.done()
        qs = visible_programmes(self.request.user)
        if unit is not None:
            qs = qs.filter(unit=unit)
        if doc_type:
            qs = qs.filter(doc_type=doc_type)
        return qs.order_by("code")


def programme_or_404(user, code: str) -> Programme:
    prog = visible_programmes(user).filter(code=clean_code(code)).first()
    if prog is None:
        raise Missing(f"Không tìm thấy chương trình '{code[:64]}'.")
    return prog


@extend_schema(tags=["chương trình"])
class ProgrammeDetailView(ApiView):
    pagination_class = None

    @extend_schema(
        summary="Một chương trình, kế hoạch",
        parameters=[OpenApiParameter("code", CODE, OpenApiParameter.PATH,
                                     description="Mã (số hiệu) văn bản, ví dụ 05-NQ/TU (mã hóa '/' thành %2F).")],
        responses={200: s.ProgrammeSerializer, **errors(404)},
    )
    def get(self, request, code: str):
        return Response(s.ProgrammeSerializer(programme_or_404(request.user, code)).data)


def catalogue_params(p: Params, user=None, margins: bool = False):
    """indicator and option parameters, checked against the catalogue the user sees
    (``indicators.visibility``).  With ``margins``, an option of a crossed breakdown's
    category ("all gà") is accepted too: the engine answers it (``indicators.crossing``)."""
    code = p.text("indicator", max_length=64)
    indicator = option = None
    if code:
        qs = Indicator.objects.select_related("disaggregation").filter(code=code)
        indicator = (visible_indicators(user, qs) if user is not None else qs).first()
        if indicator is None:
            p.bad("indicator", f"Chỉ tiêu '{code}' không có trong danh mục.", code, UNKNOWN)
    ocode = p.text("option", max_length=64)
    if ocode and ocode != "total" and indicator is not None:
        option = indicator.disaggregation.options.filter(code=ocode).first() if indicator.disaggregation else None
        if option is None and margins and indicator.disaggregation and margin_members(indicator.disaggregation, ocode):
            option = Option(code=ocode)  # a margin: named by its code, never stored
        if option is None:
            p.bad("option", f"Nhóm '{ocode}' không thuộc chỉ tiêu {indicator.code}.", ocode, UNKNOWN)
    return indicator, option, ocode


def figure_filters(qs, p: Params, user):
    indicator, option, ocode = catalogue_params(p, user)
    unit = unit_param(p, user, "unit")
    period = p.period("period")
    period_from = p.period("period_from")
    period_to = p.period("period_to")
    ptype = p.choice("period_type", list(PeriodType.values))
    if period_from and period_to and period_from.start > period_to.end:
        p.bad("period_to", "Kỳ cuối phải sau kỳ đầu.", period_to.code)
    p.done()
    qs = in_scope(qs, user)
    if indicator is not None:
        qs = qs.filter(indicator=indicator)
    if ocode == "total":
        qs = qs.filter(option__isnull=True)
    elif option is not None:
        qs = qs.filter(option=option)
    elif ocode:
        qs = qs.filter(option__code=ocode)
    if unit is not None:
        qs = qs.filter(unit__in=Unit.objects.subtree(unit))
    if period is not None:
        qs = qs.filter(period__code=period.code)
    if period_from is not None:
        qs = qs.filter(period__start__gte=period_from.start)
    if period_to is not None:
        qs = qs.filter(period__end__lte=period_to.end)
    if ptype:
        qs = qs.filter(period__period_type=ptype)
    return qs


FIGURE_PARAMS = [
    qp("indicator", CODE, "Mã chỉ tiêu."),
    qp("option", CODE, "Mã nhóm; 'total' cho số tổng."),
    qp("unit", UNIT_PARAM, "Đơn vị và mọi đơn vị bên dưới (cả hai cơ cấu)."),
    qp("period", PERIOD_PARAM, "Đúng kỳ này."),
    qp("period_from", PERIOD_PARAM, "Các kỳ bắt đầu từ đầu kỳ này trở đi."),
    qp("period_to", PERIOD_PARAM, "Các kỳ kết thúc trước cuối kỳ này."),
    qp("period_type", {"type": "string", "enum": list(PeriodType.values)}, "Loại kỳ."),
]


@extend_schema(tags=["chương trình"])
class TargetListView(ListView):
    serializer_class = s.TargetSerializer

    @extend_schema(
        summary="Mục tiêu của các chương trình, trong phạm vi của bạn",
        parameters=[qp("programme", CODE, "Mã chương trình.")] + FIGURE_PARAMS,
        responses={200: s.TargetSerializer(many=True), **errors(400, 404)},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        user = self.request.user
        p = self.params()
        code = p.text("programme", max_length=64)
        programme = programme_or_404(user, code) if code else None
        qs = Target.objects.select_related("programme", "indicator", "option", "unit", "period")
        qs = figure_filters(qs, p, user)
        if programme is not None:
            qs = qs.filter(programme=programme)
        return qs.order_by("programme__code", "indicator__sort_order", "indicator__code", "option__sort_order",
                           "unit__code", "period__start", "pk")


# --------------------------------------------------------------------------- data values

@extend_schema(tags=["số liệu"])
class DataValueListView(ListView):
    serializer_class = s.DataValueSerializer

    @extend_schema(
        summary="Số liệu đã lưu trong phạm vi của bạn (lọc theo chỉ tiêu, địa bàn, khoảng kỳ)",
        parameters=FIGURE_PARAMS,
        responses={200: s.DataValueSerializer(many=True), **errors(400, 404)},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        qs = DataValue.objects.select_related("indicator", "option", "unit", "period")
        qs = figure_filters(qs, self.params(), self.request.user)
        return qs.order_by("indicator__sort_order", "indicator__code", "option__sort_order", "unit__code",
                           "period__start", "period__end", "pk")


@extend_schema(tags=["số liệu"])
class DataValueBulkView(ApiView):
    pagination_class = None
    serializer_class = s.BulkItemSerializer  # for DRF's browsable page; the body is a list of these

    @extend_schema(
        summary="Ghi nhiều số liệu một lần (tất cả hoặc không gì cả)",
        description=(
            "Cùng kiểm tra và tính nguyên tử như nhập tệp: một số liệu sai thì không ghi gì, mọi lỗi được liệt kê "
            "với vị trí (index) và thông báo tiếng Việt. Gửi lại cùng danh sách không thay đổi gì. Mỗi thay đổi "
            "được ghi nhật ký với kênh 'api'. 'version' (tùy chọn) chống ghi đè: lệch phiên bản → 409. "
            "Đơn vị ngoài phạm vi ghi → 403. Tối đa 20.000 số liệu mỗi lần."),
        parameters=[qp("dry_run", OpenApiTypes.BOOL, "true: chỉ kiểm tra, không ghi.")],
        request=s.BulkItemSerializer(many=True),
        responses={200: s.WriteSummarySerializer, **errors(400, 409, 413)},
    )
    def post(self, request):
        if role_of(request.user) not in WRITE_ROLES:
            return Response({"detail": "Vai trò của bạn chỉ được xem, không được ghi số liệu."},
                            status=status.HTTP_403_FORBIDDEN)
        p = self.params()
        dry_run = p.boolean("dry_run")
        p.done()
        drafts, problems = drafts_from_items(request.data)
        summary = write_drafts(drafts, user=request.user, problems=problems, reason="API: ghi nhiều số liệu",
                               dry_run=dry_run)
        return Response({"created": summary.created, "updated": summary.updated, "deleted": summary.deleted,
                         "unchanged": summary.unchanged, "dry_run": dry_run,
                         "detail": ("Kiểm tra xong, chưa ghi: " if dry_run else "Đã ghi: ") + str(summary) + "."})


# --------------------------------------------------------------------------- engine

@extend_schema(tags=["tổng hợp"])
class RollupView(ApiView):
    pagination_class = None

    @extend_schema(
        summary="Số liệu tổng hợp của một chỉ tiêu cho một đơn vị và một kỳ (cùng bộ máy tính như giao diện)",
        parameters=[
            qp("indicator", CODE, "Mã chỉ tiêu.", required=True),
            qp("unit", UNIT_PARAM, "Mã đơn vị.", required=True),
            qp("period", PERIOD_PARAM, "Mã kỳ.", required=True),
            qp("option", CODE, "Mã nhóm; bỏ trống cho số tổng."),
            qp("depth", {"type": "integer", "minimum": 0, "maximum": 3}, "Độ sâu giải thích (mặc định 1)."),
        ],
        responses={200: s.RollupSerializer, **errors(400, 404)},
    )
    def get(self, request):
        p = self.params()
        indicator, option, ocode = catalogue_params(p, request.user, margins=True)
        if indicator is None and not p.problems:
            p.bad("indicator", "Thiếu tham số 'indicator'.")
        if ocode == "total":
            p.bad("option", "Bỏ trống 'option' để lấy số tổng.", ocode)
        unit = unit_param(p, request.user, "unit", required=True)
        period = p.period("period", required=True)
        depth = p.integer("depth", 0, 3, default=1)
        p.done()
        result = Engine().value(indicator.code, unit.code, period.code, option.code if option else None)
        return Response(result.as_dict(depth=depth))


@extend_schema(tags=["tổng hợp"])
class ProgressView(ListView):
    serializer_class = s.ProgressRowSerializer

    @extend_schema(
        summary="Tiến độ thực hiện các mục tiêu của một chương trình tại một đơn vị, đến một kỳ",
        parameters=[
            qp("programme", CODE, "Mã chương trình.", required=True),
            qp("unit", UNIT_PARAM, "Mã đơn vị.", required=True),
            qp("period", PERIOD_PARAM, "Kỳ tính tiến độ (nằm trong kỳ của mục tiêu).", required=True),
        ],
        responses={200: s.ProgressRowSerializer(many=True), **errors(400, 404)},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        user = self.request.user
        p = self.params()
        code = p.text("programme", required=True, max_length=64)
        unit = unit_param(p, user, "unit", required=True)
        period = p.period("period", required=True)
        p.done()
        programme = programme_or_404(user, code)
        return [row.as_dict() for row in Progress().rows(programme, unit, period.code)]

