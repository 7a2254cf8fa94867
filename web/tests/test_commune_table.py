"""The commune table: every indicator of a form (or of an indicator group) for every
commune of a unit in one grid, in either structure, exportable to Excel."""

import re
from io import BytesIO

import pytest
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def grid_rows(body: str) -> list[str]:
    table = body[body.index('<table class="grid">'):]
    table = table[table.index("<tbody>"): table.index("</tbody>")]
    return re.findall(r'<th scope="row" class="sticky">([^<]+)</th>', table)


def test_the_city_grid_has_a_row_per_commune_and_a_column_per_indicator(as_user, seeds):
    response = as_user("thanhpho").get("/bang-xa/12.105/?nhom=trong_trot&phan-to=CROP.TEA&ky=2021-2023")
    body = response.content.decode()
    assert grid_rows(body) == ["Phường Quyết Thắng", "Phường Tân Phong", "Phường Quyết Tiến", "Phường Đoàn Kết",
                               "Xã Sùng Phài", "Phường Đông Phong", "Xã San Thàng"]
    assert "Diện tích trồng mới — Chè" in body and "Sản lượng — Chè" in body
    # 20,45 ha of new tea in 2021-2023, all of it in Xã Sùng Phài (seed 000).
    row = body[body.index("Xã Sùng Phài</th>"):]
    row = row[: row.index("</tr>")]
    assert ">20,45<" in row


def test_the_province_grid_follows_the_structure(as_user, seeds):
    client = as_user("tinh")
    before = client.get("/bang-xa/12/?nhom=ha_tang&ky=2023&co-cau=truoc").content.decode()
    after = client.get("/bang-xa/12/?nhom=ha_tang&ky=2023&co-cau=sau").content.decode()
    assert len(grid_rows(before)) == 106 and "Huyện, thành phố" in before   # communes with their district
    assert len(grid_rows(after)) == 38 and "Huyện, thành phố" not in after.split('<table class="grid">')[1]


def test_an_htmx_change_returns_only_the_grid(as_user, seeds):
    body = as_user("thanhpho").get("/bang-xa/12.105/?nhom=chan_nuoi", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in body and body.lstrip().startswith('<div id="commune-grid">')
    assert "Tổng đàn gia súc" in body


def test_the_grid_downloads_as_excel_with_numbers(as_user, seeds):
    response = as_user("thanhpho").get("/bang-xa/12.105/excel/?nhom=trong_trot&phan-to=CROP.TEA&ky=2021-2023")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert 'filename="bang-so-lieu-12.105-2021-2023.xlsx"' in response["Content-Disposition"]
    ws = load_workbook(BytesIO(response.content)).active
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    assert "Thành phố Lai Châu" in rows[0][0] and "Giai đoạn 2021-2023" in rows[0][0]
    header = rows[2]
    assert header[:2] == ["Mã đơn vị", "Đơn vị"] and "Diện tích trồng mới — Chè (ha)" in header
    sung_phai = next(r for r in rows if r[0] == "12.105.03403")
    assert sung_phai[header.index("Diện tích trồng mới — Chè (ha)")] == 20.45   # a number, not text
    assert rows[-1][1] == "Cả Thành phố Lai Châu"


def test_a_report_form_of_the_collection_app_gives_the_columns(as_user, seeds):
    from collection import models
    from indicators.models import Indicator, Option
    from units.models import Unit

    form = models.ReportForm.objects.create(code="WEB_TEST_XA", name="Biểu thử: trồng mới cấp xã",
                                            period_type="year", level=3, root_unit=Unit.objects.get(code="12"))
    row = models.FormRow.objects.create(form=form, indicator=Indicator.objects.get(code="CROP_NEW_AREA"),
                                        label="Trồng mới", sort_order=1)
    row.options.set(Option.objects.filter(disaggregation__code="CROP", code="TEA"))
    page = text(as_user("thanhpho").get("/bang-xa/12.105/?bieu=WEB_TEST_XA&ky=2021-2023"))
    assert "Biểu thử: trồng mới cấp xã" in page
    assert "Trồng mới — Chè" in page and "20,45" in page
