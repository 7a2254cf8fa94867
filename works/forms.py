"""Forms of the works pages; rules live in ``works.actions``."""

from __future__ import annotations

from django import forms

from records.forms import ScopedForm, UnitCodeField, VnDecimalField, VnIntegerField, date_field
from records.models import FundingSource

from .models import WorkStatus, WorkType


class WorkForm(ScopedForm):
    name = forms.CharField(label="Tên công trình", max_length=500)
    work_type = forms.ChoiceField(label="Loại công trình", choices=WorkType.choices)
    unit = UnitCodeField(label="Địa bàn (xã; hoặc huyện, thành phố khi công trình đi qua nhiều xã)")
    communes = forms.CharField(label="Các xã công trình đi qua (mã, cách nhau bởi dấu phẩy)", required=False,
                               help_text="Chỉ khi địa bàn là cấp huyện, thành phố.")
    works_count = VnIntegerField(label="Số công trình", min_value=1, required=False, initial=1,
                                     help_text="Lớn hơn 1 khi bản ghi là số liệu tổng hợp nhiều công trình.")
    length_km = VnDecimalField(label="Chiều dài (km)", required=False)
    capacity = VnDecimalField(label="Quy mô, công suất", required=False)
    capacity_measure = forms.CharField(label="Đơn vị quy mô", max_length=32, required=False)
    funding_source = forms.ChoiceField(label="Nguồn vốn", choices=FundingSource.choices,
                                       initial=FundingSource.UNKNOWN)
    programme_name = forms.CharField(label="Chương trình, đề án", max_length=500, required=False)
    investment = VnDecimalField(label="Tổng mức đầu tư (triệu đồng)", required=False)
    status = forms.ChoiceField(label="Trạng thái khi ghi", choices=WorkStatus.choices, initial=WorkStatus.PLANNED,
                               help_text="Công trình đã xong từ trước thì ghi «Đã hoàn thành» kèm ngày hoàn thành.")
    started_on = date_field("Ngày khởi công", required=False)
    completed_on = date_field("Ngày hoàn thành", required=False)
    note = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_communes(self):
        from accounts.scope import can_read
        from units.models import Unit

        codes = [c.strip() for c in (self.cleaned_data.get("communes") or "").replace(";", ",").split(",") if c.strip()]
        units = {u.code: u for u in Unit.objects.filter(code__in=codes)}
        missing = [c for c in codes if c not in units or (self.user and not can_read(self.user, units[c]))]
        if missing:
            raise forms.ValidationError("Không tìm thấy đơn vị: " + ", ".join(missing))
        return [units[c] for c in codes]


class StartForm(ScopedForm):
    started_on = date_field("Ngày khởi công")


class CompleteForm(ScopedForm):
    completed_on = date_field("Ngày hoàn thành")
    length_km = VnDecimalField(label="Chiều dài hoàn thành (km)", required=False,
                               help_text="Để trống: giữ chiều dài đã ghi.")
