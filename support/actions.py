"""The one write path of support records: every change validates, saves and writes an
audit row in one transaction.  Views, the demo loader and tests all call these.

Workflow of an application::

    registered ──do_approve──▶ approved ──do_accept──▶ accepted ──do_pay──▶ paid
        │                         │                       │
        └────────────── do_reject (with a reason) ────────┘──▶ rejected

The support amount follows the item's rate (triệu đồng per unit of measure, or a share
of the cost) applied to the accepted quantity, capped by the ceiling per beneficiary
(what the same beneficiary already received for the same item counts against it).
An ineligible application is refused with the reason, in Vietnamese, and nothing is
stored.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction

from accounts.scope import can_manage, can_write
from audit.models import Action
from bacthang.lib.numbers import format_number, format_quantity
from periods.models import Period
from records.actions import Refused, audit, do_declare_coverage, require, snapshot
from records.models import FundingSource
from records.spans import check_span
from records.territory import territory
from units.models import Unit

from .models import (
    Application,
    Beneficiary,
    BeneficiaryKind,
    ItemKind,
    Loan,
    LoanStatus,
    Policy,
    RateKind,
    RegisterScope,
    Status,
    SupportItem,
    SupportSummary,
)

CENT = Decimal("0.000001")  # one đồng, in triệu đồng


def _money(v: Decimal) -> Decimal:
    return v.quantize(CENT, rounding=ROUND_HALF_UP)


def _tr(v) -> str:
    return f"{format_number(v, 3)} triệu đồng"


# --------------------------------------------------------------------------- amounts


def granted_before(beneficiary: Beneficiary, item: SupportItem, exclude_pk: int | None = None) -> Decimal:
    """What the beneficiary already has for this item (accepted amounts, else approved amounts)."""
    total = Decimal(0)
    qs = Application.objects.filter(beneficiary=beneficiary, item=item).exclude(status=Status.REJECTED)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    for amount, approved in qs.values_list("amount", "approved_amount"):
        total += amount if amount is not None else (approved or Decimal(0))
    return total


def compute_amount(item: SupportItem, quantity: Decimal, cost: Decimal | None = None,
                   already: Decimal = Decimal(0)) -> tuple[Decimal | None, str]:
    """(amount in triệu đồng, how it was computed); amount None when the item has no rate yet."""
    if item.rate_kind == RateKind.PERCENT_OF_COST:
        if item.percent is None:
            return None, "Hạng mục chưa có tỷ lệ hỗ trợ."
        if cost is None:
            return None, "Chưa có chi phí để tính tỷ lệ hỗ trợ."
        raw = cost * item.percent / Decimal(100)
        how = f"{format_number(item.percent)}% × {_tr(cost)} = {_tr(raw)}"
    else:
        if item.rate is None:
            return None, "Hạng mục chưa có mức hỗ trợ."
        raw = item.rate * quantity
        how = (f"{format_quantity(quantity, item.measure)} × {format_number(item.rate, 6)} triệu đồng/"
               f"{item.measure} = {_tr(raw)}")
    amount = raw
    if item.ceiling is not None:
        room = max(item.ceiling - already, Decimal(0))
        if raw > room:
            amount = room
            if already:
                how += (f"; giới hạn ở mức tối đa {_tr(item.ceiling)}/đối tượng, đã nhận {_tr(already)} "
                        f"nên còn {_tr(room)}")
            else:
                how += f"; giới hạn ở mức tối đa {_tr(item.ceiling)}/đối tượng"
    return _money(amount), how


# --------------------------------------------------------------------------- eligibility


def _within(unit: Unit, area: Unit) -> bool:
    return unit.code == area.code or unit.code.startswith(area.code + ".") or territory(area).contains(unit)


def _same_commune(home: Unit, unit: Unit) -> bool:
    """The same commune, or the same territory across the 2025 reform (an old commune merged into the new one)."""
    if home.pk == unit.pk:
        return True
    if unit.is_post_reform != home.is_post_reform:
        return territory(home).contains(unit) or territory(unit).contains(home)
    return False


def eligibility_problems(item: SupportItem, beneficiary: Beneficiary, unit: Unit, on: dt.date, *,
                         has_collateral: bool | None = None) -> list[str]:
    """Why ``beneficiary`` may not receive ``item`` on ``unit`` (empty: eligible)."""
    problems = []
    policy = item.policy
    allowed = {BeneficiaryKind.HOUSEHOLD: item.allow_household, BeneficiaryKind.COOPERATIVE: item.allow_cooperative,
               BeneficiaryKind.FIRM: item.allow_firm}
    if not allowed.get(beneficiary.kind, False):
        problems.append(f"{policy} không hỗ trợ «{item.name}» cho đối tượng là "
                        f"{beneficiary.get_kind_display().lower()}.")
    area = item.area
    if not _within(unit, area):
        problems.append(f"{unit.name} nằm ngoài địa bàn được hỗ trợ của {policy} ({area.name}).")
    if item.starts and on < item.starts:
        problems.append(f"Ngày đăng ký {on:%d/%m/%Y} trước ngày {policy} bắt đầu áp dụng ({item.starts:%d/%m/%Y}).")
    if item.ends and on > item.ends:
        problems.append(f"Ngày đăng ký {on:%d/%m/%Y} sau ngày {policy} hết hiệu lực ({item.ends:%d/%m/%Y}).")
    if (item.land_in_home_commune and beneficiary.kind == BeneficiaryKind.HOUSEHOLD
            and not _same_commune(beneficiary.home_unit, unit)):
        home = beneficiary.home_unit
        problems.append(
            f"Đất thực hiện ở {unit.name} không nằm trong xã đăng ký hộ khẩu thường trú của hộ ({home.name}); "
            f"theo {policy}, hộ chỉ được hỗ trợ trên đất tại xã nơi đăng ký thường trú.")
    if (item.collateral_for_organisations and has_collateral is False
            and beneficiary.kind in (BeneficiaryKind.COOPERATIVE, BeneficiaryKind.FIRM)):
        problems.append(f"{beneficiary.name} không có tài sản thế chấp nên không đủ điều kiện vay vốn theo {policy}.")
    return problems


# --------------------------------------------------------------------------- beneficiaries


def find_or_create_beneficiary(*, user, channel: str, kind: str, name: str, home_unit: Unit, id_number: str = "",
                               village: str = "", cooperative=None, is_placeholder: bool = False) -> Beneficiary:
    """The same household (by ID number, else by name and commune) is one beneficiary."""
    name = " ".join((name or "").split())
    id_number = (id_number or "").strip()
    if not name:
        raise Refused("Cần ghi tên chủ hộ hoặc tên tổ chức.")
    if kind not in BeneficiaryKind.values:
        raise Refused("Loại đối tượng không hợp lệ.")
    if id_number:
        found = Beneficiary.objects.filter(kind=kind, id_number=id_number).first()
    else:
        found = Beneficiary.objects.filter(kind=kind, id_number="", name__iexact=name, home_unit=home_unit).first()
    if found is not None:
        if found.name.casefold() != name.casefold() or found.home_unit_id != home_unit.pk:
            raise Refused(f"Số CCCD/mã số thuế {id_number} đã thuộc {found.name} ({found.home_unit.name}).")
        return found
    b = Beneficiary.objects.create(kind=kind, name=name, id_number=id_number, home_unit=home_unit, village=village,
                                   cooperative=cooperative, is_placeholder=is_placeholder)
    audit(b, None, user=user, channel=channel, action=Action.CREATE, unit_code=home_unit.code,
          reason="Thêm đối tượng thụ hưởng")
    return b


# --------------------------------------------------------------------------- applications


def _positive(value, label: str) -> list[str]:
    if value is None:
        return [f"Cần nhập {label}."]
    if value <= 0:
        return [f"{label[:1].upper() + label[1:]} phải lớn hơn 0."]
    return []


def _check_request(item: SupportItem, quantity, cost, requested_amount, beneficiary: Beneficiary) -> list[str]:
    problems = _positive(quantity, "khối lượng đăng ký")
    if item.kind != ItemKind.GRANT:
        problems.append(f"«{item.name}» là hỗ trợ vay vốn: đăng ký ở mục khoản vay.")
    if item.rate_kind == RateKind.PERCENT_OF_COST and cost is None:
        problems.append("Hạng mục hỗ trợ theo tỷ lệ chi phí: cần nhập tổng chi phí dự kiến.")
    if requested_amount is not None:
        if requested_amount < 0:
            problems.append("Số tiền đề nghị không được âm.")
        elif item.ceiling is not None:
            room = max(item.ceiling - granted_before(beneficiary, item), Decimal(0))
            if requested_amount > room:
                problems.append(
                    f"Số tiền đề nghị {_tr(requested_amount)} vượt mức hỗ trợ tối đa {_tr(item.ceiling)}/đối tượng"
                    + (f" (đối tượng đã được hỗ trợ {_tr(item.ceiling - room)})" if room < item.ceiling else "")
                    + ".")
    return problems


@transaction.atomic
def do_register_application(*, user, channel: str, item: SupportItem, beneficiary: Beneficiary, unit: Unit,
                            quantity: Decimal, registered_on: dt.date, village: str = "", cost: Decimal | None = None,
                            requested_amount: Decimal | None = None, note: str = "",
                            source: str = "") -> Application:
    require(can_write, user, unit, "đăng ký hồ sơ hỗ trợ")
    problems = eligibility_problems(item, beneficiary, unit, registered_on)
    problems += _check_request(item, quantity, cost, requested_amount, beneficiary)
    if problems:
        raise Refused(problems)
    app = Application.objects.create(item=item, beneficiary=beneficiary, unit=unit, village=village,
                                     registered_on=registered_on, quantity=quantity, cost=cost,
                                     requested_amount=requested_amount, note=note, source=source)
    audit(app, None, user=user, channel=channel, action=Action.CREATE, reason="Đăng ký hồ sơ hỗ trợ")
    return app


EDITABLE = ("item", "beneficiary", "unit", "village", "registered_on", "quantity", "cost", "requested_amount",
            "note")


@transaction.atomic
def do_update_application(app: Application, *, user, channel: str, **changes) -> Application:
    """Correct a registered application (not once it is approved)."""
    app = Application.objects.select_for_update().select_related("item__policy", "beneficiary").get(pk=app.pk)
    require(can_write, user, app.unit, "sửa hồ sơ hỗ trợ")
    if app.status != Status.REGISTERED:
        raise Refused(f"Hồ sơ đã ở trạng thái «{app.get_status_display()}»: chỉ sửa được hồ sơ mới đăng ký.")
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise Refused("Không sửa được: " + ", ".join(sorted(unknown)))
    old = snapshot(app)
    for k, v in changes.items():
        setattr(app, k, v)
    require(can_write, user, app.unit, "sửa hồ sơ hỗ trợ")
    problems = eligibility_problems(app.item, app.beneficiary, app.unit, app.registered_on)
    problems += _check_request(app.item, app.quantity, app.cost, app.requested_amount, app.beneficiary)
    if problems:
        raise Refused(problems)
    if snapshot(app) != old:
        app.save()
        audit(app, old, user=user, channel=channel, action=Action.UPDATE, reason="Sửa hồ sơ hỗ trợ")
    return app


def _locked(app: Application) -> Application:
    return Application.objects.select_for_update().select_related("item__policy", "beneficiary__home_unit",
                                                                  "unit").get(pk=app.pk)


def _expect(app: Application, allowed: tuple[str, ...], doing: str) -> None:
    if app.status not in allowed:
        need = " hoặc ".join(f"«{Status(s).label}»" for s in allowed)
        raise Refused(f"Hồ sơ đang ở trạng thái «{app.get_status_display()}»: chỉ {doing} hồ sơ {need}.")


@transaction.atomic
def do_approve(app: Application, *, user, channel: str, decision_number: str, decided_on: dt.date,
               approved_quantity: Decimal | None = None, decided_from: dt.date | None = None,
               note: str = "") -> Application:
    app = _locked(app)
    require(can_manage, user, app.unit, "phê duyệt hỗ trợ")
    _expect(app, (Status.REGISTERED,), "phê duyệt")
    qty = app.quantity if approved_quantity is None else approved_quantity
    problems = eligibility_problems(app.item, app.beneficiary, app.unit, app.registered_on)
    if not (decision_number or "").strip():
        problems.append("Cần ghi số quyết định phê duyệt.")
    if decided_on is None:
        problems.append("Cần ghi ngày phê duyệt.")
    elif decided_on < app.registered_on:
        problems.append(f"Ngày phê duyệt {decided_on:%d/%m/%Y} trước ngày đăng ký {app.registered_on:%d/%m/%Y}.")
    problems += check_span(decided_on, decided_from, "Ngày phê duyệt")
    problems += _positive(qty, "khối lượng được duyệt")
    if qty is not None and qty > app.quantity:
        problems.append(f"Khối lượng duyệt {format_quantity(qty, app.item.measure)} lớn hơn khối lượng đăng ký "
                        f"{format_quantity(app.quantity, app.item.measure)}.")
    if problems:
        raise Refused(problems)
    old = snapshot(app)
    cost = app.cost * qty / app.quantity if app.cost is not None else None
    amount, how = compute_amount(app.item, qty, cost, granted_before(app.beneficiary, app.item, app.pk))
    app.status = Status.APPROVED
    app.decision_number = decision_number.strip()
    app.decided_on, app.decided_from = decided_on, decided_from or decided_on
    app.approved_quantity, app.approved_amount, app.amount_note = qty, amount, how
    if note:
        app.note = (app.note + "\n" + note).strip()
    app.save()
    audit(app, old, user=user, channel=channel, action=Action.UPDATE,
          reason=f"Phê duyệt hỗ trợ (QĐ {app.decision_number})")
    return app


@transaction.atomic
def do_accept(app: Application, *, user, channel: str, accepted_on: dt.date, accepted_quantity: Decimal,
              accepted_cost: Decimal | None = None, accepted_from: dt.date | None = None) -> Application:
    """Record the acceptance inspection (nghiệm thu) and compute the support amount."""
    app = _locked(app)
    require(can_manage, user, app.unit, "nghiệm thu hỗ trợ")
    _expect(app, (Status.APPROVED,), "nghiệm thu")
    problems = _positive(accepted_quantity, "khối lượng nghiệm thu")
    if accepted_on is None:
        problems.append("Cần ghi ngày nghiệm thu.")
    elif app.decided_on and accepted_on < app.decided_on:
        problems.append(f"Ngày nghiệm thu {accepted_on:%d/%m/%Y} trước ngày phê duyệt {app.decided_on:%d/%m/%Y}.")
    problems += check_span(accepted_on, accepted_from, "Ngày nghiệm thu")
    approved = app.approved_quantity
    if accepted_quantity is not None and approved is not None and accepted_quantity > approved:
        m = app.item.measure
        problems.append(f"Khối lượng nghiệm thu {format_quantity(accepted_quantity, m)} vượt khối lượng được duyệt "
                        f"{format_quantity(app.approved_quantity, m)}; chỉ hỗ trợ trong phạm vi được duyệt.")
    if problems:
        raise Refused(problems)
    cost = accepted_cost
    if cost is None and app.cost is not None:
        cost = app.cost * accepted_quantity / app.quantity
    amount, how = compute_amount(app.item, accepted_quantity, cost, granted_before(app.beneficiary, app.item, app.pk))
    if amount is None:
        raise Refused(f"Không tính được kinh phí hỗ trợ: {how} Cập nhật mức hỗ trợ của chính sách trước khi "
                      "nghiệm thu.")
    old = snapshot(app)
    app.status = Status.ACCEPTED
    app.accepted_on, app.accepted_from = accepted_on, accepted_from or accepted_on
    app.accepted_quantity, app.accepted_cost = accepted_quantity, accepted_cost
    app.amount, app.amount_note = amount, how
    app.save()
    audit(app, old, user=user, channel=channel, action=Action.UPDATE, reason="Nghiệm thu")
    return app


@transaction.atomic
def do_pay(app: Application, *, user, channel: str, paid_on: dt.date, fund_source: str,
           paid_amount: Decimal | None = None, paid_from: dt.date | None = None) -> Application:
    app = _locked(app)
    require(can_manage, user, app.unit, "chi trả hỗ trợ")
    _expect(app, (Status.ACCEPTED,), "chi trả")
    amount = app.amount if paid_amount is None else paid_amount
    problems = []
    if paid_on is None:
        problems.append("Cần ghi ngày chi trả.")
    elif app.accepted_on and paid_on < app.accepted_on:
        problems.append(f"Ngày chi trả {paid_on:%d/%m/%Y} trước ngày nghiệm thu {app.accepted_on:%d/%m/%Y}.")
    problems += check_span(paid_on, paid_from, "Ngày chi trả")
    if fund_source not in FundingSource.values:
        problems.append("Cần chọn nguồn kinh phí chi trả.")
    problems += _positive(amount, "số tiền chi trả")
    if amount is not None and app.amount is not None and amount > app.amount:
        problems.append(f"Số tiền chi trả {_tr(amount)} vượt kinh phí được hỗ trợ sau nghiệm thu {_tr(app.amount)}.")
    if problems:
        raise Refused(problems)
    old = snapshot(app)
    app.status = Status.PAID
    app.paid_on, app.paid_from = paid_on, paid_from or paid_on
    app.paid_amount, app.fund_source = amount, fund_source
    app.save()
    audit(app, old, user=user, channel=channel, action=Action.UPDATE, reason="Chi trả hỗ trợ")
    return app


@transaction.atomic
def do_reject(app: Application, *, user, channel: str, reason: str, rejected_on: dt.date) -> Application:
    app = _locked(app)
    require(can_manage, user, app.unit, "từ chối hồ sơ hỗ trợ")
    _expect(app, (Status.REGISTERED, Status.APPROVED, Status.ACCEPTED), "từ chối")
    reason = (reason or "").strip()
    if not reason:
        raise Refused("Cần ghi lý do không hỗ trợ.")
    old = snapshot(app)
    app.status = Status.REJECTED
    app.rejected_on, app.rejection_reason = rejected_on, reason[:500]
    app.save()
    audit(app, old, user=user, channel=channel, action=Action.UPDATE, reason=f"Không hỗ trợ: {reason}")
    return app


# --------------------------------------------------------------------------- loans


@transaction.atomic
def do_register_loan(*, user, channel: str, item: SupportItem, beneficiary: Beneficiary, unit: Unit,
                     applied_on: dt.date, area_ha: Decimal | None = None, amount: Decimal | None = None,
                     bank: str = "", has_collateral: bool = False, note: str = "") -> Loan:
    require(can_write, user, unit, "đăng ký vay vốn")
    problems = eligibility_problems(item, beneficiary, unit, applied_on, has_collateral=has_collateral)
    if item.kind != ItemKind.LOAN:
        problems.append(f"«{item.name}» không phải hạng mục hỗ trợ vay vốn.")
    if area_ha is not None and area_ha <= 0:
        problems.append("Diện tích phải lớn hơn 0.")
    if amount is not None and amount <= 0:
        problems.append("Số tiền vay phải lớn hơn 0.")
    if problems:
        raise Refused(problems)
    loan = Loan.objects.create(item=item, beneficiary=beneficiary, unit=unit, applied_on=applied_on, area_ha=area_ha,
                               amount=amount, bank=bank, has_collateral=has_collateral, note=note)
    audit(loan, None, user=user, channel=channel, action=Action.CREATE, reason="Đăng ký vay vốn")
    return loan


def _loan(loan: Loan) -> Loan:
    return Loan.objects.select_for_update().select_related("item__policy", "beneficiary__home_unit", "unit").get(
        pk=loan.pk)


@transaction.atomic
def do_approve_loan(loan: Loan, *, user, channel: str) -> Loan:
    loan = _loan(loan)
    require(can_manage, user, loan.unit, "duyệt khoản vay")
    if loan.status != LoanStatus.REGISTERED:
        raise Refused(f"Khoản vay đang ở trạng thái «{loan.get_status_display()}»: chỉ duyệt khoản vay mới đăng ký.")
    problems = eligibility_problems(loan.item, loan.beneficiary, loan.unit, loan.applied_on,
                                    has_collateral=loan.has_collateral)
    if problems:
        raise Refused(problems)
    old = snapshot(loan)
    loan.status = LoanStatus.APPROVED
    loan.save()
    audit(loan, old, user=user, channel=channel, action=Action.UPDATE, reason="Duyệt khoản vay")
    return loan


@transaction.atomic
def do_disburse_loan(loan: Loan, *, user, channel: str, disbursed_on: dt.date, amount: Decimal, bank: str,
                     contract_number: str = "") -> Loan:
    loan = _loan(loan)
    require(can_manage, user, loan.unit, "ghi giải ngân khoản vay")
    if loan.status != LoanStatus.APPROVED:
        raise Refused(f"Khoản vay đang ở trạng thái «{loan.get_status_display()}»: chỉ giải ngân khoản vay đã duyệt.")
    problems = _positive(amount, "số tiền giải ngân")
    if not (bank or "").strip():
        problems.append("Cần ghi ngân hàng cho vay.")
    if disbursed_on is None:
        problems.append("Cần ghi ngày giải ngân.")
    if problems:
        raise Refused(problems)
    old = snapshot(loan)
    loan.status, loan.disbursed_on, loan.amount, loan.bank = LoanStatus.DISBURSED, disbursed_on, amount, bank.strip()
    loan.contract_number = contract_number
    loan.save()
    audit(loan, old, user=user, channel=channel, action=Action.UPDATE, reason="Giải ngân khoản vay")
    return loan


@transaction.atomic
def do_reject_loan(loan: Loan, *, user, channel: str, reason: str) -> Loan:
    loan = _loan(loan)
    require(can_manage, user, loan.unit, "từ chối khoản vay")
    if loan.status not in (LoanStatus.REGISTERED, LoanStatus.APPROVED):
        raise Refused(f"Khoản vay đang ở trạng thái «{loan.get_status_display()}», không từ chối được.")
    if not (reason or "").strip():
        raise Refused("Cần ghi lý do không cho vay.")
    old = snapshot(loan)
    loan.status, loan.rejection_reason = LoanStatus.REJECTED, reason.strip()[:500]
    loan.save()
    audit(loan, old, user=user, channel=channel, action=Action.UPDATE, reason=f"Không cho vay: {reason}")
    return loan


# --------------------------------------------------------------------------- policies, summaries, scopes


@transaction.atomic
def do_save_policy(*, user, channel: str, code: str, unit: Unit, **fields) -> Policy:
    """Create or update a policy by its number (idempotent: no audit row when nothing changed)."""
    require(can_manage, user, unit, "quản lý chính sách hỗ trợ")
    programmes = fields.pop("programmes", None)
    policy = Policy.objects.filter(code=code).first()
    old = snapshot(policy) if policy else None
    if policy is None:
        policy = Policy(code=code)
    policy.unit = unit
    for k, v in fields.items():
        setattr(policy, k, v)
    if policy.valid_from and policy.valid_to and policy.valid_to < policy.valid_from:
        raise Refused("Ngày hết hiệu lực trước ngày bắt đầu hiệu lực.")
    if old is None or snapshot(policy) != old:
        policy.save()
        audit(policy, old, user=user, channel=channel, action=Action.CREATE if old is None else Action.UPDATE)
    if programmes is not None:
        policy.programmes.set(programmes)
    return policy


@transaction.atomic
def do_save_item(*, user, channel: str, policy: Policy, name: str, **fields) -> SupportItem:
    """Create or update a support item of a policy, matched by code (else by name)."""
    require(can_manage, user, policy.unit, "quản lý chính sách hỗ trợ")
    code = fields.get("code", "")
    qs = policy.items.filter(code=code) if code else policy.items.filter(name=name)
    item = qs.first()
    old = snapshot(item) if item else None
    if item is None:
        item = SupportItem(policy=policy)
    item.name = name
    for k, v in fields.items():
        setattr(item, k, v)
    problems = _item_problems(item)
    if problems:
        raise Refused(problems)
    if old is None or snapshot(item) != old:
        item.save()
        audit(item, old, user=user, channel=channel, action=Action.CREATE if old is None else Action.UPDATE,
              unit_code=policy.unit.code)
    return item


@transaction.atomic
def do_update_item(item: SupportItem, *, user, channel: str, **fields) -> SupportItem:
    """Correct a support item (its rate, ceiling, conditions …); applications already approved keep their amounts."""
    item = SupportItem.objects.select_for_update().select_related("policy__unit").get(pk=item.pk)
    require(can_manage, user, item.policy.unit, "quản lý chính sách hỗ trợ")
    old = snapshot(item)
    for k, v in fields.items():
        setattr(item, k, v)
    problems = _item_problems(item)
    if problems:
        raise Refused(problems)
    if snapshot(item) != old:
        item.save()
        audit(item, old, user=user, channel=channel, action=Action.UPDATE, unit_code=item.policy.unit.code)
    return item


def _item_problems(item: SupportItem) -> list[str]:
    problems = []
    if (item.rate is not None and item.rate < 0) or (item.ceiling is not None and item.ceiling < 0):
        problems.append("Mức hỗ trợ và mức tối đa không được âm.")
    if item.percent is not None and not (0 < item.percent <= 100):
        problems.append("Tỷ lệ hỗ trợ phải trong khoảng 0–100%.")
    if item.valid_from and item.valid_to and item.valid_to < item.valid_from:
        problems.append("Ngày hết áp dụng trước ngày bắt đầu áp dụng.")
    if not (item.name or "").strip() or not (item.measure or "").strip():
        problems.append("Cần tên nội dung hỗ trợ và đơn vị tính.")
    return problems


@transaction.atomic
def do_set_summary(*, user, channel: str, item: SupportItem, unit: Unit, period: Period,
                   households: int | None = None, quantity: Decimal | None = None,
                   amount_paid: Decimal | None = None, fund_source: str = FundingSource.UNKNOWN, note: str = "",
                   source: str = "") -> SupportSummary:
    """Totals without the list of beneficiaries (one row per item, unit and period)."""
    require(can_manage, user, unit, "ghi số liệu tổng hợp hỗ trợ")
    if all(v is None for v in (households, quantity, amount_paid)):
        raise Refused("Cần ít nhất một số liệu: số hộ, khối lượng hoặc kinh phí.")
    if any(v is not None and v < 0 for v in (households, quantity, amount_paid)):
        raise Refused("Số liệu tổng hợp không được âm.")
    row = SupportSummary.objects.filter(item=item, unit=unit, period=period).first()
    old = snapshot(row) if row else None
    if row is None:
        row = SupportSummary(item=item, unit=unit, period=period)
    row.households, row.quantity, row.amount_paid = households, quantity, amount_paid
    row.fund_source, row.note, row.source = fund_source, note, source
    if old is None or snapshot(row) != old:
        row.save()
        audit(row, old, user=user, channel=channel, action=Action.CREATE if old is None else Action.UPDATE,
              reason="Số liệu tổng hợp")
    return row


def do_declare_scope(*, user, channel: str, register: str, unit: Unit, kept_from: dt.date,
                     kept_to: dt.date | None = None, note: str = "") -> RegisterScope:
    """Declare that every record of ``register`` for ``unit`` is kept in the system from ``kept_from``
    (``records.actions.do_declare_coverage``)."""
    return do_declare_coverage(user=user, channel=channel, register=register, unit=unit, since=kept_from,
                               until=kept_to, note=note)
