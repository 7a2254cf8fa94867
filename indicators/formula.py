"""Formulas of derived indicators: arithmetic over indicator codes.

``CROP_PRODUCTION / CROP_HARVEST_AREA`` — names are indicator codes, evaluated for the
same option, unit and period as the derived value; ``CROP_PRODUCTION.RICE`` pins an
option.  Only numbers, names, + - * / and parentheses are allowed: the expression
is parsed with :mod:`ast` and walked, never passed to ``eval``.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, DivisionByZero, InvalidOperation

_BINOPS = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
}


class FormulaError(ValueError):
    """A formula that cannot be parsed (message in Vietnamese)."""


@dataclass(frozen=True)
class Reference:
    indicator: str
    option: str | None = None


@dataclass(frozen=True)
class Formula:
    text: str
    tree: ast.expr

    @property
    def references(self) -> set[str]:
        return {r.indicator for r in self.refs}

    @property
    def refs(self) -> set[Reference]:
        found = set()
        for node in ast.walk(self.tree):
            ref = _reference(node)
            if ref:
                found.add(ref)
        return found

    def evaluate(self, lookup: Callable[[Reference], Decimal | None]) -> Decimal | None:
        """The value, or None when an input is missing or a denominator is zero."""
        try:
            return _eval(self.tree, lookup)
        except (_Missing, DivisionByZero, InvalidOperation, ZeroDivisionError):
            return None


class _Missing(Exception):
    pass


def _reference(node: ast.AST) -> Reference | None:
    if isinstance(node, ast.Name):
        return Reference(node.id)
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return Reference(node.value.id, node.attr)
    return None


def parse_formula(text: str) -> Formula:
    try:
        tree = ast.parse(text.strip(), mode="eval").body
    except SyntaxError as e:
        raise FormulaError(f"Công thức '{text}' sai cú pháp.") from e
    for node in ast.walk(tree):
        allowed = (ast.BinOp, ast.UnaryOp, ast.USub, ast.UAdd, ast.Name, ast.Attribute, ast.Load, ast.Constant,
                   *_BINOPS)
        if not isinstance(node, allowed):
            raise FormulaError(f"Công thức '{text}' chỉ được dùng số, mã chỉ tiêu, + - * / và dấu ngoặc.")
        if isinstance(node, ast.Constant) and not isinstance(node.value, (int, float)):
            raise FormulaError(f"Công thức '{text}' có hằng số không phải số.")
        if isinstance(node, ast.Attribute) and not isinstance(node.value, ast.Name):
            raise FormulaError(f"Công thức '{text}': chỉ viết MÃ_CHỈ_TIÊU.MÃ_NHÓM.")
    return Formula(text, tree)


def _eval(node: ast.AST, lookup) -> Decimal:
    if isinstance(node, ast.Constant):
        return Decimal(str(node.value))
    ref = _reference(node)
    if ref:
        value = lookup(ref)
        if value is None:
            raise _Missing(ref)
        return Decimal(value)
    if isinstance(node, ast.UnaryOp):
        v = _eval(node.operand, lookup)
        return -v if isinstance(node.op, ast.USub) else v
    if isinstance(node, ast.BinOp):
        return _BINOPS[type(node.op)](_eval(node.left, lookup), _eval(node.right, lookup))
    raise FormulaError("Biểu thức không hỗ trợ.")
