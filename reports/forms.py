from __future__ import annotations

import datetime as dt

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.scope import assigned_units, is_admin, readable_units
from programmes.models import Programme
from units.models import REFORM_DATE, Level

from .models import ReportKind

MAX_UNIT_CHOICES = 5000  # the whole country: 97 provinces, 696 districts, 3.321 new communes


def last_month_code(today: dt.date | None = None) -> str:
    today = today or dt.date.today()
    first = today.replace(day=1)
    prev = first - dt.timedelta(days=1)
    return f"{prev.year}{prev.month:02d}"


BEFORE_REFORM, AFTER_REFORM = "Trước 01/07/2025", "Từ 01/07/2025"


def unit_choices(user, current: str | None = None) -> list:
    """The units the user may read and report on, in both structures: provinces, the old
    districts and the new communes (the structure after the reform has no districts), plus
    the units assigned to the user (a commune officer's communes); the unit asked for is kept.
    A unit of both structures (a province that kept its code) comes first, then the groups
    "Trước 01/07/2025" and "Từ 01/07/2025"."""
    assigned = [u.code for u in assigned_units(user)]
    qs = readable_units(user).filter(Q(level__lte=Level.DISTRICT) | Q(level=Level.COMMUNE, valid_from__gte=REFORM_DATE)
                                     | Q(code__in=assigned) | Q(code=current or ""))
    both, before, after = [], [], []
    for u in qs.order_by("code")[:MAX_UNIT_CHOICES]:
        side = after if u.is_post_reform else before if u.is_pre_reform else both
        side.append((u.code, f"{u.name} ({u.code})"))
    return both + [(label, group) for label, group in ((BEFORE_REFORM, before), (AFTER_REFORM, after)) if group]


def programme_choices(user) -> list[tuple[str, str]]:
    """National programmes and those of the units the user may read (not another province's)."""
    qs = Programme.objects.order_by("code")
    if not is_admin(user):
        # Also the programmes of the units above the user's (a city reviews the province's resolution).
        above = {u.code.rsplit(".", i)[0] for u in assigned_units(user) for i in range(1, u.code.count(".") + 1)}
        qs = qs.filter(Q(unit__isnull=True) | Q(unit__in=readable_units(user)) | Q(unit__code__in=above))
    return [(p.code, f"{p.code} — {p.title[:90]}") for p in qs]


class ReportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại văn bản"), choices=ReportKind.choices)
    unit = forms.ChoiceField(label=_("Đơn vị"), widget=forms.Select(attrs={"data-unit-picker": ""}))
    # The pickers of web/pickers.py (static/web/pickers.js) turn the code into selects.
    period = forms.CharField(label=_("Kỳ báo cáo"), max_length=16, widget=forms.TextInput(attrs={
                                 "data-period-picker": "month quarter half year", "data-years": "2019-2030"}),
                             help_text=_("Tháng 202312, năm 2023 (sơ kết: năm đến thời điểm sơ kết)."))
    programme = forms.ChoiceField(label=_("Chương trình, nghị quyết, kế hoạch"), required=False,
                                  help_text=_("Cho báo cáo sơ kết và kế hoạch; để trống: hệ thống tự chọn."))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.data.get("unit") if self.is_bound else None
        self.fields["unit"].choices = unit_choices(user, current)
        self.fields["programme"].choices = [("", "— tự chọn —")] + programme_choices(user)


class TemplateUploadForm(forms.Form):
    file = forms.FileField(label=_("Tệp mẫu Word (.docx)"))
