"""``/api/dhis2/dataValueSets`` and ``/api/dhis2/metadata``: DHIS2's data value exchange
through the UID mapping, in JSON, CSV and ADX.

GET exports (parameters as DHIS2's: ``dataSet``, ``dataElement``, ``orgUnit``,
``children``, ``period``, ``startDate``, ``endDate``; plus ``instance``) in the format
the client asks for: ``Accept: application/json`` (default), ``application/csv`` or
``text/csv``, ``application/adx+xml``, or ``?format=json|csv|adx``.  POST imports a
JSON, CSV or ADX body, plain or compressed (gzip, zip): the content is read for what
it is, and a ``Content-Type`` or ``?format=`` that names another format is refused
(``api.dhis2_formats``).  POST answers DHIS2's ImportSummary shape (JSON) for every
outcome, errors included, echoing the ``dryRun`` that was asked.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.parsers import BaseParser
from rest_framework.renderers import BaseRenderer, BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response

from accounts.scope import WRITE_ROLES, can_read, get_unit_or_404, is_admin, readable_units, role_of
from audit.models import Channel
from bacthang.lib.importing import MAX_BYTES
from indicators.models import Indicator

from . import serializers as s
from .base import (
    UNKNOWN,
    ApiView,
    Denied,
    Params,
    Problem,
    ProblemsError,
    Refused,
    exception_handler,
    status_for,
)
from .dhis2 import (
    ExportRequest,
    Mapping,
    PeriodNotExchanged,
    describe_skipped,
    export_data_value_set,
    export_period,
    import_document,
    import_summary,
)
from .dhis2_formats import FORMATS, FileRefused, read_document, write_adx, write_csv
from .dhis2_metadata import MetadataError, metadata_document
from .models import Dhis2Instance
from .views import errors, qp

UID_PARAM = {"type": "string", "maxLength": 64}
SUPPORTED = ("JSON (application/json), CSV (application/csv hoặc text/csv) hoặc ADX (application/adx+xml)")


def instance_param(p: Params) -> Dhis2Instance | None:
    """The DHIS2 instance named by ``instance`` (optional when only one is declared)."""
    name = p.text("instance", max_length=64)
    if name:
        inst = Dhis2Instance.objects.filter(name=name).first()
        if inst is None:
            p.bad("instance", f"Chưa khai báo máy chủ DHIS2 '{name}'.", name, UNKNOWN)
        return inst
    found = list(Dhis2Instance.objects.all()[:2])
    if len(found) == 1:
        return found[0]
    p.bad("instance", "Thiếu tham số 'instance' (tên máy chủ DHIS2 đã khai báo trong trang quản trị)."
          if found else "Chưa khai báo máy chủ DHIS2 nào (trang quản trị → Máy chủ DHIS2).")
    return None


def asked_dry_run(request) -> bool:
    """The ``dryRun`` a request asked for, read leniently (for answers given before the view ran)."""
    raw = getattr(request, "query_params", getattr(request, "GET", {})).get("dryRun", "") if request else ""
    return str(raw).lower() in Params.TRUE


def summary_exception_handler(exc, context):
    """For the import: every error in DHIS2's ImportSummary shape, with the dryRun asked for."""
    response = exception_handler(exc, context)
    if response is None:
        return None
    description = response.data.get("detail", "")
    if isinstance(exc, exceptions.UnsupportedMediaType):
        description = f"Kiểu nội dung không được hỗ trợ; hãy gửi {SUPPORTED}, có thể nén .gz hoặc .zip."
    problems = getattr(exc, "problems", [])
    response.data = import_summary(status="ERROR", description=description, problems=problems,
                                   dry_run=asked_dry_run(context.get("request")))
    return response


IMPORT_ERRORS = {
    400: "Tham số, tệp hoặc JSON không hợp lệ (định dạng, nén, cú pháp).",
    401: "Chưa xác thực hoặc mã truy cập sai.",
    403: "Vai trò chỉ được xem, hoặc có đơn vị ngoài phạm vi ghi (liệt kê trong 'conflicts').",
    409: "Có giá trị không nhập được (liệt kê trong 'conflicts'); không ghi gì.",
    413: "Nội dung gửi lên quá lớn.",
    415: "Kiểu nội dung không được hỗ trợ.",
    429: "Quá nhiều yêu cầu.",
}


# --------------------------------------------------------------------------- parsers and renderers

class Dhis2Parser(BaseParser):
    """Reads a dataValueSets body of any format (``api.dhis2_formats.read_document``).
    ``declares``: the format the Content-Type names (None: the content alone decides)."""

    media_type = "application/json"
    declares: str | None = "json"

    def parse(self, stream, media_type=None, parser_context=None):
        request = (parser_context or {}).get("request")
        # Django's body limit, as DRF applies it to JSON (a compressed body counts compressed).
        limit = min(MAX_BYTES, settings.DATA_UPLOAD_MAX_MEMORY_SIZE or MAX_BYTES)
        data = stream.read(limit + 1) if stream is not None else b""
        if len(data) > limit:
            raise RequestDataTooBig("body")
        declared = self.declares
        asked = request.query_params.get("format") if request is not None else None
        if asked in FORMATS:
            if declared and asked != declared:
                raise exceptions.ParseError(f"Nội dung gửi lên bị từ chối: Content-Type ({self.media_type}) và "
                                            f"format={asked} không cùng một định dạng.")
            declared = asked
        try:
            return read_document(data, declared=declared)
        except FileRefused as e:
            raise exceptions.ParseError(f"Nội dung gửi lên bị từ chối: {e}") from None


def _parser(media: str, fmt: str | None) -> type[Dhis2Parser]:
    return type(f"Dhis2Parser_{media}", (Dhis2Parser,), {"media_type": media, "declares": fmt})


PARSERS = [Dhis2Parser, _parser("application/csv", "csv"), _parser("text/csv", "csv"),
           _parser("application/adx+xml", "adx"), _parser("application/xml+adx", "adx"),
           _parser("application/xml", None), _parser("application/gzip", None), _parser("application/x-gzip", None),
           _parser("application/zip", None), _parser("application/octet-stream", None)]


class TextRenderer(BaseRenderer):
    """A body already written by ``api.dhis2_formats`` (CSV, ADX)."""

    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data.encode("utf-8") if isinstance(data, str) else data


class CsvRenderer(TextRenderer):
    media_type = "application/csv"
    format = "csv"


class TextCsvRenderer(CsvRenderer):
    media_type = "text/csv"


class AdxRenderer(TextRenderer):
    media_type = "application/adx+xml"
    format = "adx"


class Dhis2Negotiation(DefaultContentNegotiation):
    """DRF's negotiation, with Vietnamese refusals naming the three formats."""

    def filter_renderers(self, renderers, format):
        chosen = [r for r in renderers if r.format == format]
        if not chosen:
            raise ProblemsError([Problem(f"Tham số 'format' phải là json, csv hoặc adx (không phải '{format[:20]}').",
                                         "format", "invalid", None, format[:40])])
        return chosen

    def select_renderer(self, request, renderers, format_suffix=None):
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except exceptions.NotAcceptable:
            raise Refused(f"Không trả được định dạng yêu cầu (Accept); chỉ có {SUPPORTED}.",
                          status.HTTP_406_NOT_ACCEPTABLE) from None


# --------------------------------------------------------------------------- the view

@extend_schema(tags=["DHIS2"])
class DataValueSetsView(ApiView):
    pagination_class = None
    serializer_class = s.Dhis2DataValueSetSerializer  # for DRF's browsable page
    parser_classes = PARSERS
    renderer_classes = [JSONRenderer, CsvRenderer, TextCsvRenderer, AdxRenderer, BrowsableAPIRenderer]
    content_negotiation_class = Dhis2Negotiation

    def get_exception_handler(self):
        if self.request is not None and self.request.method == "POST":
            return summary_exception_handler
        return exception_handler

    def perform_content_negotiation(self, request, force=False):
        if request.method != "GET":  # the import summary is JSON whatever ?format= says of the body
            return JSONRenderer(), JSONRenderer.media_type
        return super().perform_content_negotiation(request, force)

    def finalize_response(self, request, response, *args, **kwargs):
        renderer = getattr(request, "accepted_renderer", None)
        if response.status_code >= 400 and isinstance(renderer, TextRenderer):
            request.accepted_renderer, request.accepted_media_type = JSONRenderer(), JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)

    @extend_schema(
        operation_id="dhis2_datavaluesets_export",
        summary="Xuất dataValueSets theo mã DHIS2 (JSON, CSV hoặc ADX; chỉ số liệu đã lưu, qua bảng ánh xạ)",
        description=(
            "Như GET /api/dataValueSets của DHIS2. Bắt buộc ít nhất một 'orgUnit' và 'period' hoặc cặp "
            "'startDate'/'endDate'. Định dạng theo tiêu đề Accept (application/json, application/csv, text/csv, "
            "application/adx+xml) hoặc tham số format=json|csv|adx. Kỳ trao đổi: năm 2023, 6 tháng 2023S1/2023S2, "
            "quý 2023Q4, tháng 202312 (ADX: 2023-01-01/P1Y …); vụ và giai đoạn không có trong DHIS2 nên không xuất. "
            "Số liệu có đơn vị hoặc nhóm chưa ánh xạ bị bỏ qua; số lượng bỏ qua ở tiêu đề X-Bacthang-Skipped."),
        parameters=[
            qp("instance", {"type": "string", "maxLength": 64},
               "Tên máy chủ DHIS2 đã khai báo (bỏ qua được nếu chỉ có một)."),
            qp("dataSet", UID_PARAM, "UID bộ dữ liệu (lặp lại được).", many=True),
            qp("dataElement", UID_PARAM, "UID phần tử dữ liệu (lặp lại được).", many=True),
            qp("orgUnit", UID_PARAM, "UID đơn vị tổ chức (lặp lại được).", many=True),
            qp("children", OpenApiTypes.BOOL, "true: gồm mọi đơn vị bên dưới."),
            qp("period", {"type": "string", "maxLength": 16}, "Kỳ DHIS2 (lặp lại được).", many=True),
            qp("startDate", OpenApiTypes.DATE, "Các kỳ bắt đầu từ ngày này."),
            qp("endDate", OpenApiTypes.DATE, "Các kỳ kết thúc trước ngày này."),
            qp("format", {"type": "string", "enum": list(FORMATS)}, "json (mặc định), csv hoặc adx."),
            OpenApiParameter("X-Bacthang-Skipped", OpenApiTypes.INT, OpenApiParameter.HEADER, response=[200],
                             description="Số giá trị không xuất được (kỳ vụ/giai đoạn, đơn vị hoặc nhóm chưa ánh xạ)."),
        ],
        responses={(200, "application/json"): s.Dhis2DataValueSetOutSerializer,
                   (200, "application/csv"): OpenApiTypes.STR, (200, "text/csv"): OpenApiTypes.STR,
                   (200, "application/adx+xml"): OpenApiTypes.STR,
                   # Errors are JSON whatever format was asked for (finalize_response).
                   **{(code, "application/json"): r for code, r in errors(400, 404).items()},
                   (406, "application/json"): OpenApiResponse(s.ErrorSerializer, description=(
                       "Không trả được định dạng yêu cầu trong tiêu đề Accept."))},
    )
    def get(self, request):
        user = request.user
        p = self.params()
        instance = instance_param(p)
        set_uids = p.texts("dataSet", 64)
        de_uids = p.texts("dataElement", 64)
        ou_uids = p.texts("orgUnit", 64)
        children = p.boolean("children")
        periods = []
        for pe in p.texts("period", 16):
            try:
                periods.append(export_period(pe))
            except PeriodNotExchanged as e:
                p.bad("period", str(e), pe)
        start, end = p.date("startDate"), p.date("endDate")
        if not ou_uids:
            p.bad("orgUnit", "Cần ít nhất một 'orgUnit'.")
        if not periods and not (start and end) and not any(x.field == "period" for x in p.problems):
            p.bad("period", "Cần 'period' hoặc cả 'startDate' và 'endDate'.")
        if start and end and start > end:
            p.bad("endDate", "'endDate' phải sau 'startDate'.", str(end))
        p.done()
        fmt = getattr(request.accepted_renderer, "format", "json")
        fmt = fmt if fmt in FORMATS else "json"
        mapping = Mapping(instance)
        req = ExportRequest(children=children, periods=periods, start=start, end=end,
                            readable=None if is_admin(user) else readable_units(user), format=fmt)
        problems: list[Problem] = []
        for uid in ou_uids:
            unit = mapping.unit_by_uid.get(uid)
            if unit is None or not can_read(user, unit):
                # Outside the user's scope a mapped UID answers exactly as an unknown one.
                problems.append(mapping.unmapped("orgUnit", uid, None))
            else:
                req.units.append(unit)
        indicators = []
        if set_uids:
            found = {d.uid: d for d in instance.data_sets.prefetch_related("indicators").filter(uid__in=set_uids)}
            for uid in set_uids:
                if uid not in found:
                    problems.append(mapping.unmapped("dataSet", uid, None))
                else:
                    indicators.extend(found[uid].indicators.all())
        for uid in de_uids:
            ind = mapping.indicator_by_uid.get(uid)
            if ind is None:
                problems.append(mapping.unmapped("dataElement", uid, None))
            else:
                indicators.append(ind)
        if problems:
            raise ProblemsError(problems, status_code=status.HTTP_400_BAD_REQUEST)
        if set_uids or de_uids:
            req.indicators = indicators
        if len(set_uids) == 1:
            req.data_set = set_uids[0]
        result = export_data_value_set(mapping, req)
        headers = {"X-Bacthang-Skipped": str(sum(result.skipped.values()))}
        if fmt == "csv":
            body = write_csv(result.values)
        elif fmt == "adx":
            body = write_adx(result.values, timezone.now())
        else:
            return Response(result.document, headers=headers)
        headers["Content-Disposition"] = f'attachment; filename="dataValueSets.{"xml" if fmt == "adx" else fmt}"'
        return Response(body, headers=headers)

    @extend_schema(
        operation_id="dhis2_datavaluesets_import",
        summary="Nhập dataValueSets của DHIS2: JSON, CSV hoặc ADX, có thể nén .gz/.zip (tất cả hoặc không gì cả)",
        description=(
            "Như POST /api/dataValueSets của DHIS2; trả lời dạng ImportSummary (JSON). Định dạng đọc theo nội dung; "
            "Content-Type hoặc format=json|csv|adx khai báo khác nội dung thì bị từ chối. Mọi UID được dịch qua "
            "bảng ánh xạ của máy chủ; UID chưa ánh xạ, kỳ không trao đổi được, số sai, đơn vị ngoài phạm vi … được "
            "liệt kê theo từng giá trị (indexes) và không ghi gì. Nhập lại cùng tài liệu không thay đổi gì. "
            "dryRun=true: chỉ kiểm tra, không ghi gì. Nhật ký ghi kênh 'api'."),
        parameters=[
            qp("instance", {"type": "string", "maxLength": 64},
               "Tên máy chủ DHIS2 đã khai báo (bỏ qua được nếu chỉ có một)."),
            qp("dryRun", OpenApiTypes.BOOL, "true: chỉ kiểm tra, không ghi."),
            qp("format", {"type": "string", "enum": list(FORMATS)}, "Định dạng của nội dung gửi lên (nếu khai báo)."),
        ],
        request={"application/json": s.Dhis2DataValueSetSerializer,
                 "application/csv": OpenApiTypes.STR, "text/csv": OpenApiTypes.STR,
                 "application/adx+xml": OpenApiTypes.STR},
        responses={200: s.Dhis2ImportSummarySerializer,
                   **{c: OpenApiResponse(s.Dhis2ImportSummarySerializer, description=t)
                      for c, t in IMPORT_ERRORS.items()}},
    )
    def post(self, request):
        if role_of(request.user) not in WRITE_ROLES:
            raise Denied("Vai trò của bạn chỉ được xem, không được ghi số liệu.")
        p = self.params()
        instance = instance_param(p)
        dry_run = p.boolean("dryRun")
        p.choice("format", FORMATS)
        p.done()
        parsed = request.data
        doc = getattr(parsed, "document", parsed)
        summary, problems = run_import(doc, instance, request.user, channel=Channel.API, dry_run=dry_run)
        return Response(*summary_answer(summary, problems, dry_run))


def summary_answer(summary, problems, dry_run: bool) -> tuple[dict, int]:
    """The ImportSummary body and HTTP status of an import's outcome."""
    if problems:
        code = status_for(problems, default=status.HTTP_409_CONFLICT)
        if code == status.HTTP_400_BAD_REQUEST:
            code = status.HTTP_409_CONFLICT
        body = import_summary(status="ERROR", problems=problems,
                              description=f"Không nhập giá trị nào: có {len(problems)} lỗi.", dry_run=dry_run)
        return body, code
    counts = {"created": summary.created, "updated": summary.updated, "deleted": summary.deleted,
              "unchanged": summary.unchanged}
    prefix = "Kiểm tra xong, chưa ghi: " if dry_run else "Đã nhập: "
    return import_summary(status="SUCCESS", description=prefix + str(summary) + ".", counts=counts,
                          dry_run=dry_run), status.HTTP_200_OK


def run_import(doc, instance: Dhis2Instance, user, *, channel: str, dry_run: bool = False, reason: str = ""):
    """Translate and write a dataValueSets document.  Returns (summary, []) or (None, problems)."""
    return import_document(doc, instance, user, channel=channel, dry_run=dry_run, reason=reason)


# --------------------------------------------------------------------------- metadata

@extend_schema(tags=["DHIS2"])
class MetadataView(ApiView):
    pagination_class = None

    @extend_schema(
        operation_id="dhis2_metadata",
        summary="Siêu dữ liệu DHIS2 (dataElements, categoryCombos, categories, categoryOptions, "
                "categoryOptionCombos, organisationUnits) để tạo bảng ánh xạ bên DHIS2",
        description=(
            "Dạng JSON của POST /api/metadata của DHIS2. Mã (code) của mỗi đối tượng là mã trong tệp ánh xạ; id là "
            "UID đã ánh xạ, hoặc UID gợi ý (cố định cho cùng máy chủ và đối tượng) khi chưa ánh xạ. Mặc định: các "
            "chỉ tiêu và đơn vị đã ánh xạ (chưa ánh xạ chỉ tiêu nào: mọi chỉ tiêu đang dùng), cùng các đơn vị cấp "
            "trên trong phạm vi của bạn."),
        parameters=[
            qp("instance", {"type": "string", "maxLength": 64},
               "Tên máy chủ DHIS2 đã khai báo (bỏ qua được nếu chỉ có một)."),
            qp("indicator", {"type": "string", "maxLength": 64}, "Mã chỉ tiêu (lặp lại được).", many=True),
            qp("unit", {"type": "string", "maxLength": 32}, "Mã đơn vị: đơn vị và mọi đơn vị bên dưới (lặp lại được).",
               many=True),
        ],
        responses={200: OpenApiTypes.OBJECT, **errors(400, 404)},
    )
    def get(self, request):
        p = self.params()
        instance = instance_param(p)
        codes = p.texts("indicator", 64)
        unit_codes = p.texts("unit", 32)
        p.done()
        indicators = None
        if codes:
            found = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
            missing = [c for c in codes if c not in found]
            if missing:
                raise ProblemsError([Problem(f"Chỉ tiêu '{c}' không có trong danh mục.", "indicator", UNKNOWN, None, c)
                                     for c in missing])
            indicators = list(found.values())
        units = [get_unit_or_404(request.user, c) for c in unit_codes] or None
        try:
            meta = metadata_document(instance, indicators=indicators, units=units, user=request.user)
        except MetadataError as e:
            raise ProblemsError([Problem(str(e), "indicator")]) from None
        return Response(meta.document, headers={"X-Bacthang-Suggested-Uids": str(len(meta.suggestions))})


__all__ = ["DataValueSetsView", "MetadataView", "run_import", "describe_skipped", "summary_answer"]
