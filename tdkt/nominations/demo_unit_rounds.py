"""Demo: Sở Tư pháp Hà Nội (STP-01) runs its own year-end rounds with its council.

- the last complete year (ctx.year - 1): finished — candidates from the due list, dossiers,
  the head's agenda approval, the council's sealed ballot tallied by the chair, the head's
  decision "01/QĐ-STP" and the titles in history;
- the current year: open — candidates listed, the agenda approved and the ballot open for
  voting (the chair's demo passphrase is DEMO_BALLOT_PASSPHRASE, listed in the README).

Called at the end of nominations/demo.py (after the councils and their demo accounts exist);
everything goes through the services, so the audit log and timelines are real."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

DEMO_BALLOT_PASSPHRASE = "kiem phieu so tu phap ha noi"  # README, next to the accounts
LDTT, CSTDCS = "lao_dong_tien_tien", "chien_si_thi_dua_co_so"
ACHIEVEMENT = ("Hoàn thành tốt nhiệm vụ được giao năm {year}; chấp hành tốt chủ trương, chính "
               "sách của Đảng, pháp luật của Nhà nước; tích cực tham gia phong trào thi đua "
               "của Sở.")


def _bases(award_code: str, day: datetime.date) -> str:
    """The legal bases the decision page offers (the catalogue's documents by full number,
    date and issuer), as the head would leave them."""
    from .config import award_config

    rule = award_config(award_code, day)
    return "\n".join([f"Căn cứ {b};" for b in (rule.legal_bases if rule else [])]
                     + ["Xét đề nghị của Hội đồng Thi đua – Khen thưởng Sở Tư pháp."])


def _pdf(name: str) -> SimpleUploadedFile:
    from .demo import _demo_pdf

    return SimpleUploadedFile(name, _demo_pdf(), "application/pdf")


def _attach(officer, nomination) -> None:
    from . import services
    from .services.unit_rounds import unit_dossier

    for item in unit_dossier(nomination):
        if not item["present"]:
            services.add_attachment(officer, nomination, item["kind"],
                                    _pdf(f"{item['kind']}.pdf"))


# Staff of STP-01 added by this demo (the scaled people demo leaves the Sở a dozen people,
# most of them on the Ministry round's nominations): (name, gender, division, rating last year).
FINISHED = [
    ("Nguyễn Thị Thu Hà", "female", "STP-01-VP", "HTXSNV"),
    ("Trần Văn Dũng", "male", "STP-01-XDKT", "HTXSNV"),
    ("Lê Thị Hương", "female", "STP-01-PBTD", "HTXSNV"),
    ("Phạm Quốc Khánh", "male", "STP-01-HCBT", "HTTNV"),
    ("Hoàng Thị Ngọc Ánh", "female", "STP-01-TGPL", "HTTNV"),
    ("Vũ Đức Thắng", "male", "STP-01-DGTS", "HTTNV"),
    ("Đặng Thị Minh Nguyệt", "female", "STP-01-VP", "HTTNV"),
    ("Bùi Văn Long", "male", "STP-01-XDKT", "HTTNV"),
]
CURRENT = [
    ("Ngô Thị Lan", "female", "STP-01-HCBT", "HTXSNV"),
    ("Đinh Văn Hùng", "male", "STP-01-PBTD", "HTTNV"),
    ("Dương Thị Thảo", "female", "STP-01-TGPL", "HTTNV"),
    ("Lý Minh Tuấn", "male", "STP-01-VP", "HTTNV"),
]


def _register(person, year, title) -> None:
    """The person's individual registration in the year's regular movement their unit took
    part in (the engine requires one where the unit registered)."""
    from tdkt.movements.models import IndividualRegistration, Registration

    path = person.unit.path
    registration = next(
        (r for r in Registration.objects.filter(
            movement__year=year, movement__kind="regular").select_related("unit")
         if path.startswith(r.unit.path)), None)
    if registration is not None:
        IndividualRegistration.objects.get_or_create(registration=registration, person=person,
                                                     defaults={"title": title})


def _staff(rows, year, first_index):
    """Create the demo's staff with their ratings of `year` and `year - 1` (and, for the
    first, CSTĐ cơ sở the year before: two running years make the Minister's certificate
    due once the round decides the second)."""
    from tdkt.history.models import AwardType, PersonRating, PersonTitle
    from tdkt.organisation.models import Unit
    from tdkt.people.models import Person

    units = {u.code: u for u in Unit.objects.filter(code__in={r[2] for r in rows})}
    cstd = AwardType.objects.get(code=CSTDCS)
    people = []
    for offset, (name, gender, unit_code, rating) in enumerate(rows):
        i = first_index + offset
        person = Person(
            full_name=name, gender=gender, unit=units[unit_code], position="Chuyên viên",
            date_of_birth=datetime.date(1980 + i % 15, 1 + i % 12, 1 + i % 27),
            id_number=f"0013990{i:05d}", joined_sector_on=datetime.date(2010 + i % 8, 9, 1),
        ).prepare()
        person.save()
        for y in (year - 1, year):
            PersonRating.objects.create(person=person, year=y, rating=rating)
            _register(person, y, CSTDCS if rating == "HTXSNV" else LDTT)
        if offset == 0:
            PersonTitle.objects.create(person=person, year=year - 1, award=cstd,
                                       decision_number="12/QĐ-STP",
                                       decision_date=datetime.date(year, 1, 20),
                                       issuer="Giám đốc Sở Tư pháp thành phố Hà Nội")
        people.append(person)
    return people


def _ballot(meeting, officer, chair, voters, choices_for, close: bool) -> None:
    """The officer marks every member present; the chair opens the sealed ballot with the
    demo passphrase; `voters` cast choices_for(member) -> {item id: agree}; the chair tallies
    when `close` (members who did not vote counted per the council's rules, confirmed)."""
    from . import services
    from .councils import current_members

    members = list(current_members(meeting.council).values_list("user_id", flat=True))
    services.set_attendance(officer, meeting, members)
    services.open_voting(chair, meeting, passphrase=DEMO_BALLOT_PASSPHRASE,
                         passphrase_again=DEMO_BALLOT_PASSPHRASE)
    for member in voters:
        services.cast_ballot(member, meeting, choices_for(member))
    if close:
        services.close_meeting(chair, meeting, passphrase=DEMO_BALLOT_PASSPHRASE,
                               confirm_missing=True)


def seed(ctx) -> None:
    from tdkt.accounts.models import User
    from tdkt.eligibility import services as eligibility
    from tdkt.organisation.models import Unit

    from .councils import current_council, current_members
    from .services import unit_rounds as ur

    stp = Unit.objects.get(code="STP-01")
    users = {u.username: u for u in User.objects.filter(
        username__in=["canbo.stp01", "lanhdao.stp01"])}
    last = ctx.year - 1
    council = current_council(stp, datetime.date(last + 1, 1, 15))
    if len(users) < 2 or council is None:
        ctx.say("  unit rounds: thiếu tài khoản demo hoặc Hội đồng của STP-01, bỏ qua.")
        return
    officer, head = users["canbo.stp01"], users["lanhdao.stp01"]
    seats = list(current_members(council).select_related("user").order_by("id"))
    chair = next((s.user for s in seats if s.position == "chair"), seats[0].user)
    members = [s.user for s in seats]

    # --- the last complete year: finished ---------------------------------------------------
    people = _staff(FINISHED, last, 1)
    ids = {p.pk for p in people}
    excellent = {p.pk for p, row in zip(people, FINISHED, strict=True) if row[3] == "HTXSNV"}
    opened_on = datetime.date(last + 1, 1, 5)
    award_round = ur.open_unit_round(officer, stp, last, today=opened_on)
    sweep = eligibility.start_sweep(officer, stp, last)
    eligibility.run_sweep(sweep, progress_every=10_000, workers=1)
    _, entries = ur.due_candidates(award_round)
    wanted = [e.pk for e in entries if e.person_id in ids and (
        e.award == LDTT or (e.award == CSTDCS and e.person_id in excellent))]
    ur.add_candidates_from_due_list(officer, award_round, wanted)
    # Giấy khen of the Director for a division and one of its staff (printed from the same
    # decision as the titles).
    from . import services

    listing = ur.unit_list(award_round)
    division = Unit.objects.get(code="STP-01-HCBT")
    services.add_nomination(
        officer, listing, award_code="giay_khen", subject_kind="collective", unit=division,
        achievement=f"Hoàn thành xuất sắc nhiệm vụ năm {last}: giải quyết đúng hạn 100% hồ sơ "
                    "hành chính tư pháp, không để tồn đọng.", attested=True)
    services.add_nomination(
        officer, listing, award_code="giay_khen", subject_kind="individual",
        person=people[3], attested=True,
        achievement=f"Có thành tích xuất sắc trong công tác bổ trợ tư pháp năm {last}.")
    for nom in award_round.nominations.all():
        _attach(officer, nom)
    held_on = datetime.date(last + 1, 1, 15)
    meeting = ur.approve_agenda(head, award_round, held_on=held_on,
                                place="Phòng họp tầng 3, Sở Tư pháp Hà Nội",
                                starts_at=datetime.time(8, 30), today=opened_on)
    items = list(meeting.items.select_related("nomination").order_by("position"))
    # One CSTĐ cơ sở falls short of the council's threshold (80 % of all members): 3 of 5.
    refused = next((i.pk for i in reversed(items) if i.nomination.award_code == CSTDCS), None)

    def choices(member):
        return {i.pk: not (i.pk == refused and member in members[3:]) for i in items}

    _ballot(meeting, officer, chair, members, choices, close=True)
    decided_on = datetime.date(last + 1, 1, 20)
    ur.settle_results(officer, award_round, today=decided_on)
    approved = list(award_round.nominations.filter(status="approved"))
    titles = {LDTT: "Về việc công nhận danh hiệu “Lao động tiên tiến” năm {year}",
              CSTDCS: "Về việc công nhận danh hiệu “Chiến sĩ thi đua cơ sở” năm {year}",
              "giay_khen": "Về việc tặng Giấy khen của Giám đốc Sở Tư pháp năm {year}"}
    numbers = []
    for code in award_round.award_codes:  # one decision per award, in the round's order
        group = [n for n in approved if n.award_code == code]
        if not group:
            continue
        decision = ur.issue_unit_decision(
            head, award_round, group, signed_on=decided_on,
            signer_name=head.get_full_name() or "Giám đốc Sở",
            title=titles.get(code, "Về việc khen thưởng năm {year}").format(year=last),
            legal_bases=_bases(code, decided_on), today=decided_on)
        numbers.append(f"{decision.number_display} ({len(group)})")
    ctx.say(f"  unit rounds: STP-01 năm {last}: Quyết định số {', '.join(numbers)}.")
    award_round.closed = True
    award_round.save(update_fields=["closed"])

    # --- the current year: ballot open ------------------------------------------------------
    today = datetime.date.today()
    current = ur.open_unit_round(officer, stp, ctx.year, today=today)
    listing = ur.unit_list(current)
    for person in _staff(CURRENT, ctx.year, 20):
        nom = services.add_nomination(
            officer, listing, award_code=LDTT, subject_kind="individual", person=person,
            achievement=ACHIEVEMENT.format(year=ctx.year), attested=True)
        _attach(officer, nom)
    meeting = ur.approve_agenda(head, current, held_on=today,
                                place="Phòng họp tầng 3, Sở Tư pháp Hà Nội",
                                starts_at=datetime.time(14, 0), today=today)
    items = list(meeting.items.all())
    _ballot(meeting, officer, chair, members[:2], lambda m: {i.pk: True for i in items},
            close=False)
    ctx.say(f"  unit rounds: STP-01 năm {ctx.year}: đang bỏ phiếu ({len(items)} nội dung); "
            f"cụm mật khẩu kiểm phiếu demo của Chủ tịch: “{DEMO_BALLOT_PASSPHRASE}”.")
