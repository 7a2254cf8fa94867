"""Who may evaluate and approve; the computed indicators; the locked year; evidence files."""

from decimal import Decimal

import pytest

from datavalues.writing import FigureChange, do_set_values
from indicators.models import Indicator
from periods.models import Period
from ruraldev.actions import (
    Refused,
    do_add_evidence,
    do_approve,
    do_save_results,
    do_start_evaluation,
    do_submit,
)
from ruraldev.evaluation import build_sheet
from ruraldev.models import Evaluation, Evidence, IndicatorResult, Workflow

from .conftest import SAN_THANG, SUNG_PHAI, indicator, unit

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def store(code, unit_code, period, value):
    ind = Indicator.objects.get(code=code)
    do_set_values([FigureChange(ind, None, unit(unit_code), Period.objects.for_code(period),
                                None if value is None else Decimal(value), source="kiểm thử")], channel="system")


def income_row(ev):
    return build_sheet(ev).criteria[9].indicators[0]


def test_a_computed_indicator_changes_when_the_stored_value_changes(basic):
    ev = do_start_evaluation(unit(SUNG_PHAI), 2023, basic)
    assert income_row(ev).value is None and "Chưa có số liệu" in income_row(ev).source
    store("RURAL_INCOME_PER_CAPITA", SUNG_PHAI, "2023", "31.5")
    row = income_row(ev)
    assert row.computed and row.value == Decimal("31.5") and "RURAL_INCOME_PER_CAPITA" in row.source
    store("RURAL_INCOME_PER_CAPITA", SUNG_PHAI, "2023", "40.2")
    assert income_row(ev).value == Decimal("40.2")


def test_an_approved_evaluation_keeps_the_value_it_was_approved_with(basic):
    store("RURAL_INCOME_PER_CAPITA", SUNG_PHAI, "2023", "31.5")
    ev = do_start_evaluation(unit(SUNG_PHAI), 2023, basic)
    do_submit(ev)
    do_approve(ev)
    store("RURAL_INCOME_PER_CAPITA", SUNG_PHAI, "2023", "44")
    assert income_row(ev).value == Decimal("31.5")


def test_a_commune_officer_cannot_evaluate_another_commune(basic, cast, client):
    with pytest.raises(Refused):
        do_start_evaluation(unit(SUNG_PHAI), 2023, basic, user=cast.santhang)
    client.force_login(cast.santhang)
    r = client.post(f"/nong-thon-moi/xa/{SUNG_PHAI}/danh-gia-moi/", {"bo": basic.pk, "nam": "2023"})
    assert r.status_code == 404 and not Evaluation.objects.exists()
    ev = do_start_evaluation(unit(SUNG_PHAI), 2023, basic, user=cast.sungphai)
    with pytest.raises(Refused):
        do_save_results(ev, {indicator(basic, "1.1").pk: {"yes": True}}, user=cast.santhang)
    assert client.get(f"/nong-thon-moi/danh-gia/{ev.pk}/").status_code == 404
    assert client.post(f"/nong-thon-moi/danh-gia/{ev.pk}/luu/", {}).status_code == 404
    assert not IndicatorResult.objects.exists()


def test_a_commune_officer_cannot_approve_and_the_province_can(basic, cast, client):
    ev = do_start_evaluation(unit(SAN_THANG), 2023, basic, user=cast.santhang)
    do_submit(ev, user=cast.santhang)
    with pytest.raises(Refused):
        do_approve(ev, user=cast.santhang)
    client.force_login(cast.santhang)
    client.post(f"/nong-thon-moi/danh-gia/{ev.pk}/duyet/")
    ev.refresh_from_db()
    assert ev.status == Workflow.SUBMITTED
    client.force_login(cast.province)
    client.post(f"/nong-thon-moi/danh-gia/{ev.pk}/duyet/")
    ev.refresh_from_db()
    assert ev.status == Workflow.APPROVED and ev.approved_by == cast.province


def test_a_locked_year_refuses_changes(basic, cast, client, evidence_root):
    ev = do_start_evaluation(unit(SAN_THANG), 2023, basic, user=cast.santhang)
    i11 = indicator(basic, "1.1")
    do_save_results(ev, {i11.pk: {"yes": True}}, user=cast.santhang)
    do_submit(ev, user=cast.santhang)
    do_approve(ev, user=cast.province)
    with pytest.raises(Refused) as e:
        do_save_results(ev, {i11.pk: {"yes": False}}, user=cast.santhang)
    assert "đã được duyệt và khóa" in e.value.messages[0]
    with pytest.raises(Refused):
        do_add_evidence(ev, "bien-ban.pdf", PDF, user=cast.santhang)
    with pytest.raises(Refused):
        do_submit(ev, user=cast.santhang)
    client.force_login(cast.santhang)
    client.post(f"/nong-thon-moi/danh-gia/{ev.pk}/luu/", {f"r-{i11.pk}-yes": "0"})
    assert IndicatorResult.objects.get(evaluation=ev, indicator=i11).yes is True
    assert not Evidence.objects.exists()
    # Nor can the locked year be evaluated again against another version of the set.
    from ruraldev.actions import do_copy_set

    with pytest.raises(Refused) as e:
        do_start_evaluation(unit(SAN_THANG), 2023, do_copy_set(basic), user=cast.santhang)
    assert "đã có kết quả được duyệt và khóa" in e.value.messages[0]
    assert Evaluation.objects.filter(unit__code=SAN_THANG, year=2023).count() == 1


def _files(root):
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.mark.parametrize("name,data,message", [
    ("virus.exe", b"MZ\x90\x00", "không thuộc loại được nhận làm minh chứng"),
    ("bien-ban.pdf", b"<html>not a pdf</html>", "không phải tệp PDF"),
    ("anh.jpg", b"\x89PNG\r\n\x1a\n....", "không phải tệp JPG"),
    ("bao-cao.docx", b"PK\x03\x04 broken zip", "không phải tệp DOCX"),
    ("rong.pdf", b"", "rỗng"),
    ("lon.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), "quá lớn"),
])
def test_bad_evidence_gets_a_vietnamese_error_and_nothing_is_stored(basic, cast, client, evidence_root, name, data,
                                                                    message):
    from django.core.files.uploadedfile import SimpleUploadedFile

    ev = do_start_evaluation(unit(SAN_THANG), 2023, basic, user=cast.santhang)
    with pytest.raises(Refused) as e:
        do_add_evidence(ev, name, data, user=cast.santhang)
    assert message in e.value.messages[0]
    client.force_login(cast.santhang)
    r = client.post(f"/nong-thon-moi/danh-gia/{ev.pk}/minh-chung/", {"tep": SimpleUploadedFile(name, data)},
                    follow=True)
    assert any(message in str(m) for m in r.context["messages"])
    assert not Evidence.objects.exists() and _files(evidence_root) == []


def test_good_evidence_is_stored_under_a_random_name_and_served_only_in_scope(basic, cast, client, evidence_root):
    from django.core.files.uploadedfile import SimpleUploadedFile

    ev = do_start_evaluation(unit(SAN_THANG), 2023, basic, user=cast.santhang)
    client.force_login(cast.santhang)
    client.post(f"/nong-thon-moi/danh-gia/{ev.pk}/minh-chung/",
                {"tep": SimpleUploadedFile("../../bien ban.pdf", PDF), "chi_tieu": indicator(basic, "1.1").pk})
    item = Evidence.objects.get()
    assert item.original_name.endswith("bien ban.pdf") and item.size == len(PDF)
    files = _files(evidence_root)
    assert len(files) == 1 and files[0].read_bytes() == PDF and "bien" not in files[0].name
    r = client.get(f"/nong-thon-moi/minh-chung/{item.pk}/")
    assert r.status_code == 200 and b"".join(r.streaming_content) == PDF
    client.force_login(cast.sungphai)
    assert client.get(f"/nong-thon-moi/minh-chung/{item.pk}/").status_code == 404
