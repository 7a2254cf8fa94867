"""The annual production plan of a unit (modelled on seed 002: Lai Châu City's 2023
commodity agriculture plan): the targets of the year, split among the child units
(communes), with the previous year's results beside them.

Targets are read from the plan programme(s) (``programmes.Target``, the split being the
child units' own targets); results from the engine.  Targets are grouped by the
indicator group of the catalogue (Trồng trọt, Chăn nuôi, OCOP, Hạ tầng …), so a new
kind of target needs no code here.
"""

from __future__ import annotations

from collections import OrderedDict

from indicators.models import Group
from programmes.models import Programme, Target

from .. import phrases as P
from ..models import ReportKind
from .base import Block, Builder, Report, Table, period_label
from .items import Section, Text, Writer
from .review import descendants, document_name, document_ref, document_title, legal_basis_lines

SECTIONS_BEFORE = (Section("MỤC ĐÍCH, YÊU CẦU", (Text("muc_dich", placeholder=True),)),)
SECTIONS_AFTER = (Section("TỔ CHỨC THỰC HIỆN", (Text("to_chuc", placeholder=True),)),)


def target_label(target: Target) -> str:
    ind = target.indicator
    return ind.name + (f" ({P.lower_first(target.option.name)})" if target.option else "")


class PlanBuilder(Builder):
    kind = ReportKind.PLAN

    def programmes(self) -> list[Programme]:
        if self.programme is not None:
            return descendants(self.programme)
        ids = (Target.objects.filter(period=self.period, unit__code__startswith=self.unit.code)
               .values_list("programme_id", flat=True).distinct())
        return list(Programme.objects.filter(pk__in=ids).order_by("code"))

    def targets(self, programmes) -> tuple[list[Target], dict[int, list[Target]], list[Target]]:
        """(targets of the unit, the split of each among child units, child targets with no parent target)."""
        qs = (Target.objects.filter(programme__in=programmes, period=self.period)
              .filter(unit__parent=self.unit) | Target.objects.filter(programme__in=programmes, period=self.period,
                                                                        unit=self.unit))
        qs = qs.select_related("indicator", "option", "unit", "period", "programme", "programme__term").order_by(
            "indicator__sort_order", "indicator__code", "option__sort_order", "unit__code")
        own, children = [], []
        for t in qs:
            (own if t.unit_id == self.unit.pk else children).append(t)
        split: dict[int, list[Target]] = {t.pk: [] for t in own}
        orphans = []
        for c in children:
            parent = next((t for t in own if t.indicator_id == c.indicator_id and t.option_id == c.option_id
                           and t.programme_id == c.programme_id), None)
            if parent is None:
                parent = next((t for t in own if t.indicator_id == c.indicator_id and t.option_id == c.option_id),
                              None)
            (split[parent.pk] if parent is not None else orphans).append(c)
        return own, split, orphans

    def compose(self) -> Report:
        programmes = self.programmes()
        own, split, orphans = self.targets(programmes)
        writer = Writer(self.figures, self.unit, self.period, programmes=programmes,
                        placeholders={"scope": self.scope_word})
        prev = self.figures.period(str(self.period.year - 1))
        table = Table("ke_hoach", f"Biểu: Chỉ tiêu kế hoạch {period_label(self.period)}", [
            "STT", "Chỉ tiêu", "Đơn vị tính", f"Thực hiện {period_label(prev)}",
            f"Kế hoạch {period_label(self.period)}", "Yêu cầu", "Văn bản"],
            decimals=[None, None, None, 2, 2, None, None])
        groups: OrderedDict[str, list[tuple[str, Block]]] = OrderedDict((g, []) for g in Group.values)
        n = 0
        for t in own:
            ind = t.indicator
            opt = t.option.code if t.option else None
            n += 1
            goal = P.target(t.operator, P.qty(t.value, ind.measure, ind.decimals))
            text = f"{target_label(t)}: kế hoạch {period_label(self.period)} là {goal}"
            parts = [(P.short_unit_name(c.unit.name), P.target(c.operator, P.qty(c.value, ind.measure, ind.decimals)))
                     for c in split[t.pk]]
            if parts:
                text += f" ({P.breakdown(parts, 'gồm')})"
            r = self.figures.value(ind.code, self.unit, prev, opt, note="kết quả năm trước")
            done = None if r is None else r.value
            text += f"; thực hiện {period_label(prev)}: {P.qty(done, ind.measure, ind.decimals)}"
            groups.setdefault(ind.group, []).append((_topic(t), Block(f"- {P.sentence(text)}")))
            table.rows.append([n, target_label(t), ind.measure, done, t.value, P.target(t.operator, "").strip()
                               or "đạt", document_ref(t.programme)])
            for c in split[t.pk]:
                cr = self.figures.value(ind.code, c.unit, prev, opt, note="kết quả năm trước")
                table.rows.append(["", f"- {c.unit.name}", ind.measure, None if cr is None else cr.value, c.value,
                                   P.target(c.operator, "").strip() or "đạt", document_ref(c.programme)])
        by_key: OrderedDict[tuple, list[Target]] = OrderedDict()
        for c in orphans:
            by_key.setdefault((c.indicator_id, c.option_id), []).append(c)
        for items in by_key.values():
            first = items[0]
            ind = first.indicator
            parts = [(c.unit.name, P.target(c.operator, P.qty(c.value, ind.measure, ind.decimals))) for c in items]
            listing = P.breakdown(parts, "")
            text = f"{target_label(first)}: kế hoạch giao cho {listing}"
            groups.setdefault(ind.group, []).append((_topic(first), Block(f"- {P.sentence(text)}")))
            for c in items:
                n += 1
                cr = self.figures.value(ind.code, c.unit, prev, c.option.code if c.option else None,
                                        note="kết quả năm trước")
                table.rows.append([n, f"{target_label(c)} — {c.unit.name}", ind.measure,
                                   None if cr is None else cr.value, c.value,
                                   P.target(c.operator, "").strip() or "đạt", document_ref(c.programme)])
        writer.tables.append(table)

        blocks, number = writer.section_blocks(SECTIONS_BEFORE, self.texts)
        blocks.append(Block(f"{_roman(number)}. NỘI DUNG, CHỈ TIÊU KẾ HOẠCH", 1))
        labels = dict(Group.choices)
        k = 0
        for group, items in groups.items():
            if not items:
                continue
            k += 1
            blocks.append(Block(f"{k}. {labels.get(group, group)}", 2))
            blocks += _by_topic(items, k)
        if k == 0:
            blocks.append(Block(f"- Chưa có chỉ tiêu kế hoạch nào được giao cho {P.in_unit(self.unit_name)} "
                                f"{period_label(self.period)}."))
        blocks += writer._text(self.texts, "giai_phap", False)
        more, _ = writer.section_blocks(SECTIONS_AFTER, self.texts, start=number + 1)
        blocks += more

        own_programme = self.programme is not None and self.programme.unit_id in (None, self.unit.pk)
        title = (self.programme.title if own_programme else
                 f"Sản xuất nông nghiệp {period_label(self.period)} trên địa bàn {P.in_unit(self.unit_name)}")
        intro_text = self.texts.get("can_cu", "").strip()
        if intro_text:
            intro = [line.strip() for line in intro_text.splitlines() if line.strip()]
        else:
            root = self.programme or (programmes[0] if programmes else None)
            # The programme's legal bases as its document prints them; else the documents it implements.
            intro = legal_basis_lines(root) if root is not None else []
            parents = []
            p = root.parent if root is not None and not intro else None
            while p is not None:
                parents.append(p)
                p = p.parent
            for parent in parents[:2]:
                intro.append(f"Căn cứ {document_name(parent)} {document_title(parent)};")
            intro.append(f"{P.upper_first(self.issuer_in_text())} xây dựng kế hoạch {P.lower_first(title)} "
                         "như sau:")
        closing = f"Trên đây là Kế hoạch {P.lower_first(title)}./."
        return Report(self.kind, self.unit, self.period, self.programme, self.header(), title, intro, blocks,
                      closing, writer.tables, self.figures, self.texts)


def _topic(target: Target) -> str:
    """What a plan target is about within its group: its option (the crop, the kind of works)."""
    return target.option.name if target.option else ""


def _by_topic(items: list[tuple[str, Block]], k: int) -> list[Block]:
    """A group's sentences, under one sub-heading per topic (1.1. Lúa chất lượng, 1.2. Chè …)
    when the group's targets are about several topics; sentences without a topic first."""
    topics = list(dict.fromkeys(t for t, _ in items if t))
    if len(topics) < 2:
        return [b for _, b in items]
    out = [b for t, b in items if not t]
    for j, topic in enumerate(topics, start=1):
        out.append(Block(f"{k}.{j}. {P.upper_first(topic)}", 3))
        out += [b for t, b in items if t == topic]
    return out


def _roman(n: int) -> str:
    from .items import ROMAN

    return ROMAN[n]
