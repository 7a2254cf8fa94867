"""The indicator page: value over time, child units with values, targets and %, sorting,
links one level down in either structure, breadcrumbs back up, and where a number
comes from (stored values, rules, discrepancies)."""

import re

import pytest

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def row_names(body: str) -> list[str]:
    table = body[body.index('<div id="children-table">'):]
    table = table[table.index("<tbody>"): table.index("</tbody>")]
    return re.findall(r'<th scope="row"><a href="[^"]*">([^<]+)</a></th>', table)


def test_the_province_lists_its_districts_before_the_reform(as_user, seeds):
    response = as_user("tinh").get("/chi-tieu/TRAINING_CLASSES/12/?ky=2023")
    names = row_names(response.content.decode())
    assert len(names) == 8 and "Thành phố Lai Châu" in names and "Huyện Than Uyên" in names
    page = text(response)
    assert "149 lớp" in page or "149" in page  # the province's own 149 classes (seed 003)
    assert 'href="/chi-tieu/TRAINING_CLASSES/12.110/?ky=2023&amp;co-cau=truoc"' in response.content.decode()


def test_after_the_reform_the_province_lists_its_new_communes(as_user, seeds):
    response = as_user("tinh").get("/chi-tieu/TRAINING_CLASSES/12/?ky=2023&co-cau=sau")
    names = row_names(response.content.decode())
    assert len(names) == 38 and "Phường Tân Phong" in names and all(not n.startswith("Huyện") for n in names)


def test_a_district_lists_its_communes_and_a_commune_leads_back_up(as_user, seeds):
    client = as_user("thanhpho")
    city = client.get("/chi-tieu/CROP_AREA/12.105/?ky=2023&phan-to=QUALITY_RICE")
    names = row_names(city.content.decode())
    assert names == ["Phường Quyết Thắng", "Phường Tân Phong", "Phường Quyết Tiến", "Phường Đoàn Kết",
                     "Xã Sùng Phài", "Phường Đông Phong", "Xã San Thàng"]
    # The plan splits the 329,2 ha among four communes: San Thàng 135 ha (seed 002).
    assert re.search(r"Xã San Thàng</a></th>\s*<td class=\"num\">—</td>\s*<td class=\"num\">135</td>",
                     city.content.decode())
    commune = client.get("/chi-tieu/CROP_AREA/12.105.03409/?ky=2023&phan-to=QUALITY_RICE&co-cau=truoc")
    crumbs = commune.content.decode().split('class="breadcrumbs"')[1].split("</nav>")[0]
    assert 'href="/chi-tieu/CROP_AREA/12.105/?ky=2023&amp;phan-to=QUALITY_RICE">Thành phố Lai Châu</a>' in crumbs
    assert "Tỉnh Lai Châu" not in crumbs  # the city officer cannot read the province


def test_the_table_sorts_by_value_both_ways(as_user, seeds):
    client = as_user("tinh")
    desc = row_names(client.get("/chi-tieu/TRAINING_CLASSES/12/?ky=2023&sap-xep=gia-tri&chieu=giam")
                     .content.decode())
    asc = row_names(client.get("/chi-tieu/TRAINING_CLASSES/12/?ky=2023&sap-xep=gia-tri&chieu=tang")
                    .content.decode())
    # Classes in 2023 by district (seed 003): Than Uyên 33 … Thành phố Lai Châu 5.
    assert desc[0] == "Huyện Than Uyên" and desc[-1] == "Thành phố Lai Châu"
    assert asc[0] == "Thành phố Lai Châu" and asc[-1] == "Huyện Than Uyên" and sorted(asc) == sorted(desc)


def test_an_htmx_sort_returns_only_the_table(as_user, seeds):
    response = as_user("tinh").get("/chi-tieu/TRAINING_CLASSES/12/?ky=2023&sap-xep=ten", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body and body.lstrip().startswith('<div id="children-table">')
    assert 'aria-sort="ascending"' in body


def test_the_sources_panel_shows_stored_values_quotes_and_discrepancies(as_user, seeds):
    page = text(as_user("tinh").get("/chi-tieu/COOPERATIVES/12/?ky=2023"))
    assert "Nguồn số liệu" in page and "183" in page
    # The province reports 183 cooperatives, its districts add up to 182 (seeds/consistency.md).
    assert "Tỉnh Lai Châu báo cáo 183 HTX nhưng cộng các đơn vị trực thuộc được 182 HTX" in page
    assert "Văn bản nguồn 003" in page


def test_the_value_over_time_is_drawn_and_also_given_as_a_table(as_user, seeds):
    body = as_user("thanhpho").get("/chi-tieu/CROP_AREA/12.105/?ky=2023&phan-to=QUALITY_RICE").content.decode()
    assert 'data-kind="series"' in body and "chart.umd.min.js" in body
    assert "&quot;texts&quot;: [" in body and "342 ha" in body  # 342 ha of quality rice in 2021 and 2022
    assert "<th scope=\"row\">2022</th><td class=\"num\">342</td>" in body


def test_a_new_commune_before_the_reform_lists_the_old_communes_merged_into_it(as_user, seeds):
    body = as_user("santhang").get("/chi-tieu/CROP_AREA/12.03408/?ky=2023&co-cau=truoc").content.decode()
    names = row_names(body)
    assert "Xã San Thàng" in names and "Phường Đông Phong" in names


def test_the_table_of_units_downloads_as_excel_with_unknown_figures_empty(seeds, as_user):
    from io import BytesIO

    from openpyxl import load_workbook

    client = as_user("tinh")
    page = client.get("/chi-tieu/CROP_AREA/12/?ky=2023").content.decode()
    assert "format=xlsx" in page
    r = client.get("/chi-tieu/CROP_AREA/12/", {"ky": "2023", "format": "xlsx"})
    assert r["Content-Disposition"] == 'attachment; filename="CROP_AREA_12_2023.xlsx"'
    rows = list(load_workbook(BytesIO(r.content)).active.iter_rows(values_only=True))
    assert rows[1] == ("Mã đơn vị", "Đơn vị", "Số liệu (ha)", "Mục tiêu", "% đạt")
    body = rows[2:-1]
    assert len(body) == 8 and {row[0] for row in body} >= {"12.105"}  # the eight districts
    assert rows[-1][0] == "12" and rows[-1][2] is not None
    assert all(row[2] is None or isinstance(row[2], (int, float)) for row in body)
