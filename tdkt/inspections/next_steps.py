"""What happens next in an inspection, and who does it (issue 16 item 3): the inspected unit
sends its self-inspection, the team scores, the team concludes, the unit carries out the
corrective actions and the team accepts them."""

from __future__ import annotations

import datetime

from tdkt.core.next_step import NextStep, done

from .models import InspectionStatus

UNIT = "Đơn vị được kiểm tra"
TEAM = "Đoàn kiểm tra"


def _dmy(day: datetime.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def for_inspection(inspection, *, inspector: bool, inspected: bool,
                   open_actions: int = 0) -> NextStep:
    status = inspection.status
    if status == InspectionStatus.PLANNED:
        due = _dmy(inspection.self_due_on)
        return NextStep(f"{UNIT} tự kiểm tra theo bộ tiêu chí và gửi kết quả"
                        + (f" trước ngày {due}." if due else "."), actor=UNIT, yours=inspected)
    if status == InspectionStatus.SELF_DONE:
        return NextStep(f"{TEAM} kiểm tra tại đơn vị và chấm điểm từng tiêu chí "
                        f"(từ {_dmy(inspection.starts_on)} đến {_dmy(inspection.ends_on)}).",
                        actor=TEAM, yours=inspector)
    if status == InspectionStatus.INSPECTED:
        return NextStep(f"{TEAM} ghi phát hiện, kiến nghị và ban hành kết luận kiểm tra.",
                        actor=TEAM, yours=inspector)
    if status == InspectionStatus.CONCLUDED:
        if open_actions:
            return NextStep(f"{UNIT} thực hiện {open_actions} biện pháp khắc phục và gửi minh "
                            f"chứng; {TEAM.lower()} nghiệm thu.", actor=UNIT, yours=inspected)
        return NextStep(f"{TEAM} nghiệm thu kết quả khắc phục và đóng cuộc kiểm tra.",
                        actor=TEAM, yours=inspector)
    return done("Cuộc kiểm tra đã hoàn thành khắc phục.")
