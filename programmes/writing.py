"""Writing targets goes through the same path as data values (validation + audit)."""

from __future__ import annotations

from collections.abc import Sequence

from datavalues.writing import FigureChange, WriteSummary, apply_figures

from .models import Programme, Target


def do_set_targets(programme: Programme, changes: Sequence[FigureChange], *, user=None, channel: str,
                   reason: str = "") -> WriteSummary:
    return apply_figures(Target, list(changes), user=user, channel=channel, reason=reason,
                         extra={"programme": programme}, audit_type="target", programme_code=programme.code)
