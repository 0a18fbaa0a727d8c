"""Builders for a unit's year-end round (STP-01): its council, a due list, candidates."""

import datetime

from tests.factories import make_user
from tests.nominations.helpers import pdf

D = datetime.date
LDTT = "lao_dong_tien_tien"
CSTDCS = "chien_si_thi_dua_co_so"
BK = "bang_khen_bo_truong_bo_tu_phap"


def make_council(unit_code="STP-01", members=3, prefix="hd_stp"):
    """The unit's council (term from 2024) and its members (the first chairs, the last keeps
    the minutes)."""
    from tdkt.accounts.models import Role
    from tdkt.nominations.models import Council, CouncilMember
    from tdkt.organisation.models import Unit

    unit = Unit.objects.get(code=unit_code)
    council = Council.objects.create(
        unit=unit, name=f"Hội đồng Thi đua – Khen thưởng {unit.name}",
        term_start=D(2024, 1, 1), quorum_numerator=2, quorum_denominator=3,
        quorum_source="Quy chế hoạt động của Hội đồng",
    )
    users = []
    for i in range(members):
        user = make_user(f"{prefix}{i}", Role.COUNCIL_MEMBER, unit_code)
        position = "chair" if i == 0 else "secretary" if i == members - 1 else "member"
        CouncilMember.objects.create(council=council, user=user, position=position,
                                     joined_on=D(2024, 1, 1))
        users.append(user)
    return council, users


def rate(person, year=2025, rating="HTXSNV"):
    from tdkt.history.models import PersonRating

    PersonRating.objects.update_or_create(person=person, year=year, defaults={"rating": rating})


def finished_sweep(actor, unit, year=2025):
    """Run the eligibility sweep of `unit`'s subtree now (in this process)."""
    from tdkt.eligibility import services as eligibility

    sweep = eligibility.start_sweep(actor, unit, year)
    return eligibility.run_sweep(sweep, workers=1)


def attach_report(officer, nomination):
    """Attach what the unit's dossier asks for."""
    from tdkt.nominations import services
    from tdkt.nominations.services.unit_rounds import unit_dossier

    for item in unit_dossier(nomination):
        if not item["present"]:
            services.add_attachment(officer, nomination, item["kind"],
                                    pdf(f"{item['kind']}.pdf"))


def close_with(meeting, agree: dict):
    """Stand-in for a tallied ballot: each item's agree count (by nomination id) against the
    members present; the meeting closed."""
    from tdkt.nominations.models import ItemResult, MeetingStatus

    present = meeting.attendance.filter(present=True).count() or meeting.attendance.count()
    for item in meeting.items.all():
        item.agree = agree.get(item.nomination_id, present)
        item.disagree = present - item.agree
        item.base_count = present
        item.threshold_percent = 50
        item.result = ItemResult.PASSED if item.agree * 2 > present else ItemResult.FAILED
        item.save()
    meeting.status = MeetingStatus.CLOSED
    meeting.present_count = present
    meeting.save()


def other_unit_round(cast):
    """Unit B's (STP-79's) own year-end round, for the access walk."""
    from tdkt.nominations.models import AwardRound, Submission

    award_round = AwardRound.objects.filter(organiser=cast.unit_b, unit_round=True).first()
    if award_round is None:
        award_round = AwardRound.objects.create(
            name="Bình xét thi đua, khen thưởng năm 2025", kind="regular", year=2025,
            organiser=cast.unit_b, award_codes=[LDTT, CSTDCS, BK], opens_on=D(2026, 1, 5),
            submission_deadline=D(2026, 1, 31), unit_round=True)
        Submission.objects.create(round=award_round, unit=cast.unit_b,
                                  title="Danh sách bình xét năm 2025")
    return award_round.pk
