"""The minutes of a unit council's meeting (issue 13 item 3, issue 15's list): a number from
the unit's series, the start hour, the secretary's name from the council, the unit heading the
document, each award's threshold with its source (or "chưa quy định"), never "Họp Phiên họp"
and never a developer's status."""

import datetime
import io
import os

import pytest
from docx import Document

from tdkt.documents import contexts, services, word
from tdkt.nominations.models import Status
from tdkt.nominations.services import ballots
from tdkt.nominations.services import council as svc
from tests.factories import make_user

D = datetime.date
pytestmark = pytest.mark.django_db
PASS = "Cụm mật khẩu kiểm phiếu của Sở"
LDTT, CSTDCS, BK = "lao_dong_tien_tien", "chien_si_thi_dua_co_so", "bang_khen_bo_truong_bo_tu_phap"


def _text(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]

    def tables(container):
        for table in container.tables:
            for row in table.rows:
                for cell in row.cells:
                    parts.extend(p.text for p in cell.paragraphs)
                    tables(cell)

    tables(doc)
    return "\n".join(parts)


def _nomination(cast, award, name, person):
    from tdkt.nominations.models import AwardRound, Nomination, Submission

    award_round = AwardRound.objects.filter(organiser=cast.unit_a).first() or \
        AwardRound.objects.create(
            name="Bình xét năm 2025", kind="regular", year=2025, organiser=cast.unit_a,
            unit_round=True, award_codes=[LDTT, CSTDCS, BK], opens_on=D(2025, 11, 1),
            submission_deadline=D(2025, 12, 31))
    submission = Submission.objects.create(round=award_round, unit=cast.unit_a, title="Tờ trình")
    return Nomination.objects.create(
        submission=submission, round=award_round, proposing_unit=cast.unit_a, year=2025,
        award_code=award, subject_kind="individual", person=person, subject_name=name,
        achievement="Hoàn thành xuất sắc nhiệm vụ.", status=Status.APPRAISED)


@pytest.fixture
def closed_meeting(cast):
    from tests.factories import make_person

    officer = cast.officer_a
    council = svc.create_council(
        officer, unit=cast.unit_a, term_start=D(2024, 1, 15),
        established_by="Quyết định số 15/QĐ-STP ngày 15/01/2024",
        quorum_source="Quy chế hoạt động của Hội đồng, Điều 6")
    svc.set_council_threshold(officer, council, CSTDCS, 80, "all",
                              "Quy chế hoạt động của Hội đồng, Điều 8")
    names = [("ct", "Trần Hoàng", "Đức", "chair"), ("pct", "Lê Minh", "Tuấn", "vice"),
             ("uv", "Phạm Quốc", "Bảo", "member"), ("tk", "Vũ Thị", "Hương", "secretary")]
    members = []
    for username, family, given, position in names:
        user = make_user(username, None, None)
        user.set_full_name(f"{family} {given}")
        user.save()
        svc.add_council_member(officer, council, user, position)
        members.append(user)
    meeting = svc.create_meeting(
        officer, council=council, title="Phiên họp bình xét thi đua năm 2025",
        held_on=D(2026, 1, 12), place="Hội trường Sở Tư pháp", starts_at=datetime.time(8, 30))
    other = make_person("STP-01-VP", "Nguyễn Văn An")
    noms = [_nomination(cast, LDTT, "Trần Thị Hồng", cast.person_a),
            _nomination(cast, CSTDCS, "Nguyễn Văn An", other),
            _nomination(cast, BK, "Trần Thị Hồng", cast.person_a)]
    svc.add_agenda_items(officer, meeting, noms)
    svc.set_attendance(officer, meeting, [u.pk for u in members])
    svc.open_voting(members[0], meeting, passphrase=PASS, passphrase_again=PASS)
    meeting.refresh_from_db()
    items = sorted(meeting.items.values_list("pk", flat=True))
    for user in members:
        ballots.cast_ballot(user, meeting, {pk: True for pk in items})
    ballots.close_meeting(members[0], meeting, passphrase=PASS)
    meeting.refresh_from_db()
    return meeting


def test_unit_minutes_number_hour_secretary_and_thresholds_with_sources(closed_meeting):
    meeting = closed_meeting
    assert meeting.minutes_number == "01/BB-HĐTĐKT"
    content = services.render("minutes", word.minutes_context(contexts.minutes_data(meeting)))
    out = os.environ.get("TDKT_MINUTES_OUT")
    if out:
        with open(out, "wb") as fh:
            fh.write(content)
    text = _text(content)
    assert "Số: 01/BB-HĐTĐKT" in text
    assert "SỞ TƯ PHÁP THÀNH PHỐ HÀ NỘI" in text.replace("\n", " ")
    assert "Hội đồng Thi đua - Khen thưởng Sở Tư pháp thành phố Hà Nội tiến hành họp" in text
    assert "Hồi 08 giờ 30 phút" in text and "… giờ" not in text
    assert "Vũ Thị Hương" in text and "Trần Hoàng Đức" in text
    assert "Họp Phiên họp" not in text and "Phiên họp bình xét thi đua năm 2025" in text
    assert ("Chiến sĩ thi đua cơ sở: đạt khi có từ 80% số phiếu đồng ý trở lên so với tổng số "
            "thành viên Hội đồng, theo Quy chế hoạt động của Hội đồng, Điều 8.") in text
    assert "Lao động tiên tiến: đạt khi" in text and "chưa được văn bản nào quy định" in text
    assert "theo Quy chế hoạt động của Hội đồng, Điều 6" in text  # the quorum's source
    assert "đề nghị cấp trên khen thưởng 1/1" in text  # the Minister's certificate
    assert "đề nghị khen thưởng 2/2" in text
    assert "xác minh" not in text and "verified" not in text


def test_the_minutes_page_says_where_each_threshold_comes_from(cast, closed_meeting,
                                                               client_for):
    from django.urls import reverse

    page = client_for(cast.officer_a).get(
        reverse("nominations:minutes", args=[closed_meeting.pk])).content.decode()
    assert "01/BB-HĐTĐKT" in page and "theo Quy chế hoạt động của Hội đồng, Điều 8" in page
    assert "chưa quy định" in page and "xác minh" not in page
    assert "Đề nghị cấp trên khen thưởng" in page
