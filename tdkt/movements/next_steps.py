"""What happens next to a movement and to a unit's registration, and who does it (issue 16
item 3). Plain functions of the object's state and of what the viewer may do."""

from __future__ import annotations

import datetime

from tdkt.core.next_step import NextStep, done

from .models import MovementStatus, RegistrationStatus

OFFICER = "Cán bộ làm công tác TĐKT của đơn vị"
LAUNCHER = "Đơn vị phát động"


def _dmy(day: datetime.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def for_movement(movement, *, manage: bool, today: datetime.date) -> NextStep:
    """The launching unit drafts, launches, runs, reviews midway and at the end, then closes
    the movement; units register while it is open."""
    status = movement.status
    if status == MovementStatus.DRAFT:
        return NextStep(f"{LAUNCHER} hoàn thiện nội dung và phát động phong trào.",
                        actor=LAUNCHER, yours=manage)
    if status in (MovementStatus.LAUNCHED, MovementStatus.UNDER_WAY):
        deadline = movement.registration_deadline
        if deadline and today <= deadline:
            return NextStep(f"Các đơn vị đăng ký thi đua đến hết ngày {_dmy(deadline)}; "
                            f"{LAUNCHER.lower()} duyệt từng bản đăng ký.",
                            actor=f"{OFFICER}; {LAUNCHER.lower()}", yours=manage)
        return NextStep(f"Các đơn vị triển khai và báo cáo tiến độ; {LAUNCHER.lower()} tổ chức "
                        "sơ kết khi đến kỳ.", actor=LAUNCHER, yours=manage)
    if status == MovementStatus.MIDTERM:
        return NextStep(f"Đã sơ kết. {LAUNCHER} tổ chức tổng kết khi phong trào kết thúc.",
                        actor=LAUNCHER, yours=manage)
    if status == MovementStatus.FINAL:
        return NextStep(f"Đang tổng kết. {LAUNCHER} đề nghị khen thưởng theo kết quả và kết thúc "
                        "phong trào.", actor=LAUNCHER, yours=manage)
    return done("Phong trào đã kết thúc.")


def for_registration(reg, *, writer: bool, decider: bool, registration_open: bool) -> NextStep:
    """A unit's registration: its officer fills and sends it, the launching unit approves or
    returns it, then the unit reports progress."""
    status = reg.status
    if status in (RegistrationStatus.NOT_SENT, RegistrationStatus.RETURNED):
        if not registration_open:
            return done("Phong trào không còn nhận đăng ký.")
        again = " theo yêu cầu bổ sung" if status == RegistrationStatus.RETURNED else ""
        return NextStep(f"{OFFICER} điền mục tiêu, danh hiệu đăng ký{again} và gửi lên đơn vị "
                        "phát động.", actor=OFFICER, yours=writer)
    if status == RegistrationStatus.SUBMITTED:
        return NextStep(f"Chờ {LAUNCHER.lower()} duyệt hoặc trả lại để bổ sung.", actor=LAUNCHER,
                        yours=decider)
    return NextStep(f"Đã duyệt. {OFFICER} cập nhật tiến độ thực hiện các mục tiêu đã đăng ký.",
                    actor=OFFICER, yours=writer)
