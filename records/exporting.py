"""Excel files of a register: the import template and the export (same columns).

Written through ``bacthang.lib.xlsx`` (every cell guarded against formula injection).
Choices are written as their Vietnamese labels and dates as dd/mm/yyyy text, which
the importer reads back, so an export re-imports unchanged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import models
from django.utils.functional import Promise

from bacthang.lib.xlsx import workbook_bytes

from .specs import Column, RecordSpec


def plain_value(value, column: Column):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    if column.kind == "choice" and column.choices is not None and value != "":
        try:
            return str(column.choices(value).label)
        except ValueError:
            return str(value)
    return value


def cell(spec: RecordSpec, column: Column, obj: models.Model, today: dt.date):
    value = spec.value(obj, column, today)
    if column.field not in ("unit", "unit.name") and not (column.field == "status" and hasattr(obj, "status_label_on")):
        value = plain_value(value, column)
    return str(value) if isinstance(value, Promise) else value


def export_rows(spec: RecordSpec, records: Iterable, today: dt.date) -> list[list]:
    return [[cell(spec, c, obj, today) for c in spec.columns] for obj in records]


def export_bytes(spec: RecordSpec, records: Iterable, today: dt.date) -> bytes:
    headers = [c.label for c in spec.columns]
    return workbook_bytes([(spec.title, headers, export_rows(spec, records, today))])


def template_bytes(spec: RecordSpec) -> bytes:
    """The import template: an empty first sheet with the headers, and a guide sheet."""
    importable = spec.importable()
    guide = [[c.label, "bắt buộc" if c.required else "", c.accepted(), c.example, c.help] for c in importable]
    guide += [
        ["", "", "", "", ""],
        ["Khóa nhận diện", "", spec.natural_key, "", "Dòng trùng khóa với bản ghi đã có thì cập nhật bản ghi đó, "
                                                    "không tạo bản ghi mới (không phân biệt chữ hoa, chữ thường)."],
        ["Số", "", "1.735,6 (kiểu Việt Nam) hoặc 1735.6", "", "Ô kiểu số trong Excel được đọc nguyên giá trị."],
        ["Kiểm tra", "", "", "", "Chỉ cần một dòng sai là không ghi gì; danh sách lỗi ghi rõ dòng và ô."],
    ]
    return workbook_bytes([
        ("Mẫu nhập", [c.label for c in importable], []),
        ("Hướng dẫn", ["Cột", "Bắt buộc", "Giá trị hợp lệ", "Ví dụ", "Ghi chú"], guide),
    ])
