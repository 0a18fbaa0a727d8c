"""An inspection's page says what happens next and who does it (issue 16 item 3)."""

import datetime
from types import SimpleNamespace

import pytest

from tdkt.inspections.models import InspectionStatus
from tdkt.inspections.next_steps import for_inspection

D = datetime.date


def inspection(status):
    return SimpleNamespace(status=status, self_due_on=D(2026, 4, 15),
                           starts_on=D(2026, 5, 4), ends_on=D(2026, 5, 5))


@pytest.mark.parametrize(("status", "unit_acts", "says"), [
    (InspectionStatus.PLANNED, True, "tự kiểm tra theo bộ tiêu chí và gửi kết quả trước ngày "
                                     "15/04/2026"),
    (InspectionStatus.SELF_DONE, False, "chấm điểm từng tiêu chí (từ 04/05/2026 đến 05/05/2026)"),
    (InspectionStatus.INSPECTED, False, "ban hành kết luận kiểm tra"),
])
def test_each_open_state_names_the_side_that_acts(status, unit_acts, says):
    unit = for_inspection(inspection(status), inspector=False, inspected=True)
    team = for_inspection(inspection(status), inspector=True, inspected=False)
    assert says in unit.text
    assert unit.yours is unit_acts and team.yours is not unit_acts


def test_after_the_conclusion_the_unit_corrects_then_the_team_accepts():
    open_ = for_inspection(inspection(InspectionStatus.CONCLUDED), inspector=False,
                           inspected=True, open_actions=2)
    assert "thực hiện 2 biện pháp khắc phục" in open_.text and open_.yours
    accepted = for_inspection(inspection(InspectionStatus.CONCLUDED), inspector=True,
                              inspected=False, open_actions=0)
    assert "nghiệm thu" in accepted.text and accepted.yours
    assert for_inspection(inspection(InspectionStatus.CLOSED), inspector=True,
                          inspected=False).done
