"""Reading an uploaded report into paragraphs: ``.docx`` through python-docx (paragraphs and
table cells, in document order), ``.txt`` as UTF-8.  An untrusted file is refused with a
Vietnamese sentence (``Unreadable``) and nothing is stored: at most ``MAX_BYTES``, a .docx
must be a valid Word package whose parts do not expand beyond ``MAX_UNPACKED`` (zip bombs),
a .doc (Word 97-2003) must be saved as .docx first."""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile

MAX_BYTES = 10 * 1024 * 1024
MAX_UNPACKED = 100 * 1024 * 1024
MAX_PARAGRAPHS = 20_000


class Unreadable(Exception):
    """The file cannot be read; the message is for the officer, in Vietnamese."""


def read_paragraphs(data: bytes, filename: str) -> list[str]:
    name = (filename or "").lower()
    if not data:
        raise Unreadable("Tệp rỗng.")
    if len(data) > MAX_BYTES:
        raise Unreadable(f"Tệp quá lớn (tối đa {MAX_BYTES // (1024 * 1024)} MB).")
    if name.endswith(".doc"):
        raise Unreadable("Định dạng .doc (Word 97-2003) không đọc được; hãy mở trong Word và lưu thành .docx.")
    if name.endswith(".docx"):
        paras = _docx(data)
    elif name.endswith(".txt"):
        paras = _txt(data)
    else:
        raise Unreadable("Chỉ nhận tệp Word (.docx) hoặc văn bản (.txt).")
    paras = [p for p in (clean(p) for p in paras) if p]
    if not paras:
        raise Unreadable("Tệp không có nội dung chữ nào.")
    if len(paras) > MAX_PARAGRAPHS:
        raise Unreadable(f"Tệp có quá {MAX_PARAGRAPHS} đoạn văn.")
    return paras


def clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text.replace("\u00a0", " ").replace("\t", " "))
    return " ".join(text.split())


def _docx(data: bytes) -> list[str]:
    if data[:4] != b"PK\x03\x04":
        raise Unreadable("Tệp có đuôi .docx nhưng không phải tệp Word hợp lệ (tệp hỏng hoặc đổi đuôi).")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            if sum(i.file_size for i in z.infolist()) > MAX_UNPACKED:
                raise Unreadable("Tệp Word giải nén ra quá lớn; không đọc.")
            if "word/document.xml" not in z.namelist():
                raise Unreadable("Tệp .docx không có nội dung văn bản Word (thiếu word/document.xml).")
    except zipfile.BadZipFile as e:
        raise Unreadable("Tệp Word bị hỏng (không giải nén được); hãy mở lại trong Word và lưu thành .docx.") from e
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(io.BytesIO(data))
        out = []
        for block in document.element.body.iterchildren():
            tag = block.tag.rsplit("}", 1)[-1]
            if tag == "p":
                out.append(Paragraph(block, document).text)
            elif tag == "tbl":
                for row in Table(block, document).rows:
                    cells = []
                    for cell in row.cells:
                        if cell.text not in cells:
                            cells.append(cell.text)
                    out.append(" | ".join(c.strip() for c in cells))
        return out
    except Unreadable:
        raise
    except Exception as e:  # python-docx / lxml raise many kinds on a malformed package
        raise Unreadable("Tệp Word bị hỏng hoặc không đúng cấu trúc .docx; hãy mở lại trong Word và lưu lại.") from e


_SENTENCE_END = re.compile(r"[.!?]\s*$")
_ITEM_START = re.compile(r"^(?:[-+*•–]|\d+(?:\.\d+)*[.)]\s|[a-zđ]\)\s|[IVX]+\.\s)")


def _txt(data: bytes) -> list[str]:
    if b"\x00" in data:
        raise Unreadable("Tệp .txt chứa ký tự không hợp lệ (NUL); không phải tệp văn bản.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise Unreadable("Tệp .txt phải mã hóa UTF-8; hãy lưu lại với mã hóa UTF-8.") from e
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = [b for b in re.split(r"\n\s*\n", text)]
    out: list[str] = []
    for b in blocks:
        for line in b.split("\n"):
            line = clean(line)
            if not line:
                continue
            # A line broken in the middle of a sentence (a lower-case start after no end mark) joins the previous.
            # A new item starts with a bullet or a list number; any other line after one without an end
            # mark continues it (extracts of Word files break lines anywhere, even between "25" and "HTX").
            continues = not _ITEM_START.match(line)
            if out and continues and not _SENTENCE_END.search(out[-1]):
                out[-1] = f"{out[-1]} {line}"
            else:
                out.append(line)
    return out
