"""A unit's own year-end round (issue 13 item 2): STP-01's officer opens it, picks candidates
from the due list, the head approves the agenda, the council votes, the head decides in the
unit's numbering (N/QĐ-STP) and the titles are in history for the next eligibility check;
awards above the head's authority go up as a submission; STP-79 cannot see or act."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import make_user
from tests.nominations.unit_round_helpers import (
    BK,
    CSTDCS,
    LDTT,
    attach_report,
    close_with,
    finished_sweep,
    make_council,
    rate,
)

D = datetime.date
pytestmark = pytest.mark.django_db
BASES = "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"


@pytest.fixture
def ur():
    from tdkt.nominations.services import unit_rounds

    return unit_rounds


@pytest.fixture
def opened(cast, ur):
    make_council()
    return ur.open_unit_round(cast.officer_a, cast.unit_a, 2025, today=D(2026, 1, 5))


def _candidates(cast, ur, award_round, people, award=LDTT):
    """Rate `people` HTXSNV in 2025, run the sweep, pick their `award` entries."""
    for person in people:
        rate(person)
    finished_sweep(cast.officer_a, cast.unit_a)
    _, entries = ur.due_candidates(award_round)
    ids = [e.pk for e in entries if e.award == award and e.person in people]
    assert len(ids) == len(people), [(e.award, e.person) for e in entries]
    added, errors = ur.add_candidates_from_due_list(cast.officer_a, award_round, ids)
    assert (added, errors) == (len(people), [])
    return list(award_round.nominations.order_by("pk"))


def test_officer_opens_round_with_decided_and_proposed_awards(cast, opened, ur):
    from tdkt.audit.models import Action

    assert opened.unit_round and opened.organiser == cast.unit_a and opened.year == 2025
    decides, proposes = ur.round_awards(cast.unit_a, D(2026, 1, 5))
    assert {LDTT, CSTDCS, "giay_khen", "tap_the_lao_dong_tien_tien"} <= set(decides)
    assert BK in proposes and BK not in decides
    assert opened.award_codes == decides + proposes
    assert ur.unit_list(opened).unit == cast.unit_a
    assert Action.objects.filter(verb="round.create", target_id=str(opened.pk)).exists()
    with pytest.raises(ValidationError, match="đã mở đợt bình xét năm 2025"):
        ur.open_unit_round(cast.officer_a, cast.unit_a, 2025, today=D(2026, 1, 6))


def test_only_the_units_officer_opens(cast, ur):
    make_council()
    for actor in (cast.head_a, cast.officer_b, cast.staff_a):
        with pytest.raises(PermissionDenied):
            ur.open_unit_round(actor, cast.unit_a, 2025, today=D(2026, 1, 5))


def test_a_division_without_authority_cannot_open(cast, ur):
    from tdkt.organisation.models import Unit

    with pytest.raises(ValidationError, match="không có thẩm quyền"):
        ur.open_unit_round(cast.officer_a, Unit.objects.get(code="STP-01-VP"), 2025,
                           today=D(2026, 1, 5))


def test_due_list_candidates_carry_the_reasons(cast, opened, ur):
    noms = _candidates(cast, ur, opened, [cast.person_a])
    assert noms[0].award_code == LDTT and noms[0].status == "draft"
    assert "Đủ điều kiện theo danh sách rà soát" in noms[0].achievement
    assert len(noms[0].achievement) > 60  # the engine's reasons follow


def test_unit_dossier_is_lighter_than_the_ministrys(cast, opened, ur):
    from tdkt.nominations import selectors

    nom = _candidates(cast, ur, opened, [cast.person_a])[0]
    unit_kinds = [i["kind"] for i in ur.unit_dossier(nom)]
    ministry_kinds = [i["kind"] for i in selectors.checklist(nom)]
    assert unit_kinds == ["bao_cao_thanh_tich"]
    assert set(unit_kinds) < set(ministry_kinds)


def test_head_approves_agenda_after_dossiers_complete(cast, opened, ur):
    from tdkt.audit.models import Action

    nom = _candidates(cast, ur, opened, [cast.person_a])[0]
    with pytest.raises(PermissionDenied):
        ur.approve_agenda(cast.officer_a, opened, held_on=D(2026, 1, 15))
    with pytest.raises(ValidationError, match="còn thiếu Báo cáo thành tích"):
        ur.approve_agenda(cast.head_a, opened, held_on=D(2026, 1, 15))
    attach_report(cast.officer_a, nom)
    meeting = ur.approve_agenda(cast.head_a, opened, held_on=D(2026, 1, 15), place="Hội trường")
    nom.refresh_from_db()
    opened.refresh_from_db()
    assert nom.status == "at_council"
    assert meeting.council.unit == cast.unit_a and meeting.attendance.count() == 3
    assert list(meeting.items.values_list("purpose", flat=True)) == ["decide"]
    assert opened.agenda_approved_by == cast.head_a and opened.agenda_approved_on
    assert Action.objects.filter(verb="round.agenda_approve", target_id=str(opened.pk)).exists()
    from tdkt.notifications.models import Notification

    told = Notification.objects.filter(link__endswith=f"/phien-hop/{meeting.pk}/")
    assert told.filter(user__isnull=False).count() == 3  # each council member
    assert told.filter(unit=cast.unit_a).exists()
    with pytest.raises(ValidationError, match="đã phê duyệt chương trình họp"):
        ur.add_candidates_from_due_list(cast.officer_a, opened, [])


def test_internal_list_is_not_submitted_upward(cast, opened, ur):
    from tdkt.nominations import services

    nom = _candidates(cast, ur, opened, [cast.person_a])[0]
    attach_report(cast.officer_a, nom)
    with pytest.raises(ValidationError, match="phê duyệt chương trình họp"):
        services.submit_submission(cast.head_a, nom.submission, today=D(2026, 1, 6))


def _voted(cast, ur, award_round, people, agree=None, award=LDTT):
    noms = _candidates(cast, ur, award_round, people, award)
    for nom in noms:
        attach_report(cast.officer_a, nom)
    meeting = ur.approve_agenda(cast.head_a, award_round, held_on=D(2026, 1, 15))
    meeting.attendance.update(present=True)
    close_with(meeting, agree or {})
    return noms


def test_decision_in_units_numbering_writes_history_and_feeds_eligibility(cast, opened, ur):
    """CSTĐ cơ sở 2025 decided by STP-01 completes the two consecutive years the Minister's
    certificate asks for: the next check of that award counts the new title."""
    from tdkt.eligibility.services import evaluate_person
    from tdkt.history.models import AwardType, PersonTitle

    rate(cast.person_a, 2024)
    PersonTitle.objects.create(person=cast.person_a, year=2024,
                               award=AwardType.objects.get(code=CSTDCS))

    def route():
        checks = evaluate_person(cast.person_a, BK, 2025).checks
        return next(c for c in checks if c.rule == "bang_khen_route")

    assert route().met is not True and "thiếu năm 2025" in route().why
    noms = _voted(cast, ur, opened, [cast.person_a], award=CSTDCS)
    decision = ur.issue_unit_decision(
        cast.head_a, opened, noms, signed_on=D(2026, 1, 20), signer_name="Nguyễn Văn Giám",
        title="Về việc công nhận danh hiệu Chiến sĩ thi đua cơ sở năm 2025", legal_bases=BASES,
        today=D(2026, 1, 20))
    assert decision.number == "1/QĐ-STP" and decision.number_display == "01/QĐ-STP"
    assert decision.issuer == cast.unit_a and decision.issuer_code == cast.unit_a.code
    assert decision.issuer_title == "Giám đốc Sở Tư pháp thành phố Hà Nội"
    assert decision.signer_title == "Giám đốc"
    title = PersonTitle.objects.get(person=cast.person_a, year=2025, award__code=CSTDCS)
    assert title.decision_number == "01/QĐ-STP"
    noms[0].refresh_from_db()
    assert noms[0].status == "decided"
    assert route().met is True and "2024–2025" in route().why


def test_numbering_per_issuer_and_year(cast, ur):
    from tdkt.nominations.services.decisions import allocate_number

    make_council()
    award_round = ur.open_unit_round(cast.officer_a, cast.unit_a, 2025, today=D(2026, 1, 5))
    # Every Sở prints "QĐ-STP", each in its own series: Sở Tư pháp TP. Hồ Chí Minh's decisions
    # this year do not move Hà Nội's numbers; Hà Nội's own earlier decision does.
    allocate_number(cast.unit_b.code, 2026)
    allocate_number(cast.unit_b.code, 2026)
    allocate_number(cast.unit_a.code, 2026)  # an earlier decision of STP-01 this year
    noms = _voted(cast, ur, award_round, [cast.person_a])
    decision = ur.issue_unit_decision(
        cast.head_a, award_round, noms, signed_on=D(2026, 1, 20), signer_name="A",
        title="Khen thưởng", legal_bases=BASES, today=D(2026, 1, 20))
    assert decision.number == "2/QĐ-STP"


def test_failed_vote_is_not_approved_and_cannot_be_decided(cast, opened, ur):
    noms = _voted(cast, ur, opened, [cast.person_a], agree={})
    nom = noms[0]
    from tdkt.nominations.models import AgendaItem

    AgendaItem.objects.filter(nomination=nom).update(agree=1, result="failed")
    assert ur.settle_results(cast.officer_a, opened, today=D(2026, 1, 16)) == (0, 1)
    with pytest.raises(ValidationError, match="chưa được đề nghị khen thưởng"):
        ur.issue_unit_decision(cast.head_a, opened, [nom], signed_on=D(2026, 1, 20),
                               signer_name="A", title="Khen thưởng", legal_bases=BASES,
                               today=D(2026, 1, 20))
    nom.refresh_from_db()
    assert nom.status == "not_approved"


def test_above_authority_answers_with_rule_and_source_and_goes_up(cast, opened, ur):
    from tdkt.nominations import services
    from tdkt.nominations.models import Nomination
    from tests.nominations.helpers import make_eligible, make_round

    make_eligible(cast.person_a)
    listing = ur.unit_list(opened)
    nom = services.add_nomination(cast.officer_a, listing, award_code=BK,
                                  subject_kind="individual", person=cast.person_a,
                                  achievement="Hoàn thành xuất sắc nhiệm vụ năm 2025.")
    attach_report(cast.officer_a, nom)
    meeting = ur.approve_agenda(cast.head_a, opened, held_on=D(2026, 1, 15))
    assert meeting.items.get().purpose == "propose"
    close_with(meeting, {})
    with pytest.raises(ValidationError) as err:
        ur.issue_unit_decision(cast.head_a, opened, [nom], signed_on=D(2026, 1, 20),
                               signer_name="A", title="Khen thưởng", legal_bases=BASES,
                               today=D(2026, 1, 20))
    text = " ".join(err.value.messages)
    assert "vượt thẩm quyền" in text and "căn cứ:" in text and "Điều" in text
    ministry = make_round("BTP", year=2025)
    assert list(ur.higher_rounds(opened)) == [ministry]
    submission = ur.forward_to_level_above(cast.officer_a, opened, ministry,
                                           today=D(2026, 1, 21))
    carried = submission.nominations.get()
    assert submission.round == ministry and submission.unit == cast.unit_a
    assert carried.forwarded_from_id == nom.pk and carried.status == "draft"
    assert ur.proposals_to_forward(opened) == []
    assert Nomination.objects.get(pk=nom.pk).status == "approved"


def test_other_unit_cannot_act_on_the_round(cast, opened, ur):
    noms = _candidates(cast, ur, opened, [cast.person_a])
    attach_report(cast.officer_a, noms[0])
    with pytest.raises(PermissionDenied):
        ur.add_candidates_from_due_list(cast.officer_b, opened, [])
    with pytest.raises(PermissionDenied):
        ur.approve_agenda(cast.officer_b, opened, held_on=D(2026, 1, 15))
    ur.approve_agenda(cast.head_a, opened, held_on=D(2026, 1, 15))
    for actor in (cast.officer_b, cast.officer_a):
        with pytest.raises(PermissionDenied):
            ur.issue_unit_decision(actor, opened, noms, signed_on=D(2026, 1, 20),
                                   signer_name="A", title="K", legal_bases=BASES)


def test_sealed_ballot_of_the_units_council_decides_the_candidates(cast, opened, ur):
    """The real ballot: the officer marks attendance, the chair opens with the passphrase,
    members vote sealed sheets, the chair tallies; the candidates move with the result."""
    from tdkt.nominations import services
    from tdkt.nominations.models import Council

    council = Council.objects.get(unit=cast.unit_a)
    chair, *others = [s.user for s in council.members.order_by("id")]
    from tests.factories import make_person

    noms = _candidates(cast, ur, opened,
                       [cast.person_a, make_person("STP-01-VP", "Lý Thị Mai", gender="female")])
    for nom in noms:
        attach_report(cast.officer_a, nom)
    meeting = ur.approve_agenda(cast.head_a, opened, held_on=D(2026, 1, 15))
    services.set_attendance(cast.officer_a, meeting, [chair.pk, *[u.pk for u in others]])
    passphrase = "Phiếu kín Sở Tư pháp Hà Nội 2026"
    services.open_voting(chair, meeting, passphrase=passphrase, passphrase_again=passphrase)
    first, second = [i.pk for i in meeting.items.order_by("position")]
    for user in (chair, *others):
        services.cast_ballot(user, meeting, {first: True, second: user == chair})
    services.close_meeting(chair, meeting, passphrase=passphrase)
    statuses = {n.pk: n.status for n in opened.nominations.all()}
    item_noms = dict(meeting.items.values_list("pk", "nomination_id"))
    assert statuses[item_noms[first]] == "approved"
    assert statuses[item_noms[second]] == "not_approved"
    assert [n.pk for n in ur.passed(opened)] == [item_noms[first]]


def test_one_award_per_decision(cast, opened, ur):
    from tests.factories import make_person

    other = make_person("STP-01-VP", "Lý Thị Mai", gender="female")
    rate(other)
    noms = _candidates(cast, ur, opened, [cast.person_a, other])
    from tdkt.nominations import services

    gk = services.add_nomination(cast.officer_a, ur.unit_list(opened), award_code="giay_khen",
                                 subject_kind="individual", person=other,
                                 achievement="Thành tích xuất sắc năm 2025.")
    for nom in [*noms, gk]:
        attach_report(cast.officer_a, nom)
    meeting = ur.approve_agenda(cast.head_a, opened, held_on=D(2026, 1, 15))
    close_with(meeting, {})
    with pytest.raises(ValidationError, match="ban hành quyết định riêng"):
        ur.issue_unit_decision(cast.head_a, opened, [*noms, gk], signed_on=D(2026, 1, 20),
                               signer_name="A", title="K", legal_bases=BASES)
    first = ur.issue_unit_decision(cast.head_a, opened, noms, signed_on=D(2026, 1, 20),
                                   signer_name="A", title="K", legal_bases=BASES)
    second = ur.issue_unit_decision(cast.head_a, opened, [gk], signed_on=D(2026, 1, 20),
                                    signer_name="A", title="K", legal_bases=BASES)
    assert (first.number_display, second.number_display) == ("01/QĐ-STP", "02/QĐ-STP")
    assert first.awardees.count() == 2 and second.awardees.get().award_code == "giay_khen"


def test_candidates_from_movement_reviews_of_the_year(cast, opened, ur):
    from tdkt.movements.models import MovementReview, ReviewProposal
    from tests.movements.helpers import make_movement

    dept = make_user("vu_tccb_mv", "emulation_dept", "BTP")
    this_year = make_movement(dept, year=2025, name="Phong trào thi đua năm 2025",
                              deadline=D(2025, 2, 1))
    other_year = make_movement(dept, year=2026)
    picked = []
    for movement, person in ((this_year, cast.person_a), (other_year, cast.person_a)):
        review = MovementReview.objects.create(movement=movement, kind="final",
                                               held_on=D(movement.year, 12, 20), results="Tốt")
        picked.append(ReviewProposal.objects.create(
            review=review, person=person, award_code=LDTT,
            reason="Dẫn đầu phong trào chuyển đổi số của Sở."))
    ReviewProposal.objects.create(review=picked[0].review, person=cast.person_b,
                                  award_code=LDTT, reason="Ngoài đơn vị")
    assert [p.pk for p in ur.movement_proposals(opened)] == [picked[0].pk]
    assert ur.add_candidates_from_proposals(cast.officer_a, opened, [picked[0].pk]) == (1, [])
    nom = opened.nominations.get()
    assert nom.person == cast.person_a and "Dẫn đầu phong trào" in nom.achievement
    assert ur.movement_proposals(opened) == []
    with pytest.raises(PermissionDenied):
        ur.add_candidates_from_proposals(cast.officer_b, opened, [picked[0].pk])
