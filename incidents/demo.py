"""Demo incidents of Lai Châu from the December 2023 report (seed 003; idempotent).

* "bệnh Dịch tả Lợn Châu Phi phát sinh tại 10 hộ chăn nuôi của bản Nà Lang (xã Bum
  Nưa, huyện Mường Tè), số lợn tiêu hủy do mắc bệnh 27 con/1.000 kg" — one outbreak
  of 10 households; "05 con chó mắc bệnh, nghi mắc bệnh Dại tại xã Mường So (huyện
  Phong Thổ) và thị trấn Tân Uyên" — one outbreak on the province naming both
  communes (no split is given).  Both "trong tháng": dated 01/12 – 31/12/2023; no end
  of the outbreaks is reported, so they stay active.
* "Công tác tiêm phòng vắc xin vụ Thu đông: 7/8 huyện, thành phố đã hoàn thành …
  hiện còn huyện Nậm Nhùn đang triển khai."
* "15 vụ, trong đó: Phá rừng trái luật 09 vụ (diện tích thiệt hại 3,9 ha); khai thác
  … 01 vụ; mua bán, vận chuyển … 01 vụ, tàng trữ … 03 vụ; … hồ sơ lâm sản … 01 vụ" —
  15 violations on the province (no commune given), detected in December 2023.  The
  3,9 ha is split over the 9 deforestation cases as a marked placeholder
  (``is_placeholder``): the sum is the document's, the split is not.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from audit.models import Channel
from periods.models import Period
from records.demo import declare_scope_for_demo
from units.models import Unit

from .actions import do_mark_vaccinated, do_save_campaign, do_save_outbreak, do_save_violation
from .models import Disease, ForestViolation, Outbreak, Register, Species, VaccinationCampaign, ViolationType

DEMO = Channel.DEMO
S003 = "Văn bản nguồn 003"
DEC_FROM, DEC_ON = dt.date(2023, 12, 1), dt.date(2023, 12, 31)
DISTRICTS = ["12.105", "12.106", "12.107", "12.108", "12.109", "12.110", "12.111", "12.112"]
VIOLATIONS = [(ViolationType.DEFORESTATION, 9), (ViolationType.LOGGING, 1), (ViolationType.TRADE_TRANSPORT, 1),
              (ViolationType.STORAGE, 3), (ViolationType.DOCUMENTS, 1)]
# Placeholder split of the 3,9 ha over the 9 deforestation cases (sum = 3,9).
DEFORESTATION_AREAS = ["0.5", "0.5", "0.5", "0.5", "0.5", "0.5", "0.3", "0.3", "0.3"]
VIOLATION_QUOTE = ("Tổng số vụ vi phạm Luật Bảo vệ và phát triển rừng trong tháng đã phát hiện là 15 vụ, trong đó: "
                   "Phá rừng trái luật 09 vụ (diện tích thiệt hại 3,9 ha); khai thác rừng trái pháp luật 01 vụ; mua "
                   "bán, vận chuyển lâm sản trái pháp luật 01 vụ, tàng trữ lâm sản trái pháp luật 03 vụ; vi phạm các "
                   "quy định về quản lý hồ sơ lâm sản trong vận chuyển, mua bán lâm sản trái pháp luật: 01 vụ")


def load_demo_incidents(progress=lambda m: None) -> None:
    codes = ["12", "12.107.03466", "12.109.03589", "12.111.03598", *DISTRICTS]
    units = {u.code: u for u in Unit.objects.filter(code__in=codes)}

    # --- outbreaks ------------------------------------------------------------------------
    if not Outbreak.objects.filter(unit=units["12.107.03466"], disease=Disease.ASF, started_on=DEC_ON).exists():
        do_save_outbreak(
            user=None, channel=DEMO, unit=units["12.107.03466"], village="Bản Nà Lang", disease=Disease.ASF,
            species=Species.PIG, started_on=DEC_ON, started_from=DEC_FROM, households=10, animals_culled=27,
            culled_kg=Decimal(1000), note="Ngày phát hiện: văn bản nêu «trong tháng» 12/2023; chưa nêu ngày hết dịch.",
            source=f"{S003}: «bệnh Dịch tả Lợn Châu Phi phát sinh tại 10 hộ chăn nuôi của bản Nà Lang (xã Bum Nưa, "
                   "huyện Mường Tè), số lợn tiêu hủy do mắc bệnh 27 con/1.000 kg»")
    if not Outbreak.objects.filter(unit=units["12"], disease=Disease.RABIES, started_on=DEC_ON).exists():
        do_save_outbreak(
            user=None, channel=DEMO, unit=units["12"], places=[units["12.109.03589"], units["12.111.03598"]],
            disease=Disease.RABIES, species=Species.DOG, started_on=DEC_ON, started_from=DEC_FROM, animals_culled=5,
            note="Hai xã, thị trấn; văn bản không tách số con từng nơi, không nêu số hộ và khối lượng.",
            source=f"{S003}: «đã tiến hành tiêu hủy 05 con chó mắc bệnh, nghi mắc bệnh Dại động vật tại xã Mường So "
                   "(huyện Phong Thổ) và thị trấn Tân Uyên (huyện Tân Uyên)»")
    # The seed documents only December 2023: the registers are declared kept for that month,
    # so a later month is "chưa có số liệu", never 0 outbreaks computed from an empty register.
    declare_scope_for_demo(Register.ANIMAL_HEALTH, "12", DEC_FROM,
                           ["DISEASE_OUTBREAKS", "ANIMALS_CULLED", "ANIMALS_CULLED_WEIGHT"],
                           "Dữ liệu mẫu: dịch bệnh động vật theo báo cáo tháng 12/2023 của Sở NN&PTNT.", progress,
                           kept_to=DEC_ON)

    # --- vaccination ------------------------------------------------------------------------
    season = Period.objects.for_code("2023TD")
    campaign = VaccinationCampaign.objects.filter(unit=units["12"], season=season).first()
    if campaign is None:
        campaign = do_save_campaign(
            user=None, channel=DEMO, name="Tiêm phòng vắc xin vụ Thu đông 2023", season=season, unit=units["12"],
            targets=[units[c] for c in DISTRICTS],
            note="Bệnh được tiêm phòng: văn bản nguồn không nêu.",
            source=f"{S003}: «Công tác tiêm phòng vắc xin vụ Thu đông: 7/8 huyện, thành phố đã hoàn thành công tác "
                   "tiêm phòng, hiện còn huyện Nậm Nhùn đang triển khai.»")
    for target in campaign.targets.select_related("unit"):
        if target.unit.code != "12.112" and not target.completed:
            do_mark_vaccinated(target, user=None, channel=DEMO, completed=True,
                               note="Đã hoàn thành trước báo cáo tháng 12/2023 (ngày không nêu).")
    declare_scope_for_demo(Register.VACCINATION, "12", season.start, ["VACCINATION_UNITS_COMPLETED"],
                           "Dữ liệu mẫu: đợt tiêm phòng vụ Thu đông 2023 của tỉnh Lai Châu.", progress,
                           kept_to=max(season.end, DEC_ON))

    # --- forest violations ----------------------------------------------------------------
    have = ForestViolation.objects.filter(unit=units["12"], detected_on=DEC_ON, source__startswith=S003).count()
    if not have:
        areas = iter(DEFORESTATION_AREAS)
        n = 0
        for vtype, count in VIOLATIONS:
            for _i in range(count):
                n += 1
                area = Decimal(next(areas)) if vtype == ViolationType.DEFORESTATION else Decimal(0)
                do_save_violation(
                    user=None, channel=DEMO, unit=units["12"], detected_on=DEC_ON, detected_from=DEC_FROM,
                    violation_type=vtype, damaged_area_ha=area, is_placeholder=vtype == ViolationType.DEFORESTATION,
                    note=(f"Vụ {n:02d}/15. Văn bản không nêu xã, ngày phát hiện (trong tháng 12/2023) và kết quả xử lý."
                          + (" Diện tích từng vụ là phân bổ giả định; tổng 09 vụ đúng 3,9 ha như văn bản."
                             if vtype == ViolationType.DEFORESTATION else "")),
                    source=f"{S003}: «{VIOLATION_QUOTE}»")
    progress("  2 ổ dịch, 1 đợt tiêm phòng (8 huyện, thành phố), 15 vụ vi phạm lâm luật (văn bản 003).")
    declare_scope_for_demo(Register.FOREST, "12", DEC_FROM, ["FOREST_VIOLATIONS", "FOREST_DAMAGED_AREA"],
                           "Dữ liệu mẫu: vi phạm lâm luật theo báo cáo tháng 12/2023.", progress, kept_to=DEC_ON)
