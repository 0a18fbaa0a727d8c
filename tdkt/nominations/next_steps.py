"""What happens next to a dossier, a tờ trình, a round, a council meeting and a decision, and
who does it (issue 16 item 3). One plain function per object; the view passes who the viewer
is (`Viewer`), so each function is a table of states that tests walk without a database."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from tdkt.core.next_step import NextStep, done

from .models import MeetingStatus, Status, SubmissionStatus

OFFICER = "Cán bộ làm công tác TĐKT của đơn vị"
HEAD = "Thủ trưởng đơn vị"
DEPT = "Thường trực Hội đồng Thi đua – Khen thưởng"
COUNCIL = "Thành viên Hội đồng Thi đua – Khen thưởng"
CHAIR = "Chủ tịch Hội đồng Thi đua – Khen thưởng"
SECRETARY = "Thư ký Hội đồng Thi đua – Khen thưởng"


@dataclass(frozen=True)
class Viewer:
    """What the viewer may do for the object's unit: prepare dossiers (officer), approve and
    submit them (head), appraise (the department, or the unit's officer in its own round),
    sit on the council, chair it."""

    officer: bool = False
    head: bool = False
    dept: bool = False
    council: bool = False
    chair: bool = False


def _dmy(day: datetime.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def for_nomination(nom, viewer: Viewer, *, missing: int = 0, submission_url: str = "") -> NextStep:
    """A dossier's next step. `missing`: documents of the checklist still absent (draft or
    returned dossiers); `submission_url`: its tờ trình's page, where the head submits."""
    status = nom.status
    unit_round = bool(getattr(nom.round, "unit_round", False))
    appraiser = OFFICER if unit_round else DEPT
    if status == Status.DRAFT:
        if missing:
            return NextStep(
                f"{OFFICER} bổ sung {missing} tài liệu còn thiếu của hồ sơ; sau đó {HEAD} "
                "phê duyệt và trình tờ trình.", actor=OFFICER, yours=viewer.officer)
        return NextStep(
            f"Hồ sơ đã đủ thành phần. Chờ {HEAD} phê duyệt và trình tờ trình.", actor=HEAD,
            yours=viewer.head, action_url=submission_url if viewer.head else "",
            action_label="Mở tờ trình để trình" if viewer.head and submission_url else "")
    if status == Status.RETURNED:
        if missing or not viewer.head:
            return NextStep(
                f"{OFFICER} bổ sung hồ sơ theo lý do trả lại; {HEAD} phê duyệt, trình lại.",
                actor=OFFICER, yours=viewer.officer and not viewer.head)
        return NextStep(f"Hồ sơ đã bổ sung. Chờ {HEAD} phê duyệt, trình lại.", actor=HEAD,
                        yours=True)
    if status in (Status.SUBMITTED, Status.UNDER_APPRAISAL):
        deadline = _dmy(getattr(nom.round, "appraisal_deadline", None))
        return NextStep(f"Chờ {appraiser} thẩm định hồ sơ" + (f" (hạn {deadline})." if deadline
                                                                 else "."),
                        actor=appraiser, yours=viewer.dept)
    if status == Status.APPRAISED:
        if getattr(nom.round, "simplified", False):
            return NextStep(f"Chờ {appraiser} trình phê duyệt theo thủ tục đơn giản.",
                            actor=appraiser, yours=viewer.dept)
        return NextStep(f"Chờ {appraiser} đưa hồ sơ vào phiên họp Hội đồng Thi đua – Khen "
                        "thưởng.", actor=appraiser, yours=viewer.dept)
    if status == Status.AT_COUNCIL:
        return NextStep("Chờ Hội đồng Thi đua – Khen thưởng bỏ phiếu tại phiên họp.",
                        actor=COUNCIL, yours=viewer.council)
    if status == Status.IN_DISCLOSURE:
        ends = _dmy(nom.disclosure.ends_on) if getattr(nom, "disclosure_id", None) else ""
        return NextStep(
            "Đang công khai danh sách để lấy ý kiến" + (f" đến hết ngày {ends}" if ends else "")
            + f"; sau đó {appraiser} trình cấp có thẩm quyền quyết định.",
            actor=appraiser, yours=viewer.dept)
    if status == Status.APPROVED:
        if unit_round:
            return NextStep(f"Được đề nghị khen thưởng. Chờ {HEAD} ký quyết định khen thưởng.",
                            actor=HEAD, yours=viewer.head)
        return NextStep(f"Được đề nghị khen thưởng. Chờ {DEPT} trình cấp có thẩm quyền ký "
                        "quyết định khen thưởng.", actor=DEPT, yours=viewer.dept)
    if status == Status.NOT_APPROVED:
        return done("Hồ sơ đã kết thúc: không được đề nghị khen thưởng.")
    if status == Status.DECIDED:
        return done("Đã có quyết định khen thưởng; hồ sơ không còn bước nào.")
    if status == Status.REVOKED:
        return done("Khen thưởng đã bị thu hồi, hủy bỏ; hồ sơ không còn bước nào.")
    return done("Hồ sơ không còn bước nào.")


def for_submission(submission, viewer: Viewer, *, count: int, incomplete: int) -> NextStep:
    """A tờ trình's next step: the officer adds complete dossiers, the head approves and
    submits it, then the department appraises."""
    if submission.status == SubmissionStatus.SUBMITTED:
        return NextStep(f"Đã trình ngày {_dmy(submission.submitted_on)}. Chờ {DEPT} thẩm định "
                        "từng hồ sơ.", actor=DEPT, yours=viewer.dept)
    if not count:
        return NextStep(f"{OFFICER} thêm hồ sơ đề nghị vào tờ trình.", actor=OFFICER,
                        yours=viewer.officer)
    if incomplete:
        return NextStep(f"{OFFICER} bổ sung tài liệu cho {incomplete} hồ sơ còn thiếu; sau đó "
                        f"{HEAD} phê duyệt và trình.", actor=OFFICER, yours=viewer.officer)
    return NextStep(f"Các hồ sơ đã đủ thành phần. Chờ {HEAD} phê duyệt và trình tờ trình.",
                    actor=HEAD, yours=viewer.head)


def for_round(award_round, viewer: Viewer, today: datetime.date) -> NextStep:
    """A round's next step by its dates: units submit until the deadline, the department
    appraises, the council meets, decisions are issued; a closed round is finished."""
    if award_round.closed:
        return done("Đợt đã kết thúc.")
    if today < award_round.opens_on:
        return NextStep(f"Đợt bắt đầu nhận hồ sơ từ ngày {_dmy(award_round.opens_on)}.",
                        actor=OFFICER, yours=viewer.officer)
    if today <= award_round.submission_deadline:
        return NextStep(f"Các đơn vị lập hồ sơ và trình tờ trình đến hết ngày "
                        f"{_dmy(award_round.submission_deadline)}.", actor=f"{OFFICER}, {HEAD}",
                        yours=viewer.officer or viewer.head)
    appraisal = award_round.appraisal_deadline
    if appraisal is None or today <= appraisal:
        return NextStep(f"Hết hạn nhận hồ sơ. {DEPT} thẩm định hồ sơ"
                        + (f" đến hết ngày {_dmy(appraisal)}." if appraisal else "."),
                        actor=DEPT, yours=viewer.dept)
    if award_round.council_date and today <= award_round.council_date:
        return NextStep(f"Hội đồng Thi đua – Khen thưởng dự kiến họp ngày "
                        f"{_dmy(award_round.council_date)}.", actor=COUNCIL,
                        yours=viewer.council)
    return NextStep(f"{DEPT} trình cấp có thẩm quyền quyết định, ban hành quyết định và kết "
                    "thúc đợt.", actor=DEPT, yours=viewer.dept)


def for_meeting(meeting, viewer: Viewer, *, items: int, voted: bool = False) -> NextStep:
    """A council meeting's next step: the secretariat builds the agenda, the chair opens the
    secret ballot, members vote, the chair closes it and tallies; the minutes follow."""
    if meeting.status == MeetingStatus.PREPARING:
        if not items:
            return NextStep(f"{DEPT} đưa hồ sơ đã thẩm định vào chương trình phiên họp.",
                            actor=DEPT, yours=viewer.dept)
        return NextStep(f"Chờ {CHAIR} mở bỏ phiếu (nhập cụm mật khẩu kiểm phiếu).",
                        actor=CHAIR, yours=viewer.chair)
    if meeting.status == MeetingStatus.VOTING:
        if voted:
            return NextStep(f"Bạn đã bỏ phiếu. Chờ các thành viên khác bỏ phiếu; sau đó {CHAIR} "
                            "kết thúc bỏ phiếu và kiểm phiếu.", actor=CHAIR, yours=viewer.chair)
        return NextStep(f"Các thành viên Hội đồng bỏ phiếu kín; sau đó {CHAIR} kết thúc bỏ "
                        "phiếu và kiểm phiếu.", actor=COUNCIL, yours=viewer.council)
    return done("Phiên họp đã kết thúc; kết quả bỏ phiếu và biên bản ở dưới.")


def for_decision(decision, viewer: Viewer) -> NextStep:
    """An issued decision: what remains is to print its documents and award certificates."""
    return NextStep("Quyết định đã ban hành. In văn bản quyết định, danh sách và bằng khen, "
                    "giấy khen để trao tặng.", actor=DEPT if not viewer.head else HEAD,
                    yours=viewer.dept or viewer.head)
