"""Turning a built report into files: Word (docxtpl over the active template), the
Excel annex (``bacthang.lib.xlsx``), PDF (LibreOffice, where installed); and checking
an uploaded template before it is accepted.

Templates are Jinja templates: they are rendered in Jinja's sandbox with
autoescaping, over a context of plain strings, lists and dicts, so an uploaded
template can neither reach Python objects nor break the document's XML.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from docx import Document
from docxtpl import DocxTemplate
from jinja2 import TemplateError
from jinja2.sandbox import SandboxedEnvironment

from bacthang.lib.xlsx import workbook_bytes

from .builders.base import Report
from .builders.review import document_ref
from .docx_template import template_path
from .models import ReportKind, ReportTemplate

log = logging.getLogger(__name__)

MAX_TEMPLATE_BYTES = 5 * 1024 * 1024
MAX_UNZIPPED_BYTES = 50 * 1024 * 1024
MAX_ZIP_ENTRIES = 1000
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class TemplateInvalid(Exception):
    """An uploaded template was refused; ``problems`` are Vietnamese messages."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


class PdfUnavailable(Exception):
    pass


def jinja_env() -> SandboxedEnvironment:
    return SandboxedEnvironment(autoescape=True)


def default_template(kind: str) -> bytes:
    return template_path(kind).read_bytes()


def active_template(kind: str) -> tuple[bytes, str]:
    """(template bytes, where from) — the uploaded template of the kind, else the default."""
    uploaded = ReportTemplate.objects.filter(kind=kind).first()
    if uploaded is not None:
        return bytes(uploaded.content), f"mẫu tải lên: {uploaded.filename}"
    return default_template(kind), "mẫu mặc định"


def render_context(template: bytes, context: dict) -> bytes:
    tpl = DocxTemplate(io.BytesIO(template))
    tpl.render(context, jinja_env=jinja_env())
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


def render_docx(report: Report, template: bytes | None = None, *, final: bool = False) -> bytes:
    if template is None:
        template, _ = active_template(report.kind)
    return render_context(template, report.context(final))


# ----------------------------------------------------------------------------- Excel annex

def _sheet_title(title: str, used: set[str]) -> str:
    clean = "".join(ch for ch in title.removeprefix("Biểu: ") if ch not in '[]:*?/\\').strip() or "Biểu"
    clean = clean[:28]
    name, i = clean, 2
    while name.lower() in used:
        name = f"{clean[:25]} ({i})"
        i += 1
    used.add(name.lower())
    return name


def render_xlsx(report: Report) -> bytes:
    """The Excel annex (biểu số liệu): every figure the report used with how it was
    computed and its source, the report's tables, the missing figures and the
    discrepancies the engine noticed."""
    used_titles: set[str] = set()
    info = [
        ["Văn bản", report.context()["loai_van_ban"].capitalize() + " — " + ReportKind(report.kind).label],
        ["Trích yếu", report.summary],
        ["Đơn vị", f"{report.unit.name} ({report.unit.code})"],
        ["Kỳ", f"{report.period.name} ({report.period.code})"],
        ["Chương trình", document_ref(report.programme) if report.programme is not None else ""],
        ["Thời điểm tạo", dt.datetime.now().strftime("%d/%m/%Y %H:%M")],
        ["Số liệu sử dụng", len(report.used)],
        ["Số liệu chưa có", len(report.missing)],
        ["Chênh lệch cần kiểm tra", len(report.flags)],
    ]
    sheets = [(_sheet_title("Thông tin", used_titles), ["Mục", "Nội dung"], info)]
    sheets.append((_sheet_title("Số liệu sử dụng", used_titles), [
        "Mã chỉ tiêu", "Chỉ tiêu", "Mã nhóm", "Nhóm", "Mã đơn vị", "Đơn vị", "Kỳ", "Giá trị", "Đơn vị tính",
        "Cách tính", "Ghi chú", "Nguồn"], [
        [u.indicator, u.indicator_name, u.option, u.option_name, u.unit, u.unit_name, u.period_name, u.value,
         u.measure, u.rule, u.notes, u.source] for u in report.used]))
    for t in report.tables:
        if not t.rows:
            continue
        sheets.append((_sheet_title(t.title, used_titles), t.headers, t.rows))
    sheets.append((_sheet_title("Chưa có số liệu", used_titles), [
        "Mã chỉ tiêu", "Chỉ tiêu", "Mã nhóm", "Nhóm", "Mã đơn vị", "Đơn vị", "Kỳ", "Ghi chú"], [
        [m.indicator, m.indicator_name, m.option, m.option_name, m.unit, m.unit_name, m.period_name, m.note]
        for m in report.missing]))
    sheets.append((_sheet_title("Chênh lệch", used_titles), ["Mã chỉ tiêu", "Đơn vị", "Kỳ", "Nội dung"], [
        [f.indicator, f.unit_name, f.period, f.message] for f in report.flags]))
    return workbook_bytes(sheets)


# ----------------------------------------------------------------------------- PDF

def soffice() -> str | None:
    for name in ("libreoffice", "soffice"):
        found = shutil.which(name) or (f"/usr/bin/{name}" if Path(f"/usr/bin/{name}").exists() else None)
        if found:
            return found
    return None


PDF_MISSING = ("Không xuất được PDF: máy chủ chưa cài LibreOffice (gói Debian libreoffice-writer). "
               "Hãy tải tệp Word (.docx) hoặc nhờ quản trị cài LibreOffice.")


def to_pdf(docx: bytes, timeout: int = 180) -> bytes:
    exe = soffice()
    if exe is None:
        raise PdfUnavailable(PDF_MISSING)
    with tempfile.TemporaryDirectory(prefix="bacthang-pdf-") as tmp:
        src = Path(tmp) / "bao-cao.docx"
        src.write_bytes(docx)
        profile = Path(tmp) / "profile"
        cmd = [exe, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf", "--outdir",
               tmp, str(src)]
        try:
            subprocess.run(cmd, check=True, capture_output=True, timeout=timeout)
        except (subprocess.SubprocessError, OSError) as e:
            log.warning("LibreOffice PDF conversion failed: %r", e)
            raise PdfUnavailable("LibreOffice không chuyển được tệp sang PDF (quá thời gian hoặc bị lỗi). "
                                 "Hãy tải tệp Word (.docx) hoặc thử lại sau.") from e
        pdf = Path(tmp) / "bao-cao.pdf"
        if not pdf.exists():
            raise PdfUnavailable("LibreOffice không tạo ra tệp PDF.")
        return pdf.read_bytes()


# ----------------------------------------------------------------------------- template checks

def sample_context(kind: str) -> dict:
    """A context of the same shape as every real report's (used to check uploads)."""
    return {
        "loai_bao_cao": kind, "don_vi": "Tỉnh Lai Châu", "ma_don_vi": "12", "ky": "Tháng 12/2023", "ma_ky": "202312",
        "co_quan_chu_quan": "UBND TỈNH LAI CHÂU", "co_quan_ban_hanh": "SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN",
        "the_thuc": "nha_nuoc", "dang": False, "quoc_hieu": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "tieu_ngu": "Độc lập - Tự do - Hạnh phúc", "dong_so": "Số: 01/BC-SNNPTNT",
        "so_ky_hieu": "01/BC-SNNPTNT", "dia_danh_ngay": "Lai Châu, ngày 10 tháng 01 năm 2024",
        "loai_van_ban": "KẾ HOẠCH" if kind == ReportKind.PLAN else "BÁO CÁO",
        "trich_yeu": "Tình hình sản xuất nông - lâm nghiệp tháng 12 năm 2023 & <kiểm tra ký tự>",
        "mo_dau": ["Đoạn mở đầu."],
        "body": [
            {"text": text, "h1": level == 1, "h2": level == 2, "h3": level == 3, "h4": level == 4, "p": level == 0}
            for text, level in [("I. Mục lớn", 1), ("1. Mục", 2), ("1.1. Mục nhỏ", 3), ("a) Tiểu mục", 4),
                                ("- Tổng đàn gia súc chính ước đạt 353.350 con.", 0)]
        ],
        "ket_thuc": "Trên đây là báo cáo./.",
        "noi_nhan": ["Bộ NN&PTNT (b/c);", "Lưu: VT."],
        "quyen_han_ky": "KT. GIÁM ĐỐC", "chuc_vu_ky": "PHÓ GIÁM ĐỐC", "nguoi_ky": "Nguyễn Văn A",
        "tables": [{"title": "Biểu: Số HTX theo đơn vị", "headers": ["Đơn vị", "Số HTX", "Số trang trại"],
                    "rows": [["Thành phố Lai Châu", "22", "5"], ["Huyện Sìn Hồ", "9", "—"]],
                    "note": "Ghi chú: dấu — là chưa có số liệu."}],
        "missing": ["Số trang trại: Huyện Sìn Hồ, tháng 12/2023"],
        "texts": {},
    }


CONTEXT_NAMES = set(sample_context(ReportKind.MONTHLY)) | {"loop"}


def validate_template(kind: str, content: bytes) -> None:
    """Raise :class:`TemplateInvalid` unless ``content`` is a .docx that renders the
    report context safely.  Nothing about the file is trusted."""
    problems: list[str] = []
    if len(content) > MAX_TEMPLATE_BYTES:
        raise TemplateInvalid([f"Tệp quá lớn ({len(content) // 1024} KB; tối đa {MAX_TEMPLATE_BYTES // 1024} KB)."])
    if not zipfile.is_zipfile(io.BytesIO(content)):
        raise TemplateInvalid(["Tệp không phải văn bản Word .docx (định dạng Office Open XML)."])
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as z:
            infos = z.infolist()
            names = {i.filename for i in infos}
            if len(infos) > MAX_ZIP_ENTRIES or sum(i.file_size for i in infos) > MAX_UNZIPPED_BYTES:
                raise TemplateInvalid(["Tệp giải nén quá lớn; không nhận."])
            if "word/document.xml" not in names or "[Content_Types].xml" not in names:
                raise TemplateInvalid(["Tệp không phải văn bản Word .docx (thiếu word/document.xml)."])
            types = z.read("[Content_Types].xml").decode("utf-8", "replace")
            if any(n.lower().endswith("vbaproject.bin") for n in names) or "macroEnabled" in types:
                raise TemplateInvalid(["Tệp có macro (.docm); chỉ nhận văn bản .docx không có macro."])
            if any("activeX" in n or n.startswith("word/embeddings/") for n in names):
                raise TemplateInvalid(["Tệp có đối tượng nhúng (ActiveX, OLE); hãy xóa chúng khỏi mẫu."])
    except zipfile.BadZipFile as e:
        raise TemplateInvalid(["Tệp .docx bị hỏng."]) from e
    try:
        Document(io.BytesIO(content))
    except Exception as e:  # python-docx raises several kinds of errors on broken parts
        log.info("uploaded template unreadable by python-docx: %r", e)
        raise TemplateInvalid(["Word không đọc được tệp: tệp bị hỏng hoặc không phải văn bản .docx."]) from e
    try:
        tpl = DocxTemplate(io.BytesIO(content))
        names = tpl.get_undeclared_template_variables(jinja_env())
    except TemplateError as e:
        log.info("uploaded template has a tag error: %r", e)
        raise TemplateInvalid([_tag_error(e)]) from e
    unknown = sorted(n for n in names if n not in CONTEXT_NAMES)
    if unknown:
        problems.append("Mẫu dùng tên không có trong dữ liệu báo cáo: " + ", ".join(unknown)
                        + ". Xem danh sách tên trong tài liệu reports/README.md.")
    if problems:
        raise TemplateInvalid(problems)
    try:
        rendered = render_context(content, sample_context(kind))
        Document(io.BytesIO(rendered))
    except TemplateError as e:
        log.info("uploaded template fails to render: %r", e)
        raise TemplateInvalid(["Không dựng được văn bản từ mẫu: " + _tag_error(e)]) from e
    except Exception as e:
        log.info("document rendered from an uploaded template is broken: %r", e)
        raise TemplateInvalid(["Văn bản dựng từ mẫu bị lỗi: Word không mở được văn bản tạo ra. Hãy kiểm tra các "
                               "thẻ {%p …%}, {%tr …%} (mỗi thẻ nằm trong một đoạn, một hàng riêng)."]) from e


def _tag_error(e: TemplateError) -> str:
    """A Vietnamese message for a Jinja error (the library's English text goes to the log)."""
    line = getattr(e, "lineno", None)
    where = f" (dòng {line} của phần thẻ)" if line else ""
    return (f"Thẻ mẫu sai cú pháp{where}: kiểm tra các cặp {{{{ … }}}}, {{% … %}} và các lệnh for/if đã đóng "
            "(endfor, endif).")
