"""Legacy report pages: upload (and the list of uploaded reports), the review queue of a report
(confirm, correct, discard, bulk confirm).  Scope: a report is seen by users who read its unit;
writes go through ``legacy.actions``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.scope import WRITE_ROLES, home_unit, readable_units, role_of
from audit.models import Channel
from indicators.models import Indicator, Option
from periods.codes import PeriodCodeError
from periods.models import Period
from units.models import Unit

from . import actions
from .models import CandidateStatus, LegacyCandidate, LegacyDocument
from .reading import MAX_BYTES, Unreadable

PAGE_SIZE = 100


def _crumbs(*items):
    return [{"label": "Báo cáo cũ", "url": reverse("legacy:index")}, *[{"label": a, "url": b} for a, b in items]]


def _documents(user):
    return LegacyDocument.objects.filter(unit__in=readable_units(user))


def _document_or_404(user, pk) -> LegacyDocument:
    doc = _documents(user).select_related("unit", "period").filter(pk=pk).first()
    if doc is None:
        raise Http404("Không tìm thấy báo cáo.")
    return doc


def _candidate_or_404(user, pk) -> LegacyCandidate:
    c = LegacyCandidate.objects.filter(pk=pk, document__in=_documents(user)).select_related("document").first()
    if c is None:
        raise Http404("Không tìm thấy số liệu.")
    return c


@login_required
def index(request: HttpRequest) -> HttpResponse:
    may_upload = role_of(request.user) in WRITE_ROLES
    problems, status = [], 200
    if request.method == "POST":
        if not may_upload:
            return render(request, "legacy/forbidden.html", {"breadcrumbs": _crumbs()}, status=403)
        upload = request.FILES.get("file")
        unit = Unit.objects.filter(code=request.POST.get("unit", "").strip()).first()
        if unit is None or not readable_units(request.user).filter(pk=unit.pk).exists():
            problems.append("Cần chọn đơn vị của báo cáo (mã đơn vị trong phạm vi của bạn).")
        if upload is None:
            problems.append("Chưa chọn tệp.")
        elif upload.size > MAX_BYTES:
            problems.append(f"Tệp quá lớn (tối đa {MAX_BYTES // (1024 * 1024)} MB).")
        if not problems:
            try:
                up = actions.do_upload(upload.read(MAX_BYTES + 1), upload.name, unit=unit, user=request.user,
                                       channel=Channel.FORM, title=request.POST.get("title", "").strip())
            except Unreadable as e:
                problems.append(str(e))
            except PermissionDenied as e:
                problems.append(str(e))
            else:
                if up.created:
                    messages.success(request, f"Đã đọc báo cáo: {up.new_candidates} số liệu chờ xem xét.")
                else:
                    messages.info(request, f"Báo cáo này đã được tải lên trước đây; thêm {up.new_candidates} "
                                           "số liệu mới (không tạo trùng).")
                return redirect("legacy:document", pk=up.document.pk)
        status = 400
    docs = (_documents(request.user).select_related("unit", "period")
            .annotate(pending=Count("candidates", filter=Q(candidates__status=CandidateStatus.PENDING)),
                      total=Count("candidates")))
    unit = home_unit(request.user)
    return render(request, "legacy/index.html", {
        "documents": docs, "may_upload": may_upload, "problems": problems,
        "unit_code": request.POST.get("unit", unit.code if unit else ""), "breadcrumbs": _crumbs(),
    }, status=status)


@login_required
def document(request: HttpRequest, pk: int) -> HttpResponse:
    doc = _document_or_404(request.user, pk)
    state = request.GET.get("trang-thai", CandidateStatus.PENDING)
    qs = doc.candidates.select_related("paragraph", "indicator", "option", "unit", "period", "reviewed_by")
    if state in CandidateStatus.values:
        qs = qs.filter(status=state)
    counts = dict(doc.candidates.values_list("status").annotate(n=Count("id")))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("trang"))
    return render(request, "legacy/document.html", {
        "doc": doc, "page": page, "state": state, "may_review": actions.may_review(request.user, doc),
        "states": [(v, label, counts.get(v, 0)) for v, label in CandidateStatus.choices],
        "breadcrumbs": _crumbs((doc.title[:80], None)),
    })


def _corrections(post) -> tuple[dict, list[str]]:
    out, problems = {}, []
    code = post.get("indicator", "").strip()
    if code:
        ind = Indicator.objects.filter(code=code).first()
        if ind is None:
            problems.append(f"Không có chỉ tiêu mã '{code}'.")
        out["indicator"] = ind
    if "option" in post:
        oc = post.get("option", "").strip()
        ind = out.get("indicator")
        if oc:
            opt = Option.objects.filter(code=oc, disaggregation_id=ind.disaggregation_id if ind else None).first() \
                if ind else Option.objects.filter(code=oc).first()
            if opt is None:
                problems.append(f"Không có nhóm mã '{oc}' của chỉ tiêu này.")
            out["option"] = opt
        else:
            out["option"] = None
    uc = post.get("unit", "").strip()
    if uc:
        unit = Unit.objects.filter(code=uc).first()
        if unit is None:
            problems.append(f"Không có đơn vị mã '{uc}'.")
        out["unit"] = unit
    pc = post.get("period", "").strip()
    if pc:
        try:
            out["period"] = Period.objects.for_code(pc)
        except PeriodCodeError:
            problems.append(f"Kỳ '{pc}' không hợp lệ.")
    vt = post.get("value", "").strip()
    if vt:
        from bacthang.lib.numbers import NumberError, parse_number

        try:
            out["value"] = parse_number(vt, "vi")
        except NumberError:
            problems.append(f"Giá trị '{vt}' không phải là số.")
    return out, problems


@login_required
@require_POST
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    c = _candidate_or_404(request.user, pk)
    corrections, problems = _corrections(request.POST)
    if not problems:
        try:
            done = actions.do_confirm(c, user=request.user, channel=Channel.FORM, corrections=corrections)
        except actions.Refused as e:
            problems.append(str(e))
        except PermissionDenied as e:
            problems.append(str(e))
        else:
            if done.status == CandidateStatus.CONFLICT:
                messages.warning(request, f"Số liệu {done.raw} khác số liệu đã có; không ghi đè.")
            else:
                messages.success(request, f"Đã xác nhận số liệu {done.raw} {done.measure}.")
    for p in problems:
        messages.error(request, p)
    return redirect(reverse("legacy:document", kwargs={"pk": c.document_id}) + f"#c{c.pk}")


@login_required
@require_POST
def discard(request: HttpRequest, pk: int) -> HttpResponse:
    c = _candidate_or_404(request.user, pk)
    try:
        actions.do_discard(c, user=request.user, channel=Channel.FORM)
    except PermissionDenied as e:
        messages.error(request, str(e))
    return redirect(reverse("legacy:document", kwargs={"pk": c.document_id}))


@login_required
@require_POST
def bulk_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    doc = _document_or_404(request.user, pk)
    if not actions.may_review(request.user, doc):
        return render(request, "legacy/forbidden.html", {"breadcrumbs": _crumbs()}, status=403)
    ids = [int(i) for i in request.POST.getlist("chon") if i.isdigit()]
    chosen = list(doc.candidates.filter(pk__in=ids, status=CandidateStatus.PENDING).order_by("pk"))
    r = actions.do_bulk_confirm(chosen, user=request.user, channel=Channel.FORM)
    messages.info(request, f"Đã xác nhận {r['confirmed']} số liệu; {r['conflicts']} khác số liệu đã có (không ghi "
                           f"đè); {r['refused']} chưa đủ chỉ tiêu, đơn vị, kỳ hoặc ngoài phạm vi.")
    return redirect("legacy:document", pk=doc.pk)
