"""Screens: the whole registration journey through the UI, permissions, empty states,
exports, and query counts that do not grow with rows."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from tdkt.movements import services
from tdkt.movements.models import ClusterYear, Movement, RegistrationStatus
from tdkt.notifications.models import Notification, NotificationRead
from tdkt.organisation.models import EmulationCluster, Unit
from tests.core.samples import pdf_bytes
from tests.factories import make_person

from .helpers import fill, make_movement, registration_of

pytestmark = pytest.mark.django_db
PDF = pdf_bytes()


def sheet_rows(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(response.content))
    return [tuple(row) for row in wb.active.iter_rows(values_only=True)]


def test_empty_states(cast, as_user):
    client = as_user(cast.officer_a)
    body = client.get(reverse("movements:index")).content.decode()
    assert "Chưa có phong trào thi đua nào trong phạm vi của bạn." in body
    body = client.get(reverse("movements:clusters") + "?nam=2025").content.decode()
    assert "Chưa có cụm, khối nào chốt kết quả suy tôn năm 2025." in body
    body = client.get(reverse("movements:cluster_year", args=["CUM-DP-DBBB", 2025])).content
    assert "Chưa ký giao ước thi đua năm 2025." in body.decode()
    assert "Chưa có bảng điểm." in body.decode()


def test_the_registration_journey_through_the_screens(cast, as_user, dept):
    # the department creates and launches a movement
    client = as_user(dept)
    response = client.post(reverse("movements:create"), {
        "launching_unit": Unit.objects.get(code="BTP").pk, "name": "Phong trào thi đua 2026",
        "kind": "regular", "year": 2026, "theme": "Kỷ cương, đổi mới",
        "starts_on": "01/01/2026", "ends_on": "31/12/2026", "registration_deadline": "31/03/2026",
        "objectives": "Thi đua hoàn thành nhiệm vụ\nThi đua chuyển đổi số",
        "unit_codes": "STP-01\nSTP-79",
    })
    movement = Movement.objects.get(name="Phong trào thi đua 2026")
    assert response.status_code == 302
    client.post(reverse("movements:transition", args=[movement.pk]), {"to": "launched"})
    movement.refresh_from_db()
    assert movement.status == "launched"
    detail = client.get(reverse("movements:detail", args=[movement.pk])).content.decode()
    assert "Một là" in detail and "Hai là" in detail

    # the Sở officer sees the notification and registers
    officer = as_user(cast.officer_a)
    index = officer.get(reverse("movements:index")).content.decode()
    assert "phát động “Phong trào thi đua 2026”" in index
    reg = registration_of(movement, "STP-01")
    response = officer.post(reverse("movements:registration_edit", args=[reg.pk]), {
        "collective_title": "tap_the_lao_dong_xuat_sac", "targets": "Hoàn thành 100% nhiệm vụ",
        f"p_{cast.person_a.pk}": "chien_si_thi_dua_co_so", "gui": "1",
    })
    assert response.status_code == 302
    reg.refresh_from_db()
    assert reg.status == RegistrationStatus.SUBMITTED

    # the officer cannot approve their own registration
    assert officer.post(reverse("movements:registration_approve", args=[reg.pk])).status_code == 403

    # the department returns it: a reason is required
    url = reverse("movements:registration_return", args=[reg.pk])
    client.post(url, {"reason": ""})
    reg.refresh_from_db()
    assert reg.status == RegistrationStatus.SUBMITTED
    client.post(url, {"reason": "Bổ sung chỉ tiêu chuyển đổi số"})
    reg.refresh_from_db()
    assert reg.status == RegistrationStatus.RETURNED
    body = officer.get(reverse("movements:registration", args=[reg.pk])).content.decode()
    assert "Bổ sung chỉ tiêu chuyển đổi số" in body

    # corrected and resubmitted, then approved
    officer.post(reverse("movements:registration_edit", args=[reg.pk]), {
        "collective_title": "tap_the_lao_dong_xuat_sac",
        "targets": "Hoàn thành 100% nhiệm vụ\nSố hóa 100% hồ sơ",
        f"p_{cast.person_a.pk}": "chien_si_thi_dua_co_so", "gui": "1",
    })
    client.post(reverse("movements:registration_approve", args=[reg.pk]))
    reg.refresh_from_db()
    assert reg.status == RegistrationStatus.APPROVED
    assert list(reg.events.values_list("verb", flat=True)) == [
        "submit", "return", "resubmit", "approve"]

    # the roll-up shows it
    page = client.get(reverse("movements:rollup", args=[movement.pk]))
    counts = {s: len(items) for s, items in page.context["rollup"].groups.items()}
    assert counts == {"not_sent": 1, "submitted": 0, "returned": 0, "approved": 1}
    rows = sheet_rows(client.get(reverse("movements:rollup", args=[movement.pk]),
                                 {"xuat": "xlsx"}))
    assert rows[1][:3] == ("Mã đơn vị", "Đơn vị", "Trạng thái")
    assert ("STP-01", "Sở Tư pháp thành phố Hà Nội", "Đã duyệt") in [r[:3] for r in rows[2:]]
    rows = sheet_rows(client.get(reverse("movements:individuals", args=[movement.pk]),
                                 {"xuat": "xlsx"}))
    assert rows[2][0] == "Trần Thị Hồng" and rows[2][3] == "Chiến sĩ thi đua cơ sở"


@pytest.mark.parametrize("who", ["head_a", "staff_a"])
def test_read_only_roles_see_but_cannot_register(cast, as_user, dept, who):
    m = make_movement(dept)
    reg = registration_of(m, "STP-01")
    client = as_user(getattr(cast, who))
    assert client.get(reverse("movements:detail", args=[m.pk])).status_code == 200
    assert client.get(reverse("movements:registration", args=[reg.pk])).status_code == 200
    edit = reverse("movements:registration_edit", args=[reg.pk])
    assert client.get(edit).status_code == 403
    assert client.post(edit, {"targets": "X", "gui": "1"}).status_code == 403
    assert client.post(reverse("movements:registration_submit", args=[reg.pk])).status_code == 403
    assert client.get(reverse("movements:create")).status_code == 403
    reg.refresh_from_db()
    assert reg.status == RegistrationStatus.NOT_SENT


def test_units_see_only_their_own_registration_not_the_rollup(cast, as_user, dept):
    m = make_movement(dept)
    client = as_user(cast.officer_a)
    assert client.get(reverse("movements:registration",
                              args=[registration_of(m, "STP-79").pk])).status_code == 404
    assert client.get(reverse("movements:rollup", args=[m.pk])).status_code == 403
    assert client.get(reverse("movements:individuals", args=[m.pk])).status_code == 403
    assert client.post(reverse("movements:transition", args=[m.pk]),
                       {"to": "under_way"}).status_code == 403
    assert client.get(reverse("movements:review", args=[m.pk, "bogus"])).status_code == 404


def test_invalid_forms_show_vietnamese_errors(cast, as_user, dept, media):
    client = as_user(dept)
    body = client.post(reverse("movements:create"), {
        "launching_unit": Unit.objects.get(code="BTP").pk, "name": "X", "kind": "regular",
        "year": 2026, "starts_on": "01/06/2026", "ends_on": "01/01/2026", "objectives": "",
    }).content.decode()
    assert "Ngày kết thúc phải sau ngày bắt đầu." in body
    assert "Nhập ít nhất một nội dung thi đua." in body
    m = make_movement(dept)
    response = client.post(reverse("movements:document_upload", args=[m.pk]), {
        "kind": "plan", "title": "Kế hoạch",
        "file": SimpleUploadedFile("ke-hoach.xlsx", b"PK"),
    }, follow=True)
    assert "Chỉ nhận tệp PDF hoặc Word (.pdf, .doc, .docx)." in response.content.decode()
    client.post(reverse("movements:document_upload", args=[m.pk]), {
        "kind": "plan", "title": "Kế hoạch phát động",
        "file": SimpleUploadedFile("ke-hoach.pdf", PDF),
    })
    doc = m.documents.get()
    officer = as_user(cast.officer_a)
    download = officer.get(reverse("movements:document", args=[doc.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF


def test_notifications_are_marked_read(cast, as_user, dept):
    make_movement(dept)
    note = Notification.objects.get(unit=cast.unit_a)
    client = as_user(cast.officer_a)
    client.post(reverse("notifications:read", args=[note.pk]),
                {"next": reverse("movements:index")})
    assert NotificationRead.objects.filter(notification=note, user=cast.officer_a).exists()
    assert "phát động “Phong trào" not in client.get(reverse("movements:index")).content.decode()


def test_index_and_review_exports(cast, as_user, dept):
    m = make_movement(dept)
    services.transition(dept, m, "under_way")
    services.transition(dept, m, "midterm")
    client = as_user(dept)
    client.post(reverse("movements:review", args=[m.pk, "so-ket"]), {
        "action": "review", "held_on": "10/07/2026", "results": "Đạt 60% chỉ tiêu"})
    client.post(reverse("movements:review", args=[m.pk, "so-ket"]), {
        "action": "proposal", "subject_kind": "person", "identifier": cast.person_a.id_number,
        "award_code": "chien_si_thi_dua_co_so", "reason": "Sáng kiến số hóa hộ tịch"})
    rows = sheet_rows(client.get(reverse("movements:review", args=[m.pk, "so-ket"]),
                                 {"xuat": "xlsx"}))
    assert rows[2][:4] == ("Trần Thị Hồng", "Cá nhân", "Văn phòng Sở", "Chiến sĩ thi đua cơ sở")
    rows = sheet_rows(client.get(reverse("movements:index"), {"xuat": "xlsx"}))
    assert rows[2][0] == m.name and rows[2][8] == "Sơ kết"


# --- clusters ---------------------------------------------------------------------------


@pytest.fixture
def dbbb(dept):
    """STP-01's cluster in 2026, with STP-01 as head and a two-criterion rubric."""
    cluster = EmulationCluster.objects.get(code="CUM-DP-DBBB")
    units = {u.code: u for u in Unit.objects.filter(code__in=["STP-01", "THADS-01", "STP-22"])}
    services.set_leadership(dept, cluster, 2026, units["STP-01"], [units["THADS-01"]])
    cy = ClusterYear.objects.get(cluster=cluster, year=2026)
    services.add_criterion(dept, cy, "standard", "Nhiệm vụ chuyên môn", Decimal(60))
    services.add_criterion(dept, cy, "bonus", "Sáng kiến", Decimal(5))
    cy.units = units
    return cy


def test_cluster_scoring_and_vote_through_the_screens(cast, as_user, dept, dbbb):
    from tdkt.accounts.models import Role
    from tests.factories import make_user

    c1, c2 = dbbb.criteria.all()
    member = make_user("officer_stp22", Role.UNIT_OFFICER, "STP-22")
    url = reverse("movements:scorecard", args=["CUM-DP-DBBB", 2026, "STP-22"])
    client = as_user(member)
    body = client.post(url, {"action": "self", f"pts_{c1.pk}": "70", "gui": "1"}).content
    assert "phải từ 0 đến 60" in body.decode()
    client.post(url, {"action": "self", f"pts_{c1.pk}": "55,5", f"ev_{c1.pk}": "Báo cáo",
                      f"pts_{c2.pk}": "2", "gui": "1"})
    # a member cannot review; the head unit's officer can, with a reason
    assert client.post(url, {"action": "finish"}).status_code == 403
    score = dbbb.scorecards.get(unit__code="STP-22").scores.get(criterion=c1)
    head = as_user(cast.officer_a)
    body = head.post(url, {"action": "finish", f"rv_{score.pk}": "50"}).content.decode()
    assert "Nhập lý do điều chỉnh điểm tiêu chí" in body
    head.post(url, {"action": "finish", f"rv_{score.pk}": "50", f"why_{score.pk}": "Thiếu số liệu"})
    score.refresh_from_db()
    assert score.reviewed_points == 50 and score.review_reason == "Thiếu số liệu"
    rows = sheet_rows(head.get(reverse("movements:ranking", args=["CUM-DP-DBBB", 2026]),
                               {"xuat": "xlsx"}))
    assert rows[2][:3] == (1, "STP-22", dbbb.units["STP-22"].name) and rows[2][6] == 52
    # the head's own scorecard is reviewed by the deputy, not by itself
    own = reverse("movements:scorecard", args=["CUM-DP-DBBB", 2026, "STP-01"])
    head.post(own, {"action": "self", f"pts_{c1.pk}": "60", "gui": "1"})
    assert head.post(own, {"action": "finish"}).status_code == 403
    # voting: a member records its own vote; the head records and closes with minutes
    vote = reverse("movements:vote", args=["CUM-DP-DBBB", 2026])
    client.post(vote, {"action": "vote", "voter": dbbb.units["STP-22"].pk,
                       "candidate": dbbb.units["STP-01"].pk})
    assert client.post(vote, {"action": "close", "held_on": "20/01/2027",
                              "minutes": "x"}).status_code == 403
    members = [m.unit for m in dbbb.cluster.memberships.filter(year=2026).select_related("unit")]
    for unit in members:
        if unit.code not in ("STP-22", "STP-01"):
            head.post(vote, {"action": "vote", "voter": unit.pk,
                             "candidate": dbbb.units["STP-22"].pk})
    body = head.post(vote, {"action": "close", "held_on": "20/01/2027"}).content.decode()
    assert "Nhập nội dung hoặc đính kèm biên bản hội nghị suy tôn." in body
    head.post(vote, {"action": "close", "held_on": "20/01/2027", "minutes": "Biên bản hội nghị"})
    dbbb.refresh_from_db()
    assert dbbb.vote_closed
    page = head.get(reverse("movements:clusters") + "?nam=2026").content.decode()
    assert "Đề nghị tặng Cờ thi đua ngành Tư pháp năm 2026" in page
    rows = sheet_rows(head.get(reverse("movements:flag_proposals"), {"nam": 2026, "xuat": "xlsx"}))
    assert rows[2][1] == dbbb.units["STP-22"].name
    rows = sheet_rows(head.get(vote, {"xuat": "xlsx"}))
    assert len(rows) == 2 + len(members) - 1
    rows = sheet_rows(head.get(reverse("movements:clusters"), {"nam": 2026, "xuat": "xlsx"}))
    assert any(r[0] == "CUM-DP-DBBB" for r in rows[2:])


def test_cluster_management_is_for_the_head_or_the_department(cast, as_user, dbbb):
    client = as_user(cast.head_a)  # read-only role of the head unit
    assert client.get(reverse("movements:cluster_year", args=["CUM-DP-DBBB", 2026])).status_code \
        == 200
    assert client.post(reverse("movements:cluster_pact", args=["CUM-DP-DBBB", 2026]),
                       {"signed_on": "26/01/2026", "targets": "X"}).status_code == 403
    officer = as_user(cast.officer_a)  # the head unit's officer manages the pact
    officer.post(reverse("movements:cluster_pact", args=["CUM-DP-DBBB", 2026]),
                 {"signed_on": "26/01/2026", "place": "Hải Phòng", "targets": "Hoàn thành 100%"})
    dbbb.refresh_from_db()
    assert dbbb.pact_place == "Hải Phòng"
    # but only the department assigns the head and deputies
    assert officer.get(reverse("movements:cluster_leadership",
                               args=["CUM-DP-DBBB", 2026])).status_code == 403
    assert officer.get(reverse("movements:cluster_year", args=["CUM-DP-DNB", 2026])).status_code \
        == 404


# --- query counts -----------------------------------------------------------------------


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_queries_do_not_grow_with_rows(cast, as_user, dept):
    few = make_movement(dept, unit_codes=("STP-01", "STP-79"), name="Ít")
    many_codes = ["STP-01", "STP-79"] + [
        u.code for u in Unit.objects.filter(kind="provincial_justice_dept")
        .exclude(code__in=["STP-01", "STP-79"])[:20]]
    many = make_movement(dept, unit_codes=many_codes, name="Nhiều")
    people = [make_person("STP-01-VP", f"Nguyễn Văn Số{i}") for i in range(6)]
    for m in (few, many):
        for code in ("STP-01", "STP-79"):
            reg = registration_of(m, code)
            chosen = people if m is many else people[:1]
            individuals = {p.pk: "lao_dong_tien_tien" for p in chosen} if code == "STP-01" \
                else {}
            fill(dept, reg, individuals=individuals)
            services.submit_registration(dept, reg)
    client = as_user(dept)
    for name in ("rollup", "individuals", "detail"):
        a = count_queries(client, reverse(f"movements:{name}", args=[few.pk]))
        b = count_queries(client, reverse(f"movements:{name}", args=[many.pk]))
        assert a == b, name
    a = count_queries(client, reverse("movements:registration",
                                      args=[registration_of(few, "STP-01").pk]))
    b = count_queries(client, reverse("movements:registration",
                                      args=[registration_of(many, "STP-01").pk]))
    assert a == b
    index_two = count_queries(client, reverse("movements:index"))
    make_movement(dept, unit_codes=("STP-01",), name="Thêm")
    assert count_queries(client, reverse("movements:index")) == index_two


def test_cluster_pages_queries_do_not_grow(cast, as_user, dept):
    small = EmulationCluster.objects.get(code="CUM-BTP-II")    # 4 members
    large = EmulationCluster.objects.get(code="CUM-DP-MNBG")   # 18 members
    client = as_user(dept)
    counts = []
    for cluster in (small, large):
        cy = services.open_cluster_year(dept, cluster, 2026)
        c = services.add_criterion(dept, cy, "standard", "Nhiệm vụ", Decimal(10))
        members = list(cluster.memberships.filter(year=2026).select_related("unit"))
        for m in members:
            card = services.save_self_scores(dept, cy, m.unit, {c.pk: (Decimal(8), "", None)})
            services.submit_scorecard(dept, card)
        for i, m in enumerate(members):
            services.cast_vote(dept, cy, m.unit, members[(i + 1) % len(members)].unit)
        counts.append([
            count_queries(client, reverse(f"movements:{name}", args=[cluster.code, 2026]))
            for name in ("cluster_year", "ranking", "vote")
        ])
    assert counts[0] == counts[1]
    base = count_queries(client, reverse("movements:clusters") + "?nam=2026")
    assert base < 15


def test_individual_registrations_show_in_the_persons_record(as_user, dept, cast):
    movement = make_movement(dept, name="Thi đua năm 2026 — Sở Tư pháp")
    reg = registration_of(movement, "STP-01")
    # the staff member's own record (a colleague's is not theirs to open)
    own = cast.staff_a.person
    fill(cast.officer_a, reg, individuals={own.pk: "chien_si_thi_dua_co_so"})
    page = reverse("people:detail", args=[own.pk])
    body = as_user(cast.staff_a).get(page).content.decode()
    assert "Thi đua năm 2026 — Sở Tư pháp" not in body  # a draft is not yet a registration
    services.submit_registration(cast.officer_a, reg)
    services.approve_registration(dept, reg)
    body = as_user(cast.staff_a).get(page).content.decode()
    assert "Đăng ký thi đua" in body
    assert "Thi đua năm 2026 — Sở Tư pháp" in body
    assert "Chiến sĩ thi đua cơ sở" in body and "đã duyệt" in body
