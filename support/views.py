"""Support pages: applications (list with filters, forms, workflow buttons), loans,
policies, summaries, the record-keeping declarations and the Excel export.

Plain function views.  Every list is limited to the units the user reads; a record
outside the scope answers 404.  Every write goes through ``support.actions``.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.models import Role
from accounts.scope import (
    MANAGE_ROLES,
    WRITE_ROLES,
    assigned_units,
    can_manage,
    can_read,
    can_write,
    readable_units,
    role_of,
)
from audit.models import Channel
from records.actions import Refused
from records.pages import (
    SortColumn,
    filtered,
    get_scoped_or_404,
    history,
    plain,
    run_step,
    saved,
    scoped,
    sorted_page,
    unit_choices,
    xlsx_response,
)

from . import actions
from .figures import item_totals
from .forms import (
    AcceptForm,
    ApplicationForm,
    ApproveForm,
    DisburseLoanForm,
    ItemForm,
    LoanForm,
    PayForm,
    PolicyForm,
    RejectForm,
    RejectLoanForm,
    ScopeForm,
)
from .models import (
    Application,
    Loan,
    LoanStatus,
    Policy,
    RegisterScope,
    Status,
    SupportItem,
    SupportSummary,
)

FORM = Channel.FORM
STATUS_CLASS = {Status.REGISTERED: "status-warn", Status.APPROVED: "status-warn", Status.ACCEPTED: "status-ok",
                Status.PAID: "status-ok", Status.REJECTED: "status-bad"}


_WHO, _UNIT = SortColumn("Đối tượng", "doi_tuong", ("beneficiary__name",)), SortColumn("Địa bàn", "dia_ban",
                                                                                      ("unit__code",))
APPLICATION_COLUMNS = [_WHO, SortColumn("Nội dung hỗ trợ", "noi_dung", ("item__name",)), _UNIT,
                       SortColumn("Ngày đăng ký", "ngay", ("registered_on",)),
                       SortColumn("Khối lượng", "khoi_luong", ("quantity",), num=True),
                       SortColumn("Kinh phí (triệu đồng)", "kinh_phi", ("amount", "approved_amount"), num=True),
                       SortColumn("Trạng thái", "trang_thai", ("status",))]
LOAN_COLUMNS = [SortColumn("Người vay", "nguoi_vay", ("beneficiary__name",)),
                SortColumn("Chính sách", "chinh_sach", ("item__policy__code",)),
                SortColumn("Xã có đất", "xa", ("unit__code",)),
                SortColumn("Diện tích (ha)", "dien_tich", ("area_ha",), num=True),
                SortColumn("Số tiền (triệu đồng)", "so_tien", ("amount",), num=True),
                SortColumn("Ngân hàng", "ngan_hang", ("bank",)),
                SortColumn("Trạng thái", "trang_thai", ("status",))]


def _crumbs(*items) -> list[dict]:
    return [{"label": "Hỗ trợ", "url": reverse("support:index")}, *[{"label": a, "url": b} for a, b in items]]


def _applications(request: HttpRequest):
    """The applications the user reads, filtered by the query string."""
    qs, f = filtered(request, Application.objects.select_related("item__policy", "beneficiary__home_unit", "unit"),
                     {"trang_thai": ("status", Status.values)}, ["q", "chinh_sach", "noi_dung", "nam"])
    if f["q"]:
        qs = qs.filter(Q(beneficiary__name__icontains=f["q"]) | Q(beneficiary__id_number__icontains=f["q"])
                       | Q(decision_number__icontains=f["q"]))
    if f["chinh_sach"].isdigit():
        qs = qs.filter(item__policy_id=int(f["chinh_sach"]))
    if f["noi_dung"].isdigit():
        qs = qs.filter(item_id=int(f["noi_dung"]))
    if f["nam"].isdigit():
        qs = qs.filter(registered_on__year=int(f["nam"]))
    return qs, f


def visible_policies(user):
    """Policies of the user's territory: those of a unit they read, and those of a unit
    above theirs (a commune officer sees the province's resolution, not another province's)."""
    if role_of(user) == Role.ADMIN:
        return Policy.objects.all()
    above = {".".join(u.code.split(".")[:i]) for u in assigned_units(user) for i in range(1, u.code.count(".") + 2)}
    return Policy.objects.filter(Q(unit__in=readable_units(user)) | Q(unit__code__in=above))


@login_required
def index(request: HttpRequest) -> HttpResponse:
    qs, filters = _applications(request)
    role = role_of(request.user)
    policies = list(visible_policies(request.user).order_by("code"))
    return render(request, "support/index.html", {
        **sorted_page(request, qs, APPLICATION_COLUMNS), "filters": filters,
        "totals": item_totals(qs), "statuses": Status.choices, "status_class": STATUS_CLASS,
        "policies": policies, "items": SupportItem.objects.filter(policy__in=policies).select_related("policy"),
        "can_register": role in WRITE_ROLES, "can_manage_scopes": role in MANAGE_ROLES,
        "breadcrumbs": _crumbs(("Hồ sơ hỗ trợ", None)),
    })


@login_required
def export(request: HttpRequest) -> HttpResponse:
    qs, _f = _applications(request)
    headers = ["Chính sách", "Nội dung hỗ trợ", "Đơn vị tính", "Đối tượng", "Loại đối tượng", "Số CCCD/MST",
               "Xã thường trú", "Địa bàn thực hiện", "Mã đơn vị", "Ngày đăng ký", "Khối lượng đăng ký",
               "Trạng thái", "Số QĐ phê duyệt", "Ngày phê duyệt", "Khối lượng duyệt", "Ngày nghiệm thu",
               "Khối lượng nghiệm thu", "Kinh phí hỗ trợ (triệu đồng)", "Ngày chi trả", "Đã chi trả (triệu đồng)",
               "Nguồn kinh phí", "Lý do không hỗ trợ", "Ghi chú"]
    rows = ([a.item.policy.code, a.item.name, a.item.measure, a.beneficiary.name, a.beneficiary.get_kind_display(),
             a.beneficiary.id_number, a.beneficiary.home_unit.name, a.unit.name, a.unit.code, a.registered_on,
             plain(a.quantity), a.get_status_display(), a.decision_number, a.decided_on, plain(a.approved_quantity),
             a.accepted_on, plain(a.accepted_quantity), plain(a.amount), a.paid_on, plain(a.paid_amount),
             a.get_fund_source_display() if a.fund_source else "", a.rejection_reason, a.note]
            for a in qs.order_by("unit__code", "registered_on", "id"))
    return xlsx_response("ho-so-ho-tro", [("Hồ sơ hỗ trợ", headers, rows)])


def _form_context(request, form, title, cancel_url, **extra):
    return {"form": form, "title": title, "cancel_url": cancel_url, "units": unit_choices(request.user),
            "breadcrumbs": _crumbs((title, None)), **extra}


@login_required
def application_new(request: HttpRequest) -> HttpResponse:
    if role_of(request.user) not in WRITE_ROLES:
        return render(request, "records/forbidden.html", {"breadcrumbs": _crumbs()}, status=403)
    form = ApplicationForm(request.POST or None, user=request.user,
                           initial={"registered_on": dt.date.today()} if request.method == "GET" else None)

    def save(d):
        if not can_write(request.user, d["unit"]):
            return form.add_error("unit", "Bạn không được đăng ký hồ sơ tại đơn vị này.")
        who = actions.find_or_create_beneficiary(user=request.user, channel=FORM, **form.beneficiary_data())
        return actions.do_register_application(
            user=request.user, channel=FORM, item=d["item"], beneficiary=who, unit=d["unit"], village=d["village"],
            registered_on=d["registered_on"], quantity=d["quantity"], cost=d["cost"],
            requested_amount=d["requested_amount"], note=d["note"])

    app = saved(request, form, save, "Đã đăng ký hồ sơ hỗ trợ.")
    if app is not None:
        return redirect("support:application", pk=app.pk)
    return render(request, "records/form.html", _form_context(
        request, form, "Đăng ký hồ sơ hỗ trợ", reverse("support:index"), submit="Đăng ký"))


@login_required
def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    app = get_scoped_or_404(Application.objects.select_related("item__policy", "beneficiary__home_unit", "unit"),
                            request.user, pk)
    if not can_write(request.user, app.unit) or app.status != Status.REGISTERED:
        messages.error(request, "Chỉ sửa được hồ sơ mới đăng ký, trong phạm vi được giao.")
        return redirect("support:application", pk=app.pk)
    form = ApplicationForm(request.POST or None, user=request.user,
                           initial=ApplicationForm.initial_for(app) if request.method == "GET" else None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            who = actions.find_or_create_beneficiary(user=request.user, channel=FORM, **form.beneficiary_data())
            actions.do_update_application(
                app, user=request.user, channel=FORM, item=d["item"], beneficiary=who, unit=d["unit"],
                village=d["village"], registered_on=d["registered_on"], quantity=d["quantity"], cost=d["cost"],
                requested_amount=d["requested_amount"], note=d["note"])
        except Refused as e:
            form.refuse(e)
        else:
            messages.success(request, "Đã lưu hồ sơ.")
            return redirect("support:application", pk=app.pk)
    return render(request, "records/form.html", _form_context(
        request, form, "Sửa hồ sơ hỗ trợ", reverse("support:application", args=[app.pk]), obj=app))


STEP_FORMS = {"duyet": ApproveForm, "nghiem-thu": AcceptForm, "chi-tra": PayForm, "tu-choi": RejectForm}


def _step_forms(app: Application, data=None, step: str | None = None) -> dict:
    allowed = {Status.REGISTERED: ["duyet", "tu-choi"], Status.APPROVED: ["nghiem-thu", "tu-choi"],
               Status.ACCEPTED: ["chi-tra", "tu-choi"]}.get(app.status, [])
    out = {}
    for s in allowed:
        initial = {}
        if s == "duyet":
            initial = {"approved_quantity": app.quantity, "decided_on": dt.date.today()}
        elif s == "nghiem-thu":
            initial = {"accepted_quantity": app.approved_quantity, "accepted_on": dt.date.today()}
        elif s == "chi-tra":
            initial = {"paid_amount": app.amount, "paid_on": dt.date.today()}
        elif s == "tu-choi":
            initial = {"rejected_on": dt.date.today()}
        out[s] = STEP_FORMS[s](data if s == step else None, prefix=s, initial=initial)
    return out


STEP_TITLES = {"duyet": "Phê duyệt", "nghiem-thu": "Nghiệm thu", "chi-tra": "Chi trả", "tu-choi": "Không hỗ trợ"}


@login_required
def application(request: HttpRequest, pk: int, step_forms: dict | None = None) -> HttpResponse:
    app = get_scoped_or_404(Application.objects.select_related("item__policy", "beneficiary__home_unit", "unit"),
                            request.user, pk)
    manage = can_manage(request.user, app.unit)
    forms = step_forms if step_forms is not None else (_step_forms(app) if manage else {})
    steps = [{"form": f, "title": STEP_TITLES[s], "url": reverse("support:step", args=[app.pk, s]),
              "cls": "danger" if s == "tu-choi" else "primary"} for s, f in forms.items()]
    return render(request, "support/application.html", {
        "app": app, "steps": steps, "history": history(app), "status_class": STATUS_CLASS.get(app.status),
        "can_edit": app.status == Status.REGISTERED and can_write(request.user, app.unit),
        "breadcrumbs": _crumbs(("Hồ sơ hỗ trợ", reverse("support:index")), (str(app.beneficiary), None)),
    })


@login_required
@require_POST
def step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """Approve, accept, pay or reject (the workflow buttons)."""
    app = get_scoped_or_404(Application.objects.select_related("unit"), request.user, pk)
    if step not in STEP_FORMS:
        return redirect("support:application", pk=app.pk)
    forms = _step_forms(app, request.POST, step)
    form = forms.get(step)
    if form is None:
        messages.error(request, f"Hồ sơ đang ở trạng thái «{app.get_status_display()}», không thể "
                                f"{STEP_TITLES[step].lower()}.")
        return redirect("support:application", pk=app.pk)
    if form.is_valid():
        d = form.cleaned_data
        try:
            if step == "duyet":
                actions.do_approve(app, user=request.user, channel=FORM, **d)
            elif step == "nghiem-thu":
                actions.do_accept(app, user=request.user, channel=FORM, **d)
            elif step == "chi-tra":
                actions.do_pay(app, user=request.user, channel=FORM, **d)
            else:
                actions.do_reject(app, user=request.user, channel=FORM, **d)
        except Refused as e:
            form.refuse(e)
        else:
            messages.success(request, f"Đã ghi: {STEP_TITLES[step].lower()}.")
            return redirect("support:application", pk=app.pk)
    for e in form.non_field_errors():
        messages.error(request, e)
    for name, errs in form.errors.items():
        if name != "__all__":
            for e in errs:
                messages.error(request, f"{form.fields[name].label}: {e}")
    return application(request, pk, step_forms=forms)


@login_required
def policies(request: HttpRequest) -> HttpResponse:
    units = readable_units(request.user)
    items = SupportItem.objects.filter(policy__in=visible_policies(request.user)).select_related(
        "policy__unit", "eligible_unit").order_by("policy__code", "id")
    summaries = scoped(SupportSummary.objects.select_related("item__policy", "unit", "period"), request.user)
    return render(request, "support/policies.html", {
        "can_manage_policies": _may_manage_policies(request.user),
        "policies": visible_policies(request.user).select_related("unit").prefetch_related("programmes")
        .order_by("code"),
        "items": items, "summaries": summaries, "units": units,
        "breadcrumbs": _crumbs(("Chính sách hỗ trợ", None)),
    })


POLICY_FIELDS = ("title", "issuer", "signed_on", "valid_from", "valid_to", "line_code", "note")
ITEM_FIELDS = ("code", "kind", "measure", "rate_kind", "rate", "percent", "ceiling", "valid_from", "valid_to",
               "eligible_unit", "allow_household", "allow_cooperative", "allow_firm", "land_in_home_commune",
               "collateral_for_organisations", "line_code", "note")


def _may_manage_policies(user) -> bool:
    return role_of(user) in (Role.PROVINCE_OFFICER, Role.ADMIN)


@login_required
def policy_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Create or edit a policy (province officers and admins)."""
    policy = Policy.objects.filter(pk=pk).select_related("unit").first() if pk else None
    if pk and (policy is None or not can_read(request.user, policy.unit)):
        raise Http404("Không tìm thấy chính sách.")  # outside the user's territory: as if it did not exist
    if not _may_manage_policies(request.user) or (policy and not can_manage(request.user, policy.unit)):
        return render(request, "records/forbidden.html", {"breadcrumbs": _crumbs()}, status=403)
    initial = None
    if request.method == "GET" and policy:
        initial = {f: getattr(policy, f) for f in POLICY_FIELDS} | {"code": policy.code, "unit": policy.unit.code}
    form = PolicyForm(request.POST or None, user=request.user, initial=initial)
    if policy:
        form.fields["code"].disabled = True
        form.fields["code"].initial = policy.code
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        code = policy.code if policy else d["code"].strip()
        if policy is None and Policy.objects.filter(code=code).exists():
            form.add_error("code", "Đã có chính sách với số hiệu này.")
        elif not can_manage(request.user, d["unit"]):
            form.add_error("unit", "Bạn không quản lý địa bàn này.")
        else:
            try:
                actions.do_save_policy(user=request.user, channel=FORM, code=code, unit=d["unit"],
                                       **{f: d[f] for f in POLICY_FIELDS})
            except Refused as e:
                form.refuse(e)
            else:
                messages.success(request, "Đã lưu chính sách.")
                return redirect("support:policies")
    return render(request, "records/form.html", _form_context(
        request, form, "Sửa chính sách hỗ trợ" if policy else "Thêm chính sách hỗ trợ", reverse("support:policies"),
        obj=policy))


@login_required
def item_form(request: HttpRequest, policy_pk: int, pk: int | None = None) -> HttpResponse:
    """Create or edit a support item of a policy (province officers and admins)."""
    policy = Policy.objects.filter(pk=policy_pk).select_related("unit").first()
    item = SupportItem.objects.filter(pk=pk, policy=policy).first() if pk else None
    if policy is None or (pk and item is None) or not can_read(request.user, policy.unit):
        raise Http404("Không tìm thấy.")
    if not _may_manage_policies(request.user) or not can_manage(request.user, policy.unit):
        return render(request, "records/forbidden.html", {"breadcrumbs": _crumbs()}, status=403)
    initial = None
    if request.method == "GET" and item:
        initial = {f: getattr(item, f) for f in ITEM_FIELDS} | {"name": item.name}
        initial["eligible_unit"] = item.eligible_unit.code if item.eligible_unit else ""
    form = ItemForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if item is not None and d["code"] != item.code and policy.items.filter(code=d["code"]).exclude(
                pk=item.pk).exists():
            form.add_error("code", "Chính sách đã có hạng mục với mã này.")
        else:
            fields = {f: d[f] for f in ITEM_FIELDS}
            try:
                if item is None:
                    actions.do_save_item(user=request.user, channel=FORM, policy=policy, name=d["name"], **fields)
                else:
                    actions.do_update_item(item, user=request.user, channel=FORM, name=d["name"], **fields)
            except Refused as e:
                form.refuse(e)
            else:
                messages.success(request, "Đã lưu nội dung hỗ trợ.")
                return redirect("support:policies")
    return render(request, "records/form.html", _form_context(
        request, form, "Sửa nội dung hỗ trợ" if item else f"Thêm nội dung hỗ trợ — {policy}",
        reverse("support:policies"), obj=item))


# --------------------------------------------------------------------------- loans
LOAN_CLASS = {LoanStatus.REGISTERED: "status-warn", LoanStatus.APPROVED: "status-warn",
              LoanStatus.DISBURSED: "status-ok", LoanStatus.REJECTED: "status-bad"}


@login_required
def loans(request: HttpRequest) -> HttpResponse:
    qs, filters = filtered(request, Loan.objects.select_related("item__policy", "beneficiary__home_unit", "unit"),
                           {"trang_thai": ("status", LoanStatus.values)})
    return render(request, "support/loans.html", {
        **sorted_page(request, qs, LOAN_COLUMNS), "statuses": LoanStatus.choices,
        "filters": filters, "status_class": LOAN_CLASS,
        "summaries": scoped(SupportSummary.objects.filter(item__kind="loan").select_related("item", "unit", "period"),
                            request.user),
        "can_register": role_of(request.user) in WRITE_ROLES,
        "breadcrumbs": _crumbs(("Vay vốn", None)),
    })


@login_required
def loan_new(request: HttpRequest) -> HttpResponse:
    if role_of(request.user) not in WRITE_ROLES:
        return render(request, "records/forbidden.html", {"breadcrumbs": _crumbs()}, status=403)
    form = LoanForm(request.POST or None, user=request.user,
                    initial={"applied_on": dt.date.today()} if request.method == "GET" else None)

    def save(d):
        if not can_write(request.user, d["unit"]):
            return form.add_error("unit", "Bạn không được đăng ký vay vốn tại đơn vị này.")
        who = actions.find_or_create_beneficiary(user=request.user, channel=FORM, **form.beneficiary_data())
        return actions.do_register_loan(
            user=request.user, channel=FORM, item=d["item"], beneficiary=who, unit=d["unit"],
            applied_on=d["applied_on"], area_ha=d["area_ha"], amount=d["amount"], bank=d["bank"],
            has_collateral=d["has_collateral"], note=d["note"])

    loan = saved(request, form, save, "Đã đăng ký vay vốn.")
    if loan is not None:
        return redirect("support:loan", pk=loan.pk)
    return render(request, "records/form.html", _form_context(
        request, form, "Đăng ký vay vốn theo chính sách", reverse("support:loans"), submit="Đăng ký"))


@login_required
def loan(request: HttpRequest, pk: int) -> HttpResponse:
    obj = get_scoped_or_404(Loan.objects.select_related("item__policy", "beneficiary__home_unit", "unit"),
                            request.user, pk)
    manage = can_manage(request.user, obj.unit)
    steps = []
    if manage and obj.status == LoanStatus.REGISTERED:
        steps.append({"form": None, "title": "Duyệt cho vay", "url": reverse("support:loan_step", args=[pk, "duyet"]),
                      "cls": "primary"})
    if manage and obj.status == LoanStatus.APPROVED:
        steps.append({"form": DisburseLoanForm(prefix="giai-ngan", initial={"bank": obj.bank, "amount": obj.amount,
                                                                              "disbursed_on": dt.date.today()}),
                      "title": "Giải ngân", "url": reverse("support:loan_step", args=[pk, "giai-ngan"]),
                      "cls": "primary"})
    if manage and obj.status in (LoanStatus.REGISTERED, LoanStatus.APPROVED):
        steps.append({"form": RejectLoanForm(prefix="tu-choi"), "title": "Không cho vay",
                      "url": reverse("support:loan_step", args=[pk, "tu-choi"]), "cls": "danger"})
    return render(request, "support/loan.html", {
        "loan": obj, "steps": steps, "history": history(obj), "status_class": LOAN_CLASS.get(obj.status),
        "breadcrumbs": _crumbs(("Vay vốn", reverse("support:loans")), (str(obj.beneficiary), None)),
    })


@login_required
@require_POST
def loan_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    obj = get_scoped_or_404(Loan.objects.select_related("unit"), request.user, pk)
    with run_step(request, "Đã cập nhật khoản vay."):
        if step == "duyet":
            actions.do_approve_loan(obj, user=request.user, channel=FORM)
        elif step == "giai-ngan":
            form = DisburseLoanForm(request.POST, prefix="giai-ngan")
            if not form.is_valid():
                raise Refused([f"{form.fields[n].label}: {e}" for n, errs in form.errors.items() for e in errs])
            actions.do_disburse_loan(obj, user=request.user, channel=FORM, **form.cleaned_data)
        elif step == "tu-choi":
            form = RejectLoanForm(request.POST, prefix="tu-choi")
            if not form.is_valid():
                raise Refused("Cần ghi lý do không cho vay.")
            actions.do_reject_loan(obj, user=request.user, channel=FORM, **form.cleaned_data)
    return redirect("support:loan", pk=obj.pk)


# --------------------------------------------------------------------------- record-keeping declarations


@login_required
def scopes(request: HttpRequest) -> HttpResponse:
    role = role_of(request.user)
    form = ScopeForm(request.POST or None, user=request.user) if role in MANAGE_ROLES else None
    if request.method == "POST" and form is not None and form.is_valid():
        d = form.cleaned_data
        try:
            actions.do_declare_scope(user=request.user, channel=FORM, **d)
        except Refused as e:
            form.refuse(e)
        else:
            messages.success(request, "Đã khai báo địa bàn quản lý hồ sơ trên hệ thống.")
            return redirect("support:scopes")
    return render(request, "support/scopes.html", {
        "scopes": scoped(RegisterScope.objects.select_related("unit"), request.user), "form": form,
        "units": unit_choices(request.user) if form else [],
        "breadcrumbs": _crumbs(("Địa bàn quản lý hồ sơ", None)),
    })
