"""The home task list: the registry (contract 2), movements' and nominations' providers, the
page (overdue first, dd/mm/yyyy deadlines, empty state), constant queries."""

import datetime
import logging

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tdkt.accounts.scoping import Scope
from tdkt.dashboard import todo
from tdkt.dashboard.todo import TodoItem
from tests.factories import make_person, make_user
from tests.movements.helpers import fill, make_movement, registration_of

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 3, 20)


def titles(user, today=TODAY, module=None):
    from tdkt.movements import todo as movements_todo
    from tdkt.nominations import todo as nominations_todo

    mod = module or None
    providers = [mod.items] if mod else [movements_todo.items, nominations_todo.items]
    out = []
    for items in providers:
        out += items(user, Scope(user), today)
    return out


# --- registry --------------------------------------------------------------------------------


def test_registry_discovers_the_apps_todo_modules():
    from tdkt.movements import todo as movements_todo
    from tdkt.nominations import todo as nominations_todo

    found = todo.providers()
    assert movements_todo.items in found and nominations_todo.items in found


def test_overdue_first_then_by_deadline_then_undated():
    items = [
        TodoItem("Không hạn", "/a"),
        TodoItem("Còn hạn xa", "/b", due_on=D(2026, 5, 1)),
        TodoItem("Quá hạn gần", "/c", due_on=D(2026, 3, 19)),
        TodoItem("Còn hạn gần", "/d", due_on=D(2026, 3, 25)),
        TodoItem("Quá hạn lâu", "/e", due_on=D(2026, 1, 2)),
    ]
    ordered = sorted(items, key=todo.sort_key(TODAY))
    assert [i.title for i in ordered] == [
        "Quá hạn lâu", "Quá hạn gần", "Còn hạn gần", "Còn hạn xa", "Không hạn"]
    overdue, groups = todo.grouped(ordered, TODAY)
    assert [i.title for i in overdue] == ["Quá hạn lâu", "Quá hạn gần"]
    assert [g.label for g in groups] == ["Việc khác"]


def test_a_failing_provider_is_logged_and_the_rest_still_shown(cast, monkeypatch, caplog):
    def broken(user, scope, today):
        raise RuntimeError("boom")

    def fine(user, scope, today):
        return [TodoItem("Việc còn lại", "/x"), TodoItem("Không đếm", "/y", count=0)]

    monkeypatch.setattr(todo, "providers", lambda: (broken, fine))
    with caplog.at_level(logging.ERROR):
        items = todo.collect(cast.officer_a, Scope(cast.officer_a), TODAY)
    assert [i.title for i in items] == ["Việc còn lại"]
    assert "boom" in caplog.text


def test_home_shows_items_overdue_first_with_dates_and_links(cast, client_for, monkeypatch):
    def provider(user, scope, today):
        return [
            TodoItem("Gửi báo cáo", "/bao-cao/1/", due_on=today + datetime.timedelta(days=3),
                     group="Báo cáo"),
            TodoItem("Duyệt đăng ký quá hạn", "/phong-trao/1/", count=4,
                     due_on=today - datetime.timedelta(days=2), group="Phong trào thi đua"),
        ]

    monkeypatch.setattr(todo, "providers", lambda: (provider,))
    body = client_for(cast.officer_a).get(reverse("core:home")).content.decode()
    late = timezone.localdate() - datetime.timedelta(days=2)
    assert body.index("Quá hạn") < body.index("Duyệt đăng ký quá hạn") < body.index("Gửi báo cáo")
    assert f"quá hạn từ {late:%d/%m/%Y}" in body
    assert 'href="/phong-trao/1/"' in body and '<span class="badge">4</span>' in body


def test_home_empty_state(cast, client_for, monkeypatch):
    monkeypatch.setattr(todo, "providers", lambda: ())
    body = client_for(cast.staff_a).get(reverse("core:home")).content.decode()
    assert "Không có việc cần xử lý" in body


# --- movements -------------------------------------------------------------------------------


@pytest.fixture
def dept(db):
    from tdkt.accounts.models import Role

    return make_user("thuong_truc", Role.EMULATION_DEPT, "BTP")


def test_movements_registrations_to_send_are_the_units_own(cast, dept):
    from tdkt.movements import todo as movements_todo

    movement = make_movement(dept)
    mine = titles(cast.officer_a, module=movements_todo)
    assert [(i.title, i.due_on, i.count) for i in mine] == [
        (f"Gửi đăng ký thi đua: {movement.name}", D(2026, 3, 31), 1)]
    assert mine[0].link == reverse("movements:registration",
                                   args=[registration_of(movement, "STP-01").pk])
    # the department launched it: it approves, it does not send 3 units' registrations
    assert titles(dept, module=movements_todo) == []
    # read-only roles have nothing to send
    assert titles(cast.head_a, module=movements_todo) == []
    assert titles(cast.staff_a, module=movements_todo) == []


def test_movements_to_approve_after_sending_and_overdue_after_deadline(cast, dept):
    from tdkt.movements import services
    from tdkt.movements import todo as movements_todo

    movement = make_movement(dept)
    for code, officer in (("STP-01", cast.officer_a), ("STP-79", cast.officer_b)):
        reg = registration_of(movement, code)
        fill(officer, reg)
        services.submit_registration(officer, reg, today=D(2026, 3, 1))
    [approve] = titles(dept, module=movements_todo)
    assert approve.title == f"Duyệt đăng ký thi đua: {movement.name}" and approve.count == 2
    assert approve.link == reverse("movements:rollup", args=[movement.pk])
    assert titles(cast.officer_a, module=movements_todo) == []
    # THADS-01 never sent: overdue for its officer after the deadline
    thads = make_user("canbo_thads01", "unit_officer", "THADS-01")
    [late] = titles(thads, today=D(2026, 4, 2), module=movements_todo)
    assert late.overdue(D(2026, 4, 2))


def test_movements_returned_registration_and_progress_due(cast, dept):
    from tdkt.movements import services
    from tdkt.movements import todo as movements_todo

    movement = make_movement(dept)
    reg = registration_of(movement, "STP-01")
    fill(cast.officer_a, reg)
    services.submit_registration(cast.officer_a, reg, today=D(2026, 3, 1))
    services.return_registration(dept, reg, "Bổ sung chỉ tiêu", today=D(2026, 3, 2))
    [back] = titles(cast.officer_a, module=movements_todo)
    assert back.title.startswith("Đăng ký thi đua bị trả lại")
    reg.refresh_from_db()
    services.submit_registration(cast.officer_a, reg, today=D(2026, 3, 3))
    services.approve_registration(dept, reg, today=D(2026, 3, 4))
    services.transition(dept, movement, "under_way", today=D(2026, 4, 1))
    [progress] = titles(cast.officer_a, module=movements_todo)
    assert progress.title.startswith("Báo cáo tiến độ thực hiện")
    assert progress.link == reverse("movements:registration_progress", args=[reg.pk])


def test_movements_todo_queries_do_not_grow(cast, dept):
    from tdkt.movements import services
    from tdkt.movements import todo as movements_todo

    def count(user):
        scope = Scope(user)
        scope.grants  # noqa: B018 - the request's scope is built once, outside the provider
        with CaptureQueriesContext(connection) as ctx:
            result = movements_todo.items(user, scope, TODAY)
        return len(ctx), len(result)

    make_movement(dept)
    small = count(cast.officer_a), count(dept)
    for i in range(4):
        m = make_movement(dept, name=f"Phong trào chuyên đề {i}", kind="thematic")
        reg = registration_of(m, "STP-79")
        fill(cast.officer_b, reg)
        services.submit_registration(cast.officer_b, reg, today=D(2026, 3, 1))
    big = count(cast.officer_a), count(dept)
    assert big[0][1] == 5 and big[1][1] == 4  # more items…
    assert [q for q, _ in big] == [q for q, _ in small]  # …same queries


# --- nominations -----------------------------------------------------------------------------


def test_nominations_officer_completes_head_submits(cast, flow):
    from tdkt.nominations import todo as nominations_todo

    nom = flow.nomination()
    officer = titles(cast.officer_a, module=nominations_todo)
    assert [i.title for i in officer] == [
        "Hoàn thiện hồ sơ, tờ trình “Tờ trình đề nghị khen thưởng năm 2025” "
        "(Khen thưởng tổng kết năm 2025)"]
    assert officer[0].due_on == D(2026, 12, 31)
    assert officer[0].link == reverse("nominations:submission", args=[nom.submission_id])
    [head] = titles(cast.head_a, module=nominations_todo)
    assert head.title.startswith("Phê duyệt và trình tờ trình") and head.count == 1
    assert titles(cast.officer_b, module=nominations_todo) == []


def test_nominations_department_appraises_then_decides(cast, flow):
    from tdkt.nominations import todo as nominations_todo

    nom = flow.submitted()
    [appraise] = titles(flow.dept, module=nominations_todo)
    assert appraise.title == "Thẩm định hồ sơ (Khen thưởng tổng kết năm 2025)"
    assert appraise.due_on == D(2027, 1, 31) and appraise.count == 1
    assert titles(cast.officer_a, module=nominations_todo) == []
    from tdkt.nominations.models import Nomination, Status

    Nomination.objects.filter(pk=nom.pk).update(status=Status.APPROVED)
    [decide] = titles(flow.dept, module=nominations_todo)
    assert decide.title.startswith("Ra quyết định khen thưởng")


def test_nominations_returned_dossier_for_officer_and_head(cast, flow):
    from tdkt.nominations import services
    from tdkt.nominations import todo as nominations_todo

    nom = flow.submitted()
    services.return_for_supplement(flow.dept, nom, "Thiếu báo cáo thành tích có xác nhận",
                                   today=D(2025, 12, 12))
    [officer] = titles(cast.officer_a, module=nominations_todo)
    assert officer.title.startswith("Bổ sung hồ sơ bị trả lại")
    assert officer.link == reverse("nominations:nomination", args=[nom.pk])
    [head] = titles(cast.head_a, module=nominations_todo)
    assert head.title.startswith("Trình lại hồ sơ đã bổ sung")


def test_nominations_staff_sees_own_dossier_only(cast, flow):
    from tdkt.nominations import todo as nominations_todo

    flow.nomination()  # person_a's dossier
    assert titles(cast.staff_a, module=nominations_todo) == []
    mine = flow.nomination(person=cast.staff_a.person)
    [own] = titles(cast.staff_a, module=nominations_todo)
    assert own.title.startswith("Chuẩn bị báo cáo thành tích cá nhân")
    assert own.link == reverse("nominations:nomination", args=[mine.pk])


def test_nominations_ballot_open_until_the_member_votes(cast, flow):
    from tdkt.nominations import todo as nominations_todo
    from tdkt.nominations.models import BallotMarker

    nom = flow.appraised()
    meeting = flow.meeting([nom])
    voter, other = flow.members()[:2]
    [ballot] = nominations_todo.ballots(voter, TODAY)
    assert ballot.link == reverse("nominations:vote", args=[meeting.pk]) and ballot.count == 1
    BallotMarker.objects.create(meeting=meeting, member=voter)  # what casting a ballot leaves
    assert nominations_todo.ballots(voter, TODAY) == []
    assert len(nominations_todo.ballots(other, TODAY)) == 1
    assert nominations_todo.ballots(cast.officer_a, TODAY) == []


def test_nominations_council_member_studies_appraised_dossiers(cast, flow):
    from tdkt.accounts.models import Role
    from tdkt.nominations import todo as nominations_todo

    flow.appraised()
    member = make_user("uy_vien", Role.COUNCIL_MEMBER, "BTP")
    [study] = titles(member, module=nominations_todo)
    assert study.title.startswith("Nghiên cứu hồ sơ đã thẩm định") and study.count == 1
    unit_member = make_user("uy_vien_stp79", Role.COUNCIL_MEMBER, "STP-79")
    assert titles(unit_member, module=nominations_todo) == []


def test_nominations_comments_to_moderate_and_period_to_conclude(cast, flow):
    from tdkt.nominations import todo as nominations_todo
    from tdkt.nominations.models import DisclosurePeriod, PublicComment

    period = DisclosurePeriod.objects.create(title="Công khai đợt 1", starts_on=D(2026, 3, 2),
                                             working_days=10, ends_on=D(2026, 3, 13))
    PublicComment.objects.create(period=period, content="Góp ý 1", ip_hash="a")
    PublicComment.objects.create(period=period, content="Góp ý 2", ip_hash="b")
    got = {i.title: i.count for i in titles(flow.dept, module=nominations_todo)}
    assert got == {"Xử lý ý kiến góp ý (Công khai đợt 1)": 2,
                   "Kết thúc đợt công khai đã hết thời gian (Công khai đợt 1)": 1}
    assert titles(cast.officer_a, module=nominations_todo) == []


def test_nominations_todo_queries_do_not_grow(cast, flow):
    from tdkt.nominations import todo as nominations_todo

    users = (cast.officer_a, cast.head_a, flow.dept, cast.staff_a)

    def count():
        counts = []
        for user in users:
            scope = Scope(user)
            scope.grants  # noqa: B018
            with CaptureQueriesContext(connection) as ctx:
                nominations_todo.items(user, scope, TODAY)
            counts.append(len(ctx))
        return counts

    flow.submitted()
    small = count()
    for i in range(3):
        flow.nomination(person=make_person("STP-01-VP", f"Nguyễn Văn Thêm {i}"))
    flow.nomination(person=cast.staff_a.person)
    big = count()
    assert big == small


def test_every_discovered_provider_answers_every_role(cast, dept):
    """Every app's todo module (not only movements' and nominations'): called directly, so a
    failure shows here instead of being logged away by the home page."""
    from tdkt.accounts.models import Role

    council = make_user("uy_vien_all", Role.COUNCIL_MEMBER, "BTP")
    users = (cast.officer_a, cast.head_a, cast.staff_a, cast.admin, dept, council)
    for items in todo.providers():
        for user in users:
            result = items(user, Scope(user), TODAY)
            assert all(isinstance(i, TodoItem) for i in result), items.__module__


def test_a_units_own_round_is_not_the_ministrys_business(cast, flow):
    """A round organised by STP-01 (its year-end round) does not reach the Ministry's
    department or council; it reaches STP-01's council members."""
    from tdkt.accounts.models import Role
    from tdkt.nominations import todo as nominations_todo
    from tests.nominations.helpers import make_round

    flow.round = make_round("STP-01", name="Bình xét năm 2025 của Sở")
    flow.appraised()
    ministry_member = make_user("uy_vien_bo", Role.COUNCIL_MEMBER, "BTP")
    unit_member = make_user("uy_vien_so", Role.COUNCIL_MEMBER, "STP-01")
    assert titles(ministry_member, module=nominations_todo) == []
    assert [i.title for i in titles(flow.dept, module=nominations_todo)] == []
    [study] = titles(unit_member, module=nominations_todo)
    assert "Bình xét năm 2025 của Sở" in study.title


def test_nominations_head_approves_the_unit_rounds_agenda_then_decides(cast):
    """In a Sở's own year-end round the head's home lists the agenda to approve once
    candidates are in, and — after the council — the decision to issue; STP-79's head sees
    nothing of it."""
    from tdkt.accounts.models import Role
    from tdkt.nominations import services
    from tdkt.nominations.models import Nomination
    from tdkt.nominations.services import unit_rounds as ur
    from tests.nominations.unit_round_helpers import attach_report, make_council

    other_head = make_user("lanhdao_khac", Role.UNIT_HEAD, "STP-79")
    make_council()
    award_round = ur.open_unit_round(cast.officer_a, cast.unit_a, 2025, today=D(2026, 1, 5))
    assert not [t for t in titles(cast.head_a) if "chương trình họp" in t.title]
    nom = services.add_nomination(
        cast.officer_a, award_round.submissions.get(), award_code="lao_dong_tien_tien",
        subject_kind="individual", person=cast.person_a, achievement="Hoàn thành tốt nhiệm vụ")
    attach_report(cast.officer_a, nom)
    todo_titles = [t.title for t in titles(cast.head_a)]
    assert any(t.startswith("Phê duyệt chương trình họp Hội đồng") for t in todo_titles)
    assert not any("chương trình họp" in t.title for t in titles(other_head))
    Nomination.objects.filter(pk=nom.pk).update(status="approved")
    todo_titles = [t.title for t in titles(cast.head_a)]
    assert any(t.startswith("Ban hành quyết định khen thưởng của đơn vị") for t in todo_titles)
    assert not any(t.startswith("Phê duyệt chương trình họp") for t in todo_titles)
