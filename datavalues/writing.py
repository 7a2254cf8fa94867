"""The one write path of figures (data values and targets): validate, write, audit.

Every surface — report forms, file imports, the API, the admin, the demo loader —
calls :func:`do_set_values` (or ``programmes.writing.do_set_targets``), so no channel
can skip the checks or the audit trail.  A batch is atomic: if any change is refused,
nothing is written.  Writing a value equal to the stored one changes nothing and
leaves no audit row, which makes every import idempotent.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from accounts.scope import may_change, readable_unit_pks, role_of
from audit.models import Action, AuditEntry
from bacthang.lib.gc_pause import gc_paused
from bacthang.lib.numbers import format_number, format_plain
from engine.providers import end_computation
from indicators.models import Indicator, Option
from periods.models import Period
from units.models import Unit

from .models import DataValue, Figure
from .validation import check_figure, check_not_derived

BATCH = 2000

# Objects with ``before(model, changes) -> state`` and ``after(state)``, called around each
# written batch inside its transaction (the engine keeps its roll-up nodes this way).
WRITE_LISTENERS: list = []

# Functions ``guard(changes) -> [(index, message)]`` given the (index, FigureChange) pairs of a
# batch that really change a data value; any message refuses the whole write.  The
# collection app refuses changes to figures of submitted, approved or locked reports.
WRITE_GUARDS: list = []


@dataclass(frozen=True)
class FigureChange:
    indicator: Indicator
    option: Option | None
    unit: Unit
    period: Period
    value: Decimal | None  # None deletes the stored figure
    comment: str | None = None  # None keeps the stored comment
    source: str | None = None  # None keeps the stored source
    expected_version: int | None = None  # optimistic locking: refuse if the stored version differs
    attrs: tuple[tuple[str, object], ...] = ()  # further fields of the model (a target's operator)

    def key(self) -> tuple:
        return (self.indicator.pk, self.option.pk if self.option else None, self.unit.pk, self.period.pk)

    def label(self) -> str:
        opt = f" [{self.option.code}]" if self.option else ""
        return f"{self.indicator.code}{opt} / {self.unit.code} / {self.period.code}"


@dataclass
class WriteSummary:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    audit_ids: list[int] = field(default_factory=list, repr=False)

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.deleted

    def __str__(self) -> str:
        return (f"{self.created} mới, {self.updated} sửa, {self.deleted} xóa, "
                f"{self.unchanged} không đổi")


class WriteRefused(Exception):
    """Nothing was written.  ``problems`` is a list of (index of the change, message)."""

    def __init__(self, problems: list[tuple[int, str]]):
        self.problems = problems
        super().__init__("\n".join(m for _, m in problems))


def _state(fig: Figure | None, attrs: Iterable[str] = ()) -> dict | None:
    if fig is None:
        return None
    state = {"value": format_plain(fig.value), "comment": fig.comment, "source": fig.source, "version": fig.version}
    state.update({a: getattr(fig, a) for a in attrs})
    return state


def _same(a: Decimal, b: Decimal) -> bool:
    return Decimal(a).compare(Decimal(b)) == 0


def apply_figures(model: type[Figure], changes: Sequence[FigureChange], *, user, channel: str, reason: str = "",
                  extra: dict | None = None, audit_type: str, programme_code: str = "",
                  progress=None) -> WriteSummary:
    extra = extra or {}
    end_computation()  # validate against the records as they are now, not as an earlier engine saw them
    for_target = audit_type == "target"
    problems: list[tuple[int, str]] = _out_of_scope(changes, user, for_target)
    seen: dict[tuple, int] = {}
    for i, ch in enumerate(changes):
        for msg in check_figure(ch.indicator, ch.option, ch.unit, ch.period, ch.value, for_target=for_target):
            problems.append((i, f"{ch.label()}: {msg}"))
        if ch.key() in seen:
            problems.append((i, f"{ch.label()}: trùng với thay đổi thứ {seen[ch.key()] + 1} trong cùng lô."))
        seen[ch.key()] = i
    if problems:
        raise WriteRefused(problems)

    summary = WriteSummary()
    now = timezone.now()
    user_id = user.pk if user is not None and getattr(user, "pk", None) else None
    username = user.get_username() if user_id else ""
    with gc_paused(), transaction.atomic():
        _wait_for_writers_of(changes)
        for start in range(0, len(changes), BATCH):
            batch = changes[start:start + BATCH]
            states = [(listener, listener.before(model, batch)) for listener in WRITE_LISTENERS]
            existing = _existing(model, batch, extra)
            creates, updates, deletes, audits = [], [], [], []
            attr_fields: set[str] = set()
            changed_keys: set[tuple] = set()
            for offset, ch in enumerate(batch):
                old = existing.get(ch.key())
                if ch.expected_version is not None and (old.version if old else 0) != ch.expected_version:
                    current = format_number(old.value) if old else "chưa có"
                    problems.append((start + offset,
                                     f"{ch.label()}: số liệu đã được người khác sửa (hiện là {current}); "
                                     "hãy tải lại trước khi lưu."))
                    continue
                attr_names = [a for a, _ in ch.attrs]
                attr_fields.update(attr_names)
                if ch.value is None:
                    if old is None:
                        summary.unchanged += 1
                        continue
                    deletes.append(old.pk)
                    changed_keys.add(ch.key())
                    audits.append((Action.DELETE, ch, old.pk, _state(old, attr_names), None))
                    continue
                if not for_target and ch.value is not None:
                    derived = check_not_derived(ch.indicator, ch.unit, ch.period)
                    if derived and not (old is not None and _same(old.value, ch.value)):
                        problems.extend((start + offset, f"{ch.label()}: {m}") for m in derived)
                        continue
                if old is None:
                    fig = model(indicator=ch.indicator, option=ch.option, unit=ch.unit, period=ch.period,
                                value=ch.value, comment=ch.comment or "", source=ch.source or "",
                                updated_by_id=user_id, updated_at=now, **extra, **dict(ch.attrs))
                    creates.append((ch, fig))
                    changed_keys.add(ch.key())
                    continue
                comment = old.comment if ch.comment is None else ch.comment
                source = old.source if ch.source is None else ch.source
                if (_same(old.value, ch.value) and comment == old.comment and source == old.source
                        and all(getattr(old, a) == v for a, v in ch.attrs)):
                    summary.unchanged += 1
                    continue
                before = _state(old, attr_names)
                for a, v in ch.attrs:
                    setattr(old, a, v)
                old.value, old.comment, old.source = ch.value, comment, source
                old.version += 1
                old.updated_by_id, old.updated_at = user_id, now
                updates.append(old)
                changed_keys.add(ch.key())
                audits.append((Action.UPDATE, ch, old.pk, before, _state(old, attr_names)))
            if model is DataValue and WRITE_GUARDS:
                effective = [(start + i, ch) for i, ch in enumerate(batch) if ch.key() in changed_keys]
                for guard in WRITE_GUARDS:
                    problems.extend(guard(effective))
            if problems:
                raise WriteRefused(problems)
            if creates:
                try:
                    with transaction.atomic():
                        model.objects.bulk_create([f for _, f in creates], batch_size=BATCH)
                except IntegrityError as e:
                    # Another writer created the same figure since we looked: refuse, never overwrite.
                    message = "Số liệu vừa được người khác nhập cùng lúc; hãy tải lại và thử lại."
                    raise WriteRefused([(start, message)]) from e
                if any(f.pk is None for _, f in creates):  # backends without RETURNING
                    created = _existing(model, [c for c, _ in creates], extra)
                    for ch, f in creates:
                        f.pk = created[ch.key()].pk
                for ch, f in creates:
                    audits.append((Action.CREATE, ch, f.pk, None, _state(f, [a for a, _ in ch.attrs])))
            if updates:
                _update_rows(model, updates, ["value", "comment", "source", "version", "updated_by", "updated_at",
                                              *sorted(attr_fields)])
            if deletes:
                model.objects.filter(pk__in=deletes).delete()
            summary.created += len(creates)
            summary.updated += len(updates)
            summary.deleted += len(deletes)
            entries = [
                AuditEntry(user_id=user_id, username=username, channel=channel, action=action,
                           object_type=audit_type, object_id=pk, indicator_code=ch.indicator.code,
                           option_code=ch.option.code if ch.option else "", unit_code=ch.unit.code,
                           period_code=ch.period.code, programme_code=programme_code,
                           old=old_state, new=new_state, reason=reason[:255])
                for action, ch, pk, old_state, new_state in audits
            ]
            AuditEntry.objects.bulk_create(entries, batch_size=BATCH)
            for listener, state in states:
                listener.after(state)
            if progress is not None:
                progress(min(start + BATCH, len(changes)), len(changes))
    return summary


def _out_of_scope(changes: Sequence[FigureChange], user, for_target: bool) -> list[tuple[int, str]]:
    """The changes ``user`` may not make (``accounts.scope``), whatever the channel: a form,
    a file imported for a user (``import_values --user``), the API, DHIS2, the admin.
    No user means the system itself (the demo loader, a command run without ``--user``).
    The units of the batch are checked together, in a fixed number of queries."""
    if user is None or not getattr(user, "pk", None):
        return []
    units = {ch.unit.pk: ch.unit for ch in changes}
    readable = readable_unit_pks(user, units.values())
    role = role_of(user)
    refused = {pk: _scope_problem(user, unit, pk in readable, role, for_target) for pk, unit in units.items()}
    return [(i, f"{ch.label()}: {refused[ch.unit.pk]}") for i, ch in enumerate(changes) if refused[ch.unit.pk]]


def _scope_problem(user, unit: Unit, readable: bool, role, for_target: bool) -> str | None:
    if not readable:
        return f"Đơn vị '{unit.code}' không tồn tại hoặc nằm ngoài phạm vi của {user.get_username()}."
    if not may_change(role, unit, targets=for_target):
        what = "đặt mục tiêu cho" if for_target else "ghi số liệu của"
        return f"{user.get_username()} không có quyền {what} {unit.name} ({unit.code})."
    return None


# Key space of the advisory locks that serialise the writers of one province (any 32-bit int).
_WRITE_LOCK_SPACE = 0x42540001


def _wait_for_writers_of(changes: Sequence[FigureChange]) -> None:
    """Take the write turn of every province the changes touch, in a fixed order.

    A write updates the roll-up nodes of its units' ancestors (``engine.maintain``), so two
    writers of different communes of one district both change the district's nodes: without
    a turn they would deadlock or lose one update on PostgreSQL.  On SQLite a transaction
    takes the database's write lock when it begins (``transaction_mode = IMMEDIATE`` in the
    settings), which already gives each writer its turn."""
    if connection.vendor != "postgresql":
        return
    provinces = sorted({_province_key(ch.unit.code) for ch in changes})
    with connection.cursor() as cur:
        for key in provinces:
            cur.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_WRITE_LOCK_SPACE, key])


def _province_key(code: str) -> int:
    head = code.split(".", 1)[0]
    return int(head) if head.isdigit() and len(head) < 9 else zlib.crc32(head.encode()) & 0x7FFFFFFF


def _update_rows(model, objs, fields: list[str]) -> None:
    """UPDATE … WHERE id = … for each row with one executemany: Django's bulk_update builds a
    CASE expression per field and is far slower for thousands of rows."""
    meta = model._meta
    cols = [meta.get_field(f) for f in fields]
    sets = ", ".join(f"{connection.ops.quote_name(c.column)} = %s" for c in cols)
    sql = f"UPDATE {connection.ops.quote_name(meta.db_table)} SET {sets} WHERE id = %s"
    params = [[c.get_db_prep_save(getattr(o, c.attname), connection) for c in cols] + [o.pk] for o in objs]
    with connection.cursor() as cur:
        cur.executemany(sql, params)


def _existing(model: type[Figure], batch: Iterable[FigureChange], extra: dict) -> dict[tuple, Figure]:
    """The stored figures of the batch's keys (locked for update where the database can)."""
    wanted = {c.key() for c in batch}
    groups: dict[tuple, set] = {}
    for ind_id, _opt, unit_id, period_id in wanted:
        groups.setdefault((ind_id, period_id), set()).add(unit_id)
    found: dict[tuple, Figure] = {}
    items = list(groups.items())
    for start in range(0, len(items), 100):
        chunk = items[start:start + 100]
        # Plain SQL for the OR of (indicator, period, units) groups: building it as Q objects
        # costs more than the query itself for large batches.
        t = connection.ops.quote_name(model._meta.db_table)
        where = " OR ".join(f"({t}.indicator_id = %s AND {t}.period_id = %s AND {t}.unit_id IN "
                            f"({', '.join(['%s'] * len(u))}))" for _, u in chunk)
        params = [x for (i, p), u in chunk for x in (i, p, *sorted(u))]
        qs = model.objects.filter(**extra).extra(where=[where], params=params).order_by()
        if connection.features.has_select_for_update:
            qs = qs.select_for_update()
        for f in qs:
            if f.key() in wanted:
                found[f.key()] = f
    return found


def do_set_values(changes: Sequence[FigureChange], *, user=None, channel: str, reason: str = "",
                  progress=None) -> WriteSummary:
    """Create, update or delete data values atomically, with validation and audit.

    ``progress(done, total)`` is called after each written batch (for long imports)."""
    return apply_figures(DataValue, list(changes), user=user, channel=channel, reason=reason,
                         audit_type="datavalue", progress=progress)
