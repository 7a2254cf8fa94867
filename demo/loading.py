"""Demo data built from the five seed documents (``seeds/``).

``seeds/figures.csv`` lists every figure of the documents with its exact quote.
``demo/data/seed_map.csv`` says, for each of its rows (by 1-based row number), what
the figure is in the data model:

* ``value``   — a data value: indicator, option, unit, period(s);
* ``target``  — a target of ``programme`` (with ``operator``);
* ``derived`` — a figure the engine computes from stored ones (a percentage of
  target, a change on last year, a total of stored parts); kept for the tests that
  check the engine reproduces it, never stored;
* ``implied`` — a percentage or change whose other side the document does not
  state ("20,45 ha, đạt 34% so với mục tiêu" with no target): never stored, and
  ``note`` says what it implies (a target of about 60 ha) — no invented figure;
* ``none``    — not a figure of a data series (a star rating, a count of criteria
  in a definition …); ``note`` says why.

A figure restated in several places (963,45 ha of tea appears three times) may be
mapped more than once to the same key: identical values are stored once, and
different values for one key are refused.

Several periods may be given separated by ``;`` when the document states the figure
for each of them ("342 ha/năm" in 2021 and 2022).  The stored ``source`` of each
figure is the seed number and the quote, so every demo number can be traced back
to its sentence.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction

from audit.models import Channel
from datavalues.writing import FigureChange, WriteSummary, do_set_values
from indicators.loading import load_catalogue
from indicators.models import Indicator
from periods.models import Period
from programmes.models import Operator, Programme
from programmes.writing import do_set_targets
from units.loading import UnknownProvince, load_units
from units.models import Unit

ROOT = Path(settings.BASE_DIR)
FIGURES_CSV = ROOT / "seeds" / "figures.csv"
DATA = Path(__file__).resolve().parent / "data"
SEED_MAP_CSV = DATA / "seed_map.csv"
PROGRAMMES_CSV = DATA / "programmes.csv"
DEMO_PROVINCES = ["12", "02"]  # Lai Châu, Hà Giang (loads Tuyên Quang 08, its successor, too)
STORES = {"value", "target", "derived", "implied", "none"}


class DemoError(Exception):
    pass


@dataclass
class SeedFigure:
    row: int
    seed: str
    area: str
    period_text: str
    kind: str
    subject: str
    value: Decimal
    measure: str
    quote: str

    @property
    def source(self) -> str:
        return f"Văn bản nguồn {self.seed}: «{self.quote}»"


@dataclass
class MapEntry:
    row: int
    store: str
    indicator: str
    option: str
    unit: str
    periods: list[str]
    programme: str
    operator: str
    note: str


@dataclass
class DemoSummary:
    values: WriteSummary = field(default_factory=WriteSummary)
    targets: WriteSummary = field(default_factory=WriteSummary)
    programmes: int = 0
    derived: int = 0
    not_stored: int = 0


def read_figures() -> list[SeedFigure]:
    with open(FIGURES_CSV, encoding="utf-8", newline="") as f:
        return [
            SeedFigure(i, r["seed"], r["area"], r["period"], r["kind"], r["subject_vi"], Decimal(r["value"]),
                       r["unit"], r["quote"])
            for i, r in enumerate(csv.DictReader(f), start=1)
        ]


def read_seed_map() -> list[MapEntry]:
    with open(SEED_MAP_CSV, encoding="utf-8", newline="") as f:
        lines = (line for line in f if not line.startswith("#"))
        return [
            MapEntry(int(r["row"]), r["store"].strip(), r["indicator"].strip(), r["option"].strip(),
                     r["unit"].strip(), [p.strip() for p in r["period"].split(";") if p.strip()],
                     r["programme"].strip(), r["operator"].strip(), r["note"].strip())
            for r in csv.DictReader(lines)
        ]


def load_programmes() -> dict[str, Programme]:
    result = {}
    with open(PROGRAMMES_CSV, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(line for line in f if not line.startswith("#")))
    for r in rows:  # parents are listed before their children
        fields = {
            "doc_type": r["doc_type"], "number": r["number"], "issuer": r["issuer"], "title": r["title"],
            "source": r["source"],
            "signed_on": dt.datetime.strptime(r["signed_on"], "%d/%m/%Y").date() if r["signed_on"] else None,
            "unit": Unit.objects.get(code=r["unit"]) if r["unit"] else None,
            "term": Period.objects.for_code(r["term"]) if r["term"] else None,
            "parent": result[r["parent"]] if r["parent"] else None,
        }
        result[r["code"]], _ = Programme.objects.update_or_create(code=r["code"], defaults=fields)
    return result


def build_changes(figures: dict[int, SeedFigure], entries: list[MapEntry]):
    """Value changes and target changes (by programme) from the seed map; raises DemoError."""
    indicators = {i.code: i for i in Indicator.objects.select_related("disaggregation")}
    units = {u.code: u for u in Unit.objects.filter(code__in={e.unit for e in entries})}
    problems, values, targets = [], {}, {}
    for e in entries:
        if e.store not in {"value", "target"}:
            continue
        fig = figures[e.row]
        ind = indicators.get(e.indicator)
        unit = units.get(e.unit)
        if ind is None or unit is None:
            problems.append(f"dòng {e.row}: chỉ tiêu '{e.indicator}' hoặc đơn vị '{e.unit}' không tồn tại")
            continue
        try:
            option = ind.option_for(e.option)
        except Exception:
            problems.append(f"dòng {e.row}: nhóm '{e.option}' không thuộc {e.indicator}")
            continue
        for pcode in e.periods:
            period = Period.objects.for_code(pcode)
            if e.store == "value":
                bucket = values
                change = FigureChange(ind, option, unit, period, fig.value, source=fig.source)
            else:
                bucket = targets.setdefault(e.programme, {})
                op = e.operator or Operator.AT_LEAST
                change = FigureChange(ind, option, unit, period, fig.value, source=fig.source,
                                      attrs=(("operator", op),))
            first = bucket.get(change.key())
            if first is None:
                bucket[change.key()] = change
            elif first.value != change.value:
                problems.append(f"dòng {e.row}: {change.label()} = {change.value} khác giá trị {first.value} "
                                "đã ánh xạ trước đó")
    if problems:
        raise DemoError("Bảng ánh xạ số liệu mẫu có lỗi:\n" + "\n".join(problems))
    return list(values.values()), {code: list(b.values()) for code, b in targets.items()}


@transaction.atomic
def load_demo(provinces: list[str] | None = None, progress: Callable[[str], None] = lambda m: None) -> DemoSummary:
    if not settings.DEBUG:
        raise DemoError("Không nạp dữ liệu mẫu khi DEBUG tắt: tài khoản mẫu không được có trên máy chủ thật.")
    summary = DemoSummary()
    if provinces is not None:
        # The seed documents speak of Lai Châu and Hà Giang: their units are always loaded.
        missing = [p for p in DEMO_PROVINCES if p not in provinces]
        if missing:
            progress(f"Dữ liệu mẫu cần cả tỉnh {', '.join(missing)}: nạp thêm.")
        provinces = sorted({*provinces, *DEMO_PROVINCES})
    progress("Nạp đơn vị hành chính …")
    try:
        load_units(provinces, progress=lambda m: progress("  " + m))
    except UnknownProvince as e:
        raise DemoError(str(e)) from e
    progress("Nạp danh mục chỉ tiêu …")
    load_catalogue()
    progress("Nạp chương trình, kế hoạch …")
    programmes = load_programmes()
    summary.programmes = len(programmes)
    figures = {f.row: f for f in read_figures()}
    entries = read_seed_map()
    values, targets = build_changes(figures, entries)
    progress(f"Ghi {len(values)} số liệu và {sum(map(len, targets.values()))} mục tiêu từ văn bản nguồn …")
    summary.values = do_set_values(values, channel=Channel.DEMO, reason="Dữ liệu mẫu từ văn bản nguồn")
    for code, changes in targets.items():
        s = do_set_targets(programmes[code], changes, channel=Channel.DEMO, reason="Dữ liệu mẫu từ văn bản nguồn")
        for k in ("created", "updated", "deleted", "unchanged"):
            setattr(summary.targets, k, getattr(summary.targets, k) + getattr(s, k))
    from .hooks import run_all

    run_all(progress)
    summary.derived = sum(1 for e in entries if e.store == "derived")
    summary.not_stored = sum(1 for e in entries if e.store in {"implied", "none"})
    return summary


DEMO_PASSWORD = "demo"
DEMO_PROVINCES = ("12", "02")  # Lai Châu and Hà Giang, the provinces of the seed documents
# username: (full name, role, unit codes) — documented in the README.
DEMO_USERS = {
    "admin": ("Quản trị hệ thống", "admin", []),
    "tinh": ("Cán bộ Sở Nông nghiệp tỉnh Lai Châu", "province", ["12"]),
    "thanhpho": ("Cán bộ Phòng Kinh tế Thành phố Lai Châu", "district", ["12.105"]),
    "santhang": ("Cán bộ nông nghiệp xã San Thàng", "commune", ["12.105.03409", "12.03408"]),
    "lanhdao": ("Lãnh đạo Ban chỉ đạo tỉnh Lai Châu", "leader", ["12"]),
}


def ensure_demo_users() -> list[str]:
    """Create the demo accounts that are missing (password ``demo``); returns the created names."""
    from django.contrib.auth import get_user_model

    from accounts.models import Profile

    if not settings.DEBUG:
        raise DemoError("Không tạo tài khoản mẫu khi DEBUG tắt.")
    User = get_user_model()
    created = []
    for username, (full_name, role, codes) in DEMO_USERS.items():
        if User.objects.filter(username=username).exists():
            continue
        if role == "admin":
            user = User.objects.create_superuser(username=username, email="", password=DEMO_PASSWORD)
        else:
            user = User.objects.create_user(username=username, password=DEMO_PASSWORD)
        user.first_name, user.last_name = full_name, ""
        # The admin and province officers open the admin pages (accounts.admin_access).
        user.is_staff = role in ("province", "admin")
        user.save(update_fields=["first_name", "last_name", "is_staff"])
        profile = Profile.objects.create(user=user, role=role)
        profile.units.set(Unit.objects.filter(code__in=codes))
        created.append(username)
    return created
