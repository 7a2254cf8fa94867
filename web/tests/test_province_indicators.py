"""Indicators on the pages: a province's own indicator only in that province, the
catalogue search (``/danh-muc-chi-tieu/``), and the margins of a crossed breakdown on the
indicator page."""

import re
from decimal import Decimal

import pytest

from accounts.models import Profile
from datavalues.writing import FigureChange, do_set_values
from indicators.crossing import cross
from indicators.models import Disaggregation, Indicator, Option
from periods.models import Period
from programmes.models import Programme, Target
from units.models import Unit

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def own(db):
    """Lai Châu's and Hà Giang's own indicators, each with a 2023 value in its province."""
    lc = Indicator.objects.create(code="LC_SHAN_TEA_HOUSEHOLDS", name="Số hộ trồng chè Shan tuyết", measure="hộ",
                                  group="trong_trot", unit=Unit.objects.get(code="12"), decimals=0)
    hg = Indicator.objects.create(code="HG_ORANGE_AREA", name="Diện tích cam sành", measure="ha",
                                  group="trong_trot", unit=Unit.objects.get(code="02"))
    year = Period.objects.for_code("2023")
    do_set_values([FigureChange(lc, None, Unit.objects.get(code="12.105.03409"), year, Decimal(42)),
                   FigureChange(hg, None, Unit.objects.get(code="02"), year, Decimal("1250.5"))], channel="system")
    return lc, hg


@pytest.fixture
def hg_officer(django_user_model):
    user = django_user_model.objects.create_user("hg_tinh", password="x")
    Profile.objects.create(user=user, role="province").units.set([Unit.objects.get(code="02")])
    return user


def test_a_province_indicator_has_a_page_only_in_its_province(as_user, own, client, hg_officer, admin_user_demo):
    tinh = as_user("tinh")
    page = tinh.get("/chi-tieu/LC_SHAN_TEA_HOUSEHOLDS/12.105/?ky=2023")
    assert page.status_code == 200 and "42 hộ" in text(page)
    assert tinh.get("/chi-tieu/HG_ORANGE_AREA/12/?ky=2023").status_code == 404
    client.force_login(admin_user_demo)  # the administrator reads every unit, still not across provinces
    assert client.get("/chi-tieu/HG_ORANGE_AREA/12/").status_code == 404
    assert client.get("/chi-tieu/LC_SHAN_TEA_HOUSEHOLDS/02/").status_code == 404
    assert client.get("/chi-tieu/HG_ORANGE_AREA/02/?ky=2023").status_code == 200


def test_the_commune_table_and_the_dashboard_use_the_units_catalogue(as_user, own):
    grid = as_user("thanhpho").get("/bang-xa/12.105/?nhom=trong_trot&ky=2023").content.decode()
    assert "Số hộ trồng chè Shan tuyết" in grid and "Diện tích cam sành" not in grid
    lc, hg = own
    programme = Programme.objects.create(code="TEST-LC", title="Kế hoạch thử", unit=Unit.objects.get(code="12"))
    year = Period.objects.for_code("2023")
    for ind in own:  # a target on Hà Giang's indicator at a Lai Châu unit is wrong data: not shown
        Target.objects.create(programme=programme, indicator=ind, unit=Unit.objects.get(code="12"), period=year,
                              operator=">=", value=Decimal(10))
    board = as_user("tinh").get("/tong-quan/12/?ct=TEST-LC&nam=2023").content.decode()
    assert "Số hộ trồng chè Shan tuyết" in board and "Diện tích cam sành" not in board


def test_the_catalogue_finds_indicators_without_case_or_diacritics(as_user, seeds):
    client = as_user("thanhpho")
    for query in ["dien tich hien co", "DIỆN TÍCH HIỆN", "Dien Tich   hien", "crop_area"]:
        page = client.get("/danh-muc-chi-tieu/", {"q": query})
        assert page.status_code == 200
        assert '<a href="/chi-tieu/CROP_AREA/12.105/">Diện tích hiện có</a>' in page.content.decode(), query
        assert "Tổng đàn gia súc" not in page.content.decode()
    # "đ" is found by "d" and the other way round.
    herd = client.get("/danh-muc-chi-tieu/", {"q": "tong dan"}).content.decode()
    assert "/chi-tieu/HERD/12.105/" in herd and "/chi-tieu/CROP_AREA/12.105/" not in herd
    assert "/chi-tieu/HERD/12.105/" in client.get("/danh-muc-chi-tieu/", {"q": "ĐÀN"}).content.decode()
    assert "Tìm thấy 0 chỉ tiêu" in text(client.get("/danh-muc-chi-tieu/", {"q": "không có chỉ tiêu này"}))


def test_the_catalogue_filters_by_group(as_user, seeds):
    client = as_user("thanhpho")
    livestock = client.get("/danh-muc-chi-tieu/", {"nhom": "chan_nuoi"}).content.decode()
    assert "/chi-tieu/HERD/12.105/" in livestock and "/chi-tieu/CROP_AREA/12.105/" not in livestock
    assert '<option value="chan_nuoi" selected>' in livestock
    both = client.get("/danh-muc-chi-tieu/", {"nhom": "chan_nuoi", "q": "dien tich"}).content.decode()
    assert "/chi-tieu/CROP_AREA/12.105/" not in both
    everything = client.get("/danh-muc-chi-tieu/", {"nhom": "khong-co"}).content.decode()  # unknown: all groups
    assert "/chi-tieu/HERD/12.105/" in everything and "/chi-tieu/CROP_AREA/12.105/" in everything


def test_the_catalogue_lists_what_the_user_may_see(as_user, own, client, hg_officer):
    page = as_user("santhang").get("/danh-muc-chi-tieu/", {"q": "shan tuyet"}).content.decode()
    assert '<a href="/chi-tieu/LC_SHAN_TEA_HOUSEHOLDS/12.03408/">Số hộ trồng chè Shan tuyết</a>' in page
    assert "chỉ tiêu riêng của Tỉnh Lai Châu" in page
    assert "cam sành" not in as_user("santhang").get("/danh-muc-chi-tieu/", {"q": "cam"}).content.decode()
    client.force_login(hg_officer)
    hg = client.get("/danh-muc-chi-tieu/", {"nhom": "trong_trot"}).content.decode()
    assert '<a href="/chi-tieu/HG_ORANGE_AREA/02/">Diện tích cam sành</a>' in hg and "Shan tuyết" not in hg


def test_the_catalogue_needs_a_login_and_has_moved_from_its_former_address(client, as_user, seeds):
    assert client.get("/danh-muc-chi-tieu/").status_code == 302
    assert "/dang-nhap/" in client.get("/danh-muc-chi-tieu/").url
    old = as_user("thanhpho").get("/chi-tieu/?q=che")
    assert old.status_code == 302 and old.url == "/danh-muc-chi-tieu/?q=che"


@pytest.fixture
def poultry(db):
    """Poultry by species × farming type, with figures of Xã San Thàng for 2023."""
    cats = []
    for code, name, options in [("POULTRY_SPECIES", "Loài gia cầm", [("GA", "Gà"), ("VIT", "Vịt"), ("CUT", "Cút")]),
                                ("FARMING", "Hình thức chăn nuôi", [("NONG_HO", "Nông hộ"),
                                                                    ("TRANG_TRAI", "Trang trại")])]:
        d = Disaggregation.objects.create(code=code, name=name)
        for i, (ocode, oname) in enumerate(options):
            Option.objects.create(disaggregation=d, code=ocode, name=oname, sort_order=i)
        cats.append(d)
    crossing = cross(cats)
    ind = Indicator.objects.create(code="TEST_POULTRY", name="Đàn gia cầm", measure="con", group="chan_nuoi",
                                   time_aggregation="stock", decimals=0, disaggregation=crossing)
    unit, year = Unit.objects.get(code="12.105.03409"), Period.objects.for_code("2023")
    values = {"NONG_HO__GA": 1200, "TRANG_TRAI__GA": 3000, "NONG_HO__VIT": 400, "TRANG_TRAI__CUT": 500}
    do_set_values([FigureChange(ind, crossing.options.get(code=c), unit, year, Decimal(v))
                   for c, v in values.items()], channel="system")
    return ind


def test_the_indicator_page_of_a_crossed_breakdown_shows_every_combination_and_its_margins(as_user, poultry):
    body = as_user("santhang").get("/chi-tieu/TEST_POULTRY/12.105.03409/?ky=2023").content.decode()
    table = body.split('<table class="margins">')[1].split("</table>")[0]
    # Species (three options) down, farming type across; each cell the combination's figure.
    head = table.split("<thead>")[1].split("</thead>")[0]
    assert re.findall(r'<th scope="col"[^>]*>([^<]+)</th>', head) == ["Loài gia cầm", "Nông hộ", "Trang trại",
                                                                       "Tổng số"]
    rows = [re.findall(r">([\d.—]+)<", r) for r in table.split("<tbody>")[1].split("</tbody>")[0].split("<tr")[1:]]
    assert rows == [["1.200", "3.000", "4.200"], ["400", "—", "400"], ["—", "500", "500"]]
    foot = re.findall(r">([\d.]+)<", table.split("<tfoot>")[1])
    assert foot == ["1.600", "3.500", "5.100"]  # the farming-type margins and the grand total
    assert 'href="/chi-tieu/TEST_POULTRY/12.105.03409/?ky=2023&amp;phan-to=FARMING%3ATRANG_TRAI' in table
    assert 'href="/chi-tieu/TEST_POULTRY/12.105.03409/?ky=2023&amp;phan-to=TRANG_TRAI__GA' in table


def test_a_margin_has_its_own_page(as_user, poultry):
    page = as_user("thanhpho").get("/chi-tieu/TEST_POULTRY/12.105/?ky=2023&phan-to=FARMING:TRANG_TRAI")
    assert page.status_code == 200
    body = page.content.decode()
    assert '<option value="FARMING:TRANG_TRAI" selected>Tổng trang trại</option>' in body
    assert "3.500" in text(page)  # 3.000 gà + 500 cút in Xã San Thàng, the city's only figures
    assert as_user("thanhpho").get("/chi-tieu/TEST_POULTRY/12.105/?phan-to=FARMING:KHONG_CO").status_code == 404


def test_the_commune_officers_home_lists_only_figures_of_the_communes_catalogue(as_user, own):
    lc, hg = own
    # A figure of Hà Giang's indicator stored at a Lai Châu commune is wrong data: not listed.
    do_set_values([FigureChange(hg, None, Unit.objects.get(code="12.105.03409"), Period.objects.for_code("2023"),
                                Decimal(7))], channel="system")
    home = as_user("santhang").get("/").content.decode()
    assert "Số hộ trồng chè Shan tuyết" in home and "Diện tích cam sành" not in home


def test_three_crossed_breakdowns_list_the_margins_of_each(as_user, poultry):
    size = Disaggregation.objects.create(code="HERD_SIZE", name="Quy mô đàn")
    for i, (c, n) in enumerate([("NHO", "Nhỏ"), ("LON", "Lớn")]):
        Option.objects.create(disaggregation=size, code=c, name=n, sort_order=i)
    cats = list(poultry.disaggregation.categories.all()) + [size]
    ind = Indicator.objects.create(code="TEST_POULTRY3", name="Đàn gia cầm theo quy mô", measure="con",
                                   time_aggregation="stock", decimals=0, disaggregation=cross(cats))
    combo = ind.disaggregation.options.get(code="NONG_HO__LON__GA")
    do_set_values([FigureChange(ind, combo, Unit.objects.get(code="12.105.03409"), Period.objects.for_code("2023"),
                                Decimal(250))], channel="system")
    body = as_user("santhang").get("/chi-tieu/TEST_POULTRY3/12.105.03409/?ky=2023").content.decode()
    section = body.split('id="h-margins"')[1].split("</section>")[0]
    assert '<table class="margins">' not in section
    assert [h for h in re.findall(r"<h3>([^<]+)</h3>", section)] == ["Hình thức chăn nuôi", "Quy mô đàn",
                                                                      "Loài gia cầm"]
    assert re.search(r'phan-to=HERD_SIZE%3ALON[^"]*">Lớn</a>: 250 con<', section)
    assert re.search(r'phan-to=HERD_SIZE%3ANHO[^"]*">Nhỏ</a>: —<', section)
    assert "Tổng số: <strong>250 con</strong>" in section


def test_a_combination_not_created_yet_is_an_empty_cell(as_user, poultry):
    species = Disaggregation.objects.get(code="POULTRY_SPECIES")
    Option.objects.create(disaggregation=species, code="NGAN", name="Ngan", sort_order=9)  # not synchronised
    body = as_user("santhang").get("/chi-tieu/TEST_POULTRY/12.105.03409/?ky=2023").content.decode()
    table = body.split('<table class="margins">')[1].split("</table>")[0]
    ngan = table.split("Ngan</a></th>")[1].split("</tr>")[0]
    assert re.findall(r'<td class="num">(.*?)</td>', ngan) == ["—", "—", "<strong>—</strong>"]
