"""Forms of the incident pages; rules live in ``incidents.actions``."""

from __future__ import annotations

from django import forms

from periods.codes import PeriodCodeError
from periods.models import Period
from records.forms import ScopedForm, UnitCodeField, VnDecimalField, VnIntegerField, date_field

from .models import Disease, Handling, Species, ViolationType


def _codes_to_units(form, raw: str):
    from accounts.scope import can_read
    from units.models import Unit

    codes = [c.strip() for c in (raw or "").replace(";", ",").split(",") if c.strip()]
    units = {u.code: u for u in Unit.objects.filter(code__in=codes)}
    missing = [c for c in codes if c not in units or (form.user and not can_read(form.user, units[c]))]
    if missing:
        raise forms.ValidationError("Không tìm thấy đơn vị: " + ", ".join(missing))
    return [units[c] for c in codes]


class OutbreakForm(ScopedForm):
    disease = forms.ChoiceField(label="Bệnh", choices=Disease.choices)
    species = forms.ChoiceField(label="Loài vật nuôi", choices=Species.choices)
    unit = UnitCodeField(label="Địa bàn (xã; cấp trên khi văn bản không nêu xã)")
    places = forms.CharField(label="Các xã có dịch (mã, cách nhau bởi dấu phẩy)", required=False,
                             help_text="Chỉ khi địa bàn là cấp huyện, tỉnh.")
    village = forms.CharField(label="Thôn, bản", max_length=128, required=False)
    started_on = date_field("Ngày phát hiện")
    households = VnIntegerField(label="Số hộ có dịch", required=False)
    animals_sick = VnIntegerField(label="Số con mắc bệnh", required=False)
    animals_culled = VnIntegerField(label="Số con tiêu hủy", required=False)
    culled_kg = VnDecimalField(label="Khối lượng tiêu hủy (kg)", required=False)
    note = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_places(self):
        return _codes_to_units(self, self.cleaned_data.get("places"))


class ContainForm(ScopedForm):
    contained_on = date_field("Ngày công bố hết dịch")


class ViolationForm(ScopedForm):
    violation_type = forms.ChoiceField(label="Hành vi vi phạm", choices=ViolationType.choices)
    unit = UnitCodeField(label="Địa bàn (xã)")
    location = forms.CharField(label="Địa điểm (tiểu khu, khoảnh, thôn bản)", max_length=255, required=False)
    detected_on = date_field("Ngày phát hiện")
    damaged_area_ha = VnDecimalField(label="Diện tích rừng bị thiệt hại (ha)", required=False)
    offender = forms.CharField(label="Đối tượng vi phạm", max_length=255, required=False)
    note = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class HandleForm(ScopedForm):
    handling = forms.ChoiceField(label="Bước xử lý", choices=[c for c in Handling.choices if c[0] != "detected"])
    handled_on = date_field("Ngày")
    fine_amount = VnDecimalField(label="Tiền phạt (triệu đồng)", required=False)
    note = forms.CharField(label="Kết quả xử lý", max_length=500, required=False)


class CampaignForm(ScopedForm):
    name = forms.CharField(label="Tên đợt tiêm phòng", max_length=255)
    season = forms.CharField(label="Vụ, kỳ (mã kỳ)", max_length=16, help_text="Ví dụ 2023TD (vụ Thu đông 2023).")
    diseases = forms.CharField(label="Bệnh được tiêm phòng", max_length=255, required=False)
    unit = UnitCodeField(label="Đơn vị tổ chức")
    targets = forms.CharField(label="Đơn vị thực hiện (mã, cách nhau bởi dấu phẩy)")
    note = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_season(self):
        try:
            return Period.objects.for_code(self.cleaned_data["season"])
        except PeriodCodeError as e:
            raise forms.ValidationError(str(e)) from e

    def clean_targets(self):
        return _codes_to_units(self, self.cleaned_data.get("targets"))


class VaccinatedForm(ScopedForm):
    completed_on = date_field("Ngày hoàn thành", required=False)
