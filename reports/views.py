"""Web pages of the reports: choose a report and download it (Word, Excel, PDF), write
its text sections, and (administrators) manage the Word templates."""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from accounts.scope import can_read, can_write, get_unit_or_404, is_admin, readable_units
from audit.models import Channel

from .actions import (
    DraftEdit,
    IssueRefused,
    TextRefused,
    do_issue,
    do_reset_template,
    do_save_edits,
    do_save_template,
    do_set_report_texts,
    stored_edits,
)
from .docx_template import template_path
from .drafting import GAP, apply_edits, changed_figures, draft_blocks
from .forms import ReportForm, TemplateUploadForm, last_month_code
from .kinds import CONTENT_SECTIONS, HEADER_SECTIONS
from .models import IssuedReport, ReportKind, ReportTemplate
from .rendering import (
    DOCX_MIME,
    XLSX_MIME,
    PdfUnavailable,
    TemplateInvalid,
    active_template,
    render_docx,
    render_xlsx,
    soffice,
    to_pdf,
)
from .service import ReportError, build_report, parse_kind, parse_period, parse_programme
from .texts import report_texts, stored_texts

ACTIONS = ("preview", "docx", "xlsx", "pdf")


def _crumbs(*extra):
    return [{"label": "Báo cáo", "url": reverse("reports:index")}, *extra]


def _download(content: bytes, filename: str, mime: str) -> HttpResponse:
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Choose a report; ``action`` = preview (on this page) or a download."""
    data = request.GET if "kind" in request.GET else None
    if data is not None and data.get("unit"):
        get_unit_or_404(request.user, data["unit"])  # outside the user's scope: 404
    form = ReportForm(data, user=request.user, initial={"kind": ReportKind.MONTHLY, "period": last_month_code()})
    report = None
    error = ""
    action = request.GET.get("action", "preview")
    if action not in ACTIONS:
        action = "preview"
    if data is not None and form.is_valid():
        try:
            kind = parse_kind(form.cleaned_data["kind"])
            unit = get_unit_or_404(request.user, form.cleaned_data["unit"])
            period = parse_period(kind, form.cleaned_data["period"].strip())
            programme = parse_programme(kind, form.cleaned_data["programme"] or None, unit, period)
            report = build_report(kind, unit, period, programme)
        except ReportError as e:
            error = str(e)
        if report is not None and action == "docx":
            return _download(render_docx(report), report.filename("docx"), DOCX_MIME)
        if report is not None and action == "xlsx":
            return _download(render_xlsx(report), report.filename("xlsx"), XLSX_MIME)
        if report is not None and action == "pdf":
            try:
                return _download(to_pdf(render_docx(report)), report.filename("pdf"), "application/pdf")
            except PdfUnavailable as e:
                error = str(e)
    query = urlencode({k: v for k, v in (data or {}).items() if k != "action"})
    blocks, issued = [], []
    if report is not None:
        blocks = [{"html": highlight(b.text), "level": b.level, "gap": not b.level and bool(GAP.search(b.text))}
                  for b in report.blocks]
        issued = _issued_with_changes(_issued_of(report))
    return render(request, "reports/index.html", {
        "form": form, "report": report, "error": error, "query": query, "pdf_available": soffice() is not None,
        "can_write_texts": report is not None and can_write(request.user, report.unit),
        "is_admin": is_admin(request.user), "breadcrumbs": _crumbs(), "blocks": blocks,
        "gap_count": sum(1 for b in blocks if b["gap"]), "issued": issued,
        "draft_url": _draft_url(report) if report is not None else "",
    })


def highlight(text: str):
    """A paragraph as HTML with every gap ("chưa có số liệu") marked for the drafter."""
    return mark_safe(GAP.sub(lambda m: f'<mark class="gap">{m.group(0)}</mark>', str(escape(text))))


def _draft_query(report) -> dict:
    q = {"kind": report.kind, "unit": report.unit.code, "period": report.period.code}
    if report.programme is not None:
        q["programme"] = report.programme.code
    return q


def _draft_url(report) -> str:
    return f"{reverse('reports:draft')}?{urlencode(_draft_query(report))}"


def _issued_of(report):
    programme = report.programme.code if report.programme is not None else ""
    return IssuedReport.objects.filter(kind=report.kind, unit=report.unit, period=report.period,
                                       programme=programme).defer("docx", "text")


def _issued_with_changes(qs) -> list[dict]:
    """Issued documents with the figures that changed since (read again through the engine)."""
    from engine.rollup import Engine

    engine = Engine()
    return [{"obj": i, "changes": changed_figures(i.figures, engine)} for i in qs]


def _draft_report(request):
    """(kind, unit, period, programme) of the draft asked for; the unit in the user's scope."""
    src = request.POST if request.method == "POST" else request.GET
    try:
        kind = parse_kind(src.get("kind", ""))
    except ReportError:
        raise Http404("Không có loại báo cáo này.") from None
    unit = get_unit_or_404(request.user, src.get("unit", ""))
    period = parse_period(kind, src.get("period", ""))
    programme = parse_programme(kind, src.get("programme") or None, unit, period)
    return kind, unit, period, programme


MAX_SUPPLIED = 200


@login_required
def draft(request: HttpRequest) -> HttpResponse:
    """The draft of one report for the drafter: gaps highlighted, each paragraph editable
    (write it by hand, drop it), missing figures supplied through the one write path, and
    the document issued (ban hành) once no gap is left."""
    try:
        kind, unit, period, programme = _draft_report(request)
    except ReportError as e:
        messages.error(request, str(e))
        return redirect("reports:index")
    editable = can_write(request.user, unit)
    prog = programme.code if programme is not None else ""
    problems: list[str] = []
    if request.method == "POST":
        if not editable:
            raise Http404("Không tìm thấy đơn vị.")
        op = request.POST.get("op", "")
        keep = ("kind", "unit", "period", "programme")
        back = f"{reverse('reports:draft')}?{urlencode({k: v for k, v in request.POST.items() if k in keep and v})}"
        if op == "save":
            edits = [DraftEdit(k, request.POST.get(f"action_{k}", "keep"), request.POST.get(f"text_{k}", ""),
                               request.POST.get(f"original_{k}", ""))
                     for k in request.POST.getlist("key") if re.fullmatch(r"[0-9a-f]{12}", k)]
            try:
                summary = do_save_edits(kind, unit, period, prog, edits, user=request.user, channel=Channel.FORM)
            except TextRefused as e:
                problems = e.problems
            else:
                messages.success(request, f"Đã lưu bản thảo ({summary.changed} đoạn thay đổi).")
                return redirect(back)
        elif op == "supply":
            problems = _supply(request)
            if not problems:
                return redirect(back)
        elif op == "issue":
            texts = {"so": request.POST.get("so", ""), "ngay": request.POST.get("ngay", "")}
            try:
                do_set_report_texts(kind, unit, period, texts, user=request.user, channel=Channel.FORM)
                report = apply_edits(build_report(kind, unit, period, programme),
                                     stored_edits(kind, unit, period, prog))
                issued = do_issue(report, user=request.user, channel=Channel.FORM)
            except (TextRefused, IssueRefused) as e:
                problems = e.problems
            else:
                messages.success(request, "Đã ban hành văn bản.")
                return redirect("reports:issued_detail", pk=issued.pk)
    report = build_report(kind, unit, period, programme)
    edits = stored_edits(kind, unit, period, prog)
    blocks = [{"b": d, "html": highlight(d.text), "generated": highlight(d.generated)}
              for d in draft_blocks(report, edits)]
    missing = [{"m": m, "field": f"{m.indicator}|{m.option}|{m.unit}|{m.period}"}
               for m in report.missing[:MAX_SUPPLIED] if "danh mục" not in m.note]
    return render(request, "reports/draft.html", {
        "report": report, "blocks": blocks, "missing": missing, "editable": editable, "problems": problems,
        "gap_count": sum(1 for x in blocks if x["b"].gap), "query": _draft_query(report),
        "issued": _issued_with_changes(_issued_of(report)), "texts": report.texts,
        "preview_url": f"{reverse('reports:index')}?{urlencode(_draft_query(report))}",
        "breadcrumbs": _crumbs({"label": "Soạn thảo, ban hành", "url": ""}),
    })


def _supply(request) -> list[str]:
    """Missing figures the drafter typed, written through ``datavalues.writing`` (scope, audit)."""
    from bacthang.lib.numbers import NumberError, parse_number
    from datavalues.writing import FigureChange, WriteRefused, do_set_values
    from indicators.models import Indicator
    from periods.models import Period
    from units.models import Unit

    changes, problems = [], []
    fields = request.POST.getlist("figure")[:MAX_SUPPLIED]
    for i, field in enumerate(fields):
        raw = (request.POST.get(f"value_{i}") or "").strip()
        if not raw:
            continue
        parts = field.split("|")
        if len(parts) != 4:
            problems.append("Dữ liệu gửi lên không hợp lệ.")
            continue
        code, option, unit_code, period_code = parts
        ind = Indicator.objects.filter(code=code).first()
        unit = Unit.objects.filter(code=unit_code).first()
        if ind is None or unit is None or not can_read(request.user, unit):
            problems.append(f"Không tìm thấy chỉ tiêu {code} của đơn vị {unit_code}.")
            continue
        try:
            value = parse_number(raw)
        except NumberError:
            problems.append(f"{ind.name}: «{raw}» không phải là số (viết như 1.234,5).")
            continue
        changes.append(FigureChange(ind, ind.option_for(option) if option else None, unit,
                                    Period.objects.for_code(period_code), value,
                                    source="Nhập khi soạn báo cáo"))
    if problems or not changes:
        return problems or ["Chưa nhập số liệu nào."]
    try:
        summary = do_set_values(changes, user=request.user, channel=Channel.FORM, reason="Nhập khi soạn báo cáo")
    except WriteRefused as e:
        return [m for _, m in e.problems]
    messages.success(request, f"Đã ghi số liệu: {summary}.")
    return []


@login_required
def issued_list(request: HttpRequest) -> HttpResponse:
    qs = IssuedReport.objects.select_related("unit", "period", "issued_by").defer("docx", "text")
    if not is_admin(request.user):
        qs = qs.filter(unit__in=readable_units(request.user))
    rows = _issued_with_changes(qs[:200])
    return render(request, "reports/issued_list.html", {
        "rows": rows, "breadcrumbs": _crumbs({"label": "Văn bản đã ban hành", "url": ""})})


def _issued_or_404(request, pk: int) -> IssuedReport:
    obj = get_object_or_404(IssuedReport.objects.select_related("unit", "period", "issued_by"), pk=pk)
    if not can_read(request.user, obj.unit):
        raise Http404("Không tìm thấy văn bản.")
    return obj


@login_required
def issued_detail(request: HttpRequest, pk: int) -> HttpResponse:
    obj = _issued_or_404(request, pk)
    return render(request, "reports/issued_detail.html", {
        "obj": obj, "changes": changed_figures(obj.figures), "lines": [x for x in obj.text.splitlines() if x.strip()],
        "breadcrumbs": _crumbs({"label": "Văn bản đã ban hành", "url": reverse("reports:issued_list")},
                               {"label": obj.number or obj.summary[:40], "url": ""}),
    })


@login_required
def issued_download(request: HttpRequest, pk: int) -> HttpResponse:
    obj = _issued_or_404(request, pk)
    return _download(bytes(obj.docx), obj.filename, DOCX_MIME)


@login_required
def texts(request: HttpRequest) -> HttpResponse:
    """The text sections of one report (kind × unit × period)."""
    try:
        kind = parse_kind(request.GET.get("kind", ""))
    except ReportError:
        raise Http404("Không có loại báo cáo này.") from None
    unit = get_unit_or_404(request.user, request.GET.get("unit", ""))
    try:
        period = parse_period(kind, request.GET.get("period", ""))
    except ReportError as e:
        messages.error(request, str(e))
        return redirect("reports:index")
    editable = can_write(request.user, unit)
    stored = stored_texts(kind, unit, period)
    current = report_texts(kind, unit, period)
    problems: list[str] = []
    if request.method == "POST":
        if not editable:
            raise Http404("Không tìm thấy đơn vị.")
        keys = [s.key for s in HEADER_SECTIONS + CONTENT_SECTIONS[ReportKind(kind)]]
        values = {k: request.POST.get(k, "") for k in keys if k in request.POST}
        versions = {}
        for k in values:
            raw = request.POST.get(f"version_{k}", "")
            if raw.isdigit():
                versions[k] = int(raw)
        try:
            summary = do_set_report_texts(kind, unit, period, values, user=request.user, channel=Channel.FORM,
                                          expected_versions=versions)
        except TextRefused as e:
            problems = e.problems
            current.update(values)
        else:
            messages.success(request, f"Đã lưu nội dung văn bản ({summary.changed} mục thay đổi).")
            query = urlencode({"kind": kind, "unit": unit.code, "period": period.code})
            return redirect(f"{reverse('reports:texts')}?{query}")
    sections = []
    for group, items in (("Thể thức văn bản", HEADER_SECTIONS), ("Nội dung", CONTENT_SECTIONS[ReportKind(kind)])):
        sections.append({"title": group, "fields": [
            {"key": s.key, "label": s.label, "help": s.help, "multiline": s.multiline, "choices": s.choices,
             "value": current.get(s.key, ""),
             "version": stored[s.key].version if s.key in stored else 0, "sticky": s.sticky} for s in items]})
    back = f"{reverse('reports:index')}?{urlencode({'kind': kind, 'unit': unit.code, 'period': period.code})}"
    return render(request, "reports/texts.html", {
        "kind_label": ReportKind(kind).label, "unit": unit, "period": period, "sections": sections,
        "editable": editable, "problems": problems, "back": back,
        "breadcrumbs": _crumbs({"label": "Nội dung văn bản", "url": ""}),
    })


def _require_admin(request: HttpRequest) -> None:
    if not is_admin(request.user):
        raise Http404("Không tìm thấy trang.")


@login_required
def templates(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    uploaded = {t.kind: t for t in ReportTemplate.objects.all()}
    rows = [{"kind": k, "label": label, "uploaded": uploaded.get(k)} for k, label in ReportKind.choices]
    return render(request, "reports/templates.html", {
        "rows": rows, "form": TemplateUploadForm(), "breadcrumbs": _crumbs({"label": "Mẫu văn bản", "url": ""}),
    })


@login_required
def template_download(request: HttpRequest, kind: str, which: str) -> HttpResponse:
    _require_admin(request)
    if kind not in ReportKind.values:
        raise Http404("Không có loại báo cáo này.")
    if which == "mac-dinh":
        content = template_path(kind).read_bytes()
        name = f"mau-mac-dinh-{kind}.docx"
    else:
        content, _ = active_template(kind)
        name = f"mau-{kind}.docx"
    return _download(content, name, DOCX_MIME)


@login_required
@require_POST
def template_upload(request: HttpRequest, kind: str) -> HttpResponse:
    _require_admin(request)
    if kind not in ReportKind.values:
        raise Http404("Không có loại báo cáo này.")
    form = TemplateUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Chưa chọn tệp mẫu .docx.")
        return redirect("reports:templates")
    f = form.cleaned_data["file"]
    if f.size > 5 * 1024 * 1024:
        messages.error(request, "Tệp quá lớn (tối đa 5 MB).")
        return redirect("reports:templates")
    try:
        do_save_template(kind, f.name, f.read(), user=request.user, channel=Channel.FORM)
    except TemplateInvalid as e:
        for p in e.problems:
            messages.error(request, p)
    else:
        messages.success(request, f"Đã dùng mẫu mới cho {ReportKind(kind).label.lower()}.")
    return redirect("reports:templates")


@login_required
@require_POST
def template_reset(request: HttpRequest, kind: str) -> HttpResponse:
    _require_admin(request)
    if kind not in ReportKind.values:
        raise Http404("Không có loại báo cáo này.")
    if do_reset_template(kind, user=request.user, channel=Channel.FORM):
        messages.success(request, "Đã trở lại mẫu mặc định.")
    return redirect("reports:templates")
