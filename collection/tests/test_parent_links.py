"""The entry page links to the parent unit's progress only for a user who may read it."""

from __future__ import annotations

from .conftest import SAN_THANG


def test_a_commune_officer_sees_no_progress_link_of_a_parent_they_may_not_read(client, cast, forms):
    client.force_login(cast["santhang"])
    page = client.get(f"/nhap-so-lieu/BC_THANG_XA/{SAN_THANG}/202312/").content.decode()
    assert "Tiến độ Thành phố Lai Châu" not in page
    assert "unit=12.105" not in page


def test_the_city_officer_sees_the_progress_link_of_the_city(client, cast, forms):
    client.force_login(cast["thanhpho"])
    page = client.get(f"/nhap-so-lieu/BC_THANG_XA/{SAN_THANG}/202312/").content.decode()
    assert "Tiến độ Thành phố Lai Châu" in page
    assert client.get("/nhap-so-lieu/tien-do/?form=BC_THANG_XA&period=202312&unit=12.105").status_code == 200
