"""Support pages: scope (404 outside it), forms, workflow buttons, export, query counts."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from audit.models import AuditEntry, Channel
from records.testing import SAN_THANG, SUNG_PHAI, unit, xlsx_rows
from support.actions import do_approve, do_register_application
from support.models import Application, Status

from .conftest import household

pytestmark = pytest.mark.django_db
SYS = Channel.SYSTEM
D = dt.date(2023, 3, 1)


def register(item, who, code, qty="100"):
    return do_register_application(user=None, channel=SYS, item=item, beneficiary=who, unit=unit(code),
                                   quantity=Decimal(qty), registered_on=D)


def test_a_commune_officer_sees_its_commune_and_gets_404_for_another(client, cast, barn, lo_van_a):
    mine = register(barn, lo_van_a, SAN_THANG)
    theirs = register(barn, household("Vàng A Pó", SUNG_PHAI), SUNG_PHAI)
    client.force_login(cast.santhang)
    page = client.get(reverse("support:index")).content.decode()
    assert "Lò Văn A" in page and "Vàng A Pó" not in page
    assert client.get(reverse("support:application", args=[mine.pk])).status_code == 200
    assert client.get(reverse("support:application", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("support:step", args=[theirs.pk, "tu-choi"]),
                       {"tu-choi-reason": "x"}).status_code == 404
    assert client.get(reverse("support:index") + "?don_vi=" + SUNG_PHAI).status_code == 404


def test_the_list_runs_a_fixed_number_of_queries(client, cast, barn, django_assert_max_num_queries):
    for i in range(30):
        register(barn, household(f"Hộ {i:02d}"), SAN_THANG)
    client.force_login(cast.city)
    with django_assert_max_num_queries(15):  # whatever the number of rows (one is the policies in scope)
        response = client.get(reverse("support:index"))
    assert response.content.decode().count("Hộ ") >= 30


def test_registering_through_the_form_reads_vietnamese_numbers(client, cast, barn):
    client.force_login(cast.santhang)
    response = client.post(reverse("support:application_new"), {
        "item": barn.pk, "beneficiary_kind": "household", "beneficiary_name": "Lò Văn B", "id_number": "",
        "home_unit": SAN_THANG, "unit": SAN_THANG, "registered_on": "2023-03-01", "quantity": "2.083,5",
    })
    app = Application.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("support:application", args=[app.pk])
    assert app.quantity == Decimal("2083.5") and app.beneficiary.name == "Lò Văn B"
    assert AuditEntry.objects.filter(object_type="support.application", object_id=app.pk, username="santhang",
                                     channel="form").exists()


def test_an_ineligible_application_shows_its_reason_on_the_form(client, cast, grass):
    client.force_login(cast.city)
    response = client.post(reverse("support:application_new"), {
        "item": grass.pk, "beneficiary_kind": "household", "beneficiary_name": "Lò Văn B", "home_unit": SAN_THANG,
        "unit": SUNG_PHAI, "registered_on": "2023-03-01", "quantity": "1",
    })
    assert response.status_code == 200
    assert "không nằm trong xã đăng ký hộ khẩu thường trú của hộ (Xã San Thàng)" in response.content.decode()
    assert not Application.objects.exists()


def test_a_commune_officer_cannot_register_in_another_commune(client, cast, barn):
    client.force_login(cast.santhang)
    response = client.post(reverse("support:application_new"), {
        "item": barn.pk, "beneficiary_kind": "household", "beneficiary_name": "X", "home_unit": SAN_THANG,
        "unit": SUNG_PHAI, "registered_on": "2023-03-01", "quantity": "1"})
    assert "trong phạm vi phụ trách" in response.content.decode()
    assert not Application.objects.exists()


def test_the_workflow_buttons_approve_accept_pay_and_reject(client, cast, barn, lo_van_a):
    app = register(barn, lo_van_a, SAN_THANG)
    client.force_login(cast.city)
    page = client.get(reverse("support:application", args=[app.pk])).content.decode()
    assert ">Phê duyệt</button>" in page and ">Không hỗ trợ</button>" in page and ">Chi trả</button>" not in page
    url = reverse("support:step", args=[app.pk, "duyet"])
    client.post(url, {"duyet-decision_number": "15/QĐ-UBND", "duyet-decided_on": "2023-03-05",
                      "duyet-approved_quantity": "80"})
    client.post(reverse("support:step", args=[app.pk, "nghiem-thu"]),
                {"nghiem-thu-accepted_on": "2023-05-01", "nghiem-thu-accepted_quantity": "80"})
    client.post(reverse("support:step", args=[app.pk, "chi-tra"]),
                {"chi-tra-paid_on": "2023-06-01", "chi-tra-fund_source": "ns_tinh", "chi-tra-paid_amount": ""})
    app.refresh_from_db()
    assert (app.status, app.approved_quantity, app.amount, app.paid_amount) == (
        Status.PAID, Decimal(80), Decimal(40), Decimal(40))
    # a step out of order is refused with a message, nothing changes
    response = client.post(reverse("support:step", args=[app.pk, "duyet"]),
                           {"duyet-decision_number": "1", "duyet-decided_on": "2023-03-05"}, follow=True)
    assert "không thể phê duyệt" in response.content.decode()
    other = register(barn, household("Vàng A Pó"), SAN_THANG)
    client.post(reverse("support:step", args=[other.pk, "tu-choi"]),
                {"tu-choi-reason": "Đất không thuộc vùng quy hoạch", "tu-choi-rejected_on": "2023-04-01"})
    other.refresh_from_db()
    assert other.status == Status.REJECTED and other.rejection_reason == "Đất không thuộc vùng quy hoạch"


def test_a_refused_step_shows_the_reason(client, cast, barn, lo_van_a):
    app = do_approve(register(barn, lo_van_a, SAN_THANG), user=None, channel=SYS, decision_number="1",
                     decided_on=D)
    client.force_login(cast.city)
    response = client.post(reverse("support:step", args=[app.pk, "nghiem-thu"]),
                           {"nghiem-thu-accepted_on": "2023-05-01", "nghiem-thu-accepted_quantity": "150"})
    assert "vượt khối lượng được duyệt 100 m²" in response.content.decode()


def test_leaders_and_commune_officers_cannot_approve(client, cast, barn, lo_van_a):
    app = register(barn, lo_van_a, SAN_THANG)
    data = {"duyet-decision_number": "1", "duyet-decided_on": "2023-03-05"}
    for user in (cast.leader, cast.santhang):
        client.force_login(user)
        assert ">Phê duyệt</button>" not in client.get(reverse("support:application", args=[app.pk])).content.decode()
        assert client.post(reverse("support:step", args=[app.pk, "duyet"]), data).status_code == 403
    app.refresh_from_db()
    assert app.status == Status.REGISTERED


def test_the_excel_export_neutralises_formulas(client, cast, barn):
    register(barn, household('=HYPERLINK("http://evil.example","Bấm")'), SAN_THANG, "2083.5")
    client.force_login(cast.city)
    response = client.get(reverse("support:export"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = xlsx_rows(response.content)
    name = rows[1][3]
    assert name == '\u200b=HYPERLINK("http://evil.example","Bấm")'
    assert rows[1][10] == 2083.5


def test_the_policies_loans_and_scopes_pages_answer(client, cast, barn, loan_item):
    client.force_login(cast.province)
    for name in ("support:policies", "support:loans", "support:scopes"):
        assert client.get(reverse(name)).status_code == 200
    response = client.post(reverse("support:scopes"), {"register": "support", "unit": "12.105",
                                                       "kept_from": "2022-01-01"})
    assert response.status_code == 302
    assert "Thành phố Lai Châu" in client.get(reverse("support:scopes")).content.decode()


def test_a_loan_through_the_pages_refused_then_granted(client, cast, loan_item):
    client.force_login(cast.city)
    data = {"item": loan_item.pk, "beneficiary_kind": "cooperative", "beneficiary_name": "HTX Cam Bắc Quang",
            "home_unit": SAN_THANG, "unit": SAN_THANG, "applied_on": "2023-03-01", "area_ha": "5,5"}
    page = client.post(reverse("support:loan_new"), data).content.decode()
    assert "không có tài sản thế chấp nên không đủ điều kiện vay vốn" in page
    response = client.post(reverse("support:loan_new"), data | {"has_collateral": "on"})
    from support.models import Loan, LoanStatus

    loan = Loan.objects.get()
    assert response.status_code == 302 and loan.area_ha == Decimal("5.5")
    client.post(reverse("support:loan_step", args=[loan.pk, "duyet"]))
    client.post(reverse("support:loan_step", args=[loan.pk, "giai-ngan"]),
                {"giai-ngan-disbursed_on": "2023-04-01", "giai-ngan-amount": "300", "giai-ngan-bank": "Agribank"})
    loan.refresh_from_db()
    assert (loan.status, loan.amount, loan.bank) == (LoanStatus.DISBURSED, Decimal(300), "Agribank")
    client.force_login(cast.sungphai)
    assert client.get(reverse("support:loan", args=[loan.pk])).status_code == 404


def test_a_province_officer_writes_policies_and_items_others_cannot(client, cast, policy):
    from support.models import Policy, SupportItem

    client.force_login(cast.city)
    assert client.get(reverse("support:policy_new")).status_code == 403
    client.force_login(cast.province)
    r = client.post(reverse("support:policy_new"), {"code": "12/2024/NQ-HĐND", "title": "Hỗ trợ cây ăn quả",
                                                    "unit": "12", "valid_from": "2024-01-01"})
    assert r.status_code == 302
    new = Policy.objects.get(code="12/2024/NQ-HĐND")
    r = client.post(reverse("support:item_new", args=[new.pk]), {
        "name": "Trồng mới cây ăn quả", "code": "", "kind": "grant", "measure": "ha", "rate_kind": "per_unit",
        "rate": "15,5", "ceiling": "50", "allow_household": "on"})
    item = SupportItem.objects.get(policy=new)
    assert r.status_code == 302 and item.rate == Decimal("15.5") and not item.allow_firm
    r = client.post(reverse("support:item_edit", args=[new.pk, item.pk]), {
        "name": "Trồng mới cây ăn quả", "code": "", "kind": "grant", "measure": "ha", "rate_kind": "per_unit",
        "rate": "16", "ceiling": "50", "percent": "150"})
    assert "Tỷ lệ hỗ trợ phải trong khoảng 0–100%." in r.content.decode()
    assert AuditEntry.objects.filter(object_type="support.supportitem", object_id=item.pk).count() == 1
    page = client.get(reverse("support:policies")).content.decode()
    assert "Trồng mới cây ăn quả" in page and "15,5 triệu đồng/ha" in page


def test_policies_of_another_province_are_not_listed(client, cast, barn):
    from support.actions import do_save_policy

    do_save_policy(user=None, channel=SYS, code="58/2020/NQ-HĐND", unit=unit("02"),
                   title="Chính sách phát triển nông nghiệp hàng hóa tỉnh Hà Giang", line_code="HG_NQ58",
                   valid_from=dt.date(2020, 1, 1), valid_to=dt.date(2025, 12, 31))
    for user in (cast.santhang, cast.city, cast.province, cast.leader):
        client.force_login(user)
        for name in ("support:policies", "support:index"):
            page = client.get(reverse(name)).content.decode()
            assert "07/2022/NQ-HĐND" in page, (user.username, name)  # the province's resolution, seen from below
            assert "58/2020/NQ-HĐND" not in page, (user.username, name)
