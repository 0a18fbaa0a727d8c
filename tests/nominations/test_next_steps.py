"""Next steps and stopped clocks (issue 16 item 3): each state of a dossier, a tờ trình, a
round, a council meeting says what happens next and who does it; the one who does it is told
so and finds the button; a settled dossier's clock no longer counts."""

import datetime
from types import SimpleNamespace

import pytest
from django.urls import reverse

from tdkt.nominations.models import MeetingStatus, Status, SubmissionStatus
from tdkt.nominations.next_steps import (
    Viewer,
    for_meeting,
    for_nomination,
    for_round,
    for_submission,
)

D = datetime.date
OFFICER, HEAD, DEPT = Viewer(officer=True), Viewer(head=True), Viewer(dept=True)
COUNCIL, CHAIR = Viewer(council=True), Viewer(council=True, chair=True)


def nom(status, **round_extra):
    rnd = SimpleNamespace(**{"unit_round": False, "simplified": False,
                             "appraisal_deadline": D(2026, 1, 15), **round_extra})
    return SimpleNamespace(status=status, round=rnd, disclosure_id=None)


# --- a dossier, state by state ---------------------------------------------------------

@pytest.mark.parametrize(("status", "viewer", "says", "actor", "yours"), [
    (Status.SUBMITTED, DEPT, "thẩm định hồ sơ (hạn 15/01/2026)", "Thường trực", True),
    (Status.SUBMITTED, OFFICER, "thẩm định hồ sơ", "Thường trực", False),
    (Status.UNDER_APPRAISAL, DEPT, "thẩm định", "Thường trực", True),
    (Status.APPRAISED, DEPT, "đưa hồ sơ vào phiên họp Hội đồng", "Thường trực", True),
    (Status.AT_COUNCIL, COUNCIL, "Hội đồng Thi đua – Khen thưởng bỏ phiếu", "Thành viên", True),
    (Status.AT_COUNCIL, OFFICER, "bỏ phiếu", "Thành viên", False),
    (Status.IN_DISCLOSURE, DEPT, "Đang công khai", "Thường trực", True),
    (Status.APPROVED, DEPT, "trình cấp có thẩm quyền ký quyết định", "Thường trực", True),
])
def test_each_open_state_of_a_dossier_names_the_next_step_and_its_actor(
        status, viewer, says, actor, yours):
    step = for_nomination(nom(status), viewer)
    assert says in step.text and step.actor.startswith(actor)
    assert step.yours is yours and not step.done


def test_a_draft_missing_documents_is_the_officers_to_complete():
    step = for_nomination(nom(Status.DRAFT), OFFICER, missing=2)
    assert "bổ sung 2 tài liệu còn thiếu" in step.text and step.yours
    assert "Thủ trưởng đơn vị phê duyệt và trình" in step.text


def test_a_complete_draft_tells_the_officer_the_head_submits_and_leads_the_head_to_it():
    officer = for_nomination(nom(Status.DRAFT), OFFICER, submission_url="/to-trinh/1/")
    assert officer.text == ("Hồ sơ đã đủ thành phần. Chờ Thủ trưởng đơn vị phê duyệt và trình "
                            "tờ trình.")
    assert officer.actor == "Thủ trưởng đơn vị" and not officer.yours
    assert not officer.action_url  # the officer has no button: only the head submits
    head = for_nomination(nom(Status.DRAFT), HEAD, submission_url="/to-trinh/1/")
    assert head.yours and head.action_url == "/to-trinh/1/"


def test_a_returned_dossier_goes_back_to_the_officer_then_the_head():
    assert for_nomination(nom(Status.RETURNED), OFFICER, missing=1).yours
    head = for_nomination(nom(Status.RETURNED), HEAD)
    assert head.yours and "trình lại" in head.text


def test_a_simplified_round_skips_the_council():
    step = for_nomination(nom(Status.APPRAISED, simplified=True), DEPT)
    assert "thủ tục đơn giản" in step.text


@pytest.mark.parametrize("status", [Status.DECIDED, Status.NOT_APPROVED, Status.REVOKED])
def test_settled_dossiers_have_no_next_step(status):
    step = for_nomination(nom(status), DEPT)
    assert step.done and not step.yours and not step.action_url


# --- a tờ trình, a round, a meeting ------------------------------------------------------

def test_submission_steps():
    draft = SimpleNamespace(status=SubmissionStatus.DRAFT, submitted_on=None)
    assert for_submission(draft, OFFICER, count=0, incomplete=0).yours
    assert for_submission(draft, OFFICER, count=3, incomplete=1).actor.startswith("Cán bộ")
    ready = for_submission(draft, HEAD, count=3, incomplete=0)
    assert ready.actor == "Thủ trưởng đơn vị" and ready.yours
    sent = SimpleNamespace(status=SubmissionStatus.SUBMITTED, submitted_on=D(2025, 12, 2))
    assert "Đã trình ngày 02/12/2025" in for_submission(sent, HEAD, count=3, incomplete=0).text


def test_round_steps_follow_its_dates():
    rnd = SimpleNamespace(closed=False, opens_on=D(2025, 11, 1),
                          submission_deadline=D(2025, 12, 15), appraisal_deadline=D(2026, 1, 15),
                          council_date=D(2026, 2, 1))
    assert "từ ngày 01/11/2025" in for_round(rnd, OFFICER, D(2025, 10, 1)).text
    assert for_round(rnd, OFFICER, D(2025, 12, 1)).yours  # units are submitting
    assert for_round(rnd, DEPT, D(2025, 12, 20)).yours  # the department appraises
    assert "dự kiến họp ngày 01/02/2026" in for_round(rnd, COUNCIL, D(2026, 1, 20)).text
    assert "ban hành quyết định" in for_round(rnd, DEPT, D(2026, 3, 1)).text
    rnd.closed = True
    assert for_round(rnd, DEPT, D(2026, 3, 1)).done


def test_meeting_steps():
    meeting = SimpleNamespace(status=MeetingStatus.PREPARING)
    assert for_meeting(meeting, DEPT, items=0).yours
    assert for_meeting(meeting, CHAIR, items=3).yours
    assert not for_meeting(meeting, COUNCIL, items=3).yours
    meeting.status = MeetingStatus.VOTING
    assert for_meeting(meeting, COUNCIL, items=3).yours
    voted = for_meeting(meeting, COUNCIL, items=3, voted=True)
    assert not voted.yours and "Bạn đã bỏ phiếu" in voted.text
    meeting.status = MeetingStatus.CLOSED
    assert for_meeting(meeting, CHAIR, items=3).done


# --- on the pages --------------------------------------------------------------------------

@pytest.mark.django_db
def test_the_officer_of_a_complete_dossier_reads_that_the_head_submits(flow, client_for):
    nom = flow.nomination()
    url = reverse("nominations:nomination", args=[nom.pk])
    body = client_for(flow.cast.officer_a).get(url).content.decode()
    assert "Chờ Thủ trưởng đơn vị phê duyệt và trình tờ trình." in body
    assert "Mở tờ trình để trình" not in body
    head = client_for(flow.cast.head_a).get(url).content.decode()
    assert "việc của bạn" in head and "Mở tờ trình để trình" in head
    submission = client_for(flow.cast.head_a).get(
        reverse("nominations:submission", args=[nom.submission_id])).content.decode()
    assert "Phê duyệt và trình lên cấp trên" in submission and "việc của bạn" in submission


@pytest.mark.django_db
def test_a_decided_dossiers_clock_stops_at_its_decision(flow, client_for, monkeypatch):
    from tdkt.nominations import selectors
    from tdkt.nominations.calendar import WorkCalendar

    nom = flow.submitted()  # submitted 02/12/2025
    cal = WorkCalendar()
    before = selectors.clock(nom, cal, D(2026, 1, 5))
    after = selectors.clock(nom, cal, D(2026, 1, 12))
    assert after["elapsed"] > before["elapsed"] and not after.get("stopped")  # open: counts
    nom.status, nom.status_since = Status.DECIDED, D(2025, 12, 16)
    nom.save(update_fields=["status", "status_since"])
    later = selectors.clock(nom, cal, D(2026, 9, 1))
    assert later == selectors.clock(nom, cal, D(2026, 12, 1))  # no longer counts
    assert later["stopped"] == "Đã quyết định" and later["elapsed"] == cal.between(
        D(2025, 12, 2), D(2025, 12, 16)) == 10
    body = client_for(flow.cast.officer_a).get(
        reverse("nominations:nomination", args=[nom.pk])).content.decode()
    assert "Đã quyết định sau 10 ngày làm việc kể từ khi trình (ngày 16/12/2025)" in body
    assert "ngày làm việc kể từ khi trình</small>" not in body
