"""Demo statements and notes from the seed documents (idempotent: loading twice changes nothing).

Statements are the figures the seeds restate under another label that ``demo`` does not
store as values (``demo/data/seed_map.csv`` rows marked ``none``): ``validate`` checks them."""

from __future__ import annotations

from decimal import Decimal

from audit.models import Channel
from periods.models import Period
from units.models import Unit

from .actions import do_save_note, do_save_statement
from .models import Note, NoteKind, Statement

SOURCE_000 = "Văn bản nguồn 000 (sơ kết Nghị quyết 05-NQ/TU, Thành ủy Lai Châu), mục 2.2.5"
SOURCE_004 = "Văn bản nguồn 004 (báo cáo Nghị quyết 04, 05 tỉnh Hà Giang)"

STATEMENTS = [
    dict(unit="12.105", period="2023", label="Tổng diện tích vùng trồng hoa, rau tập trung",
         left="CROP_AREA.FLOWER + CROP_AREA.VEGETABLE", value=Decimal("78.65"), measure="ha", decimals=2,
         quote="nâng tổng diện tích vùng trồng hoa, rau tập trung lên 78,65ha", source=SOURCE_000),
    dict(unit="02", period="2021-2022", label="Thu nhập bình quân 1 ha Cam Sành sau khi thực hiện Nghị quyết 04",
         left="INCOME_PER_HA.CAM_SANH", right="NET_INCOME_PER_HA.CAM_SANH", base="INCOME_PER_HA.CAM_SANH",
         base_period="2020", multiple=Decimal("2.2"), measure="triệu đồng/ha", decimals=1,
         quote="Thu nhập bình quân từ 18 triệu đồng lên 82 triệu đồng/ha; … (sau khi trừ chi phí đầu tư) được "
               "39,7triệu đồng/ha, thu nhập gấp 2,2 lần so với trước khi thực hiện Nghị quyết",
         source=SOURCE_004),
]


SOURCE_000_FULL = "Văn bản nguồn 000 (sơ kết Nghị quyết 05-NQ/TU, Thành ủy Lai Châu)"
SOURCE_003 = "Văn bản nguồn 003 (báo cáo tháng 12/2023, Sở Nông nghiệp và PTNT Lai Châu)"

# Facts that are not numbers, in the documents' words (abridged): named farms, events.
NOTES = [
    dict(unit="12.105", period="2023", kind=NoteKind.ENTERPRISE, topic="LIVESTOCK_FACILITIES",
         text="Một số cơ sở chăn nuôi quy mô lớn, chăn nuôi an toàn sinh học như: trang trại chăn nuôi lợn "
              "(3.600 con) của bà Nguyễn Thị Hòa - phường Đông Phong, trang trại chăn nuôi lợn (1.000 con) của hộ "
              "Mai Đình Đồng - xã San Thàng, hộ Nguyễn Văn Hòa - xã Sùng Phài", source=SOURCE_000_FULL + ", mục 2.2.6"),
    dict(unit="12.105", period="2022", kind=NoteKind.EVENT,
         text="Phối hợp tổ chức các hoạt động trưng bày, quảng bá sản phẩm OCOP và sản phẩm đặc trưng của địa phương "
              "tại các sự kiện: Phiên chợ Nông sản tỉnh Lai Châu; Tuần Du lịch - Văn hóa Lai Châu; Ngày hội khởi "
              "nghiệp đổi mới sáng tạo Việt Nam 2022 tại Lai Châu; Hội nghị xúc tiến đầu tư lĩnh vực Nông nghiệp "
              "tỉnh Lai Châu; Ngày hội văn hóa dân tộc Mông và Hội chợ sâm Lai Châu",
         source=SOURCE_000_FULL + ", mục 2.5"),
    dict(unit="12.105.03409", period="2023", kind=NoteKind.EVENT,
         text="Xây dựng khu trưng bày, giới thiệu các sản phẩm OCOP tại chợ San Thàng phục vụ các phiên chợ truyền "
              "thống và hoạt động chợ đêm San Thàng", source=SOURCE_000_FULL + ", mục 2.5"),
    dict(unit="12", period="202312", kind=NoteKind.EVENT,
         text="Tổ chức tham gia Festival Bảo tồn và Phát triển làng nghề Việt Nam năm 2023 (quy mô 01 gian hàng, sản "
              "phẩm OCOP, sản phẩm thủ công mỹ nghệ, thủ công truyền thống) và Sự kiện giới thiệu sản phẩm OCOP gắn "
              "với văn hóa các tỉnh, thành phố Miền Trung và Tây Nguyên (quy mô 04 gian hàng, trên 100 sản phẩm "
              "tham gia trưng bày)", source=SOURCE_003),
]


def load_demo_notes(progress=lambda m: None) -> int:
    changed = 0
    for spec in NOTES:
        spec = dict(spec)
        unit = Unit.objects.filter(code=spec.pop("unit")).first()
        if unit is None:
            continue
        period = Period.objects.for_code(spec.pop("period"))
        obj = Note.objects.filter(unit=unit, period=period, kind=spec["kind"], source=spec["source"]).first() or \
            Note(unit=unit, period=period)
        if obj.pk and all(getattr(obj, k) == v for k, v in spec.items()):
            continue
        for k, v in spec.items():
            setattr(obj, k, v)
        do_save_note(obj, channel=Channel.DEMO, reason="Dữ liệu mẫu từ văn bản nguồn")
        changed += 1
    for spec in STATEMENTS:
        spec = dict(spec)
        unit = Unit.objects.filter(code=spec.pop("unit")).first()
        if unit is None:
            continue
        period = Period.objects.for_code(spec.pop("period"))
        base = spec.pop("base_period", None)
        obj = Statement.objects.filter(unit=unit, period=period, label=spec["label"]).first() or \
            Statement(unit=unit, period=period, label=spec["label"])
        wanted = {**spec, "base_period": Period.objects.for_code(base) if base else None}
        if obj.pk and all(getattr(obj, k) == v for k, v in wanted.items()):
            continue
        for k, v in wanted.items():
            setattr(obj, k, v)
        do_save_statement(obj, channel=Channel.DEMO, reason="Dữ liệu mẫu từ văn bản nguồn")
        changed += 1
    progress(f"  Ghi chép và số liệu văn bản ghi lại (để kiểm tra): {changed} mục thay đổi.")
    return changed
