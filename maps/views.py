"""The map (``/ban-do/<unit>/``): the units one level down in the chosen structure, coloured
by an indicator's figure or by progress against its target (the engine's figures and the
targets of web.figures — the indicator page's numbers), a click opens that unit's map.
No basemap tiles: only the loaded boundaries are drawn (Leaflet, static/vendor/leaflet/)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from accounts.scope import get_unit_or_404, readable_unit_pks
from bacthang.lib.numbers import format_quantity
from engine.rollup import Engine
from indicators.models import Indicator
from indicators.visibility import indicators_for_unit
from units.models import structure_day
from web import figures as F

from .models import Boundary

MODES = {"gia-tri": "Số liệu", "tien-do": "Tiến độ so với mục tiêu"}


def _boundaries(units, day: dt.date) -> dict[int, Boundary]:
    found = {}
    for b in Boundary.objects.filter(unit__in=units).order_by("valid_from"):
        if b.is_valid_on(day):
            found[b.unit_id] = b
    return found


@login_required
def unit_map(request: HttpRequest, unit_code: str) -> HttpResponse:
    user = request.user
    unit = get_unit_or_404(user, unit_code)
    indicators = list(indicators_for_unit(unit, Indicator.objects.filter(is_active=True)).order_by("sort_order",
                                                                                                    "code"))
    code = request.GET.get("chi-tieu") or (indicators[0].code if indicators else "")
    ind = next((i for i in indicators if i.code == code), None)
    if ind is None:
        raise Http404("Không tìm thấy chỉ tiêu.")
    engine = Engine()
    ind = engine.indicator(ind)
    period = F.period_or_none(request.GET.get("ky")) or engine.period(
        str(F.latest_year_with_data(unit, [ind.pk]) or dt.date.today().year))
    structure = request.GET.get("co-cau") if request.GET.get("co-cau") in F.STRUCTURES else \
        F.default_structure(period)
    mode = request.GET.get("kieu") if request.GET.get("kieu") in MODES else "gia-tri"
    children = F.units_in_structure(unit, structure)
    readable = readable_unit_pks(user, children)
    children = [c for c in children if c.pk in readable]
    shapes = _boundaries(children, structure_day(structure))
    targets = F.targets_for(ind, None, period, children) if mode == "tien-do" else {}
    features = []
    for child in children:
        b = shapes.get(child.pk)
        if b is None:
            continue
        row = F.UnitRow(child, engine.value(ind, child, period), targets.get(child.pk), "")
        value = row.percent if mode == "tien-do" else row.value
        text = (f"{format_quantity(row.percent, '%')}" if mode == "tien-do" and row.percent is not None
                else format_quantity(row.value, ind.measure) if row.value is not None else "chưa có số liệu")
        query = f"?chi-tieu={ind.code}&ky={period.code}&co-cau={structure}&kieu={mode}"
        features.append({"type": "Feature", "geometry": b.geometry, "properties": {
            "name": child.name, "code": child.code, "value": float(value) if value is not None else None,
            "text": text, "url": reverse("maps:unit", args=[child.code]) + query}})
    return render(request, "maps/map.html", {
        "unit": unit, "indicator": ind, "indicators": indicators, "period": period, "structure": structure,
        "structures": F.STRUCTURES, "mode": mode, "modes": MODES, "children": children,
        "geojson": {"type": "FeatureCollection", "features": features}, "missing": len(children) - len(features),
        "any_boundary": Boundary.objects.exists(),
        "breadcrumbs": [{"label": f"Bản đồ — {unit.name}", "url": ""}],
    })
