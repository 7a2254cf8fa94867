"""Every page answers 404 for a unit, programme or figure outside the user's scope."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", [
    "/tong-quan/12.106/",                              # another district
    "/tong-quan/12/",                                  # the province above the city
    "/chi-tieu/CROP_AREA/12.106/?ky=2023",
    "/chi-tieu/CROP_AREA/12/?ky=2023&phan-to=TEA",
    "/bang-xa/12.106/",
    "/bang-xa/12.106/excel/",
    "/chi-tieu/CROP_AREA/02/?ky=2023",                 # another province
])
def test_a_city_officer_gets_404_outside_the_city(as_user, url):
    assert as_user("thanhpho").get(url).status_code == 404


@pytest.mark.parametrize("url", [
    "/tong-quan/12.105/",
    "/tong-quan/12.105.03403/",                        # Xã Sùng Phài, a neighbour
    "/chi-tieu/CROP_AREA/12.105/?ky=2023",
    "/bang-xa/12.105/",
    "/bang-xa/12.105.03403/excel/",
])
def test_a_commune_officer_gets_404_outside_their_communes(as_user, url):
    assert as_user("santhang").get(url).status_code == 404


@pytest.mark.parametrize("url", [
    "/tong-quan/12.105.03409/",
    "/tong-quan/12.03408/",
    "/chi-tieu/CROP_AREA/12.105.03409/?ky=2023&phan-to=QUALITY_RICE",
    "/chi-tieu/CROP_AREA/12.03408/?ky=2023&co-cau=truoc",
    "/bang-xa/12.105.03409/",
])
def test_a_commune_officer_reads_their_own_communes(as_user, url):
    assert as_user("santhang").get(url).status_code == 200


@pytest.mark.parametrize("url", [
    "/chi-tieu/NO_SUCH_INDICATOR/12.105/",
    "/chi-tieu/CROP_AREA/12.105/?phan-to=PIG",         # an option of another disaggregation
    "/chi-tieu/CROP_AREA/12.105/?ky=2023X",
    "/chi-tieu/CROP_AREA/99.999/",
    "/tong-quan/12.105/?ct=HG-04/NQ-TU",                # a programme of Hà Giang
    "/tong-quan/12.105/?nam=abc",
    "/bang-xa/12.105/?ky=giua-nam",
])
def test_unknown_or_foreign_things_are_404(as_user, url):
    assert as_user("thanhpho").get(url).status_code == 404


def test_a_leader_reads_the_whole_province_but_not_another(as_user, seeds):
    client = as_user("lanhdao")
    assert client.get("/tong-quan/12/").status_code == 200
    assert client.get("/chi-tieu/CROP_AREA/12.105.03409/?ky=2023").status_code == 200
    assert client.get("/tong-quan/02/").status_code == 404


@pytest.mark.parametrize("url", ["/tong-quan/", "/tong-quan/12/", "/chi-tieu/", "/danh-muc-chi-tieu/",
                                 "/chi-tieu/CROP_AREA/12/",
                                 "/bang-xa/", "/bang-xa/12/", "/bang-xa/12/excel/"])
def test_every_page_needs_a_login(client, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")


def test_a_user_without_units_is_told_so_and_has_no_dashboard(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("moi", password="x"))
    assert "chưa được giao đơn vị" in client.get("/").content.decode()
    assert client.get("/tong-quan/").status_code == 404
