"""Builders for the documents tests: decisions written directly (fast), with their history."""

import datetime

D = datetime.date
SIGNED = D(2026, 1, 5)
BK = "bang_khen_bo_truong_bo_tu_phap"
BK_TT = "bang_khen_bo_truong_bo_tu_phap_tap_the"
GK = "giay_khen"


def make_decision(issuer_code="BTP", people=(), units=(), award=BK, unit_award=BK_TT,
                  signed_on=SIGNED, sequence=None, signer_title="Thứ trưởng",
                  issuer_title="Bộ trưởng Bộ Tư pháp", write_history=True):
    from tdkt.history.models import AwardType, PersonAward, UnitAward
    from tdkt.nominations.models import Awardee, AwardRound, Decision, Nomination, Submission
    from tdkt.organisation.models import Unit

    issuer = Unit.objects.get(code=issuer_code)
    award_round = AwardRound.objects.create(
        name="Khen thưởng tổng kết năm 2025", kind="regular", year=2025, organiser=issuer,
        opens_on=D(2025, 11, 1), submission_deadline=D(2025, 12, 31))
    sequence = sequence or (Decision.objects.filter(issuer_code=issuer_code).count() + 1)
    decision = Decision.objects.create(
        issuer=issuer, issuer_code=issuer_code, issuer_title=issuer_title, year=signed_on.year,
        sequence=sequence, number=f"{sequence}/QĐ-{issuer_code}", signed_on=signed_on,
        signer_name="Nguyễn Thanh Tịnh", signer_title=signer_title,
        title="Về việc tặng Bằng khen của Bộ trưởng Bộ Tư pháp",
        legal_bases="Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;\n"
                    "Căn cứ Nghị định số 152/2025/NĐ-CP;\n"
                    "Theo đề nghị của Vụ trưởng Vụ Tổ chức cán bộ.",
        round=award_round)
    types = {t.code: t for t in AwardType.objects.filter(code__in=[award, unit_award])}
    position = 0
    awardees = []
    subjects = [("individual", p) for p in people] + [("collective", u) for u in units]
    for kind, subject in subjects:
        position += 1
        proposing = subject.unit if kind == "individual" else subject
        # a division's nominations are proposed by its Sở (depth 3)
        if proposing.depth > 3:
            proposing = Unit.objects.get(path=proposing.path[:12])
        submission = Submission.objects.create(round=award_round, unit=proposing,
                                               title="Tờ trình đề nghị khen thưởng")
        code = award if kind == "individual" else unit_award
        nomination = Nomination.objects.create(
            submission=submission, round=award_round, proposing_unit=proposing, year=2025,
            award_code=code, subject_kind=kind,
            person=subject if kind == "individual" else None,
            unit=subject if kind == "collective" else None,
            subject_name=subject.full_name if kind == "individual" else subject.name,
            achievement="Hoàn thành xuất sắc nhiệm vụ năm 2025", status="decided")
        awardees.append(Awardee.objects.create(
            decision=decision, nomination=nomination, position=position, award_code=code,
            award_name=types[code].name, subject_kind=kind,
            person=subject if kind == "individual" else None,
            unit=subject if kind == "collective" else None,
            subject_name=nomination.subject_name,
            position_title=subject.position if kind == "individual" else "",
            unit_name=subject.unit.name if kind == "individual" else subject.name,
            proposing_unit=proposing, year=2025))
        if write_history:
            if kind == "individual":
                PersonAward.objects.create(person=subject, year=2025, award=types[code],
                                           decision_number=decision.number,
                                           decision_date=signed_on, issuer=issuer_title)
            else:
                UnitAward.objects.create(unit=subject, year=2025, award=types[code],
                                         decision_number=decision.number,
                                         decision_date=signed_on, issuer=issuer_title)
    return decision, awardees


# --- objects of unit B for the access walk (tests/foundation/test_access.py) ---------------


def other_scope(cast, what: str):
    """An object outside officer A's reach for the documents URL parameter `what`."""
    from tdkt.documents.models import DocumentTemplate, GenerationJob
    from tdkt.nominations.models import Awardee, Decision, Submission

    decision = Decision.objects.filter(issuer=cast.unit_b).first()
    if decision is None:
        decision, _ = make_decision(issuer_code="STP-79", people=[cast.person_b], award=GK,
                                    issuer_title="Giám đốc Sở Tư pháp", write_history=False)
    if what == "decision":
        return decision.pk
    if what == "awardee":
        return Awardee.objects.filter(decision=decision).first().pk
    if what == "submission":
        return Submission.objects.filter(unit=cast.unit_b).first().pk
    if what == "meeting":  # a meeting of STP-79's council (unit B)
        from tests.nominations.helpers import other_scope as nominations_other_scope

        return nominations_other_scope(cast, "meeting")
    if what == "job":
        return GenerationJob.objects.get_or_create(kind="certificates", decision=decision,
                                                   created_by=cast.officer_b)[0].pk
    if what == "template":
        return DocumentTemplate.objects.get_or_create(
            kind="decision", version=1,
            defaults={"file": "mau-van-ban/decision/v1.docx", "original_name": "v1.docx"})[0].pk
    raise KeyError(what)
