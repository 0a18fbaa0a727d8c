"""An exemplar's page says what happens next (issue 16 item 3)."""

from types import SimpleNamespace

import pytest

from tdkt.exemplars.models import Stage, Status
from tdkt.exemplars.next_steps import for_exemplar


def test_a_proposal_waits_for_a_decision_by_a_writer_of_its_unit():
    step = for_exemplar(SimpleNamespace(status=Status.PROPOSED, stage=Stage.DISCOVER),
                        writer=True)
    assert "công nhận" in step.text and step.yours
    assert not for_exemplar(SimpleNamespace(status=Status.PROPOSED, stage=Stage.DISCOVER),
                            writer=False).yours


@pytest.mark.parametrize(("stage", "says"), [
    (Stage.DISCOVER, "kế hoạch bồi dưỡng"), (Stage.FOSTER, "mốc"),
    (Stage.SUMMARISE, "báo cáo tổng kết"), (Stage.REPLICATE, "nhân rộng"),
])
def test_each_stage_of_an_accepted_exemplar(stage, says):
    step = for_exemplar(SimpleNamespace(status=Status.ACCEPTED, stage=stage), writer=True)
    assert says in step.text and not step.done


def test_a_declined_proposal_is_done():
    assert for_exemplar(SimpleNamespace(status=Status.DECLINED, stage=Stage.DISCOVER),
                        writer=True).done
