"""Indicators counted from the registries (``engine.providers``), registered in
``RegistriesConfig.ready()``.

Every value is computed for a unit's territory (``registries.territory``: its
subtree and the units across the 2025 reform) from the records valid on the
period's last day — or, for flows (new OCOP products, rankings, upgrade proposals),
from the events dated inside the period.  ``covers`` follows the rule documented in
``registries.territory``; indicators that are sums or averages of a figure some
records may lack (farm area, workers, cooperative revenue) are covered only where
every counted record has that figure, so a half-filled registry never replaces a
reported total.

Option codes are the catalogue's: OCOP_STARS (STAR3, STAR4, STAR5), COOP_FIELD,
FARM_TYPE, FACILITY_SPECIES, CERT_STANDARD.  An option a record cannot take counts 0.

The records are read from an in-memory snapshot (``registries.snapshot``), so a
province roll-up that asks hundreds of (unit, option) pairs costs a few queries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from engine.providers import register
from indicators.models import Option
from periods.models import Period
from units.models import Unit

from .models import CoopKind, EvaluationResult, OwnerKind, RegistryKind, Sector
from .snapshot import Snapshot, current

ZERO = Decimal(0)


def _fmt(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def operating_on(row: dict, day: dt.date, start: str = "started_on", stop: str = "stopped_on") -> bool:
    """Begun (or start unknown) on ``day`` and not yet stopped (stops from its stop date)."""
    return (row[start] is None or row[start] <= day) and (row[stop] is None or row[stop] > day)


def cooperative_active_on(row: dict, day: dt.date) -> bool:
    return operating_on(row, day, "founded_on", "stopped_on")


def certificate_valid_on(row: dict, day: dt.date) -> bool:
    return ((row["valid_from"] is None or row["valid_from"] <= day)
            and (row["valid_until"] is None or row["valid_until"] >= day)
            and (row["revoked_on"] is None or row["revoked_on"] > day))


REGISTRY_LABELS = {
    RegistryKind.OCOP: "sản phẩm OCOP",
    RegistryKind.COOPERATIVE: "hợp tác xã, tổ hợp tác",
    RegistryKind.FARM: "trang trại",
    RegistryKind.LIVESTOCK: "cơ sở chăn nuôi tập trung",
    RegistryKind.CERTIFICATION: "chứng nhận tiêu chuẩn",
}


class RegistryProvider:
    """Base: coverage by registry; subclasses compute ``values`` (option code or None → number)."""

    registry: str = ""
    what: str = ""  # Vietnamese: what is counted, for describe()
    flow = False

    def covers(self, unit: Unit, period: Period) -> bool:
        return current().covers(self.registry, unit, period.end)

    def value(self, unit: Unit, option: str | None, period: Period) -> Decimal | None:
        values = self.values(current(), unit, period)
        if values is None:
            return None
        return values.get(option, ZERO) if option else values.get(None, ZERO)

    def values(self, snap: Snapshot, unit: Unit, period: Period) -> dict[str | None, Decimal] | None:
        raise NotImplementedError

    def describe(self, unit: Unit, option: str | None, period: Period) -> str:
        when = (f"trong kỳ {_fmt(period.start)}–{_fmt(period.end)}" if self.flow
                else f"tại ngày {_fmt(period.end)}")
        group = f", nhóm {option}" if option else ""
        return (f"Tính từ sổ đăng ký {REGISTRY_LABELS[self.registry]}: {self.what} {when}{group}, trên địa bàn "
                f"{unit.name} (kể cả bản ghi của đơn vị trước và sau sắp xếp năm 2025).")


def _counts(keys) -> dict[str | None, Decimal]:
    out: dict[str | None, Decimal] = {None: ZERO}
    for k in keys:
        out[None] += 1
        if k:
            out[k] = out.get(k, ZERO) + 1
    return out


# --------------------------------------------------------------------------- simple counts
class CountProvider(RegistryProvider):
    """Records valid on the last day, grouped by a field whose values are option codes."""

    def __init__(self, registry, rows: Callable[[Snapshot], list[dict]], option_field: str,
                 valid: Callable[[dict, dt.date], bool], what: str, keep: Callable[[dict], bool] | None = None):
        self.registry, self.rows, self.option_field, self.valid, self.what = registry, rows, option_field, valid, what
        self.keep = keep or (lambda row: True)

    def values(self, snap, unit, period):
        day = period.end
        return _counts(r[self.option_field] for r in snap.in_territory(self.rows(snap), unit)
                       if self.keep(r) and self.valid(r, day))


class CompleteSumProvider(RegistryProvider):
    """The sum of a figure over the records valid on the last day; covered only where
    every such record has the figure."""

    def __init__(self, registry, rows, field: str, valid, what: str):
        self.registry, self.rows, self.field, self.valid, self.what = registry, rows, field, valid, what

    def _valid(self, snap, unit, period) -> list[dict]:
        return [r for r in snap.in_territory(self.rows(snap), unit) if self.valid(r, period.end)]

    def covers(self, unit, period):
        return super().covers(unit, period) and all(r[self.field] is not None
                                                    for r in self._valid(current(), unit, period))

    def values(self, snap, unit, period):
        return {None: sum((Decimal(r[self.field]) for r in self._valid(snap, unit, period)
                           if r[self.field] is not None), ZERO)}


class CoopAverageProvider(RegistryProvider):
    """Average of a yearly figure over the HTX active on the last day (year of that day).

    Covered only where every such HTX has the figure for that year."""

    registry = RegistryKind.COOPERATIVE

    def __init__(self, field: str, what: str):
        self.field, self.what = field, what

    def _figures(self, snap, unit, period) -> list[Decimal | None]:
        years = snap.coop_years()
        return [(years.get((r["id"], period.end.year)) or {}).get(self.field)
                for r in snap.in_territory(snap.cooperatives(), unit)
                if r["kind"] == CoopKind.COOPERATIVE and cooperative_active_on(r, period.end)]

    def covers(self, unit, period):
        if not super().covers(unit, period):
            return False
        figures = self._figures(current(), unit, period)
        return bool(figures) and all(f is not None for f in figures)

    def values(self, snap, unit, period):
        figures = [f for f in self._figures(snap, unit, period) if f is not None]
        if not figures:
            return None
        return {None: sum(figures, ZERO) / len(figures)}


# --------------------------------------------------------------------------- certifications
SECTOR_SUFFIX = {Sector.LIVESTOCK: "LIVESTOCK", Sector.AQUACULTURE: "AQUA", Sector.CROP: "CROP",
                 Sector.PROCESSING: "PROCESSING"}


def cert_option_candidates(standard: str, sector: str) -> list[str]:
    """Option codes of CERT_STANDARD a certification belongs to, most specific first.

    VietGAP is split by sector in the catalogue (VIETGAP = crops, VIETGAP_LIVESTOCK,
    VIETGAP_AQUA); the first code that exists in the disaggregation is used."""
    suffix = SECTOR_SUFFIX.get(sector)
    return ([f"{standard}_{suffix}"] if suffix else []) + [standard]


class CertificationProvider(RegistryProvider):
    """Certifications valid on the last day by CERT_STANDARD option: count, area or volume."""

    registry = RegistryKind.CERTIFICATION

    def __init__(self, measure: str | None, what: str):
        self.measure, self.what = measure, what  # None = count, else "area_ha" / "volume_m3"

    def values(self, snap, unit, period):
        key = "cert_options"
        if key not in snap._data:
            snap._data[key] = set(Option.objects.filter(disaggregation__code="CERT_STANDARD")
                                  .values_list("code", flat=True))
        options = snap._data[key]
        out: dict[str | None, Decimal] = {None: ZERO}
        for row in snap.in_territory(snap.certifications(), unit):
            if not certificate_valid_on(row, period.end):
                continue
            amount = Decimal(1) if self.measure is None else row[self.measure]
            if amount is None:
                continue
            out[None] += amount
            code = next((c for c in cert_option_candidates(row["standard"], row["sector"]) if c in options), None)
            if code:
                out[code] = out.get(code, ZERO) + amount
        return out


# --------------------------------------------------------------------------- OCOP
def ocop_certificates(unit: Unit, day: dt.date, snap: Snapshot | None = None) -> dict[int, dict]:
    """For each product of the territory: its certificate valid on ``day`` (the latest decision wins),
    with the product's owner fields."""
    snap = snap or current()
    evaluations = snap.ocop_evaluations()
    out = {}
    for p in snap.in_territory(snap.ocop_products(), unit):
        if p["revoked_on"] is not None and p["revoked_on"] <= day:
            continue
        held = [e for e in evaluations.get(p["id"], [])
                if e["result"] == EvaluationResult.CERTIFIED and e["decision_date"] and e["decision_date"] <= day]
        if not held:
            continue
        latest = max(held, key=lambda e: (e["decision_date"], e["id"]))
        if latest["valid_until"] >= day:
            out[p["id"]] = dict(latest, owner_kind=p["owner_kind"], cooperative_id=p["cooperative_id"],
                                owner_name=p["owner_name"])
    return out


def placeholders_settled(unit: Unit, day: dt.date) -> bool:
    """Whether every placeholder product of the territory (demo data standing for products
    the documents only count, with assumed decision dates) is already certified on ``day``.
    Before that, a count of valid products would rest on the assumed dates — the stock
    at the end of 2020 would read 0 and a review would claim "tăng 44 so với năm 2020" —
    so the registry does not answer and the reported figures (if any) stand."""
    snap = current()
    evaluations = snap.ocop_evaluations()
    for p in snap.in_territory(snap.ocop_products(), unit):
        if p["is_placeholder"] and not any(
                e["result"] == EvaluationResult.CERTIFIED and e["decision_date"] and e["decision_date"] <= day
                for e in evaluations.get(p["id"], [])):
            return False
    return True


def _star(stars: int | None) -> str | None:
    return f"STAR{stars}" if stars else None


class OcopProductsProvider(RegistryProvider):
    registry = RegistryKind.OCOP
    what = "đếm sản phẩm OCOP còn hiệu lực giấy chứng nhận (36 tháng kể từ ngày quyết định), không tính sản phẩm " \
           "bị thu hồi"

    def covers(self, unit, period):
        return super().covers(unit, period) and placeholders_settled(unit, period.end)

    def values(self, snap, unit, period):
        return _counts(_star(r["stars"]) for r in ocop_certificates(unit, period.end, snap).values())


class _KnownOwners(RegistryProvider):
    """Covered only where the owner kind of every valid product is known (not 'Khác')."""

    registry = RegistryKind.OCOP

    def covers(self, unit, period):
        return super().covers(unit, period) and placeholders_settled(unit, period.end) and all(
            r["owner_kind"] != OwnerKind.OTHER for r in ocop_certificates(unit, period.end).values())


class OcopCoopProductsProvider(_KnownOwners):
    what = "đếm sản phẩm OCOP còn hiệu lực do hợp tác xã làm chủ thể"

    def values(self, snap, unit, period):
        rows = [r for r in ocop_certificates(unit, period.end, snap).values()
                if r["owner_kind"] == OwnerKind.COOPERATIVE]
        return {None: Decimal(len(rows))}


class CoopsWithOcopProvider(_KnownOwners):
    what = "đếm hợp tác xã là chủ thể của ít nhất một sản phẩm OCOP còn hiệu lực"

    def values(self, snap, unit, period):
        owners = {r["cooperative_id"] or " ".join(r["owner_name"].split()).casefold()
                  for r in ocop_certificates(unit, period.end, snap).values()
                  if r["owner_kind"] == OwnerKind.COOPERATIVE}
        return {None: Decimal(len(owners))}


def _evaluations_in(snap: Snapshot, unit: Unit) -> list[dict]:
    evaluations = snap.ocop_evaluations()
    return [e for p in snap.in_territory(snap.ocop_products(), unit) for e in evaluations.get(p["id"], [])]


class _OcopFlow(RegistryProvider):
    """Events dated inside the period.  Placeholder products (demo data standing for
    products the documents only count) have assumed dates, so a territory holding one
    is not covered for these flows: its reported figures stand."""

    registry = RegistryKind.OCOP
    flow = True

    def covers(self, unit, period):
        snap = current()
        return super().covers(unit, period) and not any(
            p["is_placeholder"] for p in snap.in_territory(snap.ocop_products(), unit))


class OcopNewProductsProvider(_OcopFlow):
    what = "đếm sản phẩm OCOP có quyết định công nhận lần đầu"

    def values(self, snap, unit, period):
        first: dict[int, dict] = {}
        for e in sorted(_evaluations_in(snap, unit), key=lambda e: (e["decision_date"] or dt.date.max, e["id"])):
            if e["result"] == EvaluationResult.CERTIFIED and e["decision_date"]:
                first.setdefault(e["product_id"], e)
        return _counts(_star(e["stars"]) for e in first.values()
                       if period.start <= e["decision_date"] <= period.end)


class OcopRankedProvider(_OcopFlow):
    what = "đếm lượt sản phẩm được đánh giá, phân hạng OCOP (đạt: từ 3 sao)"

    def values(self, snap, unit, period):
        keys = []
        for e in _evaluations_in(snap, unit):
            day = e["evaluated_on"] or e["decision_date"]
            if e["result"] != EvaluationResult.PENDING and day and period.start <= day <= period.end:
                keys.append("PASSED" if e["result"] == EvaluationResult.CERTIFIED else "FAILED")
        return _counts(keys)


class OcopUpgradeProposedProvider(_OcopFlow):
    what = "đếm sản phẩm OCOP đang có giấy chứng nhận được đề nghị nâng hạng sao (nhóm: hạng đề nghị)"

    def values(self, snap, unit, period):
        evaluations = _evaluations_in(snap, unit)
        certs: dict[int, list[dict]] = {}
        for e in evaluations:
            if e["result"] == EvaluationResult.CERTIFIED and e["decision_date"]:
                certs.setdefault(e["product_id"], []).append(e)
        keys = []
        for e in evaluations:
            day = e["proposed_on"]
            if not day or not (period.start <= day <= period.end) or not e["proposed_stars"]:
                continue
            held = [c for c in certs.get(e["product_id"], []) if c["decision_date"] < day]
            if not held:
                continue
            now = max(held, key=lambda c: (c["decision_date"], c["id"]))
            if now["valid_until"] >= day and e["proposed_stars"] > (now["stars"] or 0):
                keys.append(_star(e["proposed_stars"]))
        return _counts(keys)


# --------------------------------------------------------------------------- the table
PROVIDERS: dict[str, RegistryProvider] = {
    "OCOP_PRODUCTS": OcopProductsProvider(),
    "OCOP_NEW_PRODUCTS": OcopNewProductsProvider(),
    "OCOP_RANKED_PRODUCTS": OcopRankedProvider(),
    "OCOP_UPGRADE_PROPOSED": OcopUpgradeProposedProvider(),
    "OCOP_PRODUCTS_COOP": OcopCoopProductsProvider(),
    "COOPS_WITH_OCOP": CoopsWithOcopProvider(),
    "COOPERATIVES": CountProvider(RegistryKind.COOPERATIVE, Snapshot.cooperatives, "field", cooperative_active_on,
                                  "đếm hợp tác xã (không gồm tổ hợp tác) đang hoạt động",
                                  keep=lambda r: r["kind"] == CoopKind.COOPERATIVE),
    "COOP_AVG_REVENUE": CoopAverageProvider("revenue", "bình quân doanh thu năm của các HTX đang hoạt động"),
    "COOP_WORKER_INCOME": CoopAverageProvider("member_income",
                                              "bình quân thu nhập người lao động của các HTX đang hoạt động"),
    "FARMS": CountProvider(RegistryKind.FARM, Snapshot.farms, "farm_type", operating_on,
                           "đếm trang trại đang hoạt động"),
    "FARM_AREA": CompleteSumProvider(RegistryKind.FARM, Snapshot.farms, "area_ha", operating_on,
                                     "cộng diện tích các trang trại đang hoạt động"),
    "FARM_WORKERS": CompleteSumProvider(RegistryKind.FARM, Snapshot.farms, "workers", operating_on,
                                        "cộng lao động thường xuyên của các trang trại đang hoạt động"),
    "LIVESTOCK_FACILITIES": CountProvider(RegistryKind.LIVESTOCK, Snapshot.facilities, "species", operating_on,
                                          "đếm cơ sở chăn nuôi tập trung đang hoạt động"),
    "CERTIFIED_FACILITIES": CertificationProvider(None, "đếm chứng nhận còn hiệu lực"),
    "CERTIFIED_AREA": CertificationProvider("area_ha", "cộng diện tích (ha) của các chứng nhận còn hiệu lực"),
    "CERTIFIED_AQUA_VOLUME": CertificationProvider("volume_m3",
                                                   "cộng thể tích nuôi (m³) của các chứng nhận còn hiệu lực"),
}


def register_all() -> None:
    for code, provider in PROVIDERS.items():
        register(code, provider)
