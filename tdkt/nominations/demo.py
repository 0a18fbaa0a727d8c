"""Demo: the 2025 year-end round of the Ministry with nominations in every state, the 2026
council (demo user `hoidong` and four other members) with one closed meeting, one public
disclosure period running today, and one decision issued into people's history.

Everything goes through the services, so the audit log and timelines are real. Candidates are
chosen among Sở Tư pháp Hà Nội (STP-01) staff whom the eligibility engine finds eligible."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from tdkt.accounts.models import Role, RoleAssignment, User
from tdkt.organisation.models import Unit
from tdkt.people.models import Person

from . import selectors, services
from .calendar import WorkCalendar
from .models import VOTE_RESULT_KINDS, Nomination, Status

ORDER = 60
# The chair's passphrase of the demo's secret ballots (README): typed at opening and tally.
DEMO_BALLOT_PASSPHRASE = "kiem phieu hoi dong bo tu phap"
BK = "bang_khen_bo_truong_bo_tu_phap"
TTG = "bang_khen_thu_tuong"
ACHIEVEMENT = (
    "Hoàn thành xuất sắc nhiệm vụ được giao năm 2025; chủ trì xây dựng và triển khai nhiều "
    "văn bản, nhiệm vụ trọng tâm của đơn vị; gương mẫu, đoàn kết, tích cực tham gia phong trào "
    "thi đua “Ngành Tư pháp chung sức góp phần xây dựng nông thôn mới”."
)
COUNCIL = [("uyvien.hd1", "Nguyễn Văn Hải"), ("uyvien.hd2", "Trần Thị Mai"),
           ("uyvien.hd3", "Lê Quang Minh"), ("uyvien.hd4", "Phạm Thu Hà")]


def _demo_pdf() -> bytes:
    """A real one-page PDF (uploads are parsed; a forged header is refused)."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _attach(officer, nom):
    pdf = _demo_pdf()
    for item in selectors.checklist(nom):
        if not item["present"]:
            vote = "15/17 phiếu đồng ý (88,2%)" if item["kind"] in VOTE_RESULT_KINDS else ""
            upload = SimpleUploadedFile(f"{item['kind']}.pdf", pdf, "application/pdf")
            services.add_attachment(officer, nom, item["kind"], upload, vote)


def _plant(person, ttg=False):
    """History that makes `person` eligible (Minister's certificate; or the Prime Minister's
    certificate with `ttg`): HTXSNV and CSTĐ cơ sở in the counted years."""
    from tdkt.history.models import AwardType, Initiative, PersonAward, PersonRating, PersonTitle

    types = {t.code: t for t in AwardType.objects.filter(
        code__in=["chien_si_thi_dua_co_so", "lao_dong_tien_tien", BK])}
    years = range(2019, 2026) if ttg else (2024, 2025)
    for year in years:
        PersonRating.objects.update_or_create(person=person, year=year,
                                              defaults={"rating": "HTXSNV"})
        for code in ("lao_dong_tien_tien", "chien_si_thi_dua_co_so"):
            PersonTitle.objects.get_or_create(person=person, year=year, award=types[code])
    if ttg:
        PersonAward.objects.get_or_create(person=person, year=2020, award=types[BK],
                                          defaults={"decision_number": "3015/QĐ-BTP"})
        for year in range(2021, 2026):
            Initiative.objects.get_or_create(
                person=person, year=year, title_key=f"sang kien cai tien {year}",
                defaults={"title": f"Sáng kiến cải tiến quy trình nghiệp vụ năm {year}"})


def _candidates(unit, limit):
    """Staff of `unit`'s subtree with a clean record and no award yet for 2025."""
    return list(
        Person.objects.filter(unit__path__startswith=unit.path)
        .exclude(awards__year=2025).exclude(disciplines__isnull=False)
        .exclude(proceedings__isnull=False).order_by("id").distinct()[:limit]
    )


def seed(ctx) -> None:
    users = {u.username: u for u in User.objects.filter(
        username__in=["thuongtruc", "hoidong", "canbo.stp01", "lanhdao.stp01"])}
    if len(users) < 4:
        ctx.say("  nominations: thiếu tài khoản demo, bỏ qua.")
        return
    dept, officer, head = users["thuongtruc"], users["canbo.stp01"], users["lanhdao.stp01"]
    btp = Unit.objects.get(code="BTP")
    stp = Unit.objects.get(code="STP-01")
    today = datetime.date.today()
    cal = WorkCalendar()

    award_round = services.save_round(dept, {
        "name": "Khen thưởng tổng kết công tác năm 2025", "kind": "regular", "year": 2025,
        "organiser": btp, "award_codes": [BK, TTG, "chien_si_thi_dua_cap_bo",
                                          "chien_si_thi_dua_toan_quoc",
                                          "bang_khen_bo_truong_bo_tu_phap_tap_the",
                                          "tap_the_lao_dong_xuat_sac"],
        "opens_on": datetime.date(2025, 11, 1),
        "submission_deadline": max(datetime.date(2025, 12, 31), cal.add_working_days(today, 8)),
        "appraisal_deadline": max(datetime.date(2026, 1, 31), cal.add_working_days(today, 20)),
        "council_date": max(datetime.date(2026, 2, 10), cal.add_working_days(today, 25)),
    })
    services.save_round(dept, {
        "name": "Kỷ niệm chương “Vì sự nghiệp Tư pháp” nhân ngày 28/8/2026",
        "kind": "commemorative", "year": 2026, "organiser": btp,
        "award_codes": ["ky_niem_chuong_vi_su_nghiep_tu_phap"],
        "opens_on": datetime.date(2026, 6, 1), "submission_deadline": datetime.date(2026, 7, 15),
    })
    services.save_round(dept, {
        "name": "Khen thưởng đột xuất thành tích phòng, chống bão lũ 2026", "kind": "sudden",
        "year": 2026, "organiser": btp, "award_codes": [BK, "giay_khen"],
        "opens_on": datetime.date(2026, 9, 15), "submission_deadline": datetime.date(2026, 12, 31),
    })

    from tdkt.movements.models import Movement

    thematic = Movement.objects.filter(kind="thematic").exclude(status="draft").first()
    if thematic is not None:
        services.save_round(dept, {
            "name": f"Khen thưởng sơ kết {thematic.name[:150]}", "kind": "thematic",
            "year": 2026, "organiser": btp, "movement": thematic,
            "award_codes": [BK, "bang_khen_bo_truong_bo_tu_phap_tap_the", "giay_khen"],
            "opens_on": datetime.date(2026, 11, 1),
            "submission_deadline": datetime.date(2027, 1, 15),
        })

    chosen = _candidates(stp, 11)
    state_level, extra, people = chosen[:1], chosen[1:2], chosen[2:]
    for person in people:
        _plant(person)
    for person in state_level:
        _plant(person, ttg=True)
    submission = services.create_submission(
        officer, award_round, stp, "Tờ trình đề nghị khen thưởng tổng kết năm 2025",
        "125/TTr-STP", today=datetime.date(2025, 12, 1))
    noms = []
    for award, person in [(TTG, p) for p in state_level] + [(BK, p) for p in people]:
        nom = services.add_nomination(officer, submission, award_code=award,
                                      subject_kind="individual", person=person,
                                      achievement=ACHIEVEMENT, attested=True)
        _attach(officer, nom)
        noms.append(nom)
    collective = services.add_nomination(
        officer, submission, award_code="bang_khen_bo_truong_bo_tu_phap_tap_the",
        subject_kind="collective", unit=Unit.objects.filter(
            path__startswith=stp.path).exclude(pk=stp.pk).order_by("path").first() or stp,
        achievement=ACHIEVEMENT, attested=True)
    _attach(officer, collective)
    if noms:
        services.submit_submission(head, submission, today=datetime.date(2025, 12, 5))

    # A second tờ trình still being drafted (one dossier incomplete).
    draft = services.create_submission(officer, award_round, stp,
                                       "Tờ trình bổ sung khen thưởng năm 2025",
                                       today=datetime.date(2025, 12, 10))
    for person in extra:
        services.add_nomination(officer, draft, award_code="chien_si_thi_dua_cap_bo",
                                subject_kind="individual", person=person,
                                achievement=ACHIEVEMENT, attested=True)

    # Council 2026: hoidong chairs, four members.
    council = [users["hoidong"]]
    for username, name in COUNCIL:
        user = User(username=username)
        user.set_full_name(name)
        user.set_password("tdkt-demo")
        user.save()
        RoleAssignment.objects.create(user=user, role=Role.COUNCIL_MEMBER, unit=btp)
        council.append(user)
    for i, user in enumerate(council):  # the last member keeps the minutes (secretary)
        seat = "chair" if i == 0 else "secretary" if i == len(council) - 1 else "member"
        services.add_council_member(dept, 2026, user, seat)

    # The councils of STP-01 and THADS-79 (current term, demo accounts as members).
    from .demo_councils import seed_councils

    seed_councils(ctx, dept)

    def step(fn, *args, **kwargs):
        try:
            fn(*args, **kwargs)
            return True
        except Exception as exc:  # keep the demo going; report what did not apply
            ctx.say(f"  nominations: bỏ qua một bước ({exc})")
            return False

    # Appraisal: most pass, one is returned, one stays under appraisal, one only submitted.
    appraised = []
    for i, nom in enumerate(noms):
        nom.refresh_from_db()
        if i == len(noms) - 1 and len(noms) > 6:
            continue  # still "submitted"
        if i == 2:
            step(services.return_for_supplement, dept, nom,
                 "Bổ sung biên bản họp xét khen thưởng có ghi rõ kết quả bỏ phiếu.",
                 today=datetime.date(2025, 12, 12))
            continue
        if i == 3:
            step(services.run_appraisal, dept, nom, today=datetime.date(2025, 12, 12))
            continue
        if step(services.pass_appraisal, dept, nom, today=datetime.date(2025, 12, 15)):
            appraised.append(nom)
    collective.refresh_from_db()
    step(services.pass_appraisal, dept, collective, today=datetime.date(2025, 12, 15))

    # Meeting in January 2026: four items, all members present; two held back for the next.
    on_agenda = appraised[:4]
    state_noms = [n for n in appraised if n.award_code == TTG]
    on_agenda += [n for n in state_noms if n not in on_agenda]
    if on_agenda:
        meeting = services.create_meeting(
            dept, year=2026, title="Phiên họp Hội đồng TĐKT ngành Tư pháp xét khen thưởng 2025",
            held_on=datetime.date(2026, 1, 20), place="Trụ sở Bộ Tư pháp, 60 Trần Phú, Hà Nội",
            starts_at=datetime.time(8, 30))
        services.add_agenda_items(dept, meeting, on_agenda)
        services.set_attendance(dept, meeting, [u.pk for u in council])
        services.open_voting(dept, meeting, passphrase=DEMO_BALLOT_PASSPHRASE)
        items = list(meeting.items.order_by("position"))
        for j, user in enumerate(council):
            # The last item gets 2 of 5 votes (fails); the others pass.
            choices = {it.pk: (k != len(items) - 1 or len(items) < 3 or j < 2)
                       or it.nomination.award_code == TTG for k, it in enumerate(items)}
            services.cast_ballot(user, meeting, choices)
        services.close_meeting(dept, meeting, passphrase=DEMO_BALLOT_PASSPHRASE)

    # Disclosure for the state-level nominee(s), running today.
    waiting = Nomination.objects.filter(round=award_round, status=Status.AT_COUNCIL)
    if waiting.exists():
        start = _back(cal, cal.next_working_day(today), 3)
        services.publish_disclosure(
            dept, title="Công khai danh sách đề nghị tặng Bằng khen của Thủ tướng Chính phủ "
                        "năm 2025", starts_on=start, nominations=list(waiting))

    # Decision for the approved Minister's certificates.
    from .config import award_config

    approved = list(Nomination.objects.filter(round=award_round, status=Status.APPROVED))
    if approved:
        services.issue_decision(
            dept, issuer=btp, nominations=approved, signed_on=datetime.date(2026, 2, 5),
            signer_name="Nguyễn Hải Ninh", signer_title="Bộ trưởng",
            title="Về việc tặng Bằng khen của Bộ trưởng Bộ Tư pháp",
            legal_bases="\n".join(
                [f"Căn cứ {b};" for b in award_config(
                    "bang_khen_bo_truong_bo_tu_phap", datetime.date(2026, 2, 5)).legal_bases]
                + ["Xét đề nghị của Vụ trưởng Vụ Tổ chức cán bộ."]),
            today=datetime.date(2026, 2, 5),
        )
    # STP-01's own year-end rounds on its council (demo_unit_rounds.py).
    from .demo_unit_rounds import seed as seed_unit_rounds

    seed_unit_rounds(ctx)
    counts = selectors.status_counts(Nomination.objects.all())
    ctx.say("  nominations: " + ", ".join(f"{Status(k).label}: {v}" for k, v in counts.items()))


def _back(cal, day, n):
    """The working day `n` working days before `day`."""
    while n > 0:
        day -= datetime.timedelta(days=1)
        if cal.is_working_day(day):
            n -= 1
    return day
