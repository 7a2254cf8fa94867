"""Checks on an evidence file before anything is stored: size, extension and content
(the first bytes must match the extension; office files must be the zip they claim).
A file that fails is refused with a Vietnamese sentence and nothing is written."""

from __future__ import annotations

import io
import os
import zipfile

from bacthang.lib.numbers import format_number

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024

# extension -> (content type, check of the content)
ALLOWED = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
ALLOWED_TEXT = "PDF, JPG, PNG, DOCX, XLSX"


class BadEvidence(Exception):
    pass


def _mb(n: int) -> str:
    return format_number(n / (1024 * 1024), 1) + " MB"


def _content_matches(ext: str, head: bytes, data: bytes) -> bool:
    if ext == ".pdf":
        return head.startswith(b"%PDF-")
    if ext in (".jpg", ".jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if ext == ".png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if ext in (".docx", ".xlsx"):
        if not head.startswith(b"PK\x03\x04"):
            return False
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except zipfile.BadZipFile:
            return False
        return any(n.startswith("word/" if ext == ".docx" else "xl/") for n in names)
    return False


def check_upload(name: str, data: bytes) -> tuple[str, str]:
    """(extension, content type) of an acceptable file; raises :class:`BadEvidence`."""
    base = os.path.basename(name or "").strip()
    if not base:
        raise BadEvidence("Chưa chọn tệp minh chứng.")
    if len(data) == 0:
        raise BadEvidence(f"Tệp “{base}” rỗng.")
    if len(data) > MAX_EVIDENCE_BYTES:
        raise BadEvidence(f"Tệp “{base}” quá lớn ({_mb(len(data))}); tối đa {_mb(MAX_EVIDENCE_BYTES)}.")
    ext = os.path.splitext(base)[1].lower()
    if ext not in ALLOWED:
        raise BadEvidence(f"Tệp “{base}” không thuộc loại được nhận làm minh chứng ({ALLOWED_TEXT}).")
    if not _content_matches(ext, data[:16], data):
        raise BadEvidence(f"Nội dung tệp “{base}” không phải tệp {ext[1:].upper()} như tên tệp cho biết.")
    return ext, ALLOWED[ext]


def read_upload(upload) -> bytes:
    """The bytes of an uploaded file, reading at most one byte over the limit."""
    upload.seek(0) if hasattr(upload, "seek") else None
    return upload.read(MAX_EVIDENCE_BYTES + 1)
