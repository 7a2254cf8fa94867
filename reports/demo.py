"""Demo texts of the three seed reports (the parts officials write, not the figures):
the tasks for January 2024 of seed 003, the assessment of seed 000, the purposes and
responsibilities of seed 002 — abridged, in the documents' words.  Loaded by
``load_demo`` through ``demo.hooks`` (idempotent: the same texts change nothing)."""

from __future__ import annotations

from audit.models import Channel
from periods.models import Period
from units.models import Unit

from .actions import do_set_report_texts

MONTHLY_TEXTS = {
    "chuc_vu_ky": "GIÁM ĐỐC",
    "nguoi_ky": "Đặng Văn Châu",
    "noi_nhan": "\n".join([
        "Bộ NN&PTNT (b/c);", "TT Tỉnh uỷ, UBND tỉnh (b/c);", "Sở KH&ĐT;", "Đài PT&TH; Báo Lai Châu;",
        "UBND các huyện, TP;", "Ban Giám đốc Sở;", "Cục thống kê tỉnh;", "Ngân hàng NN Chi nhánh Lai Châu;",
        "Các đơn vị trực thuộc Sở;", "Trang Thông tin điện tử TH Sở;", "Lưu VT, KHTC.",
    ]),
    "chat_luong": "Thường xuyên tuyên truyền, phổ biến, giáo dục pháp luật và kiến thức sản xuất, các quy định đảm "
                  "bảo vệ sinh ATTP tới người dân.",
    "dvmtr": "Đôn đốc các Ban QLRPH, UBND xã thực hiện quyết toán tiền DVMTR năm 2020, 2021, 2022 theo quy định. "
             "Đôn đốc các cơ sở sử dụng DVMTR có lưu vực trong tỉnh nộp tiền ủy thác chi trả DVMTR quý III/2023.",
    "ntm_ocop": "Kiểm tra rà soát các chỉ tiêu tiêu chí nông thôn mới và kiểm tra kế hoạch triển khai năm 2023. "
                "Tổ chức Hội nghị đánh giá, phân hạng sản phẩm OCOP cấp tỉnh năm 2023.",
    "thuy_loi": "Phối hợp, hướng dẫn, đôn đốc các đơn vị quản lý khai thác công trình thủy lợi thực hiện công tác "
                "quản lý khai thác hệ thống các công trình thủy lợi đảm bảo tưới tiêu. Tiếp tục tổ chức ứng trực "
                "24/24 giờ khi có diễn biến thời tiết bất thường xảy ra.",
    "nhiem_vu": "\n".join([
        "1. Trồng trọt và Bảo vệ thực vật",
        "Tập trung chỉ đạo sản xuất thu hoạch ngô đông, chỉ đạo sản xuất vụ đông xuân năm 2023-2024 và kiểm tra "
        "công tác phòng chống rét cho cây trồng.",
        "2. Chăn nuôi, thú y, thủy sản",
        "Tập trung hướng dẫn người dân chăm sóc tốt cho đàn gia súc, gia cầm để phục vụ đủ nhu cầu trước, trong và "
        "sau Tết Nguyên Đán; đôn đốc các huyện, thành phố triển khai các biện pháp phòng, chống đói, rét cho vật "
        "nuôi trong vụ Đông xuân 2023-2024.",
        "3. Lâm nghiệp",
        "Tiếp tục tăng cường công tác tuần tra, kiểm tra đấu tranh, ngăn chặn và xử lý nghiêm minh theo pháp luật "
        "các hành vi vi phạm Luật Lâm nghiệp.",
        "4. Chi trả dịch vụ môi trường rừng",
        "Phối hợp với Quỹ Bảo vệ và Phát triển rừng Việt Nam tiếp nhận tiền ủy thác chi trả DVMTR của các cơ sở sử "
        "dụng DVMTR có lưu vực liên tỉnh năm 2023. Triển khai tạm ứng chi phí quản lý năm 2023 cho các đơn vị đảm "
        "bảo đúng quy định.",
        "5. Công tác phát triển nông thôn",
        "Tiếp tục triển khai thực hiện chiến lược phát triển kinh tế tập thể, hợp tác xã giai đoạn 2021-2030 trên "
        "địa bàn tỉnh Lai Châu.",
        "6. Công tác thủy lợi - phòng chống lũ bão; Nước sạch và VSMT",
        "Chỉ đạo tu sửa hệ thống các công trình thủy lợi, nạo vét kênh mương phục vụ sản xuất; chủ động ứng phó với "
        "các diễn biến thời tiết bất thường, tình huống thiên tai.",
        "7. Công tác quản lý chất lượng",
        "Phối hợp với các Đoàn kiểm tra liên ngành, Ban chỉ đạo 389 của tỉnh bảo đảm vệ sinh ATTP trên địa bàn tỉnh "
        "dịp Tết Nguyên đán Giáp Thìn năm 2024.",
        "8. Chương trình MTQG xây dựng nông thôn mới và OCOP",
        "Đôn đốc các huyện đẩy nhanh tiến độ triển khai chương trình, tiến độ giải ngân các nguồn vốn; xây dựng kế "
        "hoạch thực hiện chương trình OCOP năm 2024 trình UBND tỉnh ban hành.",
        "9. Thực hiện chương trình công tác năm 2023 và các đề án, NQ của Tỉnh ủy, HĐND, UBND tỉnh",
        "Phối hợp UBND các huyện, các sở ngành, thường xuyên kiểm tra, hướng dẫn, tổ chức thực hiện tốt các chương "
        "trình, đề án, Nghị quyết, Quyết định của Tỉnh ủy, HĐND, UBND tỉnh.",
    ]),
}

REVIEW_TEXTS = {
    # Seed 000 is issued by the city's Party committee: the Party's format (Hướng dẫn 36-HD/VPTW).
    "loai_co_quan": "dang",
    "co_quan_chu_quan": "Đảng bộ tỉnh Lai Châu",
    "co_quan_ban_hanh": "Thành ủy Lai Châu",
    "ky_hieu": "BC/ThU",
    "dia_danh": "TP Lai Châu",
    "quyen_han_ky": "T/M BAN THƯỜNG VỤ",
    "chuc_vu_ky": "BÍ THƯ",
    # The draft has no recipient list yet: the usual recipients of a city Party committee's report.
    "noi_nhan": "\n".join(["Ban Thường vụ Tỉnh ủy (b/c);", "Các đồng chí Thành ủy viên;",
                           "Các chi, đảng bộ trực thuộc;", "Lưu Văn phòng Thành ủy."]),
    "lanh_dao": "Thành ủy Lai Châu đã ban hành Kế hoạch số 29-KH/ThU ngày 21/5/2021 về phát triển sản xuất nông "
                "nghiệp hàng hóa trên địa bàn thành phố Lai Châu giai đoạn 2021-2025, định hướng đến năm 2030; chỉ "
                "đạo UBND thành phố ban hành Kế hoạch số 2169/KH-UBND ngày 09/7/2021 và các kế hoạch phát triển "
                "sản xuất nông nghiệp hàng hóa, kế hoạch phát triển sản phẩm OCOP hằng năm để tổ chức thực hiện.",
    "ket_qua_chung": "Qua 02 năm triển khai Nghị quyết, nhiều mục tiêu, chỉ tiêu thực hiện cơ bản đảm bảo theo tiến "
                     "độ như: lúa chất lượng, diện tích hoa; sản phẩm OCOP; chăn nuôi; cây ăn quả.",
    "han_che": "\n".join([
        "Công tác chuyển đổi cơ cấu cây trồng, vật nuôi diễn ra chậm; các hình thức tổ chức, liên kết trong sản "
        "xuất còn hạn chế, chưa gắn kết được các khâu chế biến và tiêu thụ sản phẩm.",
        "Phát triển mô hình hợp tác xã, tổ hợp tác, trang trại còn mang tính nhỏ lẻ, hạn chế về số lượng, quy mô.",
    ]),
    "nguyen_nhan": "Trình độ canh tác của một bộ phận người dân còn hạn chế, nhất là các bản vùng cao xã Sùng Phài; "
                   "diện tích đất sản xuất nông nghiệp thấp, không tập trung.",
    "xuc_tien": "\n".join([
        "Phối hợp với các sở, ngành chuyên môn của tỉnh tổ chức kết nối các sản phẩm nông sản, sản phẩm OCOP tại "
        "các siêu thị, trung tâm thương mại, cửa hàng kinh doanh trong và ngoài tỉnh.",
        "Phối hợp xây dựng Website thương mại điện tử để giới thiệu, quảng bá sản phẩm trên môi trường kinh doanh "
        "trực tuyến, góp phần mở rộng thị trường tiêu thụ hàng hóa.",
    ]),
    "lanh_dao_dang": "\n".join([
        "Các cấp ủy đảng tập trung lãnh đạo, chỉ đạo, tổ chức thực hiện các mục tiêu, nhiệm vụ của Nghị quyết; MTTQ "
        "và các đoàn thể chính trị - xã hội phối hợp triển khai thực hiện Nghị quyết. Hằng năm tổ chức quán triệt, "
        "tuyên truyền về hiệu quả của phát triển nông nghiệp hàng hóa tập trung.",
        "Thành lập ban chỉ đạo, phân công các đồng chí cấp ủy viên theo dõi các đảng bộ xã, phường, thường xuyên "
        "kiểm tra, đôn đốc, kịp thời tháo gỡ khó khăn, vướng mắc trong quá trình thực hiện Nghị quyết.",
    ]),
    "nhiem_vu": "\n".join([
        "1. Tiếp tục tuyên truyền, triển khai thực hiện các Nghị quyết, Đề án, Kế hoạch về sản xuất nông nghiệp "
        "hàng hóa trên địa bàn thành phố.",
        "2. Duy trì và phát triển các vùng sản xuất hàng hóa tập trung như: vùng trồng hoa, mắc ca, cây ăn quả.",
        "3. Tiếp tục duy trì công tác quản lý hoạt động chăn nuôi, khuyến khích phát triển chăn nuôi tập trung; "
        "hạn chế dần chăn nuôi thả rông; hỗ trợ theo Nghị quyết số 07/2021/NQ-HĐND ngày 22/3/2021 của HĐND tỉnh.",
        "4. Lựa chọn các sản phẩm nông nghiệp hàng hóa có lợi thế để tư vấn tham gia chương trình OCOP; khuyến "
        "khích các chủ thể có sản phẩm OCOP nâng cấp mẫu mã, bao bì, chất lượng sản phẩm.",
        "5. Tiếp tục rà soát, đề xuất đầu tư nâng cấp hạ tầng thiết yếu các vùng sản xuất nông nghiệp hàng hóa tập "
        "trung: đường giao thông nội đồng, kênh mương thủy lợi.",
    ]),
}

PLAN_TEXTS = {
    "muc_dich": "Tiếp tục chỉ đạo phát triển, mở rộng nâng cao chất lượng vùng sản xuất nông nghiệp hàng hóa, tăng "
                "cường áp dụng khoa học kỹ thuật, công nghệ trong sản xuất gắn với bảo quản, chế biến và tiêu thụ "
                "sản phẩm; hướng đến sản xuất hữu cơ, sản xuất nông nghiệp sạch, bảo đảm an toàn vệ sinh thực phẩm.",
    "to_chuc": "\n".join([
        "1. Phòng Kinh tế thành phố: tham mưu quy chế làm việc của Ban chỉ đạo; chủ trì, phối hợp với các cơ quan "
        "chuyên môn, UBND các xã, phường thực hiện chính sách hỗ trợ sản xuất nông nghiệp hàng hóa; hướng dẫn liên "
        "kết sản xuất, chương trình OCOP; tổng hợp báo cáo tình hình triển khai thực hiện kế hoạch.",
        "2. Phòng Tài chính - Kế hoạch: tham mưu lồng ghép các nguồn vốn, phân bổ kịp thời nguồn ngân sách để triển "
        "khai thực hiện kế hoạch theo quy định hiện hành.",
        "3. Trung tâm Dịch vụ Nông nghiệp: tăng cường công tác khuyến nông, hướng dẫn chuyển giao khoa học kỹ thuật; "
        "tổ chức triển khai thực hiện các mô hình, dự án nông nghiệp.",
        "4. Trung tâm Văn hóa - Thể thao & Truyền thông thành phố: tuyên truyền, phổ biến nội dung Kế hoạch; xây dựng "
        "phóng sự, đưa tin bài trên phương tiện thông tin đại chúng.",
        "5. Các cơ quan, đơn vị thuộc UBND thành phố: tổ chức triển khai thực hiện các nội dung của Kế hoạch theo chức "
        "năng, nhiệm vụ được giao.",
        "6. UBND các xã, phường: tổ chức quán triệt, tuyên truyền các nội dung của Kế hoạch đến doanh nghiệp, HTX và "
        "Nhân dân trên địa bàn; tổng hợp báo cáo tình hình triển khai thực hiện.",
        "7. Đề nghị Uỷ ban mặt trận Tổ quốc, các tổ chức đoàn thể thành phố: phối hợp tuyên truyền sâu rộng nội dung "
        "của Kế hoạch đến toàn thể Đoàn viên, Hội viên, Nhân dân.",
    ]),
    "noi_nhan": "\n".join(["TT. Thành uỷ;", "TT. HĐND thành phố;", "Chủ tịch, PCT UBND thành phố;",
                           "UBMT Tổ quốc và các tổ chức đoàn thể TP (P/h);",
                           "Các phòng: Kinh tế, Tài chính - Kế hoạch (T/h);", "Trung tâm Dịch vụ Nông nghiệp TP (T/h);",
                           "Thành viên BCĐ thành phố (T/h);", "UBND các xã, phường (T/h);", "Lưu: VT."]),
}

DEMO_TEXTS = [
    ("monthly", "12", "202312", MONTHLY_TEXTS),
    ("review", "12.105", "2023", REVIEW_TEXTS),
    ("plan", "12.105", "2023", PLAN_TEXTS),
]


def load_demo_texts(progress=lambda m: None) -> int:
    changed = 0
    for kind, unit_code, period_code, texts in DEMO_TEXTS:
        unit = Unit.objects.filter(code=unit_code).first()
        if unit is None:
            continue
        summary = do_set_report_texts(kind, unit, Period.objects.for_code(period_code), texts, channel=Channel.DEMO,
                                      reason="Dữ liệu mẫu từ văn bản nguồn")
        changed += summary.changed
    progress(f"  Nội dung văn bản báo cáo mẫu: {changed} mục thay đổi.")
    return changed
