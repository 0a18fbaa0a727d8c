"""Pages per role: the journey through HTTP, permissions, empty states, query counts."""

import pytest
from django.urls import reverse

from tdkt.nominations.models import Nomination, Status
from tests.nominations.helpers import AWARD, D, make_eligible, pdf

pytestmark = pytest.mark.django_db


def test_empty_states_render_in_vietnamese(cast, client_for):
    client = client_for(cast.officer_a)
    body = client.get(reverse("nominations:index")).content.decode()
    assert "Chưa có đợt xét khen thưởng nào" in body
    assert "Chưa có hồ sơ đề nghị nào" in body
    assert "Chưa có quyết định" in client.get(reverse("nominations:decisions")).content.decode()


def test_department_pages_are_closed_to_units(cast, client_for):
    client = client_for(cast.officer_a)
    for name in ("appraisal", "disclosures", "decision_create", "configuration",
                 "round_create"):
        assert client.get(reverse(f"nominations:{name}")).status_code == 403, name
    # The council page is every unit's own (councils per unit): an officer opens it for
    # its unit (tests/councils covers other units' councils → 404).
    assert client.get(reverse("nominations:council")).status_code == 200


def test_officer_builds_and_head_submits_through_the_pages(flow, client_for):
    cast = flow.cast
    make_eligible(cast.person_a)
    officer = client_for(cast.officer_a)
    r = officer.post(reverse("nominations:submission_create", args=[flow.round.pk]),
                     {"unit": "STP-01", "title": "Tờ trình khen thưởng 2025"})
    assert r.status_code == 302
    sub_url = r["Location"]
    submission_pk = int(sub_url.rstrip("/").split("/")[-1])
    search = officer.get(reverse("nominations:people_search", args=[submission_pk]),
                         {"q": "tran thi hong"})
    assert "Trần Thị Hồng" in search.content.decode()
    r = officer.post(reverse("nominations:nomination_create", args=[submission_pk]), {
        "award_code": AWARD, "subject_kind": "individual", "person": cast.person_a.pk,
        "achievement": "Hoàn thành xuất sắc nhiệm vụ, dẫn đầu phong trào thi đua.",
        "attested": "on"})
    assert r.status_code == 302
    nom = Nomination.objects.get()
    for kind, vote in (("to_trinh", ""), ("bao_cao_thanh_tich", ""),
                       ("bien_ban_xet_khen_thuong", "9/9 phiếu đồng ý")):
        officer.post(reverse("nominations:attach", args=[nom.pk]),
                     {"kind": kind, "file": pdf(f"{kind}.pdf"), "vote_result": vote})
    assert nom.attachments.count() == 3
    # The officer cannot submit upward; the head can.
    assert officer.post(reverse("nominations:submission_submit",
                                args=[submission_pk])).status_code == 403
    head = client_for(cast.head_a)
    page = head.get(sub_url).content.decode()
    assert "Phê duyệt và trình lên cấp trên" in page
    head.post(reverse("nominations:submission_submit", args=[submission_pk]))
    nom.refresh_from_db()
    assert nom.status == Status.SUBMITTED
    detail = head.get(reverse("nominations:nomination", args=[nom.pk])).content.decode()
    assert "Đủ điều kiện" in detail and "Quá trình xử lý" in detail
    # Download of the attachment is scoped.
    att = nom.attachments.first()
    assert head.get(reverse("nominations:attachment", args=[att.pk])).status_code == 200
    assert client_for(cast.officer_b).get(
        reverse("nominations:attachment", args=[att.pk])).status_code == 404


def test_invalid_nomination_form_shows_vietnamese_errors(flow, client_for):
    submission = flow.submission()
    r = client_for(flow.cast.officer_a).post(
        reverse("nominations:nomination_create", args=[submission.pk]),
        {"award_code": AWARD, "subject_kind": "individual", "achievement": "ngắn"})
    body = r.content.decode()
    assert r.status_code == 200
    assert "Chọn cá nhân được đề nghị." in body and "quá ngắn" in body


def test_department_appraises_in_bulk_and_runs_the_council(flow, client_for):
    noms = [flow.submitted()]
    dept = client_for(flow.dept)
    assert "Chờ thẩm định" in dept.get(reverse("nominations:appraisal")).content.decode()
    r = dept.post(reverse("nominations:appraisal_bulk"),
                  {"chon": [n.pk for n in noms], "action": "appraise"})
    assert r.status_code == 302
    noms[0].refresh_from_db()
    assert noms[0].status == Status.APPRAISED
    members = flow.members()
    dept.post(reverse("nominations:meeting_create"), {
        "year": 2026, "title": "Phiên họp tháng 1", "held_on": "15/01/2026",
        "quorum_numerator": 2, "quorum_denominator": 3})
    from tdkt.nominations.models import Meeting
    meeting = Meeting.objects.get()
    manage = reverse("nominations:meeting_manage", args=[meeting.pk])
    dept.post(manage, {"action": "agenda", "chon": [noms[0].pk]})
    dept.post(manage, {"action": "attendance", "co_mat": [m.pk for m in members]})
    # The chair types the passphrase at opening and again at the tally.
    passphrase = {"cum_mat_khau": "Hội đồng họp tháng 1", "nhap_lai": "Hội đồng họp tháng 1"}
    dept.post(reverse("nominations:ballot_open", args=[meeting.pk]), passphrase)
    meeting.refresh_from_db()
    assert meeting.status == "voting"
    item = meeting.items.get()
    for m in members:
        client_for(m).post(reverse("nominations:vote", args=[meeting.pk]),
                           {f"phieu_{item.pk}": "dong_y"})
    item.refresh_from_db()
    assert item.agree == 0  # nothing counted before the tally
    dept = client_for(flow.dept)
    close = reverse("nominations:ballot_close", args=[meeting.pk])
    assert "Đã bỏ phiếu: 5/5 thành viên có mặt" in dept.get(close).content.decode()
    r = dept.post(close, {"cum_mat_khau": "Hội đồng họp tháng 1"})
    item.refresh_from_db()
    assert item.agree == 5
    minutes = dept.get(r["Location"]).content.decode()
    assert "Biên bản họp và kiểm phiếu" in minutes and "Đạt" in minutes


def test_index_query_count_does_not_grow_with_rows(flow, client_for, django_assert_max_num_queries):
    from tests.factories import make_person

    flow.nomination()
    client = client_for(flow.cast.officer_a)
    client.get(reverse("nominations:index"))
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("nominations:index"))
    for i in range(6):
        flow.nomination(person=make_person("STP-01-VP", f"Nguyễn Văn Số {i}"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("nominations:index"))


def test_submission_page_query_count_is_flat(flow, client_for, django_assert_max_num_queries):
    from tests.factories import make_person

    nom = flow.nomination()
    url = reverse("nominations:submission", args=[nom.submission.pk])
    client = client_for(flow.cast.officer_a)
    client.get(url)
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    for i in range(5):
        flow.nomination(person=make_person("STP-01-VP", f"Lê Thị Số {i}"),
                        submission=nom.submission)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_configuration_pages_for_the_department(flow, client_for):
    dept = client_for(flow.dept)
    body = dept.get(reverse("nominations:configuration") + "?nam=2026").content.decode()
    assert "Tết Nguyên đán Bính Ngọ" in body and "Chưa đối chiếu văn bản" in body
    r = dept.post(reverse("nominations:configuration"),
                  {"day": "24/11/2026", "kind": "holiday", "name": "Ngày Văn hóa Việt Nam",
                   "status": "chưa xác minh"})
    assert r.status_code == 302
    from tdkt.nominations.calendar import is_working_day
    assert not is_working_day(D(2026, 11, 24))


def test_person_awards_page_lists_history(flow, client_for):
    make_eligible(flow.cast.person_a)
    body = client_for(flow.cast.officer_a).get(
        reverse("nominations:person", args=[flow.cast.person_a.pk])).content.decode()
    assert "Chiến sĩ thi đua cơ sở" in body


def test_officer_picks_candidates_from_the_due_list(flow, client_for):
    """Due list → tờ trình: the sweep's eligible people for the round's awards become drafts."""
    import datetime

    from tdkt.eligibility.models import Sweep
    from tdkt.eligibility.services import run_sweep
    from tdkt.nominations.models import Nomination
    from tests.nominations.helpers import AWARD, make_eligible

    cast = flow.cast
    make_eligible(cast.person_a)
    sweep = Sweep.objects.create(root=cast.unit_a, year=2025, as_of=datetime.date(2026, 1, 31))
    run_sweep(sweep)
    entry = sweep.entries.get(person=cast.person_a, award=AWARD)
    submission = flow.submission()
    client = client_for(cast.officer_a)
    url = reverse("nominations:submission_pick", args=[submission.pk])
    page = client.get(url).content.decode()
    assert "Trần Thị Hồng" in page and "Bằng khen" in page
    assert "Lao động tiên tiến" not in page  # not admitted by this round
    response = client.post(url, {"chon": [entry.pk]})
    assert response.status_code == 302
    nomination = Nomination.objects.get(submission=submission)
    assert (nomination.person, nomination.award_code, nomination.status) == (
        cast.person_a, AWARD, "draft"
    )
    assert "Trần Thị Hồng" not in client.get(url).content.decode()  # already taken
    assert client_for(cast.head_a).get(url).status_code == 403


def test_thematic_round_follows_a_movement_and_its_review_proposals_become_nominations(
    flow, client_for
):
    """A thematic round is tied to a movement; the officer picks, within the unit's subtree,
    the collectives and individuals proposed at the movement's review."""
    from django.core.exceptions import ValidationError

    from tdkt.movements import services as movement_services
    from tdkt.nominations import services
    from tdkt.nominations.models import Nomination
    from tests.movements.helpers import make_movement
    from tests.nominations.helpers import AWARD, D

    cast, dept = flow.cast, flow.dept
    movement = make_movement(dept, kind="thematic", year=2025, deadline=D(2025, 3, 31),
                             name="Thi đua chuyển đổi số ngành Tư pháp 2025")
    movement_services.transition(dept, movement, "under_way")
    movement_services.transition(dept, movement, "final")
    review = movement_services.save_review(dept, movement, "final", D(2025, 12, 1),
                                           "Hoàn thành vượt chỉ tiêu")
    movement_services.add_proposal(dept, review, AWARD, "Dẫn đầu số hóa hồ sơ công chứng",
                                   person=cast.person_a)
    movement_services.add_proposal(dept, review, AWARD, "Sở dẫn đầu khối", unit=cast.unit_a)
    movement_services.add_proposal(dept, review, AWARD, "Ngoài phạm vi", person=cast.person_b)

    base = {"name": "Khen thưởng chuyên đề chuyển đổi số", "kind": "thematic", "year": 2025,
            "organiser": flow.round.organiser, "award_codes": [AWARD],
            "opens_on": D(2025, 12, 1), "submission_deadline": D(2026, 12, 31)}
    with pytest.raises(ValidationError, match="phải gắn với phong trào"):
        services.save_round(dept, dict(base))
    thematic = services.save_round(dept, {**base, "movement": movement})
    assert thematic.movement_title == movement.name
    submission = services.create_submission(cast.officer_a, thematic, cast.unit_a,
                                            "Tờ trình khen thưởng chuyên đề", today=D(2025, 12, 5))

    client = client_for(cast.officer_a)
    detail = client.get(reverse("nominations:submission", args=[submission.pk])).content.decode()
    url = reverse("nominations:submission_pick_proposals", args=[submission.pk])
    assert url in detail
    page = client.get(url).content.decode()
    assert "Dẫn đầu số hóa hồ sơ công chứng" in page and "Sở dẫn đầu khối" in page
    assert "Ngoài phạm vi" not in page  # another Sở's person
    person_pick = review.proposals.get(person=cast.person_a)
    assert client.post(url, {"chon": [person_pick.pk]}).status_code == 302
    nomination = Nomination.objects.get(submission=submission)
    assert (nomination.person, nomination.award_code, nomination.status) == (
        cast.person_a, AWARD, "draft")
    assert "Dẫn đầu số hóa hồ sơ công chứng" in nomination.achievement
    assert "Dẫn đầu số hóa hồ sơ công chứng" not in client.get(url).content.decode()
    assert client_for(cast.head_a).get(url).status_code == 403
    plain = flow.submission()  # a round without a movement has no such page
    assert client_for(cast.officer_a).get(
        reverse("nominations:submission_pick_proposals", args=[plain.pk])
    ).status_code == 404
