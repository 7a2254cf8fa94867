"""Statements checked against the stored figures (``validate``).

A :class:`notes.models.Statement` is computed from the stored figures through the engine
(``engine.rollup.Engine``: the one place figures are read) and listed as a conflict when
the document's figure differs from what the stored figures give, or when a document
gives two figures for one quantity, or a multiple ("gấp 2,2 lần") that one of them does
not give.  Each message names both figures."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q

from bacthang.lib.numbers import format_number
from collection.rules import Catalogue, RuleError, Violation, compile_expression, evaluate, refs_of, render
from engine.rollup import Engine

from .models import Statement


def _round(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _places(value: Decimal) -> int:
    exp = value.normalize().as_tuple().exponent
    return max(0, -exp) if isinstance(exp, int) else 0


class _Side:
    """One expression of a statement, evaluated at a unit and period through the engine."""

    def __init__(self, text: str, cat: Catalogue, engine: Engine, unit, period):
        self.tree = compile_expression(text, cat)
        self.values = {}
        for key in refs_of(self.tree):
            try:
                r = engine.value(key[0], unit.code, period.code, key[1])
            except KeyError:
                continue
            self.values[key] = r.value
        self.value = evaluate(self.tree, self.values)
        self.cat = cat

    def text(self) -> str:
        """``Diện tích hiện có (Hoa) 78,65 ha + Diện tích hiện có (Rau) 30 ha``."""

        def label(key):
            ind = self.cat.indicators[key[0]]
            v = self.values.get(key)
            shown = "chưa có số liệu" if v is None else f"{format_number(v)} {ind.measure}"
            return f"{self.cat.label(key)} {shown}"

        return render(self.tree, label)

    @property
    def single(self) -> bool:
        return self.tree["k"] == "ref"


def check_statement(s: Statement, cat: Catalogue, engine: Engine) -> Violation | None:
    try:
        left = _Side(s.left, cat, engine, s.unit, s.period)
        right = _Side(s.right, cat, engine, s.unit, s.period) if s.right else None
        base = _Side(s.base, cat, engine, s.unit, s.base_period or s.period) if s.base else None
    except RuleError as e:
        return Violation("conflict", "warning", f"{s.label}: biểu thức không hợp lệ ({e})", [], s.unit.code,
                         s.unit.name, s.period.code, rule=f"statement:{s.pk}")
    if left.value is None:
        return None  # nothing stored to check the statement against
    m = f" {s.measure}" if s.measure else ""
    problems: list[str] = []
    if s.value is not None and _round(left.value, s.decimals) != _round(s.value, s.decimals):
        computed = left.text() if left.single else f"{left.text()} = {format_number(_round(left.value, s.decimals))}{m}"
        problems.append(f"văn bản ghi {format_number(s.value)}{m} nhưng {computed}")
    if right is not None and right.value is not None and \
            _round(left.value, s.decimals) != _round(right.value, s.decimals):
        problems.append(f"văn bản ghi hai số cho cùng một đại lượng: {left.text()} và {right.text()}")
    if s.multiple is not None and base is not None and base.value:
        places = _places(s.multiple)
        ratios = [(side, _round(side.value / base.value, places)) for side in (left, right)
                  if side is not None and side.value is not None]
        if any(r != _round(s.multiple, places) for _, r in ratios):
            where = f" ({s.base_period.name.lower()})" if s.base_period else ""
            parts = "; ".join(f"{format_number(side.value)} : {format_number(base.value)} = {format_number(r)} lần"
                              for side, r in ratios)
            problems.append(f"«gấp {format_number(s.multiple)} lần» so với {base.text()}{where}: {parts}")
    if not problems:
        return None
    quote = f" (văn bản: «{s.quote}»)" if s.quote else ""
    keys = list(dict.fromkeys(refs_of(left.tree) + (refs_of(right.tree) if right else [])))
    return Violation("conflict", "warning", f"{s.label}, {s.period.name.lower()}: " + "; ".join(problems) + quote
                     + ".", keys, s.unit.code, s.unit.name, s.period.code, rule=f"statement:{s.pk}")


def statement_conflicts(root, period, cat: Catalogue | None = None, engine: Engine | None = None) -> list[Violation]:
    """The statements of ``root``'s subtree for ``period`` that the stored figures contradict."""
    qs = Statement.objects.filter(Q(unit=root) | Q(unit__code__startswith=root.code + "."), period=period) \
        .select_related("unit", "period", "base_period")
    statements = list(qs)
    if not statements:
        return []
    cat = cat or Catalogue()
    engine = engine or Engine()
    out = []
    for s in statements:
        v = check_statement(s, cat, engine)
        if v is not None:
            out.append(v)
    return out
