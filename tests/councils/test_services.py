"""Councils per unit and term (issue 13 item 1): set up by the unit's own officer (the
department for all), members changed through audited services, scoped pages (another unit's
officer gets 404), and a unit council that cannot decide an award above its authority —
trying answers with the rule and its source, through the service and through the page."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from tdkt.accounts.models import Role, RoleAssignment
from tdkt.audit.models import Action
from tdkt.nominations.models import AgendaItem, Council, CouncilMember, Meeting, Status
from tdkt.nominations.services import council as svc
from tests.factories import make_user

D = datetime.date
pytestmark = pytest.mark.django_db

LDTT = "lao_dong_tien_tien"
BK = "bang_khen_bo_truong_bo_tu_phap"


@pytest.fixture
def council(cast):
    return svc.create_council(cast.officer_a, unit=cast.unit_a, term_start=D(2025, 1, 1),
                              quorum_source="Quy chế của Hội đồng (QĐ 15/QĐ-STP)")


def _actions(verb):
    return list(Action.objects.filter(verb=verb).order_by("pk"))


def test_the_unit_officer_sets_up_its_council_with_a_default_name(cast, council):
    assert council.unit == cast.unit_a and council.name.endswith(cast.unit_a.name)
    assert _actions("council.create")[-1].changes["quorum"] == [None, "2/3"]


def test_another_unit_s_officer_and_read_only_roles_cannot_manage_it(cast, council):
    with pytest.raises(Http404):
        svc.create_council(cast.officer_b, unit=cast.unit_a, term_start=D(2030, 1, 1))
    with pytest.raises(Http404):
        svc.add_council_member(cast.officer_b, council, cast.officer_b)
    with pytest.raises(PermissionDenied):
        svc.add_council_member(cast.head_a, council, cast.head_a)


def test_terms_of_one_unit_do_not_overlap(cast, council):
    with pytest.raises(ValidationError, match="trùng thời gian"):
        svc.create_council(cast.officer_a, unit=cast.unit_a, term_start=D(2026, 1, 1))


def test_a_unit_without_legal_status_holds_no_council(cast):
    from tdkt.organisation.models import Unit

    division = Unit.objects.get(code="STP-01-VP")
    with pytest.raises(ValidationError, match="không tổ chức Hội đồng"):
        svc.create_council(cast.officer_a, unit=division, term_start=D(2025, 1, 1))


def test_member_changes_are_audited_and_grant_the_scoped_role(cast, council):
    user = make_user("hd_new", None, None)
    seat = svc.add_council_member(cast.officer_a, council, user, "chair", joined_on=D(2025, 2, 1))
    assert RoleAssignment.objects.filter(user=user, role=Role.COUNCIL_MEMBER,
                                         unit=cast.unit_a).exists()
    added = _actions("council.add_member")[-1]
    assert added.changes["position"] == [None, "chair"] and added.actor == cast.officer_a
    with pytest.raises(ValidationError, match="đã là thành viên"):
        svc.add_council_member(cast.officer_a, council, user)
    other = make_user("hd_two", None, None)
    svc.add_council_member(cast.officer_a, council, other)
    with pytest.raises(ValidationError, match="đã có Chủ tịch"):
        svc.change_member_position(cast.officer_a, CouncilMember.objects.get(user=other),
                                   "chair")
    svc.change_member_position(cast.officer_a, seat, "vice")
    assert _actions("council.change_position")[-1].changes == {"position": ["chair", "vice"]}
    svc.remove_council_member(cast.officer_a, seat, left_on=D(2026, 6, 30))
    seat.refresh_from_db()
    assert seat.left_on == D(2026, 6, 30)  # kept as history
    assert _actions("council.remove_member")[-1].changes["left_on"] == [None, "2026-06-30"]
    assert not RoleAssignment.objects.filter(user=user, role=Role.COUNCIL_MEMBER).exists()
    # A former member may be seated again.
    svc.add_council_member(cast.officer_a, council, user)


def test_thresholds_need_their_source_and_are_audited(cast, council):
    with pytest.raises(ValidationError, match="Ghi rõ căn cứ"):
        svc.set_council_threshold(cast.officer_a, council, LDTT, 60, "present", " ")
    svc.set_council_threshold(cast.officer_a, council, LDTT, 60, "present", "Quy chế, Điều 8")
    assert _actions("council.threshold")[-1].changes[LDTT][1] == "60% present (Quy chế, Điều 8)"
    svc.set_council_threshold(cast.officer_a, council, LDTT, None)
    assert not council.thresholds.exists()


def _appraised(cast, award, name):
    from tdkt.nominations.models import AwardRound, Nomination, Submission

    award_round = AwardRound.objects.create(
        name="Bình xét 2025", kind="regular", year=2025, organiser=cast.unit_a, unit_round=True,
        award_codes=[LDTT, BK], opens_on=D(2025, 11, 1), submission_deadline=D(2025, 12, 31))
    submission = Submission.objects.create(round=award_round, unit=cast.unit_a, title="Tờ trình")
    return Nomination.objects.create(
        submission=submission, round=award_round, proposing_unit=cast.unit_a, year=2025,
        award_code=award, subject_kind="individual", person=cast.person_a, subject_name=name,
        achievement="Hoàn thành xuất sắc nhiệm vụ.", status=Status.APPRAISED)


@pytest.fixture
def meeting(cast, council):
    for i in range(3):
        svc.add_council_member(cast.officer_a, council, make_user(f"hd{i}", None, None),
                               "chair" if i == 0 else "member")
    return svc.create_meeting(cast.officer_a, council=council, title="Phiên họp bình xét",
                              held_on=D(2026, 1, 10))


def test_above_authority_goes_on_the_agenda_only_as_a_proposal(cast, meeting):
    within = _appraised(cast, LDTT, "Trần Thị Hồng")
    above = _appraised(cast, BK, "Trần Thị Hồng")
    svc.add_agenda_items(cast.officer_a, meeting, [within, above])
    purposes = dict(AgendaItem.objects.values_list("nomination_id", "purpose"))
    assert purposes == {within.pk: "decide", above.pk: "propose"}


def test_deciding_above_authority_is_refused_with_the_rule_and_its_source(cast, meeting):
    above = _appraised(cast, BK, "Trần Thị Hồng")
    with pytest.raises(ValidationError) as err:
        svc.add_agenda_items(cast.officer_a, meeting, [above], purpose="decide")
    text = " ".join(err.value.messages)
    assert "không được xét quyết định Bằng khen của Bộ trưởng Bộ Tư pháp" in text
    assert "do Bộ trưởng Bộ Tư pháp quyết định" in text
    assert "căn cứ: Luật Thi đua, khen thưởng 2022, Điều 79" in text
    assert not AgendaItem.objects.exists()
    above.refresh_from_db()
    assert above.status == Status.APPRAISED
    with pytest.raises(ValidationError, match="Điều 79"):
        svc.require_decides(cast.unit_a, BK, D(2026, 1, 10))


def test_deciding_above_authority_through_the_page_answers_the_rule(cast, meeting,
                                                                    client_for):
    above = _appraised(cast, BK, "Trần Thị Hồng")
    client = client_for(cast.officer_a)
    response = client.post(reverse("nominations:meeting_manage", args=[meeting.pk]),
                           {"action": "agenda", "chon": [above.pk], "muc_dich": "decide"},
                           follow=True)
    body = response.content.decode()
    assert "không được xét quyết định" in body and "Luật Thi đua, khen thưởng 2022, Điều 79" in body
    assert not AgendaItem.objects.exists()


def test_quorum_comes_from_the_council_s_rules(cast, council, meeting):
    assert (meeting.quorum_numerator, meeting.quorum_denominator) == (2, 3)
    svc.update_council(cast.officer_a, council, quorum_numerator=4, quorum_denominator=5)
    second = svc.create_meeting(cast.officer_a, council=council, title="Phiên họp 2",
                                held_on=D(2026, 2, 1))
    assert (second.quorum_numerator, second.quorum_denominator) == (4, 5)
    assert _actions("council.update")[-1].changes["quorum_numerator"] == ["2", "4"]


def test_another_unit_s_officer_gets_404_on_every_council_page(cast, council, meeting,
                                                               client_for):
    seat = CouncilMember.objects.filter(council=council).first()
    attacker = client_for(cast.officer_b)
    gets = [reverse("nominations:council_detail", args=[council.pk]),
            reverse("nominations:meeting", args=[meeting.pk]),
            reverse("nominations:minutes", args=[meeting.pk]),
            reverse("documents:minutes_docx", args=[meeting.pk])]
    for url in gets:
        assert attacker.get(url).status_code == 404, url
    posts = [(reverse("nominations:council_update", args=[council.pk]), {}),
             (reverse("nominations:council_threshold", args=[council.pk]), {}),
             (reverse("nominations:council_member_add", args=[council.pk]),
              {"username": "officer_b", "position": "member"}),
             (reverse("nominations:council_member_position", args=[seat.pk]),
              {"position": "vice"}),
             (reverse("nominations:member_remove", args=[seat.pk]), {}),
             (reverse("nominations:meeting_manage", args=[meeting.pk]), {"action": "attendance"})]
    for url, data in posts:
        assert attacker.post(url, data).status_code == 404, url
    assert CouncilMember.objects.filter(council=council, user=cast.officer_b).count() == 0
    seat.refresh_from_db()
    assert seat.left_on is None and seat.position == "chair"
    # the unit's own officer manages it through the same pages; its head only reads
    own = client_for(cast.officer_a)
    page = own.get(reverse("nominations:council")).content.decode()
    assert council.name in page and "Thêm thành viên" in page
    assert "theo Quy chế của Hội đồng (QĐ 15/QĐ-STP)" in page and "chưa xác minh" not in page
    head = client_for(cast.head_a)
    assert head.get(reverse("nominations:council_detail", args=[council.pk])).status_code == 200
    assert head.post(reverse("nominations:member_remove", args=[seat.pk])).status_code == 403
    staff = client_for(cast.staff_a)
    assert staff.get(reverse("nominations:council_detail", args=[council.pk])).status_code == 404


def test_the_page_adds_a_member_and_sets_a_threshold(cast, council, client_for):
    member = make_user("hd_page", None, None)
    client = client_for(cast.officer_a)
    r = client.post(reverse("nominations:council_member_add", args=[council.pk]),
                    {"username": "hd_page", "position": "secretary", "joined_on": "01/02/2025"})
    assert r.status_code == 302
    assert CouncilMember.objects.get(user=member).position == "secretary"
    r = client.post(reverse("nominations:council_threshold", args=[council.pk]),
                    {"award_code": LDTT, "percent": "", "denominator": "all", "source": ""})
    assert r.status_code == 302
    r = client.post(reverse("nominations:council_threshold", args=[council.pk]),
                    {"award_code": LDTT, "percent": "70", "denominator": "all", "source": ""})
    assert r.status_code == 400 and "Ghi rõ căn cứ" in r.content.decode()


def test_the_council_list_takes_a_few_queries(cast, council, client_for,
                                              django_assert_max_num_queries):
    client = client_for(cast.officer_a)
    client.get(reverse("nominations:council"))
    with django_assert_max_num_queries(45) as few:
        client.get(reverse("nominations:council"))
    for i in range(5):
        svc.add_council_member(cast.officer_a, council, make_user(f"more{i}", None, None))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("nominations:council"))


def test_the_ministry_council_of_a_year_keeps_the_old_calls_working(cast):
    dept = make_user("dept_c", Role.EMULATION_DEPT, "BTP")
    user = make_user("hd_btp", None, None)
    seat = svc.add_council_member(dept, 2026, user, "member")
    assert seat.council.unit.code == "BTP" and seat.council.term_start == D(2026, 1, 1)
    meeting = svc.create_meeting(dept, year=2026, title="Phiên họp", held_on=D(2026, 1, 15))
    assert meeting.council == seat.council
    assert Meeting.objects.get().attendance.get().user == user
    assert Council.objects.count() == 1
