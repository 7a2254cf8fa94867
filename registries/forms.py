"""Forms of the registry pages.  They validate input; the views save through
``registries.actions``.  Numbers are read by the one parser (``bacthang.lib.numbers``)
so '41,8' and '1.735,6' are accepted."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.scope import can_read
from records.forms import VnDecimalField
from units.models import Unit

from .models import (
    STAR_CHOICES,
    Certification,
    Cooperative,
    CoopStatus,
    DecisionLevel,
    Farm,
    LivestockFacility,
    OcopProduct,
    PlantingCode,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def VNNumberField(*, min_value: Decimal | None = None, **kwargs) -> VnDecimalField:  # noqa: N802
    """A decimal typed the Vietnamese way (1.735,6) or plainly (1735.6), shown with 4 decimals."""
    return VnDecimalField(min_value=min_value, places=4, **kwargs)


def _vn_numbers(form: forms.BaseForm) -> None:
    for name, f in list(form.fields.items()):
        if isinstance(f, forms.DecimalField):
            form.fields[name] = VNNumberField(label=f.label, required=f.required, help_text=f.help_text,
                                              min_value=Decimal(0), initial=f.initial)


def errors_to_form(form: forms.BaseForm, error: ValidationError) -> None:
    """Attach an action's ValidationError to the form (fields it has, else the whole form)."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            target = name if name in form.fields else None
            for m in messages:
                form.add_error(target, m)
    else:
        for m in error.messages:
            form.add_error(None, m)


class RecordForm(forms.ModelForm):
    """A record with its unit typed as a code, checked against the user's scope."""

    unit_code = forms.CharField(label=_("Mã đơn vị"), max_length=32,
                                help_text=_("Ví dụ 12.105.03409 (Xã San Thàng), 12.105 (Thành phố Lai Châu)."),
                                widget=forms.TextInput(attrs={"list": "unit-codes", "autocomplete": "off"}))

    def __init__(self, *args, user, may_use_unit: Callable[[Unit], bool], **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.may_use_unit = user, may_use_unit
        if self.instance.pk:
            self.fields["unit_code"].initial = self.instance.unit.code
        for f in self.fields.values():
            if isinstance(f.widget, forms.DateInput):
                f.widget = DATE
        _vn_numbers(self)
        for name in ("note", "source"):
            if name in self.fields:
                self.fields[name].widget.attrs["rows"] = 3
        main = [f for f in self._meta.fields if f not in ("note", "source")]
        extra = [f for f in self.fields if f not in self._meta.fields and f != "unit_code"]
        self.order_fields(["unit_code", *main, *extra, "note", "source"])

    def clean_unit_code(self):
        code = self.cleaned_data["unit_code"].strip()
        unit = Unit.objects.filter(code=code).first()
        if unit is None or not can_read(self.user, unit):
            raise ValidationError(_("Không có đơn vị mã %(code)s trong phạm vi của bạn.") % {"code": code})
        if not self.may_use_unit(unit):
            raise ValidationError(_("Bạn không có quyền ghi sổ đăng ký của %(name)s.") % {"name": unit.name})
        self.instance.unit = unit
        return code

    def record_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self._meta.fields if name in self.cleaned_data}
        data["unit"] = self.instance.unit
        return data


COMMON = ["note", "source"]


class OcopProductForm(RecordForm):
    class Meta:
        model = OcopProduct
        fields = ["name", "owner_name", "owner_kind", "group", "subgroup", *COMMON]


class OcopCreateForm(OcopProductForm):
    """A new product, optionally with the certificate it already holds."""

    cert_stars = forms.TypedChoiceField(label=_("Hạng sao đã được công nhận"), required=False, coerce=int,
                                        empty_value=None, choices=[("", "—")] + STAR_CHOICES[2:])
    cert_score = VNNumberField(label=_("Điểm"), required=False, min_value=Decimal(0))
    cert_decision_no = forms.CharField(label=_("Số quyết định công nhận"), required=False, max_length=64)
    cert_decision_date = forms.DateField(label=_("Ngày quyết định"), required=False, widget=DATE)
    cert_decision_level = forms.ChoiceField(label=_("Cấp công nhận"), required=False,
                                            choices=[("", "—")] + list(DecisionLevel.choices))

    def clean(self):
        data = super().clean()
        if data.get("cert_stars") and not data.get("cert_decision_date"):
            self.add_error("cert_decision_date", _("Có hạng sao thì cần ngày quyết định công nhận."))
        return data

    def certificate(self) -> dict | None:
        d = self.cleaned_data
        if not d.get("cert_stars") and d.get("cert_score") is None:
            return None
        return dict(stars=d.get("cert_stars"), score=d.get("cert_score"), decision_no=d.get("cert_decision_no", ""),
                    decision_date=d.get("cert_decision_date"), decision_level=d.get("cert_decision_level", ""))


class CooperativeForm(RecordForm):
    class Meta:
        model = Cooperative
        fields = ["kind", "name", "registration_no", "field", "founded_on", "members", "status", "stopped_on",
                  *COMMON]


class FarmForm(RecordForm):
    class Meta:
        model = Farm
        fields = ["owner", "name", "farm_type", "area_ha", "workers", "started_on", "status", "stopped_on", *COMMON]


class LivestockFacilityForm(RecordForm):
    class Meta:
        model = LivestockFacility
        fields = ["owner", "name", "species", "scale", "biosafety", "started_on", "status", "stopped_on", *COMMON]


class CertificationForm(RecordForm):
    class Meta:
        model = Certification
        fields = ["holder", "standard", "sector", "product", "area_ha", "volume_m3", "certificate_no", "issuer",
                  "valid_from", "valid_until", *COMMON]


class PlantingCodeForm(RecordForm):
    class Meta:
        model = PlantingCode
        fields = ["code", "kind", "crop", "holder", "area_ha", "market", "valid_from", "valid_until", *COMMON]


FORMS = {
    OcopProduct: OcopProductForm,
    Cooperative: CooperativeForm,
    Farm: FarmForm,
    LivestockFacility: LivestockFacilityForm,
    Certification: CertificationForm,
    PlantingCode: PlantingCodeForm,
}


class RevokeForm(forms.Form):
    on = forms.DateField(label=_("Ngày thu hồi"), widget=DATE)
    reason = forms.CharField(label=_("Lý do"), max_length=255)


class StopForm(forms.Form):
    on = forms.DateField(label=_("Ngừng hoạt động từ ngày"), widget=DATE)
    status = forms.ChoiceField(label=_("Trạng thái"), choices=[c for c in CoopStatus.choices
                                                              if c[0] != CoopStatus.ACTIVE])
    reason = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)


class ProposeForm(forms.Form):
    proposed_on = forms.DateField(label=_("Ngày đề xuất"), widget=DATE)
    proposer_code = forms.CharField(
        label=_("Mã đơn vị đề xuất"), required=False, max_length=32,
        help_text=_("Để trống để dùng đơn vị theo quy trình: trước 06/07/2025 là huyện của sản phẩm, từ "
                    "06/07/2025 là xã."))
    proposed_stars = forms.TypedChoiceField(label=_("Hạng sao đề nghị"), required=False, coerce=int,
                                            empty_value=None, choices=[("", "—")] + STAR_CHOICES[2:])
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_proposer_code(self):
        code = self.cleaned_data["proposer_code"].strip()
        if not code:
            return None
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            raise ValidationError(_("Không có đơn vị mã %(code)s.") % {"code": code})
        return unit


class EvaluateForm(forms.Form):
    evaluated_on = forms.DateField(label=_("Ngày đánh giá, phân hạng"), widget=DATE)
    score = VNNumberField(label=_("Điểm (0–100)"), required=False, min_value=Decimal(0))
    stars = forms.TypedChoiceField(label=_("Hạng sao đạt"), required=False, coerce=int, empty_value=None,
                                   choices=[("", "— theo điểm —")] + STAR_CHOICES)
    decision_no = forms.CharField(label=_("Số quyết định công nhận"), required=False, max_length=64)
    decision_date = forms.DateField(label=_("Ngày quyết định"), required=False, widget=DATE)
    decision_level = forms.ChoiceField(label=_("Cấp công nhận"), required=False,
                                       choices=[("", "— theo quy trình —")] + list(DecisionLevel.choices))
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        if data.get("score") is None and data.get("stars") is None:
            raise ValidationError(_("Cần điểm hoặc hạng sao đạt được."))
        return data


class CoopYearForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=1990, max_value=2100)
    revenue = VNNumberField(label=_("Doanh thu (triệu đồng)"), required=False, min_value=Decimal(0))
    member_income = VNNumberField(label=_("Thu nhập bình quân người lao động (triệu đồng/năm)"), required=False,
                                  min_value=Decimal(0))
    members = forms.IntegerField(label=_("Số thành viên"), required=False, min_value=0)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp Excel (.xlsx) hoặc CSV"))
