import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import Role
from audit.models import AuditEntry, Channel
from registries import actions
from registries.models import Cooperative, EvaluationResult, LivestockFacility, OcopProduct
from registries.rules import add_months

from .conftest import CITY, DONG_PHONG, SAN_THANG, SUNG_PHAI, cert, coop, facility, ocop

pytestmark = pytest.mark.django_db


def url(name, *args, **query):
    u = reverse(f"registries:{name}", args=args)
    if query:
        u += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return u


def test_a_commune_officer_cannot_see_another_communes_records(client, commune_officer):
    mine = facility(SAN_THANG, "Mai Đình Đồng", "PIG")
    theirs = facility(SUNG_PHAI, "Nguyễn Văn Hòa", "PIG")
    client.force_login(commune_officer)
    assert client.get(url("detail", "chan-nuoi", mine.pk)).status_code == 200
    assert client.get(url("detail", "chan-nuoi", theirs.pk)).status_code == 404
    assert client.get(url("edit", "chan-nuoi", theirs.pk)).status_code == 404
    page = client.get(url("list", "chan-nuoi")).content.decode()
    assert "Mai Đình Đồng" in page and "Nguyễn Văn Hòa" not in page
    assert client.get(url("list", "chan-nuoi", unit=SUNG_PHAI)).status_code == 404
    exported = load_workbook(io.BytesIO(client.get(url("export", "chan-nuoi")).content)).active
    assert [r[2] for r in exported.iter_rows(min_row=2, values_only=True)] == ["Mai Đình Đồng"]


def test_anonymous_users_are_sent_to_the_login_page(client):
    response = client.get(url("list", "ocop"))
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_the_list_view_runs_a_bounded_number_of_queries(client, city_officer, django_assert_max_num_queries):
    htx = coop(CITY, "HTX Mắc ca", "CROP")
    for i in range(30):
        ocop(SAN_THANG if i % 2 else CITY, f"Sản phẩm {i:02d}", dt.date(2023, 1, 1) + dt.timedelta(days=i),
             stars=3 + i % 2, owner="HTX Mắc ca" if i % 3 == 0 else "Hộ A", owner_kind="htx" if i % 3 == 0 else "ho")
    assert OcopProduct.objects.filter(cooperative=htx).count() == 10
    client.force_login(city_officer)
    client.get(url("list", "ocop"))  # warm up the session
    with django_assert_max_num_queries(10):
        response = client.get(url("list", "ocop"))
    assert response.status_code == 200
    assert response.content.decode().count("Sản phẩm ") >= 30


def test_the_list_filters_by_unit_subtree_status_stars_and_expiry(client, city_officer):
    today = timezone.localdate()
    ocop(SAN_THANG, "Hoa hồng", add_months(add_months(today, 3), -36), stars=4)
    ocop(DONG_PHONG, "Rau an toàn", add_months(today, -40), stars=3)
    revoked = ocop(CITY, "Rượu ngô", add_months(today, -2), stars=3)
    actions.do_revoke(revoked, today, "Vi phạm", channel=Channel.SYSTEM)
    client.force_login(city_officer)

    def names(**query):
        html = client.get(url("list", "ocop", **query)).content.decode()
        return {n for n in ("Hoa hồng", "Rau an toàn", "Rượu ngô") if n in html}

    assert names() == {"Hoa hồng", "Rau an toàn", "Rượu ngô"}
    assert names(unit=SAN_THANG) == {"Hoa hồng"}
    assert names(stars=4) == {"Hoa hồng"}
    assert names(status="het_han") == {"Rau an toàn"}
    assert names(status="thu_hoi") == {"Rượu ngô"}
    assert names(status="cong_nhan") == {"Hoa hồng"}
    assert names(expiry="sap_het_han") == {"Hoa hồng"}
    assert names(expiry="da_het_han") == {"Rau an toàn"}
    assert names(q="rau") == {"Rau an toàn"}


def test_export_neutralises_formula_injection(client, city_officer):
    coop(CITY, "=HYPERLINK(\"http://evil.example\",\"bấm\")", "CROP", note="+1+1")
    client.force_login(city_officer)
    response = client.get(url("export", "htx"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == ["\u200b=HYPERLINK(\"http://evil.example\",\"bấm\")"]
    assert all(not str(c).startswith(("=", "+", "-", "@")) for row in sheet.iter_rows(values_only=True) for c in row
               if c is not None)


def test_creating_a_record_through_the_form_saves_through_the_actions(client, city_officer):
    client.force_login(city_officer)
    response = client.post(url("create", "chung-nhan"), {
        "unit_code": SAN_THANG, "holder": "HTX Chè San Thàng", "standard": "VIETGAP", "sector": "CROP",
        "area_ha": "10,45", "valid_from": "2023-03-01", "valid_until": "2026-02-28"})
    assert response.status_code == 302, response.content.decode()
    record = client.get(response["Location"])
    assert "HTX Chè San Thàng" in record.content.decode()
    from registries.models import Certification

    c = Certification.objects.get()
    assert c.area_ha == Decimal("10.45")
    entry = AuditEntry.objects.get(object_type="registries.certification", object_id=c.pk)
    assert (entry.channel, entry.username, entry.unit_code) == (Channel.FORM, "thanhpho", SAN_THANG)


def test_a_form_outside_the_users_units_is_refused(client, city_officer):
    client.force_login(city_officer)
    response = client.post(url("create", "trang-trai"), {"unit_code": "12.106", "owner": "Lò Văn A",
                                                         "farm_type": "CROP", "status": "hoat_dong"})
    assert response.status_code == 200
    assert "Không có đơn vị mã 12.106 trong phạm vi của bạn." in response.content.decode()


def test_a_leader_reads_but_cannot_write(client, make_user):
    c = coop(CITY, "HTX A")
    leader = make_user("lanhdao", Role.LEADER, "12")
    client.force_login(leader)
    assert client.get(url("detail", "htx", c.pk)).status_code == 200
    assert client.get(url("create", "htx")).status_code == 403
    assert client.get(url("edit", "htx", c.pk)).status_code == 403
    assert client.get(url("import", "htx")).status_code == 403


def test_an_edit_made_by_someone_else_meanwhile_is_refused(client, city_officer):
    c = coop(CITY, "HTX A", "CROP")
    actions.do_update(c, {"members": 9}, channel=Channel.SYSTEM)
    client.force_login(city_officer)
    data = {"unit_code": CITY, "kind": "htx", "name": "HTX A", "field": "CROP", "status": "hoat_dong",
            "version": 1}
    response = client.post(url("edit", "htx", c.pk), data)
    assert "đã được người khác sửa" in response.content.decode()
    data["version"] = 2
    assert client.post(url("edit", "htx", c.pk), data).status_code == 302


def test_the_commune_proposes_and_the_province_evaluates(client, make_user, province_officer):
    product = ocop(SAN_THANG, "Hoa hồng San Thàng")
    officer = make_user("tanphong", Role.COMMUNE_OFFICER, SAN_THANG, "12.03408")
    client.force_login(officer)
    response = client.post(url("ocop_propose", product.pk), {"proposed_on": "2025-09-01", "proposed_stars": "3"})
    assert response.status_code == 302
    proposal = product.evaluations.get()
    assert (proposal.proposer.code, proposal.workflow) == ("12.03408", "xa_de_xuat")
    # Only the province records the result.
    assert client.get(url("ocop_evaluate", product.pk, proposal.pk)).status_code == 403
    client.force_login(province_officer)
    response = client.post(url("ocop_evaluate", product.pk, proposal.pk), {
        "evaluated_on": "2025-10-15", "score": "63,5", "decision_no": "88/QĐ-UBND", "decision_date": "2025-11-01"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.result, proposal.stars, proposal.valid_until) == (EvaluationResult.CERTIFIED, 3,
                                                                       dt.date(2028, 11, 1))
    assert "Lịch sử đánh giá" in client.get(url("detail", "ocop", product.pk)).content.decode()


def test_the_import_page_shows_every_row_problem(client, city_officer):
    client.force_login(city_officer)
    body = "Mã đơn vị,Chủ cơ sở,Vật nuôi\n12.105.03409,Mai Đình Đồng,Voi\n".encode()
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(url("import", "chan-nuoi"), {"file": SimpleUploadedFile("c.csv", body)})
    assert response.status_code == 400
    assert "Dòng 2, cột Vật nuôi: &#x27;Voi&#x27; không phải giá trị hợp lệ" in response.content.decode()
    assert not LivestockFacility.objects.exists()
    ok = "Mã đơn vị,Chủ cơ sở,Vật nuôi\n12.105.03409,Mai Đình Đồng,Lợn\n".encode()
    response = client.post(url("import", "chan-nuoi"), {"file": SimpleUploadedFile("c.csv", ok)})
    assert response.status_code == 302 and LivestockFacility.objects.count() == 1


def test_the_template_download_is_an_excel_file(client, commune_officer):
    client.force_login(commune_officer)
    response = client.get(url("template", "ocop"))
    assert response.status_code == 200
    assert load_workbook(io.BytesIO(response.content)).sheetnames == ["Mẫu nhập", "Hướng dẫn"]


def test_the_expiry_view_lists_certificates_expiring_within_six_months_by_unit(client, city_officer):
    today = timezone.localdate()
    ocop(SAN_THANG, "Hoa hồng", add_months(add_months(today, 2), -36), stars=3)
    ocop(DONG_PHONG, "Chè xanh", add_months(add_months(today, 8), -36), stars=3)
    ocop(CITY, "Mắc ca", add_months(today, -40), stars=3)
    cert(SUNG_PHAI, "Trại gà Sùng Phài", "VIETGAP", sector="LIVESTOCK", valid_until=add_months(today, 5))
    client.force_login(city_officer)
    html = client.get(url("expiring")).content.decode()
    assert "Hoa hồng" in html and "Trại gà Sùng Phài" in html and "Xã San Thàng" in html
    assert "Chè xanh" not in html
    assert "Mắc ca" in html.split("Đã hết hạn, cần đánh giá lại")[1]
    assert "Chè xanh" in client.get(url("expiring", thang=12)).content.decode()


def test_the_index_counts_records_and_shows_the_derived_figures(client, city_officer):
    for i in range(3):
        coop(CITY, f"HTX {i}")
    client.force_login(city_officer)
    html = client.get(url("index")).content.decode()
    assert "3 bản ghi trong phạm vi của bạn" in html
    assert "Thành phố Lai Châu" in html and "đếm từ sổ đăng ký" in html.lower()


def test_the_admin_saves_through_the_actions(client, admin_user_demo):
    client.force_login(admin_user_demo)
    from units.models import Unit

    response = client.post(reverse("admin:registries_cooperative_add"), {
        "unit": Unit.objects.get(code=CITY).pk, "kind": "htx", "name": "HTX Qua quản trị", "field": "GENERAL",
        "status": "hoat_dong", "years-TOTAL_FORMS": "0", "years-INITIAL_FORMS": "0"})
    assert response.status_code == 302, response.content.decode()[:2000]
    c = Cooperative.objects.get(name="HTX Qua quản trị")
    assert AuditEntry.objects.get(object_type="registries.cooperative", object_id=c.pk).channel == Channel.ADMIN
    response = client.post(reverse("admin:registries_cooperative_delete", args=[c.pk]), {"post": "yes"})
    assert response.status_code == 302 and not Cooperative.objects.exists()
    assert AuditEntry.objects.filter(object_type="registries.cooperative", action="delete").count() == 1


def test_a_commune_officer_may_add_an_ocop_product_of_its_commune_only(client, commune_officer):
    client.force_login(commune_officer)
    data = {"name": "Hoa hồng San Thàng", "owner_name": "HTX Hoa San Thàng", "owner_kind": "htx",
            "group": "sinh_vat_canh"}
    response = client.post(url("create", "ocop"), dict(data, unit_code=SUNG_PHAI))
    assert "Không có đơn vị mã 12.105.03403 trong phạm vi của bạn." in response.content.decode()
    response = client.post(url("create", "ocop"), dict(data, unit_code=SAN_THANG))
    assert response.status_code == 302
    product = OcopProduct.objects.get()
    assert product.status == "de_xuat"
    detail = client.get(response["Location"]).content.decode()
    assert "Đề xuất đánh giá, phân hạng" in detail and ">Sửa<" not in detail
    assert client.get(url("create", "htx")).status_code == 403
