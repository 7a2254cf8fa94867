"""Offices and tasks: overdue is computed, scope, the update form, import, demo, reminders, reports."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from audit.models import AuditEntry
from bacthang.lib.importing import ImportFailed
from tasks import actions
from tasks.importing import import_tasks
from tasks.models import Office, OfficeSuccession, Status, Task, TaskUpdate
from tasks.reporting import task_paragraphs
from tasks.scope import my_offices, visible_tasks
from tasks.templatetags.tasks_tags import my_tasks_for
from units.models import Unit

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def office(name, code) -> Office:
    return Office.objects.create(name=name, unit=Unit.objects.get(code=code))


def task(ref, lead, **kw) -> Task:
    t, _ = actions.do_save_task(user=None, channel="system", reference=ref, text=kw.pop("text", f"Nhiệm vụ {ref}"),
                                lead=lead, **kw)
    return t


# ------------------------------------------------------------------ overdue is computed, never set
def test_a_task_past_its_deadline_and_not_complete_is_overdue():
    t = task("T1", office("Phòng Kinh tế", "12.105"), deadline=TODAY - dt.timedelta(days=1))
    assert t.is_overdue() and t.status_label() == "Quá hạn"
    assert not t.is_overdue(TODAY - dt.timedelta(days=1))  # on the deadline itself it is not late yet
    assert t.status == Status.NOT_STARTED  # nothing stored says "overdue"


def test_completing_an_overdue_task_ends_its_overdue_state():
    t = task("T1", office("Phòng Kinh tế", "12.105"), deadline=TODAY - dt.timedelta(days=10))
    actions.do_update_task(t, user=None, channel="system", on=TODAY, status=Status.DONE, note="Đã ban hành quy chế.")
    t.refresh_from_db()
    assert t.status == Status.DONE and not t.is_overdue()


def test_a_task_without_a_deadline_is_never_overdue():
    t = task("T1", office("Phòng Kinh tế", "12.105"), recurrence="thuong_xuyen")
    assert not t.is_overdue(dt.date(2099, 1, 1))


def test_overdue_cannot_be_chosen_as_a_status():
    t = task("T1", office("Phòng Kinh tế", "12.105"), deadline=TODAY - dt.timedelta(days=1))
    with pytest.raises(actions.Refused, match="quá hạn do hệ thống tự tính"):
        actions.do_update_task(t, user=None, channel="system", on=TODAY, status="qua_han")
    assert not TaskUpdate.objects.exists()


def test_the_status_follows_the_latest_update_by_date_not_by_entry_order():
    t = task("T1", office("Phòng Kinh tế", "12.105"))
    actions.do_update_task(t, user=None, channel="system", on=dt.date(2023, 9, 1), status=Status.DONE, note="Xong.")
    actions.do_update_task(t, user=None, channel="system", on=dt.date(2023, 6, 1), status=Status.IN_PROGRESS)
    t.refresh_from_db()
    assert t.status == Status.DONE


# ------------------------------------------------------------------ scope
def test_a_commune_user_sees_only_tasks_of_offices_in_scope(city, san_thang, sung_phai):
    mine = task("XA1", office("UBND xã San Thàng", "12.105.03409"))
    other = task("XA2", office("UBND xã Sùng Phài", "12.105.03403"))
    city_task = task("TP1", office("Phòng Kinh tế", "12.105"))
    assert set(visible_tasks(san_thang)) == {mine}
    assert set(visible_tasks(city)) == {mine, other, city_task}
    c = client(san_thang)
    assert c.get(f"/nhiem-vu/{mine.pk}/").status_code == 200
    assert c.get(f"/nhiem-vu/{other.pk}/").status_code == 404
    assert c.get(f"/nhiem-vu/{city_task.pk}/").status_code == 404
    listing = c.get("/nhiem-vu/").content.decode()
    assert "Nhiệm vụ XA1" in listing and "Nhiệm vụ XA2" not in listing and "Nhiệm vụ TP1" not in listing
    sheet = openpyxl.load_workbook(io.BytesIO(c.get("/nhiem-vu/xuat-excel/").content)).active
    assert [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)] == ["XA1"]


def test_a_supporting_office_in_scope_makes_the_task_visible_but_not_updatable(san_thang):
    t = task("TP1", office("Phòng Kinh tế", "12.105"), supporting=[office("UBND xã San Thàng", "12.105.03409")])
    c = client(san_thang)
    assert c.get(f"/nhiem-vu/{t.pk}/").status_code == 200
    r = c.post(f"/nhiem-vu/{t.pk}/cap-nhat/", {"on": TODAY.isoformat(), "status": Status.IN_PROGRESS})
    assert r.status_code == 403 and not TaskUpdate.objects.exists()


def test_a_commune_user_cannot_update_another_communes_task(san_thang):
    other = task("XA2", office("UBND xã Sùng Phài", "12.105.03403"))
    r = client(san_thang).post(f"/nhiem-vu/{other.pk}/cap-nhat/", {"on": TODAY.isoformat(), "status": "dang"})
    assert r.status_code == 404 and not TaskUpdate.objects.exists()


def test_a_leader_reads_but_does_not_update(leader):
    t = task("TP1", office("Phòng Kinh tế", "12.105"))
    c = client(leader)
    assert c.get(f"/nhiem-vu/{t.pk}/").status_code == 200
    assert c.post(f"/nhiem-vu/{t.pk}/cap-nhat/", {"on": TODAY.isoformat(), "status": "dang"}).status_code == 403


def test_the_successor_office_inherits_its_predecessors_open_tasks(make_user):
    old = office("UBND xã San Thàng", "12.105.03409")
    new = office("UBND phường Tân Phong", "12.03408")
    OfficeSuccession.objects.create(predecessor=old, successor=new)
    t = task("XA1", old)
    user = make_user("tanphong", "commune", "12.03408")
    assert old.pk in my_offices(user)
    panel = my_tasks_for(user)
    assert [r.pk for r in panel["rows"]] == [t.pk]


# ------------------------------------------------------------------ the update form
def test_an_officer_records_progress_with_evidence_and_it_is_audited(san_thang):
    t = task("XA1", office("UBND xã San Thàng", "12.105.03409"))
    pdf = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 minh chung", content_type="application/pdf")
    r = client(san_thang).post(f"/nhiem-vu/{t.pk}/cap-nhat/", {
        "on": "2023-06-15", "status": Status.IN_PROGRESS, "note": "Đã tuyên truyền ở 5 bản.", "evidence": pdf})
    assert r.status_code == 302
    u = TaskUpdate.objects.get()
    assert (u.on, u.status, u.user, u.evidence_name) == (dt.date(2023, 6, 15), "dang", san_thang, "bien-ban.pdf")
    assert AuditEntry.objects.filter(object_type="tasks.taskupdate", object_id=u.pk, username="st").exists()
    download = client(san_thang).get(f"/nhiem-vu/minh-chung/{u.pk}/")
    assert download.status_code == 200 and download.content == b"%PDF-1.4 minh chung"


@pytest.mark.parametrize("name,content,message", [
    ("virus.exe", b"MZ\x90\x00", "phải là tệp PDF"),
    ("gia-mao.pdf", b"<html>not a pdf</html>", "không đúng định dạng .pdf"),
    ("rong.png", b"", "tệp rỗng"),
    ("lon.pdf", b"%PDF" + b"0" * (5 * 1024 * 1024), "quá lớn"),
])
def test_bad_evidence_is_refused_in_vietnamese_and_nothing_is_stored(san_thang, name, content, message):
    t = task("XA1", office("UBND xã San Thàng", "12.105.03409"))
    before = AuditEntry.objects.count()
    r = client(san_thang).post(f"/nhiem-vu/{t.pk}/cap-nhat/", {
        "on": "2023-06-15", "status": "dang", "evidence": SimpleUploadedFile(name, content)})
    assert r.status_code == 400 and message in r.content.decode()
    assert not TaskUpdate.objects.exists() and AuditEntry.objects.count() == before


def test_another_communes_evidence_cannot_be_downloaded(san_thang):
    other = task("XA2", office("UBND xã Sùng Phài", "12.105.03403"))
    u = actions.do_update_task(other, user=None, channel="system", on=TODAY, status="dang",
                               evidence=SimpleUploadedFile("a.pdf", b"%PDF-1.4"))
    assert client(san_thang).get(f"/nhiem-vu/minh-chung/{u.pk}/").status_code == 404


# ------------------------------------------------------------------ filters
def test_the_list_filters_by_office_status_and_deadline(city):
    pkt, tckh = office("Phòng Kinh tế", "12.105"), office("Phòng Tài chính - Kế hoạch", "12.105")
    task("A", pkt, deadline=TODAY - dt.timedelta(days=5))
    task("B", pkt, deadline=TODAY + dt.timedelta(days=30))
    task("C", tckh, recurrence="hang_nam")
    c = client(city)

    def refs(query):
        sheet = openpyxl.load_workbook(io.BytesIO(c.get("/nhiem-vu/xuat-excel/", query).content)).active
        return sorted(r[0] for r in sheet.iter_rows(min_row=2, values_only=True))

    assert refs({"co-quan": pkt.pk}) == ["A", "B"]
    assert refs({"trang-thai": "qua-han"}) == ["A"]
    assert refs({"trang-thai": "chua"}) == ["B", "C"]
    assert refs({"han-den": TODAY.isoformat()}) == ["A"]
    assert refs({"han-tu": TODAY.strftime("%d/%m/%Y")}) == ["B"]
    assert "không hợp lệ" in c.get("/nhiem-vu/", {"han-tu": "31/02/2023"}).content.decode()


# ------------------------------------------------------------------ import
HEADER = "mã,văn bản,mục,nội dung,cơ quan chủ trì,địa bàn,cơ quan phối hợp,địa bàn liên quan,chỉ tiêu,hạn,lặp lại\n"


def test_a_task_file_twice_changes_nothing_the_second_time():
    office("Phòng Kinh tế", "12.105")
    data = (HEADER + "K1,Báo cáo 752-TB/TU,II.1,Rà soát mã số vùng trồng,Phòng Kinh tế,12.105,,12.105,,31/12/2023,\n")
    assert import_tasks(data.encode(), "t.csv") == {"tasks": 1, "changed": 1}
    audits = AuditEntry.objects.count()
    assert import_tasks(data.encode(), "t.csv") == {"tasks": 1, "changed": 0}
    assert AuditEntry.objects.count() == audits
    t = Task.objects.get()
    assert (t.document, t.deadline, t.programme) == ("Báo cáo 752-TB/TU", dt.date(2023, 12, 31), None)


def test_a_task_file_with_a_bad_row_writes_nothing_and_names_the_line():
    office("Phòng Kinh tế", "12.105")
    data = (HEADER + "K1,,,Nhiệm vụ một,Phòng Kinh tế,12.105,,,,31/12/2023,\n"
            "K2,,,Nhiệm vụ hai,Phòng Không Có,12.105,,,,32/12/2023,hằng tháng\n")
    with pytest.raises(ImportFailed) as e:
        import_tasks(data.encode(), "t.csv")
    text = str(e.value)
    assert "Dòng 3" in text and "Phòng Không Có" in text and "32/12/2023" in text and "hằng tháng" in text
    assert not Task.objects.exists()


def test_a_commune_officer_cannot_import_tasks_for_the_city(san_thang):
    office("Phòng Kinh tế", "12.105")
    data = HEADER + "K1,,,Nhiệm vụ,Phòng Kinh tế,12.105,,,,31/12/2023,\n"
    with pytest.raises(ImportFailed, match="không được giao nhiệm vụ"):
        import_tasks(data.encode(), "t.csv", user=san_thang)
    assert not Task.objects.exists()


# ------------------------------------------------------------------ demo, home page, reminders, reports
def test_the_demo_holds_seed_002s_tasks_with_offices_deadlines_two_updates_and_one_overdue(demo_tasks):
    tasks = Task.objects.filter(programme__code="KH-2023-TPLC")
    by_office = {}
    for t in tasks.filter(lead__unit__code="12.105").select_related("lead"):
        by_office[t.lead.name] = by_office.get(t.lead.name, 0) + 1
    assert by_office["Phòng Kinh tế"] == 6 and by_office["Phòng Tài chính - Kế hoạch"] == 1
    assert by_office["Trung tâm Dịch vụ Nông nghiệp"] == 3
    assert by_office["Trung tâm Văn hóa - Thể thao & Truyền thông"] == 2
    assert tasks.filter(lead__name="UBND xã San Thàng").count() == 7
    assert tasks.filter(updates__isnull=False).distinct().count() == 2
    assert [t.reference for t in tasks if t.is_overdue()] == ["KH2023-PKT-1"]
    assert tasks.filter(deadline__isnull=False).count() >= 2
    # Offices of the old city end with it; their work moved on (the 2025 reform).
    pkt = Office.objects.get(name="Phòng Kinh tế")
    assert pkt.valid_to == dt.date(2025, 6, 30)
    assert pkt.successions.get().successor.unit.code == "12"


def test_the_demo_loader_twice_changes_nothing(demo_tasks):
    from tasks.demo import load_demo_tasks

    before = AuditEntry.objects.count()
    load_demo_tasks()
    assert AuditEntry.objects.count() == before


def test_thanhpho_home_page_lists_the_citys_tasks(demo_tasks, city):
    page = client(city).get("/").content.decode()
    assert "Nhiệm vụ của tôi" in page
    assert "Tham mưu quy chế làm việc của Ban chỉ đạo" in page and "Quá hạn" in page
    assert "Đang thực hiện" in page


def test_a_commune_home_page_lists_only_its_committees_tasks(demo_tasks, sung_phai):
    panel = my_tasks_for(sung_phai)
    assert panel["total"] == 7 and {t.lead.name for t in panel["rows"]} == {"UBND xã Sùng Phài"}


def test_the_reminder_lists_tasks_due_within_n_days_and_the_overdue(demo_tasks):
    out = io.StringIO()
    call_command("remind_tasks", "--date", "2023-06-25", "--days", "7", stdout=out)
    text = out.getvalue()
    assert "KH2023-PKT-1" in text and "hạn 30/06/2023" in text  # the one-off task, and quarterly reports
    assert "KH2023-XA-03409-7" in text
    out = io.StringIO()
    call_command("remind_tasks", "--date", "2023-07-02", "--days", "3", stdout=out)
    assert "Quá hạn, chưa hoàn thành: 1 nhiệm vụ" in out.getvalue()


def test_the_report_part_counts_by_status_and_names_the_overdue_with_their_office(demo_tasks):
    paras = task_paragraphs(Unit.objects.get(code="12.105"), dt.date(2023, 12, 31))
    assert paras[0].startswith("Đến ngày 31/12/2023, trong tổng số 63 nhiệm vụ được giao có 1 nhiệm vụ hoàn thành, "
                               "1 nhiệm vụ đang thực hiện, 61 nhiệm vụ chưa thực hiện; trong đó 1 nhiệm vụ quá hạn")
    assert paras[1].startswith("- Quá hạn: Phòng Kinh tế (Thành phố Lai Châu) — Tham mưu quy chế")
    # Before the updates happened, nothing was done yet.
    early = task_paragraphs(Unit.objects.get(code="12.105"), dt.date(2023, 3, 1))
    assert "63 nhiệm vụ chưa thực hiện." in early[0]
    assert task_paragraphs(Unit.objects.get(code="02"), dt.date(2023, 12, 31)) == []


def test_the_monthly_report_gains_the_task_part(demo_tasks):
    from reports.builders.monthly import MonthlyBuilder

    report = MonthlyBuilder(Unit.objects.get(code="12.105"), "202312").compose()
    texts = [b.text for b in report.blocks]
    head = next(i for i, t in enumerate(texts) if t.endswith("Tình hình thực hiện nhiệm vụ"))
    assert texts[head][0].isdigit() and "quá hạn" in texts[head + 1]
    second = next(i for i, b in enumerate(report.blocks) if b.level == 1 and i > 0)
    assert head < second  # inside part I, before the next month's tasks


def test_the_task_list_its_export_and_the_home_panel_do_not_run_a_query_per_task(demo_tasks, city,
                                                                                django_assert_max_num_queries):
    c = client(city)
    with django_assert_max_num_queries(25):
        assert c.get("/nhiem-vu/", {"van-ban": "KH-2023-TPLC"}).status_code == 200
    with django_assert_max_num_queries(25):
        assert c.get("/nhiem-vu/xuat-excel/").status_code == 200
    with django_assert_max_num_queries(15):
        assert my_tasks_for(city)["total"] == 13


def test_a_province_officer_manages_the_offices_of_the_territory_in_the_admin(make_user):
    from django.contrib.auth import get_user_model

    officer = make_user("so_admin", "province", "12")
    officer.is_staff = True
    officer.save()
    mine, theirs = office("Phòng Kinh tế", "12.105"), office("Phòng Nông nghiệp", "02.026")
    c = client(officer)
    assert c.get(f"/admin/tasks/office/{mine.pk}/change/").status_code == 200
    assert c.get(f"/admin/tasks/office/{theirs.pk}/change/").status_code in (302, 404)
    member = get_user_model().objects.create_user("canbo", password="x")
    r = c.post(f"/admin/tasks/office/{mine.pk}/change/", {
        "name": "Phòng Kinh tế", "kind": "phong", "unit": mine.unit_id, "aliases": "", "valid_from": "",
        "valid_to": "", "officemember_set-TOTAL_FORMS": "1", "officemember_set-INITIAL_FORMS": "0",
        "officemember_set-0-user": member.pk, "officemember_set-0-office": mine.pk})
    assert r.status_code == 302, r.content.decode()[:2000]
    assert list(mine.members.all()) == [member]
    assert AuditEntry.objects.filter(object_type="tasks.office", object_id=mine.pk, channel="admin").exists()
