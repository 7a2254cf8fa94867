"""The issuing body's kind chooses the document's format, for every report kind: a state
body writes Decree 30/2020/NĐ-CP (national motto, "Số: 12/BC-UBND", "TM. ỦY BAN NHÂN DÂN"),
a Party committee the Party's Hướng dẫn 36-HD/VPTW (2018): "ĐẢNG CỘNG SẢN VIỆT NAM" at the top
right, the committee and a star at the top left, "Số 15-BC/ThU", "T/M BAN THƯỜNG VỤ" — as seed 000,
the mid-term review of the Lai Châu City Party committee (Thành ủy)."""

import datetime as dt
import io

import pytest
from docx import Document

from audit.models import Channel
from periods.models import Period
from programmes.models import Programme
from reports.actions import TextRefused, do_set_report_texts
from reports.kinds import MASS, PARTY, STATE, issuer_kind
from reports.rendering import render_docx
from reports.service import build_report
from units.models import Unit

pytestmark = pytest.mark.django_db
CITY = "12.105"
PERIODS = {"monthly": "202312", "review": "2023", "plan": "2023"}
PARTY_TEXTS = {
    "loai_co_quan": "dang", "co_quan_chu_quan": "Đảng bộ tỉnh Lai Châu", "co_quan_ban_hanh": "Thành ủy Lai Châu",
    "so": "15", "ky_hieu": "BC/ThU", "quyen_han_ky": "T/M BAN THƯỜNG VỤ", "chuc_vu_ky": "BÍ THƯ",
    "nguoi_ky": "Nguyễn Văn A",
}


@pytest.fixture
def resolution(db):
    return Programme.objects.create(
        code="05-NQ/TU", number="05-NQ/TU", signed_on=dt.date(2021, 2, 22),
        issuer="Ban Chấp hành Đảng bộ tỉnh Lai Châu",
        title="Về phát triển nông nghiệp hàng hóa tập trung giai đoạn 2021-2025, định hướng đến năm 2030",
        unit=Unit.objects.get(code="12"), term=Period.objects.for_code("2021-2025"))


def heading_and_signature(kind, texts, programme):
    unit = Unit.objects.get(code=CITY)
    period = Period.objects.for_code(PERIODS[kind])
    if texts:
        do_set_report_texts(kind, unit, period, texts, channel=Channel.SYSTEM)
    report = build_report(kind, unit, period, programme if kind == "review" else None, date=dt.date(2023, 7, 10))
    doc = Document(io.BytesIO(render_docx(report)))
    head, sign = doc.tables[0], doc.tables[1]
    cells = {(r, c): [p.text for p in head.cell(r, c).paragraphs if p.text.strip()] for r in (0, 1) for c in (0, 1)}
    signature = [p.text for p in sign.cell(0, 1).paragraphs if p.text.strip()]
    return report, cells, signature


@pytest.mark.parametrize("kind", ["monthly", "review", "plan"])
def test_a_party_committee_issues_in_the_party_format(kind, resolution):
    report, cells, signature = heading_and_signature(kind, PARTY_TEXTS, resolution)
    assert cells[(0, 1)] == ["ĐẢNG CỘNG SẢN VIỆT NAM"]  # no state motto
    assert cells[(0, 0)] == ["ĐẢNG BỘ TỈNH LAI CHÂU", "THÀNH ỦY LAI CHÂU", "*"]
    assert cells[(1, 0)] == ["Số 15-BC/ThU"]  # no colon, hyphen between number and symbol
    assert signature == ["T/M BAN THƯỜNG VỤ", "BÍ THƯ", "Nguyễn Văn A"]
    assert "Độc lập - Tự do - Hạnh phúc" not in report.plain_text()


@pytest.mark.parametrize("kind", ["monthly", "review", "plan"])
def test_a_state_body_issues_in_the_decree_30_format(kind, resolution):
    report, cells, signature = heading_and_signature(kind, {}, resolution)
    assert cells[(0, 1)] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert "*" not in cells[(0, 0)]
    assert cells[(1, 0)][0].startswith("Số: ") and cells[(1, 0)][0].endswith("/" + report.texts["ky_hieu"])
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" not in report.plain_text()
    assert signature[0] != "T/M BAN THƯỜNG VỤ"


def test_the_review_by_thanh_uy_is_recognised_as_party_without_choosing(resolution):
    texts = {k: v for k, v in PARTY_TEXTS.items() if k != "loai_co_quan"}
    report, cells, _ = heading_and_signature("review", texts, resolution)
    assert cells[(0, 1)] == ["ĐẢNG CỘNG SẢN VIỆT NAM"]
    # The committee names its territory: "Thành ủy Lai Châu báo cáo", not "… thành phố Lai Châu báo cáo".
    assert "; Thành ủy Lai Châu báo cáo sơ kết" in report.intro[0]


def test_a_mass_organisation_writes_its_own_name_at_the_top_right(resolution):
    texts = {"loai_co_quan": "doan_the", "co_quan_ban_hanh": "Hội Nông dân thành phố Lai Châu",
             "ten_to_chuc": "Hội Nông dân Việt Nam", "ky_hieu": "BC/HND"}
    _, cells, _ = heading_and_signature("monthly", texts, resolution)
    assert cells[(0, 1)] == ["HỘI NÔNG DÂN VIỆT NAM"]
    assert cells[(1, 0)][0].startswith("Số: ")


def test_issuer_kind_rule():
    assert issuer_kind({"co_quan_ban_hanh": "Thành ủy Lai Châu"}) == PARTY
    assert issuer_kind({"co_quan_ban_hanh": "Huyện uỷ Tam Đường"}) == PARTY
    assert issuer_kind({"co_quan_ban_hanh": "Hội Nông dân tỉnh"}) == MASS
    assert issuer_kind({"co_quan_ban_hanh": "Ủy ban nhân dân thành phố Lai Châu"}) == STATE
    # A choice wins over the name.
    assert issuer_kind({"co_quan_ban_hanh": "Thành ủy Lai Châu", "loai_co_quan": "nha_nuoc"}) == STATE


def test_an_unknown_issuer_kind_is_refused():
    unit = Unit.objects.get(code=CITY)
    with pytest.raises(TextRefused):
        do_set_report_texts("review", unit, Period.objects.for_code("2023"), {"loai_co_quan": "vua"},
                            channel=Channel.SYSTEM)
