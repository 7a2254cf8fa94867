"""The report-form upload fuzzed (hypothesis, 300 files): real templates with random
cells, labels, hidden metadata, sheets renamed or removed, and random bytes.  Whatever
the file: no crash, nothing half written, every refusal explained in Vietnamese."""

import io
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from audit.models import AuditEntry
from bacthang.lib.importing import ImportFailed
from datavalues.models import DataValue

from ..actions import ActionRefused
from ..excel import META_SHEET, build_template, do_upload
from .conftest import SAN_THANG, SUNG_PHAI, p, u

pytestmark = pytest.mark.django_db

VIETNAMESE = re.compile(r"[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]", re.I)
values = st.one_of(
    st.sampled_from(["353.350", "1.735,6", "-5", "nhiều", "", "=1+1", "=cmd|' /C calc'!A0", "@SUM(1)", "9" * 40,
                     "1e308", "NaN", "12.105.03403", "BC_THANG_XA", "202312", "0"]),
    st.integers(min_value=-10**15, max_value=10**15),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=15).map(lambda t: re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", t)),
)
edits = st.lists(st.tuples(st.sampled_from(["data", "meta"]), st.integers(1, 40), st.integers(1, 8), values),
                 max_size=8)


def snapshot():
    return list(DataValue.objects.order_by("pk").values_list("pk", "value", "version")), AuditEntry.objects.count()


@settings(max_examples=300, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                 HealthCheck.data_too_large])
@given(changes=edits, structure=st.sampled_from(["keep", "rename", "drop_meta", "drop_data", "bytes", "truncate"]),
       raw=st.binary(max_size=200), units=st.sampled_from([[SAN_THANG], [SAN_THANG, SUNG_PHAI]]))
def test_uploaded_forms_never_crash_nor_half_write(cast, forms, changes, structure, raw, units):
    commune, _ = forms
    template = build_template(commune, p("202312"), [u(code) for code in units])
    if structure == "bytes":
        data = raw
    elif structure == "truncate":
        data = template[: len(template) // 2]
    else:
        wb = load_workbook(io.BytesIO(template))
        data_sheet = wb.worksheets[0]
        for where, row, col, value in changes:
            ws = wb[META_SHEET] if where == "meta" else data_sheet
            ws.cell(row=row, column=col, value=value)
        if structure == "rename":
            data_sheet.title = "Trang khác"
        elif structure == "drop_meta":
            del wb[META_SHEET]
        elif structure == "drop_data":
            wb[META_SHEET].sheet_state = "visible"  # a workbook needs a visible sheet to be saved
            del wb[data_sheet.title]
        buf = io.BytesIO()
        wb.save(buf)
        data = buf.getvalue()
    before = snapshot()
    try:
        do_upload(data, user=cast["santhang"], filename="fuzz.xlsx")
    except (ImportFailed, ActionRefused) as e:
        problems = getattr(e, "problems", None) or getattr(e, "messages", None)
        assert problems
        for m in problems:
            assert VIETNAMESE.search(str(m)), str(m)
        assert snapshot() == before
