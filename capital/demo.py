"""Demo capital records from the seed documents (idempotent).

* Seed 003 (Lai Châu, December 2023 report): the national target programme for ethnic
  minority and mountain areas — Dự án 1 (nước sinh hoạt phân tán 2.120 + 3.945,
  tập trung 51.319 + 51.573), Dự án 2 (26.900 + 36.061), Dự án 3 Tiểu dự án 1
  (103.328 + 13.750) and 2 (29.756 + 72.855) — allocated by year; the resettlement
  programme (171.373 in 2023); disbursements as the report gives them.  A figure
  given only as a total to the report date is one cumulative disbursement over its
  span (01/01/2022 – 14/12/2023, the end of the December reporting window); Dự án 2's
  "2021-2023" starts in 2022 because 2021 had no allocation.
  Forest-environment-service payments (DVMTR, 460.627 against the 2022 plan and
  19.673 against the 2023 plan, paid in 2023) are disbursements of their own line.
* Seed 004 (Hà Giang): capital disbursed under Resolution 05 by year (2021: 30.355,
  2022: 36.637) and under Resolution 04 (17.286, 2021-2022).  The plans behind
  "đạt 98,45% kế hoạch" are not stated, so no allocation is invented.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from audit.models import Channel
from programmes.models import Programme
from records.demo import declare_scope_for_demo
from units.models import Unit

from .actions import do_save_disbursement, do_save_plan_line, do_save_project
from .models import Disbursement, PlanLine, ProjectLevel, Register

DEMO = Channel.DEMO
S003, S004 = "Văn bản nguồn 003", "Văn bản nguồn 004"
REPORT_DAY = dt.date(2023, 12, 14)  # end of the December 2023 reporting window (Decree 09/2019)

# code, name, level, parent, line code
PROJECTS = [
    ("CTMTQG-DTTS", "Chương trình MTQG phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số và miền núi",
     ProjectLevel.PROGRAMME, None, ""),
    ("CTMTQG-DTTS/DA1", "Dự án 1: Hỗ trợ nước sinh hoạt", ProjectLevel.PROJECT, "CTMTQG-DTTS", ""),
    ("CTMTQG-DTTS/DA1/PT", "Nước sinh hoạt phân tán", ProjectLevel.COMPONENT, "CTMTQG-DTTS/DA1",
     "NTP_DTTS_DA1_DISPERSED_WATER"),
    ("CTMTQG-DTTS/DA1/TT", "Nước sinh hoạt tập trung", ProjectLevel.COMPONENT, "CTMTQG-DTTS/DA1",
     "NTP_DTTS_DA1_CENTRAL_WATER"),
    ("CTMTQG-DTTS/DA2", "Dự án 2: Quy hoạch, sắp xếp, bố trí, ổn định dân cư ở những nơi cần thiết",
     ProjectLevel.PROJECT, "CTMTQG-DTTS", "NTP_DTTS_DA2"),
    ("CTMTQG-DTTS/DA3", "Dự án 3: Phát triển sản xuất nông, lâm nghiệp bền vững, phát huy tiềm năng, thế mạnh của "
     "các vùng miền để sản xuất hàng hóa theo chuỗi giá trị", ProjectLevel.PROJECT, "CTMTQG-DTTS", ""),
    ("CTMTQG-DTTS/DA3/TDA1", "Tiểu dự án 1: Phát triển kinh tế nông, lâm nghiệp bền vững gắn với bảo vệ rừng và nâng "
     "cao thu nhập cho người dân", ProjectLevel.SUBPROJECT, "CTMTQG-DTTS/DA3", "NTP_DTTS_DA3_SUB1"),
    ("CTMTQG-DTTS/DA3/TDA2", "Tiểu dự án 2: Đầu tư phát triển sản xuất theo chuỗi giá trị, vùng trồng dược liệu quý, "
     "thúc đẩy khởi sự kinh doanh, khởi nghiệp và thu hút đầu tư vùng đồng bào dân tộc thiểu số và miền núi",
     ProjectLevel.SUBPROJECT, "CTMTQG-DTTS/DA3", "NTP_DTTS_DA3_SUB2"),
    ("BTDC", "Chương trình bố trí dân cư", ProjectLevel.PROGRAMME, None, "RESETTLEMENT"),
    ("DVMTR", "Chi trả dịch vụ môi trường rừng", ProjectLevel.PROGRAMME, None, "FOREST_SERVICES"),
    ("DVMTR/KH-TRUOC", "Chi kế hoạch năm trước", ProjectLevel.COMPONENT, "DVMTR", "FOREST_SERVICES_PREV_PLAN"),
    ("DVMTR/KH-NAM", "Chi kế hoạch năm hiện hành", ProjectLevel.COMPONENT, "DVMTR", "FOREST_SERVICES_CURRENT_PLAN"),
    ("HG-NQ05", "Nghị quyết 05/NQ-TU tỉnh Hà Giang — cải tạo vườn tạp, phát triển kinh tế vườn hộ",
     ProjectLevel.PROGRAMME, None, "HG_NQ05_GARDEN"),
    ("HG-NQ04", "Nghị quyết 04/NQ-TU tỉnh Hà Giang — phát triển bền vững cây Cam Sành", ProjectLevel.PROGRAMME,
     None, "HG_NQ04_CAM_SANH"),
]
PROGRAMME_DOCS = {"HG-NQ05": "HG-05/NQ-TU", "HG-NQ04": "HG-04/NQ-TU"}

# project, unit, year, amount, quote
PLANS = [
    ("CTMTQG-DTTS/DA1/PT", "12", 2022, "2120", "năm 2022 là 2.120 triệu đồng"),
    ("CTMTQG-DTTS/DA1/PT", "12", 2023, "3945", "năm 2023 là 3.945 triệu đồng"),
    ("CTMTQG-DTTS/DA1/TT", "12", 2022, "51319", "năm 2022 là 51.319 triệu đồng"),
    ("CTMTQG-DTTS/DA1/TT", "12", 2023, "51573", "năm 2023 là 51.573 triệu đồng"),
    ("CTMTQG-DTTS/DA2", "12", 2022, "26900", "năm 2022 là 26.900 triệu đồng"),
    ("CTMTQG-DTTS/DA2", "12", 2023, "36061", "năm 2023 là 36.061 triệu đồng"),
    ("CTMTQG-DTTS/DA3/TDA1", "12", 2022, "103328", "năm 2022 là 103.328 triệu đồng"),
    ("CTMTQG-DTTS/DA3/TDA1", "12", 2023, "13750", "năm 2023 là 13.750 triệu đồng"),
    ("CTMTQG-DTTS/DA3/TDA2", "12", 2022, "29756", "năm 2022 là 29.756 triệu đồng"),
    ("CTMTQG-DTTS/DA3/TDA2", "12", 2023, "72855", "năm 2023 là 72.855 triệu đồng"),
    ("BTDC", "12", 2023, "171373", "Năm 2023, kế hoạch vốn giao 171.373 triệu đồng (giao cho UBND các huyện thực "
     "hiện)"),
]

# project, unit, first day, day, amount, plan year, quote
DISBURSEMENTS = [
    ("CTMTQG-DTTS/DA1/PT", "12", dt.date(2022, 1, 1), REPORT_DAY, "5078", None,
     "đã giải ngân được 5.078 triệu đồng, đạt 84% KH"),
    ("CTMTQG-DTTS/DA1/TT", "12", dt.date(2022, 1, 1), REPORT_DAY, "83177", None,
     "đã giải ngân được 83.177 triệu đồng, đạt 81% KH"),
    # "năm 2021-2023" but only 2022 and 2023 have an allocation: nothing could be disbursed in 2021
    ("CTMTQG-DTTS/DA2", "12", dt.date(2022, 1, 1), REPORT_DAY, "32866", None,
     "đã giải ngân 32.866 triệu đồng đạt 52% KH"),
    ("CTMTQG-DTTS/DA3/TDA1", "12", dt.date(2022, 1, 1), dt.date(2022, 12, 31), "6636", 2022,
     "đã giải ngân 20.836 triệu đồng (năm 2022 là 6.636 triệu đồng, năm 2023 là 14.200 triệu đồng)"),
    ("CTMTQG-DTTS/DA3/TDA1", "12", dt.date(2023, 1, 1), REPORT_DAY, "14200", 2023,
     "đã giải ngân 20.836 triệu đồng (năm 2022 là 6.636 triệu đồng, năm 2023 là 14.200 triệu đồng)"),
    ("CTMTQG-DTTS/DA3/TDA2", "12", dt.date(2022, 1, 1), REPORT_DAY, "686", None, "đã giải ngân 686 triệu đồng"),
    ("BTDC", "12", dt.date(2023, 1, 1), REPORT_DAY, "22397", 2023,
     "Thực hiện giải ngân đến thời điểm báo cáo là 22.397 triệu đồng, đạt 13% kế hoạch"),
    ("DVMTR/KH-TRUOC", "12", dt.date(2023, 1, 1), REPORT_DAY, "460627", 2022,
     "tổng chi lũy kế từ đầu năm 480.300 triệu đồng (chi kế hoạch năm 2022: 460.627 triệu đồng; chi kế hoạch năm "
     "2023: 19.673 triệu đồng)"),
    ("DVMTR/KH-NAM", "12", dt.date(2023, 1, 1), REPORT_DAY, "19673", 2023,
     "tổng chi lũy kế từ đầu năm 480.300 triệu đồng (chi kế hoạch năm 2022: 460.627 triệu đồng; chi kế hoạch năm "
     "2023: 19.673 triệu đồng)"),
    ("HG-NQ05", "02", dt.date(2021, 1, 1), dt.date(2021, 12, 31), "30355", 2021,
     "năm 2021 là 1.032 hộ/30.355 triệu đồng"),
    ("HG-NQ05", "02", dt.date(2022, 1, 1), dt.date(2022, 12, 31), "36637", 2022,
     "năm 2022 là 1.242 hộ/36.637 triệu đồng"),
    ("HG-NQ04", "02", dt.date(2021, 1, 1), dt.date(2022, 12, 31), "17286", None,
     "Tổng kinh phí giải ngân 17.286triệu đồng (đạt 98,45% kế hoạch)"),
]

CODES = ["CAPITAL_ALLOCATED", "CAPITAL_DISBURSED"]


def load_demo_capital(progress=lambda m: None) -> None:
    units = {u.code: u for u in Unit.objects.filter(code__in=["12", "02"])}
    docs = {p.code: p for p in Programme.objects.filter(code__in=PROGRAMME_DOCS.values())}
    projects = {}
    for order, (code, name, level, parent, line) in enumerate(PROJECTS):
        projects[code] = do_save_project(
            user=None, channel=DEMO, code=code, name=name, level=level, parent=projects.get(parent),
            programme=docs.get(PROGRAMME_DOCS.get(code, "")), line_code=line, sort_order=order)
    for code, unit, year, amount, quote in PLANS:
        source = f"{S003}: «{quote}»"
        if PlanLine.objects.filter(project=projects[code], unit=units[unit], year=year, source=source).exists():
            continue
        do_save_plan_line(user=None, channel=DEMO, project=projects[code], unit=units[unit], year=year,
                          amount=Decimal(amount), source=source, note="Nguồn vốn: văn bản nguồn không nêu.")
    for code, unit, first, day, amount, plan_year, quote in DISBURSEMENTS:
        source = f"{S004 if unit == '02' else S003}: «{quote}»"
        if Disbursement.objects.filter(project=projects[code], unit=units[unit], disbursed_on=day,
                                       disbursed_from=first).exists():
            continue
        note = "Số lũy kế: văn bản chỉ nêu tổng đến thời điểm báo cáo." if first != day else ""
        do_save_disbursement(user=None, channel=DEMO, project=projects[code], unit=units[unit], disbursed_on=day,
                             disbursed_from=first, amount=Decimal(amount), plan_year=plan_year, source=source,
                             note=note)
    progress(f"  {len(PLANS)} dòng kế hoạch vốn, {len(DISBURSEMENTS)} số liệu giải ngân (văn bản 003, 004).")
    declare_scope_for_demo(Register.CAPITAL, "12", dt.date(2022, 1, 1), CODES,
                           "Giả định của dữ liệu mẫu: vốn các chương trình MTQG, bố trí dân cư, DVMTR của tỉnh Lai "
                           "Châu ghi đầy đủ từ 2022 (văn bản 003 chỉ nêu chi DVMTR của năm 2023).", progress)
    declare_scope_for_demo(Register.CAPITAL, "02", dt.date(2021, 1, 1), CODES,
                           "Dữ liệu mẫu: vốn Nghị quyết 04, 05 của tỉnh Hà Giang.", progress)
