"""DHIS2 ``dataValueSets`` files: JSON, CSV and ADX (XML), plain or compressed.

Reading turns any of them into one shape — the JSON document DHIS2 posts
(``{"dataValues": [{"dataElement", "period", "orgUnit", "categoryOptionCombo", …}]}``)
— which ``api.dhis2`` translates through the mapping.  Writing goes the other way,
from the rows of an export.

* **Format from the content.**  A ``{`` or ``[`` is JSON, a ``<`` must be an ADX
  document (``<adx xmlns="urn:ihe:qrph:adx:2015">``), a first line starting with the
  column ``dataelement`` is DHIS2's CSV; anything else is refused as "Tệp không phải
  JSON, CSV hay ADX của DHIS2".  A name, a ``Content-Type`` or a ``format`` that
  says otherwise than the content is refused too (naming both), never guessed.
* **Compressed files.**  ``.gz`` (gzip, recognised by its magic bytes) and ``.zip``
  holding exactly one file are opened first; what they hold is read by the same
  rules.  Decompression stops at ``MAX_DECOMPRESSED`` bytes: a zip or gzip bomb is
  refused before it fills the memory.
* **JSON** is read by ``bacthang.lib.safejson`` (nesting bounded, exact decimals).
* **CSV** is DHIS2's: columns by position (DHIS2 ignores the header's names, which
  changed between versions), ``dataelement, period, orgunit, categoryoptioncombo,
  attributeoptioncombo, value, storedby, lastupdated, comment, followup[, deleted]``;
  UTF-8, at most ``MAX_ITEMS`` values, the importer's size limit.
* **ADX** is parsed by ``defusedxml`` with DTDs forbidden (no entity expansion, no
  external entity): ``<group orgUnit period dataSet>`` around ``<dataValue
  dataElement value …>``; the period is ISO 8601 (``2023-01-01/P1Y``); the breakdown
  is given by category attributes (category UID = category option UID) or a
  ``categoryOptionCombo`` attribute (which DHIS2 prefers when both are given);
  ``storedBy``, ``created``, ``lastUpdated``, ``comment``, ``followup`` and
  ``deleted`` are attributes as in DHIS2's own XML (DHIS2 passes them through), an
  ``<annotation>`` is the comment when there is no ``comment`` attribute.

Every refusal is a :class:`FileRefused` with a Vietnamese sentence.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from xml.sax.saxutils import quoteattr

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError
from defusedxml.ElementTree import fromstring as parse_xml

from bacthang.lib import safejson
from bacthang.lib.importing import MAX_BYTES
from periods.codes import HALF, MONTH, QUARTER, YEAR, PeriodCodeError, parse_period

from .values import MAX_ITEMS

MAX_DECOMPRESSED = MAX_BYTES
ADX_NS = "urn:ihe:qrph:adx:2015"
FORMATS = ("json", "csv", "adx")
FORMAT_NAMES = {"json": "JSON", "csv": "CSV", "adx": "ADX (XML)"}
MEDIA_TYPES = {"json": "application/json", "csv": "application/csv", "adx": "application/adx+xml"}
NOT_DHIS2 = "Tệp không phải JSON, CSV hay ADX của DHIS2"
CSV_HEADER = ["dataelement", "period", "orgunit", "categoryoptioncombo", "attributeoptioncombo", "value",
              "storedby", "lastupdated", "comment", "followup"]
# DHIS2's CSV columns by position (a 11th, ``deleted``, is written by recent DHIS2 versions).
CSV_FIELDS = ["dataElement", "period", "orgUnit", "categoryOptionCombo", "attributeOptionCombo", "value",
              "storedBy", "lastUpdated", "comment", "followup", "deleted"]
# dataValue attributes of ADX that are not categories (DHIS2 passes them to its DXF import).
ADX_VALUE_ATTRIBUTES = {"dataElement", "value", "categoryOptionCombo", "attributeOptionCombo", "storedBy",
                        "created", "lastUpdated", "comment", "followup", "deleted"}
GZIP_MAGIC, ZIP_MAGIC = b"\x1f\x8b", b"PK\x03\x04"


class FileRefused(ValueError):
    """A file that cannot be read; ``str()`` is a Vietnamese sentence."""


@dataclass
class ParsedDocument:
    format: str  # json | csv | adx
    document: object  # the JSON dataValueSets shape (a dict, unless the JSON was something else)
    lines: list[int] | None = None  # CSV: the line of each value
    compression: str | None = None  # gzip | zip | None
    name: str = ""  # the file's name (inside the archive for a .zip)

    def where(self, index: int | None) -> str:
        """Where a problem lies, in Vietnamese: the file, a CSV line or the n-th value."""
        if index is None:
            return "tệp"
        if self.lines:
            return f"dòng {self.lines[index]}"
        return f"giá trị thứ {index + 1}"


def _mb(n: int) -> str:
    return f"{n // (1024 * 1024)} MB"


# --------------------------------------------------------------------------- compression

def _bomb() -> FileRefused:
    return FileRefused(f"Tệp nén giải nén ra hơn {_mb(MAX_DECOMPRESSED)}: có thể là tệp nén độc hại (zip bomb, "
                       "gzip bomb); không đọc tiếp. Hãy chia số liệu thành nhiều tệp nhỏ hơn.")


def _gunzip(data: bytes) -> bytes:
    """Every gzip member of ``data``, stopping past ``MAX_DECOMPRESSED`` bytes of output."""
    out = bytearray()
    rest = data
    try:
        while rest:
            d = zlib.decompressobj(16 + zlib.MAX_WBITS)
            pending = rest
            while pending and not d.eof:
                # max_length is at least 1 here (0 would mean "no limit").
                out += d.decompress(pending, MAX_DECOMPRESSED + 1 - len(out))
                if len(out) > MAX_DECOMPRESSED:
                    raise _bomb()
                pending = d.unconsumed_tail
            if not d.eof:
                raise FileRefused("Tệp nén .gz bị cắt cụt (không trọn vẹn); hãy nén lại hoặc gửi lại tệp.")
            rest = d.unused_data
            if rest and not rest.startswith(GZIP_MAGIC):
                if rest.strip(b"\x00"):
                    raise FileRefused("Tệp nén .gz có dữ liệu thừa sau phần nén; tệp bị hỏng.")
                break
    except zlib.error:
        raise FileRefused("Tệp nén .gz bị hỏng, không giải nén được.") from None
    return bytes(out)


def _unzip(data: bytes) -> tuple[bytes, str]:
    """The one file of a .zip archive (its bytes and name), bounded like ``_gunzip``."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = [i for i in archive.infolist() if not i.is_dir() and not i.filename.startswith("__MACOSX/")]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise FileRefused("Tệp .zip bị hỏng, không mở được.") from None
    names = {i.filename for i in infos}
    if "[Content_Types].xml" in names or any(n.startswith("xl/") for n in names):
        raise FileRefused(f"{NOT_DHIS2}: đây là tệp Excel (.xlsx). Hãy xuất số liệu từ DHIS2 ở dạng JSON, CSV hoặc "
                          "ADX.")
    if len(infos) != 1:
        raise FileRefused(f"Tệp .zip phải chứa đúng một tệp JSON, CSV hoặc ADX (tệp này chứa {len(infos)} tệp).")
    info = infos[0]
    if info.flag_bits & 0x1:
        raise FileRefused("Tệp trong .zip được đặt mật khẩu; hãy nén lại không mật khẩu.")
    if info.file_size > MAX_DECOMPRESSED:
        raise _bomb()
    out = bytearray()
    try:
        with archive.open(info) as f:
            while chunk := f.read(1 << 20):
                out += chunk
                if len(out) > MAX_DECOMPRESSED:
                    raise _bomb()
    except (zipfile.BadZipFile, EOFError, zlib.error, OSError):
        raise FileRefused("Tệp trong .zip bị hỏng (sai mã kiểm tra), không giải nén được.") from None
    except NotImplementedError:
        raise FileRefused("Tệp .zip dùng kiểu nén không được hỗ trợ; hãy nén lại bằng kiểu thông thường "
                          "(Deflate).") from None
    return bytes(out), info.filename


def decompress(data: bytes, name: str = "") -> tuple[bytes, str, str | None]:
    """(content, name of the content, compression) — ``data`` itself when not compressed."""
    if data.startswith(GZIP_MAGIC):
        inner = _gunzip(data)
        name = name[:-3] if name.lower().endswith(".gz") else ""
        compression = "gzip"
    elif data.startswith(ZIP_MAGIC) or data.startswith(b"PK\x05\x06"):
        inner, name = _unzip(data)
        compression = "zip"
    else:
        return data, name, None
    if inner.startswith((GZIP_MAGIC, ZIP_MAGIC)):
        raise FileRefused("Tệp nén lồng trong một tệp nén khác không được hỗ trợ; hãy nén một lần.")
    return inner, name, compression


# --------------------------------------------------------------------------- format

def format_of_name(name: str) -> str | None:
    """The format a file name declares (``.json``, ``.csv``, ``.xml``/``.adx``), if any."""
    low = (name or "").lower()
    for ext in (".gz", ".zip"):
        low = low.removesuffix(ext)
    if low.endswith(".json"):
        return "json"
    if low.endswith(".csv"):
        return "csv"
    if low.endswith((".xml", ".adx")):
        return "adx"
    return None


def _head(data: bytes) -> bytes:
    return data[:4096].removeprefix(codecs.BOM_UTF8).lstrip()


def detect_format(data: bytes) -> str:
    """json, csv or adx from the first bytes of the content; FileRefused otherwise."""
    head = _head(data)
    if not head:
        raise FileRefused(f"{NOT_DHIS2}: tệp rỗng.")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in head[:200]:
        raise FileRefused(f"{NOT_DHIS2}: tệp không mã hóa UTF-8 (có thể là UTF-16); hãy lưu lại dạng UTF-8.")
    first = head[:1]
    if first in (b"{", b"["):
        return "json"
    if first == b"<":
        return "adx"
    line = head.split(b"\n", 1)[0].split(b",", 1)[0].strip().strip(b'"').strip().lower()
    if line == b"dataelement":
        return "csv"
    raise FileRefused(f"{NOT_DHIS2}: JSON bắt đầu bằng '{{', ADX bằng '<adx', còn CSV của DHIS2 có dòng tiêu đề "
                      "bắt đầu bằng cột 'dataelement'.")


def read_document(data: bytes, name: str = "", declared: str | None = None) -> ParsedDocument:
    """Read a dataValueSets file (maybe compressed).  ``declared``: the format a
    Content-Type or a ``format`` parameter names; the file name's extension is checked too."""
    if len(data) > MAX_BYTES:
        raise FileRefused(f"Tệp quá lớn (tối đa {_mb(MAX_BYTES)}).")
    content, inner_name, compression = decompress(data, name)
    fmt = detect_format(content)
    for said, source in ((declared, "được khai báo"), (format_of_name(inner_name or name), "theo tên tệp")):
        if said and said != fmt:
            raise FileRefused(f"Nội dung tệp là {FORMAT_NAMES[fmt]} nhưng {source} là {FORMAT_NAMES[said]}; "
                              "hãy gửi đúng định dạng (không đoán).")
    reader = {"json": _read_json, "csv": _read_csv, "adx": _read_adx}[fmt]
    doc, lines = reader(content)
    return ParsedDocument(fmt, doc, lines, compression, inner_name or name)


def _text(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise FileRefused(f"Tệp {what} không mã hóa UTF-8: dòng {line} có ký tự không đọc được. Hãy lưu lại tệp "
                          "dạng UTF-8.") from None


def _read_json(data: bytes):
    try:
        return safejson.loads(_text(data, "JSON")), None
    except safejson.JSONError as e:
        raise FileRefused(str(e)) from None


def _read_csv(data: bytes):
    text = _text(data, "CSV")
    if "\x00" in text:
        raise FileRefused("Tệp CSV chứa ký tự không hợp lệ (NUL).")
    reader = csv.reader(io.StringIO(text, newline=""))
    values, lines = [], []
    line = 1
    try:
        header = next(reader)
        width = len(header)
        while True:
            line = reader.line_num + 1  # where the record starts (a quoted cell may span lines)
            try:
                cells = next(reader)
            except StopIteration:
                break
            if not any(c.strip() for c in cells):
                continue
            if len(values) >= MAX_ITEMS:
                raise FileRefused(f"Mỗi lần nhập tối đa {MAX_ITEMS:,} giá trị; hãy chia nhỏ tệp.".replace(",", "."))
            cells += [""] * (max(width, len(CSV_FIELDS)) - len(cells))
            values.append(_csv_value(cells, width))
            lines.append(line)
    except csv.Error:
        raise FileRefused(f"Tệp CSV hỏng ở dòng {line}: không tách được các ô (thường do một dấu ngoặc "
                          "kép \" mở mà không đóng).") from None
    return {"dataValues": values}, lines


def _csv_bool(text: str):
    low = text.strip().lower()
    if low in ("", "false"):
        return False
    if low == "true":
        return True
    return text  # refused with its value by the translation


def _csv_value(cells: list[str], width: int) -> dict:
    """One CSV record as a JSON dataValue; the optional columns the file has are given, even empty."""
    dv: dict = {}
    for i, name in enumerate(CSV_FIELDS):
        if i >= max(width, 6) and not cells[i].strip():
            continue  # a column the file does not have
        raw = cells[i]
        if name in ("followup", "deleted"):
            dv[name] = _csv_bool(raw)
        elif name in ("comment", "storedBy"):
            dv[name] = raw
        else:
            raw = raw.strip()
            if raw:
                dv[name] = raw
            elif name == "lastUpdated":
                dv[name] = None
    return dv


def _read_adx(data: bytes):
    try:
        root = parse_xml(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise FileRefused("Tệp XML có khai báo DTD hoặc thực thể (entity): bị từ chối vì lý do an toàn. Tệp ADX "
                          "không cần các khai báo này.") from None
    except ParseError as e:
        line, column = getattr(e, "position", (None, None))
        where = f" ở dòng {line}, cột {column + 1}" if line else ""
        raise FileRefused(f"Tệp XML không hợp lệ{where}.") from None
    if root.tag != f"{{{ADX_NS}}}adx":
        raise FileRefused(f"{NOT_DHIS2}: tệp XML phải có phần tử gốc <adx xmlns=\"{ADX_NS}\"> (dạng dataValueSet XML "
                          "của DHIS2 chưa được hỗ trợ; hãy xuất JSON, CSV hoặc ADX).")
    values = []
    for group in root.iter(f"{{{ADX_NS}}}group"):
        ga = group.attrib
        try:
            period = period_from_adx(ga.get("period"))
            period_error = None
        except PeriodCodeError as e:
            period, period_error = ga.get("period"), str(e)
        for el in group.iter(f"{{{ADX_NS}}}dataValue"):
            if len(values) >= MAX_ITEMS:
                raise FileRefused(f"Mỗi lần nhập tối đa {MAX_ITEMS:,} giá trị; hãy chia nhỏ tệp.".replace(",", "."))
            a = el.attrib
            dv: dict = {"dataElement": a.get("dataElement"), "period": period, "orgUnit": ga.get("orgUnit")}
            if period_error:
                dv["_period_error"] = period_error
            for name in ADX_VALUE_ATTRIBUTES - {"dataElement"}:
                if name in a:
                    dv[name] = _csv_bool(a[name]) if name in ("followup", "deleted") else a[name]
            if "attributeOptionCombo" not in dv and "attributeOptionCombo" in ga:
                dv["attributeOptionCombo"] = ga["attributeOptionCombo"]
            categories = {k: v for k, v in a.items() if k not in ADX_VALUE_ATTRIBUTES and not k.startswith("{")}
            if categories:
                dv["_categories"] = categories
            note = el.find(f"{{{ADX_NS}}}annotation")
            if "comment" not in dv and note is not None and (note.text or "").strip():
                dv["comment"] = note.text.strip()
            values.append(dv)
    return {"dataValues": values}, None


# --------------------------------------------------------------------------- ADX periods

_ADX_PERIOD = re.compile(r"^(\d{4})-(\d{2})-(\d{2})/P(\d+)([YMWD])$")


def period_to_adx(code: str) -> str:
    """``2023`` → ``2023-01-01/P1Y``, ``2023S2`` → ``2023-07-01/P6M``, ``2023Q4`` → ``2023-10-01/P3M``,
    ``202312`` → ``2023-12-01/P1M`` (the four exchanged types)."""
    spec = parse_period(code)
    duration = {YEAR: "P1Y", HALF: "P6M", QUARTER: "P3M", MONTH: "P1M"}[spec.period_type]
    return f"{spec.start.isoformat()}/{duration}"


def period_from_adx(text) -> str:
    """The Bậc Thang code of an ADX period; PeriodCodeError (Vietnamese) for any other."""
    accepted = "2023-01-01/P1Y (năm), 2023-07-01/P6M (6 tháng), 2023-10-01/P3M (quý), 2023-12-01/P1M (tháng)"
    if text in (None, ""):
        raise PeriodCodeError(f"Thiếu kỳ (period) ở phần tử group của ADX; dùng dạng {accepted}.")
    m = _ADX_PERIOD.match(text) if isinstance(text, str) else None
    if not m:
        raise PeriodCodeError(f"Kỳ ADX '{text}' không hợp lệ hoặc không được hỗ trợ; dùng dạng {accepted}.")
    year, month, day, n, unit = int(m[1]), int(m[2]), int(m[3]), int(m[4]), m[5]
    try:
        dt.date(year, month, day)
    except ValueError:
        raise PeriodCodeError(f"Kỳ ADX '{text}': ngày bắt đầu không tồn tại.") from None
    code = None
    if day == 1:
        if (n, unit) == (1, "Y") and month == 1:
            code = f"{year}"
        elif (n, unit) == (6, "M") and month in (1, 7):
            code = f"{year}S{1 if month == 1 else 2}"
        elif (n, unit) == (3, "M") and month in (1, 4, 7, 10):
            code = f"{year}Q{(month - 1) // 3 + 1}"
        elif (n, unit) == (1, "M"):
            code = f"{year}{month:02d}"
    if code is None:
        raise PeriodCodeError(f"Kỳ ADX '{text}' không có trong Bậc Thang (chỉ trao đổi năm, 6 tháng, quý, tháng theo "
                              f"lịch: {accepted}; kỳ tuần, ngày, năm tài chính … không được hỗ trợ).")
    return parse_period(code).code


# --------------------------------------------------------------------------- timestamps

def format_timestamp(value: dt.datetime | None) -> str | None:
    """DHIS2's long GMT form: ``2023-12-31T08:30:00.000+0000`` (milliseconds, UTC)."""
    if value is None:
        return None
    utc = value.astimezone(dt.UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}+0000"


def truncate_ms(value: dt.datetime) -> dt.datetime:
    return value.replace(microsecond=value.microsecond // 1000 * 1000)


def parse_timestamp(text) -> dt.datetime:
    """An ISO 8601 date or date-time (``Z``, ``+0000``, ``+07:00`` or none = UTC); ValueError otherwise."""
    if not isinstance(text, str) or not re.match(r"^\d{4}-\d{2}-\d{2}", text.strip()):
        raise ValueError(text)
    value = dt.datetime.fromisoformat(text.strip())
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return truncate_ms(value)


# --------------------------------------------------------------------------- writing

@dataclass
class ExportedValue:
    """One value as DHIS2 names it, ready for any of the three formats."""

    data_element: str
    period: str  # the DHIS2 / Bậc Thang period code
    org_unit: str
    category_option_combo: str | None
    attribute_option_combo: str | None
    value: str
    stored_by: str
    created: dt.datetime | None
    last_updated: dt.datetime | None
    comment: str
    followup: bool
    categories: list[tuple[str, str]] | None = None  # ADX: (category UID, category option UID) …
    data_set: str | None = None  # ADX: the group's data set
    extra: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        item = {"dataElement": self.data_element, "period": self.period, "orgUnit": self.org_unit}
        if self.category_option_combo:
            item["categoryOptionCombo"] = self.category_option_combo
        if self.attribute_option_combo:
            item["attributeOptionCombo"] = self.attribute_option_combo
        item["value"] = self.value
        if self.stored_by:
            item["storedBy"] = self.stored_by
        if self.created:
            item["created"] = format_timestamp(self.created)
        if self.last_updated:
            item["lastUpdated"] = format_timestamp(self.last_updated)
        item["comment"] = self.comment
        item["followup"] = self.followup
        return item


def write_json(values: list[ExportedValue], data_set: str | None = None) -> dict:
    doc: dict = {}
    if data_set:
        doc["dataSet"] = data_set
    doc["dataValues"] = [v.as_json() for v in values]
    return doc


def write_csv(values: list[ExportedValue]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for v in values:
        writer.writerow([v.data_element, v.period, v.org_unit, v.category_option_combo or "",
                         v.attribute_option_combo or "", v.value, v.stored_by,
                         format_timestamp(v.last_updated) or "", v.comment, "true" if v.followup else "false"])
    return out.getvalue()


def write_adx(values: list[ExportedValue], exported: dt.datetime) -> str:
    groups: dict[tuple, list[ExportedValue]] = {}
    for v in values:
        groups.setdefault((v.org_unit, v.period, v.data_set, v.attribute_option_combo), []).append(v)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             f'<adx xmlns="{ADX_NS}" exported={quoteattr(format_timestamp(exported))}>']
    for (ou, pe, ds, aoc), items in groups.items():
        attrs = f"orgUnit={quoteattr(ou)} period={quoteattr(period_to_adx(pe))}"
        if ds:
            attrs += f" dataSet={quoteattr(ds)}"
        if aoc:  # on the group, as ADX and DHIS2 put the attribute option combo
            attrs += f" attributeOptionCombo={quoteattr(aoc)}"
        lines.append(f"  <group {attrs}>")
        for v in items:
            a = [("dataElement", v.data_element)]
            if v.categories:
                a.extend(v.categories)
            elif v.category_option_combo:
                a.append(("categoryOptionCombo", v.category_option_combo))
            a.append(("value", v.value))
            if v.stored_by:
                a.append(("storedBy", v.stored_by))
            if v.created:
                a.append(("created", format_timestamp(v.created)))
            if v.last_updated:
                a.append(("lastUpdated", format_timestamp(v.last_updated)))
            a.append(("comment", v.comment))
            a.append(("followup", "true" if v.followup else "false"))
            # quoteattr writes line breaks and tabs as character references, which XML keeps.
            lines.append("    <dataValue " + " ".join(f"{k}={quoteattr(x)}" for k, x in a) + "/>")
        lines.append("  </group>")
    lines.append("</adx>")
    return "\n".join(lines) + "\n"

