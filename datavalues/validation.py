"""The checks every stored figure passes, whatever the channel (form, file, API, admin).

Each check returns Vietnamese messages; an empty list means the figure may be stored.
Cross-figure rules (total = sum of parts, plausibility) belong to the collection app.
"""

from __future__ import annotations

from decimal import Decimal

from bacthang.lib.numbers import MAX_ABS, format_number
from engine.providers import provider_for
from indicators.models import Indicator, IndicatorKind, Option
from periods.models import Period
from units.models import Unit

from .models import Figure

# The one precision rule: a figure is stored exactly as given, or refused.  The column holds
# this many decimals; a value with more would be rounded by the database while its audit
# row kept the digits given, so it is refused instead (every channel: form, file, API, DHIS2).
MAX_DECIMALS = Figure._meta.get_field("value").decimal_places


def decimals_problem(value: Decimal) -> str | None:
    """Why ``value`` cannot be stored exactly, or None."""
    exponent = Decimal(value).normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -MAX_DECIMALS:
        return (f"Giá trị {format_number(value, 12)} có quá {MAX_DECIMALS} chữ số thập phân; "
                f"hãy làm tròn đến {MAX_DECIMALS} chữ số sau dấu phẩy.")
    return None


def check_figure(indicator: Indicator, option: Option | None, unit: Unit, period: Period,
                 value: Decimal | None, *, for_target: bool = False) -> list[str]:
    """Problems of one figure.  Targets may be set on computed indicators (a disbursement
    rate, a count of OCOP products), values may not."""
    problems = []
    if indicator.kind == IndicatorKind.FORMULA and not for_target:
        problems.append(
            f"Chỉ tiêu {indicator.code} được tính theo công thức ({indicator.formula}), không nhập trực tiếp."
        )
    if option is not None:
        if indicator.disaggregation_id is None:
            problems.append(f"Chỉ tiêu {indicator.code} không có phân tổ; để trống cột nhóm (option).")
        elif option.disaggregation_id != indicator.disaggregation_id:
            problems.append(f"Nhóm {option.code} không thuộc phân tổ của chỉ tiêu {indicator.code}.")
    if value is not None:
        if indicator.non_negative and value < 0:
            problems.append(
                f"Giá trị âm ({format_number(value)}) không hợp lệ cho '{indicator.name}' ({indicator.measure})."
            )
        if abs(value) >= MAX_ABS:
            problems.append(f"Giá trị {format_number(value)} quá lớn.")
        elif (too_precise := decimals_problem(value)) is not None:
            problems.append(too_precise)
    if not unit.is_valid_during(period.start, period.end):
        if unit.valid_to and period.start > unit.valid_to:
            problems.append(f"{unit.name} ({unit.code}) chỉ tồn tại đến {unit.valid_to:%d/%m/%Y}, "
                            f"không có số liệu kỳ {period.code}.")
        else:
            problems.append(f"{unit.name} ({unit.code}) chỉ tồn tại từ {unit.valid_from:%d/%m/%Y}, "
                            f"không có số liệu kỳ {period.code}.")
    return problems


def check_not_derived(indicator: Indicator, unit: Unit, period: Period) -> list[str]:
    """A value typed by hand for an indicator the unit's records already give is refused.

    Checked only for values that change: a re-import of an unchanged reported count,
    made before the unit's records were kept, still changes nothing."""
    provider = provider_for(indicator.code)
    if provider is not None and provider.covers(unit, period):
        return [f"Chỉ tiêu {indicator.code} của {unit.name} được tính từ sổ đăng ký trên hệ thống, không nhập tay."]
    return []
