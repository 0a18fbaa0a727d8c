"""Cluster years: leadership, rubric, self-scores, head's review with reasons, ranking ties,
honouring vote and the flag proposal."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tdkt.movements import selectors, services
from tdkt.movements.models import ClusterYear, ScorecardStatus
from tdkt.organisation.models import ClusterMembership, EmulationCluster, Unit

from .helpers import D

pytestmark = pytest.mark.django_db

CLUSTER = "CUM-BTP-II"  # VP, TCCB, KHTC, CNTT
YEAR = 2025


@pytest.fixture
def cy(dept):
    cluster = EmulationCluster.objects.get(code=CLUSTER)
    units = {u.code: u for u in Unit.objects.filter(code__in=["VP", "TCCB", "KHTC", "CNTT"])}
    services.set_leadership(dept, cluster, YEAR, units["VP"], [units["TCCB"]])
    cy = ClusterYear.objects.get(cluster=cluster, year=YEAR)
    cy.units = units
    return cy


def add_rubric(dept, cy):
    return [
        services.add_criterion(dept, cy, "standard", "Nhiệm vụ chuyên môn", Decimal(60)),
        services.add_criterion(dept, cy, "standard", "Cải cách hành chính", Decimal(30)),
        services.add_criterion(dept, cy, "bonus", "Sáng kiến", Decimal(5)),
        services.add_criterion(dept, cy, "deduction", "Chậm báo cáo", Decimal(5)),
    ]


def score(dept, cy, code, points, submit=True):
    criteria = list(cy.criteria.all())
    pairs = zip(criteria, points, strict=True)
    entries = {c.pk: (Decimal(p), "Báo cáo năm", None) for c, p in pairs if p is not None}
    card = services.save_self_scores(dept, cy, cy.units[code], entries)
    if submit:
        services.submit_scorecard(dept, card)
    return card


def test_leadership_rotates_per_year(dept, cy):
    roles = dict(ClusterMembership.objects.filter(cluster=cy.cluster, year=YEAR)
                 .values_list("unit__code", "role"))
    assert roles == {"VP": "head", "TCCB": "deputy", "KHTC": "member", "CNTT": "member"}
    services.set_leadership(dept, cy.cluster, YEAR, cy.units["KHTC"], [])
    roles = dict(ClusterMembership.objects.filter(cluster=cy.cluster, year=YEAR)
                 .values_list("unit__code", "role"))
    assert roles["KHTC"] == "head" and roles["VP"] == "member"
    other_year = ClusterMembership.objects.filter(cluster=cy.cluster, year=2026,
                                                  role="head").count()
    assert other_year == 0
    with pytest.raises(ValidationError, match="thành viên"):
        services.set_leadership(dept, cy.cluster, YEAR, Unit.objects.get(code="STP-01"), [])


def test_self_scores_are_bounded_and_submission_needs_every_standard_criterion(dept, cy):
    add_rubric(dept, cy)
    c1, c2, *_ = cy.criteria.all()
    with pytest.raises(ValidationError, match="từ 0 đến 60"):
        services.save_self_scores(dept, cy, cy.units["VP"], {c1.pk: (Decimal(61), "", None)})
    card = services.save_self_scores(dept, cy, cy.units["VP"], {c1.pk: (Decimal(55), "", None)})
    with pytest.raises(ValidationError, match="1 tiêu chí chưa tự chấm"):
        services.submit_scorecard(dept, card)
    services.save_self_scores(dept, cy, cy.units["VP"], {c2.pk: (Decimal(28), "", None)})
    services.submit_scorecard(dept, card)
    with pytest.raises(ValidationError, match="đã gửi"):
        services.save_self_scores(dept, cy, cy.units["VP"], {c2.pk: (Decimal(20), "", None)})
    with pytest.raises(ValidationError, match="không thay đổi bộ tiêu chí"):
        services.add_criterion(dept, cy, "standard", "Mới", Decimal(5))
    with pytest.raises(ValidationError, match="thành viên"):
        services.save_self_scores(dept, cy, Unit.objects.get(code="STP-01"), {})


def test_head_adjustment_needs_a_reason_and_changes_the_ranking(dept, cy):
    add_rubric(dept, cy)
    vp = score(dept, cy, "VP", [58, 28, 3, 0])
    score(dept, cy, "KHTC", [55, 27, 0, 0])
    assert [r.unit.code for r in selectors.ranking(cy)][:2] == ["VP", "KHTC"]
    first = vp.scores.get(criterion__order=1)
    with pytest.raises(ValidationError, match="lý do điều chỉnh"):
        services.review_scores(dept, vp, {first.pk: (Decimal(50), "")})
    services.review_scores(dept, vp, {first.pk: (Decimal(50), "Thiếu tài liệu kiểm chứng")},
                           finish=True)
    vp.refresh_from_db()
    assert vp.status == ScorecardStatus.REVIEWED
    first.refresh_from_db()
    assert first.final_points == 50 and first.adjusted
    ranks = selectors.ranking(cy)
    assert [r.unit.code for r in ranks] == ["KHTC", "VP", "CNTT", "TCCB"]
    assert ranks[1].total == Decimal(81) and ranks[1].adjusted == 1
    assert [r.rank for r in ranks] == [1, 2, None, None]  # not submitted: unranked


def test_ranking_ties_are_broken_deterministically_and_explained(dept, cy):
    add_rubric(dept, cy)
    score(dept, cy, "VP", [55, 25, 5, 0])    # 85 with 80 from standard criteria
    score(dept, cy, "KHTC", [57, 28, 0, 0])  # 85 with 85: ranks above VP
    score(dept, cy, "CNTT", [57, 28, 0, 0])  # identical to KHTC: unit code decides
    score(dept, cy, "TCCB", [58, 28, 0, 1])  # 85 with 86 standard but 1 deducted
    ranks = selectors.ranking(cy)
    assert [r.unit.code for r in ranks] == ["TCCB", "CNTT", "KHTC", "VP"]
    assert {r.total for r in ranks} == {Decimal(85)}
    assert ranks[0].tie_note == ""
    assert "điểm tiêu chí 85 < 86" in ranks[1].tie_note
    assert "mã đơn vị" in ranks[2].tie_note
    assert "điểm tiêu chí 80 < 85" in ranks[3].tie_note


def test_honouring_vote_leader_becomes_the_flag_proposal(dept, cy):
    add_rubric(dept, cy)
    score(dept, cy, "VP", [50, 20, 0, 0])
    score(dept, cy, "KHTC", [59, 29, 0, 0])
    u = cy.units
    with pytest.raises(ValidationError, match="không tự suy tôn"):
        services.cast_vote(dept, cy, u["VP"], u["VP"])
    with pytest.raises(ValidationError, match="thành viên"):
        services.cast_vote(dept, cy, u["VP"], Unit.objects.get(code="STP-01"))
    services.cast_vote(dept, cy, u["VP"], u["CNTT"])
    with pytest.raises(ValidationError, match="quá nửa"):
        services.close_vote(dept, cy, D(2026, 1, 20), "Biên bản")
    services.cast_vote(dept, cy, u["CNTT"], u["VP"])
    services.cast_vote(dept, cy, u["TCCB"], u["KHTC"])
    services.cast_vote(dept, cy, u["KHTC"], u["VP"])
    services.cast_vote(dept, cy, u["VP"], u["KHTC"])  # VP changes its mind: one vote per unit
    assert cy.votes.count() == 4
    tally = selectors.vote_tally(cy)
    # VP and KHTC both have 2 votes: KHTC ranks first in scoring, so it leads
    assert [(t.unit.code, t.votes) for t in tally] == [("KHTC", 2), ("VP", 2)]
    assert selectors.flag_proposals(YEAR) == []
    with pytest.raises(ValidationError, match="biên bản"):
        services.close_vote(dept, cy, D(2026, 1, 20), "  ")
    services.close_vote(dept, cy, D(2026, 1, 20), "Hội nghị cụm: 4/4 đơn vị bỏ phiếu.")
    [proposal] = selectors.flag_proposals(YEAR)
    assert (proposal.unit.code, proposal.votes, proposal.voters, proposal.members) == (
        "KHTC", 2, 4, 4)
    with pytest.raises(ValidationError, match="đã chốt"):
        services.cast_vote(dept, cy, u["VP"], u["CNTT"])


def test_pact_needs_targets(dept, cy):
    with pytest.raises(ValidationError, match="chỉ tiêu"):
        services.save_pact(dept, cy, D(2025, 1, 22), "Hà Nội", "", [])
    services.save_pact(dept, cy, D(2025, 1, 22), "Hà Nội", "Giao ước", ["Hoàn thành 100%"])
    assert list(cy.pact_targets.values_list("text", flat=True)) == ["Hoàn thành 100%"]


def test_pact_sets_the_scoring_deadline_and_late_scorers_are_reminded(dept, cy):
    from tdkt.notifications.models import Notification

    with pytest.raises(ValidationError, match="sau ngày ký giao ước"):
        services.save_pact(dept, cy, D(2025, 1, 22), "Hà Nội", "", ["Chỉ tiêu"],
                           scoring_deadline=D(2025, 1, 10))
    services.save_pact(dept, cy, D(2025, 1, 22), "Hà Nội", "", ["Chỉ tiêu"],
                       scoring_deadline=D(2025, 12, 10))
    cy.refresh_from_db()
    assert cy.scoring_deadline == D(2025, 12, 10)
    add_rubric(dept, cy)
    score(dept, cy, "VP", [50, 25, 2, 0])  # sent
    score(dept, cy, "TCCB", [40, 20, None, None], submit=False)  # still a draft

    assert services.send_scoring_reminders(today=D(2025, 11, 1)) == 0  # too early
    assert services.send_scoring_reminders(today=D(2025, 12, 5)) == 3  # TCCB, KHTC, CNTT
    reminded = set(Notification.objects.filter(kind="scoring")
                   .values_list("unit__code", flat=True))
    assert reminded == {"TCCB", "KHTC", "CNTT"}
    assert "Còn 5 ngày đến hạn tự chấm điểm" in Notification.objects.filter(
        kind="scoring").first().message
    assert services.send_scoring_reminders(today=D(2025, 12, 5)) == 0  # once a day
    assert services.send_scoring_reminders(today=D(2025, 12, 12)) == 3  # overdue
    overdue = Notification.objects.filter(kind="scoring", message__startswith="Đã quá hạn")
    assert overdue.count() == 3
    cy.vote_closed = True
    cy.save()
    assert services.send_scoring_reminders(today=D(2025, 12, 13)) == 0  # year closed
