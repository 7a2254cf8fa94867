"""Candidate figures in the text of a report — general rules, no rule written for one document.

1. **Numbers** as officials write them (``VI_NUMBER``): ``.`` groups thousands and ``,`` is
   the decimal mark (``1.735,6``), leading zeros count (``02``, ``01``), a percent sign
   (``84%``), a range (``3-4 sao``, ``từ 3 đến 4``).  Parsing is the one parser,
   ``bacthang.lib.numbers.parse_number`` in the Vietnamese style.
2. **Measure**: the word(s) right after the number, from the catalogue's measures plus the
   common count nouns (``MEASURES``), longest first (``triệu đồng/ha`` before ``triệu đồng``).
   A number with no measure is not a figure (years, article numbers, list numbering); nor are
   dates (``22/02/2021``, ``tháng 12``, ``năm 2023``) and document numbers (``05-NQ/TU``).
3. **Indicator and option**: words of the text before the number in the same clause (and the
   few words after the measure) compared with every indicator's name and description, and the
   option names of its breakdown; an indicator whose measure differs from the figure's is not
   suggested.  Words shared by many indicators ("số", "diện tích") weigh less (idf).
4. **Unit**: a unit name (old or new structure) written in the sentence, else the document's unit.
5. **Period**: the nearest phrase before the number in its sentence — "năm 2022", "cùng kỳ"
   (the same period one year earlier), "6 tháng đầu năm", "tháng 12", "quý III", "giai đoạn
   2021-2025", "vụ Đông xuân 2023-2024" — else the document's period (its title's "tháng 12 năm
   2023", else the year of its date).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from decimal import Decimal

from bacthang.lib.numbers import NumberError, parse_number
from bacthang.lib.text import strip_marks as fold

COMMON_MEASURES = [
    "%", "ha", "héc ta", "hecta", "tấn", "tạ", "kg", "con", "nghìn con", "km", "m", "m2", "m²", "m3", "m³",
    "triệu đồng", "tỷ đồng", "nghìn đồng", "đồng", "triệu", "tỷ", "sản phẩm", "HTX", "hợp tác xã", "THT",
    "tổ hợp tác", "trang trại", "cơ sở", "hộ", "lớp", "học viên", "người", "lượt", "lượt người", "xã", "huyện",
    "sao", "cây", "vụ", "ổ dịch", "dự án", "công trình", "tiêu chí", "lần", "đợt", "doanh nghiệp", "mô hình",
    "thôn", "bản", "tin bài", "tin", "bài", "phút", "gian hàng", "vườn", "lao động", "tổ", "chỉ tiêu", "thùng",
    "lít", "liều", "hộp", "chiếc", "cái", "điểm", "cửa hàng", "chuỗi", "vùng", "nhãn hiệu", "mã số",
    "trường học", "trường", "học sinh", "lượt học sinh", "hồ sơ", "tháng", "ngày", "năm",
]
PER = ("ha", "năm", "hộ", "HTX", "người", "tháng", "con", "kg", "tấn", "vườn", "sào", "hộ/năm", "người/năm")
NOT_FIGURES = {"tháng", "ngày", "năm"}  # "02 năm", "6 tháng" are durations: a figure only with a clear indicator

VI_NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_NUM = re.compile(rf"(?<![\w.,-])(?P<a>{VI_NUMBER})(?:\s*(?:-|–|đến)\s*(?P<b>{VI_NUMBER}))?(?!\d|[.,]\d)")
# A date: d/m/yyyy, d-m-yyyy, or d/m after "ngày"; "10/19 tiêu chí" is a fraction, not a date.
_DATE_AROUND = re.compile(r"\d{1,2}/\d{1,2}/\d{2,4}|\d{1,2}-\d{1,2}-\d{4}|(?i:ngày)\s*\d{1,2}/\d{1,2}")
_DOC_NUMBER = re.compile(r"\d+\s*/\s*\d*\s*[A-ZĐ]|\d+-[A-ZĐ]{1,5}\b")
_BEFORE_NOT_FIGURE = re.compile(r"(?:(?i:\b(?:ngày|tháng|năm|quý|số|Nghị quyết|Quyết định|Kế hoạch|Thông báo|"
                                r"giai đoạn|khoản|điều|mục|phụ lục|biểu|kỳ|lần thứ|Chỉ thị|Công văn|lúc))"
                                r"|\b[A-ZĐ]{2,}-?)\s*$")
_FRACTION = re.compile(rf"/\s*(?:{VI_NUMBER})")
_LIST_NUMBER = re.compile(r"^\s*(?:\d+(?:\.\d+)*[.)]|[a-zđ]\))\s")
STOPWORDS = set(fold("số của và các cho được trên tại trong theo với đã là có một những đến từ năm nay toàn tỉnh "
                     "thành phố huyện xã đạt ước tổng cộng khoảng gồm").split())


@dataclass
class Catalogue:
    """What suggestions are drawn from: indicators (code, name, description, measure, options),
    units (code, names old and new) and the document's own unit and period."""

    indicators: list[dict]
    units: list[dict]
    measures: list[str] = field(default_factory=list)

    def __post_init__(self):
        self.measures = sorted({*COMMON_MEASURES, *self.measures}, key=len, reverse=True)
        self._measure_re = re.compile(
            r"\s*(?P<m>(?:" + "|".join(re.escape(m) for m in self.measures) + r")(?:\s*/\s*(?:"
            + "|".join(re.escape(p) for p in PER) + r"))?)(?![\wÀ-ỹ])", re.IGNORECASE)
        docs = []
        for ind in self.indicators:
            words = _words(ind["name"])
            ind["_words"] = words
            ind["_options"] = [(code, option_names(name)) for code, name in ind.get("options", [])]
            ind["_extra"] = set(_words(ind.get("synonyms", ""))) - set(words)  # the description weighs less
            # "hộ, tổ chức, cá nhân": any of the listed measures
            ind["_measures"] = {norm_measure(m) for m in ind["measure"].split(",") if m.strip()}
            docs.append(set(words))
        n = max(len(docs), 1)
        df: dict[str, int] = {}
        for d in docs:
            for w in d:
                df[w] = df.get(w, 0) + 1
        self.idf = {w: math.log((n + 1) / (c + 0.5)) for w, c in df.items()}
        full: dict[str, list] = {}
        short: dict[str, list] = {}
        for u in self.units:
            for name in u["names"]:
                f = fold(name)
                full.setdefault(f, []).append(u)
                s = re.sub(r"^(xa|phuong|thi tran|huyen|thanh pho|thi xa|tinh)\s+", "", f)
                if s != f and len(s) > 4:
                    short.setdefault(s, []).append(u)
        # A short name ("san thang") counts only when one unit bears it; a full name may be borne by an old
        # and a new unit (Phường Tân Phong), which ``_unit`` tells apart by the document's unit.
        self.unit_names = [(f, us) for f, us in full.items()]
        self.unit_names += [(s, us) for s, us in short.items() if s not in full]
        self.unit_names.sort(key=lambda x: len(x[0]), reverse=True)


# Abbreviations officials write, expanded the same way in indicator names and in the text.
ABBREVIATIONS = {"htx": "hop tac xa", "tht": "to hop tac", "nn": "nong nghiep", "ntm": "nong thon moi",
                 "bvtv": "bao ve thuc vat", "bvr": "bao ve rung", "pcccr": "phong chay chua chay rung",
                 "ptnt": "phat trien nong thon", "mtqg": "muc tieu quoc gia", "kh": "ke hoach",
                 "sp": "san pham", "dvmtr": "dich vu moi truong rung", "ubnd": "uy ban nhan dan"}


def _words(text: str) -> list[str]:
    out = []
    for w in re.findall(r"[a-z0-9]+", fold(text)):
        out += ABBREVIATIONS.get(w, w).split()
    return [w for w in out if w not in STOPWORDS]


def norm_measure(m: str) -> str:
    f = fold(m).replace(" ", "").replace("²", "2").replace("³", "3")
    return {"hecta": "ha", "hecta2": "ha", "hopta cxa": "htx", "hoptacxa": "htx", "tohoptac": "tht",
            "trieu": "trieudong", "ty": "tydong"}.get(f, f)


@dataclass
class Candidate:
    paragraph: int
    start: int
    raw: str
    value: Decimal
    value_to: Decimal | None
    measure: str
    sentence: str
    indicator: str | None = None
    option: str | None = None
    unit: str | None = None
    period: str | None = None
    score: float = 0.0
    _stock: bool = False


def sentences(paragraph: str) -> list[tuple[int, str]]:
    """(start, sentence) — split after . ; ! ? followed by a space and a capital or a dash,
    never inside a number (``1.735,6``)."""
    out, start = [], 0
    for m in re.finditer(r"(?<!\d)[.;!?](?=\s+[A-ZĐÀ-Ỹ\-–+*])|(?<=\d)[.;!?](?=\s+[A-ZĐÀ-Ỹ\-–+*])", paragraph):
        out.append((start, paragraph[start:m.end()]))
        start = m.end()
    out.append((start, paragraph[start:]))
    return [(s + (len(t) - len(t.lstrip())), t.strip()) for s, t in out if t.strip()]


def numbers(paragraph: str, catalogue: Catalogue):
    """(start, raw, value, value_to, measure) of each figure-like number of the paragraph."""
    listed = _LIST_NUMBER.match(paragraph)
    for m in _NUM.finditer(paragraph):
        if listed and m.start() < listed.end():
            continue
        before = paragraph[max(0, m.start() - 40):m.start()]
        around = paragraph[max(0, m.start() - 11):m.end() + 6]
        if any(d.start() <= m.start() - max(0, m.start() - 11) < d.end() for d in _DATE_AROUND.finditer(around)):
            continue
        if _DOC_NUMBER.match(paragraph[m.start():m.end() + 8]):
            continue
        if _BEFORE_NOT_FIGURE.search(before) and not re.match(r"\s*%", paragraph[m.end():]):
            continue
        mm = catalogue._measure_re.match(paragraph, m.end())
        fraction = None if mm else _FRACTION.match(paragraph, m.end())
        if fraction:
            mm = catalogue._measure_re.match(paragraph, fraction.end())
        if not mm:
            continue
        measure = mm.group("m")
        if measure.lower() in NOT_FIGURES:
            continue
        try:
            value = parse_number(m.group("a"), "vi")
            value_to = parse_number(m.group("b"), "vi") if m.group("b") else None
        except NumberError:
            continue
        if re.fullmatch(r"(19|20)\d\d", m.group("a")) and not measure.startswith("%"):
            continue  # a year followed by a word ("2023 cây") is not a figure
        yield m.start(), paragraph[m.start():m.end()], value, value_to, measure, mm.end()


def _no_asides(text: str) -> str:
    """Text without its bracketed asides (an open bracket runs to the end)."""
    return re.sub(r"\([^()]*(\)|$)", " ", text)


def _clause_before(sentence: str, pos: int) -> str:
    head = re.sub(r"\([^()]*\)", " ", sentence[:pos])  # an aside in brackets is not where the clause starts
    cut = max(head.rfind(","), head.rfind(";"), head.rfind("("), head.rfind(":") if head.count(":") else -1)
    clause = head[cut + 1:] if cut >= 0 else head
    if len(_words(clause)) < 2:  # "…, 67 ha": the clause before gives the subject
        prev = head[:cut] if cut >= 0 else ""
        cut2 = max(prev.rfind(","), prev.rfind(";"), prev.rfind(":"))
        clause = prev[cut2 + 1:] + " " + clause
    return clause


def suggest(c: Candidate, sentence: str, pos: int, end: int, catalogue: Catalogue, doc_unit: str | None,
            doc_period: str | None, wider: tuple[str, ...] = (), paragraph_before: str = "") -> None:
    """``wider``: texts further away that may name the subject (the paragraph's head, the heading)."""
    before = _clause_before(sentence, pos)
    after = re.split(r"[,;.(]|\d", sentence[end:end + 80])[0]  # up to the next mark or the next figure
    context = _words(before) + _words(c.measure) + _words(after)
    ctx = set(context)
    bigrams = {f"{a} {b}" for a, b in zip(context, context[1:], strict=False)}
    measure = norm_measure(c.measure)
    # Where an option may be named, nearest first: right after the measure ("24 HTX chăn nuôi"), the clause
    # before, the sentence before the number, then the paragraph's head and the heading above it.
    places = [(fold(after), 2.0), (fold(before), 2.0), (fold(_no_asides(sentence[:pos])), 1.0),
              *[(fold(w), 0.5) for w in wider]]
    framing = set()
    for w in wider:
        framing |= set(_words(w))
    framing -= ctx
    best, best_score = None, 0.0
    for ind in catalogue.indicators:
        if measure not in ind["_measures"]:
            if not (measure in ("trieudong", "tydong") and "trieudong" in ind["_measures"]):
                continue
        words = ind["_words"]
        score = sum(catalogue.idf.get(w, 0) for w in set(words) & ctx)
        score += FRAME_WEIGHT * sum(catalogue.idf.get(w, 0) for w in set(words) & framing)
        if words:  # a name whose own words are all in the text beats a longer name that shares only some
            score += COVERAGE_WEIGHT * len(set(words) & ctx) / len(set(words))
        score += EXTRA_WEIGHT * sum(catalogue.idf.get(w, 1.0) for w in ind["_extra"] & ctx)
        score += 0.5 * sum(1 for a, b in zip(words, words[1:], strict=False) if f"{a} {b}" in bigrams)
        option, opt_score = _option(ind, places)
        score += opt_score
        if score > best_score:
            best, best_score = (ind, option), score
    if best is not None:
        c.indicator, c.option, c.score = best[0]["code"], best[1], round(best_score, 2)
        c._stock = best[0].get("stock", False)
    c.unit = _unit(sentence, pos, catalogue, doc_unit, _day(doc_period)) or doc_unit
    named = period_phrase(sentence[:pos], doc_period)
    if named:
        c.period = named
    elif doc_period and "-" in doc_period and getattr(c, "_stock", False):
        c.period = doc_period.split("-")[1]  # a stock (area, herd) in a review: its level at the end
    elif (doc_period and len(doc_period) == 6 and doc_period.endswith("12") and c.indicator
          and not getattr(c, "_stock", False) and "trong thang" not in fold(paragraph_before)):
        c.period = doc_period[:4]  # a December report sums the year's flows unless it says "trong tháng"
    else:
        c.period = doc_period


def option_names(name: str) -> list[frozenset[str]]:
    """The ways an option may be written: its name's parts split at commas and brackets, each as a
    set of words ("Kênh mương, công trình thủy lợi" → {kênh, mương} or {công, trình, thủy, lợi};
    "Rainforest Alliance (RA)" → {rainforest, alliance} or {ra})."""
    parts = re.split(r"[,():—–]", name)
    # A document named in the option ("Nghị quyết 05/NQ-TU …") may be written "Nghị quyết 05" or "Nghị quyết số 05".
    parts += [f"{kind} {number}" for kind, number in re.findall(
        r"(Nghị quyết|Quyết định|Kế hoạch|Dự án|Tiểu dự án|Chương trình)\s+(?:số\s+)?(\d+)", name, re.IGNORECASE)]
    out = []
    for p in parts:
        words = frozenset(re.findall(r"[a-z0-9]+", fold(p))) - {"va", "cac", "khac"}
        if words:
            out.append(words)
    return out


def _option(ind: dict, places: list[tuple[str, float]]) -> tuple[str | None, float]:
    """The option of ``ind`` named in the nearest place: every word of one of its names is there (in
    any order: "VietGAP nuôi trồng thủy sản" in "nuôi trồng thủy sản được chứng nhận VietGAP"), the
    most specific name winning ("lúa chất lượng" over "lúa"); two different options named equally in
    one place ("nuôi trồng và đánh bắt") mean the total (no option, the place still speaks for the
    indicator)."""
    for text, bonus in places:
        words = set(re.findall(r"[a-z0-9]+", text))
        best: dict[str, int] = {}
        for code, names in ind.get("_options", []):
            for n in names:
                if n <= words:
                    best[code] = max(best.get(code, 0), len(n))
        if best:
            top = max(best.values())
            codes = [c for c, k in best.items() if k == top]
            # A more specific option containing another's words ("lúa chất lượng", "lúa") is not a second one.
            if len(codes) == 1:
                return codes[0], bonus
            return None, bonus / 2
    return None, 0.0


def _pick(units: list[dict], doc_unit: str | None, day=None) -> str:
    """Of the units bearing one name: a child of the report's unit, else one inside it, else one
    containing it, else the highest level (a bare "Tân Uyên" in a province report is the district)."""
    if doc_unit and any(u["code"] == doc_unit for u in units):
        return doc_unit  # "Lai Châu" in the province's report is the province
    if day is not None:  # the structure of the document's time (before or after the 2025 reform)
        valid = [u for u in units if (u.get("from") is None or u["from"] <= day) and (u.get("to") is None
                                                                                      or day <= u["to"])]
        units = valid or units
    codes = sorted({u["code"] for u in units}, key=lambda c: (c.count("."), c))
    if doc_unit:
        for rule in (lambda c: c.startswith(doc_unit + ".") and c.count(".") == doc_unit.count(".") + 1,
                     lambda c: c.startswith(doc_unit + "."), lambda c: doc_unit.startswith(c + ".") or c == doc_unit):
            chosen = [c for c in codes if rule(c)]
            if chosen:
                return chosen[0]
    return codes[0]


UNIT_REACH = 80  # a unit named further than this many characters from the number is another figure's


def _unit(sentence: str, pos: int, catalogue: Catalogue, doc_unit: str | None = None, day=None) -> str | None:
    """The unit named nearest to the number (at ``pos``) in its sentence, within ``UNIT_REACH``."""
    f = fold(sentence)
    best = None
    taken: list[tuple[int, int]] = []
    for name, units in catalogue.unit_names:  # longest names first; a shorter one inside a longer is skipped
        for m in re.finditer(rf"(?<![a-z]){re.escape(name)}(?![a-z])", f):
            if any(a <= m.start() < b for a, b in taken):
                continue
            taken.append((m.start(), m.end()))
            distance = pos - m.end() if m.end() <= pos else m.start() - pos
            between = f[m.end():pos] if m.end() <= pos else f[pos:m.start()]
            # Another item of a list (";"), or a name after the figure beyond its clause (",").
            if distance > UNIT_REACH or ";" in between or (m.start() > pos and "," in between):
                continue
            if best is None or distance < best[0]:
                best = (distance, _pick(units, doc_unit, day))
    return best[1] if best else None


def _day(period: str | None):
    import datetime as dt

    if not period or not period[:4].isdigit():
        return None
    year = int(period.split("-")[-1][:4]) if "-" in period else int(period[:4])
    month = int(period[4:6]) if len(period) == 6 and period[4:].isdigit() else 6
    return dt.date(year, month, 1)


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


def period_phrase(text: str, doc_period: str | None) -> str | None:
    """The period named by the last period phrase of ``text`` (the words before a number)."""
    f = fold(text)
    year = int(doc_period[:4]) if doc_period and doc_period[:4].isdigit() else None
    found = []
    for m in re.finditer(r"(?:giai doan|nam)\s*(\d{4})\s*-\s*(\d{4})", f):
        found.append((m.end(), f"{m.group(1)}-{m.group(2)}"))
    for m in re.finditer(r"(?:vu\s+)?dong xuan\s*(\d{4})\s*-\s*(\d{4})", f):
        found.append((m.end(), f"{m.group(2)}DX"))
    for m in re.finditer(r"6 thang dau nam(?:\s*(\d{4}))?", f):
        found.append((m.end(), f"{m.group(1) or year}S1"))
    for m in re.finditer(r"thang\s*(\d{1,2})(?:\s*(?:nam|/)\s*(\d{4}))?", f):
        if 1 <= int(m.group(1)) <= 12 and (m.group(2) or year):
            found.append((m.end(), f"{m.group(2) or year}{int(m.group(1)):02d}"))
    for m in re.finditer(r"quy\s*(iv|iii|ii|i|[1-4])(?![a-z])(?:\s*(?:nam\s*)?(\d{4}))?", f):
        q = _ROMAN.get(m.group(1)) or int(m.group(1))
        if m.group(2) or year:
            found.append((m.end(), f"{m.group(2) or year}Q{q}"))
    for m in re.finditer(r"(?<!giai doan )(?<!den )(?<!huong )(?<![\d-])nam\s*(\d{4})(?![\d-])", f):
        found.append((m.end(), m.group(1)))
    for m in re.finditer(r"cung ky(?:\s*nam\s*(?:truoc|(\d{4})))?", f):
        base = doc_period or ""
        if m.group(1):
            found.append((m.end(), m.group(1) + base[4:]))
        elif base[:4].isdigit():
            found.append((m.end(), str(int(base[:4]) - 1) + base[4:]))
    if not found:
        return None
    return max(found)[1]


_DOC_DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)


def document_period(paragraphs: list[str]) -> tuple[str | None, str | None]:
    """(period code, date ISO) of a document from its first paragraphs: "tháng 12 năm 2023" or
    "6 tháng đầu năm 2023" or "năm 2023" in the title; the date line "ngày 10 tháng 7 năm 2023"."""
    head = " ".join(paragraphs[:12])
    date = None
    m = _DOC_DATE.search(head)
    if m:
        date = f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
    f = fold(head)
    m = re.search(r"6 thang dau nam\s*(\d{4})", f)
    if m:
        return f"{m.group(1)}S1", date
    months = sorted(f"{y}{int(mo):02d}" for mo, y in re.findall(r"thang\s*(\d{1,2})\s*nam\s*(\d{4})", f)
                    if 1 <= int(mo) <= 12)
    if months:  # a report states the past month; "phương hướng tháng 01 năm 2024" is the next one
        return months[0], date
    review = re.search(r"(so ket|tong ket|ket qua thuc hien).*?giai doan\s*(\d{4})\s*-\s*(\d{4})", f)
    years = [int(y) for y in re.findall(r"(?<!den )(?<!huong )(?<!giai doan )nam\s*(\d{4})(?![\d-])", f)]
    year = int(date[:4]) if date else (years[-1] if years else None)
    if review:
        first, last = int(review.group(2)), int(review.group(3))
        body = [int(y) for y in re.findall(r"nam\s*(\d{4})(?![\d-])", " ".join(fold(p) for p in paragraphs))]
        year = year or max((y for y in body if first <= y <= last), default=None)
        if year and first < year <= last:
            return f"{first}-{year}", date
    return (str(year) if year else None), date


EXTRA_WEIGHT = 1.0  # a word of the description counts this much of a word of the name
COVERAGE_WEIGHT = 2.0
FRAME_WEIGHT = 0.3  # a word of the paragraph's head or the heading above counts this much
CARRY_SCORE = 3.0  # below this, a figure takes the subject of the list it is in


def extract(paragraphs: list[str], catalogue: Catalogue, doc_unit: str | None = None,
            doc_period: str | None = None) -> list[Candidate]:
    out: list[Candidate] = []
    heading = ""
    for i, para in enumerate(paragraphs):
        lead = re.match(r"^([^:]{3,80}):", para)  # "- Sản phẩm Chè: …" names the subject once
        head = lead.group(1) if lead else ""
        for s_start, sentence in sentences(para):
            for start, raw, value, value_to, measure, end in numbers(sentence, catalogue):
                c = Candidate(i, s_start + start, raw, value, value_to, measure, sentence)
                suggest(c, sentence, start, end, catalogue, doc_unit, doc_period, wider=(head, heading),
                        paragraph_before=heading + " " + para[:s_start + start])
                _carry_over(c, out)
                out.append(c)
        if len(para) < 200 and not any(c.paragraph == i for c in out[-1:]):
            heading = para  # a short paragraph without figures ("b) Cây mắc ca") frames what follows
    return out


def _carry_over(c: Candidate, earlier: list[Candidate]) -> None:
    """A list states its subject once ("Toàn tỉnh có 183 HTX …; chia theo huyện: Tân Uyên 24 HTX,
    Than Uyên 38 HTX"): a weakly suggested figure takes the indicator of the last well-suggested
    figure with the same measure in the same or the two previous paragraphs."""
    if c.score >= CARRY_SCORE:
        return
    for prev in reversed(earlier):
        if prev.paragraph < c.paragraph - 2:
            break
        if prev.measure.lower() == c.measure.lower() and prev.indicator and prev.score >= CARRY_SCORE:
            if prev.indicator != c.indicator:
                c.indicator, c.option = prev.indicator, None
            c.score = round(prev.score / 2, 2)
            return


def catalogue_from_db(province: str | None = None) -> Catalogue:
    """The catalogue's indicators with their options and the units of ``province`` (both structures)."""
    from indicators.models import Indicator
    from units.models import Unit

    inds = []
    for ind in Indicator.objects.filter(is_active=True, formula="").select_related("disaggregation") \
            .prefetch_related("disaggregation__options"):
        options = [(o.code, o.name) for o in ind.disaggregation.options.all()] if ind.disaggregation else []
        inds.append({"code": ind.code, "name": ind.name, "synonyms": ind.description, "measure": ind.measure,
                     "options": options, "stock": ind.time_aggregation == "stock"})
    units = []
    qs = Unit.objects.all()
    if province:
        qs = qs.filter(code__startswith=province)
    for u in qs.only("code", "name", "former_name", "valid_from", "valid_to"):
        units.append({"code": u.code, "names": [n for n in (u.name, u.former_name) if n], "from": u.valid_from,
                      "to": u.valid_to})
    return Catalogue(inds, units, measures=list({i["measure"] for i in inds}))
