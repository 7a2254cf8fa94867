"""Loading boundaries: a GeoJSON FeatureCollection (longitude/latitude) whose features name
their unit by code in a property.  Each geometry is simplified with shapely (tolerance in
degrees, topology kept) and stored per unit with its validity dates; a unit's boundary of
the same dates is replaced.  Every feature is checked first: an unknown unit, a missing
code or an invalid geometry refuses the whole file, and nothing is stored."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import shapely
from django.db import transaction
from shapely.geometry import mapping, shape
from shapely.validation import explain_validity

from units.models import Unit

from .models import Boundary

MAX_BYTES = 200 * 1024 * 1024
DEFAULT_TOLERANCE = 0.0005  # degrees: about 50 m, well below what a commune map shows


class BoundaryError(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class LoadSummary:
    loaded: int
    points_before: int
    points_after: int


def _points(geom) -> int:
    return int(shapely.get_num_coordinates(geom))


def load_boundaries(path: str | Path, *, code_property: str = "code", valid_from=None, valid_to=None,
                    tolerance: float = DEFAULT_TOLERANCE, source: str = "") -> LoadSummary:
    path = Path(path)
    if path.stat().st_size > MAX_BYTES:
        raise BoundaryError([f"Tệp quá lớn (tối đa {MAX_BYTES // (1024 * 1024)} MB)."])
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        raise BoundaryError([f"Tệp không phải GeoJSON hợp lệ: {e}"]) from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise BoundaryError(["Tệp GeoJSON phải là một FeatureCollection."])
    features = data.get("features") or []
    codes = [str((f.get("properties") or {}).get(code_property, "")).strip() for f in features]
    units = {u.code: u for u in Unit.objects.filter(code__in=[c for c in codes if c])}
    problems, shapes = [], []
    for i, (feature, code) in enumerate(zip(features, codes, strict=True), start=1):
        if not code:
            problems.append(f"Đối tượng {i}: thiếu thuộc tính '{code_property}' (mã đơn vị).")
            continue
        if code not in units:
            problems.append(f"Đối tượng {i}: không có đơn vị mã '{code}'.")
            continue
        try:
            geom = shape(feature.get("geometry") or {})
        except Exception:
            problems.append(f"Đối tượng {i} ({code}): hình học không đọc được.")
            continue
        if geom.geom_type not in ("Polygon", "MultiPolygon") or not geom.is_valid:
            problems.append(f"Đối tượng {i} ({code}): hình học không hợp lệ "
                            f"({geom.geom_type}; {explain_validity(geom) if geom.geom_type != 'Point' else ''}).")
            continue
        shapes.append((units[code], geom))
    if problems:
        raise BoundaryError(problems)
    before = after = 0
    with transaction.atomic():
        for unit, geom in shapes:
            simple = geom.simplify(tolerance, preserve_topology=True)
            before, after = before + _points(geom), after + _points(simple)
            Boundary.objects.filter(unit=unit, valid_from=valid_from, valid_to=valid_to).delete()
            Boundary.objects.create(unit=unit, valid_from=valid_from, valid_to=valid_to, geometry=mapping(simple),
                                    source=source or path.name)
    return LoadSummary(len(shapes), before, after)
