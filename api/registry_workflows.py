"""The registries' workflows through the API: each endpoint is one ``registries.actions``
function — the same the registry pages call — behind the same permission rule
(``registries.permissions``), with channel "api" in the audit trail.

Endpoints (POST unless said), their action and who may call it:

* ``registries/ocopproduct/<id>/propose`` — ``do_propose_ocop``; ``may_propose_ocop`` (the commune's
  officer, managers);
* ``…/evaluate`` — ``do_evaluate_ocop`` on the pending round (score → stars, decision);
  ``may_evaluate_ocop`` (province officers, admins);
* ``…/certify`` — ``do_record_ocop_certificate`` (a decision; completes a pending round);
  ``may_evaluate_ocop``;
* ``…/request-upgrade`` — ``do_request_ocop_upgrade``; ``may_propose_ocop``;
* ``…/revoke`` — ``do_revoke``; ``may_edit``;
* ``registries/cooperative/<id>/years`` GET, POST — ``do_set_coop_year`` (members, revenue,
  member income of a year); read in scope, write ``may_edit``;
* ``registries/{certification,plantingcode}/<id>/renew`` — ``do_renew_validity``,
  ``…/expire`` — ``do_expire_validity``, ``…/revoke`` — ``do_revoke``; ``may_edit``.

A record outside the user's scope is 404 (as if it did not exist); a role that may not
take the step gets 403 with the reason; a step the record's state does not allow (a
revoked product, no pending round, a score whose band contradicts the stars …) gets
400 with the action's Vietnamese message, and nothing is written.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from audit.models import Channel
from registries import actions
from registries.models import (
    Certification,
    Cooperative,
    CooperativeYear,
    DecisionLevel,
    EvaluationResult,
    OcopEvaluation,
    OcopProduct,
    PlantingCode,
)
from registries.permissions import may_edit, may_evaluate_ocop, may_propose_ocop
from units.models import Unit

from .base import INVALID, ApiView, Denied, Missing, Problem, ProblemsError
from .records import Resource, django_errors, drf_errors, read_serializer, scoped, vietnamese_errors
from .views import errors

TAG = "registries: quy trình"
RESOURCES = {model: Resource("registries", model, "unit") for model in (OcopProduct, Cooperative, Certification,
                                                                         PlantingCode)}
# Serializers named apart from api.records' ones (same fields) so the schema keeps one component per name.
READ = {model: read_serializer(Resource("workflow", model, "unit")) for model in RESOURCES}
EVALUATION_READ = read_serializer(Resource("workflow", OcopEvaluation, "product__unit"))
YEAR_READ = read_serializer(Resource("workflow", CooperativeYear, "cooperative__unit"))


def answer_serializer(model) -> type[serializers.Serializer]:
    attrs = {"record": READ[model](help_text="Bản ghi sau bước này."),
             "evaluation": EVALUATION_READ(required=False, help_text="Lượt đánh giá OCOP được ghi (nếu có).")}
    return type(f"Workflow{model.__name__}Answer", (serializers.Serializer,), attrs)


ANSWERS = {model: answer_serializer(model) for model in READ}


# --------------------------------------------------------------------------- bodies
class UnitCode(serializers.CharField):
    def __init__(self, **kwargs):
        super().__init__(max_length=32, required=False, allow_blank=True, **kwargs)

    def to_internal_value(self, data):
        code = super().to_internal_value(data)
        if not code:
            return None
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            raise serializers.ValidationError(f"Không có đơn vị mã '{code}'.")
        return unit


NOTE = dict(required=False, allow_blank=True, max_length=2000, default="")


class ProposeBody(serializers.Serializer):
    proposed_on = serializers.DateField(help_text="Ngày đề xuất (YYYY-MM-DD).")
    proposer = UnitCode(help_text="Mã đơn vị đề xuất; trống: theo quy trình áp dụng vào ngày đề xuất.")
    proposed_stars = serializers.IntegerField(min_value=3, max_value=5, required=False, allow_null=True,
                                              help_text="Hạng sao đề nghị.")
    note = serializers.CharField(**NOTE)


class UpgradeBody(ProposeBody):
    proposed_stars = serializers.IntegerField(min_value=4, max_value=5,
                                              help_text="Hạng sao đề nghị (nhiều hơn hạng hiện có).")


class EvaluateBody(serializers.Serializer):
    evaluated_on = serializers.DateField(help_text="Ngày đánh giá, phân hạng.")
    score = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0, max_value=100, required=False,
                                     allow_null=True, help_text="Điểm (thang 100); hạng sao theo khung điểm.")
    stars = serializers.IntegerField(min_value=1, max_value=5, required=False, allow_null=True)
    decision_no = serializers.CharField(required=False, allow_blank=True, max_length=64, default="")
    decision_date = serializers.DateField(required=False, allow_null=True,
                                          help_text="Ngày quyết định công nhận (cần khi đạt từ 3 sao).")
    decision_level = serializers.ChoiceField(choices=DecisionLevel.choices, required=False, allow_blank=True,
                                             default="")
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, allow_null=True, default=None)


class CertifyBody(serializers.Serializer):
    decision_date = serializers.DateField()
    decision_no = serializers.CharField(max_length=64)
    stars = serializers.IntegerField(min_value=3, max_value=5, required=False, allow_null=True)
    score = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0, max_value=100, required=False,
                                     allow_null=True)
    decision_level = serializers.ChoiceField(choices=DecisionLevel.choices, required=False, allow_blank=True,
                                             default="")
    evaluated_on = serializers.DateField(required=False, allow_null=True)


class RevokeBody(serializers.Serializer):
    on = serializers.DateField(help_text="Ngày thu hồi.")
    reason = serializers.CharField(max_length=255, help_text="Lý do thu hồi.")


class YearBody(serializers.Serializer):
    year = serializers.IntegerField(min_value=1990, max_value=2100)
    members = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    revenue = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, required=False,
                                       allow_null=True, help_text="Doanh thu (triệu đồng).")
    member_income = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=0, required=False,
                                             allow_null=True,
                                             help_text="Thu nhập bình quân người lao động (triệu đồng/năm).")


class RenewBody(serializers.Serializer):
    valid_until = serializers.DateField(help_text="Hiệu lực mới đến ngày.")
    valid_from = serializers.DateField(required=False, allow_null=True)
    certificate_no = serializers.CharField(required=False, allow_null=True, max_length=64, default=None)


class ExpireBody(serializers.Serializer):
    on = serializers.DateField(help_text="Hiệu lực đến hết ngày này.")
    reason = serializers.CharField(required=False, allow_blank=True, max_length=255, default="")


# --------------------------------------------------------------------------- plumbing
def _body(request, serializer_class) -> dict:
    if not isinstance(request.data, dict):
        raise ProblemsError([Problem("Nội dung phải là một đối tượng JSON.", "", INVALID)])
    ser = serializer_class(data=request.data)
    vietnamese_errors(ser)
    if not ser.is_valid():
        raise ProblemsError(drf_errors(ser.errors))
    return dict(ser.validated_data)


def _record(request, model, pk: str):
    if not pk.isascii() or not pk.isdigit() or len(pk) > 18:
        raise Missing("Không tìm thấy bản ghi.")
    obj = scoped(RESOURCES[model], request.user).filter(pk=int(pk)).first()
    if obj is None:
        raise Missing("Không tìm thấy bản ghi.")
    return obj


def _run(step):
    try:
        return step()
    except DjangoValidationError as e:
        raise ProblemsError(django_errors(e)) from e


def _answer(model, obj, evaluation=None):
    fresh = model.objects.get(pk=obj.pk)
    data = {"record": READ[model](fresh).data}
    if evaluation is not None:
        data["evaluation"] = EVALUATION_READ(evaluation).data
    return Response(data)


class Step(ApiView):
    pagination_class = None
    model = OcopProduct
    body = RevokeBody

    def allowed(self, user, obj) -> bool:
        return may_edit(user, obj)

    refusal = "Bạn không có quyền sửa bản ghi này."

    def act(self, obj, data, user):
        raise NotImplementedError

    def post(self, request, id: str):  # noqa: A002 (the path parameter's name)
        obj = _record(request, self.model, id)
        if not self.allowed(request.user, obj):
            raise Denied(self.refusal)
        data = _body(request, self.body)
        result = _run(lambda: self.act(obj, data, request.user))
        return _answer(self.model, obj, result if isinstance(result, OcopEvaluation) else None)


def _view(base: type[Step], model, step: str, summary: str, description: str) -> type[Step]:
    """A subclass of ``base`` for ``model`` with its own documented ``post``."""

    def post(self, request, id: str):  # noqa: A002
        return Step.post(self, request, id)

    post = extend_schema(summary=summary, description=description, tags=[TAG], request=base.body,
                         operation_id=f"registries_{model._meta.model_name}_{step.replace('-', '_')}",
                         parameters=[OpenApiParameter("id", {"type": "string", "pattern": r"^\d{1,18}$"},
                                                      OpenApiParameter.PATH, description="Mã (id) bản ghi.")],
                         responses={200: ANSWERS[model], **errors(400, 404)})(post)
    return type(f"{model.__name__}{base.__name__}", (base,), {"model": model, "post": post})


# --------------------------------------------------------------------------- OCOP
class Propose(Step):
    body = ProposeBody
    refusal = "Bạn không có quyền đề xuất sản phẩm này."

    def allowed(self, user, obj):
        return may_propose_ocop(user, obj)

    def act(self, obj, d, user):
        return actions.do_propose_ocop(obj, proposed_on=d["proposed_on"], proposer=d.get("proposer"),
                                       proposed_stars=d.get("proposed_stars"), note=d.get("note", ""), user=user,
                                       channel=Channel.API)


class RequestUpgrade(Propose):
    body = UpgradeBody

    def act(self, obj, d, user):
        return actions.do_request_ocop_upgrade(obj, proposed_on=d["proposed_on"], proposed_stars=d["proposed_stars"],
                                               proposer=d.get("proposer"), note=d.get("note", ""), user=user,
                                               channel=Channel.API)


class Evaluate(Step):
    body = EvaluateBody
    refusal = "Chỉ cấp tỉnh ghi kết quả đánh giá, phân hạng OCOP."

    def allowed(self, user, obj):
        return may_evaluate_ocop(user, obj)

    def act(self, obj, d, user):
        pending = obj.evaluations.filter(result=EvaluationResult.PENDING).first()
        if pending is None:
            raise DjangoValidationError("Sản phẩm không có lượt đề xuất nào chờ đánh giá; đề xuất trước.")
        return actions.do_evaluate_ocop(pending, evaluated_on=d["evaluated_on"], score=d.get("score"),
                                        stars=d.get("stars"), decision_no=d.get("decision_no", ""),
                                        decision_date=d.get("decision_date"),
                                        decision_level=d.get("decision_level", ""), note=d.get("note"), user=user,
                                        channel=Channel.API)


class Certify(Evaluate):
    body = CertifyBody

    def act(self, obj, d, user):
        if d.get("stars") is None and d.get("score") is None:
            raise DjangoValidationError({"stars": "Cần hạng sao hoặc điểm đạt được."})
        return actions.do_record_ocop_certificate(
            obj, decision_date=d["decision_date"], decision_no=d["decision_no"], stars=d.get("stars"),
            score=d.get("score"), decision_level=d.get("decision_level", ""), evaluated_on=d.get("evaluated_on"),
            user=user, channel=Channel.API)[0]


class Revoke(Step):
    body = RevokeBody

    def act(self, obj, d, user):
        return actions.do_revoke(obj, d["on"], d["reason"], user=user, channel=Channel.API)


# --------------------------------------------------------------------------- certifications, codes
class Renew(Step):
    body = RenewBody

    def act(self, obj, d, user):
        return actions.do_renew_validity(obj, valid_until=d["valid_until"], valid_from=d.get("valid_from"),
                                         certificate_no=d.get("certificate_no"), user=user, channel=Channel.API)


class Expire(Step):
    body = ExpireBody

    def act(self, obj, d, user):
        return actions.do_expire_validity(obj, on=d["on"], reason=d.get("reason", ""), user=user,
                                          channel=Channel.API)


# --------------------------------------------------------------------------- cooperative years
class CooperativeYears(ApiView):
    pagination_class = None

    @extend_schema(summary="Số liệu năm của một HTX, THT (thành viên, doanh thu, thu nhập)", tags=[TAG],
                   operation_id="registries_cooperative_years_list",
                   responses={200: YEAR_READ(many=True), **errors(404)})
    def get(self, request, id: str):  # noqa: A002
        coop = _record(request, Cooperative, id)
        return Response(YEAR_READ(coop.years.order_by("-year"), many=True).data)

    @extend_schema(summary="Ghi số liệu một năm của HTX, THT (tạo hoặc sửa năm đó)", tags=[TAG], request=YearBody,
                   operation_id="registries_cooperative_years_set",
                   description="Gọi registries.actions.do_set_coop_year như trang 'Số liệu năm'. Trường bỏ trống "
                               "là chưa biết (không phải 0).",
                   responses={200: YEAR_READ, **errors(400, 404)})
    def post(self, request, id: str):  # noqa: A002
        coop = _record(request, Cooperative, id)
        if not may_edit(request.user, coop):
            raise Denied("Bạn không có quyền sửa bản ghi này.")
        d = _body(request, YearBody)
        row, _changed = _run(lambda: actions.do_set_coop_year(
            coop, d["year"], revenue=d.get("revenue"), member_income=d.get("member_income"),
            members=d.get("members"), user=request.user, channel=Channel.API))
        return Response(YEAR_READ(row).data)


OCOP_STEPS = {
    "propose": (Propose, "Đề xuất đánh giá, phân hạng OCOP", "Cấp xã (từ 06/07/2025; trước đó cấp huyện) đề xuất."),
    "evaluate": (Evaluate, "Ghi kết quả đánh giá, phân hạng OCOP",
                 "Cấp tỉnh: điểm → hạng sao theo khung điểm (Quyết định 148/QĐ-TTg: 3 sao 50–69, 4 sao 70–89, "
                 "5 sao từ 90); đạt từ 3 sao cần ngày quyết định."),
    "certify": (Certify, "Ghi quyết định công nhận OCOP", "Cấp tỉnh; hoàn tất lượt đang chờ đánh giá nếu có."),
    "request-upgrade": (RequestUpgrade, "Đề nghị nâng hạng sao", "Sản phẩm có giấy chứng nhận còn hiệu lực."),
    "revoke": (Revoke, "Thu hồi giấy chứng nhận OCOP", "Cần ngày và lý do thu hồi."),
}
VALIDITY_STEPS = {
    "renew": (Renew, "Gia hạn", "Ngày hết hiệu lực mới phải sau ngày hiện có; bản ghi bị thu hồi không gia hạn."),
    "expire": (Expire, "Chấm dứt hiệu lực", "Hiệu lực đến hết ngày đã cho (trạng thái hết hạn tính từ ngày)."),
    "revoke": (Revoke, "Thu hồi", "Cần ngày và lý do thu hồi."),
}


def urlpatterns() -> list:
    out = []
    for step, (view, summary, description) in OCOP_STEPS.items():
        cls = _view(view, OcopProduct, step, summary, description)
        out.append(path(f"registries/ocopproduct/<anytext:id>/{step}", cls.as_view(),
                        name=f"registries-ocopproduct-{step}"))
    for model in (Certification, PlantingCode):
        name = model._meta.model_name
        for step, (view, summary, description) in VALIDITY_STEPS.items():
            cls = _view(view, model, step, f"{summary}: {model._meta.verbose_name}", description)
            out.append(path(f"registries/{name}/<anytext:id>/{step}", cls.as_view(), name=f"registries-{name}-{step}"))
    out.append(path("registries/cooperative/<anytext:id>/years", CooperativeYears.as_view(),
                    name="registries-cooperative-years"))
    return out
