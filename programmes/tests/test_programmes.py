from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from audit.models import AuditEntry
from programmes.models import Operator, Programme, Target

pytestmark = pytest.mark.django_db

# Lai Châu City's 2023 plan (seed 002): 329,2 ha of quality rice split among four communes.
PLAN_2023 = (
    "indicator,option,unit,period,value,operator\n"
    "CROP_AREA,QUALITY_RICE,12.105,2023,\"329,2\",=\n"
    "CROP_AREA,QUALITY_RICE,12.105.03409,2023,135,=\n"
    "CROP_AREA,QUALITY_RICE,12.105.03403,2023,142,=\n"
    "CROP_AREA,QUALITY_RICE,12.105.03386,2023,\"22,2\",=\n"
    "CROP_AREA,QUALITY_RICE,12.105.03408,2023,30,=\n"
    "CROP_PRODUCTION,QUALITY_RICE,12.105,2023,1.600,>=\n"
)


@pytest.fixture
def plan(tmp_path):
    call_command("create_programme", "--code", "KH-2023-TPLC", "--title", "Kế hoạch sản xuất năm 2023",
                 "--type", "ke_hoach", "--unit", "12.105", stdout=StringIO())
    path = tmp_path / "plan.csv"
    path.write_text(PLAN_2023, encoding="utf-8")
    return Programme.objects.get(code="KH-2023-TPLC"), path


def test_create_programme_with_a_term():
    out = StringIO()
    call_command("create_programme", "--code", "05-NQ/TU", "--title", "Phát triển nông nghiệp hàng hóa tập trung",
                 "--term", "2021-2025", "--unit", "12", "--date", "22/02/2021", stdout=out)
    p = Programme.objects.get(code="05-NQ/TU")
    assert p.term.code == "2021-2025" and p.unit.code == "12" and p.signed_on.isoformat() == "2021-02-22"
    assert "Đã tạo" in out.getvalue()


def test_create_programme_refuses_a_year_as_term():
    with pytest.raises(CommandError, match="2021-2025"):
        call_command("create_programme", "--code", "X", "--title", "X", "--term", "2023")


def test_imported_targets_split_the_city_target_among_communes(plan):
    programme, path = plan
    out = StringIO()
    call_command("import_targets", str(path), "--programme", "KH-2023-TPLC", stdout=out)
    assert "6 mới" in out.getvalue()
    city = Target.objects.get(programme=programme, unit__code="12.105", indicator__code="CROP_AREA")
    assert city.value == Decimal("329.2")
    assert city.split_total() == Decimal("329.2")
    assert city.split_targets().count() == 4
    production = Target.objects.get(programme=programme, indicator__code="CROP_PRODUCTION")
    assert production.operator == Operator.AT_LEAST and production.value == Decimal("1600")
    assert AuditEntry.objects.filter(object_type="target", programme_code="KH-2023-TPLC").count() == 6


def test_importing_targets_twice_changes_nothing(plan):
    programme, path = plan
    call_command("import_targets", str(path), "--programme", "KH-2023-TPLC", stdout=StringIO())
    out = StringIO()
    call_command("import_targets", str(path), "--programme", "KH-2023-TPLC", stdout=out)
    assert "0 mới, 0 sửa, 0 xóa, 6 không đổi" in out.getvalue()


def test_a_bad_operator_is_refused_with_nothing_written(plan, tmp_path):
    programme, _ = plan
    path = tmp_path / "bad.csv"
    path.write_text("indicator,option,unit,period,value,operator\nCROP_AREA,TEA,12.105,2023,60,khoảng\n",
                    encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_targets", str(path), "--programme", "KH-2023-TPLC", stderr=err)
    assert "Hướng mục tiêu 'khoảng'" in err.getvalue()
    assert not Target.objects.exists()


def test_targets_need_an_existing_programme(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(PLAN_2023, encoding="utf-8")
    with pytest.raises(CommandError, match="create_programme"):
        call_command("import_targets", str(path), "--programme", "NOPE")


def test_a_target_may_be_set_on_a_computed_rate(tmp_path):
    # Seed 003: "phấn đấu đến 31/12/2023 giải ngân 100% kế hoạch vốn" — a target on a formula indicator.
    call_command("create_programme", "--code", "KH-VON-2023", "--title", "Giải ngân vốn 2023", stdout=StringIO())
    path = tmp_path / "t.csv"
    path.write_text("indicator,option,unit,period,value\nCAPITAL_DISBURSED_PCT,,12,2023,100\n", encoding="utf-8")
    call_command("import_targets", str(path), "--programme", "KH-VON-2023", stdout=StringIO())
    assert Target.objects.get(indicator__code="CAPITAL_DISBURSED_PCT").value == Decimal(100)
