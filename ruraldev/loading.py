"""Load criteria sets from the data files shipped in ``ruraldev/data/`` (one JSON file per
set, each stating its ``source``).  A set whose code is already loaded is left as it is
(the province may have adjusted it since, on a new version): loading is idempotent."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from .models import CriteriaSet, Criterion, CriterionIndicator, Kind, Threshold

DATA = Path(__file__).resolve().parent / "data"
SHIPPED = ["qd318-2022-xa-ntm.json", "qd318-2022-xa-ntm-nang-cao.json", "qd51-2025-xa-ntm.json"]


class BadSetFile(Exception):
    pass


def _date(text):
    return dt.date.fromisoformat(text) if text else None


def read_set_file(path: Path) -> dict:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    for key in ("source", "code", "name", "level", "decision_number", "decision_date", "in_force_from", "criteria"):
        if not data.get(key):
            raise BadSetFile(f"{Path(path).name}: thiếu “{key}”.")
    numbers = [c["number"] for c in data["criteria"]]
    if len(set(numbers)) != len(numbers):
        raise BadSetFile(f"{Path(path).name}: số thứ tự tiêu chí bị trùng.")
    for c in data["criteria"]:
        for ind in c.get("indicators", []):
            if ind.get("kind", Kind.YES_NO) not in Kind.values:
                raise BadSetFile(f"{Path(path).name}: chỉ tiêu {ind.get('code')} có loại không hợp lệ.")
    return data


@transaction.atomic
def load_set(path: Path) -> tuple[CriteriaSet, bool]:
    data = read_set_file(path)
    existing = CriteriaSet.objects.filter(code=data["code"]).order_by("version").first()
    if existing is not None:
        return existing, False
    s = CriteriaSet.objects.create(
        code=data["code"], version=1, name=data["name"], level=data["level"],
        decision_number=data["decision_number"], decision_date=_date(data["decision_date"]),
        issuer=data.get("issuer", ""), in_force_from=_date(data["in_force_from"]),
        in_force_until=_date(data.get("in_force_until")), region=data.get("region", ""),
        groups=data.get("groups") or [], source=f"{data['source']} (tệp ruraldev/data/{Path(path).name})")
    for c in data["criteria"]:
        crit = Criterion.objects.create(criteria_set=s, number=c["number"], name=c["name"])
        for order, ind in enumerate(c.get("indicators", [])):
            row = CriterionIndicator.objects.create(
                criterion=crit, code=ind["code"], name=ind["name"], kind=ind.get("kind", Kind.YES_NO),
                measure=ind.get("measure", ""), choices=ind.get("choices") or [],
                catalogue_code=ind.get("catalogue_code", ""), catalogue_option=ind.get("catalogue_option", ""),
                sort_order=order)
            for t in ind.get("thresholds", []):
                value = t.get("value")
                Threshold.objects.create(
                    indicator=row, group=t.get("group", ""), comparison=t.get("comparison", ">="),
                    value=Decimal(value) if value not in (None, "") else None, accepted=t.get("accepted") or [],
                    is_placeholder=bool(t.get("placeholder")), note=t.get("note", ""))
    return s, True


def load_shipped_sets(progress=lambda m: None) -> list[CriteriaSet]:
    out = []
    for name in SHIPPED:
        s, created = load_set(DATA / name)
        progress(f"{'Đã nạp' if created else 'Đã có'} bộ tiêu chí {s.name} ({s.decision_number}); "
                 f"{s.placeholder_count} ngưỡng tạm cần xác nhận.")
        out.append(s)
    return out
