"""Validation rules and plausibility checks over the values of one unit and period.

The same checks run in four places: as the user types (the entry page's JavaScript
evaluates the compiled trees of ``FormData.page_data`` with the same semantics), on Excel
upload, on submission and over a whole subtree (``collection.report``).

Values are keyed by ``(indicator code, option code or None)``.  Rule sides are
parsed with the indicator formula parser (``indicators.formula``: only names, numbers,
``+ - * /`` and parentheses; never ``eval``) and compiled to small JSON trees:

* ``{"k": "num", "v": "1.5"}``, ``{"k": "ref", "i": "HERD", "o": "PIG"}``,
* ``{"k": "bin", "op": "+", "a": …, "b": …}``, ``{"k": "neg", "a": …}``.

A side whose every reference is missing is *absent* and the rule is skipped; a
missing reference next to present ones counts as 0 in a sum (a part not reported),
but a missing factor or divisor, or a division by zero, skips the rule.
Plausibility compares a value with the median of the same period in earlier years
(``Period.same_period_last_year`` repeated), never with the previous month.
"""

from __future__ import annotations

import ast
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, DivisionByZero, InvalidOperation

from bacthang.lib.numbers import format_number
from indicators.formula import FormulaError, parse_formula
from indicators.models import Indicator, Option
from periods.codes import TERM

from .models import Importance, Operator, Plausibility, ValidationRule

Key = tuple[str, str | None]

OP_PHRASES = {
    Operator.EQ: "phải bằng",
    Operator.LE: "không được lớn hơn",
    Operator.GE: "không được nhỏ hơn",
    Operator.LT: "phải nhỏ hơn",
    Operator.GT: "phải lớn hơn",
    Operator.NE: "phải khác",
}
DEFAULT_RATIO = Decimal(3)
DEFAULT_YEARS = 3


class RuleError(ValueError):
    """A rule that cannot be compiled (message in Vietnamese)."""


def key_text(key: Key) -> str:
    return f"{key[0]}|{key[1] or ''}"


class Catalogue:
    """Indicators and options by code, loaded once (two queries)."""

    def __init__(self):
        self.indicators = {i.code: i for i in Indicator.objects.all()}
        self.by_id = {i.pk: i for i in self.indicators.values()}
        self.options: dict[int, list[Option]] = {}
        self.option_by_id: dict[int, Option] = {}
        for o in Option.objects.order_by("sort_order", "code"):
            self.options.setdefault(o.disaggregation_id, []).append(o)
            self.option_by_id[o.pk] = o

    def option(self, indicator: Indicator, code: str) -> Option | None:
        for o in self.options.get(indicator.disaggregation_id, []):
            if o.code == code:
                return o
        return None

    def key_of(self, indicator_id: int, option_id: int | None) -> Key:
        return (self.by_id[indicator_id].code, self.option_by_id[option_id].code if option_id else None)

    def label(self, key: Key, short: bool = False) -> str:
        ind = self.indicators.get(key[0])
        if ind is None:
            return key_text(key)
        if key[1] is None:
            return ind.name
        opt = self.option(ind, key[1])
        name = opt.name if opt else key[1]
        return name if short else f"{ind.name} ({name})"


# ---------------------------------------------------------------------------- compiling
def _compile_node(node: ast.AST, cat: Catalogue, binding: str | None) -> dict:
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        return {"k": "num", "v": str(node.value)}
    if isinstance(node, ast.Name):
        ind = cat.indicators.get(node.id)
        if ind is None:
            raise RuleError(f"Chỉ tiêu '{node.id}' không có trong danh mục.")
        option = binding if binding and cat.option(ind, binding) is not None else None
        return {"k": "ref", "i": ind.code, "o": option}
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        ind = cat.indicators.get(node.value.id)
        if ind is None:
            raise RuleError(f"Chỉ tiêu '{node.value.id}' không có trong danh mục.")
        if cat.option(ind, node.attr) is None:
            raise RuleError(f"Nhóm '{node.attr}' không thuộc chỉ tiêu {ind.code}.")
        return {"k": "ref", "i": ind.code, "o": node.attr}
    if isinstance(node, ast.BinOp):
        ops = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}
        op = ops.get(type(node.op))
        if op is None:
            raise RuleError("Chỉ dùng được + - * / trong quy tắc.")
        return {"k": "bin", "op": op, "a": _compile_node(node.left, cat, binding),
                "b": _compile_node(node.right, cat, binding)}
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        inner = _compile_node(node.operand, cat, binding)
        return {"k": "neg", "a": inner} if isinstance(node.op, ast.USub) else inner
    raise RuleError("Quy tắc chỉ gồm mã chỉ tiêu, số và các phép + - * /.")


def _parse(text: str):
    try:
        return parse_formula(text).tree
    except FormulaError as e:
        raise RuleError(str(e)) from e


def compile_expression(text: str, cat: Catalogue | None = None) -> dict:
    """One side of a rule (or of a document's statement, ``notes.checking``) as a tree."""
    return _compile_node(_parse(text), cat or Catalogue(), None)


def refs_of(tree: dict) -> list[Key]:
    if tree["k"] == "ref":
        return [(tree["i"], tree["o"])]
    if tree["k"] == "bin":
        return refs_of(tree["a"]) + refs_of(tree["b"])
    if tree["k"] == "neg":
        return refs_of(tree["a"])
    return []


_PREC = {"+": 1, "-": 1, "*": 2, "/": 2}


def _has_product(tree: dict) -> bool:
    if tree["k"] == "bin":
        return tree["op"] in "*/" or _has_product(tree["a"]) or _has_product(tree["b"])
    return tree["k"] == "neg" and _has_product(tree["a"])


def render(tree: dict, label) -> str:
    k = tree["k"]
    if k == "num":
        return format_number(Decimal(tree["v"]))
    if k == "ref":
        return label((tree["i"], tree["o"]))
    if k == "neg":
        return "-" + render(tree["a"], label)
    p = _PREC[tree["op"]]
    left, right = render(tree["a"], label), render(tree["b"], label)
    if tree["a"]["k"] == "bin" and _PREC[tree["a"]["op"]] < p:
        left = f"({left})"
    if tree["b"]["k"] == "bin" and (_PREC[tree["b"]["op"]] < p or (_PREC[tree["b"]["op"]] == p and
                                                                   tree["op"] in "-/")):
        right = f"({right})"
    return f"{left} {tree['op'].replace('*', '×').replace('/', ':')} {right}"


@dataclass
class RuleInstance:
    """A rule compiled for one option binding (None: the rule as written)."""

    rule: ValidationRule
    binding: str | None
    left: dict
    right: dict
    left_label: str
    right_label: str
    option_name: str = ""
    complete_only: bool = False  # checked only when every reference has a value
    show_difference: bool = False  # the message ends with the difference of the two sides

    @property
    def id(self) -> str:
        return self.rule.code + (f".{self.binding}" if self.binding else "")

    @property
    def keys(self) -> list[Key]:
        out = []
        for k in refs_of(self.left) + refs_of(self.right):
            if k not in out:
                out.append(k)
        return out

    @property
    def indicators(self) -> set[str]:
        return {k[0] for k in self.keys}

    @property
    def prefix(self) -> str:
        """For a rule over products or ratios, its name (and option) introduces the numbers;
        a rule over plain figures and sums reads by itself."""
        if not any(_has_product(t) for t in (self.left, self.right)):
            return ""
        option = f" ({self.option_name})" if self.option_name else ""
        return f"{self.rule.name}{option}: "

    @property
    def lead(self) -> str:
        return f"{self.option_name}: " if self.option_name and not self.prefix else ""

    def message(self, left: Decimal, right: Decimal) -> str:
        phrase = OP_PHRASES[self.rule.operator]
        if self.prefix:
            text = f"{self.prefix}{format_number(left)} {phrase} {format_number(right)}."
        else:
            text = (f"{self.lead}{self.left_label} ({format_number(left)}) {phrase} {self.right_label} "
                    f"({format_number(right)}).")
        if self.show_difference:
            text = text[:-1] + f"; lệch {format_number(abs(left - right))}."
        return text

    def as_json(self) -> dict:
        return {"id": self.id, "imp": self.rule.importance, "op": self.rule.operator,
                "tol": str(self.rule.tolerance), "left": self.left, "right": self.right,
                "leftLabel": self.left_label, "rightLabel": self.right_label, "prefix": self.prefix,
                "lead": self.lead,
                "phrase": OP_PHRASES[self.rule.operator], "keys": [key_text(k) for k in self.keys],
                "all": self.complete_only, "diff": self.show_difference}


def compile_rule(rule: ValidationRule, cat: Catalogue | None = None) -> list[RuleInstance]:
    cat = cat or Catalogue()
    left_ast, right_ast = _parse(rule.left), _parse(rule.right)
    bindings: list[str | None] = [None]
    if rule.per_option:
        first = next((k for k in refs_of(_compile_node(left_ast, cat, None))), None)
        if first is None:
            raise RuleError("Quy tắc áp dụng cho từng nhóm cần một chỉ tiêu ở vế trái.")
        ind = cat.indicators[first[0]]
        bindings += [o.code for o in cat.options.get(ind.disaggregation_id, [])]
    out = []
    for b in bindings:
        left, right = _compile_node(left_ast, cat, b), _compile_node(right_ast, cat, b)
        main = next(iter(refs_of(left)), None)

        def label(key, main=main, b=b):
            if b and key[1] == b:
                return cat.label((key[0], None))  # the option is named once, before the message
            short = main is not None and main[1] is None and key[0] == main[0] and key[1] is not None
            return cat.label(key, short=short)

        option_name = ""
        if b:
            first = refs_of(left)[0] if refs_of(left) else None
            opt = cat.option(cat.indicators[first[0]], b) if first else None
            option_name = opt.name if opt else b
        out.append(RuleInstance(rule, b, left, right, render(left, label), render(right, label), option_name))
    return out


def compile_rules(rules: Iterable[ValidationRule], cat: Catalogue) -> list[RuleInstance]:
    out = []
    for r in rules:
        try:
            out.extend(compile_rule(r, cat))
        except RuleError:
            continue  # an invalid rule (saved before a catalogue change) is skipped, never crashes a page
    return out


def active_rules(period, cat: Catalogue) -> list[RuleInstance]:
    rules = [r for r in ValidationRule.objects.filter(is_active=True) if r.applies_to_period(period)]
    return compile_rules(rules, cat) + structural_rules(cat)


def structural_rules(cat: Catalogue) -> list[RuleInstance]:
    """The rules a breakdown states by itself, for every indicator: a whole whose parts
    add up (``Option.parts_add_up``) equals their sum once every part is given; any other
    whole is not smaller than its parts ("trong đó").  The same check as the engine's
    (``engine.rollup``), named on entry with both figures and the difference."""
    out = []
    for ind in cat.indicators.values():
        options = cat.options.get(ind.disaggregation_id, []) if ind.disaggregation_id else []
        parts_of: dict[int, list[Option]] = {}
        for o in options:
            if o.part_of_id:
                parts_of.setdefault(o.part_of_id, []).append(o)
        for whole in options:
            parts = parts_of.get(whole.pk)
            if not parts:
                continue
            additive = whole.parts_add_up
            rule = ValidationRule(
                code=f"{ind.code}.{whole.code}.NHOM_CON", name=f"{whole.name} và các nhóm con",
                left=f"{ind.code}.{whole.code}", right=" + ".join(f"{ind.code}.{p.code}" for p in parts),
                operator=Operator.EQ if additive else Operator.GE, importance=Importance.ERROR)
            try:
                (inst,) = compile_rule(rule, cat)
            except RuleError:
                continue
            inst.complete_only, inst.show_difference = additive, True
            inst.right_label = "tổng các nhóm con (" + " + ".join(p.name for p in parts) + ")"
            out.append(inst)
    return out


# ---------------------------------------------------------------------------- evaluating
class _Absent(Exception):
    pass


def evaluate(tree: dict, values: Mapping[Key, Decimal]) -> Decimal | None:
    """The side's value, or None when all its references are missing (or a division by zero)."""
    keys = refs_of(tree)
    if keys and all(values.get(k) is None for k in keys):
        return None
    try:
        return _eval(tree, values)
    except (_Absent, DivisionByZero, InvalidOperation, ZeroDivisionError):
        return None


def _eval(tree: dict, values: Mapping[Key, Decimal], additive: bool = True) -> Decimal:
    k = tree["k"]
    if k == "num":
        return Decimal(tree["v"])
    if k == "ref":
        v = values.get((tree["i"], tree["o"]))
        if v is None and not additive:
            raise _Absent  # a missing factor or divisor is not 0: the rule cannot be checked
        return Decimal(0) if v is None else Decimal(v)
    if k == "neg":
        return -_eval(tree["a"], values, additive)
    inner = additive and tree["op"] in "+-"
    a, b = _eval(tree["a"], values, inner), _eval(tree["b"], values, inner)
    if tree["op"] == "+":
        return a + b
    if tree["op"] == "-":
        return a - b
    if tree["op"] == "*":
        return a * b
    if b == 0:
        raise _Absent
    return a / b


def holds(op: str, left: Decimal, right: Decimal, tol: Decimal) -> bool:
    if op == Operator.EQ:
        return abs(left - right) <= tol
    if op == Operator.LE:
        return left <= right + tol
    if op == Operator.GE:
        return left >= right - tol
    if op == Operator.LT:
        return left < right
    if op == Operator.GT:
        return left > right
    return abs(left - right) > tol


@dataclass
class Violation:
    """A broken rule, an implausible value or a conflict between sources."""

    kind: str  # "rule", "plausibility", "conflict"
    importance: str  # Importance.ERROR or Importance.WARNING
    message: str
    keys: list[Key] = field(default_factory=list)
    unit: str = ""
    unit_name: str = ""
    period: str = ""
    rule: str = ""

    @property
    def is_error(self) -> bool:
        return self.importance == Importance.ERROR

    @property
    def kind_label(self) -> str:
        return {"rule": "Quy tắc kiểm tra", "plausibility": "Giá trị bất thường",
                "conflict": "Nguồn số liệu không khớp"}.get(self.kind, self.kind)


def check_rule(inst: RuleInstance, values: Mapping[Key, Decimal]) -> Violation | None:
    if inst.complete_only and any(values.get(k) is None for k in inst.keys):
        return None
    left, right = evaluate(inst.left, values), evaluate(inst.right, values)
    if left is None or right is None:
        return None
    if holds(inst.rule.operator, left, right, inst.rule.tolerance):
        return None
    return Violation("rule", inst.rule.importance, inst.message(left, right), inst.keys, rule=inst.id)


# ---------------------------------------------------------------------------- plausibility
@dataclass
class Setting:
    min_value: Decimal | None = None
    max_value: Decimal | None = None
    max_ratio: Decimal | None = DEFAULT_RATIO
    years: int = DEFAULT_YEARS

    def as_json(self) -> dict:
        return {"min": None if self.min_value is None else str(self.min_value),
                "max": None if self.max_value is None else str(self.max_value),
                "ratio": None if self.max_ratio is None else str(self.max_ratio)}


class PlausibilityBook:
    """Every plausibility setting (one query); ``setting`` picks the most specific."""

    def __init__(self):
        self.rows = {(p.indicator_id, p.option_id): p for p in Plausibility.objects.all()}

    def setting(self, indicator_id: int, option_id: int | None) -> Setting:
        for k in ((indicator_id, option_id), (indicator_id, None), (None, None)):
            p = self.rows.get(k)
            if p is not None:
                return Setting(p.min_value, p.max_value, p.max_ratio, p.years)
        return Setting()

    @property
    def max_years(self) -> int:
        return max([DEFAULT_YEARS, *(p.years for p in self.rows.values())])


def earlier_period_codes(period, years: int) -> list[str]:
    """The same period in each of the ``years`` earlier years, the most recent first."""
    if period.period_type == TERM:
        return []
    return [f"{period.year - k}{period.code[4:]}" for k in range(1, years + 1)]


def reference(history: list[tuple[str, Decimal]]) -> Decimal | None:
    values = [v for _, v in history if v is not None]
    if not values:
        return None
    return Decimal(statistics.median(values))


def history_text(history: list[tuple[str, Decimal]]) -> str:
    return "; ".join(f"{p} = {format_number(v)}" for p, v in history)


def check_plausibility(label: str, measure: str, value: Decimal, setting: Setting,
                       history: list[tuple[str, Decimal]]) -> list[str]:
    """Vietnamese warnings for one value; ``history`` is (period name, value) of the same
    period in earlier years, the most recent first."""
    out = []
    if setting.min_value is not None and value < setting.min_value:
        out.append(f"{label}: {format_number(value)} {measure} nhỏ hơn mức tối thiểu hợp lý "
                   f"{format_number(setting.min_value)} {measure}.")
    if setting.max_value is not None and value > setting.max_value:
        out.append(f"{label}: {format_number(value)} {measure} lớn hơn mức tối đa hợp lý "
                   f"{format_number(setting.max_value)} {measure}.")
    ref = reference(history)
    ratio = setting.max_ratio
    if ratio and ref is not None and ref > 0 and value > 0:
        if value > ref * ratio:
            out.append(f"{label}: {format_number(value)} {measure} gấp {format_number(value / ref, 1)} lần "
                       f"cùng kỳ các năm trước ({history_text(history)}); ngưỡng {format_number(ratio)} lần.")
        elif value * ratio < ref:
            out.append(f"{label}: {format_number(value)} {measure} chỉ bằng {format_number(value / ref * 100, 1)}% "
                       f"cùng kỳ các năm trước ({history_text(history)}); ngưỡng 1/{format_number(ratio)}.")
    return out
