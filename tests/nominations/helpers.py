"""Builders for the commendation workflow tests."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.core.samples import pdf_bytes
from tests.factories import make_user

D = datetime.date
AWARD = "bang_khen_bo_truong_bo_tu_phap"
PDF = pdf_bytes()  # a real one-page PDF: uploads are parsed
# The chair's passphrase for the secret ballot in tests (typed at opening and at the tally).
PASSPHRASE = "Phiếu kín của Hội đồng 2026"


def pdf(name="tai-lieu.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def make_round(organiser_code="BTP", **extra):
    from tdkt.nominations.models import AwardRound
    from tdkt.organisation.models import Unit

    values = {
        "name": "Khen thưởng tổng kết năm 2025", "kind": "regular", "year": 2025,
        "award_codes": [AWARD, "chien_si_thi_dua_toan_quoc", "giay_khen",
                        "bang_khen_bo_truong_bo_tu_phap_tap_the"],
        "opens_on": D(2025, 11, 1), "submission_deadline": D(2026, 12, 31),
        "appraisal_deadline": D(2027, 1, 31),
    }
    values.update(extra)
    return AwardRound.objects.create(organiser=Unit.objects.get(code=organiser_code), **values)


def make_eligible(person, year=2025):
    """History that makes `person` eligible for the Minister's certificate in `year`."""
    from tdkt.history.models import AwardType, PersonRating, PersonTitle

    cstd = AwardType.objects.get(code="chien_si_thi_dua_co_so")
    for y in (year - 1, year):
        PersonRating.objects.create(person=person, year=y, rating="HTXSNV")
        PersonTitle.objects.create(person=person, year=y, award=cstd)


def attach_all(officer, nomination):
    """Attach every document the checklist asks for."""
    from tdkt.nominations import selectors, services
    from tdkt.nominations.models import VOTE_RESULT_KINDS

    for item in selectors.checklist(nomination):
        if not item["present"]:
            vote = "15/17 phiếu đồng ý" if item["kind"] in VOTE_RESULT_KINDS else ""
            services.add_attachment(officer, nomination, item["kind"],
                                    pdf(f"{item['kind']}.pdf"), vote)


class Flow:
    """The cast plus the Ministry's emulation department and a council."""

    def __init__(self, cast):
        from tdkt.accounts.models import Role

        self.cast = cast
        self.dept = make_user("vu_tccb", Role.EMULATION_DEPT, "BTP")
        self.round = make_round()
        self._members = None

    def submission(self, officer=None, unit=None):
        from tdkt.nominations import services

        return services.create_submission(
            officer or self.cast.officer_a, self.round, unit or self.cast.unit_a,
            "Tờ trình đề nghị khen thưởng năm 2025", today=D(2025, 12, 1),
        )

    def nomination(self, person=None, award=AWARD, submission=None, eligible=True,
                   attach=True, officer=None):
        from tdkt.nominations import services

        officer = officer or self.cast.officer_a
        person = person or self.cast.person_a
        if eligible and not person.titles.exists():
            make_eligible(person)
        submission = submission or self.submission(officer)
        nom = services.add_nomination(
            officer, submission, award_code=award, subject_kind="individual", person=person,
            achievement="Hoàn thành xuất sắc nhiệm vụ năm 2025, có nhiều đóng góp.",
            attested=True,
        )
        if attach:
            attach_all(officer, nom)
        return nom

    def submitted(self, **kw):
        from tdkt.nominations import services

        nom = self.nomination(**kw)
        services.submit_submission(self.cast.head_a, nom.submission, today=D(2025, 12, 2))
        nom.refresh_from_db()
        return nom

    def appraised(self, **kw):
        from tdkt.nominations import services

        nom = self.submitted(**kw)
        services.pass_appraisal(self.dept, nom, today=D(2025, 12, 10))
        nom.refresh_from_db()
        return nom

    def members(self, n=5, year=2026):
        from tdkt.nominations import services

        if self._members is None:
            self._members = []
            for i in range(n):
                user = make_user(f"hd{i}", None, None)
                services.add_council_member(self.dept, year, user, "member")
                self._members.append(user)
        return self._members

    def meeting(self, nominations, present=None, year=2026, held_on=None,
                passphrase=None):
        from tdkt.nominations import services

        held_on = held_on or D(2026, 1, 15)
        members = self.members(year=year)
        meeting = services.create_meeting(self.dept, year=year, title="Phiên họp Hội đồng",
                                          held_on=held_on)
        services.add_agenda_items(self.dept, meeting, nominations)
        present = members if present is None else present
        services.set_attendance(self.dept, meeting, [u.pk for u in present])
        services.open_voting(self.dept, meeting, passphrase=passphrase or PASSPHRASE)
        meeting.refresh_from_db()
        return meeting

    def close(self, meeting, passphrase=None, confirm_missing=True, **kw):
        """The chair closes the ballot with the passphrase typed at opening."""
        from tdkt.nominations import services

        return services.close_meeting(self.dept, meeting, passphrase=passphrase or PASSPHRASE,
                                      confirm_missing=confirm_missing, **kw)


# --- objects of unit B for the access walk (tests/foundation/test_access.py) ---------------


def other_scope(cast, what: str):
    """An object of unit B's scope (STP-79) for the URL parameter `what`."""
    from tdkt.nominations import models as m
    from tdkt.organisation.models import Unit

    unit_b = cast.unit_b
    award_round = m.AwardRound.objects.filter(organiser=unit_b).first() or make_round("STP-79")
    if what == "round":
        return award_round.pk
    submission = m.Submission.objects.filter(unit=unit_b).first() or m.Submission.objects.create(
        round=award_round, unit=unit_b, title="Tờ trình của Sở Tư pháp TP.HCM")
    if what == "submission":
        return submission.pk
    nomination = m.Nomination.objects.filter(proposing_unit=unit_b).first() or \
        m.Nomination.objects.create(
            submission=submission, round=award_round, proposing_unit=unit_b, year=2025,
            award_code=AWARD, subject_kind="individual", person=cast.person_b,
            subject_name=cast.person_b.full_name, achievement="Thành tích xuất sắc năm 2025")
    if what == "nomination":
        return nomination.pk
    if what == "attachment":
        att = nomination.attachments.first() or m.Attachment.objects.create(
            nomination=nomination, kind="to_trinh", file="khen-thuong/x.pdf",
            original_name="x.pdf", size=10)
        return att.pk
    if what == "decision":
        decision = m.Decision.objects.filter(issuer=unit_b).first() or m.Decision.objects.create(
            issuer=unit_b, issuer_code="STP79", year=2026, sequence=1, number="1/QĐ-STP79",
            signed_on=D(2026, 1, 5), signer_name="Giám đốc", signer_title="Giám đốc Sở",
            title="Khen thưởng", legal_bases="Căn cứ")
        return decision.pk
    if what == "awardee":
        decision = m.Decision.objects.get(pk=other_scope(cast, "decision"))
        awardee = m.Awardee.objects.filter(nomination=nomination).first() or \
            m.Awardee.objects.create(
                decision=decision, nomination=nomination, award_code=AWARD, award_name="BK",
                subject_kind="individual", person=cast.person_b, subject_name="B",
                proposing_unit=unit_b, year=2025)
        return awardee.pk
    if what == "council":  # the council of STP-79 (unit B)
        return (m.Council.objects.filter(unit=unit_b).first() or m.Council.objects.create(
            unit=unit_b, name="Hội đồng TĐKT Sở Tư pháp TP. Hồ Chí Minh",
            term_start=D(2025, 1, 1))).pk
    if what == "meeting":
        council = m.Council.objects.get(pk=other_scope(cast, "council"))
        return (m.Meeting.objects.filter(council=council).first() or m.Meeting.objects.create(
            council=council, year=2026, title="Phiên họp", held_on=D(2026, 1, 5))).pk
    if what == "member":
        council = m.Council.objects.get(pk=other_scope(cast, "council"))
        return (m.CouncilMember.objects.filter(council=council).first()
                or m.CouncilMember.objects.create(council=council, user=cast.officer_b)).pk
    if what == "period":
        return (m.DisclosurePeriod.objects.first() or m.DisclosurePeriod.objects.create(
            title="Công khai", starts_on=D(2026, 1, 5), working_days=10,
            ends_on=D(2026, 1, 16))).pk
    if what == "comment":
        period = m.DisclosurePeriod.objects.get(pk=other_scope(cast, "period"))
        return (m.PublicComment.objects.first() or m.PublicComment.objects.create(
            period=period, content="Góp ý", ip_hash="x")).pk
    if what == "setting":
        return m.AwardSetting.objects.first().pk
    if what == "holiday":
        return m.Holiday.objects.first().pk
    raise KeyError(what)
    assert Unit  # pragma: no cover


def ensure_reference_data():
    """Re-seed the reference rows data migrations create (award types, holidays, award
    settings): transactional tests (browser) flush them."""
    import importlib

    from django.apps import apps

    for module in ("tdkt.history.migrations.0002_seed_award_types",
                   "tdkt.nominations.migrations.0002_seed_calendar_and_settings"):
        importlib.import_module(module).seed(apps, None)
