"""Demo works of Thành phố Lai Châu from seed 000 (idempotent).

"Từ nguồn lực thực hiện đề án phát triển hạ tầng thiết yếu … đã đầu tư công trình nâng
cấp, sửa chữa, kiên cố 5,1km hệ thống thủy lợi xã Sùng Phài và bê tông hóa 13km mặt
đường giao thông vùng chè xã Sùng Phài, San Thàng. Ngoài ra, bằng nguồn ngân sách
thành phố … 06 công trình thủy lợi với tổng chiều dài kênh được kiên cố 7,2km; 04
công trình giao thông nội đồng … 6,8km."

Completion days are not stated: the mid-term review covers 2021 to 2023, so each work
is completed within 01/01/2021 – 31/12/2023 (a span; the works count for 2021-2023
and 2021-2025, not for a single year).  The city-budget works are summary records
(06 and 04 works); how many works the 13 km are is not stated.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from audit.models import Channel
from records.demo import declare_scope_for_demo
from records.models import FundingSource
from units.models import Unit

from .actions import do_save_work
from .models import Register, Work, WorkStatus, WorkType

S000 = "Văn bản nguồn 000"
SCHEME = ("Đề án phát triển hạ tầng thiết yếu các khu vực sản xuất nông nghiệp hàng hóa tập trung giai đoạn "
          "2021-2025 (Kế hoạch 54-KH/ThU)")
CITY_BUDGET = "Ngân sách thành phố Lai Châu"

# name, type, unit, communes, count, km, funding, programme, quote
WORKS = [
    ("Nâng cấp, sửa chữa, kiên cố hệ thống thủy lợi xã Sùng Phài", WorkType.CANAL, "12.105.03403", [], 1, "5.1",
     FundingSource.UNKNOWN, SCHEME, "kiên cố 5,1km hệ thống thủy lợi xã Sùng Phài"),
    ("Bê tông hóa mặt đường giao thông vùng chè xã Sùng Phài, San Thàng", WorkType.TEA_ROAD, "12.105",
     ["12.105.03403", "12.105.03409"], None, "13", FundingSource.UNKNOWN, SCHEME,
     "bê tông hóa 13km mặt đường giao thông vùng chè xã Sùng Phài, San Thàng"),
    ("06 công trình thủy lợi được nâng cấp, sửa chữa, kiên cố kênh (số liệu tổng hợp)", WorkType.CANAL, "12.105", [],
     6, "7.2", FundingSource.DISTRICT, CITY_BUDGET,
     "nâng cấp, sửa chữa 06 công trình thủy lợi với tổng chiều dài kênh được kiên cố 7,2km"),
    ("04 công trình giao thông nội đồng được cứng hóa mặt bằng bê tông (số liệu tổng hợp)", WorkType.ROAD, "12.105",
     [], 4, "6.8", FundingSource.DISTRICT, CITY_BUDGET,
     "04 công trình giao thông nội đồng được cứng hóa mặt bằng bê tông với tổng chiều dài 6,8km"),
]


def load_demo_works(progress=lambda m: None) -> None:
    units = {u.code: u for u in Unit.objects.filter(code__startswith="12.105") | Unit.objects.filter(code="12.105")}
    for name, wtype, unit, communes, count, km, funding, programme, quote in WORKS:
        if Work.objects.filter(name=name, unit=units[unit]).exists():
            continue
        note = "Ngày hoàn thành: văn bản sơ kết chỉ nêu trong giai đoạn 2021-2023."
        if count != 1:
            note += " Số liệu tổng hợp: văn bản không có danh sách từng công trình." if count else \
                " Văn bản không nêu số công trình."
        do_save_work(user=None, channel=Channel.DEMO, unit=units[unit], communes=[units[c] for c in communes],
                     name=name, work_type=wtype, works_count=count, length_km=Decimal(km), funding_source=funding,
                     programme_name=programme, status=WorkStatus.COMPLETED, completed_on=dt.date(2023, 12, 31),
                     completed_from=dt.date(2021, 1, 1), note=note, source=f"{S000}: «{quote}»")
    progress(f"  {len(WORKS)} bản ghi công trình hạ tầng của Thành phố Lai Châu (văn bản 000).")
    declare_scope_for_demo(Register.WORKS, "12.105", dt.date(2021, 1, 1), ["WORKS_LENGTH", "WORKS_COUNT"],
                           "Dữ liệu mẫu: công trình hạ tầng sản xuất của Thành phố Lai Châu 2021-2023.", progress)
