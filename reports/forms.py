from __future__ import annotations

import datetime as dt

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.scope import assigned_units, readable_units
from programmes.models import Programme
from units.models import Level

from .models import ReportKind

MAX_UNIT_CHOICES = 3000


def last_month_code(today: dt.date | None = None) -> str:
    today = today or dt.date.today()
    first = today.replace(day=1)
    prev = first - dt.timedelta(days=1)
    return f"{prev.year}{prev.month:02d}"


def unit_choices(user, current: str | None = None) -> list[tuple[str, str]]:
    """Provinces and districts the user may read, plus the units assigned to the user
    (a commune officer's communes); the unit asked for is kept in the list."""
    assigned = [u.code for u in assigned_units(user)]
    qs = readable_units(user).filter(Q(level__lte=Level.DISTRICT) | Q(code__in=assigned) | Q(code=current or ""))
    return [(u.code, f"{u.name} ({u.code})") for u in qs.order_by("code")[:MAX_UNIT_CHOICES]]


class ReportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại văn bản"), choices=ReportKind.choices)
    unit = forms.ChoiceField(label=_("Đơn vị"))
    period = forms.CharField(label=_("Kỳ báo cáo"), max_length=16,
                             help_text=_("Tháng 202312, năm 2023 (sơ kết: năm đến thời điểm sơ kết)."))
    programme = forms.ChoiceField(label=_("Chương trình, nghị quyết, kế hoạch"), required=False,
                                  help_text=_("Cho báo cáo sơ kết và kế hoạch; để trống: hệ thống tự chọn."))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.data.get("unit") if self.is_bound else None
        self.fields["unit"].choices = unit_choices(user, current)
        self.fields["programme"].choices = [("", "— tự chọn —")] + [
            (p.code, f"{p.code} — {p.title[:90]}") for p in Programme.objects.order_by("code")]


class TemplateUploadForm(forms.Form):
    file = forms.FileField(label=_("Tệp mẫu Word (.docx)"))
