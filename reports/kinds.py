"""The report kinds and the text sections users write for each of them.

Header sections (issuing body, number, signer …) are the same for every kind; a
*sticky* section keeps its last value for the next period (the issuing body does not
change every month), a non-sticky one (the number, the tasks for next month) starts
empty each period.  Defaults follow the unit's level and the date (the Departments of
Agriculture and Rural Development became Departments of Agriculture and Environment
on 01/03/2025).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .models import ReportKind

AGENCY_REFORM_DATE = dt.date(2025, 3, 1)


@dataclass(frozen=True)
class TextSection:
    key: str
    label: str
    sticky: bool = False
    multiline: bool = True
    help: str = ""
    choices: tuple[tuple[str, str], ...] = ()


# The kind of the issuing body chooses the document's format (thể thức): a state body
# follows Decree 30/2020/NĐ-CP, a Party committee the Party's Hướng dẫn 36-HD/VPTW (2018),
# a mass organisation (Mặt trận, Hội, Đoàn) its own heading over the Decree 30 layout.
STATE, PARTY, MASS = "nha_nuoc", "dang", "doan_the"
ISSUER_KINDS = (
    (STATE, "Cơ quan nhà nước (Nghị định 30/2020/NĐ-CP)"),
    (PARTY, "Cơ quan Đảng (Hướng dẫn 36-HD/VPTW)"),
    (MASS, "Mặt trận, tổ chức chính trị - xã hội"),
)
_PARTY_WORDS = ("tỉnh ủy", "tỉnh uỷ", "thành ủy", "thành uỷ", "huyện ủy", "huyện uỷ", "thị ủy", "thị uỷ",
                "đảng ủy", "đảng uỷ", "đảng bộ", "ban thường vụ", "ban chấp hành đảng", "chi bộ")
_MASS_WORDS = ("mặt trận", "hội nông dân", "hội liên hiệp", "hội cựu chiến binh", "đoàn thanh niên",
               "đoàn tncs", "liên đoàn lao động", "công đoàn")


def issuer_kind(texts: dict[str, str]) -> str:
    """The kind of the issuing body of a report: the one chosen (``loai_co_quan``), else
    read from the issuing body's name ("Thành ủy Lai Châu" is a Party committee)."""
    chosen = (texts.get("loai_co_quan") or "").strip()
    if chosen in (STATE, PARTY, MASS):
        return chosen
    name = " ".join((texts.get(k) or "") for k in ("co_quan_ban_hanh", "co_quan_chu_quan")).lower()
    if any(w in name for w in _PARTY_WORDS):
        return PARTY
    if any(w in name for w in _MASS_WORDS):
        return MASS
    return STATE


HEADER_SECTIONS = [
    TextSection("loai_co_quan", "Loại cơ quan ban hành (chọn thể thức văn bản)", sticky=True, multiline=False,
                choices=ISSUER_KINDS,
                help="Cơ quan Đảng: «ĐẢNG CỘNG SẢN VIỆT NAM», số «Số …-BC/TU», «T/M BAN THƯỜNG VỤ». "
                     "Để trống: theo tên cơ quan ban hành."),
    TextSection("co_quan_chu_quan", "Cơ quan, tổ chức chủ quản (dòng trên tên cơ quan ban hành)", sticky=True,
                multiline=False, help="Để trống nếu cơ quan ban hành không có cơ quan chủ quản."),
    TextSection("co_quan_ban_hanh", "Cơ quan, tổ chức ban hành văn bản", sticky=True, multiline=False),
    TextSection("so", "Số văn bản", multiline=False, help="Để trống để văn thư ghi số khi phát hành."),
    TextSection("ky_hieu", "Ký hiệu văn bản", sticky=True, multiline=False,
                help="Ví dụ BC-SNNPTNT, KH-UBND; văn bản của Đảng: BC/TU, BC/ThU."),
    TextSection("ten_to_chuc", "Tên tổ chức ở góc phải (Mặt trận, đoàn thể)", sticky=True, multiline=False,
                help="Ví dụ HỘI NÔNG DÂN VIỆT NAM; để trống: quốc hiệu. Không dùng cho cơ quan nhà nước, Đảng."),
    TextSection("dia_danh", "Địa danh", sticky=True, multiline=False),
    TextSection("ngay", "Ngày ban hành (ngày/tháng/năm)", multiline=False,
                help="Để trống: ngày tạo báo cáo."),
    TextSection("noi_nhan", "Nơi nhận (mỗi dòng một nơi nhận)", sticky=True),
    TextSection("quyen_han_ky", "Quyền hạn ký (TM., KT., Q., TL., TUQ.; Đảng: T/M BAN THƯỜNG VỤ)", sticky=True,
                multiline=False, help="Ví dụ KT. GIÁM ĐỐC; để trống khi người đứng đầu ký."),
    TextSection("chuc_vu_ky", "Chức vụ của người ký", sticky=True, multiline=False),
    TextSection("nguoi_ky", "Họ và tên người ký", sticky=True, multiline=False),
]

CONTENT_SECTIONS = {
    ReportKind.MONTHLY: [
        TextSection("trong_trot", "Trồng trọt — nội dung thêm"),
        TextSection("chan_nuoi", "Chăn nuôi, thú y, thủy sản — nội dung thêm"),
        TextSection("chat_luong", "Quản lý chất lượng nông, lâm, thủy sản"),
        TextSection("lam_nghiep", "Bảo vệ và phát triển rừng — nội dung thêm"),
        TextSection("dvmtr", "Chi trả dịch vụ môi trường rừng — nội dung thêm"),
        TextSection("ntm_ocop", "Chương trình MTQG xây dựng nông thôn mới và OCOP"),
        TextSection("thuy_loi", "Thủy lợi, phòng chống thiên tai, nước sạch và VSMT"),
        TextSection("phat_trien_nong_thon", "Phát triển nông thôn — nội dung thêm"),
        TextSection("nhiem_vu", "Phương hướng, nhiệm vụ tháng tới"),
    ],
    ReportKind.REVIEW: [
        TextSection("mo_dau", "Đoạn mở đầu",
                    help="Để trống: hệ thống viết theo số hiệu, ngày và trích yếu của văn bản."),
        TextSection("lanh_dao", "Công tác lãnh đạo, chỉ đạo thực hiện"),
        TextSection("ket_qua_khac", "Kết quả thực hiện các nhiệm vụ, giải pháp — nội dung thêm"),
        TextSection("xuc_tien", "Xây dựng nhãn hiệu, thương hiệu sản phẩm, xúc tiến thương mại"),
        TextSection("lanh_dao_dang", "Tăng cường sự lãnh đạo của các cấp ủy đảng, quản lý nhà nước"),
        TextSection("ket_qua_chung", "Đánh giá chung: kết quả đạt được"),
        TextSection("han_che", "Tồn tại, hạn chế"),
        TextSection("nguyen_nhan", "Nguyên nhân hạn chế"),
        TextSection("nhiem_vu", "Nhiệm vụ, giải pháp thời gian tới"),
    ],
    ReportKind.PLAN: [
        TextSection("can_cu", "Căn cứ xây dựng kế hoạch",
                    help="Để trống: hệ thống viết căn cứ theo chương trình, kế hoạch giai đoạn."),
        TextSection("muc_dich", "Mục đích, yêu cầu"),
        TextSection("giai_phap", "Nội dung, giải pháp — nội dung thêm"),
        TextSection("to_chuc", "Tổ chức thực hiện"),
    ],
}

KIND_TITLES = {
    ReportKind.MONTHLY: "BÁO CÁO",
    ReportKind.REVIEW: "BÁO CÁO",
    ReportKind.PLAN: "KẾ HOẠCH",
}
KIND_SYMBOLS = {ReportKind.MONTHLY: "BC", ReportKind.REVIEW: "BC", ReportKind.PLAN: "KH"}


def sections(kind: str) -> list[TextSection]:
    return HEADER_SECTIONS + CONTENT_SECTIONS[ReportKind(kind)]


def section_keys(kind: str) -> set[str]:
    return {s.key for s in sections(kind)}


def is_sticky(kind: str, key: str) -> bool:
    return any(s.key == key and s.sticky for s in sections(kind))


def default_header(kind: str, unit, period) -> dict[str, str]:
    """Sensible defaults for the sticky header sections of ``unit``'s report."""
    from units.models import Level

    from .phrases import in_unit, place_name

    after = period.end >= AGENCY_REFORM_DATE
    name = unit.name_on(period.end)  # the name in force in the report's period (80: Long An before 07/2025)
    symbol = KIND_SYMBOLS[ReportKind(kind)]
    by_committee = kind in (ReportKind.PLAN, ReportKind.REVIEW) or unit.level == Level.COMMUNE
    province_name = name if unit.level == Level.PROVINCE else ""
    out = {"dia_danh": place_name(name), "so": "", "ngay": "", "quyen_han_ky": ""}
    if by_committee:
        out.update(co_quan_chu_quan="", co_quan_ban_hanh=f"Ủy ban nhân dân {in_unit(name)}",
                   ky_hieu=f"{symbol}-UBND", quyen_han_ky="TM. ỦY BAN NHÂN DÂN", chuc_vu_ky="CHỦ TỊCH")
    elif unit.level == Level.PROVINCE:
        agency = "Sở Nông nghiệp và Môi trường" if after else "Sở Nông nghiệp và Phát triển nông thôn"
        out.update(co_quan_chu_quan=f"UBND {in_unit(province_name)}", co_quan_ban_hanh=agency,
                   ky_hieu=f"{symbol}-SNNMT" if after else f"{symbol}-SNNPTNT", chuc_vu_ky="GIÁM ĐỐC")
    else:
        urban = unit.unit_type in ("thanh_pho", "thi_xa", "quan")
        if urban:
            agency, code = "Phòng Kinh tế", "PKT"
        elif after:
            agency, code = "Phòng Nông nghiệp và Môi trường", "PNNMT"
        else:
            agency, code = "Phòng Nông nghiệp và Phát triển nông thôn", "PNNPTNT"
        out.update(co_quan_chu_quan=f"UBND {in_unit(name)}", co_quan_ban_hanh=agency,
                   ky_hieu=f"{symbol}-{code}", chuc_vu_ky="TRƯỞNG PHÒNG")
    out["nguoi_ky"] = ""
    out["noi_nhan"] = "\n".join(_default_recipients(kind, unit, after))
    return out


def _default_recipients(kind: str, unit, after: bool) -> list[str]:
    from units.models import Level

    if unit.level == Level.PROVINCE:
        ministry = "Bộ Nông nghiệp và Môi trường" if after else "Bộ Nông nghiệp và PTNT"
        lines = [f"{ministry} (b/c);", "TT Tỉnh ủy, UBND tỉnh (b/c);", "UBND các huyện, thành phố;"
                 if not after else "UBND các xã, phường;"]
    elif unit.level == Level.DISTRICT:
        lines = ["UBND tỉnh, Sở Nông nghiệp và PTNT (b/c);", "TT Huyện ủy, HĐND, UBND (b/c);",
                 "UBND các xã, phường, thị trấn;"]
    else:
        lines = ["Cấp ủy, HĐND xã (b/c);"]
    return [*lines, "Lưu: VT."]
