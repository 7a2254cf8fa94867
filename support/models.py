"""Support policies and the money they pay out.

* :class:`Policy` — the legal basis (Nghị quyết 07/2022/NQ-HĐND of Lai Châu, Nghị quyết
  58/2020/NQ-HĐND of Hà Giang), with its valid period and eligible area.
* :class:`SupportItem` — what a policy supports (m² of barn, m³ of biogas, ha of
  grass, beehives, ha of garden, loans), with a rate per unit of measure or a share
  of the cost, and a ceiling per beneficiary.  Its ``code`` is the option of the
  ``SUPPORT_ITEM`` disaggregation it feeds (``BARN_M2`` …).
* :class:`Beneficiary` — a household (head's name and ID number), cooperative or firm.
* :class:`Application` — registered → approved (decision) → accepted (nghiệm thu) →
  paid, or rejected with a reason.  Only ``support.actions`` changes it.
* :class:`Loan` — a loan under a policy (borrower, area, amount, bank, status).
* :class:`SupportSummary` — figures a document gives only as totals (Hà Giang: 1.032
  hộ / 30.355 triệu đồng in 2021), stored as totals and said to be so.
* :class:`RegisterScope` — where every record of a register is kept in the system
  (a proxy of ``records.models.Coverage``, the ``covers`` rule of ``records.providers``).

Money is in triệu đồng (million VND) throughout.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from records.models import MONEY, QUANTITY, Coverage, CoverageOf, FundingSource
from records.registers import record_registers


class Register(models.TextChoices):
    """The registers this app keeps (their ``records.models.Coverage`` declarations)."""

    SUPPORT = "support", _("Hỗ trợ theo chính sách")



class RegisterScope(Coverage):
    """The coverage declarations of the record registers (support, capital, works,
    incidents): a proxy of ``records.models.Coverage``."""

    objects = CoverageOf(record_registers)

    class Meta:
        proxy = True
        verbose_name = _("địa bàn quản lý hồ sơ trên hệ thống")
        verbose_name_plural = _("địa bàn quản lý hồ sơ trên hệ thống")


class Policy(models.Model):
    code = models.CharField(_("số hiệu"), max_length=64, unique=True, help_text=_("Ví dụ 07/2022/NQ-HĐND."))
    title = models.CharField(_("trích yếu"), max_length=500)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=255, blank=True)
    signed_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    unit = models.ForeignKey("units.Unit", verbose_name=_("địa bàn áp dụng"), on_delete=models.PROTECT,
                             related_name="+")
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    programmes = models.ManyToManyField("programmes.Programme", verbose_name=_("thực hiện chương trình, nghị quyết"),
                                        blank=True, related_name="+")
    line_code = models.CharField(
        _("mã dòng chương trình, chính sách"), max_length=32, blank=True,
        help_text=_("Nhóm của phân tổ CAPITAL_LINE mà số đối tượng thụ hưởng được tính vào, ví dụ LC_NQ07_SUPPORT."))
    note = models.TextField(_("ghi chú"), blank=True)
    source = models.CharField(_("nguồn"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("chính sách hỗ trợ")
        verbose_name_plural = _("chính sách hỗ trợ")
        ordering = ["unit__code", "code"]

    def __str__(self) -> str:
        return f"Nghị quyết {self.code}" if "NQ" in self.code else self.code


class ItemKind(models.TextChoices):
    GRANT = "grant", _("Hỗ trợ trực tiếp")
    LOAN = "loan", _("Hỗ trợ vay vốn")


class RateKind(models.TextChoices):
    PER_UNIT = "per_unit", _("Mức tiền trên một đơn vị")
    PERCENT_OF_COST = "percent", _("Tỷ lệ % chi phí")


class SupportItem(models.Model):
    policy = models.ForeignKey(Policy, verbose_name=_("chính sách"), on_delete=models.CASCADE, related_name="items")
    code = models.CharField(_("mã hạng mục"), max_length=32, blank=True,
                            help_text=_("Nhóm của chỉ tiêu hỗ trợ (phân tổ SUPPORT_ITEM), ví dụ BARN_M2."))
    line_code = models.CharField(
        _("mã dòng chương trình, chính sách"), max_length=32, blank=True,
        help_text=_("Để trống: theo chính sách. Nhóm CAPITAL_LINE khi một chính sách thực hiện nhiều nghị quyết."))
    name = models.CharField(_("nội dung hỗ trợ"), max_length=255)
    kind = models.CharField(_("hình thức"), max_length=8, choices=ItemKind.choices, default=ItemKind.GRANT)
    measure = models.CharField(_("đơn vị tính"), max_length=32, help_text=_("m², m³, ha, thùng, hộ …"))
    rate_kind = models.CharField(_("cách tính mức hỗ trợ"), max_length=8, choices=RateKind.choices,
                                 default=RateKind.PER_UNIT)
    rate = models.DecimalField(_("mức hỗ trợ (triệu đồng/đơn vị tính)"), null=True, blank=True, **MONEY)
    percent = models.DecimalField(_("tỷ lệ hỗ trợ (% chi phí)"), max_digits=6, decimal_places=2, null=True,
                                  blank=True)
    ceiling = models.DecimalField(_("mức tối đa (triệu đồng/đối tượng)"), null=True, blank=True, **MONEY)
    valid_from = models.DateField(_("áp dụng từ"), null=True, blank=True)
    valid_to = models.DateField(_("áp dụng đến"), null=True, blank=True)
    eligible_unit = models.ForeignKey("units.Unit", verbose_name=_("địa bàn được hỗ trợ"), null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+",
                                      help_text=_("Để trống: toàn địa bàn áp dụng của chính sách."))
    allow_household = models.BooleanField(_("hộ gia đình, cá nhân"), default=True)
    allow_cooperative = models.BooleanField(_("hợp tác xã, tổ hợp tác"), default=True)
    allow_firm = models.BooleanField(_("doanh nghiệp"), default=True)
    land_in_home_commune = models.BooleanField(
        _("đất thực hiện phải ở xã đăng ký thường trú"), default=False,
        help_text=_("Hộ chỉ được hỗ trợ trên đất tại xã nơi đăng ký hộ khẩu thường trú."))
    collateral_for_organisations = models.BooleanField(
        _("tổ chức vay vốn phải có tài sản thế chấp"), default=False)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("hạng mục hỗ trợ")
        verbose_name_plural = _("hạng mục hỗ trợ")
        ordering = ["policy__code", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.measure})"

    @property
    def line(self) -> str:
        return self.line_code or self.policy.line_code

    @property
    def area(self):
        return self.eligible_unit or self.policy.unit

    @property
    def starts(self):
        return self.valid_from or self.policy.valid_from

    @property
    def ends(self):
        return self.valid_to or self.policy.valid_to


class BeneficiaryKind(models.TextChoices):
    HOUSEHOLD = "household", _("Hộ gia đình, cá nhân")
    COOPERATIVE = "cooperative", _("Hợp tác xã, tổ hợp tác")
    FIRM = "firm", _("Doanh nghiệp")


class Beneficiary(models.Model):
    kind = models.CharField(_("loại đối tượng"), max_length=12, choices=BeneficiaryKind.choices,
                            default=BeneficiaryKind.HOUSEHOLD)
    name = models.CharField(_("tên (chủ hộ, tổ chức)"), max_length=255)
    id_number = models.CharField(_("số CCCD chủ hộ / mã số thuế"), max_length=20, blank=True)
    home_unit = models.ForeignKey("units.Unit", verbose_name=_("xã đăng ký thường trú / trụ sở"),
                                  on_delete=models.PROTECT, related_name="+")
    village = models.CharField(_("thôn, bản, tổ dân phố"), max_length=128, blank=True)
    cooperative = models.ForeignKey("registries.Cooperative", verbose_name=_("HTX trong sổ đăng ký"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    is_placeholder = models.BooleanField(
        _("đối tượng giả định"), default=False,
        help_text=_("Dữ liệu mẫu: văn bản nguồn chỉ nêu số tổng, không có danh sách từng đối tượng."))

    class Meta:
        verbose_name = _("đối tượng thụ hưởng")
        verbose_name_plural = _("đối tượng thụ hưởng")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Status(models.TextChoices):
    REGISTERED = "registered", _("Đã đăng ký")
    APPROVED = "approved", _("Đã phê duyệt")
    ACCEPTED = "accepted", _("Đã nghiệm thu")
    PAID = "paid", _("Đã chi trả")
    REJECTED = "rejected", _("Không được hỗ trợ")


class Application(models.Model):
    item = models.ForeignKey(SupportItem, verbose_name=_("hạng mục hỗ trợ"), on_delete=models.PROTECT,
                             related_name="applications")
    beneficiary = models.ForeignKey(Beneficiary, verbose_name=_("đối tượng"), on_delete=models.PROTECT,
                                    related_name="applications")
    unit = models.ForeignKey("units.Unit", verbose_name=_("địa bàn thực hiện"), on_delete=models.PROTECT,
                             related_name="+")
    village = models.CharField(_("thôn, bản"), max_length=128, blank=True)
    registered_on = models.DateField(_("ngày đăng ký"))
    quantity = models.DecimalField(_("khối lượng đăng ký"), **QUANTITY)
    cost = models.DecimalField(_("tổng chi phí dự kiến (triệu đồng)"), null=True, blank=True, **MONEY)
    requested_amount = models.DecimalField(_("số tiền đề nghị hỗ trợ (triệu đồng)"), null=True, blank=True,
                                           **MONEY)
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.REGISTERED,
                              db_index=True)
    # approval
    decision_number = models.CharField(_("số quyết định phê duyệt"), max_length=64, blank=True)
    decided_on = models.DateField(_("ngày phê duyệt"), null=True, blank=True)
    decided_from = models.DateField(_("phê duyệt từ ngày (khi không rõ ngày)"), null=True, blank=True)
    approved_quantity = models.DecimalField(_("khối lượng được duyệt"), null=True, blank=True, **QUANTITY)
    approved_amount = models.DecimalField(_("kinh phí được duyệt (triệu đồng)"), null=True, blank=True, **MONEY)
    # acceptance (nghiệm thu)
    accepted_on = models.DateField(_("ngày nghiệm thu"), null=True, blank=True)
    accepted_from = models.DateField(_("nghiệm thu từ ngày (khi không rõ ngày)"), null=True, blank=True)
    accepted_quantity = models.DecimalField(_("khối lượng nghiệm thu"), null=True, blank=True, **QUANTITY)
    accepted_cost = models.DecimalField(_("chi phí nghiệm thu (triệu đồng)"), null=True, blank=True, **MONEY)
    amount = models.DecimalField(_("kinh phí hỗ trợ sau nghiệm thu (triệu đồng)"), null=True, blank=True, **MONEY)
    amount_note = models.CharField(_("cách tính kinh phí"), max_length=255, blank=True)
    # payment
    paid_on = models.DateField(_("ngày chi trả"), null=True, blank=True)
    paid_from = models.DateField(_("chi trả từ ngày (khi không rõ ngày)"), null=True, blank=True)
    paid_amount = models.DecimalField(_("số tiền đã chi trả (triệu đồng)"), null=True, blank=True, **MONEY)
    fund_source = models.CharField(_("nguồn kinh phí"), max_length=12, choices=FundingSource.choices, blank=True)
    # rejection
    rejected_on = models.DateField(_("ngày từ chối"), null=True, blank=True)
    rejection_reason = models.CharField(_("lý do không hỗ trợ"), max_length=500, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    source = models.CharField(_("nguồn"), max_length=500, blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("hồ sơ hỗ trợ")
        verbose_name_plural = _("hồ sơ hỗ trợ")
        ordering = ["-registered_on", "-id"]

    def __str__(self) -> str:
        return f"{self.beneficiary.name} — {self.item.name}"

    @property
    def policy(self) -> Policy:
        return self.item.policy


class LoanStatus(models.TextChoices):
    REGISTERED = "registered", _("Đã đăng ký vay")
    APPROVED = "approved", _("Đủ điều kiện, đã duyệt")
    DISBURSED = "disbursed", _("Đã giải ngân")
    REJECTED = "rejected", _("Không đủ điều kiện vay")


class Loan(models.Model):
    item = models.ForeignKey(SupportItem, verbose_name=_("hạng mục hỗ trợ vay vốn"), on_delete=models.PROTECT,
                             related_name="loans")
    beneficiary = models.ForeignKey(Beneficiary, verbose_name=_("người vay"), on_delete=models.PROTECT,
                                    related_name="loans")
    unit = models.ForeignKey("units.Unit", verbose_name=_("xã có đất đầu tư"), on_delete=models.PROTECT,
                             related_name="+")
    area_ha = models.DecimalField(_("diện tích (ha)"), null=True, blank=True, **QUANTITY)
    amount = models.DecimalField(_("số tiền vay (triệu đồng)"), null=True, blank=True, **MONEY)
    bank = models.CharField(_("ngân hàng cho vay"), max_length=255, blank=True)
    has_collateral = models.BooleanField(_("có tài sản thế chấp"), default=False)
    applied_on = models.DateField(_("ngày đăng ký vay"))
    status = models.CharField(_("trạng thái"), max_length=12, choices=LoanStatus.choices,
                              default=LoanStatus.REGISTERED)
    contract_number = models.CharField(_("số hợp đồng tín dụng"), max_length=64, blank=True)
    disbursed_on = models.DateField(_("ngày giải ngân"), null=True, blank=True)
    rejection_reason = models.CharField(_("lý do không cho vay"), max_length=500, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("khoản vay")
        verbose_name_plural = _("khoản vay")
        ordering = ["-applied_on", "-id"]

    def __str__(self) -> str:
        return f"{self.beneficiary.name} — {self.item.policy.code}"


class SupportSummary(models.Model):
    """Totals a document gives without the list of beneficiaries (stored as totals, never split)."""

    item = models.ForeignKey(SupportItem, verbose_name=_("hạng mục hỗ trợ"), on_delete=models.PROTECT,
                             related_name="summaries")
    unit = models.ForeignKey("units.Unit", verbose_name=_("địa bàn"), on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey("periods.Period", verbose_name=_("kỳ"), on_delete=models.PROTECT, related_name="+")
    households = models.PositiveIntegerField(_("số hộ, đối tượng được hỗ trợ"), null=True, blank=True)
    quantity = models.DecimalField(_("khối lượng thực hiện"), null=True, blank=True, **QUANTITY)
    amount_paid = models.DecimalField(_("kinh phí đã chi trả (triệu đồng)"), null=True, blank=True, **MONEY)
    fund_source = models.CharField(_("nguồn kinh phí"), max_length=12, choices=FundingSource.choices,
                                   default=FundingSource.UNKNOWN)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    source = models.CharField(_("nguồn"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("số liệu tổng hợp hỗ trợ")
        verbose_name_plural = _("số liệu tổng hợp hỗ trợ")
        ordering = ["unit__code", "period__start", "id"]
        constraints = [models.UniqueConstraint(fields=["item", "unit", "period"], name="support_summary_unique")]

    def __str__(self) -> str:
        return f"{self.item.name} — {self.unit.name} — {self.period.code}"
