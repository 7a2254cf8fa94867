"""``/api/sync``: the values a commune officer entered offline, sent when the phone has signal again.

``GET`` answers who is signed in and a CSRF token (the page that queued the values may be an
old copy from the cache, its token long expired); the app sends a queue only to its owner.

``POST`` takes one batch::

    {"batch": "<id chosen by the device>",
     "values": [{"form": "BC_THANG_XA", "unit": "12.105.03409", "period": "202312",
                 "key": "HERD|PIG", "value": "235.000", "base": 3}, …],
     "submissions": [{"form": …, "unit": …, "period": …, "comment": "…"}]}

``value`` is the text the officer typed (Vietnamese notation, read by the one parser; empty
deletes), ``base`` the version of the value the officer saw (0: none).  Each value gets one
outcome:

* ``applied`` — written through ``collection.actions.do_save_values`` (the one write path:
  validated, version raised, audited), with its new ``version``;
* ``unchanged`` — the stored value is already this one;
* ``conflict`` — someone changed it since ``base``: ``current`` gives the stored figure, who
  changed it and when; nothing is written, the officer chooses on the conflict page;
* ``refused`` — with the Vietnamese reason (the report is submitted, approved or locked; not a
  number; not a cell of the form …).

A batch naming a unit the user may not write (another commune, a leader's account) is refused
entirely with 403 and writes nothing.  A submission is made only once every value of its
form, unit and period in the batch is applied or unchanged; otherwise it answers ``waiting``.
The answer is stored with the batch id: the same batch sent again returns the same answer
and writes nothing (``replayed: true``).
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.middleware.csrf import get_token
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from accounts.scope import can_write
from audit.models import AuditEntry
from bacthang.lib.numbers import format_number
from collection import actions
from collection.layout import FormData, FormLayout
from collection.models import ReportForm
from datavalues.models import DataValue, SyncBatch
from periods.codes import PeriodCodeError
from periods.models import Period
from units.models import Unit

from .base import ApiView, is_clean
from .views import errors

MAX_VALUES = 2000


class SyncValueSerializer(serializers.Serializer):
    form = serializers.CharField(max_length=64, help_text="Mã biểu, ví dụ BC_THANG_XA.")
    unit = serializers.CharField(max_length=32, help_text="Mã đơn vị.")
    period = serializers.CharField(max_length=16, help_text="Mã kỳ.")
    key = serializers.CharField(max_length=100, help_text="Ô của biểu: 'CHỈ_TIÊU|NHÓM' (nhóm trống cho số tổng).")
    value = serializers.CharField(max_length=100, allow_blank=True,
                                  help_text="Số đã gõ, kiểu Việt Nam (1.735,6); trống để xóa.")
    base = serializers.IntegerField(min_value=0, help_text="Phiên bản của số liệu lúc nhập (0: chưa có).")


class SyncSubmissionSerializer(serializers.Serializer):
    form = serializers.CharField(max_length=64)
    unit = serializers.CharField(max_length=32)
    period = serializers.CharField(max_length=16)
    comment = serializers.CharField(max_length=2000, allow_blank=True, required=False)


class SyncRequestSerializer(serializers.Serializer):
    batch = serializers.CharField(min_length=8, max_length=64, help_text="Mã lô do máy chọn; gửi lại cùng mã "
                                                                         "thì không ghi lần hai.")
    values = SyncValueSerializer(many=True)
    submissions = SyncSubmissionSerializer(many=True, required=False)


class SyncAnswerSerializer(serializers.Serializer):
    batch = serializers.CharField()
    replayed = serializers.BooleanField()
    values = serializers.ListField(child=serializers.DictField(), help_text=(
        "Mỗi số liệu: status = applied (kèm version) | unchanged | conflict (kèm current: value, version, by, at, "
        "at_text) | refused (kèm message)."))
    submissions = serializers.ListField(child=serializers.DictField(), help_text=(
        "Mỗi lần nộp: status = submitted | waiting | refused, kèm message."))


class SyncWhoSerializer(serializers.Serializer):
    user = serializers.CharField()
    csrf = serializers.CharField()
APPLIED, UNCHANGED, CONFLICT, REFUSED = "applied", "unchanged", "conflict", "refused"


def _who(user) -> str:
    if user is None:
        return "hệ thống"
    return user.get_full_name() or user.get_username()


def _when(at) -> dict:
    local = timezone.localtime(at)
    return {"at": local.isoformat(), "at_text": local.strftime("%H:%M ngày %d/%m/%Y")}


def _parse_key(text: str) -> tuple[str, str | None]:
    indicator, _, option = text.partition("|")
    return indicator, option or None


def _current(stored: DataValue | None, unit: Unit, period: Period, key) -> dict:
    """The stored figure, who changed it last and when (the audit trail for a deleted one)."""
    if stored is not None:
        return {"value": format_number(stored.value, 6), "version": stored.version,
                "by": _who(stored.updated_by), **_when(stored.updated_at)}
    entry = (AuditEntry.objects.filter(object_type="datavalue", indicator_code=key[0], option_code=key[1] or "",
                                       unit_code=unit.code, period_code=period.code)
             .select_related("user").order_by("-at", "-id").first())
    out = {"value": "", "version": 0, "by": "", "at": None, "at_text": ""}
    if entry is not None:
        out.update(by=_who(entry.user) if entry.user_id else (entry.username or "hệ thống"), **_when(entry.at))
    return out


class SyncView(ApiView):
    pagination_class = None

    @extend_schema(summary="Người đang đăng nhập và mã CSRF (cho ứng dụng nhập số liệu ngoại tuyến)",
                   tags=["số liệu"], responses={200: SyncWhoSerializer, **errors()})
    def get(self, request):
        return Response({"user": request.user.get_username(), "csrf": get_token(request)})

    @extend_schema(summary="Gửi các số liệu nhập khi không có mạng (mỗi số kèm phiên bản gốc)",
                   tags=["số liệu"], request=SyncRequestSerializer,
                   responses={200: SyncAnswerSerializer, **errors(400, 403)})
    def post(self, request):
        body = request.data if isinstance(request.data, dict) else {}
        batch_id = body.get("batch")
        values = body.get("values", [])
        submissions = body.get("submissions", [])
        if (not isinstance(batch_id, str) or not 8 <= len(batch_id) <= 64 or not is_clean(batch_id)
                or not isinstance(values, list) or not isinstance(submissions, list)
                or not all(isinstance(v, dict) for v in values + submissions)
                or not all(isinstance(x, str) and is_clean(x) and len(x) <= 2000
                           for v in values + submissions for k, x in v.items() if k != "base")):
            return Response({"detail": "Lô gửi lên không đúng dạng: cần 'batch' (8–64 ký tự), 'values' và "
                                       "'submissions' là danh sách."}, status=status.HTTP_400_BAD_REQUEST)
        if len(values) > MAX_VALUES:
            return Response({"detail": f"Một lô có tối đa {MAX_VALUES} số liệu."},
                            status=status.HTTP_400_BAD_REQUEST)
        done = SyncBatch.objects.filter(user=request.user, batch_id=batch_id).first()
        if done is not None:
            return Response({**done.response, "replayed": True})
        refusal = self._out_of_scope(request.user, values + submissions)
        if refusal:
            return Response({"batch": batch_id, "detail": refusal, "replayed": False,
                             "values": [{"index": i, "status": REFUSED, "message": refusal}
                                        for i in range(len(values))],
                             "submissions": [{"index": i, "status": REFUSED, "message": refusal}
                                             for i in range(len(submissions))]},
                            status=status.HTTP_403_FORBIDDEN)
        try:
            with transaction.atomic():
                answer = self._apply(request.user, batch_id, values, submissions)
                SyncBatch.objects.create(user=request.user, batch_id=batch_id, response=answer)
        except IntegrityError:
            # The same batch arrived twice at once: the other request applied it.
            done = SyncBatch.objects.filter(user=request.user, batch_id=batch_id).first()
            if done is None:
                raise
            return Response({**done.response, "replayed": True})
        return Response({**answer, "replayed": False})

    # ------------------------------------------------------------------ scope
    @staticmethod
    def _out_of_scope(user, items: list[dict]) -> str:
        codes = {str(it.get("unit", "")) for it in items}
        units = {u.code: u for u in Unit.objects.filter(code__in=codes)}
        bad = sorted(c for c in codes if c not in units or not can_write(user, units[c]))
        if not bad:
            return ""
        return (f"Lô bị từ chối, chưa ghi số liệu nào: {user.get_username()} không có quyền ghi số liệu của "
                f"đơn vị {', '.join(bad[:5])}.")

    # ------------------------------------------------------------------ values
    def _apply(self, user, batch_id: str, values: list[dict], submissions: list[dict]) -> dict:
        results: list[dict | None] = [None] * len(values)
        groups: dict[tuple[str, str, str], list[int]] = {}
        for i, item in enumerate(values):
            groups.setdefault((str(item.get("form", "")), str(item.get("unit", "")), str(item.get("period", ""))),
                              []).append(i)
        blocked: set[tuple[str, str, str]] = set()
        for target, indexes in groups.items():
            for i, outcome in self._apply_group(user, batch_id, target, [(i, values[i]) for i in indexes]):
                results[i] = {"index": i, "key": values[i].get("key"), "form": target[0], "unit": target[1],
                              "period": target[2], **outcome}
                if outcome["status"] not in (APPLIED, UNCHANGED):
                    blocked.add(target)
        sub_results = []
        for i, item in enumerate(submissions):
            target = (str(item.get("form", "")), str(item.get("unit", "")), str(item.get("period", "")))
            sub_results.append({"index": i, "form": target[0], "unit": target[1], "period": target[2],
                                **self._submit(user, target, item, target in blocked)})
        return {"batch": batch_id, "values": results, "submissions": sub_results}

    def _resolve(self, target):
        form = ReportForm.objects.filter(code=target[0], is_active=True).select_related("root_unit").first()
        if form is None:
            raise actions.ActionRefused([f"Không có biểu {target[0]}."])
        unit = Unit.objects.get(code=target[1])  # checked by _out_of_scope
        try:
            period = Period.objects.for_code(target[2])
        except PeriodCodeError as e:
            raise actions.ActionRefused([f"Kỳ '{target[2]}' không hợp lệ."]) from e
        actions.check_target(form, unit, period)
        return form, unit, period

    def _apply_group(self, user, batch_id: str, target, items: list[tuple[int, dict]]):
        try:
            form, unit, period = self._resolve(target)
        except actions.ActionRefused as e:
            return [(i, {"status": REFUSED, "message": " ".join(e.messages)}) for i, _ in items]
        layout = FormLayout(form)
        data = FormData(form, period, [unit], layout)
        out, pending = [], []
        for i, item in items:
            key = _parse_key(str(item.get("key", "")))
            text = item.get("value")
            base = item.get("base")
            if key not in layout.by_key or not isinstance(text, str) or not isinstance(base, int) or base < 0:
                out.append((i, {"status": REFUSED, "message": f"Ô '{item.get('key')}' không thuộc biểu {form.code} "
                                                              "hoặc số gửi lên không đúng dạng."}))
                continue
            parsed, errors = actions.parse_cells(layout, [actions.CellInput(key, text)])
            if errors:
                out.append((i, {"status": REFUSED, "message": errors[key]}))
                continue
            value = parsed[key]
            stored = data.stored(unit, key)
            same = (value is None and stored is None) or (
                value is not None and stored is not None and stored.value.compare(value) == 0)
            if same:
                out.append((i, {"status": UNCHANGED, "version": stored.version if stored else 0}))
            elif (stored.version if stored else 0) != base:
                out.append((i, {"status": CONFLICT, "mine": text, "base": base,
                                "current": _current(stored and DataValue.objects.select_related("updated_by")
                                                    .get(pk=stored.pk), unit, period, key),
                                "message": "Số liệu đã được người khác sửa trong lúc bạn không có mạng."}))
            else:
                pending.append((i, key, text, base))
        locked = actions.guard_editable(form, unit, period, [k for _, k, _, _ in pending])
        if locked:
            out.extend((i, {"status": REFUSED, "message": locked.get(k) or next(iter(locked.values()))})
                       for i, k, _, _ in pending)
            return out
        # One write for the group; a value the write path refuses is taken out and the rest written.
        while pending:
            inputs = [actions.CellInput(k, t, None, b) for _, k, t, b in pending]
            try:
                with transaction.atomic():
                    actions.do_save_values(form, unit, period, inputs, user=user,
                                           reason=f"Biểu {form.code} kỳ {period.code}: gửi lại khi có mạng "
                                                  f"(lô {batch_id})")
            except actions.ActionRefused as e:
                refused = [(i, k) for i, k, _, _ in pending if k in e.cells] or [(i, k) for i, k, _, _ in pending]
                for i, k in refused:
                    out.append((i, {"status": REFUSED, "message": e.cells.get(k) or " ".join(e.messages)}))
                pending = [p for p in pending if p[0] not in {i for i, _ in refused}]
                continue
            after = FormData(form, period, [unit], layout)
            for i, k, _, _ in pending:
                stored = after.stored(unit, k)
                out.append((i, {"status": APPLIED, "version": stored.version if stored else 0}))
            break
        return out

    def _submit(self, user, target, item: dict, blocked: bool) -> dict:
        if blocked:
            return {"status": "waiting", "message": "Chưa nộp: còn số liệu của báo cáo này bị xung đột hoặc bị từ "
                                                    "chối; xử lý xong rồi gửi lại."}
        try:
            form, unit, period = self._resolve(target)
            with transaction.atomic():
                actions.do_submit(form, unit, period, user=user, comment=str(item.get("comment", ""))[:2000])
        except actions.ActionRefused as e:
            return {"status": REFUSED, "message": " ".join(e.messages)}
        return {"status": "submitted", "message": "Đã nộp báo cáo; chờ cấp trên duyệt."}
