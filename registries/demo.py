"""Demo records: the registries the seed documents describe, as records.

Registered with ``demo.hooks`` and run by ``load_demo`` after the seed values.
Idempotent: records are matched on their natural key, certificates on their decision
date and stars, so a second run changes nothing.

What the seeds say, and what is made up (``is_placeholder`` and the note say so):

* Seed 000 (Lai Châu City, mid-2023): 44 OCOP products of 3–4 stars, 2 of them
  proposed for 5 stars.  Named: bưởi da xanh and ổi không hạt (3 stars), hạt and
  nhân mắc ca (stars not stated).  The other 40 are placeholders.  Decision dates
  are not in the seeds: the products are spread over the city's three ranking rounds
  with assumed dates (15/12/2021, 15/12/2022, 15/06/2023); the two upgrade
  candidates are 4-star placeholders, every other product 3 stars.  Because these
  dates are assumed, the OCOP flows (new products, rankings, upgrade proposals) are
  not derived where placeholders are (``providers._OcopFlow``): the stock of 44 is.
* Seed 000: 21 HTX (placeholders; field unknown, recorded as "nông nghiệp tổng hợp";
  no per-HTX revenue — the seed gives only the averages, which stay reported).
* Seed 000: 5 farms (two named pig farms, three placeholders) and 11 concentrated
  livestock facilities: 1 cattle, 4 pig (three named), 1 horse, 1 rabbit, 4 bee.
* Seed 003 (province, 12/2023): certified establishments — 2 RA / 221 ha, 4 VietGAP
  crop / 41,8 ha, 1 VietGAP aquaculture / 9.000 m³, 1 VietGAP livestock / 1,1 ha,
  1 organic / 27,04 ha, 3 ISO.  Holders are placeholders; where the seed gives only
  a total area for several establishments it is split equally (said in the note).

Coverage declarations make the city (OCOP since always — the records carry their
decision dates; farms and facilities from 01/01/2023; HTX from 01/01/2023 to
30/06/2023, since seed 003 reports a 22nd HTX by December) and the province
(certifications from 01/12/2023) count from these records.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from audit.models import Channel
from units.models import Unit

from . import actions
from .models import (
    Certification,
    Cooperative,
    CoopField,
    CoopKind,
    Farm,
    FarmType,
    LivestockFacility,
    OcopGroup,
    OcopProduct,
    OwnerKind,
    Record,
    RegistryKind,
    Sector,
    Species,
    Standard,
)

CITY, PROVINCE = "12.105", "12"
DONG_PHONG, SAN_THANG, SUNG_PHAI = "12.105.03408", "12.105.03409", "12.105.03403"
REASON = "Dữ liệu mẫu từ văn bản nguồn"

Q_OCOP = ("Đến nay thành phố có 44 sản phẩm được tỉnh đánh giá công nhận sản phẩm OCOP đạt 3-4 sao vượt kế hoạch "
          "(đến năm 2025), trong đó 02 sản phẩm đề nghị nâng hạng 05 sao.")
Q_FRUIT = ("Đến nay, có 02 sản phẩm (bưởi da xanh và ổi không hạt) được UBND tỉnh cấp giấy chứng nhận sản phẩm "
           "OCOP đạt 03 sao.")
Q_FRUIT_PLACE = "Trồng ổi không hạt, bưởi da xanh tại phường Quyết Thắng, phường Quyết Tiến"
Q_MACCA = "sản phẩm hạt và nhân Mắc ca đã được UBND tỉnh công nhận sản phẩm OCOP."
Q_HTX = ("Đến nay, trên địa bàn thành phố có 21 Hợp tác xã hoạt động trong lĩnh vực nông nghiệp; doanh thu bình quân "
         "khoảng 467 triệu đồng/HTX, thu nhập bình quân người lao động khoảng 48 triệu đồng/năm.")
Q_FARMS = "Trên địa bàn thành phố hiện có 05 trang tại"
Q_FACILITIES = ("Trên địa bàn thành phố có trên 11 cơ sở chăn nuôi tập trung, ứng dụng phương pháp nuôi công nghiệp và "
                "bán công nghiệp gắn với chăn nuôi an toàn sinh học và bảo vệ môi trường (01 cơ sở chăn nuôi bò; 04 "
                "cơ sở chăn nuôi lợn; 01 cơ sở chăn nuôi ngựa; 01 cơ sở chăn nuôi thỏ; 04 cơ sở nuôi ong).")
Q_PIGS = ("Một số cơ sở chăn nuôi quy mô lớn, chăn nuôi an toàn sinh học như: Trang trại chăn nuôi lợn (3.600 con) "
          "của bà Nguyễn Thị Hòa - phường Đông Phong, trang trại chăn nuôi lợn (1.000 con) của hộ Mai Đình Đồng - xã "
          "San Thàng, hộ Nguyễn Văn Hòa - xã Sùng Phài...")
Q_CERT = ("02 cơ sở trồng trọt được chứng nhận tiêu chuẩn RA với 221 ha; 04 cơ sở trồng trọt được chứng nhận VietGAP "
          "với 41,8 ha; 03 cơ sở được chứng nhận ISO; 01 cơ sở nuôi trồng thủy sản được chứng nhận VietGAP với "
          "9.000 m3; 01 cơ sở chăn nuôi được chứng nhận VietGAP với 1,1 ha; 01 cơ sở được chứng nhận Hữu cơ với "
          "27,04 ha.")


def src(seed: str, quote: str) -> str:
    return f"Văn bản nguồn {seed}: «{quote}»"


ROUNDS = [dt.date(2021, 12, 15), dt.date(2022, 12, 15), dt.date(2023, 6, 15)]
ASSUMED_DATE = ("Ngày quyết định không có trong văn bản nguồn; ngày giả định theo 03 đợt đánh giá của thành phố "
                "(dữ liệu mẫu).")
UNKNOWN_OWNER = "Chưa rõ chủ thể (văn bản nguồn không nêu)"
UPGRADE_PROPOSED_ON = dt.date(2023, 6, 30)


def ocop_products() -> list[dict]:
    """The 44 products of the city: (record fields, stars, decision date, proposed upgrade)."""
    named = [
        dict(name="Bưởi da xanh", stars=3, round=1, subgroup="Rau, củ, quả, hạt tươi",
             source=src("000", Q_FRUIT) + "\n" + src("000", Q_FRUIT_PLACE),
             note="Trồng tại phường Quyết Thắng, phường Quyết Tiến (văn bản không nói rõ phường nào). " + ASSUMED_DATE),
        dict(name="Ổi không hạt", stars=3, round=1, subgroup="Rau, củ, quả, hạt tươi",
             source=src("000", Q_FRUIT) + "\n" + src("000", Q_FRUIT_PLACE),
             note="Trồng tại phường Quyết Thắng, phường Quyết Tiến (văn bản không nói rõ phường nào). " + ASSUMED_DATE),
        dict(name="Hạt mắc ca", stars=3, round=0, subgroup="Rau, củ, quả, hạt tươi", source=src("000", Q_MACCA),
             note="Hạng sao không có trong văn bản nguồn; ghi tạm 3 sao. " + ASSUMED_DATE),
        dict(name="Nhân mắc ca", stars=3, round=0, subgroup="Rau, củ, quả, hạt chế biến", source=src("000", Q_MACCA),
             note="Hạng sao không có trong văn bản nguồn; ghi tạm 3 sao. " + ASSUMED_DATE),
    ]
    out = []
    for item in named:
        out.append(dict(item, placeholder=False, upgrade=False))
    for i in range(5, 45):
        upgrade = i in (5, 6)
        out.append(dict(
            name=f"Sản phẩm OCOP chưa rõ tên số {i:02d}", stars=4 if upgrade else 3, round=(i - 5) % 3, subgroup="",
            placeholder=True, upgrade=upgrade, source=src("000", Q_OCOP),
            note=("Bản ghi giữ chỗ (dữ liệu mẫu): văn bản nguồn chỉ nêu thành phố có 44 sản phẩm OCOP 3-4 sao, không "
                  "nêu tên. " + ("Một trong 02 sản phẩm 4 sao đề nghị nâng hạng 5 sao. " if upgrade else "")
                  + ASSUMED_DATE),
        ))
    return out


def _upsert(model: type[Record], data: dict, progress, counts: dict) -> Record:
    probe = model(**data)
    key = probe.identity_key()
    for obj in model.objects.filter(unit=data["unit"]):
        if obj.identity_key() == key:
            saved, changed = actions.do_update(obj, data, channel=Channel.DEMO, reason=REASON)
            counts["updated" if changed else "unchanged"] += 1
            return saved
    counts["created"] += 1
    return actions.do_create(model, data, channel=Channel.DEMO, reason=REASON)


def load_demo_registries(progress: Callable[[str], None] = lambda m: None) -> dict:
    units = {u.code: u for u in Unit.objects.filter(code__in=[CITY, PROVINCE, DONG_PHONG, SAN_THANG, SUNG_PHAI])}
    if len(units) < 5:
        progress("  Bỏ qua sổ đăng ký mẫu: chưa nạp đơn vị hành chính tỉnh Lai Châu (12).")
        return {}
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    city, province = units[CITY], units[PROVINCE]

    # ---- cooperatives first: OCOP owners may link to them
    for i in range(1, 22):
        _upsert(Cooperative, dict(
            unit=city, kind=CoopKind.COOPERATIVE, name=f"HTX nông nghiệp chưa rõ tên số {i:02d}",
            field=CoopField.GENERAL,
            is_placeholder=True, source=src("000", Q_HTX),
            note=("Bản ghi giữ chỗ (dữ liệu mẫu): văn bản nguồn chỉ nêu thành phố có 21 HTX nông nghiệp, không "
                  "nêu tên, lĩnh vực hay số liệu từng HTX; lĩnh vực ghi tạm 'Nông nghiệp tổng hợp'. Doanh thu, "
                  "thu nhập bình quân của văn bản là số báo cáo, không chia cho từng HTX."),
        ), progress, counts)

    # ---- OCOP products and their certificates
    for p in ocop_products():
        product = _upsert(OcopProduct, dict(
            unit=city, name=p["name"], owner_name=UNKNOWN_OWNER, owner_kind=OwnerKind.OTHER, group=OcopGroup.FOOD,
            subgroup=p["subgroup"], is_placeholder=p["placeholder"], source=p["source"], note=p["note"],
        ), progress, counts)
        actions.do_record_ocop_certificate(product, decision_date=ROUNDS[p["round"]], stars=p["stars"],
                                           decision_level="tinh", channel=Channel.DEMO)
        if p["upgrade"] and not product.evaluations.filter(proposed_on=UPGRADE_PROPOSED_ON).exists():
            actions.do_propose_ocop(product, proposed_on=UPGRADE_PROPOSED_ON, proposer=city, proposed_stars=5,
                                    note="Ngày đề xuất giả định (dữ liệu mẫu).", channel=Channel.DEMO)

    # ---- farms
    farm_hoa = _upsert(Farm, dict(
        unit=units[DONG_PHONG], owner="Nguyễn Thị Hòa", name="Trang trại chăn nuôi lợn bà Nguyễn Thị Hòa",
        farm_type=FarmType.LIVESTOCK, source=src("000", Q_PIGS) + "\n" + src("000", Q_FARMS),
    ), progress, counts)
    farm_dong = _upsert(Farm, dict(
        unit=units[SAN_THANG], owner="Mai Đình Đồng", name="Trang trại chăn nuôi lợn hộ Mai Đình Đồng",
        farm_type=FarmType.LIVESTOCK, source=src("000", Q_PIGS) + "\n" + src("000", Q_FARMS),
    ), progress, counts)
    for i in range(3, 6):
        _upsert(Farm, dict(
            unit=city, owner=f"Chủ trang trại chưa rõ tên số {i:02d}", farm_type=FarmType.MIXED, is_placeholder=True,
            source=src("000", Q_FARMS),
            note=("Bản ghi giữ chỗ (dữ liệu mẫu): văn bản nguồn nêu thành phố có 05 trang trại, chỉ hai trang trại có "
                  "tên; loại hình ghi tạm 'Tổng hợp'."),
        ), progress, counts)

    # ---- concentrated livestock facilities: 1 cattle, 4 pig, 1 horse, 1 rabbit, 4 bee
    facility_source = src("000", Q_FACILITIES)
    named = [
        dict(unit=units[DONG_PHONG], owner="Nguyễn Thị Hòa", species=Species.PIG, scale=Decimal(3600), farm=farm_hoa),
        dict(unit=units[SAN_THANG], owner="Mai Đình Đồng", species=Species.PIG, scale=Decimal(1000), farm=farm_dong),
        dict(unit=units[SUNG_PHAI], owner="Nguyễn Văn Hòa", species=Species.PIG, scale=None, farm=None,
             note="Văn bản nêu hộ Nguyễn Văn Hòa trong danh sách cơ sở chăn nuôi quy mô lớn sau hai trang trại lợn, "
                  "không nói rõ vật nuôi và quy mô; ghi tạm là cơ sở chăn nuôi lợn."),
    ]
    for item in named:
        _upsert(LivestockFacility, dict(biosafety=True, source=facility_source + "\n" + src("000", Q_PIGS),
                                        **item), progress, counts)
    placeholders = [(Species.PIG, 4), (Species.CATTLE, 1), (Species.HORSE, 1), (Species.RABBIT, 1), (Species.BEE, 1),
                    (Species.BEE, 2), (Species.BEE, 3), (Species.BEE, 4)]
    for species, n in placeholders:
        label = Species(species).label.lower()
        _upsert(LivestockFacility, dict(
            unit=city, owner=f"Chủ cơ sở nuôi {label} chưa rõ tên số {n:02d}", species=species, biosafety=True,
            is_placeholder=True, source=facility_source,
            note="Bản ghi giữ chỗ (dữ liệu mẫu): văn bản nguồn chỉ nêu số cơ sở theo vật nuôi, không nêu tên.",
        ), progress, counts)

    # ---- certifications of the province (seed 003, 12/2023)
    cert_source = src("003", Q_CERT)
    certs = [
        (Standard.RA, Sector.CROP, 2, Decimal("221"), None, "02 cơ sở trồng trọt RA với tổng 221 ha"),
        (Standard.VIETGAP, Sector.CROP, 4, Decimal("41.8"), None, "04 cơ sở trồng trọt VietGAP với tổng 41,8 ha"),
        (Standard.VIETGAP, Sector.AQUACULTURE, 1, None, Decimal("9000"), ""),
        (Standard.VIETGAP, Sector.LIVESTOCK, 1, Decimal("1.1"), None, ""),
        (Standard.ORGANIC, "", 1, Decimal("27.04"), None, ""),
        (Standard.ISO, "", 3, None, None, ""),
    ]
    for standard, sector, n, area, volume, total_note in certs:
        for i in range(1, n + 1):
            note = "Bản ghi giữ chỗ (dữ liệu mẫu): văn bản nguồn không nêu tên cơ sở, thời hạn chứng nhận."
            if total_note and n > 1:
                note += f" Văn bản chỉ nêu {total_note}; diện tích chia đều tạm cho mỗi cơ sở."
            label = Standard(standard).label + (f" {Sector(sector).label.lower()}" if sector else "")
            _upsert(Certification, dict(
                unit=province, holder=f"Cơ sở được chứng nhận {label} chưa rõ tên số {i:02d}", standard=standard,
                sector=sector, product="", area_ha=(area / n).quantize(Decimal("0.0001")) if area else None,
                volume_m3=volume, is_placeholder=True, source=cert_source, note=note,
            ), progress, counts)

    # ---- where the records are complete
    mid_2023 = dt.date(2023, 6, 30)
    declarations = [
        (RegistryKind.OCOP, city, None, None, "Văn bản nguồn 000 nêu đủ 44 sản phẩm OCOP của thành phố."),
        # Seed 003 reports 22 HTX for the city in 12/2023, one more than the 21 of seed 000:
        # the newer one is not in the register, which is complete only as at mid-2023.
        (RegistryKind.COOPERATIVE, city, dt.date(2023, 1, 1), mid_2023,
         "Văn bản nguồn 000 (giữa năm 2023): 21 HTX của thành phố. Văn bản 003 (12/2023) báo cáo 22 HTX; HTX mới "
         "chưa có trong sổ nên sổ chỉ đầy đủ đến 30/06/2023."),
        (RegistryKind.FARM, city, dt.date(2023, 1, 1), None, "Văn bản nguồn 000 (năm 2023): 05 trang trại."),
        (RegistryKind.LIVESTOCK, city, dt.date(2023, 1, 1), None,
         "Văn bản nguồn 000 (năm 2023): 11 cơ sở chăn nuôi tập trung."),
        (RegistryKind.CERTIFICATION, province, dt.date(2023, 12, 1), None,
         "Văn bản nguồn 003 (tháng 12/2023): các cơ sở được chứng nhận của tỉnh."),
    ]
    for registry, unit, since, until, note in declarations:
        actions.do_declare_coverage(registry, unit, since=since, until=until, note=note, channel=Channel.DEMO)

    progress(f"  Sổ đăng ký: {counts['created']} bản ghi mới, {counts['updated']} cập nhật, "
             f"{counts['unchanged']} không đổi.")
    return counts

