import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tdkt.audit.models import Action
from tdkt.exemplars import services
from tdkt.exemplars.models import Exemplar, Source, Stage, Status
from tdkt.exemplars.suggestions import suggest, suggestions_for
from tests.exemplars.helpers import exemplar

pytestmark = pytest.mark.django_db


# --- suggestions: a pure function pinned on constructed histories --------------------------

def test_person_with_two_consecutive_cstd_and_an_initiative_is_suggested_with_reasons():
    out = suggest(
        people={1: ("Nguyễn Văn An", 10), 2: ("Lê Thị Bình", 10), 3: ("Trần Cường", 10)},
        person_titles={1: {2023, 2024}, 2: {2021, 2023}, 3: {2023, 2024, 2025}},
        initiatives={1: [(2024, "Số hoá hồ sơ hộ tịch")], 2: [(2023, "X")]},
        units={}, unit_titles={},
    )
    assert [(s.kind, s.pk) for s in out] == [("person", 1)]
    assert out[0].reasons == (
        "2 năm liên tục đạt Chiến sĩ thi đua cơ sở (2023, 2024).",
        "Sáng kiến được công nhận năm 2024: Số hoá hồ sơ hộ tịch.",
    )
    # 2: not consecutive; 3: no initiative.


def test_collective_streak_and_exclusions():
    out = suggest(people={}, person_titles={}, initiatives={},
                  units={7: "Phòng Hộ tịch", 8: "Văn phòng", 9: "Phòng Công chứng"},
                  unit_titles={7: {2022, 2023, 2024}, 8: {2024}, 9: {2024, 2025}},
                  exclude_units={9})
    assert [(s.pk, s.reasons) for s in out] == [
        (7, ("3 năm liên tục đạt Tập thể lao động xuất sắc (2022, 2023, 2024).",))]


def test_longest_run_is_reported():
    out = suggest(people={1: ("A", 1)}, person_titles={1: {2018, 2019, 2020, 2023, 2024}},
                  initiatives={1: [(2020, "Y")]}, units={}, unit_titles={})
    assert out[0].reasons[0] == "3 năm liên tục đạt Chiến sĩ thi đua cơ sở (2018, 2019, 2020)."


def test_suggestions_from_the_records_are_scoped(cast):
    from tdkt.accounts.scoping import Scope
    from tdkt.history.models import AwardType, Initiative, PersonTitle, UnitTitle

    cstd = AwardType.objects.get(code="chien_si_thi_dua_co_so")
    ttl = AwardType.objects.get(code="tap_the_lao_dong_xuat_sac")
    for person in (cast.person_a, cast.person_b):
        for year in (2024, 2025):
            PersonTitle.objects.create(person=person, year=year, award=cstd)
        Initiative.objects.create(person=person, year=2025, title="Một cửa liên thông")
    office = cast.person_a.unit
    for year in (2023, 2024):
        UnitTitle.objects.create(unit=office, year=year, award=ttl)
    out = suggestions_for(Scope(cast.officer_a), since_year=2020)
    assert {(s.kind, s.pk) for s in out} == {("person", cast.person_a.pk),
                                             ("collective", office.pk)}
    exemplar(office)  # already an exemplar: no longer suggested
    out = suggestions_for(Scope(cast.officer_a), since_year=2020)
    assert {(s.kind, s.pk) for s in out} == {("person", cast.person_a.pk)}
    with CaptureQueriesContext(connection) as q:
        suggestions_for(Scope(cast.officer_a), since_year=2020)
    assert len(q) <= 9  # titles, initiatives, people, units, exemplars, proposals, vote years…


# --- services --------------------------------------------------------------------------

def _propose(cast, user=None, unit=None, **extra):
    fields = {"kind": "collective", "name": "Phòng Hộ tịch", "title": "Một cửa không giấy tờ",
              "achievement": "Rút ngắn thời gian giải quyết.", "year": 2025}
    fields.update(extra)
    return services.propose(user or cast.officer_a, unit=unit or cast.unit_a, **fields)


def test_propose_accept_decline_are_audited(cast):
    ex = _propose(cast)
    assert ex.source == Source.UNIT and ex.status == Status.PROPOSED
    services.decide(cast.officer_a, ex, accept=True)
    ex.refresh_from_db()
    assert ex.status == Status.ACCEPTED and ex.decided_by == cast.officer_a
    with pytest.raises(ValidationError):
        services.decide(cast.officer_a, ex, accept=False, note="muộn")  # already decided
    other = _propose(cast, title="Khác")
    with pytest.raises(ValidationError):
        services.decide(cast.officer_a, other, accept=False)  # a reason is required
    services.decide(cast.officer_a, other, accept=False, note="Chưa đủ minh chứng")
    verbs = list(Action.objects.filter(target_type="exemplars.exemplar")
                 .values_list("verb", flat=True))
    assert sorted(verbs) == sorted(["exemplar.propose", "exemplar.accept", "exemplar.propose",
                                    "exemplar.decline"])


def test_officer_cannot_propose_or_decide_for_another_unit(cast):
    with pytest.raises(PermissionDenied):
        _propose(cast, unit=cast.unit_b)
    ex_b = exemplar(cast.unit_b)
    with pytest.raises(PermissionDenied):
        services.decide(cast.officer_a, ex_b, accept=True)
    with pytest.raises(PermissionDenied):
        _propose(cast, user=cast.head_a)  # read-only role


def test_stage_and_publish_need_acceptance_and_consent_basis(cast):
    ex = _propose(cast, kind="person", name="Trần Thị Hồng", person=cast.person_a)
    with pytest.raises(ValidationError):
        services.advance(cast.officer_a, ex)
    with pytest.raises(ValidationError):
        services.publish(cast.officer_a, ex, story="Câu chuyện")
    services.decide(cast.officer_a, ex, accept=True)
    assert services.advance(cast.officer_a, ex).stage == Stage.FOSTER
    with pytest.raises(ValidationError):
        services.publish(cast.officer_a, ex, story="Câu chuyện", consent_publish=True)
    ex = services.publish(cast.officer_a, ex, story="Câu chuyện", consent_publish=True,
                          consent_note="Đơn đồng ý ngày 01/12/2026")
    assert ex.published_at and ex.public_name == "Trần Thị Hồng"


# --- views: scope, list, public pages ------------------------------------------------------

def test_another_units_officer_gets_404(cast, client_for):
    ex_a = exemplar(cast.unit_a)
    client = client_for(cast.officer_b)
    assert client.get(reverse("exemplars:detail", args=[ex_a.pk])).status_code == 404
    for name in ("decide", "advance", "publish"):
        resp = client.post(reverse(f"exemplars:{name}", args=[ex_a.pk]), {"action": "accept"})
        assert resp.status_code == 404
    ex_a.refresh_from_db()
    assert ex_a.status == Status.PROPOSED
    body = client.get(reverse("exemplars:index")).content.decode()
    assert ex_a.title not in body


def test_list_is_scoped_searchable_without_diacritics_and_constant_queries(cast, client_for):
    from tdkt.organisation.models import Unit

    client = client_for(cast.officer_a)
    office = Unit.objects.get(code="STP-01-VP")
    exemplar(office, title="Tổ hoà giải điển hình")
    exemplar(cast.unit_b, title="Tổ hoà giải phía Nam")
    body = client.get(reverse("exemplars:index"), {"q": "hoa giai"}).content.decode()
    assert "Tổ hoà giải điển hình" in body and "phía Nam" not in body
    url = reverse("exemplars:index")
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(15):
        exemplar(office, title=f"Mô hình {i}")
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_create_view_proposes_in_scope(cast, client_for):
    client = client_for(cast.officer_a)
    resp = client.post(reverse("exemplars:create"), {
        "kind": "collective", "unit": cast.unit_a.pk, "name": "Sở Tư pháp", "title": "Mô hình",
        "achievement": "Tốt", "year": 2025})
    assert resp.status_code == 302
    resp = client.post(reverse("exemplars:create"), {
        "kind": "collective", "unit": cast.unit_b.pk, "name": "X", "title": "Y",
        "achievement": "Z", "year": 2025})
    assert resp.status_code == 200 and "Hãy chọn một lựa chọn hợp lệ" in resp.content.decode()
    assert Exemplar.objects.filter(unit=cast.unit_b).count() == 0
    assert client.get(reverse("exemplars:create"), {"can_bo": cast.person_b.pk}).status_code \
        == 404


def _report(client, **extra):
    from tdkt.organisation.models import Unit

    data = {"kind": "person", "unit": Unit.objects.get(code="STP-01").pk,
            "name": "<script>alert(1)</script>", "title": "Nhặt được của rơi trả người mất",
            "achievement": "Trả lại ví cho người dân", "year": 2026, "reporter_name": "Bà Lan"}
    data.update(extra)
    return client.post(reverse("exemplars_public:report"), data)


def test_public_report_is_anonymous_moderated_escaped_and_rate_limited(cast, client):
    assert client.get(reverse("exemplars_public:report")).status_code == 200
    for _ in range(5):
        assert _report(client).status_code == 302
    resp = _report(client)
    assert resp.status_code == 429
    assert "quá nhiều phản ánh" in resp.content.decode()
    assert Exemplar.objects.filter(source=Source.PUBLIC).count() == 5
    ex = Exemplar.objects.filter(source=Source.PUBLIC).first()
    assert ex.status == Status.PROPOSED
    # not public before moderation
    assert client.get(reverse("exemplars_public:story", args=[ex.pk])).status_code == 404
    # the unit's officer moderates it and sees the text escaped
    officer = cast.officer_a
    from django.test import Client
    c = Client()
    c.force_login(officer)
    body = c.get(reverse("exemplars:detail", args=[ex.pk])).content.decode()
    assert "<script>alert(1)</script>" not in body and "&lt;script&gt;" in body


def test_public_report_needs_csrf(cast):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    assert _report(client).status_code == 403


def test_public_stories_only_published_consent_search_filters(cast, client):
    person_ex = exemplar(cast.unit_a, kind="person", name="Trần Thị Hồng",
                         title="Cán bộ hộ tịch tận tuỵ", status="accepted")
    services.publish(cast.officer_a, person_ex, story="<b>Câu chuyện</b> về chị Hồng")
    hidden = exemplar(cast.unit_a, title="Chưa công bố", status="accepted")
    body = client.get(reverse("exemplars_public:index"), {"q": "tan tuy"}).content.decode()
    assert "Cán bộ hộ tịch tận tuỵ" in body and "Chưa công bố" not in body
    assert "Trần Thị Hồng" not in body  # no consent recorded
    story = client.get(reverse("exemplars_public:story", args=[person_ex.pk])).content.decode()
    assert "&lt;b&gt;Câu chuyện" in story and "Trần Thị Hồng" not in story
    assert client.get(reverse("exemplars_public:story", args=[hidden.pk])).status_code == 404
    body = client.get(reverse("exemplars_public:index"), {"nam": "2019"}).content.decode()
    assert "Cán bộ hộ tịch tận tuỵ" not in body
    body = client.get(reverse("exemplars_public:index"),
                      {"loai_don_vi": cast.unit_a.kind}).content.decode()
    assert "Cán bộ hộ tịch tận tuỵ" in body
    url = reverse("exemplars_public:index")
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(10):
        e = exemplar(cast.unit_a, title=f"Mô hình {i}", status="accepted")
        services.publish(cast.officer_a, e, story="Nội dung")
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_home_tasks_show_the_moderation_queue_in_scope(cast):
    import datetime

    from tdkt.accounts.scoping import Scope
    from tdkt.exemplars.todo import items

    today = datetime.date(2026, 12, 6)
    exemplar(cast.unit_a)
    exemplar(cast.unit_a, status="accepted")
    exemplar(cast.unit_b)
    with CaptureQueriesContext(connection) as q:
        got = items(cast.officer_a, Scope(cast.officer_a), today)
    assert [(i.count, i.group) for i in got] == [(1, "Điển hình tiên tiến")]
    assert len(q) <= 5  # grants, summaries, proposals, milestones, replication results
    assert items(cast.staff_a, Scope(cast.staff_a), today) == []


def test_fostering_plan_milestones_reminders_and_tasks(cast, client_for):
    import datetime

    from django.core.management import call_command

    from tdkt.accounts.scoping import Scope
    from tdkt.exemplars.models import Milestone
    from tdkt.exemplars.todo import items
    from tdkt.notifications.models import Notification

    ex = exemplar(cast.unit_a, status="accepted")
    client = client_for(cast.officer_a)
    url = reverse("exemplars:foster", args=[ex.pk])
    client.post(url, {"action": "plan", "mentor": "Ông Tuấn", "goals": "Nhân rộng ra 5 quận"})
    client.post(url, {"action": "milestone", "title": "Hội thảo", "due_on": "01/12/2026"})
    client.post(url, {"action": "milestone", "title": "Sơ kết", "due_on": "2027-06-30"})  # picker
    client.post(url, {"action": "milestone", "title": "Sai ngày", "due_on": "31/02/2026"})
    client.post(url, {"action": "note", "text": "Đã họp triển khai"})
    assert list(Milestone.objects.values_list("title", "due_on")) == [
        ("Hội thảo", datetime.date(2026, 12, 1)), ("Sơ kết", datetime.date(2027, 6, 30))]
    assert ex.notes.count() == 1
    # another unit's officer cannot touch it
    assert client_for(cast.officer_b).post(url, {"action": "note", "text": "x"}).status_code \
        == 404
    today = datetime.date(2026, 12, 6)
    got = items(cast.officer_a, Scope(cast.officer_a), today)
    milestone_items = [i for i in got if "Mốc" in i.title]
    assert milestone_items[0].overdue(today)
    assert services.remind_overdue_milestones(today) == 1
    assert services.remind_overdue_milestones(today) == 0  # idempotent
    assert Notification.objects.filter(unit=cast.unit_a, kind="reminder").count() == 1
    call_command("send_exemplar_reminders")
    m = Milestone.objects.get(title="Hội thảo")
    client_for(cast.officer_a).post(url, {"action": "done", "milestone": m.pk})
    m.refresh_from_db()
    assert m.done_on
    assert not [i for i in items(cast.officer_a, Scope(cast.officer_a), today) if "Mốc" in i.title]


# --- suggestions from movement reviews and cluster honouring votes ---------------------------

def test_review_proposals_and_cluster_honours_are_reasons_of_their_own():
    out = suggest(
        people={1: ("Nguyễn Văn An", 10), 2: ("Lê Thị Bình", 10)},
        person_titles={1: {2024, 2025}}, initiatives={1: [(2025, "Số hoá hồ sơ")]},
        units={7: "Phòng Hộ tịch", 8: "Sở Tư pháp tỉnh Lạng Sơn"}, unit_titles={7: {2025}},
        proposals={("person", 2): [(2025, "Tổng kết", "Phong trào thi đua năm 2025",
                                    "Bằng khen của Bộ trưởng Bộ Tư pháp")],
                   ("person", 1): [(2025, "Sơ kết", "Chuyển đổi số", "Giấy khen")],
                   ("collective", 7): [(2025, "Tổng kết", "Phong trào thi đua năm 2025",
                                        "Tập thể lao động xuất sắc")]},
        honours={8: [(2025, "Cụm thi đua các tỉnh miền núi phía Bắc", 7, 9)]},
    )
    got = {(s.kind, s.pk): s.reasons for s in out}
    assert got == {
        ("person", 1): (
            "2 năm liên tục đạt Chiến sĩ thi đua cơ sở (2024, 2025).",
            "Sáng kiến được công nhận năm 2025: Số hoá hồ sơ.",
            "Được đề nghị Giấy khen tại Sơ kết phong trào “Chuyển đổi số” (2025).",
        ),
        ("person", 2): ("Được đề nghị Bằng khen của Bộ trưởng Bộ Tư pháp tại Tổng kết phong "
                        "trào “Phong trào thi đua năm 2025” (2025).",),
        # one TTLĐXS year is no streak: the proposal alone makes the suggestion
        ("collective", 7): ("Được đề nghị Tập thể lao động xuất sắc tại Tổng kết phong trào "
                            "“Phong trào thi đua năm 2025” (2025).",),
        ("collective", 8): ("Được suy tôn dẫn đầu Cụm thi đua các tỉnh miền núi phía Bắc năm "
                            "2025 (7/9 phiếu).",),
    }
    assert [(s.kind, s.pk) for s in out][0] == ("person", 1)  # most reasons first


def test_suggestions_from_a_review_and_a_closed_vote_in_the_records(cast):
    from tdkt.accounts.models import Role
    from tdkt.accounts.scoping import Scope
    from tdkt.movements.models import (
        ClusterYear,
        HonouringVote,
        MovementReview,
        ReviewProposal,
    )
    from tdkt.organisation.models import ClusterMembership, EmulationCluster, Unit
    from tests.factories import make_user
    from tests.movements.helpers import D, make_movement

    dept = make_user("vu_tccb", Role.EMULATION_DEPT, "BTP")
    movement = make_movement(dept)
    review = MovementReview.objects.create(movement=movement, kind="final",
                                           held_on=D(2026, 12, 1), results="Tốt")
    ReviewProposal.objects.create(review=review, person=cast.person_a,
                                  award_code="bang_khen_bo_truong_bo_tu_phap", reason="x")
    ReviewProposal.objects.create(review=review, person=cast.person_b,
                                  award_code="bang_khen_bo_truong_bo_tu_phap", reason="x")
    cluster = EmulationCluster.objects.first()
    cy, _ = ClusterYear.objects.get_or_create(cluster=cluster, year=2026)
    members = list(ClusterMembership.objects.filter(cluster=cluster, year=2026)
                   .select_related("unit")[:3])
    if len(members) < 3:
        units = list(Unit.objects.filter(code__in=["STP-01", "STP-79", "THADS-01"]))
        for u in units:
            ClusterMembership.objects.get_or_create(cluster=cluster, year=2026, unit=u)
        members = list(ClusterMembership.objects.filter(cluster=cluster, year=2026)
                       .select_related("unit")[:3])
    winner = members[0].unit
    HonouringVote.objects.create(cluster_year=cy, voter_unit=members[1].unit,
                                 candidate_unit=winner)
    HonouringVote.objects.create(cluster_year=cy, voter_unit=members[2].unit,
                                 candidate_unit=winner)
    cy.vote_closed = True
    cy.save()
    admin_out = {(s.kind, s.pk): s.reasons for s in suggestions_for(Scope(cast.admin),
                                                                      since_year=2020)}
    assert admin_out[("collective", winner.pk)] == (
        f"Được suy tôn dẫn đầu {cluster.name} năm 2026 (2/2 phiếu).",)
    assert admin_out[("person", cast.person_a.pk)] == (
        "Được đề nghị Bằng khen của Bộ trưởng Bộ Tư pháp tại Tổng kết phong trào "
        "“Phong trào thi đua năm 2026” (2026).",)
    mine = {(s.kind, s.pk) for s in suggestions_for(Scope(cast.officer_a), since_year=2020)}
    assert ("person", cast.person_a.pk) in mine and ("person", cast.person_b.pk) not in mine
