"""Form fields the record apps share: Vietnamese numbers and unit codes within the
user's scope, dates, and ``ScopedForm`` (unit fields limited to what the user reads,
refusals shown as form errors)."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from accounts.scope import can_read
from bacthang.lib.numbers import NumberError, parse_number
from units.models import Unit

from .actions import Refused

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def date_field(label: str, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(label=label, required=required, input_formats=DATE_FORMATS, widget=DateInput(),
                           help_text=help_text)


class VnDecimalField(forms.CharField):
    """A number written the Vietnamese way (2.083,5) or plainly (2083.5), read by the one parser;
    shown with up to ``places`` decimals; ``min_value`` refuses smaller numbers."""

    def __init__(self, *args, min_value: Decimal | None = None, places: int = 6, **kwargs):
        self.min_value, self.places = min_value, places
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, (Decimal, int, float)) and not isinstance(value, bool):
            from bacthang.lib.numbers import format_number

            return format_number(value, self.places)
        return value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            number = parse_number(value)
        except NumberError as e:
            raise forms.ValidationError(str(e)) from e
        if self.min_value is not None and number < self.min_value:
            raise forms.ValidationError("Giá trị không được âm." if self.min_value == 0
                                        else f"Cần một số không nhỏ hơn {self.min_value}.")
        return number


class VnIntegerField(VnDecimalField):
    """A whole number (heads, households, works) read by the one parser: 1.200 is one thousand two hundred."""

    def __init__(self, *args, min_value: int | None = 0, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
        super().__init__(*args, **kwargs)
        self.int_min, self.min_value = min_value, None  # checked below, after the whole-number check

    def prepare_value(self, value):
        return value

    def to_python(self, value):
        number = super().to_python(value)
        if number is None:
            return None
        if number != number.to_integral_value():
            raise forms.ValidationError("Cần một số nguyên.")
        if self.int_min is not None and number < self.int_min:
            raise forms.ValidationError(f"Cần một số không nhỏ hơn {self.int_min}.")
        return int(number)


class UnitCodeField(forms.CharField):
    """A unit by its code, only within the units the form's user may read."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 32)
        kwargs.setdefault("help_text", "Mã đơn vị, ví dụ 12.105.03409 (Xã San Thàng).")
        kwargs.setdefault("widget", forms.TextInput(attrs={"list": "unit-codes", "autocomplete": "off"}))
        self.user = None
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        return value.code if isinstance(value, Unit) else value

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        unit = Unit.objects.filter(code=value.strip()).first()
        if unit is None or (self.user is not None and not can_read(self.user, unit)):
            raise forms.ValidationError(f"Không tìm thấy đơn vị «{value}» trong phạm vi phụ trách.")
        return unit


class ScopedForm(forms.Form):
    """A form whose unit fields only accept units the user reads."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for f in self.fields.values():
            if isinstance(f, UnitCodeField):
                f.user = user

    def refuse(self, exc: Refused) -> None:
        for reason in exc.reasons:
            self.add_error(None, reason)
