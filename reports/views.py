"""Web pages of the reports: choose a report and download it (Word, Excel, PDF), write
its text sections, and (administrators) manage the Word templates."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from accounts.scope import can_write, get_unit_or_404, is_admin
from audit.models import Channel

from .actions import TextRefused, do_reset_template, do_save_template, do_set_report_texts
from .docx_template import template_path
from .forms import ReportForm, TemplateUploadForm, last_month_code
from .kinds import CONTENT_SECTIONS, HEADER_SECTIONS
from .models import ReportKind, ReportTemplate
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
    return render(request, "reports/index.html", {
        "form": form, "report": report, "error": error, "query": query, "pdf_available": soffice() is not None,
        "can_write_texts": report is not None and can_write(request.user, report.unit),
        "is_admin": is_admin(request.user), "breadcrumbs": _crumbs(),
    })


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
