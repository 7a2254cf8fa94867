"""API endpoints of the criteria evaluations beyond the record lists of ``api.records``
(``/api/ruraldev/<model>``): an evaluation's computed sheet, saving its results, and the
workflow steps — through ``ruraldev.actions`` (channel "api"), in the scope of the pages."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from accounts.scope import can_read
from api.base import ApiView, Missing, Problem, ProblemsError
from api.views import errors
from audit.models import Channel

from . import actions
from .evaluation import build_sheet
from .models import CriterionIndicator, Evaluation

TAG = "Nông thôn mới"
ID = OpenApiParameter("id", {"type": "string", "pattern": r"^\d{1,18}$"}, OpenApiParameter.PATH,
                      description="Mã (id) kết quả đánh giá.")
STEP = OpenApiParameter("step", {"type": "string", "enum": ["submit", "approve", "return"]}, OpenApiParameter.PATH,
                        description="Thao tác.")


def _evaluation(user, id_: str) -> Evaluation:
    ev = (Evaluation.objects.select_related("unit", "criteria_set").filter(pk=int(id_)).first()
          if str(id_).isdigit() else None)
    if ev is None or not can_read(user, ev.unit):
        raise Missing("Không tìm thấy kết quả đánh giá.")
    return ev


def sheet_data(ev: Evaluation) -> dict:
    sheet = build_sheet(ev)
    return {
        "id": ev.pk, "unit": ev.unit.code, "year": ev.year, "criteria_set": ev.criteria_set.code,
        "version": ev.criteria_set.version, "status": ev.status, "met": sheet.met, "total": sheet.total,
        "count": sheet.count_text,
        "criteria": [{
            "number": c.criterion.number, "name": c.criterion.name, "status": c.status,
            "indicators": [{
                "code": r.indicator.code, "status": r.status, "value": r.value_text, "source": r.source,
                "computed": r.computed, "placeholder_threshold": r.placeholder,
                "note": r.result.note if r.result else "",
            } for r in c.indicators],
        } for c in sheet.criteria],
    }


def _refused(e: actions.Refused) -> ProblemsError:
    denied = any("không có quyền" in m for m in e.messages)
    return ProblemsError([Problem(m) for m in e.messages], status_code=403 if denied else 409)


class SheetView(ApiView):
    @extend_schema(summary="Kết quả đánh giá: trạng thái từng tiêu chí, chỉ tiêu và số tiêu chí đạt", tags=[TAG],
                   parameters=[ID], operation_id="ruraldev_evaluation_sheet",
                   responses={200: OpenApiTypes.OBJECT, **errors(404)})
    def get(self, request, id: str):  # noqa: A002
        return Response(sheet_data(_evaluation(request.user, id)))


class ResultsView(ApiView):
    @extend_schema(summary="Ghi kết quả các chỉ tiêu (theo mã chỉ tiêu: number, yes, choice, status, note)",
                   tags=[TAG], parameters=[ID], request=OpenApiTypes.OBJECT,
                   operation_id="ruraldev_evaluation_results",
                   responses={200: OpenApiTypes.OBJECT, **errors(400, 404, 409, 413)})
    def post(self, request, id: str):  # noqa: A002
        ev = _evaluation(request.user, id)
        body = request.data.get("results") if isinstance(request.data, dict) else None
        if not isinstance(body, dict):
            raise ProblemsError([Problem("Cần 'results': {mã chỉ tiêu: {trường: giá trị}}.", field="results")])
        by_code = {i.code: i.pk for i in CriterionIndicator.objects.filter(
            criterion__criteria_set_id=ev.criteria_set_id)}
        unknown = [c for c in body if c not in by_code]
        if unknown:
            raise ProblemsError([Problem(f"Chỉ tiêu '{c}' không thuộc bộ tiêu chí.", field="results") for c in unknown])
        try:
            actions.do_save_results(ev, {by_code[c]: v for c, v in body.items()}, user=request.user,
                                    channel=Channel.API)
        except actions.Refused as e:
            raise _refused(e) from e
        return Response(sheet_data(ev))


STEPS = {"submit": actions.do_submit, "approve": actions.do_approve}


class StepView(ApiView):
    @extend_schema(summary="Nộp (submit), duyệt (approve) hoặc trả lại (return, kèm 'reason') kết quả đánh giá",
                   tags=[TAG], parameters=[ID, STEP], request=OpenApiTypes.OBJECT,
                   operation_id="ruraldev_evaluation_step",
                   responses={200: OpenApiTypes.OBJECT, **errors(400, 404, 409, 413)})
    def post(self, request, id: str, step: str):  # noqa: A002
        ev = _evaluation(request.user, id)
        try:
            if step == "return":
                reason = request.data.get("reason", "") if isinstance(request.data, dict) else ""
                actions.do_return(ev, str(reason), user=request.user, channel=Channel.API)
            elif step in STEPS:
                STEPS[step](ev, user=request.user, channel=Channel.API)
            else:
                raise Missing("Không có thao tác này.")
        except actions.Refused as e:
            raise _refused(e) from e
        ev.refresh_from_db()
        return Response(sheet_data(ev))


def urlpatterns() -> list:
    return [
        path("ruraldev/evaluation/<anytext:id>/sheet", SheetView.as_view(), name="ruraldev-evaluation-sheet"),
        path("ruraldev/evaluation/<anytext:id>/results", ResultsView.as_view(), name="ruraldev-evaluation-results"),
        path("ruraldev/evaluation/<anytext:id>/steps/<anytext:step>", StepView.as_view(),
             name="ruraldev-evaluation-step"),
    ]
