"""Writing targets goes through the same path as data values (validation + audit)."""

from __future__ import annotations

from collections.abc import Sequence

from datavalues.writing import FigureChange, WriteSummary, apply_figures

from .models import Programme, Target


def do_set_targets(programme: Programme, changes: Sequence[FigureChange], *, user=None, channel: str,
                   reason: str = "") -> WriteSummary:
    return apply_figures(Target, list(changes), user=user, channel=channel, reason=reason,
                         extra={"programme": programme}, audit_type="target", programme_code=programme.code)


LEGAL_BASIS_FIELDS = ["programme", "position", "doc_type", "number", "signed_on", "issuer", "title", "programme_ref"]


def do_save_legal_basis(obj, *, user=None, channel: str, reason: str = ""):
    """Create or update one legal basis of a programme, audited."""
    from django.db import transaction

    from audit.models import Action
    from audit.recording import log_change, snapshot

    from .models import LegalBasis

    with transaction.atomic():
        before = None
        if obj.pk:
            old = LegalBasis.objects.select_for_update().filter(pk=obj.pk).first()
            before = snapshot(old, LEGAL_BASIS_FIELDS) if old is not None else None
        obj.save()
        log_change(user=user, channel=channel, action=Action.UPDATE if before else Action.CREATE, obj=obj,
                   old=before, new=snapshot(obj, LEGAL_BASIS_FIELDS),
                   unit_code=obj.programme.unit.code if obj.programme.unit_id else "", reason=reason)
    return obj


def do_delete_legal_basis(obj, *, user=None, channel: str, reason: str = "") -> None:
    from django.db import transaction

    from audit.models import Action
    from audit.recording import log_change, snapshot

    with transaction.atomic():
        log_change(user=user, channel=channel, action=Action.DELETE, obj=obj, old=snapshot(obj, LEGAL_BASIS_FIELDS),
                   new=None, unit_code=obj.programme.unit.code if obj.programme.unit_id else "", reason=reason)
        obj.delete()
