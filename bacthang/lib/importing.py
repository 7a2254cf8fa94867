"""The importer framework: read an untrusted CSV or XLSX file into rows, collect every
problem with its place, and refuse the whole file if there is any.

Every importer of the product (values, targets, report forms, registries) reads
through :func:`read_table` and reports through :class:`Problem` /
:class:`ImportFailed`, so the limits and messages below hold everywhere:

* at most ``MAX_BYTES`` per file and ``MAX_ROWS`` data rows;
* CSV must be UTF-8 (with or without BOM); the delimiter is ``,``, ``;`` (what Excel
  writes under Vietnamese regional settings) or tab, taken from the header line;
  leading lines starting with ``#`` are directives or comments —
  ``# number-style: vi|plain`` declares the number style (see ``bacthang.lib.numbers``);
* XLSX must be a valid workbook; the first sheet is read, formulas by their cached
  values (a formula with no cached value is a problem), numbers stay numbers;
* an empty file, a missing header or a duplicated column is a problem.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from openpyxl.utils import get_column_letter

from .numbers import STYLES

MAX_BYTES = 50 * 1024 * 1024
MAX_ROWS = 1_000_000


@dataclass
class Problem:
    message: str
    line: int | None = None
    column: str | None = None
    sheet: str | None = None

    def where(self) -> str:
        parts = []
        if self.sheet:
            parts.append(f"trang '{self.sheet}'")
        if self.line is not None:
            parts.append(f"dòng {self.line}")
        if self.column:
            parts.append(f"cột {self.column}")
        return ", ".join(parts)

    def __str__(self) -> str:
        where = self.where()
        return f"{where[:1].upper() + where[1:]}: {self.message}" if where else self.message


class ImportFailed(Exception):
    """The file was refused; nothing was written.  ``problems`` lists every reason."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class Row:
    line: int
    cells: dict[str, object]
    letters: dict[str, str] = field(default_factory=dict)  # column -> spreadsheet letter, XLSX only

    def where(self, column: str) -> str:
        letter = self.letters.get(column)
        return f"ô {letter}{self.line}" if letter else f"dòng {self.line}"


@dataclass
class Table:
    columns: list[str]
    rows: list[Row]
    number_style: str | None = None
    sheet: str | None = None
    kind: str = "csv"


def read_upload(source, filename: str | None = None) -> tuple[bytes, str]:
    """The bytes of an uploaded file (a path, bytes or a binary file object) and its name,
    refused when empty or larger than ``MAX_BYTES``."""
    data, name = _read_bytes(source, filename)
    if not data:
        raise ImportFailed([Problem("Tệp rỗng.")])
    if len(data) > MAX_BYTES:
        raise ImportFailed([Problem(f"Tệp quá lớn (tối đa {MAX_BYTES // (1024 * 1024)} MB).")])
    return data, name


def read_table(source, filename: str | None = None, number_style: str | None = None) -> Table:
    """Read a CSV or XLSX file (a path, bytes or a binary file object)."""
    data, name = read_upload(source, filename)
    if number_style and number_style not in STYLES:
        raise ImportFailed([Problem(f"Kiểu số '{number_style}' không hợp lệ; dùng vi hoặc plain.")])
    is_zip = data[:4] == b"PK\x03\x04"
    if name.lower().endswith((".xlsx", ".xlsm")) or is_zip:
        if not is_zip:
            raise ImportFailed([Problem("Tệp có đuôi .xlsx nhưng không phải tệp Excel hợp lệ.")])
        return _read_xlsx(data, number_style)
    if name.lower().endswith(".xls"):
        raise ImportFailed([Problem("Định dạng .xls (Excel 97-2003) không được hỗ trợ; hãy lưu thành .xlsx.")])
    return _read_csv(data, number_style)


def _read_bytes(source, filename) -> tuple[bytes, str]:
    if isinstance(source, (str, Path)):
        path = Path(source)
        try:
            size = path.stat().st_size
            if size > MAX_BYTES:
                raise ImportFailed([Problem(f"Tệp quá lớn (tối đa {MAX_BYTES // (1024 * 1024)} MB).")])
            return path.read_bytes(), filename or path.name
        except FileNotFoundError as e:
            raise ImportFailed([Problem(f"Không tìm thấy tệp {path}.")]) from e
        except IsADirectoryError as e:
            raise ImportFailed([Problem(f"{path} là thư mục, không phải tệp.")]) from e
    if isinstance(source, (bytes, bytearray)):
        return bytes(source), filename or ""
    data = source.read(MAX_BYTES + 1)
    return data, filename or getattr(source, "name", "") or ""


def _header(cells: list[str]) -> tuple[list[str], list[Problem]]:
    columns = [str(c or "").strip().lower() for c in cells]
    while columns and not columns[-1]:
        columns.pop()
    problems = []
    seen = set()
    for c in columns:
        if c and c in seen:
            problems.append(Problem(f"Cột '{c}' xuất hiện hai lần.", line=None))
        seen.add(c)
    return columns, problems


def _read_csv(data: bytes, number_style: str | None) -> Table:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ImportFailed([Problem(
            "Tệp CSV không mã hóa UTF-8. Trong Excel chọn 'Lưu thành' → 'CSV UTF-8 (phân cách bằng dấu phẩy)'."
        )]) from e
    if "\x00" in text:
        raise ImportFailed([Problem("Tệp chứa ký tự không hợp lệ (NUL); không phải tệp CSV văn bản.")])
    lines = text.splitlines(keepends=True)
    start = 0
    style = number_style
    for i, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith("#"):
            key, _, value = stripped.lstrip("#").partition(":")
            if key.strip().lower() == "number-style" and not number_style:
                style = value.strip().lower()
                if style not in STYLES:
                    raise ImportFailed([Problem(f"Kiểu số '{value.strip()}' không hợp lệ; dùng vi hoặc plain.",
                                                line=i + 1)])
            start = i + 1
            continue
        if stripped:
            break
        start = i + 1
    if start >= len(lines):
        raise ImportFailed([Problem("Tệp không có dòng tiêu đề.")])
    header_line = lines[start]
    delimiter = max([",", ";", "\t"], key=header_line.count)
    reader = csv.reader(io.StringIO("".join(lines[start:])), delimiter=delimiter)
    try:
        header = next(reader)
        columns, problems = _header(header)
        rows = []
        for offset, cells in enumerate(reader, start=1):
            line = start + 1 + offset
            if not any(c.strip() for c in cells):
                continue
            if len(rows) >= MAX_ROWS:
                raise ImportFailed([Problem(f"Tệp có quá {MAX_ROWS:,} dòng.".replace(",", "."))])
            if len(cells) > len(columns) and any(c.strip() for c in cells[len(columns):]):
                problems.append(Problem("Dòng có nhiều ô hơn tiêu đề.", line=line))
            rows.append(Row(line, {c: cells[i].strip() if i < len(cells) else "" for i, c in enumerate(columns) if c}))
    except csv.Error as e:
        raise ImportFailed([Problem(f"Tệp CSV hỏng: {e}")]) from e
    if problems:
        raise ImportFailed(problems)
    return Table(columns, rows, style, None, "csv")


def _cell(value):
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value
    if value is None:
        return ""
    return str(value).strip()


def open_xlsx(data: bytes):
    """A read-only openpyxl workbook of untrusted bytes (close it after use); a zip bomb
    or a broken file is refused with a Vietnamese problem, never a crash."""
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            total = sum(i.file_size for i in z.infolist())
            if total > 20 * MAX_BYTES:
                raise ImportFailed([Problem("Tệp Excel giải nén quá lớn; có thể là tệp độc hại.")])
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except ImportFailed:
        raise
    except Exception as e:  # openpyxl raises many types on a broken or foreign zip
        raise ImportFailed([Problem(f"Không đọc được tệp Excel: {type(e).__name__}.")]) from e


def _read_xlsx(data: bytes, number_style: str | None) -> Table:
    book = open_xlsx(data)
    try:
        if not book.worksheets:
            raise ImportFailed([Problem("Tệp Excel không có trang tính nào.")])
        sheet = book.worksheets[0]
        return _sheet_table(sheet, number_style)
    finally:
        book.close()


def iter_sheet_rows(sheet) -> Iterator[tuple[int, list]]:
    for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        yield line, [_cell(v) for v in values]


def _sheet_table(sheet, number_style: str | None) -> Table:
    rows, columns, letters, problems = [], None, {}, []
    for line, cells in iter_sheet_rows(sheet):
        if columns is None:
            if not any(str(c).strip() for c in cells if c != ""):
                continue
            if isinstance(cells[0], str) and cells[0].startswith("#"):
                continue
            columns, problems = _header([str(c) for c in cells])
            letters = {c: get_column_letter(i + 1) for i, c in enumerate(columns) if c}
            continue
        if not any(c != "" for c in cells):
            continue
        if len(rows) >= MAX_ROWS:
            raise ImportFailed([Problem(f"Trang tính có quá {MAX_ROWS} dòng.", sheet=sheet.title)])
        rows.append(Row(line, {c: cells[i] if i < len(cells) else "" for i, c in enumerate(columns) if c}, letters))
    if columns is None:
        raise ImportFailed([Problem("Trang tính không có dòng tiêu đề.", sheet=sheet.title)])
    if problems:
        for p in problems:
            p.sheet = sheet.title
        raise ImportFailed(problems)
    return Table(columns, rows, number_style, sheet.title, "xlsx")


def require_columns(table: Table, required: list[str], optional: list[str] = ()) -> None:
    missing = [c for c in required if c not in table.columns]
    unknown = [c for c in table.columns if c and c not in required and c not in optional]
    problems = []
    if missing:
        problems.append(Problem(
            f"Thiếu cột: {', '.join(missing)}. Tệp cần các cột {', '.join(required)}"
            + (f" (tùy chọn: {', '.join(optional)})" if optional else "") + ".",
            sheet=table.sheet,
        ))
    if unknown:
        problems.append(Problem(f"Cột không nhận ra: {', '.join(unknown)}.", sheet=table.sheet))
    if problems:
        raise ImportFailed(problems)
