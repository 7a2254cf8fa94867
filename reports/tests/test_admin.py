"""The admin saves report texts and templates through reports.actions (validated, audited)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEntry
from periods.models import Period
from reports.docx_template import template_path
from reports.models import ReportTemplate, ReportText
from units.models import Unit

pytestmark = pytest.mark.django_db


def test_a_template_uploaded_in_the_admin_is_validated_and_audited(client, admin_user_demo):
    client.force_login(admin_user_demo)
    url = "/admin/reports/reporttemplate/add/"
    bad = client.post(url, {"kind": "plan", "upload": SimpleUploadedFile("mau.docx", b"PK\x03\x04 broken")})
    assert bad.status_code == 200 and "docx" in bad.content.decode()
    assert not ReportTemplate.objects.exists()
    good = client.post(url, {"kind": "plan", "upload": SimpleUploadedFile("ke-hoach.docx",
                                                                          template_path("plan").read_bytes())})
    assert good.status_code == 302
    saved = ReportTemplate.objects.get(kind="plan")
    assert saved.filename == "ke-hoach.docx" and bytes(saved.content) == template_path("plan").read_bytes()
    assert AuditEntry.objects.filter(object_type="reports.reporttemplate", channel="admin").count() == 1


def test_report_texts_edited_in_the_admin_go_through_the_write_path(client, admin_user_demo):
    client.force_login(admin_user_demo)
    unit, period = Unit.objects.get(code="12"), Period.objects.for_code("202312")
    url = "/admin/reports/reporttext/add/"
    wrong = client.post(url, {"kind": "monthly", "unit": unit.pk, "period": period.pk, "section": "khong_co",
                              "text": "x"})
    assert wrong.status_code == 200 and "Mục không thuộc loại báo cáo này" in wrong.content.decode()
    ok = client.post(url, {"kind": "monthly", "unit": unit.pk, "period": period.pk, "section": "nhiem_vu",
                           "text": "Tập trung chỉ đạo sản xuất vụ đông xuân."})
    assert ok.status_code == 302
    text = ReportText.objects.get(section="nhiem_vu")
    assert text.updated_by == admin_user_demo
    entry = AuditEntry.objects.get(object_type="reports.reporttext")
    assert entry.channel == "admin" and entry.unit_code == "12"
    client.post(f"/admin/reports/reporttext/{text.pk}/delete/", {"post": "yes"})
    assert not ReportText.objects.exists()
    assert AuditEntry.objects.filter(object_type="reports.reporttext", action="delete").count() == 1
