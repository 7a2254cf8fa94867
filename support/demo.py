"""Demo support records from the seed documents (``load_demo`` calls the loader; it is
idempotent: a second run finds every record and changes nothing).

* Seed 000 — Thành phố Lai Châu: "15 tổ chức, cá nhân được phê duyệt hỗ trợ, gồm 04
  nội dung: … chuồng trại tập trung, quy mô 2.083,5 m2; … trồng cỏ … 02ha; … hầm
  biogas … 269 m3; … nuôi ong … 200 thùng, hiện đang tổ chức nghiệm thu".  The
  document gives totals only: the 15 beneficiaries are **placeholders** ("Đối tượng
  mẫu 01" …, ``is_placeholder``) on the city (the document names no commune), each
  with one item; their quantities add up exactly to the document's totals.  They are
  approved (decision number and day not stated: dated "in 2022"), not yet accepted.
  The policy's rates are not in the documents, so none is invented.
* Seed 004 — Hà Giang, Nghị quyết 58/2020/NQ-HĐND implementing Resolutions 04 and 05:
  households by year (2021: 1.032 hộ; 2022: 1.242 hộ), loans (167 hộ / 292,9 ha) and
  the 5.128 triệu đồng given by organisations and individuals are stored as
  **summaries** (``SupportSummary``): the document has no list of households.  The
  capital disbursed by year is in the capital app.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from audit.models import Channel
from periods.models import Period
from programmes.models import Programme
from records.demo import declare_scope_for_demo
from records.models import FundingSource
from units.models import Unit

from .actions import (
    do_approve,
    do_register_application,
    do_save_item,
    do_save_policy,
    do_set_summary,
    find_or_create_beneficiary,
)
from .models import Application, BeneficiaryKind, ItemKind, Register

DEMO = Channel.DEMO
SEED_000 = ("Văn bản nguồn 000: «Triển khai thực hiện chính sách hỗ trợ sản xuất nông nghiệp hàng hóa theo Nghị quyết "
            "07/2022/NQ-HĐND của HĐND tỉnh năm 2022, gồm 15 tổ chức, cá nhân được phê duyệt hỗ trợ, gồm 04 nội dung: "
            "Hỗ trợ làm chuồng trại tập trung, quy mô 2.083,5 m2; hỗ trợ trồng cỏ làm thức ăn gia súc với quy mô "
            "02ha; hỗ trợ làm hầm biogas với quy mô 269 m3; hỗ trợ phát triển nuôi ong với quy mô 200 thùng, hiện "
            "đang tổ chức nghiệm thu theo quy định.»")
PLACEHOLDER_NOTE = ("Đối tượng giả định: văn bản nguồn chỉ nêu tổng khối lượng của 15 tổ chức, cá nhân; khối lượng "
                    "từng đối tượng là phân bổ giả định sao cho tổng đúng bằng số của văn bản. Địa bàn ghi cấp thành "
                    "phố vì văn bản không nêu xã.")

# item code: (name, measure, placeholder quantities — their sum is the document's total)
LAI_CHAU_ITEMS = {
    "BARN_M2": ("Hỗ trợ làm chuồng trại chăn nuôi tập trung", "m²",
                ["400", "350", "380", "320", "333.5", "300"]),
    "GRASS_HA": ("Hỗ trợ trồng cỏ làm thức ăn gia súc", "ha", ["1", "1"]),
    "BIOGAS_M3": ("Hỗ trợ làm hầm biogas", "m³", ["80", "70", "64", "55"]),
    "BEEHIVE": ("Hỗ trợ phát triển nuôi ong", "thùng", ["80", "70", "50"]),
}
LAI_CHAU_TOTALS = {"BARN_M2": Decimal("2083.5"), "GRASS_HA": Decimal(2), "BIOGAS_M3": Decimal(269),
                   "BEEHIVE": Decimal(200)}

SEED_004 = "Văn bản nguồn 004"


def load_demo_support(progress=lambda m: None) -> None:
    units = {u.code: u for u in Unit.objects.filter(code__in=["12", "12.105", "02"])}
    programmes = {p.code: p for p in Programme.objects.filter(code__in=["05-NQ/TU", "HG-04/NQ-TU", "HG-05/NQ-TU"])}

    # --- Lai Châu: Nghị quyết 07/2022/NQ-HĐND -------------------------------------------------
    policy = do_save_policy(
        user=None, channel=DEMO, code="07/2022/NQ-HĐND", unit=units["12"], issuer="HĐND tỉnh Lai Châu",
        title="Chính sách hỗ trợ sản xuất nông nghiệp hàng hóa trên địa bàn tỉnh Lai Châu",
        line_code="LC_NQ07_SUPPORT", source=SEED_000,
        note="Mức hỗ trợ và mức tối đa của từng nội dung: văn bản nguồn không nêu, chưa nhập.",
        programmes=[programmes["05-NQ/TU"]] if "05-NQ/TU" in programmes else [])
    city = units["12.105"]
    n = 0
    for code, (name, measure, quantities) in LAI_CHAU_ITEMS.items():
        assert sum(Decimal(q) for q in quantities) == LAI_CHAU_TOTALS[code], code
        item = do_save_item(user=None, channel=DEMO, policy=policy, code=code, name=name, measure=measure,
                            note="Mức hỗ trợ: văn bản nguồn không nêu.")
        for q in quantities:
            n += 1
            who = find_or_create_beneficiary(
                user=None, channel=DEMO, kind=BeneficiaryKind.HOUSEHOLD, home_unit=city, is_placeholder=True,
                name=f"Đối tượng mẫu {n:02d} (giả định — văn bản chỉ nêu tổng)")
            if Application.objects.filter(beneficiary=who, item=item).exists():
                continue
            app = do_register_application(
                user=None, channel=DEMO, item=item, beneficiary=who, unit=city, quantity=Decimal(q),
                registered_on=dt.date(2022, 1, 1), source=SEED_000, note=PLACEHOLDER_NOTE)
            do_approve(app, user=None, channel=DEMO, decision_number="(văn bản nguồn không nêu số quyết định)",
                       decided_on=dt.date(2022, 12, 31), decided_from=dt.date(2022, 1, 1),
                       note="Ngày phê duyệt: văn bản chỉ nêu năm 2022.")
    progress(f"  {n} hồ sơ hỗ trợ theo Nghị quyết 07/2022/NQ-HĐND (đối tượng giả định, tổng đúng văn bản 000).")
    codes = ["SUPPORT_APPROVED_QUANTITY", "SUPPORT_ACCEPTED_QUANTITY", "SUPPORT_BENEFICIARIES", "SUPPORT_PAID"]
    declare_scope_for_demo(Register.SUPPORT, "12.105", dt.date(2022, 1, 1), codes,
                           "Dữ liệu mẫu: hồ sơ hỗ trợ theo Nghị quyết 07/2022/NQ-HĐND của Thành phố Lai Châu.",
                           progress)

    # --- Hà Giang: Nghị quyết 58/2020/NQ-HĐND (Resolutions 04 and 05) -------------------------
    hg = units["02"]
    policy = do_save_policy(
        user=None, channel=DEMO, code="58/2020/NQ-HĐND", unit=hg, issuer="HĐND tỉnh Hà Giang",
        signed_on=dt.date(2020, 12, 9),
        title="Chính sách hỗ trợ thực hiện Nghị quyết 04/NQ-TU (phát triển bền vững cây Cam Sành) và Nghị quyết "
              "05/NQ-TU (cải tạo vườn tạp, phát triển kinh tế vườn hộ) của Tỉnh ủy Hà Giang",
        source=f"{SEED_004}: «Hội đồng Nhân dân tỉnh đã ban hành Nghị quyết số 58/2020/NQ-HĐND ngày 09/12/2020.»",
        note="Trích yếu đầy đủ và mức hỗ trợ: văn bản nguồn không nêu.",
        programmes=[programmes[c] for c in ("HG-04/NQ-TU", "HG-05/NQ-TU") if c in programmes])
    garden = do_save_item(user=None, channel=DEMO, policy=policy, code="GARDEN_HA", line_code="HG_NQ05_GARDEN",
                          name="Hỗ trợ cải tạo vườn tạp, phát triển kinh tế vườn hộ (Nghị quyết 05/NQ-TU)",
                          measure="ha")
    loan = do_save_item(
        user=None, channel=DEMO, policy=policy, code="CAM_SANH_LOAN_HA", line_code="HG_NQ04_CAM_SANH",
        name="Hỗ trợ vay vốn đầu tư nâng cao chất lượng cam sành (Nghị quyết 04/NQ-TU)", measure="ha",
        kind=ItemKind.LOAN, land_in_home_commune=True, collateral_for_organisations=True,
        allow_cooperative=True,
        note="Điều kiện theo văn bản 004: đất trồng cam phải ở xã đăng ký hộ khẩu thường trú; tổ chức (HTX) vay "
             "phải có tài sản thế chấp.")
    summaries = [
        (garden, "2021", dict(households=1032), "năm 2021 là 1.032 hộ/30.355 triệu đồng"),
        (garden, "2022", dict(households=1242), "năm 2022 là 1.242 hộ/36.637 triệu đồng"),
        (garden, "2021-2022", dict(amount_paid=Decimal(5128), fund_source=FundingSource.PEOPLE),
         "Tổng nguồn lực của các tổ chức, cá nhân hỗ trợ trực tiếp hộ gia đình quy ra kinh phí 5.128 triệu đồng"),
        (loan, "2021-2022", dict(households=167, quantity=Decimal("292.9")),
         "Các cá nhân vay vốn đầu tư nâng cao chất lượng cam sành 167 hộ/292,9 ha (đạt 48,8% so với chỉ tiêu giai "
         "đoạn 2021 - 2025)"),
    ]
    for item, period, figures, quote in summaries:
        do_set_summary(user=None, channel=DEMO, item=item, unit=hg, period=Period.objects.for_code(period),
                       note="Số liệu tổng hợp: văn bản không có danh sách từng hộ.",
                       source=f"{SEED_004}: «{quote}»", **figures)
    progress("  Hà Giang: 4 dòng số liệu tổng hợp hỗ trợ (không có danh sách từng hộ).")
    declare_scope_for_demo(Register.SUPPORT, "02", dt.date(2021, 1, 1), codes,
                           "Dữ liệu mẫu: số liệu tổng hợp Nghị quyết 04, 05 của tỉnh Hà Giang.", progress)
