"""Demo report forms, rules and the December 2023 reports of Lai Châu.

``load_demo`` (``demo.hooks``) calls :func:`load_demo_collection` after the seed values
are stored.  It is idempotent: a second run changes nothing.

* **Forms** — together they collect every stored figure of seed 003 (the province's
  December 2023 report) and seed 000 (Lai Châu City's mid-term review): a monthly,
  a yearly, a season and a term form per level of Lai Châu.  Every figure that
  ``demo/data/seed_map.csv`` stores for those seeds and that the designed rows miss is
  added to the form of its level and period type (so a catalogue change never
  leaves a seed figure without a form); ``tests/test_demo.py`` checks the coverage.
* **Rules** — the sums of parts the seeds state (total herd = buffalo + cattle + pigs,
  tea sold = exported + entrusted/domestic, the 15 forest violations by type, the
  183 cooperatives by field …), bounds (harvested area ≤ area per crop, disbursed ≤
  allocated), and a plausibility default (3 times the same period of the 3 earlier
  years).
* **December 2023** — the province's and the eight districts' monthly reports and the
  commune reports of Thành phố Lai Châu go through the Excel import path (template
  → upload; the seed values are already stored, so the upload writes nothing) and are
  submitted and approved with dates around their deadlines.  Phường Đoàn Kết's report
  is left unsubmitted and Phường Quyết Tiến's is late, so the progress page shows a
  gap.  Submission dates are demo workflow data, not figures of the seeds; the seeds
  have no commune figures for these communes, so their reports carry no values.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from indicators.models import Indicator, IndicatorKind
from periods.codes import PeriodCodeError, parse_period
from periods.models import Period
from units.models import Level, Unit

from .models import FormRow, Importance, Plausibility, ReportForm, Status, Submission, TotalMode, ValidationRule

E, S, N = TotalMode.ENTER, TotalMode.SUM, TotalMode.NONE
DEMO_SEEDS = {"000", "003"}
OTHER_SECTION = "Chỉ tiêu khác"


@dataclass
class FormSpec:
    code: str
    name: str
    period_type: str
    level: int
    offset: int
    description: str
    sections: list[tuple[str, list[tuple[str, list[str], str]]]] = field(default_factory=list)


FORMS = [
    FormSpec("BC_THANG_XA", "Báo cáo tháng — cấp xã", "month", Level.COMMUNE, 0,
             "Xã, phường, thị trấn báo cáo hằng tháng; hạn nộp ngày 14 (ngày chốt số liệu theo Nghị định "
             "09/2019/NĐ-CP).", [
                 ("Trồng trọt", [("CROP_SOWN_AREA", ["RICE", "MAIZE", "VEGETABLE"], S),
                                 ("CROP_NEW_AREA", ["TEA", "MACADAMIA", "FRUIT"], S)]),
                 ("Chăn nuôi, thú y", [("HERD", ["BUFFALO", "CATTLE", "PIG"], E),
                                       ("POULTRY", [], E),
                                       ("DISEASE_OUTBREAKS", ["ASF", "FMD", "LSD", "AVIAN_INFLUENZA", "RABIES"], S),
                                       ("ANIMALS_CULLED", ["PIG", "CATTLE", "BUFFALO", "POULTRY", "DOG"], S),
                                       ("ANIMALS_CULLED_WEIGHT", ["PIG", "CATTLE", "BUFFALO", "POULTRY", "DOG"],
                                        S)]),
                 ("Lâm nghiệp", [("FOREST_VIOLATIONS", ["DEFORESTATION", "LOGGING", "TRADE_TRANSPORT", "STORAGE",
                                                        "DOCUMENTS"], E)]),
             ]),
    FormSpec("BC_THANG_HUYEN", "Báo cáo tháng — cấp huyện, thành phố", "month", Level.DISTRICT, 3,
             "Phòng Nông nghiệp (Phòng Kinh tế) báo cáo hằng tháng; hạn nộp ngày 17.", [
                 ("Chăn nuôi", [("HERD", ["BUFFALO", "CATTLE", "PIG"], E), ("POULTRY", [], E)]),
                 ("Hợp tác xã, trang trại", [
                     ("COOPERATIVES", ["CROP", "LIVESTOCK", "FORESTRY", "AQUACULTURE", "GENERAL"], E),
                     ("FARMS", ["CROP", "LIVESTOCK", "FORESTRY", "AQUACULTURE", "MIXED"], E)]),
             ]),
    FormSpec("BC_THANG_TINH", "Báo cáo tháng — Sở Nông nghiệp và PTNT", "month", Level.PROVINCE, 6,
             "Báo cáo tình hình sản xuất nông, lâm nghiệp hằng tháng của tỉnh; hạn nộp ngày 20.", [
                 ("Chăn nuôi, thú y", [("HERD", ["BUFFALO", "CATTLE", "PIG"], E), ("POULTRY", [], E),
                                       ("ANIMALS_CULLED", ["PIG", "DOG"], S)]),
                 ("Ứng dụng công nghệ cao, chứng nhận", [
                     ("HIGH_TECH_AREA", ["GREENHOUSE", "WATER_SAVING_IRRIGATION"], S),
                     ("CERTIFIED_FACILITIES", ["RA", "VIETGAP", "VIETGAP_LIVESTOCK", "VIETGAP_AQUA", "ORGANIC",
                                               "ISO"], N),
                     ("CERTIFIED_AREA", ["RA", "VIETGAP", "VIETGAP_LIVESTOCK", "ORGANIC"], N),
                     ("CERTIFIED_AQUA_VOLUME", ["VIETGAP_AQUA"], N)]),
                 ("Chế biến, tiêu thụ nông sản", [
                     ("CROP_PRODUCTION", ["BANANA"], N), ("PRODUCE_PROCESSED", ["TEA", "BANANA"], N),
                     ("PRODUCE_EXPORTED", ["BANANA"], N), ("TEA_SOLD", ["EXPORT_DIRECT",
                                                                      "EXPORT_ENTRUSTED_DOMESTIC"], E),
                     ("PRODUCE_STOCK", ["TEA"], N)]),
                 ("Lâm nghiệp", [("FOREST_OUTREACH_VILLAGES", [], E), ("FOREST_OUTREACH_SCHOOLS", [], E),
                                 ("FOREST_OUTREACH_PERSONS", ["RESIDENT", "PUPIL"], S), ("FOREST_PLEDGES", [], E),
                                 ("FOREST_VIOLATIONS", ["DEFORESTATION", "LOGGING", "TRADE_TRANSPORT", "STORAGE",
                                                        "DOCUMENTS"], E),
                                 ("FOREST_DAMAGED_AREA", ["DEFORESTATION"], S), ("FOREST_PATROLS", [], E),
                                 ("FOREST_PATROL_VIOLATIONS", [], E)]),
                 ("Hợp tác xã, trang trại, OCOP", [
                     ("COOPERATIVES", ["CROP", "LIVESTOCK", "FORESTRY", "AQUACULTURE", "GENERAL"], E),
                     ("COOPS_WITH_OCOP", [], E),
                     ("FARMS", ["CROP", "LIVESTOCK", "FORESTRY", "AQUACULTURE", "MIXED"], E),
                     ("FARM_AREA", [], E), ("FARM_WORKERS", [], E),
                     ("OCOP_PRODUCTS", ["STAR3", "STAR4", "STAR5"], E), ("OCOP_PRODUCTS_COOP", [], E)]),
             ]),
    FormSpec("BC_VU_TINH", "Báo cáo tiến độ mùa vụ — cấp tỉnh", "season", Level.PROVINCE, 6,
             "Tiến độ sản xuất và tiêm phòng theo vụ (lũy kế đến kỳ báo cáo).", [
                 ("Trồng trọt", [("LAND_PREPARED_AREA", ["RICE", "MAIZE"], S), ("SEEDBED_AREA", [], E),
                                 ("CROP_SOWN_AREA", ["RICE", "MAIZE", "VEGETABLE"], S)]),
                 ("Thú y", [("VACCINATION_UNITS_COMPLETED", [], E)]),
             ]),
    FormSpec("BC_NAM_TINH", "Báo cáo năm — cấp tỉnh", "year", Level.PROVINCE, 6,
             "Kết quả cả năm của tỉnh (lũy kế đến ngày chốt số liệu 14/12).", [
                 ("Chăn nuôi, thủy sản", [("MEAT_PRODUCTION", ["PIG", "BUFFALO", "CATTLE"], E),
                                          ("AQUA_POND_AREA", [], E), ("AQUA_VOLUME", ["COLD_WATER_TANK", "CAGE"], N),
                                          ("AQUA_PRODUCTION", ["FARMED", "CAPTURED"], E)]),
                 ("Lâm nghiệp", [("FOREST_SERVICE_REVENUE", [], E)]),
                 ("OCOP, đào tạo nghề", [("OCOP_RANKED_PRODUCTS", ["PASSED", "FAILED"], E),
                                        ("TRAINING_CLASSES", [], E), ("TRAINEES", [], E)]),
                 ("Vốn chương trình, dự án", [
                     ("CAPITAL_ALLOCATED", ["RESETTLEMENT", "NTP_DTTS_DA1_DISPERSED_WATER",
                                            "NTP_DTTS_DA1_CENTRAL_WATER", "NTP_DTTS_DA2", "NTP_DTTS_DA3_SUB1",
                                            "NTP_DTTS_DA3_SUB2"], S),
                     ("CAPITAL_DISBURSED", ["RESETTLEMENT", "NTP_DTTS_DA3_SUB1", "FOREST_SERVICES",
                                            "FOREST_SERVICES_PREV_PLAN", "FOREST_SERVICES_CURRENT_PLAN"], S),
                     ("PROJECTS", ["RESETTLEMENT", "RESETTLEMENT_DISASTER", "RESETTLEMENT_FREE_MIGRATION"], S)]),
             ]),
    FormSpec("BC_NAM_HUYEN", "Báo cáo năm — cấp huyện, thành phố", "year", Level.DISTRICT, 3,
             "Kết quả cả năm của huyện, thành phố: vùng sản xuất hàng hóa, chăn nuôi tập trung, HTX, OCOP, hỗ trợ, "
             "đào tạo nghề.", [
                 ("Trồng trọt", [
                     ("CROP_AREA", ["TEA", "MACADAMIA", "RICE", "QUALITY_RICE", "FRUIT", "VEGETABLE", "FLOWER"], S),
                     ("CROP_HARVEST_AREA", ["TEA", "MACADAMIA", "FRUIT"], S),
                     ("CROP_PRODUCTION", ["TEA", "MACADAMIA", "QUALITY_RICE", "VEGETABLE", "FRUIT"], N)]),
                 ("Chăn nuôi", [("LIVESTOCK_FACILITIES", ["BUFFALO", "CATTLE", "PIG", "HORSE", "GOAT", "RABBIT",
                                                         "POULTRY", "BEE"], E)]),
                 ("Hợp tác xã, trang trại, OCOP", [
                     ("COOPERATIVES", ["CROP", "LIVESTOCK", "FORESTRY", "AQUACULTURE", "GENERAL"], E),
                     ("COOP_AVG_REVENUE", [], E), ("COOP_WORKER_INCOME", [], E),
                     ("FARMS", ["CROP", "LIVESTOCK", "FORESTRY", "AQUACULTURE", "MIXED"], E),
                     ("OCOP_PRODUCTS", ["STAR3", "STAR4", "STAR5"], E), ("OCOP_UPGRADE_PROPOSED", ["STAR5"], N)]),
                 ("Chính sách hỗ trợ", [
                     ("SUPPORT_BENEFICIARIES", ["LC_NQ07_SUPPORT"], N),
                     ("SUPPORT_APPROVED_QUANTITY", ["BARN_M2", "BIO_BEDDING_M2", "BIOGAS_M3", "GRASS_HA", "BEEHIVE"],
                      N)]),
                 ("Giá trị sản xuất", [("PRODUCTION_VALUE_PER_HA", [], E), ("COMMODITY_ZONE_VALUE_PER_HA", [], E)]),
                 ("Đào tạo nghề", [("TRAINING_CLASSES", [], E), ("TRAINEES", [], E)]),
             ]),
    FormSpec("BC_NAM_XA", "Báo cáo năm — cấp xã", "year", Level.COMMUNE, 0,
             "Kết quả cả năm của xã: diện tích cây trồng, tiêu chí nông thôn mới.", [
                 ("Trồng trọt", [("CROP_AREA", ["RICE", "QUALITY_RICE", "TEA", "MACADAMIA", "FRUIT", "VEGETABLE",
                                                "FLOWER"], S)]),
                 ("Nông thôn mới", [("NTM_CRITERIA_MET", ["BASIC", "ADVANCED", "MODEL"], N)]),
             ]),
    FormSpec("BC_GD_TINH", "Báo cáo sơ kết giai đoạn — cấp tỉnh", "term", Level.PROVINCE, 6,
             "Lũy kế của giai đoạn (sơ kết, tổng kết): vốn chương trình mục tiêu quốc gia, chuyển đổi đất lúa.", [
                 ("Trồng trọt", [("CROP_CONVERTED_AREA", [], E)]),
                 ("Vốn chương trình, dự án", [
                     ("CAPITAL_ALLOCATED", ["NTP_DTTS_DA1_DISPERSED_WATER", "NTP_DTTS_DA1_CENTRAL_WATER",
                                            "NTP_DTTS_DA2", "NTP_DTTS_DA3_SUB1", "NTP_DTTS_DA3_SUB2"], S),
                     ("CAPITAL_DISBURSED", ["NTP_DTTS_DA1_DISPERSED_WATER", "NTP_DTTS_DA1_CENTRAL_WATER",
                                            "NTP_DTTS_DA2", "NTP_DTTS_DA3_SUB1", "NTP_DTTS_DA3_SUB2"], S),
                     ("PROJECTS", ["NTP_DTTS_DA2"], N), ("PROGRAMME_HOUSEHOLDS", ["NTP_DTTS_DA2"], N)]),
             ]),
    FormSpec("BC_GD_HUYEN", "Báo cáo sơ kết giai đoạn — cấp huyện, thành phố", "term", Level.DISTRICT, 3,
             "Lũy kế của giai đoạn thực hiện nghị quyết: trồng mới, tuyên truyền, tập huấn, hạ tầng, OCOP.", [
                 ("Trồng trọt", [("CROP_NEW_AREA", ["TEA", "MACADAMIA", "FLOWER", "ROSE"], S),
                                 ("CROP_PRODUCTION_AVG", ["QUALITY_RICE", "TEA"], N)]),
                 ("Tuyên truyền, tập huấn", [
                     ("PROPAGANDA_PERSONS", ["PARTY_MEMBER", "NON_PARTY"], E),
                     ("PROPAGANDA_BROADCAST_MINUTES", [], E), ("PROPAGANDA_NEWS", [], E),
                     ("PROPAGANDA_BANNERS", [], E), ("PROPAGANDA_MOBILE_SESSIONS", [], E),
                     ("TECH_TRAINING_CLASSES", [], E), ("TECH_TRAINING_PARTICIPANTS", [], E)]),
                 ("Hạ tầng sản xuất", [("WORKS_COUNT", ["CANAL", "ROAD", "TEA_ROAD"], S),
                                       ("WORKS_LENGTH", ["CANAL", "ROAD", "TEA_ROAD"], S)]),
                 ("OCOP", [("OCOP_RANKING_ROUNDS", [], E)]),
             ]),
    FormSpec("BC_GD_XA", "Báo cáo sơ kết giai đoạn — cấp xã", "term", Level.COMMUNE, 0,
             "Lũy kế của giai đoạn ở xã: trồng mới, công trình hạ tầng.", [
                 ("Trồng trọt", [("CROP_NEW_AREA", ["TEA", "MACADAMIA", "FLOWER"], S)]),
                 ("Hạ tầng sản xuất", [("WORKS_LENGTH", ["CANAL", "ROAD", "TEA_ROAD"], S)]),
             ]),
]

# code, name, left, operator, right, per_option, importance, period types ([] = all)
RULES = [
    ("HERD_EQ_SPECIES", "Tổng đàn gia súc chính bằng trâu + bò + lợn", "HERD", "==",
     "HERD.BUFFALO + HERD.CATTLE + HERD.PIG", False, Importance.ERROR, []),
    ("AQUA_EQ_SOURCES", "Sản lượng thủy sản bằng nuôi trồng + khai thác", "AQUA_PRODUCTION", "==",
     "AQUA_PRODUCTION.FARMED + AQUA_PRODUCTION.CAPTURED", False, Importance.ERROR, []),
    ("TEA_SOLD_EQ_CHANNELS", "Chè tiêu thụ bằng xuất khẩu trực tiếp + ủy thác và nội tiêu", "TEA_SOLD", "==",
     "TEA_SOLD.EXPORT_DIRECT + TEA_SOLD.EXPORT_ENTRUSTED_DOMESTIC", False, Importance.ERROR, []),
    ("FOREST_VIOLATIONS_EQ_TYPES", "Tổng số vụ vi phạm lâm luật bằng tổng các loại vi phạm", "FOREST_VIOLATIONS",
     "==", "FOREST_VIOLATIONS.DEFORESTATION + FOREST_VIOLATIONS.LOGGING + FOREST_VIOLATIONS.TRADE_TRANSPORT"
           " + FOREST_VIOLATIONS.STORAGE + FOREST_VIOLATIONS.DOCUMENTS", False, Importance.ERROR, []),
    ("COOPS_EQ_FIELDS", "Số HTX bằng tổng theo lĩnh vực", "COOPERATIVES", "==",
     "COOPERATIVES.CROP + COOPERATIVES.LIVESTOCK + COOPERATIVES.FORESTRY + COOPERATIVES.AQUACULTURE"
     " + COOPERATIVES.GENERAL", False, Importance.ERROR, []),
    ("FARMS_EQ_TYPES", "Số trang trại bằng tổng theo loại hình", "FARMS", "==",
     "FARMS.CROP + FARMS.LIVESTOCK + FARMS.FORESTRY + FARMS.AQUACULTURE + FARMS.MIXED", False, Importance.ERROR,
     []),
    ("OCOP_RANKED_EQ_RESULTS", "Sản phẩm tham gia phân hạng bằng đạt + chưa đạt", "OCOP_RANKED_PRODUCTS", "==",
     "OCOP_RANKED_PRODUCTS.PASSED + OCOP_RANKED_PRODUCTS.FAILED", False, Importance.ERROR, []),
    ("FACILITIES_EQ_TYPES", "Cơ sở chăn nuôi tập trung bằng tổng theo loại", "LIVESTOCK_FACILITIES", "==",
     "LIVESTOCK_FACILITIES.BUFFALO + LIVESTOCK_FACILITIES.CATTLE + LIVESTOCK_FACILITIES.PIG"
     " + LIVESTOCK_FACILITIES.HORSE + LIVESTOCK_FACILITIES.GOAT + LIVESTOCK_FACILITIES.RABBIT"
     " + LIVESTOCK_FACILITIES.POULTRY + LIVESTOCK_FACILITIES.BEE", False, Importance.ERROR, []),
    ("FOREST_SERVICES_EQ_PLANS", "Chi trả DVMTR bằng chi kế hoạch năm trước + năm hiện hành",
     "CAPITAL_DISBURSED.FOREST_SERVICES", "==",
     "CAPITAL_DISBURSED.FOREST_SERVICES_PREV_PLAN + CAPITAL_DISBURSED.FOREST_SERVICES_CURRENT_PLAN", False,
     Importance.ERROR, []),
    ("RESETTLEMENT_PROJECTS_EQ_PARTS", "Dự án bố trí dân cư bằng vùng thiên tai + di cư tự do",
     "PROJECTS.RESETTLEMENT", "==", "PROJECTS.RESETTLEMENT_DISASTER + PROJECTS.RESETTLEMENT_FREE_MIGRATION", False,
     Importance.ERROR, []),
    ("HARVEST_LE_AREA", "Diện tích kinh doanh, cho thu hoạch không vượt diện tích hiện có", "CROP_HARVEST_AREA",
     "<=", "CROP_AREA", True, Importance.ERROR, []),
    ("PORK_LE_MEAT", "Thịt lợn hơi không vượt tổng thịt hơi", "MEAT_PRODUCTION.PIG", "<=", "MEAT_PRODUCTION",
     False, Importance.ERROR, []),
    ("PARTY_LE_PERSONS", "Lượt đảng viên không vượt tổng lượt người được tuyên truyền",
     "PROPAGANDA_PERSONS.PARTY_MEMBER", "<=", "PROPAGANDA_PERSONS", False, Importance.ERROR, []),
    ("BANANA_USES_LE_OUTPUT", "Chuối xuất khẩu + chế biến không vượt sản lượng chuối",
     "PRODUCE_EXPORTED.BANANA + PRODUCE_PROCESSED.BANANA", "<=", "CROP_PRODUCTION.BANANA", False,
     Importance.WARNING, []),
    ("SEEDBED_LE_LAND_PREPARED", "Diện tích gieo mạ không vượt diện tích làm đất lúa", "SEEDBED_AREA", "<=",
     "LAND_PREPARED_AREA.RICE", False, Importance.WARNING, ["season"]),
    ("COOPS_OCOP_LE_COOPS", "HTX có sản phẩm OCOP không vượt tổng số HTX", "COOPS_WITH_OCOP", "<=", "COOPERATIVES",
     False, Importance.WARNING, []),
    ("OCOP_COOP_LE_OCOP", "Sản phẩm OCOP của HTX không vượt tổng sản phẩm OCOP", "OCOP_PRODUCTS_COOP", "<=",
     "OCOP_PRODUCTS", False, Importance.WARNING, []),
    ("DISBURSED_LE_ALLOCATED", "Vốn giải ngân không vượt vốn được phân bổ của cùng kỳ", "CAPITAL_DISBURSED", "<=",
     "CAPITAL_ALLOCATED", True, Importance.WARNING, []),
    ("SUPPORT_AREA_PER_HOUSEHOLD", "Diện tích hỗ trợ bình quân mỗi hộ ít nhất 100 m²",
     "SUPPORT_AREA * 10000 / SUPPORT_BENEFICIARIES", ">=", "100", True, Importance.WARNING, []),
]


def _seed_figures():
    """Stored (value) figures of seeds 000 and 003 from the demo seed map:
    (indicator, option or None, unit code, period code)."""
    from demo.loading import read_figures, read_seed_map

    seeds = {f.row: f.seed for f in read_figures()}
    out = []
    for e in read_seed_map():
        if e.store == "value" and seeds.get(e.row) in DEMO_SEEDS:
            for period in e.periods:
                out.append((e.indicator, e.option or None, e.unit, period))
    return out


def desired_rows(spec: FormSpec, indicators: dict[str, Indicator], extra) -> list[dict]:
    """The rows of a form: the designed ones, plus the seed figures of its level and period
    type they miss (``extra``: (indicator, option) pairs)."""
    rows: list[dict] = []
    by_code: dict[str, dict] = {}
    for section, items in spec.sections:
        for code, options, total in items:
            ind = indicators.get(code)
            if ind is None or ind.kind == IndicatorKind.FORMULA:
                continue
            known = {o.code for o in ind.disaggregation.options.all()} if ind.disaggregation_id else set()
            row = {"indicator": ind, "options": [o for o in options if o in known], "total": total,
                   "section": section}
            if not row["options"]:
                row["total"] = E
            rows.append(row)
            by_code[code] = row
    for code, option in extra:
        ind = indicators.get(code)
        if ind is None or ind.kind == IndicatorKind.FORMULA:
            continue
        row = by_code.get(code)
        if row is None:
            row = {"indicator": ind, "options": [], "total": E if option is None else S, "section": OTHER_SECTION}
            rows.append(row)
            by_code[code] = row
        if option and option not in row["options"]:
            row["options"].append(option)
        if option is None and row["total"] != E:
            row["total"] = E
    return rows


def ensure_forms(progress=lambda m: None) -> dict[str, ReportForm]:
    province = Unit.objects.get(code="12")
    indicators = {i.code: i for i in Indicator.objects.select_related("disaggregation")
                  .prefetch_related("disaggregation__options")}
    units = {}
    extra: dict[tuple[int, str], list[tuple[str, str | None]]] = {}
    figures = _seed_figures()
    for _ind, _opt, ucode, _p in figures:
        units.setdefault(ucode, None)
    levels = {u.code: u.level for u in Unit.objects.filter(code__in=list(units))}
    for ind, opt, ucode, pcode in figures:
        try:
            ptype = parse_period(pcode).period_type
        except PeriodCodeError:
            continue
        if ucode in levels and (ucode == "12" or ucode.startswith("12.")):
            pairs = extra.setdefault((levels[ucode], ptype), [])
            if (ind, opt) not in pairs:
                pairs.append((ind, opt))
    forms = {}
    for order, spec in enumerate(FORMS, start=1):
        form, created = ReportForm.objects.get_or_create(code=spec.code, defaults=dict(
            name=spec.name, description=spec.description, period_type=spec.period_type, level=spec.level,
            root_unit=province, deadline_offset_days=spec.offset, sort_order=order))
        rows = desired_rows(spec, indicators, extra.get((spec.level, spec.period_type), []))
        wanted = [(r["indicator"].code, tuple(r["options"]), r["total"], r["section"]) for r in rows]
        current = [(r.indicator.code, tuple(o.code for o in sorted(r.options.all(), key=lambda o: o.code)),
                    r.total, r.section)
                   for r in form.rows.select_related("indicator").prefetch_related("options")]
        wanted_cmp = [(c, tuple(sorted(o)), t, s) for c, o, t, s in wanted]
        if current != wanted_cmp:
            form.rows.all().delete()
            for i, r in enumerate(rows, start=1):
                row = FormRow.objects.create(form=form, indicator=r["indicator"], total=r["total"],
                                             section=r["section"], sort_order=i)
                if r["options"]:
                    row.options.set([o for o in r["indicator"].disaggregation.options.all()
                                     if o.code in r["options"]])
            if not created:
                form.version += 1
                form.save(update_fields=["version"])
        forms[spec.code] = form
    progress(f"  {len(forms)} biểu mẫu báo cáo")
    return forms


def ensure_rules(progress=lambda m: None) -> int:
    from .rules import Catalogue, RuleError, compile_rule

    cat = Catalogue()
    n = 0
    for code, name, left, op, right, per_option, importance, ptypes in RULES:
        rule = ValidationRule(code=code, name=name, left=left, operator=op, right=right, per_option=per_option,
                              importance=importance, period_types=ptypes)
        try:
            compile_rule(rule, cat)
        except RuleError as e:
            progress(f"  bỏ qua quy tắc {code}: {e}")
            continue
        ValidationRule.objects.update_or_create(code=code, defaults=dict(
            name=name, left=left, operator=op, right=right, per_option=per_option, importance=importance,
            period_types=ptypes))
        n += 1
    if not Plausibility.objects.filter(indicator__isnull=True).exists():
        Plausibility.objects.create(max_ratio=3, years=3)
    progress(f"  {n} quy tắc kiểm tra")
    return n


def _at(day: str, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour, minute)))


# unit code: (submitted at, approved at or None); units not listed are not submitted.
DECEMBER_2023 = {
    "BC_THANG_TINH": {"12": (_at("2023-12-20", 9), _at("2023-12-20", 16))},
    "BC_THANG_HUYEN": {
        "12.105": (_at("2023-12-16", 10), _at("2023-12-18", 8)),
        "12.106": (_at("2023-12-15", 15), _at("2023-12-18", 8)),
        "12.107": (_at("2023-12-17", 9), _at("2023-12-18", 9)),
        "12.108": (_at("2023-12-16", 14), _at("2023-12-18", 9)),
        "12.109": (_at("2023-12-15", 10), _at("2023-12-18", 8)),
        "12.110": (_at("2023-12-17", 16), _at("2023-12-18", 9)),
        "12.111": (_at("2023-12-16", 11), _at("2023-12-18", 8)),
        "12.112": (_at("2023-12-17", 15), _at("2023-12-18", 10)),
    },
    "BC_THANG_XA": {
        "12.105.03386": (_at("2023-12-13", 9), _at("2023-12-15", 8)),   # Phường Quyết Thắng
        "12.105.03387": (_at("2023-12-14", 10), _at("2023-12-15", 8)),  # Phường Tân Phong
        "12.105.03388": (_at("2023-12-15", 15), _at("2023-12-16", 9)),  # Phường Quyết Tiến — late
        "12.105.03403": (_at("2023-12-12", 16), _at("2023-12-15", 9)),  # Xã Sùng Phài
        "12.105.03408": (_at("2023-12-14", 8), None),                   # Phường Đông Phong — waiting
        "12.105.03409": (_at("2023-12-13", 14), _at("2023-12-15", 9)),  # Xã San Thàng
        "12.107.03466": (_at("2023-12-14", 11), None),                  # Xã Bum Nưa (Mường Tè): ASF
        # Phường Đoàn Kết (12.105.03389) is left unsubmitted: the gap the progress page shows.
    },
}
NO_DATA_COMMENT = ("Dữ liệu mẫu: văn bản nguồn không có số liệu tháng 12/2023 của đơn vị này; báo cáo nộp "
                   "để minh họa tiến độ.")


def enter_december_2023(forms: dict[str, ReportForm], progress=lambda m: None) -> None:
    """Run the December 2023 reports through the Excel import path, then submit and approve."""
    from .actions import do_approve, do_submit
    from .excel import build_template, do_upload

    period = Period.objects.for_code("202312")
    for code, plan in DECEMBER_2023.items():
        form = forms[code]
        units = list(Unit.objects.filter(code__in=list(plan)).order_by("code"))
        subs = {s.unit_id: s for s in Submission.objects.filter(form=form, period=period, unit__in=units)}
        todo = [u for u in units if subs.get(u.pk) is None or subs[u.pk].status in (Status.DRAFT, Status.RETURNED)]
        if todo:
            # The template is pre-filled with the stored seed values; uploading it as is writes nothing
            # and creates the reports in draft.
            do_upload(build_template(form, period, todo), user=None, filename=f"{code}_202312.xlsx")
        for unit in units:
            submitted_at, approved_at = plan[unit.code]
            sub = Submission.objects.get(form=form, unit=unit, period=period) if unit in todo else subs[unit.pk]
            if sub.status in (Status.DRAFT, Status.RETURNED):
                has_values = _has_values(form, unit, period)
                sub = do_submit(form, unit, period, user=None, at=submitted_at,
                                comment="" if has_values else NO_DATA_COMMENT)
            if approved_at is not None and sub.status == Status.SUBMITTED:
                do_approve(sub, user=None, at=approved_at)
    progress("  báo cáo tháng 12/2023: tỉnh, 8 huyện, thành phố và các xã, phường của Thành phố Lai Châu")


def _has_values(form, unit, period) -> bool:
    from .layout import FormData

    data = FormData(form, period, [unit])
    return any(k in data.layout.by_key for k in data.values(unit))


def load_demo_collection(progress=lambda m: None) -> None:
    forms = ensure_forms(progress)
    ensure_rules(progress)
    enter_december_2023(forms, progress)
