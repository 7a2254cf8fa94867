"""Import a register from CSV or XLSX (one template per register, ``records.exporting``).

Read with the importer framework (``bacthang.lib.importing``); every bad cell is
reported with its line (and cell for XLSX) in Vietnamese and nothing is written
unless the whole file is valid.  A row whose natural key (``RecordSpec.natural_key``,
compared without regard to case or repeated spaces) matches a record updates that
record — re-importing never duplicates, and importing the same file twice changes
nothing (no save, no audit row).  Every write goes through the spec's ``create`` and
``update`` (the register's actions).

Users may only import rows of units they manage (``accounts.scope.can_manage``);
``user=None`` is the system (commands, tests).
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.scope import can_manage
from audit.models import Channel
from bacthang.lib.importing import ImportFailed, Problem, Row, Table, read_table
from bacthang.lib.numbers import CellIssue, NumberColumn, NumberError
from units.models import Unit

from .actions import Refused
from .models import normalise_text
from .specs import Column, ImportSummary, RecordSpec, slug  # noqa: F401 (ImportSummary re-exported)

TRUE = {"co", "x", "1", "true", "dung", "yes", "c"}
FALSE = {"khong", "0", "false", "sai", "no", "k"}


@dataclass
class ParsedRow:
    row: Row
    data: dict
    extra: dict  # prefix -> {field: value} of the related rows (``RecordSpec.extra_prefixes``)
    existing: object | None = None


def parse_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"'{text}' không phải ngày; viết theo dạng ngày/tháng/năm, ví dụ 10/07/2023.")


def choice_lookup(column: Column) -> dict[str, object]:
    out: dict[str, object] = {}
    for value, label in column.choices.choices:
        out[slug(str(value))] = value
        out[slug(str(label))] = value
    return out


class RecordReader:
    """Turns the rows of a table into validated ``ParsedRow``s, collecting every problem."""

    def __init__(self, spec: RecordSpec, table: Table, user):
        self.spec, self.table, self.user = spec, table, user
        self.problems: list[Problem] = []
        self.numbers = NumberColumn(table.number_style)
        self.keys = self._map_header()

    # ------------------------------------------------------------------ helpers
    def problem(self, row: Row | None, column: Column | None, message: str) -> None:
        where = None
        if column is not None:
            letter = row.letters.get(self.keys_by_field.get(column.field, "")) if row is not None else None
            where = f"{column.label} ({letter}{row.line})" if letter else column.label
        self.problems.append(Problem(message, line=row.line if row else None, column=where, sheet=self.table.sheet))

    def _map_header(self) -> dict[str, Column]:
        """Table column name -> spec column; refuses unknown, duplicated and missing columns."""
        mapping: dict[str, Column] = {}
        seen: dict[str, str] = {}
        self.keys_by_field: dict[str, str] = {}
        for name in self.table.columns:
            if not name:
                continue
            column = self.spec.column(slug(name))
            if column is None:
                self.problems.append(Problem(f"Cột '{name}' không thuộc mẫu nhập {self.spec.title}.",
                                             sheet=self.table.sheet))
                continue
            if column.key in seen:
                self.problems.append(Problem(f"Cột '{name}' trùng với cột '{seen[column.key]}'.",
                                             sheet=self.table.sheet))
                continue
            seen[column.key] = name
            mapping[name] = column
            self.keys_by_field[column.field] = name
        missing = [c.label for c in self.spec.columns if c.required and c.key not in seen]
        if missing:
            self.problems.append(Problem(
                f"Thiếu cột bắt buộc: {', '.join(missing)}. Tải mẫu nhập của sổ {self.spec.title} để xem các cột.",
                sheet=self.table.sheet))
        if self.problems:
            raise ImportFailed(self.problems)
        return mapping

    def _convert(self, row: Row, column: Column, raw):
        if column.kind == "text":
            return normalise_text(raw if not isinstance(raw, Decimal) else format(raw.normalize(), "f"))
        if column.kind in ("number", "int"):
            number = self.numbers.read(raw, row.where(self.keys_by_field[column.field]))
            if column.kind == "int":
                if number != number.to_integral_value() or number < 0:
                    raise NumberError(f"'{raw}' phải là số nguyên không âm.")
                return int(number)
            return number
        if column.kind == "date":
            return parse_date(raw)
        if column.kind == "bool":
            key = slug(str(raw))
            if key in TRUE:
                return True
            if key in FALSE:
                return False
            raise ValueError(f"'{raw}' không hiểu; ghi 'có' hoặc 'không'.")
        if column.kind == "choice":
            key = slug(format(raw.normalize(), "f") if isinstance(raw, Decimal) else str(raw))
            value = choice_lookup(column).get(key)
            if value is None:
                raise ValueError(f"'{raw}' không phải giá trị hợp lệ; chọn một trong: {column.accepted()}.")
            return value
        raise AssertionError(column.kind)

    # ------------------------------------------------------------------ reading
    def read(self) -> list[ParsedRow]:
        codes = set()
        for row in self.table.rows:
            for name, column in self.keys.items():
                if column.kind == "unit":
                    raw = row.cells.get(name, "")
                    codes.add(format(raw.normalize(), "f") if isinstance(raw, Decimal) else str(raw).strip())
        units = {u.code: u for u in Unit.objects.filter(code__in=codes)}
        parsed: list[ParsedRow] = []
        for row in self.table.rows:
            data, extra, ok = {}, {p: {} for p in self.spec.extra_prefixes}, True
            for name, column in self.keys.items():
                if column.export_only:
                    continue
                raw = row.cells.get(name, "")
                if isinstance(raw, CellIssue):  # a formula without its value, an Excel error: never stored as text
                    self.problem(row, column, str(raw))
                    ok = False
                    continue
                empty = raw is None or (isinstance(raw, str) and not raw.strip())
                if column.kind == "unit":
                    code = "" if empty else (format(raw.normalize(), "f") if isinstance(raw, Decimal)
                                             else str(raw).strip())
                    unit = units.get(code)
                    if not code:
                        self.problem(row, column, "Thiếu mã đơn vị.")
                        ok = False
                    elif unit is None or (self.user is not None and not can_manage(self.user, unit)):
                        self.problem(row, column, f"Không có đơn vị mã '{code}' trong phạm vi bạn được quản lý sổ "
                                                  "đăng ký.")
                        ok = False
                    else:
                        data["unit"] = unit
                    continue
                if empty:
                    if column.required:
                        self.problem(row, column, f"Thiếu {column.label.lower()}.")
                        ok = False
                    value = "" if column.kind == "text" else None
                else:
                    try:
                        value = self._convert(row, column, raw)
                    except (ValueError, NumberError, TypeError) as e:
                        self.problem(row, column, str(e) if not isinstance(e, TypeError)
                                     else "Ô không đúng kiểu dữ liệu.")
                        ok = False
                        continue
                prefix, dot, name = column.field.partition(".")
                if dot and prefix in extra:
                    extra[prefix][name] = value
                elif value is None and column.kind in ("bool", "choice"):
                    continue  # keep the model default
                else:
                    data[column.field] = value
            if ok:
                parsed.append(ParsedRow(row, data, extra))
        for where, message in self.numbers.conflicts():
            self.problems.append(Problem(message, column=str(where), sheet=self.table.sheet))
        self._match_and_validate(parsed)
        return parsed

    def _existing(self, parsed: list[ParsedRow]) -> dict[tuple, object]:
        return {self.spec.identity(obj): obj for obj in self.spec.existing([p.data for p in parsed])}

    def _key(self, p: ParsedRow) -> tuple:
        names = {f.name for f in self.spec.model._meta.fields}
        return self.spec.identity(self.spec.model(**{k: v for k, v in p.data.items() if k in names}))

    def _match_and_validate(self, parsed: list[ParsedRow]) -> None:
        existing = self._existing(parsed) if parsed else {}
        seen: dict[tuple, int] = {}
        for p in parsed:
            key = self._key(p)
            if key in seen:
                self.problem(p.row, None, f"Trùng bản ghi với dòng {seen[key]} ({self.spec.natural_key}).")
                continue
            seen[key] = p.row.line
            p.existing = existing.get(key)
            candidate = copy.copy(p.existing) if p.existing is not None else self.spec.model()
            for name, value in p.data.items():
                setattr(candidate, name, value)
            try:
                candidate.full_clean()
            except ValidationError as e:
                self._report(p.row, e)
            self.spec.validate_extra(self, p)

    def _report(self, row: Row, error: ValidationError) -> None:
        by_field = {c.field: c for c in self.spec.columns}
        if hasattr(error, "error_dict"):
            for name, errors in error.message_dict.items():
                column = by_field.get(name) or next(
                    (by_field[f"{x}.{name}"] for x in self.spec.extra_prefixes if f"{x}.{name}" in by_field), None)
                for message in errors:
                    self.problem(row, column, message)
        else:
            for message in error.messages:
                self.problem(row, None, message)


def import_records(spec: RecordSpec, source, *, user=None, filename: str | None = None,
                    number_style: str | None = None, channel: str = Channel.IMPORT) -> ImportSummary:
    """Import one register file; raises ImportFailed (nothing written) on any problem."""
    table = read_table(source, filename, number_style)
    reason = f"Nhập tệp {filename}" if filename else "Nhập tệp"
    with transaction.atomic():
        reader = RecordReader(spec, table, user)
        parsed = reader.read()
        if reader.problems:
            reader.problems.sort(key=lambda p: p.line or 0)
            raise ImportFailed(reader.problems)
        summary = spec.summary()
        for p in parsed:
            try:
                _write(spec, p, summary, user=user, channel=channel, reason=reason)
            except ValidationError as e:
                reader._report(p.row, e)
            except Refused as e:
                for reason in e.reasons:
                    reader.problem(p.row, None, reason)
        if reader.problems:
            raise ImportFailed(reader.problems)
    return summary


def _write(spec: RecordSpec, p: ParsedRow, summary: ImportSummary, *, user, channel, reason) -> None:
    if p.existing is None:
        obj = spec.create(p.data, user=user, channel=channel, reason=reason)
        summary.created += 1
    else:
        obj, changed = spec.update(p.existing, p.data, user=user, channel=channel, reason=reason)
        if changed:
            summary.updated += 1
        else:
            summary.unchanged += 1
    spec.write_extra(obj, p, summary, user=user, channel=channel)
