"""What the engine returns: a value with the rule that produced it, the parts it was
made of, and the discrepancies it noticed — so every number can say where it came from."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

# Rules, with the Vietnamese phrase shown to users.
REPORTED = "reported"
OPTIONS = "options"
PARTS = "parts"
MARGIN = "margin"
TIME_SUM = "time_sum"
TIME_LATEST = "time_latest"
CHILDREN_SUM = "children_sum"
CHILDREN_AVERAGE = "children_average"
REFORM_MERGED = "reform_merged"
REFORM_SPLIT = "reform_successors"
FORMULA = "formula"
REGISTRY = "registry"
MISSING = "missing"

RULE_LABELS = {
    REPORTED: "số liệu báo cáo",
    OPTIONS: "cộng các nhóm",
    PARTS: "cộng đủ các nhóm con",
    MARGIN: "cộng các tổ hợp có nhóm này",
    TIME_SUM: "cộng các kỳ nhỏ hơn",
    TIME_LATEST: "số liệu kỳ gần nhất",
    CHILDREN_SUM: "cộng các đơn vị trực thuộc",
    CHILDREN_AVERAGE: "bình quân các đơn vị trực thuộc",
    REFORM_MERGED: "cộng các đơn vị cũ hợp thành (trước 01/07/2025)",
    REFORM_SPLIT: "cộng các đơn vị mới kế thừa địa bàn (từ 01/07/2025)",
    FORMULA: "tính theo công thức",
    REGISTRY: "đếm từ sổ đăng ký",
    MISSING: "chưa có số liệu",
}


@dataclass
class Discrepancy:
    """Two ways of obtaining the same figure that disagree."""

    kind: str  # "children", "options", "time", "registry"
    used: Decimal
    other: Decimal
    message: str

    def as_dict(self) -> dict:
        return {"kind": self.kind, "used": float(self.used), "other": float(self.other), "message": self.message}


@dataclass
class Result:
    indicator: str
    option: str | None
    unit: str
    unit_name: str
    period: str
    value: Decimal | None
    rule: str
    part_list: list[Result] | None = None
    weight: Decimal = Decimal(1)  # share of this part counted in its parent (reform splits)
    discrepancies: list[Discrepancy] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    source: str = ""  # for reported values: the stored source text
    measure: str = ""
    parts_fn: Callable[[], list[Result]] | None = field(default=None, repr=False, compare=False)
    complete: bool = True  # for an options sum: whether every option has a value

    @property
    def parts(self) -> list[Result]:
        """The figures this one was made of, one level down (computed on first access)."""
        if self.part_list is None:
            self.part_list = self.parts_fn() if self.parts_fn else []
        return self.part_list

    @property
    def missing(self) -> bool:
        return self.value is None

    @property
    def rule_label(self) -> str:
        return RULE_LABELS.get(self.rule, self.rule)

    @property
    def approximated(self) -> bool:
        """Whether a reform share (a split or partly inherited commune) went into the value."""
        if self.rule in (REPORTED, CHILDREN_SUM, CHILDREN_AVERAGE, MISSING, REGISTRY):
            return False  # children of one structure never carry reform shares
        return any(p.weight != 1 for p in self.parts) or any(p.approximated for p in self.parts)

    def all_discrepancies(self) -> list[tuple[Result, Discrepancy]]:
        found = [(self, d) for d in self.discrepancies]
        for p in self.parts:
            found.extend(p.all_discrepancies())
        return found

    def stored_inputs(self) -> list[Result]:
        """The reported values this figure was computed from (leaves of the explanation)."""
        if self.rule == REPORTED:
            return [self]
        out = []
        for p in self.parts:
            out.extend(p.stored_inputs())
        return out

    def as_dict(self, depth: int = 1) -> dict:
        d = {
            "indicator": self.indicator, "option": self.option, "unit": self.unit, "unit_name": self.unit_name,
            "period": self.period, "value": None if self.value is None else float(self.value),
            "rule": self.rule, "rule_label": self.rule_label, "approximated": self.approximated,
            "discrepancies": [x.as_dict() for x in self.discrepancies], "notes": list(self.notes),
        }
        if self.weight != 1:
            d["weight"] = float(self.weight)
        if self.source:
            d["source"] = self.source
        if depth > 0:
            d["parts"] = [p.as_dict(depth - 1) for p in self.parts]
        return d

    def explain(self, indent: str = "", depth: int = 3) -> str:
        """A Vietnamese, indented account of where the number comes from."""
        from bacthang.lib.numbers import format_number

        v = "—" if self.value is None else format_number(self.value)
        opt = f" [{self.option}]" if self.option else ""
        w = f" × {format_number(self.weight, 3)}" if self.weight != 1 else ""
        lines = [f"{indent}{self.unit_name} ({self.unit}) · {self.indicator}{opt} · {self.period}: {v}{w} "
                 f"— {self.rule_label}"]
        for d in self.discrepancies:
            lines.append(f"{indent}  ⚠ {d.message}")
        for n in self.notes:
            lines.append(f"{indent}  • {n}")
        if depth > 0:
            for p in self.parts:
                if p.value is not None:
                    lines.append(p.explain(indent + "    ", depth - 1))
        return "\n".join(lines)
