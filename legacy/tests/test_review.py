"""Upload, review queue and the write path of legacy reports."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from accounts.models import Profile, Role
from audit.models import AuditEntry
from datavalues.models import DataValue
from datavalues.writing import FigureChange, do_set_values
from indicators.models import Indicator
from legacy import actions
from legacy.models import CandidateStatus, LegacyCandidate, LegacyDocument, LegacyParagraph
from legacy.reading import Unreadable
from periods.models import Period
from units.models import Unit

pytestmark = pytest.mark.django_db
SEED_003 = Path(settings.BASE_DIR) / "seeds" / "003_3940f7126368a22b.txt"


@pytest.fixture
def officer(django_user_model):
    user = django_user_model.objects.create_user("so", password="x")
    Profile.objects.create(user=user, role=Role.PROVINCE_OFFICER).units.set([Unit.objects.get(code="12")])
    return user


@pytest.fixture
def commune(django_user_model):
    user = django_user_model.objects.create_user("xa", password="x")
    Profile.objects.create(user=user, role=Role.COMMUNE_OFFICER).units.set([Unit.objects.get(code="12.105.03409")])
    return user


@pytest.fixture
def seed_003(officer):
    return actions.do_upload(SEED_003.read_bytes(), SEED_003.name, unit=Unit.objects.get(code="12"), user=officer,
                             channel="import").document


def client(user):
    c = Client()
    c.force_login(user)
    return c


def herd(doc) -> LegacyCandidate:
    return doc.candidates.get(raw="353.350")


def test_uploading_seed_003_gives_candidates_with_suggestions_and_writes_nothing(seed_003):
    assert seed_003.period.code == "202312"
    assert seed_003.candidates.count() > 100
    c = herd(seed_003)
    assert (c.value, c.measure, c.indicator.code, c.unit.code, c.period.code) == (
        Decimal("353350"), "con", "HERD", "12", "202312")
    assert "Tổng đàn gia súc chính ước đạt 353.350 con" in c.sentence
    assert not DataValue.objects.exists()


def test_confirming_writes_through_the_write_path_with_the_sentence_as_source(seed_003, officer):
    c = herd(seed_003)
    r = client(officer).post(f"/bao-cao-cu/so-lieu/{c.pk}/xac-nhan/", {
        "indicator": "HERD", "option": "", "unit": "12", "period": "202312", "value": "353.350"})
    assert r.status_code == 302
    v = DataValue.objects.get()
    assert (v.indicator.code, v.unit.code, v.period.code, v.value) == ("HERD", "12", "202312", Decimal("353350"))
    assert f"đoạn {c.paragraph.index + 1}" in v.source and "Tổng đàn gia súc chính ước đạt 353.350 con" in v.source
    assert AuditEntry.objects.filter(object_type="datavalue", indicator_code="HERD", username="so").count() == 1


def test_confirming_twice_writes_once(seed_003, officer):
    c = herd(seed_003)
    actions.do_confirm(c, user=officer, channel="form")
    actions.do_confirm(c, user=officer, channel="form")
    client(officer).post(f"/bao-cao-cu/so-lieu/{c.pk}/xac-nhan/", {})
    assert DataValue.objects.count() == 1
    assert AuditEntry.objects.filter(object_type="datavalue").count() == 1


def test_a_figure_that_contradicts_a_stored_value_is_a_conflict_and_is_not_overwritten(seed_003, officer):
    do_set_values([FigureChange(Indicator.objects.get(code="HERD"), None, Unit.objects.get(code="12"),
                                Period.objects.for_code("202312"), Decimal("350000"))], channel="system")
    c = actions.do_confirm(herd(seed_003), user=officer, channel="form")
    assert c.status == CandidateStatus.CONFLICT and c.stored_value == Decimal("350000")
    stored = DataValue.objects.get()
    assert stored.value == Decimal("350000")
    page = client(officer).get(f"/bao-cao-cu/{seed_003.pk}/?trang-thai=xung_dot").content.decode()
    assert "Đã có số liệu 350.000" in page and "không ghi đè" in page


def test_a_correction_is_written_as_corrected(seed_003, officer):
    c = seed_003.candidates.get(raw="92.760")
    client(officer).post(f"/bao-cao-cu/so-lieu/{c.pk}/xac-nhan/", {
        "indicator": "HERD", "option": "BUFFALO", "unit": "12", "period": "202312"})
    c.refresh_from_db()
    assert c.status == CandidateStatus.CONFIRMED and DataValue.objects.get().option.code == "BUFFALO"


def test_bulk_confirm_and_the_queue_survives_sessions(seed_003, officer):
    chosen = list(seed_003.candidates.filter(raw__in=["353.350", "1.013"]).values_list("pk", flat=True))
    client(officer).post(f"/bao-cao-cu/{seed_003.pk}/xac-nhan-nhieu/", {"chon": chosen})
    assert DataValue.objects.count() == 2
    later = client(officer).get(f"/bao-cao-cu/{seed_003.pk}/?trang-thai=xac_nhan").content.decode()
    assert "353.350" in later and "1.013" in later
    pending = seed_003.candidates.filter(status=CandidateStatus.PENDING).count()
    assert pending == seed_003.candidates.count() - 2


def test_uploading_the_same_report_again_does_not_duplicate_its_candidates(seed_003, officer):
    actions.do_confirm(herd(seed_003), user=officer, channel="form")
    before = LegacyCandidate.objects.count()
    r = client(officer).post("/bao-cao-cu/", {"unit": "12", "file": SimpleUploadedFile(SEED_003.name,
                                                                                      SEED_003.read_bytes())})
    assert r.status_code == 302
    assert LegacyDocument.objects.count() == 1 and LegacyCandidate.objects.count() == before
    assert herd(seed_003).status == CandidateStatus.CONFIRMED


def test_the_monthly_report_for_that_month_is_generated_from_confirmed_figures(seed_003, officer):
    from reports.builders.monthly import MonthlyBuilder

    for raw in ("353.350", "1.809"):
        actions.do_confirm(seed_003.candidates.get(raw=raw), user=officer, channel="form")
    text = "\n".join(b.text for b in MonthlyBuilder(Unit.objects.get(code="12"), "202312").compose().blocks)
    assert "353.350 con" in text and "1.809 nghìn con" in text


def _docx(*paragraphs, table=None) -> bytes:
    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    if table:
        t = d.add_table(rows=len(table), cols=len(table[0]))
        for i, row in enumerate(table):
            for j, cell in enumerate(row):
                t.cell(i, j).text = cell
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def test_a_word_report_is_read_with_its_tables(officer):
    data = _docx("BÁO CÁO tình hình sản xuất tháng 11 năm 2024", "Tổng đàn gia cầm ước đạt 1.900 nghìn con.",
                 table=[["Chỉ tiêu", "Số liệu"], ["Diện tích ao nuôi trồng thủy sản", "1.020 ha"]])
    doc = actions.do_upload(data, "bc.docx", unit=Unit.objects.get(code="12"), user=officer, channel="form").document
    assert doc.period.code == "202411"
    assert set(doc.candidates.values_list("raw", "measure")) == {("1.900", "nghìn con"), ("1.020", "ha")}


def _zip(files: dict) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, content in files.items():
            z.writestr(name, content)
    return out.getvalue()


@pytest.mark.parametrize("name,data,message", [
    ("hong.docx", b"PK\x03\x04 not really a zip", "Tệp Word bị hỏng"),
    ("doi-duoi.docx", b"<html>trang web</html>", "không phải tệp Word hợp lệ"),
    ("rong.docx", _zip({"hello.txt": "x"}), "thiếu word/document.xml"),
    ("xml-sai.docx", _zip({"[Content_Types].xml": "<bad", "word/document.xml": "<w:document"}), "Tệp Word bị hỏng"),
    ("cu.doc", b"\xd0\xcf\x11\xe0 old word", "lưu thành .docx"),
    ("anh.png", b"\x89PNG", "Chỉ nhận tệp Word (.docx) hoặc văn bản (.txt)"),
    ("sai-ma.txt", b"S\xe3n l\xfd\xf4ng 5 t\xe2n", "UTF-8"),
    ("nul.txt", "Sản lượng 5 tấn".encode("utf-16"), "NUL"),
])
def test_a_malformed_file_gets_a_clear_vietnamese_error_and_nothing_is_stored(officer, name, data, message):
    before = AuditEntry.objects.count()
    r = client(officer).post("/bao-cao-cu/", {"unit": "12", "file": SimpleUploadedFile(name, data)})
    assert r.status_code == 400 and message in r.content.decode()
    assert not LegacyDocument.objects.exists() and not LegacyParagraph.objects.exists()
    assert AuditEntry.objects.count() == before


def test_an_oversized_docx_is_refused_and_nothing_is_stored(officer):
    big = b"PK\x03\x04" + b"0" * (10 * 1024 * 1024 + 1)
    r = client(officer).post("/bao-cao-cu/", {"unit": "12", "file": SimpleUploadedFile("lon.docx", big)})
    assert r.status_code == 400 and "Tệp quá lớn (tối đa 10 MB)" in r.content.decode()
    assert not LegacyDocument.objects.exists()
    with pytest.raises(Unreadable, match="quá lớn"):
        actions.do_upload(big, "lon.docx", unit=Unit.objects.get(code="12"), channel="import")


def test_a_zip_bomb_docx_is_refused(officer):
    bomb = _zip({"word/document.xml": "0" * (101 * 1024 * 1024)})
    with pytest.raises(Unreadable, match="giải nén ra quá lớn"):
        actions.do_upload(bomb, "bom.docx", unit=Unit.objects.get(code="12"), channel="import")
    assert not LegacyDocument.objects.exists()


def test_a_commune_user_neither_sees_nor_confirms_a_province_report(seed_003, commune):
    c = client(commune)
    assert c.get(f"/bao-cao-cu/{seed_003.pk}/").status_code == 404
    assert c.post(f"/bao-cao-cu/so-lieu/{herd(seed_003).pk}/xac-nhan/", {}).status_code == 404
    assert seed_003.title not in c.get("/bao-cao-cu/").content.decode()
    assert not DataValue.objects.exists()


def test_the_review_queue_does_not_run_a_query_per_candidate(seed_003, officer, django_assert_max_num_queries):
    actions.do_bulk_confirm(list(seed_003.candidates.filter(raw__in=["353.350", "1.013"])), user=officer,
                            channel="form")
    c = client(officer)
    for state in ("cho", "xac_nhan"):
        with django_assert_max_num_queries(20):
            assert c.get(f"/bao-cao-cu/{seed_003.pk}/", {"trang-thai": state}).status_code == 200
