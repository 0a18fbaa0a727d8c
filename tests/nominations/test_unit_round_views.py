"""Pages of a unit's year-end round: STP-01's officer and head work through them; STP-79's
officer (the attacker) gets 404 on every page and action of STP-01's round; roles inside the
unit are enforced (the officer cannot approve the agenda or decide, the head cannot pick)."""

import datetime

import pytest
from django.urls import reverse

from tests.nominations.unit_round_helpers import (
    CSTDCS,
    attach_report,
    close_with,
    finished_sweep,
    make_council,
    rate,
)

D = datetime.date
pytestmark = pytest.mark.django_db
NAMES = ("unit_round", "unit_round_pick", "unit_round_proposals", "unit_round_approve",
         "unit_round_settle", "unit_round_decide", "unit_round_forward")


def client_of(user):
    """A client of its own per user (client_for shares one client between users)."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def opened(cast):
    from tdkt.nominations.services import unit_rounds as ur

    make_council()
    return ur.open_unit_round(cast.officer_a, cast.unit_a, 2025, today=D(2026, 1, 5))


def test_other_units_officer_gets_404_everywhere(cast, opened):
    client = client_of(cast.officer_b)
    for name in NAMES:
        url = reverse(f"nominations:{name}", args=[opened.pk])
        for method in ("get", "post"):
            status = getattr(client, method)(url, {"chon": "1", "dot": "1",
                                                   "held_on": "2026-01-15"}).status_code
            assert status in (404, 405), f"{method} {name}: {status}"
    page = client.get(reverse("nominations:unit_rounds"))
    assert page.status_code == 200 and opened.name not in page.content.decode()


def test_other_units_officer_cannot_open_a_round_for_stp01(cast):
    from tdkt.nominations.models import AwardRound

    make_council()
    client = client_of(cast.officer_b)
    response = client.post(reverse("nominations:unit_rounds"),
                           {"unit": cast.unit_a.pk, "year": 2025})
    assert not AwardRound.objects.filter(organiser=cast.unit_a).exists()
    assert response.status_code in (200, 403, 404)


def test_roles_inside_the_unit(cast, opened):
    officer, head = client_of(cast.officer_a), client_of(cast.head_a)
    assert officer.post(reverse("nominations:unit_round_approve", args=[opened.pk]),
                        {"held_on": "2026-01-15"}).status_code == 403
    assert officer.get(reverse("nominations:unit_round_decide", args=[opened.pk])).status_code \
        == 403
    assert head.get(reverse("nominations:unit_round_pick", args=[opened.pk])).status_code == 403
    assert client_of(cast.staff_a).get(
        reverse("nominations:unit_round_pick", args=[opened.pk])).status_code == 403


def test_officer_and_head_walk_the_round(cast, opened):
    from tdkt.history.models import AwardType, PersonTitle
    from tdkt.nominations.models import Meeting

    officer, head = client_of(cast.officer_a), client_of(cast.head_a)
    rate(cast.person_a)
    rate(cast.person_a, 2024)
    PersonTitle.objects.create(person=cast.person_a, year=2024,
                               award=AwardType.objects.get(code=CSTDCS))
    finished_sweep(cast.officer_a, cast.unit_a)
    page = officer.get(reverse("nominations:unit_round_pick", args=[opened.pk]))
    assert page.status_code == 200
    entry = next(e for e in page.context["rows"] if e[0].award == CSTDCS)[0]
    body = page.content.decode()
    assert "Trần Thị Hồng" in body and "Xem từng tiêu chuẩn" in body
    officer.post(reverse("nominations:unit_round_pick", args=[opened.pk]), {"chon": entry.pk})
    nom = opened.nominations.get()
    assert "HTXSNV" in nom.achievement  # the engine's reasons
    detail = officer.get(reverse("nominations:unit_round", args=[opened.pk])).content.decode()
    assert "còn thiếu Báo cáo thành tích" in detail
    attach_report(cast.officer_a, nom)
    head.post(reverse("nominations:unit_round_approve", args=[opened.pk]),
              {"held_on": "2026-01-15", "place": "Hội trường"})
    meeting = Meeting.objects.get()
    meeting.attendance.update(present=True)
    close_with(meeting, {})
    page = head.get(reverse("nominations:unit_round_decide", args=[opened.pk]))
    assert page.status_code == 200 and "…/QĐ-STP" in page.content.decode()
    response = head.post(reverse("nominations:unit_round_decide", args=[opened.pk]), {
        "chon": nom.pk, "signed_on": "2026-01-20", "signer_name": "Nguyễn Văn Giám",
        "signer_title": "Giám đốc", "title": "Về việc công nhận danh hiệu thi đua năm 2025",
        "legal_bases": "Căn cứ Luật Thi đua, khen thưởng;"})
    assert response.status_code == 302, response.context["form"].errors
    decision = opened.decisions.get()
    assert decision.number_display == "01/QĐ-STP"
    shown = head.get(response.url).content.decode()
    assert "Quyết định số 01/QĐ-STP" in shown
    round_page = officer.get(reverse("nominations:unit_round", args=[opened.pk])).content.decode()
    assert "01/QĐ-STP" in round_page


def test_round_page_queries_do_not_grow(cast, opened, django_assert_max_num_queries):
    from tdkt.nominations import services
    from tests.factories import make_person

    listing = opened.submissions.get()
    officer = client_of(cast.officer_a)
    url = reverse("nominations:unit_round", args=[opened.pk])

    def add(n):
        for i in range(n):
            person = make_person("STP-01-VP", f"Nguyễn Văn Thứ {i}{n}")
            services.add_nomination(cast.officer_a, listing, award_code="lao_dong_tien_tien",
                                    subject_kind="individual", person=person,
                                    achievement="Hoàn thành tốt nhiệm vụ.")

    add(2)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert officer.get(url).status_code == 200
    add(8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert officer.get(url).status_code == 200


def test_proposals_above_authority_shown_with_rule_and_forwarded(cast, opened):
    from tdkt.nominations import services
    from tdkt.nominations.services import unit_rounds as ur
    from tests.nominations.helpers import make_eligible, make_round

    make_eligible(cast.person_a)
    nom = services.add_nomination(cast.officer_a, ur.unit_list(opened),
                                  award_code="bang_khen_bo_truong_bo_tu_phap",
                                  subject_kind="individual", person=cast.person_a,
                                  achievement="Hoàn thành xuất sắc nhiệm vụ năm 2025.")
    attach_report(cast.officer_a, nom)
    meeting = ur.approve_agenda(cast.head_a, opened, held_on=D(2026, 1, 15))
    close_with(meeting, {})
    head, officer = client_of(cast.head_a), client_of(cast.officer_a)
    page = head.get(reverse("nominations:unit_round_decide", args=[opened.pk])).content.decode()
    assert "vượt thẩm quyền" in page and "căn cứ:" in page
    assert f'value="{nom.pk}"' not in page  # not offered for the head's decision
    ministry = make_round("BTP", year=2025)
    round_page = officer.get(reverse("nominations:unit_round", args=[opened.pk])).content
    assert "Lập tờ trình lên cấp trên" in round_page.decode()
    response = officer.post(reverse("nominations:unit_round_forward", args=[opened.pk]),
                            {"dot": ministry.pk})
    submission = ministry.submissions.get(unit=cast.unit_a)
    assert response.url == reverse("nominations:submission", args=[submission.pk])
    assert submission.nominations.get().forwarded_from == nom


def test_giay_khen_decision_prints_under_the_units_header_with_certificates(cast, opened):
    """The unit's decision document is headed by its parent body and numbered in its series;
    its Giấy khen certificates print from the same decision."""
    import io

    import docx

    from tdkt.nominations import services
    from tdkt.nominations.services import unit_rounds as ur

    nom = services.add_nomination(cast.officer_a, ur.unit_list(opened), award_code="giay_khen",
                                  subject_kind="individual", person=cast.person_a,
                                  achievement="Thành tích xuất sắc năm 2025.")
    attach_report(cast.officer_a, nom)
    meeting = ur.approve_agenda(cast.head_a, opened, held_on=D(2026, 1, 15))
    close_with(meeting, {})
    decision = ur.issue_unit_decision(
        cast.head_a, opened, [nom], signed_on=D(2026, 1, 20), signer_name="Nguyễn Văn Giám",
        title="Về việc tặng Giấy khen của Giám đốc Sở Tư pháp", legal_bases="Căn cứ Luật;")
    head = client_of(cast.head_a)
    content = head.get(reverse("documents:decision_docx", args=[decision.pk])).content
    document = docx.Document(io.BytesIO(content))
    text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "UBND THÀNH PHỐ HÀ NỘI" in text and "01/QĐ-STP" in text
    assert "GIÁM ĐỐC SỞ TƯ PHÁP THÀNH PHỐ HÀ NỘI" in text.upper()
    pdf = head.get(reverse("documents:decision_certificates", args=[decision.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
