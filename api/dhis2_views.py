"""``/api/dhis2/dataValueSets``: DHIS2's data value exchange through the UID mapping.

GET exports (parameters as DHIS2's: ``dataSet``, ``dataElement``, ``orgUnit``,
``children``, ``period``, ``startDate``, ``endDate``; plus ``instance``), POST
imports (``dryRun`` as DHIS2).  POST answers DHIS2's ImportSummary shape for every
outcome, errors included, so a DHIS2-minded client reads one shape.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response

from accounts.scope import WRITE_ROLES, can_read, is_admin, readable_units, role_of
from audit.models import Channel

from . import serializers as s
from .base import UNKNOWN, ApiView, Denied, Params, Problem, ProblemsError, exception_handler, status_for
from .dhis2 import (
    ExportRequest,
    Mapping,
    PeriodNotExchanged,
    describe_skipped,
    dhis2_problem,
    drafts_from_data_value_set,
    export_data_value_set,
    export_period,
    import_summary,
)
from .models import Dhis2Instance
from .values import write_drafts
from .views import errors, qp

UID_PARAM = {"type": "string", "maxLength": 64}


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


def summary_exception_handler(exc, context):
    """For the import: every error in DHIS2's ImportSummary shape."""
    response = exception_handler(exc, context)
    if response is None:
        return None
    problems = getattr(exc, "problems", [])
    response.data = import_summary(status="ERROR", description=response.data.get("detail", ""),
                                   problems=problems)
    return response


IMPORT_ERRORS = {
    400: "Tham số hoặc JSON không hợp lệ.",
    401: "Chưa xác thực hoặc mã truy cập sai.",
    403: "Vai trò chỉ được xem, hoặc có đơn vị ngoài phạm vi ghi (liệt kê trong 'conflicts').",
    409: "Có giá trị không nhập được (liệt kê trong 'conflicts'); không ghi gì.",
    413: "Nội dung gửi lên quá lớn.",
    429: "Quá nhiều yêu cầu.",
}


@extend_schema(tags=["DHIS2"])
class DataValueSetsView(ApiView):
    pagination_class = None
    serializer_class = s.Dhis2DataValueSetSerializer  # for DRF's browsable page

    def get_exception_handler(self):
        if self.request is not None and self.request.method == "POST":
            return summary_exception_handler
        return exception_handler

    @extend_schema(
        operation_id="dhis2_datavaluesets_export",
        summary="Xuất dataValueSets theo mã DHIS2 (chỉ số liệu đã lưu, qua bảng ánh xạ)",
        description=(
            "Như GET /api/dataValueSets của DHIS2. Bắt buộc ít nhất một 'orgUnit' và 'period' hoặc cặp "
            "'startDate'/'endDate'. Kỳ trao đổi: năm 2023, 6 tháng 2023S1/2023S2, quý 2023Q4, tháng 202312; vụ và "
            "giai đoạn không có trong DHIS2 nên không xuất. Số liệu có đơn vị hoặc nhóm chưa ánh xạ bị bỏ qua; số "
            "lượng bỏ qua ở tiêu đề X-Bacthang-Skipped."),
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
            OpenApiParameter("X-Bacthang-Skipped", OpenApiTypes.INT, OpenApiParameter.HEADER, response=[200],
                             description="Số giá trị không xuất được (kỳ vụ/giai đoạn, đơn vị hoặc nhóm chưa ánh xạ)."),
        ],
        responses={200: s.Dhis2DataValueSetOutSerializer, **errors(400, 404)},
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
        mapping = Mapping(instance)
        req = ExportRequest(children=children, periods=periods, start=start, end=end,
                            readable=None if is_admin(user) else readable_units(user))
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
        return Response(result.document, headers={"X-Bacthang-Skipped": str(sum(result.skipped.values()))})

    @extend_schema(
        operation_id="dhis2_datavaluesets_import",
        summary="Nhập dataValueSets của DHIS2 (tất cả hoặc không gì cả)",
        description=(
            "Như POST /api/dataValueSets của DHIS2; trả lời dạng ImportSummary. Mọi UID được dịch qua bảng ánh xạ "
            "của máy chủ; UID chưa ánh xạ, kỳ không trao đổi được, số sai, đơn vị ngoài phạm vi … được liệt kê "
            "theo từng giá trị (indexes) và không ghi gì. Nhập lại cùng tài liệu không thay đổi gì. Nhật ký ghi "
            "kênh 'api'."),
        parameters=[
            qp("instance", {"type": "string", "maxLength": 64},
               "Tên máy chủ DHIS2 đã khai báo (bỏ qua được nếu chỉ có một)."),
            qp("dryRun", OpenApiTypes.BOOL, "true: chỉ kiểm tra, không ghi."),
        ],
        request=s.Dhis2DataValueSetSerializer,
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
        p.done()
        doc = request.data
        summary, problems = run_import(doc, instance, request.user, channel=Channel.API, dry_run=dry_run)
        if problems:
            code = status_for(problems, default=status.HTTP_409_CONFLICT)
            if code == status.HTTP_400_BAD_REQUEST:
                code = status.HTTP_409_CONFLICT
            body = import_summary(status="ERROR", problems=problems,
                                  description=f"Không nhập giá trị nào: có {len(problems)} lỗi.", dry_run=dry_run)
            return Response(body, status=code)
        counts = {"created": summary.created, "updated": summary.updated, "deleted": summary.deleted,
                  "unchanged": summary.unchanged}
        prefix = "Kiểm tra xong, chưa ghi: " if dry_run else "Đã nhập: "
        return Response(import_summary(status="SUCCESS", description=prefix + str(summary) + ".", counts=counts,
                                       dry_run=dry_run))


def run_import(doc, instance: Dhis2Instance, user, *, channel: str, dry_run: bool = False, reason: str = ""):
    """Translate and write a dataValueSets document.  Returns (summary, []) or (None, problems)."""
    mapping = Mapping(instance)
    drafts, problems = drafts_from_data_value_set(doc, mapping)
    by_index = {d.index: d for d in drafts}
    try:
        summary = write_drafts(drafts, user=user, problems=problems, channel=channel, dry_run=dry_run,
                               reason=reason or f"DHIS2 {instance.name}: dataValueSets")
    except ProblemsError as e:
        return None, [dhis2_problem(x, by_index, doc) for x in e.problems]
    return summary, []


__all__ = ["DataValueSetsView", "run_import", "describe_skipped"]
