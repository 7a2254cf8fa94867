"""Forms of the support pages; they only read input — rules live in ``support.actions``."""

from __future__ import annotations

import datetime as dt

from django import forms

from records.forms import ScopedForm, UnitCodeField, VnDecimalField, date_field
from records.models import FundingSource
from records.registers import record_register_choices

from .models import Beneficiary, BeneficiaryKind, ItemKind, RateKind, SupportItem


class ItemChoiceField(forms.ModelChoiceField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("empty_label", "— Chọn —")
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: SupportItem) -> str:
        return f"{obj.policy.code} — {obj.name} ({obj.measure})"


def _items(kind: str):
    return SupportItem.objects.filter(kind=kind).select_related("policy").order_by("policy__code", "id")


class BeneficiaryFields(ScopedForm):
    beneficiary_kind = forms.ChoiceField(label="Loại đối tượng", choices=BeneficiaryKind.choices)
    beneficiary_name = forms.CharField(label="Tên chủ hộ / tổ chức", max_length=255)
    id_number = forms.CharField(label="Số CCCD chủ hộ / mã số thuế", max_length=20, required=False)
    home_unit = UnitCodeField(label="Xã đăng ký thường trú / nơi có trụ sở")
    beneficiary_village = forms.CharField(label="Thôn, bản, tổ dân phố nơi cư trú", max_length=128, required=False)
    cooperative = forms.ModelChoiceField(label="HTX trong sổ đăng ký (nếu đối tượng là HTX)", required=False,
                                         queryset=None, empty_label="— Không —")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        from records.pages import scoped

        # The registry of cooperatives, through the model's foreign key (support never imports registries).
        Cooperative = Beneficiary._meta.get_field("cooperative").related_model
        qs = Cooperative.objects.select_related("unit").order_by("unit__code", "name")
        self.fields["cooperative"].queryset = scoped(qs, user) if user is not None else qs

    def beneficiary_data(self) -> dict:
        d = self.cleaned_data
        return dict(kind=d["beneficiary_kind"], name=d["beneficiary_name"], id_number=d["id_number"],
                    home_unit=d["home_unit"], village=d["beneficiary_village"], cooperative=d.get("cooperative"))


class ApplicationForm(BeneficiaryFields):
    item = ItemChoiceField(label="Nội dung hỗ trợ", queryset=_items(ItemKind.GRANT))
    unit = UnitCodeField(label="Địa bàn thực hiện (xã nơi có đất, chuồng trại …)")
    village = forms.CharField(label="Thôn, bản nơi thực hiện", max_length=128, required=False)
    registered_on = date_field("Ngày đăng ký")
    quantity = VnDecimalField(label="Khối lượng đăng ký", help_text="Theo đơn vị tính của nội dung hỗ trợ.")
    cost = VnDecimalField(label="Tổng chi phí dự kiến (triệu đồng)", required=False,
                          help_text="Bắt buộc với nội dung hỗ trợ theo tỷ lệ % chi phí.")
    requested_amount = VnDecimalField(label="Số tiền đề nghị hỗ trợ (triệu đồng)", required=False)
    note = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    field_order = ["item", "beneficiary_kind", "beneficiary_name", "id_number", "home_unit", "beneficiary_village",
                   "cooperative", "unit", "village", "registered_on", "quantity", "cost", "requested_amount", "note"]

    @classmethod
    def initial_for(cls, app) -> dict:
        b = app.beneficiary
        return dict(item=app.item, beneficiary_kind=b.kind, beneficiary_name=b.name, id_number=b.id_number,
                    home_unit=b.home_unit.code, beneficiary_village=b.village, cooperative=b.cooperative_id,
                    unit=app.unit.code, village=app.village,
                    registered_on=app.registered_on, quantity=app.quantity, cost=app.cost,
                    requested_amount=app.requested_amount, note=app.note)


class ApproveForm(ScopedForm):
    decision_number = forms.CharField(label="Số quyết định phê duyệt", max_length=64)
    decided_on = date_field("Ngày phê duyệt")
    approved_quantity = VnDecimalField(label="Khối lượng được duyệt", required=False,
                                       help_text="Để trống: bằng khối lượng đăng ký.")


class AcceptForm(ScopedForm):
    accepted_on = date_field("Ngày nghiệm thu")
    accepted_quantity = VnDecimalField(label="Khối lượng nghiệm thu")
    accepted_cost = VnDecimalField(label="Chi phí nghiệm thu (triệu đồng)", required=False,
                                   help_text="Chỉ với nội dung hỗ trợ theo tỷ lệ % chi phí.")


class PayForm(ScopedForm):
    paid_on = date_field("Ngày chi trả")
    fund_source = forms.ChoiceField(label="Nguồn kinh phí",
                                    choices=[c for c in FundingSource.choices if c[0] != FundingSource.UNKNOWN])
    paid_amount = VnDecimalField(label="Số tiền chi trả (triệu đồng)", required=False,
                                 help_text="Để trống: bằng kinh phí hỗ trợ sau nghiệm thu.")


class RejectForm(ScopedForm):
    reason = forms.CharField(label="Lý do không hỗ trợ", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    rejected_on = date_field("Ngày", required=False)

    def clean_rejected_on(self):
        return self.cleaned_data.get("rejected_on") or dt.date.today()


class LoanForm(BeneficiaryFields):
    item = ItemChoiceField(label="Chính sách vay vốn", queryset=_items(ItemKind.LOAN))
    unit = UnitCodeField(label="Xã có đất đầu tư")
    applied_on = date_field("Ngày đăng ký vay")
    area_ha = VnDecimalField(label="Diện tích (ha)", required=False)
    amount = VnDecimalField(label="Số tiền đề nghị vay (triệu đồng)", required=False)
    bank = forms.CharField(label="Ngân hàng", max_length=255, required=False)
    has_collateral = forms.BooleanField(label="Có tài sản thế chấp", required=False)
    note = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    field_order = ["item", "beneficiary_kind", "beneficiary_name", "id_number", "home_unit", "beneficiary_village",
                   "cooperative", "unit", "applied_on", "area_ha", "amount", "bank", "has_collateral", "note"]


class DisburseLoanForm(ScopedForm):
    disbursed_on = date_field("Ngày giải ngân")
    amount = VnDecimalField(label="Số tiền giải ngân (triệu đồng)")
    bank = forms.CharField(label="Ngân hàng cho vay", max_length=255)
    contract_number = forms.CharField(label="Số hợp đồng tín dụng", max_length=64, required=False)


class RejectLoanForm(ScopedForm):
    reason = forms.CharField(label="Lý do không cho vay", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class ScopeForm(ScopedForm):
    register = forms.ChoiceField(label="Loại hồ sơ", choices=record_register_choices)
    unit = UnitCodeField(label="Địa bàn")
    kept_from = date_field("Quản lý đầy đủ từ ngày")
    kept_to = date_field("Đến ngày", required=False)
    note = forms.CharField(label="Ghi chú", max_length=500, required=False)


class PolicyForm(ScopedForm):
    code = forms.CharField(label="Số hiệu văn bản", max_length=64, help_text="Ví dụ 07/2022/NQ-HĐND.")
    title = forms.CharField(label="Trích yếu", max_length=500)
    issuer = forms.CharField(label="Cơ quan ban hành", max_length=255, required=False)
    signed_on = date_field("Ngày ban hành", required=False)
    unit = UnitCodeField(label="Địa bàn áp dụng")
    valid_from = date_field("Hiệu lực từ", required=False)
    valid_to = date_field("Hiệu lực đến", required=False)
    line_code = forms.CharField(label="Mã dòng chương trình, chính sách (CAPITAL_LINE)", max_length=32,
                                required=False)
    note = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ItemForm(ScopedForm):
    name = forms.CharField(label="Nội dung hỗ trợ", max_length=255)
    code = forms.CharField(label="Mã hạng mục (SUPPORT_ITEM)", max_length=32, required=False,
                           help_text="Ví dụ BARN_M2; để trống nếu không tính vào chỉ tiêu.")
    kind = forms.ChoiceField(label="Hình thức", choices=ItemKind.choices)
    measure = forms.CharField(label="Đơn vị tính", max_length=32)
    rate_kind = forms.ChoiceField(label="Cách tính mức hỗ trợ", choices=RateKind.choices)
    rate = VnDecimalField(label="Mức hỗ trợ (triệu đồng/đơn vị tính)", required=False)
    percent = VnDecimalField(label="Tỷ lệ hỗ trợ (% chi phí)", required=False)
    ceiling = VnDecimalField(label="Mức tối đa (triệu đồng/đối tượng)", required=False)
    valid_from = date_field("Áp dụng từ", required=False)
    valid_to = date_field("Áp dụng đến", required=False)
    eligible_unit = UnitCodeField(label="Chỉ hỗ trợ tại (để trống: toàn địa bàn của chính sách)", required=False)
    allow_household = forms.BooleanField(label="Hỗ trợ hộ gia đình, cá nhân", required=False, initial=True)
    allow_cooperative = forms.BooleanField(label="Hỗ trợ hợp tác xã, tổ hợp tác", required=False, initial=True)
    allow_firm = forms.BooleanField(label="Hỗ trợ doanh nghiệp", required=False, initial=True)
    land_in_home_commune = forms.BooleanField(label="Đất thực hiện phải ở xã đăng ký thường trú", required=False)
    collateral_for_organisations = forms.BooleanField(label="Tổ chức vay vốn phải có tài sản thế chấp",
                                                      required=False)
    line_code = forms.CharField(label="Mã dòng chương trình (để trống: theo chính sách)", max_length=32,
                                required=False)
    note = forms.CharField(label="Ghi chú", max_length=500, required=False)
