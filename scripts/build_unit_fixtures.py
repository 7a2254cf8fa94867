"""Build the committed fixtures of the pre-reform unit structure and the 2025 mapping.

The structure in force until 30/06/2025 (63 provinces, districts, communes) only
exists in vietnam-provinces 0.6.x, which cannot be installed beside the 2025.x
release the product depends on.  The old -> new commune mapping lives in
vietnam-address-converter, a 20 MB package keyed by its own (non-GSO) codes.
This script runs once, in a throw-away virtualenv that has
``vietnam-provinces==0.6.0`` and ``vietnam-address-converter==1.0.5`` (and reads
the 2025 structure from a second throw-away virtualenv with
``vietnam-provinces==2025.10.1``), and writes two small CSV files into
``units/data/``:

* ``units_pre2025.csv`` — code, name, level, parent code of every
  province, district and commune of the old structure;
* ``reform_2025_mapping.csv`` — old commune code -> new commune code (GSO codes
  of both sides, matched by normalised names), plus old province -> new
  province.

Usage (see ``make unit-fixtures``)::

    OLD_PY=/tmp/vp06/bin/python NEW_PY=/tmp/vpnew/bin/python \
        python scripts/build_unit_fixtures.py
"""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "units" / "data"

DUMP_OLD = r"""
import json, vietnam_provinces, vietnam_address_converter.data as d
from vietnam_provinces import NESTED_DIVISIONS_JSON_PATH
print(json.dumps({
  "version": vietnam_provinces.__version__,
  "data_version": vietnam_provinces.__data_version__,
  "nested": json.load(open(NESTED_DIVISIONS_JSON_PATH, encoding="utf-8")),
  "mapping_meta": d.mapping["meta"],
  "mapping": [[r["old"]["province_name"], r["old"]["district_name"], r["old"]["ward_name"],
               r["new"]["province_name"], r["new"]["ward_name"]] for r in d.mapping["rows"]],
}, ensure_ascii=False))
"""

DUMP_NEW = r"""
import json, vietnam_provinces
from vietnam_provinces import NESTED_DIVISIONS_JSON_PATH
print(json.dumps({"version": vietnam_provinces.__version__,
  "nested": json.load(open(NESTED_DIVISIONS_JSON_PATH, encoding="utf-8"))}, ensure_ascii=False))
"""

PREFIXES = (
    "thành phố", "tỉnh", "huyện", "quận", "thị xã", "thị trấn", "xã", "phường", "đặc khu",
)


def norm(name: str) -> str:
    """Fold a unit name for matching: no type prefix, no diacritics, no punctuation.

    'Thành Phố Lai Châu' -> 'laichau'; 'Phường Văn Miếu - Quốc Tử Giám' and
    'Phường Văn Miếu-Quốc Tử Giám' fold alike, as do 'Hòa' and 'Hoà', '01' and '1'.
    """
    n = unicodedata.normalize("NFC", name).strip().lower()
    for p in PREFIXES:
        if n.startswith(p + " "):
            n = n[len(p) + 1 :]
            break
    n = n.replace("đ", "d")
    n = "".join(c for c in unicodedata.normalize("NFD", n) if unicodedata.category(c) != "Mn")
    n = re.sub(r"\b0+(\d)", r"\1", n)
    return re.sub(r"[^a-z0-9]", "", n)


def kind(name: str) -> str:
    """The type prefix of a name ('thị trấn', 'xã' …), to tell 'Thị trấn Mường Tè' from 'Xã Mường Tè'."""
    n = unicodedata.normalize("NFC", name).strip().lower()
    return next((p for p in PREFIXES if n.startswith(p + " ")), "")


class Index:
    """Look-up by folded name, with the type prefix where two units share a folded name."""

    def __init__(self):
        self.exact: dict[tuple, str] = {}
        self.loose: dict[tuple, list[str]] = {}

    def add(self, parents: tuple, name: str, code: str) -> None:
        self.exact[(*parents, kind(name), norm(name))] = code
        self.loose.setdefault((*parents, norm(name)), []).append(code)

    def get(self, parents: tuple, name: str) -> str | None:
        code = self.exact.get((*parents, kind(name), norm(name)))
        if code:
            return code
        candidates = self.loose.get((*parents, norm(name)), [])
        return candidates[0] if len(candidates) == 1 else None


def run(py: str, code: str) -> dict:
    out = subprocess.run([py, "-c", code], check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def main() -> int:
    old = run(os.environ["OLD_PY"], DUMP_OLD)
    new = run(os.environ["NEW_PY"], DUMP_NEW)
    OUT.mkdir(parents=True, exist_ok=True)

    rows = []
    old_index = Index()
    for p in old["nested"]:
        pcode = f"{p['code']:02d}"
        rows.append([pcode, p["name"], 1, ""])
        for d in p["districts"]:
            dcode = f"{pcode}.{d['code']:03d}"
            rows.append([dcode, d["name"], 2, pcode])
            for w in d["wards"]:
                wcode = f"{dcode}.{w['code']:05d}"
                rows.append([wcode, w["name"], 3, dcode])
                old_index.add((norm(p["name"]), norm(d["name"])), w["name"], wcode)
    with open(OUT / "units_pre2025.csv", "w", newline="", encoding="utf-8") as f:
        f.write(f"# vietnam-provinces {old['version']} (data {old['data_version']}); "
                "structure in force until 30/06/2025\n")
        w = csv.writer(f)
        w.writerow(["code", "name", "level", "parent"])
        w.writerows(rows)

    new_index = Index()
    new_prov: dict[str, str] = {}
    for p in new["nested"]:
        pcode = f"{p['code']:02d}"
        new_prov[norm(p["name"])] = pcode
        for w in p["wards"]:
            new_index.add((norm(p["name"]),), w["name"], f"{pcode}.{w['code']:05d}")

    pairs: set[tuple[str, str]] = set()
    prov_pairs: set[tuple[str, str]] = set()
    missing = []
    for op, od, ow, np_, nw in old["mapping"]:
        o = old_index.get((norm(op), norm(od)), ow)
        n = new_index.get((norm(np_),), nw)
        if o and n:
            pairs.add((o, n))
            prov_pairs.add((o.split(".")[0], n.split(".")[0]))
        else:
            missing.append((op, od, ow, np_, nw, bool(o), bool(n)))
    with open(OUT / "reform_2025_mapping.csv", "w", newline="", encoding="utf-8") as f:
        f.write(f"# vietnam-address-converter 1.0.5 mapping {old['mapping_meta']['version']} "
                f"({old['mapping_meta']['source']}), matched by name to GSO codes of "
                f"vietnam-provinces {old['version']} and {new['version']}\n")
        w = csv.writer(f)
        w.writerow(["old", "new"])
        w.writerows(sorted(prov_pairs) + sorted(pairs))
    mapped_old = {o for o, _ in pairs}
    # Every old commune (``exact`` keeps one code per folded name and would undercount).
    unmapped = sorted({c for codes in old_index.loose.values() for c in codes if c not in mapped_old})
    print(f"{len(rows)} old units, {len(pairs)} commune pairs, {len(prov_pairs)} province pairs, "
          f"{len(missing)} mapping rows not matched, {len(unmapped)} old communes unmapped",
          file=sys.stderr)
    for m in [m for m in missing if "Lai Châu" in m[0] or "Hà Giang" in m[0]] + missing[:10]:
        print("  not matched:", m, file=sys.stderr)
    by_prov: dict[str, int] = {}
    for c in unmapped:
        by_prov[c[:2]] = by_prov.get(c[:2], 0) + 1
    print("  unmapped by province:", by_prov, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
