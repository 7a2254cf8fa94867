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
  values, numbers stay numbers (a float to the 15 significant digits Excel keeps, so
  ``963.4500000000001`` is 963.45); a formula with no cached value, an Excel error
  (``#DIV/0!``) or a number that is not finite is a :class:`~bacthang.lib.numbers.CellIssue`
  in the cell's place, which explains itself and which no number reader accepts;
* an empty file, a missing header or a duplicated column is a problem; every refusal
  is a Vietnamese sentence, never a library's English error.

Files are read as streams: a CSV that may hold more than ``MAX_ROWS`` rows is counted
before any row is kept, and rows share their table's header (``Layout``), so memory
stays a few times the file's size (``bench/import_memory.py``).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import itertools
import math
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from openpyxl.utils import coordinate_to_tuple, get_column_letter
from openpyxl.worksheet._reader import DATA_TAG, FORMULA_TAG, ROW_TAG, VALUE_TAG, WorkSheetParser
from openpyxl.xml.functions import iterparse

from .numbers import STYLES, CellIssue

MAX_BYTES = 50 * 1024 * 1024
MAX_ROWS = 1_000_000

BROKEN_XLSX = "Tệp Excel bị hỏng hoặc không phải tệp .xlsx; hãy mở lại trong Excel và lưu thành .xlsx."


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


class Layout:
    """What the rows of one table share: the position of each named column in a row's
    values and, for XLSX, each column's spreadsheet letter."""

    __slots__ = ("index", "letters")

    def __init__(self, index: dict[str, int], letters: dict[str, str] | None = None):
        self.index = index
        self.letters = letters if letters is not None else {}


class RowCells(Mapping):
    """The cells of one row as a read-only mapping column -> value (a view over the row's
    tuple of values and the table's shared column index)."""

    __slots__ = ("_index", "_values")

    def __init__(self, index: dict[str, int], values: tuple):
        self._index, self._values = index, values

    def __getitem__(self, column):
        return self._values[self._index[column]]

    def __contains__(self, column) -> bool:
        return column in self._index

    def __iter__(self):
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)

    def __repr__(self) -> str:
        return repr(dict(self))


class Row:
    """One data row: its line (the spreadsheet row for XLSX), its values and the table's
    shared :class:`Layout`.  ``cells`` is a mapping column -> value; ``letters`` maps a
    column to its spreadsheet letter (XLSX only, empty for CSV).

    A row holds a tuple, not a dict: a table of a million rows is read in a few times
    the file's size (see ``bench/import_memory.py``)."""

    __slots__ = ("line", "values", "layout")

    def __init__(self, line: int, cells, letters: dict[str, str] | None = None, layout: Layout | None = None):
        self.line = line
        if layout is None:  # built from a mapping (tests, callers outside the readers)
            cells = dict(cells)
            layout = Layout({c: i for i, c in enumerate(cells)}, dict(letters or {}))
            cells = tuple(cells.values())
        self.values = cells
        self.layout = layout

    @property
    def cells(self) -> RowCells:
        return RowCells(self.layout.index, self.values)

    @property
    def letters(self) -> dict[str, str]:
        return self.layout.letters

    def where(self, column: str) -> str:
        letter = self.layout.letters.get(column)
        return f"ô {letter}{self.line}" if letter else f"dòng {self.line}"

    def __repr__(self) -> str:
        return f"Row({self.line}, {dict(self.cells)!r})"


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
        except PermissionError as e:
            raise ImportFailed([Problem(f"Không có quyền đọc tệp {path}.")]) from e
        except OSError as e:
            raise ImportFailed([Problem(f"Không đọc được tệp {path}.")]) from e
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


def _too_many_rows() -> ImportFailed:
    return ImportFailed([Problem(f"Tệp có quá {_vi_int(MAX_ROWS)} dòng.")])


# Equal texts of a column (unit and indicator codes, periods) are shared between rows, up to
# this many distinct texts per column; a column with more (the values) is left alone.
SHARE_LIMIT = 50_000


class _Sharing:
    """One memo per column (``memos[k].setdefault(text, text)`` gives the first equal text
    seen in column ``k``); ``prune`` drops the memo of a column with too many texts."""

    def __init__(self, width: int):
        self.memos: list[dict | None] = [{} for _ in range(width)]

    def prune(self) -> None:
        self.memos = [None if m is not None and len(m) > SHARE_LIMIT else m for m in self.memos]


def _line_breaks(data: bytes, end: int | None = None) -> int:
    """Line breaks (``\\n``, ``\\r\\n`` or ``\\r``) in ``data[:end]``."""
    end = len(data) if end is None else end
    return data.count(b"\n", 0, end) + data.count(b"\r", 0, end) - data.count(b"\r\n", 0, end)


class _CsvFile:
    """A CSV file read as a stream: the ``#`` directives, the header and then the records,
    each with its line.  Reading it twice (a counting pass, then the rows) means two
    instances over the same bytes; neither holds more than a line at a time."""

    def __init__(self, data: bytes, number_style: str | None):
        self.stream = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="")
        self.style = number_style
        self.start = 0  # lines before the header
        header_line = None
        for line in self.stream:
            stripped = line.strip()
            if stripped.startswith("#"):
                key, _, value = stripped.lstrip("#").partition(":")
                if key.strip().lower() == "number-style" and not number_style:
                    self.style = value.strip().lower()
                    if self.style not in STYLES:
                        raise ImportFailed([Problem(f"Kiểu số '{value.strip()}' không hợp lệ; dùng vi hoặc plain.",
                                                    line=self.start + 1)])
            elif stripped:
                header_line = line
                break
            self.start += 1
        if header_line is None:
            raise ImportFailed([Problem("Tệp không có dòng tiêu đề.")])
        self.delimiter = max([",", ";", "\t"], key=header_line.count)
        self.reader = csv.reader(itertools.chain([header_line], self.stream), delimiter=self.delimiter)
        self.records_read = 0  # the header is record 1

    @property
    def next_line(self) -> int:
        """The line of the record being read (where a csv error happened)."""
        return self.start + self.records_read + 1

    def header(self) -> list[str]:
        cells = next(self.reader)
        self.records_read += 1
        return cells

    def records(self) -> Iterator[tuple[int, list[str]]]:
        for cells in self.reader:
            self.records_read += 1
            yield self.start + self.records_read, cells


def _read_csv(data: bytes, number_style: str | None) -> Table:
    if b"\x00" in data:
        raise ImportFailed([Problem("Tệp chứa ký tự không hợp lệ (NUL); không phải tệp CSV văn bản.")])
    try:
        if _line_breaks(data) > MAX_ROWS:
            # Possibly too many rows: count them first, holding nothing, so that a refused
            # file costs no more memory than its bytes.
            _count_csv_rows(data, number_style)
        return _csv_table(data, number_style)
    except UnicodeDecodeError as e:
        raise ImportFailed([_not_utf8(data)]) from e


def _count_csv_rows(data: bytes, number_style: str | None) -> None:
    src = _CsvFile(data, number_style)
    n = 0
    try:
        src.header()
        for _line, cells in src.records():
            if any(c.strip() for c in cells):
                n += 1
                if n > MAX_ROWS:
                    raise _too_many_rows()
    except csv.Error as e:
        raise ImportFailed([_csv_problem(e, src.next_line)]) from e


def _csv_table(data: bytes, number_style: str | None) -> Table:
    src = _CsvFile(data, number_style)
    try:
        columns, problems = _header(src.header())
        named = [(i, c) for i, c in enumerate(columns) if c]
        layout = Layout({c: k for k, (_i, c) in enumerate(named)})
        positions = [i for i, _c in named]
        width = len(columns)
        sharing = _Sharing(len(named))
        rows: list[Row] = []
        for line, cells in src.records():
            if not any(c.strip() for c in cells):
                continue
            if len(rows) >= MAX_ROWS:
                raise _too_many_rows()
            if len(cells) > width and any(c.strip() for c in cells[width:]):
                problems.append(Problem("Dòng có nhiều ô hơn tiêu đề.", line=line))
            if problems:
                continue  # the file is refused: keep no row
            if len(cells) < width:
                cells += [""] * (width - len(cells))
            values = []
            for memo, i in zip(sharing.memos, positions, strict=True):
                text = cells[i].strip()
                values.append(memo.setdefault(text, text) if memo is not None else text)
            rows.append(Row(line, tuple(values), layout=layout))
            if len(rows) % 10_000 == 0:
                sharing.prune()
    except csv.Error as e:
        raise ImportFailed([_csv_problem(e, src.next_line)]) from e
    if problems:
        raise ImportFailed(problems)
    return Table(columns, rows, src.style, None, "csv")


def _vi_int(n: int) -> str:
    return f"{n:_}".replace("_", ".")


def _csv_problem(error: csv.Error, line: int) -> Problem:
    """The csv module's English error as a Vietnamese problem at the record's line."""
    if "field larger than field limit" in str(error):
        return Problem(f"Ô dài quá giới hạn {_vi_int(csv.field_size_limit())} ký tự (thường do một dấu ngoặc kép "
                       "\" mở mà không đóng: mọi dòng sau nó bị đọc thành một ô).", line=line)
    return Problem("Tệp CSV hỏng: không tách được các ô của dòng này.", line=line)


def _first_bad_byte(data: bytes) -> int:
    """The offset of the first byte that is not UTF-8, decoding 1 MB at a time."""
    pos, step = 0, 1 << 20
    while pos < len(data):
        chunk = data[pos:pos + step]
        try:
            _text, used = codecs.utf_8_decode(chunk, "strict", pos + len(chunk) >= len(data))
        except UnicodeDecodeError as e:
            return pos + e.start
        if not used:
            return pos
        pos += used
    return len(data)


def _not_utf8(data: bytes) -> Problem:
    line = _line_breaks(data, _first_bad_byte(data)) + 1
    return Problem("Tệp CSV không mã hóa UTF-8: dòng này có ký tự không đọc được (ký tự đầu tiên như vậy của tệp). "
                   "Trong Excel chọn 'Lưu thành' → 'CSV UTF-8 (phân cách bằng dấu phẩy)'.", line=line)


def _cell(value):
    """A spreadsheet value as the importers see it: numbers as Decimal, dates as dates,
    texts stripped, an empty cell as ``""``, a :class:`CellIssue` as it is."""
    if isinstance(value, CellIssue):
        return value
    if isinstance(value, float):
        return _excel_decimal(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value
    if value is None:
        return ""
    return str(value).strip()


def _excel_decimal(value: float) -> Decimal:
    """Excel keeps 15 significant digits: ``963.4500000000001`` (binary noise) is 963.45.
    Without exponent or trailing zeros for integers (``1E+2`` would read as text 1E+2)."""
    d = Decimal(format(value, ".15g"))
    if d.is_finite() and d == d.to_integral_value() and abs(d) < Decimal("1e28"):
        d = d.quantize(Decimal(1))
    return d + 0  # -0 -> 0


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
        raise ImportFailed([Problem(BROKEN_XLSX)]) from e


def _read_xlsx(data: bytes, number_style: str | None) -> Table:
    book = open_xlsx(data)
    try:
        if not book.worksheets:
            raise ImportFailed([Problem("Tệp Excel không có trang tính nào.")])
        sheet = book.worksheets[0]
        return _sheet_table(sheet, number_style)
    finally:
        book.close()


class _SheetParser(WorkSheetParser):
    """openpyxl's parser of a worksheet's XML with cached values (``data_only``), which
    also names what ``data_only`` hides: a formula with no cached value comes out as
    ``None`` like an empty cell, and an Excel error (``#DIV/0!``) as a text.  Here both,
    a number that is not finite and a value that cannot be read become a
    :class:`CellIssue` naming the cell.  One pass over the XML: the only extra work is a
    look for an ``<f>`` element in cells that have no value.  Each row is dropped from
    the XML tree once read, so a long sheet does not pile up in memory.

    Built on openpyxl 3.1's ``WorkSheetParser.parse_cell`` (pinned in requirements.in);
    the tests read real openpyxl files, so a change there shows up as a failing test."""

    def parse(self):
        sheet_data = None
        for event, element in iterparse(self.source, events=("start", "end")):
            tag = element.tag
            if event == "start":
                if tag == DATA_TAG:
                    sheet_data = element
            elif tag == ROW_TAG:
                row = self.parse_row(element)
                element.clear()
                if sheet_data is not None:
                    sheet_data.remove(element)
                yield row
            elif tag == DATA_TAG:
                return  # nothing after the sheet data holds a value

    def parse_row(self, row):
        r = row.get("r")
        self.row_counter = int(float(r)) if r is not None else self.row_counter + 1
        self.col_counter = 0
        return self.row_counter, [self.parse_cell(el) for el in row]

    def parse_cell(self, element):
        try:
            cell = super().parse_cell(element)
        except (ValueError, TypeError, IndexError, OverflowError):
            # A number openpyxl cannot cast (NaN, inf written as text), a shared string
            # that does not exist, a bad date: the cell, not the file.
            ref = element.get("r")
            if ref:
                row, column = coordinate_to_tuple(ref)
                self.col_counter = column
            else:
                self.col_counter += 1
                row, column = self.row_counter, self.col_counter
            where = f"{get_column_letter(column)}{row}"
            try:
                finite = math.isfinite(float(element.findtext(VALUE_TAG) or "0"))
            except ValueError:
                finite = True
            message = (f"Ô {where} chứa giá trị không phải số hữu hạn." if not finite
                       else f"Ô {where} có giá trị không đọc được (tệp có thể bị hỏng).")
            return {"row": row, "column": column, "value": CellIssue(message), "data_type": "e"}
        value = cell["value"]
        if cell["data_type"] == "e":
            error = f" {value}" if value else ""
            cell["value"] = CellIssue(f"Ô {_where(cell)} chứa lỗi{error} của Excel; hãy sửa công thức hoặc nhập số.")
        elif value is None:
            if element.get("t") != "str" and element.find(FORMULA_TAG) is not None:
                # t="str" with an empty cached value is a formula whose result is "".
                cell["value"] = CellIssue(f"Ô {_where(cell)} chứa công thức chưa có giá trị tính sẵn (hãy mở tệp "
                                          "trong Excel và lưu lại).")
        elif type(value) is float and not math.isfinite(value):
            cell["value"] = CellIssue(f"Ô {_where(cell)} chứa giá trị không phải số hữu hạn.")
        return cell


def _where(cell: dict) -> str:
    return f"{get_column_letter(cell['column'])}{cell['row']}"


def _sheet_cells(sheet) -> Iterator[tuple[int, list[tuple[int, object]]]]:
    """(row number, [(column index from 0, value)]) for each row present in the sheet,
    values as :func:`_cell` gives them; a broken sheet is refused in Vietnamese."""
    try:
        if hasattr(sheet, "_get_source"):  # the read-only sheets of open_xlsx
            book = sheet.parent
            with sheet._get_source() as src:
                parser = _SheetParser(src, sheet._shared_strings, data_only=True, epoch=book.epoch,
                                      date_formats=book._date_formats, timedelta_formats=book._timedelta_formats)
                for number, cells in parser.parse():
                    yield number, [(c["column"] - 1, _cell(c["value"])) for c in cells]
        else:  # a sheet of a workbook loaded in full
            for row in sheet.iter_rows():
                cells = []
                for c in row:
                    value = c.value
                    if c.data_type == "f":
                        value = CellIssue(f"Ô {c.coordinate} chứa công thức; hãy đọc tệp với giá trị tính sẵn.")
                    elif c.data_type == "e":
                        value = CellIssue(f"Ô {c.coordinate} chứa lỗi {value} của Excel; hãy sửa công thức hoặc "
                                          "nhập số.")
                    cells.append((c.column - 1, _cell(value)))
                if cells:
                    yield row[0].row, cells
    except ImportFailed:
        raise
    except Exception as e:  # a broken sheet inside a sound zip: bad XML, a bad CRC, a bad row number
        raise ImportFailed([Problem(BROKEN_XLSX, sheet=sheet.title)]) from e


def iter_sheet_rows(sheet) -> Iterator[tuple[int, list]]:
    """Every row of a sheet, from line 1 to its last row, as (line, values): a list with
    ``""`` for an empty cell (shorter rows for rows missing from the file).  A formula
    with no cached value, an Excel error or a number that is not finite is a
    :class:`CellIssue` that explains itself (``parse_number`` refuses it)."""
    line = 0
    for number, cells in _sheet_cells(sheet):
        while line + 1 < number:
            line += 1
            yield line, []
        values = [""] * (cells[-1][0] + 1 if cells else 0)
        for i, value in cells:
            if i >= len(values):
                values.extend([""] * (i + 1 - len(values)))
            values[i] = value
        line = number
        yield line, values


def _sheet_table(sheet, number_style: str | None) -> Table:
    rows: list[Row] = []
    columns, layout, slots, sharing, problems = None, None, {}, None, []
    for line, cells in _sheet_cells(sheet):
        present = [(i, v) for i, v in cells if v != ""]
        if not present:
            continue
        if columns is None:
            if present[0][0] == 0 and isinstance(present[0][1], str) and present[0][1].startswith("#"):
                continue
            width = present[-1][0] + 1
            header = [""] * width
            for i, v in present:
                header[i] = str(v)
            columns, problems = _header(header)
            named = [(i, c) for i, c in enumerate(columns) if c]
            layout = Layout({c: k for k, (_i, c) in enumerate(named)},
                            {c: get_column_letter(i + 1) for i, c in named})
            slots = {i: k for k, (i, _c) in enumerate(named)}  # sheet column -> place in a row's values
            sharing = _Sharing(len(named))
            continue
        if len(rows) >= MAX_ROWS:
            raise ImportFailed([Problem(f"Trang tính có quá {_vi_int(MAX_ROWS)} dòng.", sheet=sheet.title)])
        values = [""] * len(slots)
        memos = sharing.memos
        for i, value in present:
            k = slots.get(i)
            if k is not None:
                memo = memos[k]
                values[k] = memo.setdefault(value, value) if memo is not None and type(value) is str else value
        rows.append(Row(line, tuple(values), layout=layout))
        if len(rows) % 10_000 == 0:
            sharing.prune()
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
