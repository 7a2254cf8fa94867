"""The mid-term (or final) review of a programme for a unit (modelled on seed 000: Lai
Châu City's review of Resolution 05-NQ/TU after two and a half years).

Targets come from the programme and the programmes that implement it (its
descendants) at the unit, through ``engine.progress``: result, % achieved, the
baseline year and the forecast status.  The rest of the report — commodity areas,
livestock, cooperatives and OCOP (the registries), support policies, science and
infrastructure — is the declarative ``SECTIONS`` list, read "as it stands" (the most
recent value) or cumulated since the start of the programme's term.
"""

from __future__ import annotations

from periods.codes import TERM
from programmes.models import Programme
from ruraldev.report import NtmCriteria

from .. import phrases as P
from ..models import ReportKind
from .base import PERCENT_1, Block, Builder, Report, Table, period_label
from .items import Also, Fig, Notes, Others, Para, Part, Section, Text, Writer


class Targets:
    """The programme's targets at the unit (handled by :class:`ReviewWriter`)."""


class StatusSummary:
    """How many targets are achieved, on track, at risk … (handled by :class:`ReviewWriter`)."""


def crop(option: str, lead: str, *, area: str = "tổng diện tích", harvest: str = "", new: str = "",
         production: str = "sản lượng", average: bool = False) -> Para:
    items = [Fig("CROP_AREA", area, option=option, period="latest", plan=True, compare="baseline")]
    if harvest:
        items.append(Fig("CROP_HARVEST_AREA", harvest, option=option, period="latest", plan=True))
    if new:
        items.append(Fig("CROP_NEW_AREA", new, option=option, period="cumulative", plan=True))
    if production:
        alt = Fig("CROP_PRODUCTION_AVG", f"{production} bình quân", option=option, period="latest") if average else None
        items.append(Fig("CROP_PRODUCTION", production, option=option, period="latest", plan=True,
                         compare="baseline", or_else=alt))
    return Para(tuple(items), lead=lead)


SECTIONS = (
    Section("CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO THỰC HIỆN", (Text("lanh_dao", placeholder=True),)),
    Section("KẾT QUẢ ĐẠT ĐƯỢC", (
        Section("Kết quả thực hiện các mục tiêu", (Targets(),)),
        Section("Phát triển các vùng sản xuất nông nghiệp hàng hóa tập trung", (
            crop("TEA", "Chè", harvest="diện tích chè kinh doanh", new="diện tích trồng mới",
                 production="sản lượng chè búp tươi"),
            crop("MACADAMIA", "Mắc ca", harvest="diện tích cho thu hoạch", new="diện tích trồng mới"),
            crop("QUALITY_RICE", "Lúa chất lượng", area="diện tích", average=True),
            Para((
                Fig("CROP_AREA", "diện tích vùng trồng hoa tập trung", option="FLOWER", period="latest", plan=True,
                    compare="baseline"),
                Fig("CROP_NEW_AREA", "trồng mới hoa hồng", option="ROSE", period="cumulative"),
            ), lead="Hoa"),
            crop("FRUIT", "Cây ăn quả", area="diện tích cây ăn quả"),
            crop("VEGETABLE", "Rau", area="diện tích vùng sản xuất rau"),
        )),
        Section("Phát triển chăn nuôi", (
            Fig("LIVESTOCK_FACILITIES", "số cơ sở chăn nuôi tập trung",
                text="Trên địa bàn {scope} có {value} chăn nuôi tập trung theo phương pháp công nghiệp, bán công "
                     "nghiệp", period="latest", parts="all", parts_lead="gồm", parts_paren=True, plan=True,
                compare="baseline"),
            Notes(kind="doanh_nghiep", topic="LIVESTOCK_FACILITIES"),  # named farms (notes.Note)
        )),
        Section("Tổ chức sản xuất: hợp tác xã, trang trại, sản phẩm OCOP", (
            Fig("COOPERATIVES", "số hợp tác xã hoạt động trong lĩnh vực nông nghiệp",
                text="Trên địa bàn {scope} có {value} hoạt động trong lĩnh vực nông nghiệp", period="latest",
                parts="all", parts_lead="gồm", parts_paren=True, plan=True, compare="baseline"),
            Para((
                Fig("COOP_AVG_REVENUE", "doanh thu bình quân của HTX", verb="khoảng", period="latest"),
                Fig("COOP_WORKER_INCOME", "thu nhập bình quân của người lao động", verb="khoảng", period="latest"),
            )),
            Fig("FARMS", "số trang trại", text="Toàn {scope} có {value}", period="latest", parts="all",
                parts_lead="gồm", parts_paren=True, compare="baseline"),
            Fig("OCOP_PRODUCTS", "số sản phẩm OCOP được công nhận", verb="là", period="latest", parts="all",
                plan=True, compare="baseline"),
            Fig("OCOP_NEW_PRODUCTS", "số sản phẩm OCOP được công nhận mới", verb="là", period="cumulative",
                plan=True),
            Fig("OCOP_UPGRADE_PROPOSED", "số sản phẩm OCOP đề nghị nâng hạng", verb="là", period="latest",
                parts="all"),
            Fig("OCOP_RANKING_ROUNDS", "số đợt đánh giá, phân hạng sản phẩm OCOP đã tổ chức", verb="là",
                period="cumulative"),
        )),
        Section("Xây dựng nhãn hiệu, thương hiệu sản phẩm, xúc tiến thương mại", (
            Notes(kind="su_kien"),  # fairs, exhibitions, trade promotion (notes.Note)
            Text("xuc_tien"),
        )),
        Section("Thực hiện chính sách hỗ trợ phát triển sản xuất", (
            Fig("SUPPORT_BENEFICIARIES", "số tổ chức, cá nhân, hộ được phê duyệt hỗ trợ", verb="là",
                period="cumulative", parts="all"),
            Fig("SUPPORT_APPROVED_QUANTITY", "quy mô hỗ trợ được phê duyệt", show_total=False, parts="all",
                period="cumulative"),
            Fig("SUPPORT_ACCEPTED_QUANTITY", "khối lượng hỗ trợ đã nghiệm thu", show_total=False, parts="all",
                period="cumulative"),
            Fig("SUPPORT_PAID", "kinh phí hỗ trợ trực tiếp cho đối tượng", verb="là", period="cumulative",
                parts="all", skip_zero=True),  # nothing paid yet (acceptance in progress): not "0 triệu đồng"
        )),
        Section("Ứng dụng khoa học - công nghệ, phát triển hạ tầng vùng sản xuất", (
            Fig("TECH_TRAINING_CLASSES", "số lớp tập huấn, chuyển giao tiến bộ kỹ thuật",
                text="Tổ chức {value} tập huấn, chuyển giao tiến bộ kỹ thuật", period="cumulative",
                also=(Also("TECH_TRAINING_PARTICIPANTS", joiner="với"),)),
            Fig("WORKS_LENGTH", "chiều dài công trình hạ tầng sản xuất được đầu tư", show_total=False,
                parts="all", period="cumulative", part_also=(Also("WORKS_COUNT", joiner="/"),)),
        )),
        Section("Công tác tuyên truyền", (
            Fig("PROPAGANDA_PERSONS", "số lượt cán bộ, đảng viên, công chức, viên chức và Nhân dân được tuyên "
                "truyền, quán triệt", verb="là", period="cumulative", parts=(Part("PARTY_MEMBER", "đảng viên"),)),
            Para((
                Fig("PROPAGANDA_BROADCAST_MINUTES", "thời lượng tuyên truyền trên hệ thống loa truyền thanh",
                    period="cumulative"),
                Fig("PROPAGANDA_NEWS", "số tin bài", period="cumulative"),
                Fig("PROPAGANDA_BANNERS", "số băng zôn tuyên truyền trực quan",
                    text="tuyên truyền trực quan qua {value}", period="cumulative"),
                Fig("PROPAGANDA_MOBILE_SESSIONS", "số lượt thông tin lưu động", verb="là", period="cumulative"),
            )),
        )),
        Section("Giá trị sản xuất", (
            Fig("PRODUCTION_VALUE_PER_HA", "giá trị sản xuất nông nghiệp bình quân trên một đơn vị diện tích",
                verb="ước đạt", period="latest", plan=True, compare="baseline"),
            Fig("COMMODITY_ZONE_VALUE_PER_HA", "giá trị sản xuất vùng chuyên canh hàng hóa tập trung",
                verb="ước đạt", period="latest", plan=True),
        )),
        Section("Tăng cường sự lãnh đạo của các cấp ủy đảng, nâng cao hiệu lực, hiệu quả quản lý nhà nước đối với "
                "việc thực hiện Nghị quyết", (Text("lanh_dao_dang"),)),
        Section("Xây dựng nông thôn mới", (NtmCriteria(),)),
        Section("Chỉ tiêu khác", (Others(),)),
    ), text_key="ket_qua_khac"),
    Section("ĐÁNH GIÁ CHUNG", (
        Section("Kết quả đạt được", (StatusSummary(), Text("ket_qua_chung"))),
        Section("Tồn tại, hạn chế và nguyên nhân", (
            Section("Tồn tại, hạn chế", (Text("han_che", placeholder=True),)),
            Section("Nguyên nhân hạn chế", (Text("nguyen_nhan", placeholder=True),)),
        )),
    )),
    Section("NHIỆM VỤ, GIẢI PHÁP THỰC HIỆN THỜI GIAN TỚI", (Text("nhiem_vu", placeholder=True),)),
)


def descendants(programme: Programme) -> list[Programme]:
    """The programme and every programme implementing it, parents first."""
    out, frontier = [programme], [programme]
    while frontier:
        kids = list(Programme.objects.filter(parent__in=frontier).order_by("code"))
        kids = [k for k in kids if k not in out]
        out += kids
        frontier = kids
    return out


def document_name(programme: Programme) -> str:
    """``Nghị quyết số 05-NQ/TU ngày 22/02/2021 của Ban Chấp hành Đảng bộ tỉnh Lai Châu``."""
    text = programme.get_doc_type_display()
    if programme.number:
        text += f" số {programme.number}"
    if programme.signed_on:
        text += f" ngày {P.short_date(programme.signed_on)}"
    if programme.issuer:
        text += f" của {programme.issuer}"
    return text


def document_ref(programme: Programme) -> str:
    """How a report names a programme's document in a sentence or table: by its number
    ("Kế hoạch 2169/KH-UBND"), else by its kind and period ("kế hoạch năm 2023") — never by
    the system's internal code (KH-2023-TPLC)."""
    kind = programme.get_doc_type_display()
    if programme.number:
        return f"{kind} {programme.number}"
    if programme.term is not None:
        return f"{P.lower_first(kind)} {period_label(programme.term)}"
    return f"{P.lower_first(kind)} {P.lower_first(programme.title)}"


def legal_basis_lines(programme: Programme) -> list[str]:
    """``Căn cứ Quyết định số 3038/QĐ-UBND ngày 19/12/2022 của UBND thành phố Lai Châu V/v …;``
    — the programme's legal bases as stored (``programmes.LegalBasis``), in order."""
    lines = []
    for b in programme.legal_bases.order_by("position", "pk"):
        text = f"Căn cứ {b.doc_type}"
        if b.number:
            text += f" số {b.number}"
        if b.signed_on:
            text += f" ngày {P.short_date(b.signed_on)}"
        if b.issuer:
            text += f" của {b.issuer}"
        if b.title:
            text += f" {b.title}"
        lines.append(text.rstrip(" ;.") + ";")
    return lines


def document_title(programme: Programme) -> str:
    title = programme.title.strip()
    return P.lower_first(title) if title.lower().startswith("về ") else f"về {P.lower_first(title)}"


def anchor_target(target, date, reviewed: Programme) -> bool:
    """Whether a review of ``reviewed`` dated ``date`` judges results against ``target``: a
    target of the reviewed programme itself, of a term (the resolution's, its term plan's),
    or of a period over by that date — not the annual plan of a year still running."""
    return (target.programme_id == reviewed.pk or target.period.period_type == TERM
            or target.period.end <= date)


class ReviewWriter(Writer):
    def __init__(self, *args, rows=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows or []

    def para_blocks(self, para: Para) -> list[Block]:
        if len(para.items) == 1 and isinstance(para.items[0], Targets):
            return self.target_blocks()
        if len(para.items) == 1 and isinstance(para.items[0], StatusSummary):
            return self.summary_blocks()
        return super().para_blocks(para)

    def target_blocks(self) -> list[Block]:
        table = Table("muc_tieu", f"Biểu: Kết quả thực hiện các mục tiêu đến {period_label(self.period)}", [
            "STT", "Chỉ tiêu", "Đơn vị tính", "Văn bản", "Mục tiêu", "Kỳ mục tiêu", "Thực hiện", "Tỷ lệ đạt (%)",
            "Năm gốc", "Số năm gốc", "Dự báo cuối kỳ", "Đánh giá"],
            decimals=[0, None, None, None, 2, None, 2, PERCENT_1, None, 2, 2, None])  # as the sentences: 98,9%
        self.tables.append(table)
        if not self.rows:
            return [Block("- Chưa có mục tiêu nào của chương trình được giao cho đơn vị trong kỳ này.")]
        blocks = []
        for i, row in enumerate(self.rows, start=1):
            t = row.target
            ind = t.indicator
            self.stated.add(ind.code)
            name = ind.name + (f" ({P.lower_first(t.option.name)})" if t.option else "")
            goal = P.target(t.operator, P.qty(t.value, ind.measure, ind.decimals))
            base_period = t.programme.term or t.period
            base_year = base_period.start.year - 1
            ref, when = document_ref(t.programme), period_label(t.period)
            clauses = [f"mục tiêu {goal} ({ref if when in ref else f'{ref}, {when}'})"]
            if row.actual is None:
                self.f.value(ind.code, self.unit, self.period, t.option.code if t.option else None)
                clauses.append(f"kết quả thực hiện {P.MISSING}")
            else:
                done = f"thực hiện {P.qty(row.actual, ind.measure, ind.decimals)}"
                if row.percent is not None:
                    done += f", đạt {P.percent(row.percent, 1)} mục tiêu"
                clauses.append(done)
                current = row.actual
                if ind.time_aggregation == "flow":
                    r = self.f.value(ind.code, self.unit, self.period, t.option.code if t.option else None,
                                     record=False)
                    current = r.value if r is not None else None
                cmp = P.change(current, row.baseline, ind.measure, ind.decimals, against=f"so với năm {base_year}")
                if cmp:
                    clauses.append(cmp)
                elif row.baseline is None:
                    self.f.value(ind.code, self.unit, str(base_year), t.option.code if t.option else None,
                                 note="năm gốc")
            clauses.append(f"đánh giá: {P.lower_first(row.status_label)}")
            if row.forecast is not None and row.status not in ("achieved", "no_data"):
                clauses[-1] += f" (dự báo cuối kỳ {P.qty(row.forecast, ind.measure, ind.decimals)})"
            blocks.append(Block(f"- {P.sentence(f'{name}: ' + '; '.join(clauses))}"))
            table.rows.append([i, name, ind.measure, document_ref(t.programme), t.value, t.period.name, row.actual,
                               row.percent, str(base_year), row.baseline, row.forecast, row.status_label])
        return blocks

    def summary_blocks(self) -> list[Block]:
        if not self.rows:
            return []
        counts: dict[str, int] = {}
        for row in self.rows:
            counts[row.status_label] = counts.get(row.status_label, 0) + 1
        order = ["Đã đạt", "Đúng tiến độ", "Có nguy cơ chậm", "Dự báo khó đạt", "Chưa có số liệu"]
        parts = [f"{counts[label]} mục tiêu {P.lower_first(label)}" for label in order if label in counts]
        return [Block(P.sentence(f"Trong {len(self.rows)} mục tiêu được theo dõi: {', '.join(parts)}"))]


class ReviewBuilder(Builder):
    kind = ReportKind.REVIEW
    sections = SECTIONS

    def compose(self) -> Report:
        if self.programme is None:
            raise ValueError("Báo cáo sơ kết cần chọn chương trình, nghị quyết.")
        programmes = descendants(self.programme)
        term = self.programme.term or self.period
        rows = []
        for prog in programmes:
            rows += self.figures.progress.rows(prog, self.unit.code, self.period.code)
        # The anchor of a review is the resolution and the plans of its term, and the plans of
        # years already over at the document's date: a July review does not judge the resolution
        # against the annual plan of the year still running (seed 000 vs seed 002).
        rows = [r for r in rows if anchor_target(r.target, self.date, self.programme)]
        writer = ReviewWriter(self.figures, self.unit, self.period, term=term, programmes=programmes, rows=rows,
                              placeholders={"scope": self.scope_word}, percent_decimals=1,
                              anchor=lambda t: anchor_target(t, self.date, self.programme))
        self.figures.section = "review"
        blocks, _ = writer.section_blocks(self.sections, self.texts)
        from tasks.reporting import add_task_part  # the tasks' part: tasks.reporting
        add_task_part(blocks, Block, self.unit, self.period.end, programmes=programmes)
        final = self.period.end >= term.end
        verb = "Tổng kết" if final else "Sơ kết"
        where = P.in_unit(self.unit_name)
        doc = document_name(self.programme)
        summary = f"{verb} tình hình thực hiện {doc} {document_title(self.programme)} trên địa bàn {where}"
        intro = self.texts.get("mo_dau", "").strip()
        if intro:
            intro_lines = [line.strip() for line in intro.splitlines() if line.strip()]
        else:
            intro_lines = [P.sentence(
                f"Thực hiện {doc} {document_title(self.programme)}; {P.upper_first(self.issuer_in_text())} báo cáo "
                f"{P.lower_first(verb)} tình hình thực hiện đến {period_label(self.period)} trên địa bàn {where} "
                "như sau:")]
        closing = (f"Trên đây là báo cáo {P.lower_first(verb)} tình hình thực hiện {doc} trên địa bàn "
                   f"{where}./.")
        return Report(self.kind, self.unit, self.period, self.programme, self.header(), summary, intro_lines,
                      blocks, closing, writer.tables, self.figures, self.texts)
