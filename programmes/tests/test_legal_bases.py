"""A programme's legal bases are data: written through an audited path, in order."""

import datetime as dt

import pytest

from audit.models import AuditEntry
from programmes.models import LegalBasis, Programme
from programmes.writing import do_delete_legal_basis, do_save_legal_basis
from units.models import Unit

pytestmark = pytest.mark.django_db


def test_legal_bases_are_audited_and_kept_in_order():
    prog = Programme.objects.create(code="KH-TEST", title="Kế hoạch năm 2023", unit=Unit.objects.get(code="12.105"))
    second = do_save_legal_basis(LegalBasis(programme=prog, position=2, doc_type="Quyết định", number="3038/QĐ-UBND",
                                            signed_on=dt.date(2022, 12, 19)), channel="system")
    do_save_legal_basis(LegalBasis(programme=prog, position=1, doc_type="Kế hoạch", number="2169/KH-UBND"),
                        channel="system")
    assert [b.number for b in prog.legal_bases.all()] == ["2169/KH-UBND", "3038/QĐ-UBND"]
    second.number = "3039/QĐ-UBND"
    do_save_legal_basis(second, channel="system")
    rows = AuditEntry.objects.filter(object_type="programmes.legalbasis", object_id=second.pk).order_by("pk")
    assert [r.action for r in rows] == ["create", "update"] and rows[1].old["number"] == "3038/QĐ-UBND"
    assert rows[1].unit_code == "12.105"
    pk = second.pk
    do_delete_legal_basis(second, channel="system")
    assert AuditEntry.objects.filter(object_type="programmes.legalbasis", object_id=pk, action="delete").exists()
