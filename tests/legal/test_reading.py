"""Read tracking: the department assigns a document, staff confirm they read it, units and
the department follow progress (table, chart, Excel), reminders, home-page tasks."""

import datetime
from io import BytesIO

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from tdkt.accounts.models import Role
from tdkt.accounts.scoping import Scope
from tdkt.audit.models import Action
from tdkt.legal.models import Reading, ReadingAssignment
from tdkt.legal.reading import selectors, services
from tdkt.legal.todo import reading_items as todo_items
from tdkt.notifications.models import Notification
from tdkt.organisation.models import Unit
from tests.factories import make_person, make_user, quiet_seed_context

from .reading_helpers import assignment, document

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def dept(db):
    return make_user("dept_reading", Role.EMULATION_DEPT, "BTP")


def _assign(dept, *codes, whole=False, due_in=10, doc=None):
    return services.assign(dept, document=doc or document(), whole_sector=whole,
                           units=Unit.objects.filter(code__in=codes),
                           due_on=TODAY + datetime.timedelta(days=due_in), note="Đọc kỹ")


# --- assigning ------------------------------------------------------------------------------

def test_department_assigns_through_the_form_and_units_officers_are_told(cast, client_for, dept):
    client = client_for(dept)
    response = client.post(reverse("legal:reading_create"), {
        "document": document().pk, "units": [cast.unit_a.pk],
        "due_on": (TODAY + datetime.timedelta(days=7)).strftime("%d/%m/%Y"), "note": "Đọc kỹ"})
    assert response.status_code == 302
    a = ReadingAssignment.objects.get()
    assert list(a.units.values_list("code", flat=True)) == ["STP-01"] and not a.whole_sector
    assert Action.objects.filter(verb="legal.reading_assigned", target_id=str(a.pk)).exists()
    notice = Notification.objects.get(unit=cast.unit_a)
    assert "06/2022/QH15" in notice.message and notice.due_on == a.due_on
    assert not Notification.objects.filter(unit=cast.unit_b).exists()


def test_assign_form_refuses_no_target_and_a_past_deadline_in_vietnamese(cast, client_for, dept):
    body = client_for(dept).post(reverse("legal:reading_create"), {
        "document": document().pk,
        "due_on": (TODAY - datetime.timedelta(days=1)).strftime("%d/%m/%Y")}).content.decode()
    assert "Chọn toàn ngành hoặc ít nhất một đơn vị." in body
    assert "Hạn đọc không được trước ngày hôm nay." in body
    assert not ReadingAssignment.objects.exists()


def test_only_the_department_assigns(cast, client_for, dept):
    for who in (cast.officer_a, cast.head_a, cast.staff_a):
        assert client_for(who).get(reverse("legal:reading_create")).status_code == 403
    with pytest.raises(PermissionDenied):
        _assign(cast.officer_a, "STP-01")


def test_nested_units_are_kept_once(dept, cast):
    a = _assign(dept, "STP-01", "STP-01-VP", "STP-79")
    assert sorted(a.units.values_list("code", flat=True)) == ["STP-01", "STP-79"]


# --- reading and confirming -----------------------------------------------------------------

def test_staff_sees_the_assignment_opens_the_document_and_confirms_once(cast, client_for, dept):
    a = _assign(dept, "STP-01")
    client = client_for(cast.staff_a)
    mine = client.get(reverse("legal:reading_mine")).content.decode()
    assert "06/2022/QH15" in mine and "Chưa đọc" in mine
    page = client.get(reverse("legal:document", args=[a.document.code])).content.decode()
    assert "Tôi đã đọc" in page and 'id="giao-doc"' in page
    url = reverse("legal:reading_confirm", args=[a.pk])
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302  # idempotent
    reading = Reading.objects.get()
    assert reading.person == cast.staff_a.person and reading.user == cast.staff_a
    assert Action.objects.filter(verb="legal.reading_confirmed").count() == 1
    page = client.get(reverse("legal:document", args=[a.document.code])).content.decode()
    assert "Bạn đã xác nhận đọc văn bản này lúc" in page and "Tôi đã đọc</button>" not in page
    assert "Đã đọc" in client.get(reverse("legal:reading_mine")).content.decode()


def test_confirming_needs_a_post(cast, client_for, dept):
    a = _assign(dept, "STP-01")
    assert client_for(cast.staff_a).get(
        reverse("legal:reading_confirm", args=[a.pk])).status_code == 405
    assert not Reading.objects.exists()


def test_public_page_of_the_document_has_no_confirmation(client, cast, dept):
    a = _assign(dept, whole=True)
    body = client.get(reverse("legal_public:document", args=[a.document.code])).content.decode()
    assert "Tôi đã đọc" not in body


# --- attacker first -------------------------------------------------------------------------

def test_staff_cannot_confirm_for_another_person(cast, client_for, dept):
    """Whatever the request names, the reading is the signed-in person's own."""
    a = _assign(dept, "STP-01")
    client = client_for(cast.staff_a)
    client.post(reverse("legal:reading_confirm", args=[a.pk]),
                {"person": cast.person_a.pk, "person_id": cast.person_a.pk,
                 "user": cast.officer_a.pk})
    assert list(Reading.objects.values_list("person_id", flat=True)) == [cast.staff_a.person_id]
    with pytest.raises(PermissionDenied):  # an account without a staff record
        services.confirm(cast.officer_a, a)


def test_nobody_confirms_an_assignment_not_given_to_their_unit(cast, client_for, dept):
    a = _assign(dept, "STP-79")
    response = client_for(cast.staff_a).post(reverse("legal:reading_confirm", args=[a.pk]))
    assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        services.confirm(cast.staff_a, a)
    assert not Reading.objects.exists()


def test_no_one_sees_another_units_table(cast, client_for, dept):
    _assign(dept, "STP-01", "STP-79")
    officer = client_for(cast.officer_a)
    assert officer.get(reverse("legal:reading_unit", args=["STP-79"])).status_code == 404
    assert officer.get(reverse("legal:reading_overview"), {"don_vi": "STP-79"}).status_code == 404
    assert officer.get(reverse("legal:reading_overview"),
                       {"don_vi": "STP-79", "xuat": "xlsx"}).status_code == 404
    assert officer.get(reverse("legal:reading_overview"), {"don_vi": "BTP"}).status_code == 404
    body = officer.get(reverse("legal:reading_unit", args=["STP-01"])).content.decode()
    assert cast.person_a.full_name in body and cast.person_b.full_name not in body


def test_staff_see_their_own_list_but_no_colleagues_table(cast, client_for, dept):
    _assign(dept, "STP-01")
    staff = client_for(cast.staff_a)
    assert staff.get(reverse("legal:reading_unit", args=["STP-01"])).status_code == 404
    assert staff.get(reverse("legal:reading_overview")).status_code == 403


def test_head_reads_the_table_but_cannot_nudge(cast, client_for, dept):
    a = _assign(dept, "STP-01")
    head = client_for(cast.head_a)
    body = head.get(reverse("legal:reading_unit", args=["STP-01"])).content.decode()
    assert cast.person_a.full_name in body and ">Nhắc</button>" not in body
    assert head.post(reverse("legal:reading_nudge", args=[a.pk, "STP-01"])).status_code == 403


def test_officer_cannot_nudge_another_unit(cast, client_for, dept):
    a = _assign(dept, "STP-01", "STP-79")
    url = reverse("legal:reading_nudge", args=[a.pk, "STP-79"])
    assert client_for(cast.officer_a).post(url).status_code == 404
    with pytest.raises(PermissionDenied):
        services.nudge(cast.officer_a, a, cast.unit_b)


# --- unit tables, reminders -----------------------------------------------------------------

def test_unit_table_shows_who_read_and_who_is_overdue(cast, client_for, dept):
    a = assignment("STP-01", due_on=TODAY - datetime.timedelta(days=2))
    services.confirm(cast.staff_a, a)
    client = client_for(cast.officer_a)
    body = client.get(reverse("legal:reading_unit", args=["STP-01"])).content.decode()
    assert "1/2" in body  # staff A read; person A (the office) has not
    only = client.get(reverse("legal:reading_unit", args=["STP-01"]),
                      {"chua_doc": a.pk}).content.decode()
    assert cast.person_a.full_name in only and cast.staff_a.person.full_name not in only
    assert "Quá hạn" in only


def test_officer_nudges_unread_readers_once_a_day(cast, client_for, dept):
    a = _assign(dept, "STP-01")
    reader = make_user("reader_a", Role.STAFF, "STP-01", person=cast.person_a)
    services.confirm(cast.staff_a, a)
    client = client_for(cast.officer_a)
    client.post(reverse("legal:reading_nudge", args=[a.pk, "STP-01"]))
    notes = Notification.objects.filter(kind="reminder")
    assert list(notes.values_list("user_id", flat=True)) == [reader.pk]  # not staff A: read
    assert services.nudge(cast.officer_a, a, cast.unit_a) == 0  # same day: nothing more
    assert services.nudge(cast.officer_a, a, cast.unit_a,
                          today=TODAY + datetime.timedelta(days=1)) == 1
    assert Action.objects.filter(verb="legal.reading_reminded").count() == 3


def test_daily_reminders_are_idempotent_and_tell_the_officers_of_overdue(cast, dept):
    reader = make_user("reader_a", Role.STAFF, "STP-01", person=cast.person_a)
    soon = assignment("STP-01", due_on=TODAY + datetime.timedelta(days=3))
    late = assignment("STP-01", due_on=TODAY - datetime.timedelta(days=3),
                      doc=document("nd_152_2025", "152/2025/NĐ-CP", "Nghị định"))
    first = services.send_reminders(TODAY, 7)
    assert services.send_reminders(TODAY, 7) == 0
    mine = Notification.objects.filter(user=reader)
    assert mine.count() == 2 and first >= 3
    officer_notice = Notification.objects.get(unit=cast.unit_a, user=None)
    assert "Còn 2 cán bộ chưa xác nhận đã đọc" in officer_notice.message
    assert {n.due_on for n in mine} == {soon.due_on, late.due_on}


def test_reminder_command_runs(cast, dept):
    from io import StringIO

    from django.core.management import call_command

    make_user("reader_a", Role.STAFF, "STP-01", person=cast.person_a)
    assignment("STP-01", due_on=TODAY + datetime.timedelta(days=2))
    out = StringIO()
    call_command("send_reading_reminders", "--date", TODAY.strftime("%d/%m/%Y"), stdout=out)
    assert "Đã tạo 2 thông báo nhắc đọc văn bản." in out.getvalue()  # reader A, staff A


# --- the department's picture ---------------------------------------------------------------

def _populate(n_people_per_unit: int):
    """Staff in a dozen Sở and their offices; every third one has read the Law."""
    units = list(Unit.objects.filter(code__regex=r"^STP-\d\d(-VP)?$").order_by("code")[:24])
    law = assignment(whole=True, due_on=TODAY - datetime.timedelta(days=1))
    decree = assignment("STP-01", "STP-79", doc=document("nd_152_2025", "152/2025/NĐ-CP", "NĐ"))
    people = [make_person(u.code, f"Nguyễn Văn {chr(65 + i % 26)}") for u in units
              for i in range(n_people_per_unit)]
    Reading.objects.bulk_create(
        [Reading(assignment=law, person=p, read_at=timezone.now())
         for p in people[::3]])
    return law, decree, people


def test_sector_table_counts_reads_totals_and_overdue(cast, client_for, dept):
    law, decree, people = _populate(2)
    total = Unit.objects.get(code="BTP")
    pic = selectors.picture(total, [law, decree], TODAY)
    khoi = next(r for r in pic.rows if r.unit.code == "KHOI-STP")
    people_in_khoi = len(people) + 3  # the cast's three people are in STP-01 and STP-79
    assert khoi.cells[0].total == people_in_khoi
    assert khoi.cells[0].read == len(people[::3])
    assert khoi.cells[0].overdue == people_in_khoi - len(people[::3])
    assert khoi.cells[1].overdue == 0 and khoi.cells[1].read == 0  # not yet due
    drill = selectors.picture(khoi.unit, [law, decree], TODAY)
    hn = next(r for r in drill.rows if r.unit.code == "STP-01")
    assert hn.cells[1].applies and hn.cells[1].total == 2 + 2 + 2  # Sở, VP, cast (A, staff)
    other = next(r for r in drill.rows if r.unit.code not in ("STP-01", "STP-79"))
    assert not other.cells[1].applies


@pytest.mark.parametrize("per_unit", [1, 4])
def test_sector_page_runs_a_constant_number_of_queries(cast, client_for, dept, per_unit,
                                                      django_assert_max_num_queries):
    _populate(per_unit)
    client = client_for(dept)
    with django_assert_max_num_queries(16):
        assert client.get(reverse("legal:reading_overview")).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(reverse("legal:reading_overview"),
                          {"don_vi": "KHOI-STP"}).status_code == 200
    with django_assert_max_num_queries(18):
        assert client.get(reverse("legal:reading_unit", args=["KHOI-STP"])).status_code == 200


def test_sector_page_shows_chart_and_table(cast, client_for, dept):
    _populate(1)
    body = client_for(dept).get(reverse("legal:reading_overview")).content.decode()
    assert "Tiến độ đọc văn bản" in body and "data-chart-option" in body
    assert "Khối Sở Tư pháp" in body and "Quá hạn chưa đọc" in body
    assert "legal.reading" not in body and "whole_sector" not in body


def test_excel_export_holds_the_figures_and_never_a_formula(cast, client_for, dept):
    law, _, people = _populate(1)
    unit = Unit.objects.filter(code__regex=r"^STP-\d\d$").exclude(
        code__in=["STP-01", "STP-79"]).order_by("code").first()
    Unit.objects.filter(pk=unit.pk).update(name="=HYPERLINK(\"http://x\",\"y\")")
    response = client_for(dept).get(reverse("legal:reading_overview"),
                                    {"don_vi": "KHOI-STP", "xuat": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = openpyxl.load_workbook(BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[1] == ("Mã đơn vị", "Đơn vị", "Văn bản", "Hạn đọc", "Đã đọc",
                       "Số cán bộ được giao", "Tỷ lệ đã đọc (%)", "Quá hạn chưa đọc")
    by_key = {(r[0], r[2]): r for r in rows[2:]}
    hn = by_key["STP-01", "Luật 06/2022/QH15"]
    assert hn[4:] == (1, 4, 25.0, 3)  # VP, Sở, person A, staff A; one read
    assert by_key["STP-01", "Luật 152/2025/NĐ-CP"][4] == 0
    evil = next(c for row in ws.iter_rows() for c in row if c.value and
                str(c.value).startswith("=HYPERLINK"))
    assert evil.data_type == "s"


# --- home page ------------------------------------------------------------------------------

def test_home_tasks_left_to_read_and_overdue_readers(cast, dept):
    a = _assign(dept, "STP-01")
    late = assignment("STP-01", due_on=TODAY - datetime.timedelta(days=1),
                      doc=document("nd_152_2025", "152/2025/NĐ-CP", "Nghị định"))
    staff_items = todo_items(cast.staff_a, Scope(cast.staff_a), TODAY)
    assert [(i.title, i.count, i.due_on) for i in staff_items] == [
        ("Văn bản cần đọc", 2, late.due_on)]
    services.confirm(cast.staff_a, a)
    assert todo_items(cast.staff_a, Scope(cast.staff_a), TODAY)[0].count == 1
    officer = {i.title: i.count for i in todo_items(cast.officer_a, Scope(cast.officer_a),
                                                     TODAY)}
    assert officer == {"Cán bộ chưa đọc văn bản đã quá hạn": 2}
    assert todo_items(cast.officer_b, Scope(cast.officer_b), TODAY) == []


@pytest.mark.parametrize("per_unit", [1, 4])
def test_home_tasks_constant_queries(cast, dept, per_unit, django_assert_max_num_queries):
    _populate(per_unit)
    thuongtruc = make_user("tt", Role.EMULATION_DEPT, "BTP", person=cast.person_a)
    with django_assert_max_num_queries(7):
        found = todo_items(thuongtruc, Scope(thuongtruc), TODAY)
    assert {i.title for i in found} == {"Văn bản cần đọc", "Cán bộ chưa đọc văn bản đã quá hạn"}


def test_home_page_shows_left_to_read(cast, client_for, dept):
    _assign(dept, "STP-01")
    body = client_for(cast.staff_a).get("/").content.decode()
    assert "Văn bản cần đọc" in body and reverse("legal:reading_mine") in body


def test_service_refuses_past_deadline(dept):
    with pytest.raises(ValidationError):
        services.assign(dept, document=document(), whole_sector=True,
                        due_on=TODAY - datetime.timedelta(days=1))


def test_demo_gives_three_documents_with_a_spread_and_leaves_nhanvien_one_to_read(db):
    from tdkt.legal import demo

    make_user("thuongtruc", Role.EMULATION_DEPT, "BTP")
    nv = make_user("nhanvien.stp01", Role.STAFF, "STP-01",
                   person=make_person("STP-01-HCBT", "Phạm Minh Đức"))
    for code in ("STP-01", "STP-01-VP", "STP-79", "TCCB", "VP", "THADS-79"):
        for i in range(6):
            make_person(code, f"Nguyễn Văn {chr(65 + i)}")
    demo.seed(quiet_seed_context())
    demo.seed(quiet_seed_context())  # idempotent
    assert ReadingAssignment.objects.count() == 3
    law = ReadingAssignment.objects.get(document__code="luat_06_2022")
    assert law.whole_sector and law.due_on < TODAY
    readers = selectors.picture(Unit.objects.get(code="BTP"), [law], TODAY).totals[0]
    assert 0 < readers.read < readers.total and readers.overdue == readers.total - readers.read
    assert not Reading.objects.filter(read_at__date__gt=TODAY).exists()
    left = [i for i in todo_items(nv, Scope(nv), TODAY) if i.title == "Văn bản cần đọc"]
    assert left and left[0].count >= 1
    decree = ReadingAssignment.objects.get(document__code="nd_152_2025")
    assert not Reading.objects.filter(assignment=decree, person=nv.person).exists()
