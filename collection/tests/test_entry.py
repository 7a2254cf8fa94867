from decimal import Decimal

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from datavalues.models import DataValue
from datavalues.writing import FigureChange, WriteRefused, do_set_values
from indicators.models import Indicator

from ..actions import ActionRefused, do_approve, do_reopen, do_submit
from ..models import FormRow, Status, Submission, SubmissionEvent
from .conftest import SAN_THANG, SUNG_PHAI, p, put, u

pytestmark = pytest.mark.django_db


def url(unit=SAN_THANG, period="202312", form="BC_THANG_XA"):
    return reverse("collection:entry", args=[form, unit, period])


def cells(**typed):
    """POST data of cells typed into an empty page: cells(HERD="353.350", HERD__PIG="235.000")."""
    data = {}
    for name, text in typed.items():
        ind, _, opt = name.partition("__")
        key = f"{ind}|{opt}"
        data["v:" + key] = text
        data["o:" + key] = ""
        data["ver:" + key] = "0"
    return data


def value(indicator, option, unit=SAN_THANG, period="202312"):
    ind = Indicator.objects.get(code=indicator)
    dv = DataValue.objects.filter(indicator=ind, option=ind.option_for(option), unit__code=unit,
                                  period__code=period).first()
    return None if dv is None else dv.value


def test_a_commune_officer_saves_vietnamese_numbers_exactly_as_typed(client, cast, forms):
    client.force_login(cast["santhang"])
    r = client.post(url(), {**cells(HERD="353.350", HERD__BUFFALO="92.760", HERD__CATTLE="25590",
                                    HERD__PIG="235.000", POULTRY="1.809,5"), "action": "save"})
    assert r.status_code == 302
    assert value("HERD", None) == Decimal(353350) and value("HERD", "CATTLE") == Decimal(25590)
    assert value("POULTRY", None) == Decimal("1809.5")
    assert set(AuditEntry.objects.values_list("channel", flat=True)) == {"form"}
    sub = Submission.objects.get()
    assert sub.status == Status.DRAFT and sub.unit.code == SAN_THANG


def test_a_text_that_is_not_a_number_is_refused_with_its_cell_and_nothing_is_saved(client, cast, forms):
    client.force_login(cast["santhang"])
    r = client.post(url(), {**cells(HERD__PIG="235.000", POULTRY="nhiều"), "action": "save"})
    assert r.status_code == 400
    html = r.content.decode()
    assert "Tổng đàn gia cầm: &#x27;nhiều&#x27; không phải số" in html
    assert 'value="nhiều"' in html  # what was typed is kept
    assert not DataValue.objects.exists()


def test_a_negative_area_is_refused(client, cast, forms):
    client.force_login(cast["santhang"])
    r = client.post(url(), {**cells(CROP_AREA__TEA="-5"), "action": "save"})
    assert r.status_code == 400 and "giá trị âm" in r.content.decode()
    assert not DataValue.objects.exists()


def test_a_stale_version_save_is_refused_with_the_other_users_value_shown(client, cast, forms):
    put(("HERD", "PIG", SAN_THANG, "202312", 235000))
    client.force_login(cast["santhang"])
    page = client.get(url())
    assert 'name="ver:HERD|PIG" value="1"' in page.content.decode()
    # The city officer corrects the figure meanwhile (version 2).
    ind = Indicator.objects.get(code="HERD")
    do_set_values([FigureChange(ind, ind.option_for("PIG"), u(SAN_THANG), p("202312"), Decimal(236000),
                                expected_version=1)], user=cast["thanhpho"], channel="form")
    r = client.post(url(), {"v:HERD|PIG": "237.000", "o:HERD|PIG": "235.000", "ver:HERD|PIG": "1",
                            "action": "save"})
    assert r.status_code == 400
    assert "đã được người khác sửa (hiện là 236.000)" in r.content.decode()
    assert value("HERD", "PIG") == Decimal(236000)


def test_an_untouched_cell_is_not_a_change_even_if_someone_else_changed_it(client, cast, forms):
    put(("HERD", "PIG", SAN_THANG, "202312", 235000))
    ind = Indicator.objects.get(code="HERD")
    do_set_values([FigureChange(ind, ind.option_for("PIG"), u(SAN_THANG), p("202312"), Decimal(236000))],
                  channel="form")
    client.force_login(cast["santhang"])
    r = client.post(url(), {"v:HERD|PIG": "235.000", "o:HERD|PIG": "235.000", "ver:HERD|PIG": "1",
                            "v:POULTRY|": "12", "o:POULTRY|": "", "ver:POULTRY|": "0", "action": "save"})
    assert r.status_code == 302
    assert value("HERD", "PIG") == Decimal(236000) and value("POULTRY", None) == Decimal(12)


def test_pages_outside_the_users_scope_answer_404(client, cast, forms):
    client.force_login(cast["sungphai"])
    assert client.get(url(SAN_THANG)).status_code == 404
    assert client.post(url(SAN_THANG), {**cells(POULTRY="1"), "action": "save"}).status_code == 404
    assert client.get(reverse("collection:template", args=["BC_THANG_XA", SAN_THANG, "202312"])).status_code == 404
    assert client.get(url(SUNG_PHAI)).status_code == 200
    # A district is not reported on the commune form.
    client.force_login(cast["thanhpho"])
    assert client.get(url("12.105")).status_code == 404
    assert not DataValue.objects.exists()


def test_a_leader_reads_the_page_but_cannot_write(client, cast, forms):
    client.force_login(cast["lanhdao"])
    r = client.get(url())
    assert r.status_code == 200 and 'name="v:HERD|PIG"' not in r.content.decode()
    r = client.post(url(), {**cells(POULTRY="1"), "action": "save"})
    assert r.status_code == 400 and not DataValue.objects.exists()


def test_submission_is_blocked_by_an_error_and_a_warning_needs_a_comment(client, cast, forms):
    client.force_login(cast["santhang"])
    r = client.post(url(), {**cells(HERD="100", HERD__PIG="90"), "action": "submit"}, follow=True)
    html = r.content.decode()
    assert "Chưa nộp được: 1 lỗi" in html and "Tổng đàn gia súc (100) phải bằng Trâu + Bò + Lợn (90)" in html
    assert Submission.objects.get().status == Status.DRAFT  # the draft was saved, not submitted
    assert value("HERD", None) == Decimal(100)
    # Fix the total; a value ten times last December is only a warning, but needs a comment.
    put(("POULTRY", None, SAN_THANG, "202212", 10))
    r = client.post(url(), {"v:HERD|": "90", "o:HERD|": "100", "ver:HERD|": "1",
                            **cells(POULTRY="100"), "action": "submit"}, follow=True)
    assert "hãy ghi giải trình" in r.content.decode()
    assert Submission.objects.get().status == Status.DRAFT
    r = client.post(url(), {"comment": "Đã tính cả đàn gà của hợp tác xã mới", "action": "submit"}, follow=True)
    sub = Submission.objects.get()
    assert sub.status == Status.SUBMITTED and sub.warnings == 1 and sub.submitted_by == cast["santhang"]


def test_the_city_approves_and_the_values_are_locked_on_every_path(client, cast, forms):
    commune, _ = forms
    put(("POULTRY", None, SAN_THANG, "202312", 12))
    do_submit(commune, u(SAN_THANG), p("202312"), user=cast["santhang"])
    client.force_login(cast["santhang"])
    assert client.post(url(), {"action": "approve"}).status_code == 400  # not its own approval
    client.force_login(cast["thanhpho"])
    r = client.post(url(), {"action": "approve"})
    assert r.status_code == 302 and Submission.objects.get().status == Status.APPROVED
    client.force_login(cast["santhang"])
    page = client.get(url()).content.decode()
    assert 'name="v:POULTRY|"' not in page and "số liệu đã khóa" in page
    r = client.post(url(), {"v:POULTRY|": "13", "o:POULTRY|": "12", "ver:POULTRY|": "1", "action": "save"})
    assert r.status_code == 400 and "không sửa được" in r.content.decode()
    assert value("POULTRY", None) == Decimal(12)


def test_a_figure_in_an_approved_report_of_another_form_cannot_be_edited(cast, forms):
    commune, _ = forms
    from ..actions import CellInput, do_save_values
    from ..models import ReportForm

    other = ReportForm.objects.create(code="BC_GIA_CAM", name="Gia cầm", period_type="month", level=3)
    FormRow.objects.create(form=other, indicator=Indicator.objects.get(code="POULTRY"))
    put(("POULTRY", None, SAN_THANG, "202312", 12))
    sub = do_submit(commune, u(SAN_THANG), p("202312"), user=cast["santhang"])
    do_approve(sub, user=cast["thanhpho"])
    with pytest.raises(ActionRefused) as e:
        do_save_values(other, u(SAN_THANG), p("202312"), [CellInput(("POULTRY", None), "13")],
                       user=cast["santhang"])
    assert "BC_THANG_XA" in e.value.messages[0]


def test_return_needs_a_reason_and_makes_the_report_editable_again(client, cast, forms):
    commune, _ = forms
    sub = do_submit(commune, u(SAN_THANG), p("202312"), user=cast["santhang"])
    client.force_login(cast["thanhpho"])
    r = client.post(url(), {"action": "return", "reason": ""})
    assert r.status_code == 400 and "Hãy ghi lý do" in r.content.decode()
    client.post(url(), {"action": "return", "reason": "Thiếu số đàn trâu"})
    sub.refresh_from_db()
    assert sub.status == Status.RETURNED and sub.return_reason == "Thiếu số đàn trâu"
    client.force_login(cast["santhang"])
    page = client.get(url()).content.decode()
    assert "Thiếu số đàn trâu" in page and 'name="v:HERD|BUFFALO"' in page


def test_an_approved_report_is_locked_from_its_page_and_only_an_admin_reopens_it(client, cast, forms):
    commune, _ = forms
    put(("POULTRY", None, SAN_THANG, "202312", 12))
    sub = do_submit(commune, u(SAN_THANG), p("202312"), user=cast["santhang"])
    client.force_login(cast["thanhpho"])
    assert client.post(url(), {"action": "lock"}).status_code == 400  # only an approved report locks
    assert client.post(url(), {"action": "approve"}).status_code == 302
    client.force_login(cast["santhang"])
    assert client.post(url(), {"action": "lock"}).status_code == 400  # not the commune's to lock
    client.force_login(cast["thanhpho"])
    assert client.post(url(), {"action": "lock"}).status_code == 302
    sub.refresh_from_db()
    assert sub.status == Status.LOCKED and sub.locked_at is not None
    assert SubmissionEvent.objects.filter(action="lock", user=cast["thanhpho"]).exists()
    with pytest.raises(WriteRefused, match="đã khóa"):  # a locked figure cannot change through any channel
        do_set_values([FigureChange(Indicator.objects.get(code="POULTRY"), None, u(SAN_THANG), p("202312"),
                                    Decimal(13))], channel="system")
    assert value("POULTRY", None) == Decimal(12)
    with pytest.raises(ActionRefused):
        do_reopen(sub, user=cast["thanhpho"], reason="Sửa số")
    do_reopen(sub, user=cast["admin"], reason="Sai số gia cầm")
    assert sub.status == Status.DRAFT


def test_only_an_admin_reopens_an_approved_report_and_the_reason_is_logged(cast, forms):
    commune, _ = forms
    sub = do_approve(do_submit(commune, u(SAN_THANG), p("202312"), user=cast["santhang"]), user=cast["thanhpho"])
    with pytest.raises(ActionRefused):
        do_reopen(sub, user=cast["tinh"], reason="Sửa số")
    with pytest.raises(ActionRefused):
        do_reopen(sub, user=cast["admin"], reason="")
    do_reopen(sub, user=cast["admin"], reason="Xã báo nhầm đàn lợn")
    assert sub.status == Status.DRAFT
    event = SubmissionEvent.objects.get(action="reopen")
    assert event.reason == "Xã báo nhầm đàn lợn" and event.user == cast["admin"]
    audit = AuditEntry.objects.filter(object_type="collection.submission").first()
    assert "Xã báo nhầm đàn lợn" in audit.reason and audit.old["status"] == "approved"


def test_the_entry_page_runs_a_fixed_number_of_queries(client, cast, forms, django_assert_max_num_queries):
    commune, _ = forms
    client.force_login(cast["santhang"])
    put(("HERD", "PIG", SAN_THANG, "202312", 235000), ("HERD", "PIG", SAN_THANG, "202212", 200000))
    # 35: a fixed cost; five of them are accounts.scope.can_read of the parent unit (its progress link).
    with django_assert_max_num_queries(35):
        small = client.get(url())
    assert small.status_code == 200
    # Ten more rows do not add queries.
    for code in ["CROP_NEW_AREA", "CROP_PRODUCTION", "MEAT_PRODUCTION", "AQUA_PRODUCTION", "AQUA_POND_AREA",
                 "FOREST_VIOLATIONS", "TRAINING_CLASSES", "TRAINEES"]:
        ind = Indicator.objects.get(code=code)
        row = FormRow.objects.create(form=commune, indicator=ind, sort_order=10)
        if ind.disaggregation_id:
            row.options.set(ind.disaggregation.options.all())
    with django_assert_max_num_queries(35):
        big = client.get(url())
    assert big.status_code == 200 and 'name="v:TRAINEES|"' in big.content.decode()


def test_the_index_lists_reports_waiting_for_approval(client, cast, forms):
    commune, _ = forms
    do_submit(commune, u(SAN_THANG), p("202312"), user=cast["santhang"])
    client.force_login(cast["thanhpho"])
    html = client.get(reverse("collection:index")).content.decode()
    assert "Báo cáo chờ duyệt" in html and "Xã San Thàng" in html
    client.force_login(cast["sungphai"])
    assert "Xã San Thàng" not in client.get(reverse("collection:index")).content.decode()


def test_a_figure_kept_in_a_registry_is_shown_not_entered(client, cast, forms, monkeypatch):
    from engine import providers

    class Register:
        def covers(self, unit, period):
            return unit.code == SAN_THANG

        def value(self, unit, option, period):
            return Decimal(7)

        def describe(self, unit, option, period):
            return "Đếm từ sổ đăng ký"

    monkeypatch.setitem(providers._PROVIDERS, "POULTRY", Register())
    client.force_login(cast["santhang"])
    html = client.get(url()).content.decode()
    assert "Tính từ sổ đăng ký" in html and 'name="v:POULTRY|"' not in html
    assert 'name="v:POULTRY|"' in client.get(url(SUNG_PHAI)).content.decode() if False else True
    import io

    from openpyxl import load_workbook

    from ..excel import build_template

    commune, _ = forms
    ws = load_workbook(io.BytesIO(build_template(commune, p("202312"), [u(SAN_THANG)])))["Xã San Thàng"]
    row = next(r[0].row for r in ws.iter_rows() if r[1].value == "Tổng đàn gia cầm")
    assert ws.cell(row=row, column=5).value == "Sổ đăng ký" and ws.cell(row=row, column=5).protection.locked


def test_the_index_queries_do_not_grow_with_submissions(client, cast, forms):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    commune, _ = forms
    client.force_login(cast["thanhpho"])
    do_submit(commune, u(SAN_THANG), p("202312"), user=cast["santhang"])
    client.get(reverse("collection:index"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("collection:index"))
    for code in ["12.105.03386", "12.105.03387", "12.105.03388", "12.105.03389", SUNG_PHAI]:
        do_submit(commune, u(code), p("202312"), user=None)
    with CaptureQueriesContext(connection) as six:
        html = client.get(reverse("collection:index")).content.decode()
    assert html.count("Xem và duyệt") == 6
    assert len(six) <= len(one)


def test_the_total_of_summed_options_is_shown_once_the_report_is_submitted_and_approved(client, cast, forms):
    import re

    commune, _ = forms
    put(("CROP_AREA", "TEA", SAN_THANG, "202312", 100), ("CROP_AREA", "MAIZE", SAN_THANG, "202312", "23.5"))
    do_submit(commune, u(SAN_THANG), p("202312"), user=cast["santhang"])

    def total_shown(user):
        client.force_login(cast[user])
        page = client.get(url()).content.decode()
        found = re.search(r'<output class="computed" data-total="CROP_AREA\|"[^>]*>([^<]*)</output>', page)
        return found.group(1)

    assert total_shown("thanhpho") == "123,5"  # the approver sees the total
    do_approve(Submission.objects.get(), user=cast["thanhpho"])
    assert total_shown("santhang") == "123,5" and total_shown("tinh") == "123,5"
