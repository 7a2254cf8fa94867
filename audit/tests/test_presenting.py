"""The audit page names objects as users name them and shows field labels and formatted values."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from accounts.models import Profile
from audit.models import Action, AuditEntry
from audit.recording import log_change, snapshot
from datavalues.importing import import_values
from registries import actions
from registries.models import Cooperative, Farm
from units.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def province_officer(django_user_model):
    user = django_user_model.objects.create_user("tinh", password="x")
    Profile.objects.create(user=user, role="province").units.set(Unit.objects.filter(code="12"))
    return user


def test_a_registry_record_shows_labels_and_formatted_values(client, province_officer):
    htx = actions.do_create(Cooperative, {"unit": Unit.objects.get(code="12.105.03409"), "name": "HTX Mắc ca",
                                          "founded_on": dt.date(2021, 3, 5), "members": 1250}, channel="form")
    actions.do_update(htx, {"members": 1300, "is_placeholder": True}, channel="form")
    client.force_login(province_officer)
    html = client.get("/nhat-ky/").content.decode()
    assert "Hợp tác xã, tổ hợp tác: HTX Mắc ca" in html  # verbose_name + str, not "registries.cooperative"
    assert "registries.cooperative" not in html
    assert "Số thành viên: 1.250" in html and "Số thành viên: 1.300" in html  # Vietnamese numbers
    assert "Ngày thành lập: 05/03/2021" in html
    assert "Đơn vị hành chính: Xã San Thàng" in html  # a foreign key by its name
    assert "Bản ghi giữ chỗ (dữ liệu mẫu): Không" in html and "Bản ghi giữ chỗ (dữ liệu mẫu): Có" in html
    assert "search_text" not in html and "None" not in html and "founded_on" not in html


def test_a_submission_row_shows_labels_dates_and_dashes(client, province_officer):
    user = get_user_model().objects.get(username="tinh")
    farm = actions.do_create(Farm, {"unit": Unit.objects.get(code="12.105.03409"), "owner": "Lò Văn A"},
                             channel="form")
    AuditEntry.objects.create(user=user, username="tinh", channel="form", action=Action.UPDATE,
                              object_type="collection.submission", object_id=987654, unit_code="12.105.03409",
                              old={"status": "submitted", "approved_at": None},
                              new={"status": "approved", "approved_at": "2026-12-15T03:04:00+00:00"})
    log_change(user=user, channel="form", action=Action.DELETE, obj=farm, old=snapshot(farm), new=None,
               unit_code="12.105.03409")
    client.force_login(province_officer)
    html = client.get("/nhat-ky/").content.decode()
    assert "collection.submission" not in html and "approved_at" not in html and "None" not in html
    assert "Báo cáo #987654" in html
    assert "Trạng thái: Đã nộp" in html and "Trạng thái: Đã duyệt" in html  # choice labels
    assert "Duyệt lúc: 15/12/2026 10:04" in html  # local time (Asia/Ho_Chi_Minh), dd/mm/yyyy HH:MM
    assert "Trang trại: Trang trại của Lò Văn A" in html and "Chủ trang trại: Lò Văn A" in html


def test_a_data_value_is_named_indicator_unit_period(client, province_officer):
    import_values(b"indicator,option,unit,period,value\nCROP_AREA,TEA,12.105.03409,202312,1735.6\n", filename="a.csv")
    client.force_login(province_officer)
    html = client.get("/nhat-ky/").content.decode()
    from indicators.models import Indicator, Option
    name = Indicator.objects.get(code="CROP_AREA").name
    tea = Option.objects.filter(code="TEA").first().name
    assert f"{name} ({tea}) — Xã San Thàng — " in html and "1.735,6" in html
    assert "1735.6" not in html
