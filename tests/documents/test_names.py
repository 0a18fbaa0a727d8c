"""Names read right to a Vietnamese officer (issue 15, items 1 and 2): accounts show names in
Vietnamese order (family, middle, given) on screen and in the generated minutes; lists sort by
given name in Vietnamese letter order (Đ after D); every awardee is written one way, with the
agency (the unit with legal status) after the department."""

import io

import docx
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tdkt.documents import contexts, services, word
from tests.documents.helpers import D
from tests.factories import make_person, make_user

pytestmark = pytest.mark.django_db

THADS_HCM = "Thi hành án dân sự Thành phố Hồ Chí Minh"
STP_HN = "Sở Tư pháp thành phố Hà Nội"


def open_docx(content: bytes):
    return docx.Document(io.BytesIO(content))


def all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join(parts)


def demo_like_user(username, family_middle, given, role=None, unit="BTP"):
    """As the demo and the create-user service store names: given name in first_name."""
    user = make_user(username, role, unit if role else None)
    user.last_name, user.first_name = family_middle, given
    user.save()
    return user


# --- collation ------------------------------------------------------------------------------


def test_people_sort_by_given_name_in_vietnamese_letter_order():
    from tdkt.core.text import vietnamese_sort_key

    names = ["Lê Thị Hà", "Nguyễn Văn Đức", "Hà Văn An", "Trần Văn Dũng", "Đặng Văn An",
             "Dương Văn An", "Vũ Thị Ánh", "Phạm Ăn"]
    expected = ["Dương Văn An", "Đặng Văn An", "Hà Văn An", "Vũ Thị Ánh", "Phạm Ăn",
                "Trần Văn Dũng", "Nguyễn Văn Đức", "Lê Thị Hà"]
    assert sorted(names, key=vietnamese_sort_key) == expected
    # code point order (what the lists did) puts Đ after every Latin letter
    assert sorted(names) != expected and sorted(names)[-1] == "Đặng Văn An"


# --- accounts -------------------------------------------------------------------------------


def test_greeting_and_account_name_in_vietnamese_order(client_for):
    from tdkt.accounts.models import Role

    user = demo_like_user("hien", "Nguyễn Thị", "Hiền", Role.EMULATION_DEPT)
    assert user.get_full_name() == "Nguyễn Thị Hiền" and str(user) == "Nguyễn Thị Hiền"
    page = client_for(user).get(reverse("core:home")).content.decode()
    assert "Xin chào, Nguyễn Thị Hiền" in page
    assert "Hiền Nguyễn Thị" not in page


def test_account_linked_to_a_staff_record_shows_its_name(cast):
    from tdkt.accounts import services as accounts
    from tdkt.accounts.models import User

    person = make_person("STP-01-VP", "Phan Ngọc Duyên")
    user = accounts.create_user(cast.admin, username="duyen", full_name="Duyên Phan Ngọc",
                                password="pw-test-123456", person=person)
    assert user.get_full_name() == "Phan Ngọc Duyên"
    assert User.objects.get(pk=user.pk).get_full_name() == "Phan Ngọc Duyên"
    # loaded with its staff record, the account follows a later correction of the name
    person.full_name = "Phan Ngọc Duyên Anh"
    person.save()
    linked = User.objects.select_related("person").get(pk=user.pk)
    assert linked.get_full_name() == "Phan Ngọc Duyên Anh"
    plain = accounts.create_user(cast.admin, username="an", full_name="Nguyễn  Văn An",
                                 password="pw-test-123456")
    assert (plain.last_name, plain.first_name, plain.get_full_name()) == (
        "Nguyễn Văn", "An", "Nguyễn Văn An")


def council(dept):
    from tdkt.nominations import services as nominations

    seats = [("ct", "Nguyễn Văn", "Hải", "chair"), ("tk", "Lê Thị", "Bình", "secretary"),
             ("m1", "Phan Ngọc", "Duyên", "member"), ("m2", "Đặng Văn", "An", "member"),
             ("m3", "Dương Văn", "An", "member")]
    users = {}
    for username, family, given, position in seats:
        users[username] = demo_like_user(username, family, given)
        nominations.add_council_member(dept, 2026, users[username], position)
    return users


def test_council_page_and_minutes_show_names_in_vietnamese_order(cast, client_for):
    from tdkt.accounts.models import Role
    from tdkt.nominations import services as nominations

    dept = make_user("vu_tccb", Role.EMULATION_DEPT, "BTP")
    council(dept)
    page = client_for(dept).get(reverse("nominations:council") + "?nam=2026").content.decode()
    order = ["Nguyễn Văn Hải", "Dương Văn An", "Đặng Văn An", "Phan Ngọc Duyên", "Lê Thị Bình"]
    positions = [page.index(name) for name in order]
    assert positions == sorted(positions), "chair, members by given name, then the secretary"
    assert "Hải Nguyễn Văn" not in page and "Duyên Phan Ngọc" not in page

    meeting = nominations.create_meeting(dept, year=2026, title="Phiên họp Hội đồng",
                                         held_on=D(2026, 1, 15), place="Bộ Tư pháp")
    document = open_docx(services.render("minutes", word.minutes_context(
        contexts.minutes_data(meeting))))
    text = all_text(document)
    for name in order:
        assert name in text
    assert "Hải Nguyễn Văn" not in text and "An Đặng Văn" not in text
    members = [row.cells[1].text for t in document.tables for row in t.rows
               if any(c.text in order for c in row.cells)]
    assert [m for m in members if m in order] == order
    # the secretary and the chair sign the minutes under their names in Vietnamese order
    secretary, chair = document.tables[-1].rows[0].cells
    assert secretary.text.split("\n")[0] == "THƯ KÝ"
    assert secretary.text.strip().endswith("Lê Thị Bình")
    assert chair.text.split("\n")[0] == "CHỦ TỌA"
    assert chair.text.strip().endswith("Nguyễn Văn Hải")


# --- decisions: one way to write an awardee -------------------------------------------------


def issued_decision(cast, people):
    """A decision issued through the service from approved nominations of `people`."""
    from tdkt.nominations import services as nominations
    from tdkt.nominations.models import Nomination, Submission
    from tdkt.organisation.models import Unit
    from tests.nominations.helpers import make_round

    dept = make_user("vu_tccb_dec", "emulation_dept", "BTP")
    award_round = make_round()
    noms = []
    for person in people:
        proposing = Unit.objects.get(path=person.unit.path[:12])
        submission = Submission.objects.create(round=award_round, unit=proposing,
                                               title="Tờ trình đề nghị khen thưởng")
        noms.append(Nomination.objects.create(
            submission=submission, round=award_round, proposing_unit=proposing, year=2025,
            award_code="bang_khen_bo_truong_bo_tu_phap", subject_kind="individual",
            person=person, subject_name=person.full_name, status="approved",
            achievement="Hoàn thành xuất sắc nhiệm vụ năm 2025"))
    return nominations.issue_decision(
        dept, issuer=Unit.objects.get(code="BTP"), nominations=noms, signed_on=D(2026, 3, 20),
        signer_name="Nguyễn Hải Ninh", signer_title="Bộ trưởng",
        title="Về việc tặng Bằng khen của Bộ trưởng Bộ Tư pháp",
        legal_bases="Căn cứ Luật Thi đua, khen thưởng;", today=D(2026, 3, 20))


def test_decision_list_names_each_agency_and_sorts_by_given_name(cast):
    people = [
        make_person("THADS-79-VP", "Nguyễn Văn Đức", position="Chấp hành viên"),
        make_person("THADS-79-VP", "Đặng Thị Hoa", position="Chấp hành viên", gender="female"),
        make_person("THADS-79-VP", "Dương Văn Hoa", position="Thư ký thi hành án"),
        make_person("THADS-79-VP", "Trần Văn Dũng", position="Chấp hành viên"),
    ]
    decision = issued_decision(cast, people)
    document = open_docx(services.render("decision", word.decision_context(
        contexts.decision_data(decision))))
    rows = [[c.text for c in row.cells] for row in document.tables[-1].rows][1:]
    assert [r[1] for r in rows] == ["Ông Trần Văn Dũng", "Ông Nguyễn Văn Đức",
                                    "Ông Dương Văn Hoa", "Bà Đặng Thị Hoa"]
    assert rows[0][2] == f"Chấp hành viên, Văn phòng, {THADS_HCM}"
    assert rows[2][2] == f"Thư ký thi hành án, Văn phòng, {THADS_HCM}"
    # the screens and the certificate's recipient line write them the same way
    from tdkt.documents.awardees import label

    lines = [a.designation.line for a in label(decision.awardees.select_related(
        "person__unit", "unit").order_by("position"))]
    assert lines[0] == f"Ông Trần Văn Dũng, Chấp hành viên, Văn phòng, {THADS_HCM}"
    items = contexts.certificate_items(decision, list(decision.awardees.select_related(
        "person__unit", "unit").order_by("position")), "https://tdkt.example")
    assert (items[0].recipient, items[0].detail) == (
        "Ông Trần Văn Dũng", f"Chấp hành viên, Văn phòng, {THADS_HCM}")


def test_awardee_lines_for_agencies_departments_and_collectives(cast):
    from tdkt.documents.awardees import for_awardees
    from tests.documents.helpers import make_decision

    head = make_person("STP-01", "Lê Văn Hùng", position="Giám đốc Sở")
    centre = make_person("STP-01-TGPL", "Vũ Thị Lan", position="Trợ giúp viên pháp lý",
                         gender="female")
    regional = make_person("THADS-79", "Ngô Văn Tâm", position="Trưởng phòng")
    from tdkt.organisation.models import Unit

    regional.unit = Unit.objects.filter(code__startswith="THADS-79-",
                                        kind="regional_enforcement_office").first()
    regional.save()
    _, rows = make_decision(people=[head, centre, regional], units=[
        Unit.objects.get(code="STP-01-VP"), Unit.objects.get(code="STP-79")])
    lines = [found.line for found in for_awardees(rows).values()]
    assert lines[0] == f"Ông Lê Văn Hùng, Giám đốc Sở, {STP_HN}"  # no department twice
    assert lines[1] == ("Bà Vũ Thị Lan, Trợ giúp viên pháp lý, Trung tâm Trợ giúp pháp lý "
                        f"nhà nước, {STP_HN}")
    assert lines[2] == (f"Ông Ngô Văn Tâm, Trưởng phòng, {regional.unit.name}, {THADS_HCM}")
    assert lines[3] == f"Văn phòng Sở, {STP_HN}"
    assert lines[4] == Unit.objects.get(code="STP-79").name  # a Sở stands alone


def _count(fn):
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def test_query_counts_do_not_grow_with_the_list(cast, client_for):
    from tdkt.documents.models import Certificate
    from tdkt.documents.verification import facts_for
    from tests.documents.helpers import make_decision

    few = [make_person("STP-01-VP", f"Nguyễn Văn A{i}") for i in range(2)]
    many = [make_person("THADS-79-VP", f"Trần Thị B{i}", gender="female") for i in range(8)]
    small, _ = make_decision(people=few)
    large, _ = make_decision(people=many + few, write_history=False)

    def build(decision):
        return lambda: word.decision_context(contexts.decision_data(decision))

    assert _count(build(small)) == _count(build(large))

    def certificates(decision):
        awardees = list(decision.awardees.select_related("person__unit", "unit"))
        contexts.certificate_items(decision, awardees, "https://tdkt.example")
        rows = list(Certificate.objects.filter(awardee__decision=decision).select_related(
            "awardee__decision", "awardee__person__unit", "awardee__unit"))
        return lambda: facts_for(rows)

    assert _count(certificates(small)) == _count(certificates(large))


def disclosure(people):
    from tdkt.nominations.models import DisclosurePeriod, Nomination, Submission
    from tdkt.organisation.models import Unit
    from tests.nominations.helpers import make_round

    award_round = make_round()
    period = DisclosurePeriod.objects.create(title="Công khai khen thưởng năm 2025",
                                             starts_on=D(2026, 1, 5), working_days=5,
                                             ends_on=D(2026, 1, 9))
    for person in people:
        proposing = Unit.objects.get(path=person.unit.path[:12])
        submission = Submission.objects.create(round=award_round, unit=proposing,
                                               title="Tờ trình đề nghị khen thưởng")
        Nomination.objects.create(
            submission=submission, round=award_round, proposing_unit=proposing, year=2025,
            award_code="bang_khen_bo_truong_bo_tu_phap", subject_kind="individual",
            person=person, subject_name=person.full_name, status="in_disclosure",
            disclosure=period, achievement="Hoàn thành xuất sắc nhiệm vụ năm 2025")
    return period


def test_public_disclosure_page_writes_agency_sorted_and_set_based(client):
    period = disclosure([make_person("THADS-79-VP", "Đặng Văn An", position="Chấp hành viên"),
                         make_person("THADS-79-VP", "Dương Văn An", position="Chấp hành viên")])
    url = reverse("nominations_public:period", args=[period.pk])
    page = client.get(url).content.decode()
    assert f"Chấp hành viên, Văn phòng, {THADS_HCM}" in page
    assert page.index("Ông Dương Văn An") < page.index("Ông Đặng Văn An")
    few = _count(lambda: client.get(url))
    more = disclosure([make_person("STP-01-VP", f"Lê Thị C{i}") for i in range(6)])
    assert _count(lambda: client.get(reverse("nominations_public:period",
                                             args=[more.pk]))) == few


def test_submission_rows_keep_department_and_agency(cast):
    from tdkt.nominations.models import Nomination, Submission
    from tests.nominations.helpers import make_round

    submission = Submission.objects.create(round=make_round(), unit=cast.unit_a,
                                           title="Tờ trình đề nghị khen thưởng")
    for person in (make_person("STP-01-HCBT", "Đỗ Thị Yến", gender="female"),
                   make_person("STP-01-VP", "Bùi Văn Yên")):
        Nomination.objects.create(
            submission=submission, round=submission.round, proposing_unit=cast.unit_a,
            year=2025, award_code="bang_khen_bo_truong_bo_tu_phap", subject_kind="individual",
            person=person, subject_name=person.full_name,
            achievement="Hoàn thành xuất sắc nhiệm vụ năm 2025")
    document = open_docx(services.render("submission", word.submission_context(
        contexts.submission_data(submission))))
    rows = [[c.text for c in row.cells] for row in document.tables[-1].rows][1:]
    assert [r[1:3] for r in rows] == [
        ["Ông Bùi Văn Yên", f"Chuyên viên, Văn phòng Sở, {STP_HN}"],
        ["Bà Đỗ Thị Yến", f"Chuyên viên, Phòng Hành chính và Bổ trợ tư pháp, {STP_HN}"],
    ]


def test_verification_page_names_position_department_and_agency(cast, client):
    from tests.documents.helpers import make_decision

    person = make_person("THADS-79-VP", "Nguyễn Thị Hiền", position="Chấp hành viên",
                         gender="female")
    decision, rows = make_decision(people=[person])
    item = contexts.certificate_items(decision, rows, "https://tdkt.example")[0]
    page = client.get(reverse("documents_public:verify", args=[item.code])).content.decode()
    assert "Bà Nguyễn Thị Hiền" in page and "Chấp hành viên" in page
    assert f"Văn phòng, {THADS_HCM}" in page


def test_account_list_finds_a_name_written_in_vietnamese_order(cast, client_for):
    demo_like_user("hienntt", "Nguyễn Thị", "Hiền")
    page = client_for(cast.admin).get(reverse("accounts:users"),
                                      {"q": "Nguyễn Thị Hiền"}).content.decode()
    assert ">hienntt</a>" in page  # the account's row (the box echoes the query itself)
    assert "<td>Nguyễn Thị Hiền</td>" in page and "Hiền Nguyễn Thị" not in page
