"""Import a registry file: ``records.importing`` reads it with the registry's spec
(``registries.specs``, which checks and writes the OCOP certificate and the cooperative
year given on a record's row through ``registries.actions``)."""

from __future__ import annotations

from audit.models import Channel
from records import importing as framework

from .specs import ImportSummary, RegistrySpec

__all__ = ["ImportSummary", "import_registry"]


def import_registry(spec: RegistrySpec, source, *, user=None, filename: str | None = None,
                    number_style: str | None = None, channel: str = Channel.IMPORT) -> ImportSummary:
    """Import one registry file; raises ImportFailed (nothing written) on any problem."""
    return framework.import_records(spec, source, user=user, filename=filename, number_style=number_style,
                                    channel=channel)

