"""Reviews: the year-end sector report's figures against independent counts, the .docx fully
filled, calls / sending / tracking / reminders, scope (attacker tests), query counts."""

import datetime
import io
import random

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from docx import Document

from tdkt.accounts.models import Role
from tdkt.accounts.scoping import Scope
from tdkt.history.models import PersonAward, PersonTitle, UnitAward, UnitTitle
from tdkt.organisation.models import Unit
from tdkt.reports import docx as report_docx
from tdkt.reports import figures, services, todo
from tdkt.reports.models import ReviewCall, ReviewKind, UnitReport
from tests.documents.test_stats_sums import generate
from tests.factories import make_user

pytestmark = pytest.mark.django_db
D = datetime.date
YEAR = 2025


def docx_bytes(text="Báo cáo của đơn vị"):
    doc = Document()
    doc.add_paragraph(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def upload(name="bao-cao.docx", content=None):
    return SimpleUploadedFile(name, content if content is not None else docx_bytes())


def add_registrations(seed=3):
    from tdkt.movements.models import IndividualRegistration, Movement, Registration
    from tdkt.people.models import Person

    rng = random.Random(seed)
    movements = list(Movement.objects.exclude(status="draft").order_by("pk"))
    units = list(Unit.objects.filter(code__in=["STP-01", "STP-79", "STP-01-VP"]))
    people = list(Person.objects.order_by("pk")[:30])
    for movement in movements:
        for unit in rng.sample(units, 2):
            reg = Registration.objects.create(
                movement=movement, unit=unit,
                status=rng.choice(["not_sent", "submitted", "approved", "returned"]),
                submitted_at=timezone.now())
            for person in rng.sample(people, 3):
                IndividualRegistration.objects.create(registration=reg, person=person,
                                                      title="lao_dong_tien_tien")


def independent(root, year):
    """The report's figures counted differently: Python over every row."""
    from tdkt.movements.models import IndividualRegistration, Movement, Registration

    def under(unit):
        return unit.path.startswith(root.path)

    def in_year(row):
        return row.decision_date.year == year if row.decision_date else row.year == year

    levels = {}
    for model, subject in ((PersonTitle, "individual"), (PersonAward, "individual"),
                           (UnitTitle, "collective"), (UnitAward, "collective")):
        for row in model.objects.select_related("award"):
            unit = row.unit if subject == "collective" else row.person.unit
            if under(unit) and in_year(row):
                key = (row.award.level, subject)
                levels[key] = levels.get(key, 0) + 1
    movements = [m for m in Movement.objects.select_related("launching_unit")
                 if m.year == year and m.status != "draft" and under(m.launching_unit)]
    regs = [r for r in Registration.objects.select_related("unit", "movement")
            if under(r.unit) and r.movement.year == year and r.status != "not_sent"]
    return {
        "levels": levels, "movements": len(movements),
        "thematic": sum(m.kind == "thematic" for m in movements),
        "registrations": len(regs),
        "approved": sum(r.status == "approved" for r in regs),
        "joined": len({r.movement_id for r in regs}),
        "individuals": sum(1 for i in IndividualRegistration.objects.all()
                           if i.registration in regs),
    }


def all_text(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                parts.append(cell.text)
    return "\n".join(parts)


@pytest.mark.parametrize("seed", [11, 12])
def test_year_end_sector_report_matches_independent_counts(cast, seed):
    generate(seed)
    add_registrations(seed)
    btp = Unit.objects.get(code="BTP")
    for root in (btp, cast.unit_a):
        f = figures.gather(root, YEAR, ReviewKind.YEAREND)
        want = independent(root, YEAR)
        before = independent(root, YEAR - 1)
        assert f.movements.now == want["movements"]
        assert f.movements.before == before["movements"]
        assert f.thematic.now == want["thematic"]
        assert f.registrations.now == want["registrations"]
        assert f.registrations_approved.now == want["approved"]
        assert f.joined.now == want["joined"]
        assert f.individual_registrations.now == want["individuals"]
        for line, (level, _) in zip(f.awards, figures.LEVELS, strict=True):
            assert line.collective.now == want["levels"].get((level, "collective"), 0)
            assert line.individual.now == want["levels"].get((level, "individual"), 0)
            assert line.individual.before == before["levels"].get((level, "individual"), 0)
        assert f.awards_total.now == sum(want["levels"].values())
        assert sum(c + i for _, c, i in f.award_types) == f.awards_total.now


def test_the_docx_has_every_figure_filled_and_the_outline(cast):
    generate(21)
    add_registrations(21)
    btp = Unit.objects.get(code="BTP")
    f = figures.gather(btp, YEAR, ReviewKind.YEAREND)
    doc = Document(io.BytesIO(report_docx.build(btp, f)))
    text = all_text(doc)
    assert "{{" not in text and "{%" not in text and "None" not in text
    for heading in ("I. KẾT QUẢ ĐẠT ĐƯỢC", "II. HẠN CHẾ", "III. NGUYÊN NHÂN",
                    "IV. BÀI HỌC KINH NGHIỆM", f"V. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM {YEAR + 1}"):
        assert heading in text
    assert f"Tổng kết công tác thi đua, khen thưởng năm {YEAR}" in text
    assert f"phát động {f.movements.now} phong trào thi đua" in text
    # the award table: one row per level plus the total, every cell a figure
    table = doc.tables[1]
    assert [c.text for c in table.rows[0].cells][:4] == ["Cấp khen thưởng", "Tập thể",
                                                        "Cá nhân", "Cộng"]
    for row, line in zip(table.rows[1:4], f.awards, strict=True):
        assert row.cells[0].text == line.label
        assert row.cells[3].text == str(line.total.now)
        assert row.cells[4].text == str(line.total.before)
    assert table.rows[4].cells[3].text == str(f.awards_total.now)
    assert "[Đơn vị viết:" in text  # the narrative is left for the officer
    assert "chưa có dữ liệu" in text  # exemplars: none yet


def test_mid_year_report_counts_the_first_half_only(cast):
    from tdkt.history.models import AwardType

    bk = AwardType.objects.get(code="bang_khen_bo_truong_bo_tu_phap")
    PersonAward.objects.create(person=cast.person_a, award=bk, year=YEAR,
                               decision_date=D(YEAR, 3, 1))
    PersonAward.objects.create(person=cast.person_b, award=bk, year=YEAR,
                               decision_date=D(YEAR, 9, 1))
    f = figures.gather(Unit.objects.get(code="BTP"), YEAR, ReviewKind.MIDYEAR)
    assert f.awards_total.now == 1
    text = all_text(Document(io.BytesIO(report_docx.build(Unit.objects.get(code="BTP"), f))))
    assert f"6 tháng đầu năm {YEAR}" in text and f"6 THÁNG CUỐI NĂM {YEAR}" in text


def test_gather_uses_a_fixed_number_of_queries(cast):
    btp = Unit.objects.get(code="BTP")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            figures.gather(btp, YEAR, ReviewKind.YEAREND)
        return len(ctx)

    first = count()
    generate(31)
    add_registrations(31)
    assert count() == first


# --- calls, sending, tracking -----------------------------------------------------------


@pytest.fixture
def dept(cast):
    return make_user("vu_tccb_r", Role.EMULATION_DEPT, "BTP")


def make_call(dept, due=None, codes=("STP-01", "STP-79")):
    return services.create_call(
        dept, issuer=Unit.objects.get(code="BTP"), year=YEAR, kind=ReviewKind.YEAREND,
        title=f"Tổng kết năm {YEAR}", due_on=due or D(2099, 12, 31),
        units=Unit.objects.filter(code__in=codes))


def test_department_issues_a_call_and_units_send(cast, dept, client_for):
    client = client_for(dept)
    response = client.post(reverse("reports:call_new"), {
        "title": "Tổng kết 2025", "year": YEAR, "kind": "yearend", "due_on": "15/12/2099",
        "kinds": ["provincial_justice_dept"]})
    call = ReviewCall.objects.get()
    assert response.status_code == 302
    assert call.reports.count() == Unit.objects.filter(kind="provincial_justice_dept").count()
    from tdkt.audit.models import Action

    assert Action.objects.filter(verb="review_call.create").exists()
    from tdkt.notifications.models import Notification

    assert Notification.objects.filter(kind="request", unit=cast.unit_a,
                                       message__contains="Tổng kết 2025").count() == 1
    mine = UnitReport.objects.get(call=call, unit=cast.unit_a)
    officer = client_for(cast.officer_a)
    page = officer.get(reverse("reports:call", args=[call.pk]))
    assert page.status_code == 200 and cast.unit_a.name in page.content.decode()
    assert cast.unit_b.name not in page.content.decode()
    draft = officer.get(reverse("reports:report_draft", args=[mine.pk]))
    assert draft.status_code == 200
    assert "{{" not in all_text(Document(io.BytesIO(draft.content)))
    sent = officer.post(reverse("reports:report_send", args=[mine.pk]),
                        {"file": upload(content=draft.content), "note": "đã ký"})
    assert sent.status_code == 302
    mine.refresh_from_db()
    assert mine.sent_at and mine.file and not mine.is_late
    assert Action.objects.filter(verb="review_report.send").exists()
    # the department downloads it and the consolidated report lists it
    client = client_for(dept)
    assert client.get(reverse("reports:report_file", args=[mine.pk])).status_code == 200
    consolidated = client.get(reverse("reports:call_consolidate", args=[call.pk]))
    text = all_text(Document(io.BytesIO(consolidated.content)))
    assert cast.unit_a.name in text and "Đã nhận báo cáo của 1 đơn vị" in text
    assert "{{" not in text and "None" not in text


def test_bad_upload_is_refused_with_a_clear_message(cast, dept, client_for):
    call = make_call(dept)
    mine = UnitReport.objects.get(call=call, unit=cast.unit_a)
    officer = client_for(cast.officer_a)
    response = officer.post(reverse("reports:report_send", args=[mine.pk]),
                            {"file": upload("x.docx", b"not a zip")}, follow=True)
    assert "không phải tệp Word" in response.content.decode()
    response = officer.post(reverse("reports:report_send", args=[mine.pk]),
                            {"file": upload("x.exe", b"MZ")}, follow=True)
    assert "Chỉ nhận tệp" in response.content.decode()
    mine.refresh_from_db()
    assert mine.sent_at is None


def test_late_sending_and_tracking_filters(cast, dept, client_for):
    call = make_call(dept, due=D(2020, 1, 1), codes=("STP-01", "STP-79", "STP-08"))
    report = UnitReport.objects.get(call=call, unit=cast.unit_a)
    services.send_report(cast.officer_a, report, upload())
    report.refresh_from_db()
    assert report.is_late
    client = client_for(dept)
    url = reverse("reports:call", args=[call.pk])
    page = client.get(url, {"trang_thai": "gui-muon"}).content.decode()
    assert cast.unit_a.name in page and cast.unit_b.name not in page
    page = client.get(url, {"trang_thai": "chua-gui"}).content.decode()
    assert cast.unit_a.name not in page and cast.unit_b.name in page
    from tdkt.reports.selectors import summary

    assert summary(call) == {"total": 3, "sent": 1, "late": 1, "missing": 2}


def test_tracking_list_query_count_is_constant(cast, dept, client_for):
    call = make_call(dept, codes=("STP-01",))
    client = client_for(dept)
    url = reverse("reports:call", args=[call.pk])
    client.get(url)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    before = count()
    units = Unit.objects.filter(kind="provincial_justice_dept").exclude(code="STP-01")[:30]
    UnitReport.objects.bulk_create([UnitReport(call=call, unit=u) for u in units])
    for r in UnitReport.objects.filter(call=call)[:10]:
        services.send_report(dept, r, upload())
    assert count() == before


def test_reminders_go_through_the_notification_service_once_a_day(cast, dept, client_for):
    from tdkt.notifications.models import Notification

    call = make_call(dept)
    services.send_report(cast.officer_b, UnitReport.objects.get(call=call, unit=cast.unit_b),
                         upload())
    response = client_for(dept).post(reverse("reports:call_remind", args=[call.pk]))
    assert response.status_code == 302
    notes = Notification.objects.filter(kind="reminder", message__contains=call.title)
    assert [n.unit_id for n in notes] == [cast.unit_a.pk]
    assert services.remind(dept, call) == 1  # same day: the key makes it idempotent
    assert notes.count() == 1


# --- scope: attacker tests -------------------------------------------------------------------


def test_a_unit_sees_and_sends_only_its_own(cast, dept, client_for):
    call = make_call(dept)
    theirs = UnitReport.objects.get(call=call, unit=cast.unit_b)
    services.send_report(cast.officer_b, theirs, upload())
    attacker = client_for(cast.officer_a)
    assert attacker.post(reverse("reports:report_send", args=[theirs.pk]),
                         {"file": upload()}).status_code == 404
    assert attacker.get(reverse("reports:report_file", args=[theirs.pk])).status_code == 404
    assert attacker.get(reverse("reports:report_draft", args=[theirs.pk])).status_code == 404
    # the call page shows unit A's row only; consolidation and reminders are the issuer's
    page = attacker.get(reverse("reports:call", args=[call.pk])).content.decode()
    assert cast.unit_b.name not in page
    assert attacker.get(reverse("reports:call_consolidate", args=[call.pk])).status_code == 404
    assert attacker.post(reverse("reports:call_remind", args=[call.pk])).status_code == 404
    assert attacker.get(reverse("reports:call_new")).status_code == 403
    # another unit's report, generated from the data: not outside the scope
    assert attacker.get(reverse("reports:generate"), {
        "don_vi": "STP-79", "nam": YEAR, "loai": "yearend"}).status_code == 404
    assert attacker.get(reverse("reports:generate"), {
        "don_vi": "BTP", "nam": YEAR, "loai": "yearend"}).status_code == 404


def test_a_unit_outside_the_call_does_not_see_it(cast, dept, client_for):
    call = make_call(dept, codes=("STP-79",))
    assert client_for(cast.officer_a).get(
        reverse("reports:call", args=[call.pk])).status_code == 404
    index = client_for(cast.officer_a).get(reverse("reports:index")).content.decode()
    assert call.title not in index


def test_read_only_head_cannot_send(cast, dept, client_for):
    call = make_call(dept)
    mine = UnitReport.objects.get(call=call, unit=cast.unit_a)
    assert client_for(cast.head_a).post(reverse("reports:report_send", args=[mine.pk]),
                                        {"file": upload()}).status_code == 403


def test_generate_page_errors_in_vietnamese(cast, client_for):
    response = client_for(cast.officer_a).get(reverse("reports:generate"),
                                              {"nam": "abc", "loai": "yearend"})
    assert response.status_code == 400 and "Nhập năm bằng số." in response.content.decode()
    ok = client_for(cast.officer_a).get(reverse("reports:generate"),
                                        {"nam": YEAR, "loai": "midyear"})
    assert ok.status_code == 200


def test_menu_item_is_real_and_links_the_statistics(cast, client_for):
    page = client_for(cast.officer_a).get(reverse("reports:index")).content.decode()
    assert reverse("documents:statistics") in page
    assert "Báo cáo, thống kê <small>(sắp có)" not in page


# --- home tasks ------------------------------------------------------------------------------


def test_todo_items_for_units_and_department(cast, dept):
    call = make_call(dept, due=D(2020, 1, 1))
    today = D(2026, 12, 6)
    mine = todo.items(cast.officer_a, Scope(cast.officer_a), today)
    assert [(i.count, i.due_on) for i in mine] == [(1, call.due_on)]
    theirs = todo.items(dept, Scope(dept), today)
    assert [i.count for i in theirs] == [2]
    assert todo.items(cast.head_a, Scope(cast.head_a), today) == []

    def count():
        with CaptureQueriesContext(connection) as ctx:
            todo.items(dept, Scope(dept), today)
        return len(ctx)

    before = count()
    make_call(dept, due=D(2020, 1, 1), codes=("STP-08", "STP-04", "STP-01"))
    assert count() == before


def test_fairness_shares_are_in_the_report(cast):
    """Front-line / women / leader shares (the dashboard's fairness figures) in the report,
    against counts made here from the history rows (by the record's year, as that module)."""
    generate(41)
    btp = Unit.objects.get(code="BTP")
    f = figures.gather(btp, YEAR, ReviewKind.YEAREND)
    assert f.shares is not None
    ministry = next(r for r in f.shares.rows if r[0] == "Cấp Bộ")
    rows = [r for m in (PersonTitle, PersonAward)
            for r in m.objects.select_related("award", "person")
            if r.year == YEAR and r.award.level == "bo"]
    women = sum(r.person.gender == "female" for r in rows)
    assert ministry[1] == str(len(rows))
    assert ministry[3].startswith(f"{women} (")
    text = all_text(Document(io.BytesIO(report_docx.build(btp, f))))
    assert "Trực tiếp lao động, công tác" in text and "Xu hướng 5 năm" in text
    assert "{{" not in text and "None" not in text


def test_daily_reminders_before_and_after_the_deadline(cast, dept):
    from django.core.management import call_command

    from tdkt.notifications.models import Notification

    soon = make_call(dept, due=D(2026, 12, 10), codes=("STP-01",))
    make_call(dept, due=D(2027, 3, 1), codes=("STP-79",))  # far off: no reminder yet
    old = make_call(dept, due=D(2026, 1, 1), codes=("STP-08",))  # long overdue: left alone
    assert services.send_reminders(today=D(2026, 12, 6)) == 1
    assert services.send_reminders(today=D(2026, 12, 6)) == 1  # counted, but not re-notified
    notes = Notification.objects.filter(kind="reminder")
    assert [n.unit_id for n in notes] == [cast.unit_a.pk]
    assert "Nhắc gửi báo cáo" in notes[0].message and soon.title in notes[0].message
    call_command("send_report_reminders", "--date", "20/12/2026", stdout=io.StringIO())
    assert notes.filter(message__startswith="Quá hạn").count() == 1
    assert not Notification.objects.filter(unit__code="STP-08", kind="reminder").exists()
    assert old.reports.get().reminded_at is None


def test_year_end_report_annexes_the_statistics_forms(cast):
    from tdkt.documents import stats

    generate(51)
    root = cast.unit_a
    doc = Document(io.BytesIO(report_docx.build(
        root, figures.gather(root, YEAR, ReviewKind.YEAREND))))
    text = all_text(doc)
    assert "PHỤ LỤC" in text and f"BIỂU THỐNG KÊ THI ĐUA, KHEN THƯỞNG NĂM {YEAR}" in text
    t3 = stats.build("0603", root, YEAR)
    annex = next(t for t in doc.tables if t.rows[0].cells[0].text == "Chỉ tiêu"
                 and t.rows[0].cells[3].text == "Bằng khen")
    total = next(r for r in annex.rows if r.cells[0].text == "Tổng số")
    assert [c.text for c in total.cells[2:]] == [str(v) for v in t3.row("Tổng số").values]
    assert "None" not in text and "{{" not in text
    mid = all_text(Document(io.BytesIO(report_docx.build(
        root, figures.gather(root, YEAR, ReviewKind.MIDYEAR)))))
    assert "PHỤ LỤC" not in mid  # the statistics are annual
