"""What a register looks like in files, lists and forms: its columns, natural key, URL
slug and the hooks its app fills in where it differs (the ``RecordSpec`` an app
declares is all the generic views, importer and exporter need).

A column's header is Vietnamese ("Diện tích (ha)"); the importer also accepts the
header without diacritics or as its key (``dien_tich_ha``), so a file typed on a
keyboard without Vietnamese input still reads.  The same columns are written by the
export, which therefore re-imports as it is (export-only columns are ignored).  A
column whose field is ``<prefix>.<name>`` belongs to a related row the spec writes
itself (``extra_prefixes``, ``write_extra``), as the OCOP certificate of a product.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from django.db import models


def slug(text: str) -> str:
    """'Diện tích (ha)' -> 'dien_tich_ha'; 'Thể tích nuôi (m³)' -> 'the_tich_nuoi_m3'."""
    text = str(text).replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


@dataclass(frozen=True)
class Column:
    label: str
    field: str  # model field; "cert.<name>" = OCOP certificate; "year.<name>" = cooperative year
    kind: str = "text"  # text, int, number, date, choice, bool, unit
    required: bool = False
    choices: type[models.Choices] | None = None
    export_only: bool = False
    help: str = ""
    example: str = ""

    @property
    def key(self) -> str:
        return slug(self.label)

    def accepted(self) -> str:
        if self.kind == "choice" and self.choices is not None:
            return "; ".join(str(label) for _, label in self.choices.choices)
        return {"int": "số nguyên", "number": "số (1.735,6 hoặc 1735.6)", "date": "ngày dd/mm/yyyy",
                "bool": "có / không", "unit": "mã đơn vị (12, 12.105, 12.105.03409)"}.get(self.kind, "chữ")


UNIT = Column("Mã đơn vị", "unit", "unit", required=True, example="12.105.03409",
              help="Mã đơn vị hành chính: xã, phường; hoặc huyện, tỉnh khi chỉ biết đến cấp đó.")
UNIT_NAME = Column("Tên đơn vị", "unit.name", export_only=True)
NOTE = Column("Ghi chú", "note")
SOURCE = Column("Nguồn", "source", help="Văn bản, quyết định hoặc trích dẫn làm căn cứ.")
PLACEHOLDER = Column("Bản ghi giữ chỗ", "is_placeholder", "bool", export_only=True)


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    lines: list[int] = field(default_factory=list)

    def extras(self) -> list[str]:
        """What else the import wrote, in words (a register's summary adds its own)."""
        return []

    def __str__(self) -> str:
        extra = self.extras()
        return (f"{self.created} bản ghi mới, {self.updated} bản ghi cập nhật, {self.unchanged} không đổi"
                + (f"; {', '.join(extra)}" if extra else "") + ".")


@dataclass(kw_only=True)
class RecordSpec:
    """A register's declaration: the generic pages, importer and exporter read it."""

    slug: str
    model: type[models.Model]
    title: str  # plural, for headings
    one: str  # singular, for buttons
    columns: list[Column]
    natural_key: str  # documented natural key (Vietnamese)
    search: tuple[str, ...] = ()
    select_related: tuple[str, ...] = ()
    extra_prefixes: tuple[str, ...] = ()  # column fields "<prefix>.<name>" written by write_extra
    sort_fields: tuple[str, ...] = ()  # list columns the user may sort by (default: the plain importable ones)

    def column(self, key: str) -> Column | None:
        for c in self.columns:
            if c.key == key:
                return c
        return None

    def importable(self) -> list[Column]:
        return [c for c in self.columns if not c.export_only]

    # ------------------------------------------------------------------ hooks (override where the register differs)
    def value(self, obj: models.Model, column: Column, today: dt.date):
        """The raw value of ``column`` for the export (the prefixes are the spec's own)."""
        f = column.field
        if f == "unit":
            return obj.unit.code
        if f == "unit.name":
            return obj.unit.name
        if f == "status" and hasattr(obj, "status_label_on"):
            return obj.status_label_on(today)
        return getattr(obj, f)

    def existing(self, rows: list[dict]) -> models.QuerySet:
        """Records that rows being imported may update (matched on ``identity``)."""
        return self.model.objects.filter(unit__in={d["unit"].pk for d in rows})

    def identity(self, obj: models.Model) -> tuple:
        """The natural key of a record (or of a probe built from an imported row)."""
        return obj.identity_key()

    def validate_extra(self, reader, parsed) -> None:
        """Check the related rows of an imported row (``parsed.extra``); report through ``reader.problem``."""

    def create(self, data: dict, *, user, channel: str, reason: str) -> models.Model:
        return self.save(None, data, user=user, channel=channel, reason=reason)[0]

    def update(self, obj: models.Model, data: dict, *, user, channel: str, reason: str) -> tuple[models.Model, bool]:
        return self.save(obj, data, user=user, channel=channel, reason=reason)

    def save(self, obj, data: dict, *, user, channel: str, reason: str) -> tuple[models.Model, bool]:
        """The plain save of the action skeleton (``records.actions.save_record``): scope, the
        model's own validation (``full_clean``), write, audit."""
        from .actions import save_record

        values = {k: v for k, v in data.items() if k != "unit"}
        return save_record(obj, model=self.model, user=user, channel=channel, unit=data["unit"], values=values,
                           what=f"ghi {self.one}", what_edit=f"sửa {self.one}", reason=reason or self.title,
                           prepare=lambda o, creating: o.full_clean())

    def write_extra(self, obj: models.Model, parsed, summary, *, user, channel: str) -> None:
        """Write the related rows of an imported row."""

    def summary(self) -> ImportSummary:
        return ImportSummary()
