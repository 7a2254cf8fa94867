"""What each registry looks like in files and lists: its columns, natural key and URL slug
(a ``records.specs.RecordSpec`` each; columns are read and written by the framework).

A column's header is Vietnamese ("Diện tích (ha)"); the importer also accepts the
header without diacritics or as its key (``dien_tich_ha``), so a file typed on a
keyboard without Vietnamese input still reads.  The same columns are written by the
export, which therefore re-imports as it is (export-only columns are ignored).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models

from records.specs import NOTE, PLACEHOLDER, SOURCE, UNIT, UNIT_NAME, Column, RecordSpec, slug  # noqa: F401
from records.specs import ImportSummary as BaseSummary

from .models import (
    Certification,
    CertStatus,
    CodeKind,
    Cooperative,
    CoopField,
    CoopKind,
    CoopStatus,
    DecisionLevel,
    EvaluationResult,
    Farm,
    FarmType,
    LivestockFacility,
    OcopEvaluation,
    OcopGroup,
    OcopProduct,
    OcopStatus,
    OperatingStatus,
    OwnerKind,
    PlantingCode,
    RegistryKind,
    Sector,
    Species,
    Standard,
    normalise_text,
)
from .rules import CERTIFIED_STARS, stars_for_score


@dataclass
class ImportSummary(BaseSummary):
    certificates: int = 0
    years: int = 0

    def extras(self) -> list[str]:
        extra = []
        if self.certificates:
            extra.append(f"{self.certificates} quyết định công nhận OCOP mới")
        if self.years:
            extra.append(f"{self.years} dòng số liệu năm")
        return extra


def validate_cert(spec, reader, p) -> None:
    c = p.extra["cert"]
    if not any(v not in (None, "") for v in c.values()):
        p.extra["cert"] = {}
        return
    by_field = {col.field: col for col in spec.columns}
    stars, score = c.get("stars"), c.get("score")
    if stars is None and score is not None:
        stars = stars_for_score(score)
    if stars not in CERTIFIED_STARS:
        reader.problem(p.row, by_field["cert.stars"], "Giấy chứng nhận OCOP chỉ cấp cho sản phẩm đạt 3, 4 hoặc "
                                                    "5 sao; ghi số sao (hoặc điểm từ 50).")
        return
    if not c.get("decision_date"):
        reader.problem(p.row, by_field["cert.decision_date"], "Có hạng sao thì cần ngày quyết định công nhận.")
        return
    probe = OcopEvaluation(workflow="x", result=EvaluationResult.CERTIFIED, stars=stars, score=score,
                           decision_date=c["decision_date"], evaluated_on=c["decision_date"],
                           decision_level=c.get("decision_level") or "", decision_no=c.get("decision_no") or "")
    try:
        probe.full_clean(exclude=["product"])
    except ValidationError as e:
        reader._report(p.row, e)
    c["stars"] = stars


def validate_year(spec, reader, p) -> None:
    y = p.extra["year"]
    if y.get("year") is None:
        if y.get("revenue") is not None or y.get("member_income") is not None:
            column = spec.column("nam_so_lieu")
            reader.problem(p.row, column, "Có doanh thu hoặc thu nhập thì cần ghi năm số liệu.")
        p.extra["year"] = {}
    elif not 1990 <= y["year"] <= 2100:
        reader.problem(p.row, spec.column("nam_so_lieu"), f"Năm {y['year']} không hợp lệ.")


def write_extra(obj, p, summary: ImportSummary, *, user, channel) -> None:
    from . import actions

    cert, year = p.extra.get("cert"), p.extra.get("year")
    if cert and isinstance(obj, OcopProduct):
        _, created = actions.do_record_ocop_certificate(
            obj, decision_date=cert["decision_date"], stars=cert["stars"], score=cert.get("score"),
            decision_no=cert.get("decision_no") or "", decision_level=cert.get("decision_level") or "", user=user,
            channel=channel)
        summary.certificates += int(created)
    if year and isinstance(obj, Cooperative):
        _, changed = actions.do_set_coop_year(obj, year["year"], revenue=year.get("revenue"),
                                              member_income=year.get("member_income"), user=user, channel=channel)
        summary.years += int(changed)


@dataclass(kw_only=True)
class RegistrySpec(RecordSpec):
    """A registry: a register whose records are those of ``registries.models`` (writes
    through ``registries.actions``; OCOP certificates and cooperative years as related rows)."""

    kind: str
    category: tuple[str, type[models.Choices]] | None = None  # filter by this field
    statuses: list[tuple[str, str]] = field(default_factory=list)
    has_validity: bool = False  # expiry filter
    extra_prefixes: tuple[str, ...] = ("cert", "year")

    def value(self, obj, column: Column, today: dt.date):
        f = column.field
        if f.startswith("cert."):
            return getattr(obj, f[5:])
        if f.startswith("year."):
            years = list(obj.years.all())  # prefetched
            latest = max(years, key=lambda y: y.year) if years else None
            return getattr(latest, f[5:]) if latest else None
        return super().value(obj, column, today)

    def existing(self, rows: list[dict]):
        if self.model is PlantingCode:
            return PlantingCode.objects.filter(code__in={normalise_text(d.get("code", "")).upper() for d in rows})
        return super().existing(rows)

    def identity(self, obj) -> tuple:
        if isinstance(obj, PlantingCode) and obj.pk is None:
            obj.code = normalise_text(obj.code).upper()
        return obj.identity_key()

    def create(self, data, *, user, channel, reason):
        from . import actions

        return actions.do_create(self.model, data, user=user, channel=channel, reason=reason)

    def update(self, obj, data, *, user, channel, reason):
        from . import actions

        return actions.do_update(obj, data, user=user, channel=channel, reason=reason)

    def validate_extra(self, reader, parsed) -> None:
        if parsed.extra.get("cert"):
            validate_cert(self, reader, parsed)
        if parsed.extra.get("year"):
            validate_year(self, reader, parsed)

    def write_extra(self, obj, parsed, summary, *, user, channel) -> None:
        write_extra(obj, parsed, summary, user=user, channel=channel)

    def summary(self) -> ImportSummary:
        return ImportSummary()


OCOP_STATUSES = list(OcopStatus.choices)
VALIDITY_STATUSES = list(CertStatus.choices)

SPECS: dict[str, RegistrySpec] = {}


def _add(spec: RegistrySpec) -> None:
    SPECS[spec.slug] = spec


_add(RegistrySpec(
    slug="ocop", kind=RegistryKind.OCOP, model=OcopProduct, title="Sản phẩm OCOP", one="sản phẩm OCOP",
    columns=[
        UNIT, UNIT_NAME,
        Column("Tên sản phẩm", "name", required=True, example="Bưởi da xanh"),
        Column("Chủ thể", "owner_name", required=True, example="HTX Nông nghiệp Quyết Thắng",
               help="Hợp tác xã, doanh nghiệp hoặc hộ sở hữu sản phẩm."),
        Column("Loại chủ thể", "owner_kind", "choice", choices=OwnerKind, example="Hợp tác xã"),
        Column("Nhóm sản phẩm", "group", "choice", choices=OcopGroup, example="Thực phẩm"),
        Column("Phân nhóm", "subgroup", example="Rau, củ, quả, hạt tươi"),
        Column("Số sao", "cert.stars", "int", example="3",
               help="Hạng sao của quyết định công nhận (3, 4 hoặc 5); để trống nếu chưa được công nhận."),
        Column("Điểm", "cert.score", "number", example="62", help="Điểm đánh giá (0–100)."),
        Column("Số quyết định", "cert.decision_no", example="1234/QĐ-UBND"),
        Column("Ngày quyết định", "cert.decision_date", "date", example="10/07/2023",
               help="Giấy chứng nhận có hiệu lực 36 tháng kể từ ngày này."),
        Column("Cấp công nhận", "cert.decision_level", "choice", choices=DecisionLevel, example="UBND tỉnh"),
        Column("Hiệu lực đến", "valid_until", "date", export_only=True),
        Column("Trạng thái", "status", "choice", choices=OcopStatus, export_only=True),
        PLACEHOLDER, NOTE, SOURCE,
    ],
    natural_key="mã đơn vị + tên sản phẩm + chủ thể",
    search=OcopProduct.SEARCH_FIELDS,
    statuses=OCOP_STATUSES, has_validity=True, select_related=("cooperative",),
))

_add(RegistrySpec(
    slug="htx", kind=RegistryKind.COOPERATIVE, model=Cooperative, title="Hợp tác xã, tổ hợp tác",
    one="HTX, THT",
    columns=[
        UNIT, UNIT_NAME,
        Column("Loại hình", "kind", "choice", choices=CoopKind, example="Hợp tác xã (HTX)"),
        Column("Tên", "name", required=True, example="HTX Chè San Thàng"),
        Column("Mã số đăng ký", "registration_no"),
        Column("Lĩnh vực", "field", "choice", choices=CoopField, example="Trồng trọt"),
        Column("Ngày thành lập", "founded_on", "date"),
        Column("Số thành viên", "members", "int"),
        Column("Trạng thái", "status", "choice", choices=CoopStatus, example="Đang hoạt động"),
        Column("Ngừng hoạt động từ ngày", "stopped_on", "date"),
        Column("Năm số liệu", "year.year", "int", example="2023",
               help="Năm của doanh thu và thu nhập ghi ở hai cột sau."),
        Column("Doanh thu (triệu đồng)", "year.revenue", "number", example="467"),
        Column("Thu nhập bình quân người lao động (triệu đồng/năm)", "year.member_income", "number", example="48"),
        PLACEHOLDER, NOTE, SOURCE,
    ],
    natural_key="mã đơn vị + tên",
    search=Cooperative.SEARCH_FIELDS, category=("field", CoopField),
    statuses=list(CoopStatus.choices),
))

_add(RegistrySpec(
    slug="trang-trai", kind=RegistryKind.FARM, model=Farm, title="Trang trại", one="trang trại",
    columns=[
        UNIT, UNIT_NAME,
        Column("Chủ trang trại", "owner", required=True, example="Nguyễn Thị Hòa"),
        Column("Tên trang trại", "name"),
        Column("Loại hình", "farm_type", "choice", choices=FarmType, example="Chăn nuôi"),
        Column("Diện tích (ha)", "area_ha", "number", example="2,5"),
        Column("Số lao động thường xuyên", "workers", "int", example="5"),
        Column("Hoạt động từ ngày", "started_on", "date"),
        Column("Trạng thái", "status", "choice", choices=OperatingStatus, example="Đang hoạt động"),
        Column("Ngừng hoạt động từ ngày", "stopped_on", "date"),
        PLACEHOLDER, NOTE, SOURCE,
    ],
    natural_key="mã đơn vị + chủ trang trại",
    search=Farm.SEARCH_FIELDS, category=("farm_type", FarmType), statuses=list(OperatingStatus.choices),
))

_add(RegistrySpec(
    slug="chan-nuoi", kind=RegistryKind.LIVESTOCK, model=LivestockFacility, title="Cơ sở chăn nuôi tập trung",
    one="cơ sở chăn nuôi",
    columns=[
        UNIT, UNIT_NAME,
        Column("Chủ cơ sở", "owner", required=True, example="Mai Đình Đồng"),
        Column("Tên cơ sở", "name"),
        Column("Vật nuôi", "species", "choice", required=True, choices=Species, example="Lợn"),
        Column("Quy mô (con hoặc thùng ong)", "scale", "number", example="1.000"),
        Column("An toàn sinh học", "biosafety", "bool", example="có"),
        Column("Hoạt động từ ngày", "started_on", "date"),
        Column("Trạng thái", "status", "choice", choices=OperatingStatus, example="Đang hoạt động"),
        Column("Ngừng hoạt động từ ngày", "stopped_on", "date"),
        PLACEHOLDER, NOTE, SOURCE,
    ],
    natural_key="mã đơn vị + chủ cơ sở + vật nuôi",
    search=LivestockFacility.SEARCH_FIELDS, category=("species", Species), statuses=list(OperatingStatus.choices),
    select_related=("farm",),
))

_add(RegistrySpec(
    slug="chung-nhan", kind=RegistryKind.CERTIFICATION, model=Certification, title="Chứng nhận tiêu chuẩn",
    one="chứng nhận",
    columns=[
        UNIT, UNIT_NAME,
        Column("Cơ sở được chứng nhận", "holder", required=True, example="HTX Chè Tân Uyên"),
        Column("Tiêu chuẩn", "standard", "choice", required=True, choices=Standard, example="VietGAP"),
        Column("Lĩnh vực", "sector", "choice", choices=Sector, example="Trồng trọt"),
        Column("Sản phẩm", "product", example="Chè búp tươi"),
        Column("Diện tích (ha)", "area_ha", "number", example="10,45"),
        Column("Thể tích nuôi (m³)", "volume_m3", "number", help="Với nuôi trồng thủy sản (bể, lồng)."),
        Column("Số giấy chứng nhận", "certificate_no"),
        Column("Tổ chức chứng nhận", "issuer"),
        Column("Hiệu lực từ", "valid_from", "date", example="01/03/2023"),
        Column("Hiệu lực đến", "valid_until", "date", example="28/02/2026"),
        Column("Trạng thái", "status", "choice", choices=CertStatus, export_only=True),
        PLACEHOLDER, NOTE, SOURCE,
    ],
    natural_key="mã đơn vị + cơ sở được chứng nhận + tiêu chuẩn + sản phẩm",
    search=Certification.SEARCH_FIELDS, category=("standard", Standard),
    statuses=VALIDITY_STATUSES, has_validity=True,
))

_add(RegistrySpec(
    slug="ma-so", kind=RegistryKind.PLANTING_CODE, model=PlantingCode, title="Mã số vùng trồng, cơ sở đóng gói",
    one="mã số",
    columns=[
        Column("Mã số", "code", required=True, example="VN-DTOR-0017"),
        Column("Loại mã số", "kind", "choice", choices=CodeKind, example="Mã số vùng trồng"),
        UNIT, UNIT_NAME,
        Column("Cây trồng, sản phẩm", "crop", required=True, example="Chuối"),
        Column("Tổ chức, cá nhân quản lý", "holder", required=True),
        Column("Diện tích (ha)", "area_ha", "number"),
        Column("Thị trường xuất khẩu", "market", example="Trung Quốc"),
        Column("Hiệu lực từ", "valid_from", "date"),
        Column("Hiệu lực đến", "valid_until", "date"),
        Column("Trạng thái", "status", "choice", choices=CertStatus, export_only=True),
        PLACEHOLDER, NOTE, SOURCE,
    ],
    natural_key="mã số",
    search=PlantingCode.SEARCH_FIELDS, category=("kind", CodeKind),
    statuses=VALIDITY_STATUSES, has_validity=True,
))

BY_KIND = {spec.kind: spec for spec in SPECS.values()}


def spec_for(obj_or_model) -> RegistrySpec:
    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    return BY_KIND[model.REGISTRY]
