"""Indicators derived from support records (``engine.providers``).

==========================  ==========================  ==============================================
indicator                   option                      counted
==========================  ==========================  ==============================================
SUPPORT_APPROVED_QUANTITY   item code (SUPPORT_ITEM)    approved quantity of applications approved in
                                                        the period (approved, accepted or paid)
SUPPORT_ACCEPTED_QUANTITY   item code (SUPPORT_ITEM)    accepted quantity of applications accepted in
                                                        the period (accepted or paid) + quantities of
                                                        summary rows of the period
SUPPORT_BENEFICIARIES       policy line (CAPITAL_LINE)  distinct beneficiaries of applications
                                                        approved in the period and of loans disbursed
                                                        in it, + households of summary rows
SUPPORT_PAID (triệu đồng)   source (SUPPORT_SOURCE)     amounts paid in the period + amounts of
                                                        summary rows (state budget, credit, social)
==========================  ==========================  ==============================================

A total over items is given only when the items share a unit of measure (m² and m³
do not add up).  ``covers`` follows ``records.providers`` (register ``support``).
Summary rows count households as the document reports them: a household supported
in two years counts twice, as in the document's own totals.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Q, Sum

from bacthang.lib.numbers import format_number
from periods.models import Period
from records.models import FundingSource
from records.providers import RecordProvider, Source
from records.spans import fields_of, span_inside, span_straddles
from records.territory import Territory

from .models import Application, Loan, LoanStatus, Register, Status, SupportSummary

# The option of the SUPPORT_SOURCE disaggregation each funding source counts in.
SUPPORT_SOURCE_OPTION = {
    FundingSource.CENTRAL: "STATE_BUDGET", FundingSource.PROVINCE: "STATE_BUDGET",
    FundingSource.DISTRICT: "STATE_BUDGET", FundingSource.COMMUNE: "STATE_BUDGET",
    FundingSource.COMBINED: "STATE_BUDGET", FundingSource.CREDIT: "CREDIT",
    FundingSource.PEOPLE: "SOCIAL", FundingSource.OTHER: "SOCIAL",
}


def sources_in(option: str) -> list[str]:
    return [s for s, o in SUPPORT_SOURCE_OPTION.items() if o == option]

APPROVED_OR_LATER = (Status.APPROVED, Status.ACCEPTED, Status.PAID)
ACCEPTED_OR_LATER = (Status.ACCEPTED, Status.PAID)
DECIDED, ACCEPTED, PAID = fields_of("decided"), fields_of("accepted"), fields_of("paid")
LOAN_DISBURSED = ("disbursed_on", "disbursed_on")
SUMMARY = ("period__start", "period__end")


def _item_q(option: str | None) -> Q:
    return Q(item__code=option) if option else Q()


def _line_q(option: str | None) -> Q:
    if not option:
        return Q()
    return Q(item__line_code=option) | Q(item__line_code="", item__policy__line_code=option)


def _source_q(option: str | None) -> Q:
    return Q(fund_source__in=sources_in(option)) if option else Q()


class SupportProvider(RecordProvider):
    register = Register.SUPPORT

    def sources(self) -> list[Source]:
        return [
            Source(Application, DECIDED, base=Q(status__in=APPROVED_OR_LATER)),
            Source(Application, ACCEPTED, base=Q(status__in=ACCEPTED_OR_LATER)),
            Source(Application, PAID, base=Q(status=Status.PAID)),
            Source(Loan, LOAN_DISBURSED, base=Q(status=LoanStatus.DISBURSED)),
            Source(SupportSummary, SUMMARY),
        ]

    @staticmethod
    def _unplaced(period: Period, *parts) -> int:
        return sum(qs.filter(span_straddles(span, period)).count() for qs, span in parts)

    @staticmethod
    def _unknown(period: Period, n: int) -> tuple[None, str]:
        return None, (f"Không tách được số liệu kỳ {period.code}: {n} hồ sơ hoặc số liệu tổng hợp chỉ biết trong "
                      "một khoảng thời gian rộng hơn kỳ này.")


class QuantityProvider(SupportProvider):
    """Approved or accepted quantity of an item."""

    def __init__(self, stage: str):
        self.stage = stage

    def compute(self, terr: Territory, option: str | None, period: Period):
        if self.stage == "approved":
            apps = Application.objects.filter(terr.q(), _item_q(option), status__in=APPROVED_OR_LATER)
            span, field, summaries = DECIDED, "approved_quantity", SupportSummary.objects.none()
            verb = "phê duyệt"
        else:
            apps = Application.objects.filter(terr.q(), _item_q(option), status__in=ACCEPTED_OR_LATER)
            span, field = ACCEPTED, "accepted_quantity"
            summaries = SupportSummary.objects.filter(terr.q(), _item_q(option), quantity__isnull=False)
            verb = "nghiệm thu"
        unplaced = self._unplaced(period, (apps, span), (summaries, SUMMARY))
        if unplaced:
            return self._unknown(period, unplaced)
        rows = list(apps.filter(span_inside(span, period)).values("item__measure").annotate(q=Sum(field)))
        rows += list(summaries.filter(span_inside(SUMMARY, period)).values("item__measure").annotate(q=Sum("quantity")))
        measures = {r["item__measure"] for r in rows}
        n_apps = apps.filter(span_inside(span, period)).count()
        if option is None and len(measures) > 1:
            return None, ("Các hạng mục hỗ trợ có đơn vị tính khác nhau (" + ", ".join(sorted(measures)) +
                          "), không cộng thành một tổng; xem từng hạng mục.")
        total = sum((r["q"] or Decimal(0) for r in rows), Decimal(0))
        return total, f"Cộng khối lượng {verb} của {format_number(n_apps)} hồ sơ hỗ trợ trong kỳ {period.code}" + (
            " và số liệu tổng hợp." if summaries.exists() else ".")


class BeneficiariesProvider(SupportProvider):
    def compute(self, terr: Territory, option: str | None, period: Period):
        apps = Application.objects.filter(terr.q(), _line_q(option), status__in=APPROVED_OR_LATER)
        loans = Loan.objects.filter(terr.q(), _line_q(option), status=LoanStatus.DISBURSED)
        summaries = SupportSummary.objects.filter(terr.q(), _line_q(option), households__isnull=False)
        unplaced = self._unplaced(period, (apps, DECIDED), (loans, LOAN_DISBURSED), (summaries, SUMMARY))
        if unplaced:
            return self._unknown(period, unplaced)
        people = set(apps.filter(span_inside(DECIDED, period)).values_list("beneficiary_id", flat=True))
        people |= set(loans.filter(span_inside(LOAN_DISBURSED, period)).values_list("beneficiary_id", flat=True))
        households = summaries.filter(span_inside(SUMMARY, period)).aggregate(n=Sum("households"))["n"] or 0
        text = f"Đếm {format_number(len(people))} đối tượng có hồ sơ được phê duyệt hoặc khoản vay giải ngân trong kỳ"
        if households:
            text += f", cộng {format_number(households)} hộ theo số liệu tổng hợp (không có danh sách từng hộ)"
        return Decimal(len(people) + households), text + "."


class PaidProvider(SupportProvider):
    def compute(self, terr: Territory, option: str | None, period: Period):
        apps = Application.objects.filter(terr.q(), _source_q(option), status=Status.PAID)
        summaries = SupportSummary.objects.filter(terr.q(), _source_q(option), amount_paid__isnull=False)
        unplaced = self._unplaced(period, (apps, PAID), (summaries, SUMMARY))
        if unplaced:
            return self._unknown(period, unplaced)
        paid = apps.filter(span_inside(PAID, period)).aggregate(s=Sum("paid_amount"), n=Count("id"))
        from_summaries = summaries.filter(span_inside(SUMMARY, period)).aggregate(s=Sum("amount_paid"))["s"]
        total = (paid["s"] or Decimal(0)) + (from_summaries or Decimal(0))
        text = f"Cộng số tiền đã chi trả của {format_number(paid['n'] or 0)} hồ sơ trong kỳ {period.code}"
        if from_summaries:
            text += f" và {format_number(from_summaries)} triệu đồng theo số liệu tổng hợp"
        return total, text + "."


PROVIDERS = {
    "SUPPORT_APPROVED_QUANTITY": QuantityProvider("approved"),
    "SUPPORT_ACCEPTED_QUANTITY": QuantityProvider("accepted"),
    "SUPPORT_BENEFICIARIES": BeneficiariesProvider(),
    "SUPPORT_PAID": PaidProvider(),
}
