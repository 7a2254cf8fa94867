"""The report pages: scope, downloads, the texts users write, template management."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Role
from audit.models import AuditEntry
from reports.docx_template import template_path
from reports.models import ReportText

from .conftest import docx_text

pytestmark = pytest.mark.django_db
URL = "/bao-cao/"


def ask(client, **params):
    return client.get(URL, params)


def test_the_page_needs_a_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "dang-nhap" in response["Location"]


def test_reports_are_in_the_navigation(client, make_user):
    client.force_login(make_user("tinh", Role.PROVINCE_OFFICER, "12"))
    response = client.get(URL)
    assert response.status_code == 200
    assert 'href="/bao-cao/"' in response.content.decode()
    assert "Báo cáo" in response.content.decode()


def test_a_commune_officer_cannot_generate_another_units_report(client, make_user, without_record_providers):
    client.force_login(make_user("santhang", Role.COMMUNE_OFFICER, "12.105.03409"))
    for unit in ("12", "12.105", "12.105.03403"):
        for action in ("preview", "docx", "xlsx"):
            assert ask(client, kind="monthly", unit=unit, period="202312", action=action).status_code == 404
        response = client.get(reverse("reports:texts"), {"kind": "monthly", "unit": unit, "period": "202312"})
        assert response.status_code == 404
    own = ask(client, kind="monthly", unit="12.105.03409", period="202312", action="docx")
    assert own.status_code == 200
    assert own["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")


def test_a_province_officer_downloads_word_and_excel(client, make_user, december_parts):
    client.force_login(make_user("tinh", Role.PROVINCE_OFFICER, "12"))
    response = ask(client, kind="monthly", unit="12", period="202312", action="docx")
    assert response.status_code == 200
    assert 'filename="bao-cao-monthly_12_202312.docx"' in response["Content-Disposition"]
    assert "353.350 con" in docx_text(response.content)
    response = ask(client, kind="monthly", unit="12", period="202312", action="xlsx")
    wb = load_workbook(io.BytesIO(response.content))
    assert "Chưa có số liệu" in wb.sheetnames and "Số liệu sử dụng" in wb.sheetnames
    htx = wb[[n for n in wb.sheetnames if n.startswith("Số hợp tác xã")][0]]
    rows = list(htx.iter_rows(min_row=2, values_only=True))
    assert ("Huyện Tam Đường", 25) in rows and ("Tổng cộng (Tỉnh Lai Châu)", 183) in rows


def test_the_preview_shows_the_text_and_what_is_missing(client, make_user, december_parts):
    client.force_login(make_user("tinh", Role.PROVINCE_OFFICER, "12"))
    page = ask(client, kind="monthly", unit="12", period="202312").content.decode()
    assert "Toàn tỉnh có 183 HTX" in page
    assert "Số liệu chưa có" in page and "Tổng đàn gia cầm: Tỉnh Lai Châu, tháng 12/2023" in page


def test_a_wrong_period_is_explained_on_the_page(client, make_user, without_record_providers):
    client.force_login(make_user("tinh", Role.PROVINCE_OFFICER, "12"))
    page = ask(client, kind="plan", unit="12", period="202312", action="docx")
    assert page.status_code == 200
    assert "Kế hoạch sản xuất cần kỳ là một năm" in page.content.decode()


def test_pdf_without_libreoffice_says_so_in_vietnamese(client, make_user, december_parts, monkeypatch):
    from reports import rendering

    monkeypatch.setattr(rendering, "soffice", lambda: None)
    client.force_login(make_user("tinh", Role.PROVINCE_OFFICER, "12"))
    page = ask(client, kind="monthly", unit="12", period="202312", action="pdf").content.decode()
    assert "chưa cài LibreOffice" in page


def test_officers_write_the_text_sections_and_leaders_only_read_them(client, make_user, december_parts):
    params = {"kind": "monthly", "unit": "12", "period": "202312"}
    url = f"{reverse('reports:texts')}?kind=monthly&unit=12&period=202312"
    client.force_login(make_user("lanhdao", Role.LEADER, "12"))
    page = client.get(url).content.decode()
    assert "readonly" in page and "Bạn chỉ được xem" in page
    assert client.post(url, {"nhiem_vu": "x"}).status_code == 404
    client.force_login(make_user("tinh", Role.PROVINCE_OFFICER, "12"))
    response = client.post(url, {"nhiem_vu": "Tập trung chỉ đạo sản xuất vụ đông xuân.", "version_nhiem_vu": "0",
                                 "nguoi_ky": "Đặng Văn Châu"})
    assert response.status_code == 302
    assert ReportText.objects.get(section="nhiem_vu").text == "Tập trung chỉ đạo sản xuất vụ đông xuân."
    assert AuditEntry.objects.filter(object_type="reports.reporttext", username="tinh").count() == 2
    text = docx_text(ask(client, **params, action="docx").content)
    assert "Tập trung chỉ đạo sản xuất vụ đông xuân." in text and "Đặng Văn Châu" in text
    # A second officer saving an old version is told to reload.
    stale = client.post(url, {"nhiem_vu": "Bản cũ", "version_nhiem_vu": "0"})
    assert "đã được người khác sửa" in stale.content.decode()
    assert ReportText.objects.get(section="nhiem_vu").text == "Tập trung chỉ đạo sản xuất vụ đông xuân."


def test_only_administrators_manage_templates(client, make_user, admin_user_demo):
    client.force_login(make_user("tinh", Role.PROVINCE_OFFICER, "12"))
    assert client.get(reverse("reports:templates")).status_code == 404
    assert client.get(reverse("reports:template_download", args=["monthly", "mac-dinh"])).status_code == 404
    upload = SimpleUploadedFile("mau.docx", template_path("monthly").read_bytes())
    assert client.post(reverse("reports:template_upload", args=["monthly"]), {"file": upload}).status_code == 404
    client.force_login(admin_user_demo)
    assert client.get(reverse("reports:templates")).status_code == 200
    default = client.get(reverse("reports:template_download", args=["monthly", "mac-dinh"]))
    assert default.content == template_path("monthly").read_bytes()
    bad = SimpleUploadedFile("mau.docx", b"not a docx")
    page = client.post(reverse("reports:template_upload", args=["monthly"]), {"file": bad}, follow=True)
    assert "không phải văn bản Word" in page.content.decode()
    good = SimpleUploadedFile("mau-so.docx", template_path("monthly").read_bytes())
    page = client.post(reverse("reports:template_upload", args=["monthly"]), {"file": good}, follow=True)
    assert "mau-so.docx" in page.content.decode()
    client.post(reverse("reports:template_reset", args=["monthly"]))
    assert "mau-so.docx" not in client.get(reverse("reports:templates")).content.decode()
