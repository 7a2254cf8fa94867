"""Writing data values from the API: resolve posted items into ``FigureChange``s,
check each against the catalogue, the periods and the user's scope, then write them
all through ``datavalues.writing.do_set_values`` (channel "api") — or nothing.

Used by ``POST /api/datavalues/bulk`` and, after the DHIS2 UIDs are translated, by
the DHIS2 ``dataValueSets`` import.  The rules are the importers' rules:

* every bad item is listed with its index and a Vietnamese message, nothing written;
* the same items twice change nothing the second time (no write, no audit row);
* an item may carry ``version`` (optimistic locking): it is refused if the stored
  figure's version differs (0 = "must not exist yet");
* a unit the user may not write — outside the scope, unknown, or read-only for the
  role — is a ``not_writable`` problem and the request answers 403.  Unknown units
  and units outside the scope get the same message, so the answer never reveals
  whether a unit outside the scope exists.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from accounts.scope import can_read, can_write
from audit.models import Channel
from bacthang.lib.numbers import PLAIN, NumberError, parse_number
from datavalues.models import DataValue
from datavalues.validation import check_figure, decimals_problem
from datavalues.writing import FigureChange, WriteRefused, WriteSummary, do_set_values
from indicators.models import Indicator, Option
from periods.codes import PeriodCodeError, parse_period
from periods.models import Period
from units.models import Unit

from .base import CONFLICT, DUPLICATE, INVALID, NOT_WRITABLE, UNKNOWN, Problem, ProblemsError, is_clean

MAX_COMMENT = DataValue._meta.get_field("comment").max_length
MAX_SOURCE = DataValue._meta.get_field("source").max_length
MAX_ITEMS = 20_000


@dataclass
class Draft:
    """What one posted item asks for, as codes (before resolution)."""

    index: int
    indicator: str
    option: str | None
    unit: str
    period: str
    value: object  # raw JSON value; ignored when delete
    comment: str | None = None
    source: str | None = None
    version: int | None = None
    delete: bool = False


def read_value(raw, field: str = "value") -> tuple[Decimal | None, str | None]:
    """A decimal from a JSON number or a plain numeric string (``"1735.6"``), or a message."""
    if isinstance(raw, bool) or raw is None:
        return None, "Giá trị phải là một số (ví dụ 1735.6)."
    if isinstance(raw, (int, float, Decimal)):
        try:
            value = parse_number(raw)
        except NumberError as e:
            return None, str(e)
    elif isinstance(raw, str):
        try:
            value = parse_number(raw, PLAIN)
        except NumberError as e:
            return None, str(e)
    else:
        return None, "Giá trị phải là một số (ví dụ 1735.6)."
    too_precise = decimals_problem(value)  # the write path's one precision rule, said early
    return (None, too_precise) if too_precise else (value, None)


def clean_text(raw, field: str, max_length: int, index: int, problems: list[Problem]) -> str | None:
    """An optional text: None keeps the stored text; refused if too long or not a string."""
    if raw is None:
        return None
    if not isinstance(raw, str):
        problems.append(Problem(f"Trường '{field}' phải là chuỗi ký tự.", field, INVALID, index))
        return None
    if not is_clean(raw):
        problems.append(Problem(f"Trường '{field}' chứa ký tự không hợp lệ.", field, INVALID, index))
        return None
    if len(raw) > max_length:
        problems.append(Problem(f"Trường '{field}' dài quá {max_length} ký tự.", field, INVALID, index))
        return None
    return raw


def is_code(raw, max_length: int = 64) -> bool:
    return isinstance(raw, str) and 0 < len(raw) <= max_length and is_clean(raw)


class Resolver:
    """Turns drafts into changes for one user, caching what it looks up."""

    def __init__(self, user):
        self.user = user
        self.indicators = {i.code: i for i in Indicator.objects.select_related("disaggregation")}
        self.options = {(o.disaggregation_id, o.code): o for o in Option.objects.all()}
        self.units: dict[str, Unit | None] = {}
        self.unit_problems: dict[str, str | None] = {}
        self.periods: dict[str, Period] = {}

    def _load_units(self, codes) -> None:
        wanted = [c for c in set(codes) if c not in self.units]
        found = {u.code: u for u in Unit.objects.filter(code__in=wanted)}
        for c in wanted:
            self.units[c] = found.get(c)

    def _unit_problem(self, code: str) -> str | None:
        """Why the user may not write values of this unit, or None."""
        if code not in self.unit_problems:
            unit = self.units.get(code)
            if unit is None or not can_read(self.user, unit):
                msg = f"Đơn vị '{code}' không tồn tại hoặc nằm ngoài phạm vi của bạn."
            elif not can_write(self.user, unit):
                msg = f"Bạn không có quyền ghi số liệu của {unit.name} ({unit.code})."
            else:
                msg = None
            self.unit_problems[code] = msg
        return self.unit_problems[code]

    def resolve(self, drafts: Sequence[Draft]) -> tuple[list[tuple[int, FigureChange]], list[Problem]]:
        problems: list[Problem] = []
        self._load_units(d.unit for d in drafts)
        good_periods = set()
        for d in drafts:
            try:
                good_periods.add(parse_period(d.period).code if d.period == d.period.strip().upper() else None)
            except PeriodCodeError:
                pass
        good_periods.discard(None)
        self.periods.update(Period.objects.for_codes(good_periods - set(self.periods)))
        changes: list[tuple[int, FigureChange]] = []
        seen: dict[tuple, int] = {}
        for d in drafts:
            before = len(problems)
            indicator = self.indicators.get(d.indicator)
            if indicator is None:
                problems.append(Problem(f"Chỉ tiêu '{d.indicator}' không có trong danh mục.", "indicator", UNKNOWN,
                                        d.index, d.indicator))
            option = None
            if indicator is not None and d.option:
                option = self.options.get((indicator.disaggregation_id, d.option))
                if option is None:
                    if indicator.disaggregation_id is None:
                        msg = f"Chỉ tiêu {indicator.code} không có phân tổ; để trống nhóm (option)."
                    else:
                        names = ", ".join(c for (dis, c) in self.options if dis == indicator.disaggregation_id)
                        msg = f"Nhóm '{d.option}' không thuộc chỉ tiêu {indicator.code} (có: {names})."
                    problems.append(Problem(msg, "option", UNKNOWN, d.index, d.option))
            unit = self.units.get(d.unit)
            unit_msg = self._unit_problem(d.unit)
            if unit_msg:
                problems.append(Problem(unit_msg, "unit", NOT_WRITABLE, d.index, d.unit))
            period = self.periods.get(d.period)
            if period is None:
                if d.period != d.period.strip().upper():
                    msg = f"Mã kỳ '{d.period}' phải viết in hoa, không có khoảng trắng, ví dụ 2023Q4."
                else:
                    try:
                        parse_period(d.period)
                        msg = f"Kỳ '{d.period}' không hợp lệ."
                    except PeriodCodeError as e:
                        msg = str(e)
                problems.append(Problem(msg, "period", INVALID, d.index, d.period))
            value = None
            if not d.delete:
                value, msg = read_value(d.value)
                if msg:
                    problems.append(Problem(msg, "value", INVALID, d.index, d.value))
            if len(problems) > before:
                continue
            change = FigureChange(indicator, option, unit, period, value, comment=d.comment, source=d.source,
                                  expected_version=d.version)
            if change.key() in seen:
                problems.append(Problem(f"{change.label()}: trùng với số liệu thứ {seen[change.key()]} trong cùng lô.",
                                        "indicator", DUPLICATE, d.index))
                continue
            seen[change.key()] = d.index
            msgs = check_figure(indicator, option, unit, period, value)
            for m in msgs:
                problems.append(Problem(f"{change.label()}: {m}", "value", INVALID, d.index))
            if not msgs:
                changes.append((d.index, change))
        return changes, problems


def write_drafts(drafts: Sequence[Draft], *, user, problems: list[Problem] | None = None, channel: str = Channel.API,
                 reason: str = "", dry_run: bool = False) -> WriteSummary:
    """Resolve, check and write; raises ProblemsError (nothing written) on any problem.

    ``problems`` are those found earlier (malformed items): they are reported together
    with the ones found here.
    """
    problems = list(problems or [])
    with transaction.atomic():
        changes, found = Resolver(user).resolve(drafts)
        problems.extend(found)
        if problems:
            problems.sort(key=lambda p: (p.index if p.index is not None else -1))
            raise ProblemsError(problems)
        try:
            summary = do_set_values([c for _, c in changes], user=user, channel=channel, reason=reason)
        except WriteRefused as e:
            # The checks above already passed: what is left is a stale version (optimistic locking).
            raise ProblemsError([
                Problem(m, "version", CONFLICT, changes[i][0]) if changes[i][1].expected_version is not None
                else Problem(m, "value", INVALID, changes[i][0])
                for i, m in e.problems]) from e
        if dry_run:
            transaction.set_rollback(True)
    return summary


def drafts_from_items(items) -> tuple[list[Draft], list[Problem]]:
    """Bulk items (dicts) → drafts; a malformed item becomes problems and no draft."""
    problems: list[Problem] = []
    drafts: list[Draft] = []
    if not isinstance(items, list):
        return [], [Problem("Nội dung phải là một danh sách (JSON array) các số liệu.", "", INVALID)]
    if len(items) > MAX_ITEMS:
        return [], [Problem(f"Mỗi lần gửi tối đa {MAX_ITEMS:,} số liệu; hãy chia nhỏ.".replace(",", "."), "",
                            INVALID)]
    if not items:
        return [], [Problem("Danh sách số liệu trống.", "", INVALID)]
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            problems.append(Problem("Mỗi số liệu phải là một đối tượng JSON.", "", INVALID, i))
            continue
        before = len(problems)
        codes = {}
        for name, required in (("indicator", True), ("unit", True), ("period", True), ("option", False)):
            raw = item.get(name)
            if raw is None or (raw == "" and not required):
                if required:
                    problems.append(Problem(f"Thiếu trường '{name}'.", name, INVALID, i))
                codes[name] = None
            elif not is_code(raw):
                problems.append(Problem(f"Trường '{name}' phải là mã (chuỗi 1–64 ký tự).", name, INVALID, i,
                                        raw if isinstance(raw, (str, int, float)) else None))
            else:
                codes[name] = raw
        delete = item.get("delete", False)
        if not isinstance(delete, bool):
            problems.append(Problem("Trường 'delete' phải là true hoặc false.", "delete", INVALID, i))
            delete = False
        if not delete and "value" not in item:
            problems.append(Problem("Thiếu trường 'value'.", "value", INVALID, i))
        version = item.get("version")
        if version is not None and (isinstance(version, bool) or not isinstance(version, int) or version < 0):
            problems.append(Problem("Trường 'version' phải là số nguyên không âm.", "version", INVALID, i))
            version = None
        comment = clean_text(item.get("comment"), "comment", MAX_COMMENT, i, problems)
        source = clean_text(item.get("source"), "source", MAX_SOURCE, i, problems)
        if len(problems) > before:
            continue
        drafts.append(Draft(i, codes["indicator"], codes["option"], codes["unit"], codes["period"],
                            item.get("value"), comment, source, version, delete))
    return drafts, problems
