"""The write path of legacy reports: upload (read, extract, store — or refuse and store nothing),
review (confirm, correct, discard, bulk confirm).  A confirmation writes the figure through
``datavalues.writing.do_set_values``; nothing is written without one."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from accounts.scope import WRITE_ROLES, can_read, can_write, role_of
from audit.models import Action
from audit.recording import log_change, snapshot
from datavalues.models import DataValue
from datavalues.writing import FigureChange, WriteRefused, do_set_values
from indicators.models import Indicator, Option
from periods.codes import PeriodCodeError
from periods.models import Period
from units.models import Unit

from .extract import catalogue_from_db, document_period, extract
from .models import CandidateStatus, LegacyCandidate, LegacyDocument, LegacyParagraph
from .reading import read_paragraphs


class Refused(Exception):
    pass


@dataclass
class Uploaded:
    document: LegacyDocument
    created: bool
    new_candidates: int


def do_upload(data: bytes, filename: str, *, unit: Unit, user=None, channel: str, title: str = "") -> Uploaded:
    """Read the file, extract its candidates and store them; a file already uploaded (same text)
    is the same document and gains only candidates it did not have.  Raises ``Unreadable`` (a
    Vietnamese sentence) with nothing stored."""
    if user is not None and not (role_of(user) in WRITE_ROLES and can_read(user, unit)):
        raise PermissionDenied("Bạn không được tải báo cáo của đơn vị này.")
    paragraphs = read_paragraphs(data, filename)
    digest = hashlib.sha256("\n".join(paragraphs).encode("utf-8")).hexdigest()
    period_code, date = document_period(paragraphs)
    catalogue = catalogue_from_db(unit.code[:2])
    candidates = extract(paragraphs, catalogue, unit.code, period_code)
    with transaction.atomic():
        doc = LegacyDocument.objects.filter(digest=digest).first()
        created = doc is None
        if created:
            doc = LegacyDocument.objects.create(
                title=(title or _title(paragraphs))[:500], filename=filename[:255], digest=digest, unit=unit,
                period=_period(period_code), doc_date=date, uploaded_by=user if getattr(user, "pk", None) else None)
            LegacyParagraph.objects.bulk_create(
                [LegacyParagraph(document=doc, index=i, text=p) for i, p in enumerate(paragraphs)])
            log_change(user=user, channel=channel, action=Action.CREATE, obj=doc, old=None, new=snapshot(doc),
                       unit_code=unit.code)
        paras = {p.index: p for p in doc.paragraphs.all()}
        have = set(LegacyCandidate.objects.filter(document=doc).values_list("paragraph__index", "start"))
        refs = _refs(candidates)
        new = [LegacyCandidate(
            document=doc, paragraph=paras[c.paragraph], start=c.start, raw=c.raw[:64], value=c.value,
            value_to=c.value_to, measure=c.measure[:64], sentence=c.sentence, score=c.score, **refs(c))
            for c in candidates if (c.paragraph, c.start) not in have]
        LegacyCandidate.objects.bulk_create(new)
    return Uploaded(doc, created, len(new))


def _title(paragraphs: list[str]) -> str:
    for p in paragraphs[:15]:
        if p.isupper() and len(p) < 40 and p.strip(" *-") and not p.startswith(("ĐẢNG", "CỘNG HÒA", "Số")):
            continue
        if len(p) > 20:
            return p
    return paragraphs[0]


def _period(code: str | None) -> Period | None:
    if not code:
        return None
    try:
        return Period.objects.for_code(code)
    except PeriodCodeError:  # a phrase that names no valid period leaves the period to the officer
        return None


def _refs(candidates):
    inds = {i.code: i for i in Indicator.objects.all()}
    opts = {}
    for o in Option.objects.select_related("disaggregation"):
        opts[(o.disaggregation_id, o.code)] = o
    units = {u.code: u for u in Unit.objects.filter(code__in={c.unit for c in candidates if c.unit})}
    periods = {}

    def refs(c):
        ind = inds.get(c.indicator)
        opt = opts.get((ind.disaggregation_id, c.option)) if ind and c.option else None
        if c.period not in periods:
            periods[c.period] = _period(c.period)
        return {"indicator": ind, "option": opt, "unit": units.get(c.unit), "period": periods[c.period]}

    return refs


def may_review(user, doc: LegacyDocument) -> bool:
    return role_of(user) in WRITE_ROLES and can_read(user, doc.unit)


@transaction.atomic
def do_discard(candidate: LegacyCandidate, *, user, channel: str) -> LegacyCandidate:
    if user is not None and not may_review(user, candidate.document):
        raise PermissionDenied("Bạn không được xem xét báo cáo này.")
    c = LegacyCandidate.objects.select_for_update().get(pk=candidate.pk)
    if c.status in (CandidateStatus.CONFIRMED, CandidateStatus.DISCARDED):
        return c
    old = snapshot(c)
    c.status, c.reviewed_by, c.reviewed_at = CandidateStatus.DISCARDED, _who(user), timezone.now()
    c.save()
    log_change(user=user, channel=channel, action=Action.UPDATE, obj=c, old=old, new=snapshot(c),
               unit_code=c.document.unit.code)
    return c


def _who(user):
    return user if getattr(user, "pk", None) else None


@transaction.atomic
def do_confirm(candidate: LegacyCandidate, *, user, channel: str, corrections: dict | None = None) -> LegacyCandidate:
    """Confirm the candidate (with the officer's corrections: indicator, option, unit, period, value):
    its figure is written through the one write path with the paragraph as source — unless a
    different value is stored (status ``conflict``, nothing overwritten) or it was confirmed before
    (nothing written twice)."""
    if user is not None and not may_review(user, candidate.document):
        raise PermissionDenied("Bạn không được xem xét báo cáo này.")
    c = LegacyCandidate.objects.select_for_update().select_related("document", "paragraph").get(pk=candidate.pk)
    if c.status == CandidateStatus.CONFIRMED:
        return c
    old = snapshot(c)
    for k, v in (corrections or {}).items():
        if getattr(c, k) != v:
            setattr(c, k, v)
            c.corrected = True
    problems = []
    if c.indicator is None:
        problems.append("Cần chọn chỉ tiêu.")
    if c.unit is None:
        problems.append("Cần chọn đơn vị.")
    if c.period is None:
        problems.append("Cần chọn kỳ.")
    if c.option is not None and c.indicator is not None and c.option.disaggregation_id != c.indicator.disaggregation_id:
        problems.append(f"Nhóm '{c.option.name}' không thuộc chỉ tiêu {c.indicator.name}.")
    if problems:
        raise Refused(" ".join(problems))
    if user is not None and not can_write(user, c.unit):
        raise PermissionDenied(f"Bạn không được ghi số liệu của {c.unit.name}.")
    stored = DataValue.objects.filter(indicator=c.indicator, option=c.option, unit=c.unit, period=c.period).first()
    if stored is not None and stored.value is not None and stored.value != c.value:
        c.status, c.stored_value = CandidateStatus.CONFLICT, stored.value
    else:
        if stored is None or stored.value is None:
            try:
                do_set_values([FigureChange(c.indicator, c.option, c.unit, c.period, Decimal(c.value),
                                            source=c.source_text())],
                              user=user, channel=channel, reason="Xác nhận số liệu từ báo cáo cũ")
            except WriteRefused as e:
                raise Refused(" ".join(m for _i, m in e.problems)) from e
        c.status, c.stored_value = CandidateStatus.CONFIRMED, None
    c.reviewed_by, c.reviewed_at = _who(user), timezone.now()
    c.save()
    log_change(user=user, channel=channel, action=Action.UPDATE, obj=c, old=old, new=snapshot(c),
               unit_code=c.unit.code)
    return c


def do_bulk_confirm(candidates, *, user, channel: str) -> dict[str, int]:
    """Confirm each candidate as suggested; those that cannot be (no suggestion, a conflict) are counted."""
    out = {"confirmed": 0, "conflicts": 0, "refused": 0}
    for c in candidates:
        try:
            done = do_confirm(c, user=user, channel=channel)
        except (Refused, PermissionDenied):
            out["refused"] += 1
            continue
        out["conflicts" if done.status == CandidateStatus.CONFLICT else "confirmed"] += 1
    return out
