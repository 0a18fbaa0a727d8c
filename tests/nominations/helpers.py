"""Builders for the commendation workflow tests."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import make_user

D = datetime.date
AWARD = "bang_khen_bo_truong_bo_tu_phap"
PDF = b"%PDF-1.4\n% test\n"


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

    def meeting(self, nominations, present=None, year=2026, held_on=D(2026, 1, 15)):
        from tdkt.nominations import services

        members = self.members(year=year)
        meeting = services.create_meeting(self.dept, year=year, title="Phiên họp Hội đồng",
                                          held_on=held_on)
        services.add_agenda_items(self.dept, meeting, nominations)
        present = members if present is None else present
        services.set_attendance(self.dept, meeting, [u.pk for u in present])
        services.open_voting(self.dept, meeting)
        meeting.refresh_from_db()
        return meeting
