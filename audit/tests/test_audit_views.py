from io import BytesIO

import pytest
from openpyxl import load_workbook

from accounts.models import Profile
from audit.models import AuditEntry
from datavalues.importing import import_values
from units.models import Unit

pytestmark = pytest.mark.django_db

CSV = ("indicator,option,unit,period,value\nCROP_AREA,TEA,12.105.03409,2023,100\n"
       "CROP_AREA,TEA,12.105.03403,2023,200\nHERD,PIG,12.106,202312,5\n")


@pytest.fixture
def officer(django_user_model):
    def make(name, role, *codes):
        user = django_user_model.objects.create_user(name, password="x")
        Profile.objects.create(user=user, role=role).units.set(Unit.objects.filter(code__in=codes))
        return user
    return make


def test_the_trail_shows_who_changed_what_within_scope(client, officer):
    import_values(CSV.encode(), filename="a.csv")
    import_values(CSV.replace(",100", ",150").encode(), filename="a.csv")
    client.force_login(officer("santhang", "commune", "12.105.03409"))
    html = client.get("/nhat-ky/").content.decode()
    assert "Xã San Thàng" in html and "150" in html and "Sửa" in html
    assert "Sùng Phài" not in html and "Tam Đường" not in html  # other communes, other districts


def test_filters_and_excel_export(client, officer):
    import_values(CSV.encode(), filename="a.csv")
    client.force_login(officer("tinh", "province", "12"))
    r = client.get("/nhat-ky/", {"indicator": "HERD"})
    assert "Tam Đường" in r.content.decode() and "Xã San Thàng" not in r.content.decode()
    r = client.get("/nhat-ky/", {"unit": "12.105", "format": "xlsx"})
    ws = load_workbook(BytesIO(r.content)).active
    units = {ws.cell(row=i, column=8).value for i in range(2, ws.max_row + 1)}
    assert units == {"12.105.03409", "12.105.03403"}


def test_the_trail_cannot_be_changed_through_the_admin(client, admin_user_demo):
    import_values(CSV.encode(), filename="a.csv")
    client.force_login(admin_user_demo)
    entry = AuditEntry.objects.first()
    assert client.get(f"/admin/audit/auditentry/{entry.pk}/delete/").status_code == 403
    assert client.post(f"/admin/audit/auditentry/{entry.pk}/change/", {"reason": "x"}).status_code == 403
    assert not AuditEntry.objects.filter(reason="x").exists()


def test_the_trail_needs_a_login(client):
    assert client.get("/nhat-ky/").status_code == 302
