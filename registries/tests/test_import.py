import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from audit.models import AuditEntry
from bacthang.lib.importing import ImportFailed
from records.exporting import export_bytes, template_bytes
from registries.importing import import_registry
from registries.models import Cooperative, LivestockFacility, OcopProduct, PlantingCode
from registries.specs import SPECS, slug

from .conftest import CITY, SAN_THANG, SUNG_PHAI, TAM_DUONG, coop, value

pytestmark = pytest.mark.django_db


def xlsx(rows: list[list]) -> bytes:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def csv(text: str) -> bytes:
    return text.encode("utf-8")


def test_every_column_header_reads_back_as_its_key():
    for spec in SPECS.values():
        keys = [c.key for c in spec.columns]
        assert len(keys) == len(set(keys)), spec.slug
        assert all(spec.column(slug(c.label)) is c for c in spec.columns)
    assert slug("Thể tích nuôi (m³)") == "the_tich_nuoi_m3"


def test_the_template_has_the_import_columns_and_a_guide():
    book = load_workbook(io.BytesIO(template_bytes(SPECS["chan-nuoi"])))
    assert book.sheetnames == ["Mẫu nhập", "Hướng dẫn"]
    headers = [c.value for c in book["Mẫu nhập"][1]]
    assert headers[:3] == ["Mã đơn vị", "Chủ cơ sở", "Tên cơ sở"]
    assert "Tên đơn vị" not in headers  # export-only
    guide = [[c.value for c in row] for row in book["Hướng dẫn"].iter_rows()]
    assert any(r[0] == "Khóa nhận diện" and "chủ cơ sở" in r[2] for r in guide)


def test_an_import_with_a_duplicate_natural_key_updates_instead_of_duplicating():
    spec = SPECS["chan-nuoi"]
    first = xlsx([["Mã đơn vị", "Chủ cơ sở", "Vật nuôi", "Quy mô (con hoặc thùng ong)", "An toàn sinh học"],
                  [SAN_THANG, "Mai Đình Đồng", "Lợn", 1000, "có"],
                  [SUNG_PHAI, "Nguyễn Văn Hòa", "lon", "", "không"]])
    summary = import_registry(spec, first, filename="chan-nuoi.xlsx")
    assert (summary.created, summary.updated) == (2, 0)
    # The same key with other spacing, headers typed without diacritics, the species by its code.
    second = xlsx([["ma_don_vi", "chu_co_so", "vat_nuoi", "quy_mo_con_hoac_thung_ong"],
                   [SAN_THANG, "  Mai Đình   Đồng ", "PIG", "1.200"]])
    summary = import_registry(spec, second, filename="lan-2.xlsx")
    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 0)
    assert LivestockFacility.objects.count() == 2
    dong = LivestockFacility.objects.get(owner="Mai Đình Đồng")
    assert (dong.scale, dong.biosafety, dong.version) == (Decimal(1200), True, 2)
    # Letter case does not make another record either.
    third = csv(f"Mã đơn vị,Chủ cơ sở,Vật nuôi\n{SAN_THANG},MAI ĐÌNH ĐỒNG,Lợn\n")
    assert import_registry(spec, third).created == 0
    assert LivestockFacility.objects.count() == 2
    assert value("LIVESTOCK_FACILITIES", CITY, "2023", "PIG") == 2


def test_importing_the_same_file_twice_changes_nothing():
    data = csv("Mã đơn vị;Tên;Lĩnh vực;Ngày thành lập;Năm số liệu;Doanh thu (triệu đồng)\n"
               f"{CITY};HTX Chè Lai Châu;Trồng trọt;15/03/2019;2023;467\n"
               f"{SAN_THANG};HTX Hoa San Thàng;Trồng trọt;;2023;1.250,5\n")
    s1 = import_registry(SPECS["htx"], data, filename="htx.csv")
    assert (s1.created, s1.years) == (2, 2)
    audits = AuditEntry.objects.count()
    s2 = import_registry(SPECS["htx"], data, filename="htx.csv")
    assert (s2.created, s2.updated, s2.unchanged, s2.years) == (0, 0, 2, 0)
    assert AuditEntry.objects.count() == audits
    htx = Cooperative.objects.get(name="HTX Hoa San Thàng")
    assert htx.years.get(year=2023).revenue == Decimal("1250.5")


def test_bad_rows_are_listed_with_their_place_and_nothing_is_written():
    coop(CITY, "HTX Đã có")
    data = xlsx([["Mã đơn vị", "Tên", "Lĩnh vực", "Trạng thái", "Số thành viên"],
                 [CITY, "HTX Mới", "Trồng trọt", "Đang hoạt động", 12],
                 ["12.999", "HTX Ma", "Trồng trọt", "", ""],
                 [CITY, "HTX Sai", "Trồng cây", "Đã giải thể", "mười"],
                 [CITY, "", "Chăn nuôi", "", ""]])
    with pytest.raises(ImportFailed) as e:
        import_registry(SPECS["htx"], data, filename="htx.xlsx")
    text = str(e.value)
    assert "dòng 3, cột Mã đơn vị (A3): Không có đơn vị mã '12.999'" in text
    assert "dòng 4, cột Lĩnh vực (C4): 'Trồng cây' không phải giá trị hợp lệ" in text
    assert "dòng 4, cột Số thành viên (E4)" in text
    assert "dòng 5, cột Tên (B5): Thiếu tên." in text
    assert Cooperative.objects.count() == 1


def test_a_row_refused_by_the_records_own_rules_is_reported():
    data = csv("Mã đơn vị,Tên,Trạng thái\n"
               f"{CITY},HTX Giải thể,Đã giải thể\n")
    with pytest.raises(ImportFailed) as e:
        import_registry(SPECS["htx"], data)
    assert "cột Ngừng hoạt động từ ngày: Tạm ngừng hoặc giải thể thì cần ngày ngừng hoạt động." in str(e.value)


def test_two_rows_with_the_same_natural_key_are_refused():
    data = csv('Mã số,Mã đơn vị,"Cây trồng, sản phẩm","Tổ chức, cá nhân quản lý"\n'
               f"VN-LCOR-0001,{SAN_THANG},Chuối,HTX A\n"
               f"vn-lcor-0001,{SUNG_PHAI},Chuối,HTX B\n")
    with pytest.raises(ImportFailed) as e:
        import_registry(SPECS["ma-so"], data)
    assert "Dòng 3: Trùng bản ghi với dòng 2 (mã số)." in str(e.value)
    assert not PlantingCode.objects.exists()


def test_unknown_and_missing_columns_are_refused():
    with pytest.raises(ImportFailed) as e:
        import_registry(SPECS["trang-trai"], csv("Mã đơn vị,Diện tích (mẫu)\n12.105,3\n"))
    text = str(e.value)
    assert "Cột 'diện tích (mẫu)' không thuộc mẫu nhập Trang trại." in text
    assert "Thiếu cột bắt buộc: Chủ trang trại." in text


def test_an_ocop_import_records_the_certificate_and_its_expiry():
    data = xlsx([["Mã đơn vị", "Tên sản phẩm", "Chủ thể", "Loại chủ thể", "Nhóm sản phẩm", "Số sao", "Điểm",
                  "Số quyết định", "Ngày quyết định"],
                 [CITY, "Bưởi da xanh", "HTX Quyết Thắng", "Hợp tác xã", "Thực phẩm", 3, 61, "1234/QĐ-UBND",
                  dt.datetime(2023, 7, 10)],
                 [CITY, "Trà hoa vàng", "Hộ Lò Văn A", "Hộ sản xuất, kinh doanh", "Đồ uống", "", "", "", ""]])
    summary = import_registry(SPECS["ocop"], data)
    assert (summary.created, summary.certificates) == (2, 1)
    product = OcopProduct.objects.get(name="Bưởi da xanh")
    assert (product.stars, product.valid_until, product.decision_level) == (3, dt.date(2026, 7, 10), "tinh")
    assert OcopProduct.objects.get(name="Trà hoa vàng").status == "de_xuat"
    again = import_registry(SPECS["ocop"], data)
    assert (again.created, again.unchanged, again.certificates) == (0, 2, 0)
    assert product.evaluations.count() == 1


def test_an_ocop_certificate_below_three_stars_is_refused():
    data = csv(f"Mã đơn vị,Tên sản phẩm,Chủ thể,Điểm,Ngày quyết định\n{CITY},Măng khô,Hộ B,45,01/03/2023\n")
    with pytest.raises(ImportFailed) as e:
        import_registry(SPECS["ocop"], data)
    assert "chỉ cấp cho sản phẩm đạt 3, 4 hoặc 5 sao" in str(e.value)


def test_an_export_re_imports_unchanged():
    data = csv("Mã đơn vị,Cơ sở được chứng nhận,Tiêu chuẩn,Lĩnh vực,Diện tích (ha),Hiệu lực từ,Hiệu lực đến\n"
               f"{CITY},HTX Chè Tân Uyên,VietGAP,Trồng trọt,\"10,45\",01/03/2023,28/02/2026\n"
               f"{SAN_THANG},Trại cá hồi,VietGAP,Nuôi trồng thủy sản,,,\n")
    import_registry(SPECS["chung-nhan"], data)
    spec = SPECS["chung-nhan"]
    exported = export_bytes(spec, spec.model.objects.select_related("unit").order_by("pk"), dt.date(2026, 11, 1))
    summary = import_registry(spec, exported, filename="xuat.xlsx")
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 2)


def test_an_officer_imports_only_rows_of_the_units_it_manages(city_officer):
    data = csv(f"Mã đơn vị,Chủ trang trại\n{SAN_THANG},Mai Đình Đồng\n{TAM_DUONG}.03414,Lò Văn B\n")
    with pytest.raises(ImportFailed) as e:
        import_registry(SPECS["trang-trai"], data, user=city_officer)
    assert "Dòng 3, cột Mã đơn vị: Không có đơn vị mã '12.106.03414' trong phạm vi" in str(e.value)


def test_a_formula_without_its_value_in_a_text_column_is_refused_not_stored_as_text():
    wb = Workbook()
    wb.active.append(["Mã đơn vị", "Chủ trang trại"])
    wb.active.append([SAN_THANG, '=CONCATENATE("Mai ", "Đồng")'])  # openpyxl writes no cached value
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(ImportFailed) as e:
        import_registry(SPECS["trang-trai"], buf.getvalue(), filename="trang-trai.xlsx")
    assert "chứa công thức chưa có giá trị tính sẵn" in str(e.value)
    from registries.models import Farm

    assert not Farm.objects.exists() and not AuditEntry.objects.exists()
