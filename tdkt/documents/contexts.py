"""From database rows to the plain data of word.py / certificates.py (a few queries each,
whatever the number of awardees)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone

from tdkt.core.text import vietnamese_sort_key, vietnamese_text_key
from tdkt.history.models import AwardType, Rating
from tdkt.history.selectors import load_person_records, load_unit_records
from tdkt.organisation.identity import document_header, head_name, identity_for, place_for
from tdkt.organisation.models import Unit

from . import certificates as cert
from . import formats as f
from . import word
from .awardees import Agencies
from .models import Certificate

RATING_NAMES = dict(Rating.choices)
REPORT_YEARS = 5


def award_names(codes) -> dict[str, str]:
    codes = set(codes)
    names = dict(AwardType.objects.filter(code__in=codes).values_list("code", "name"))
    missing = codes - set(names)
    if missing:
        from tdkt.nominations.config import award_choices

        names.update(award_choices(sorted(missing)))
    return names


def parent_names(units) -> dict[int, str]:
    """unit id -> its parent's name, in one query."""
    step = Unit.steplen
    wanted = {u.pk: u.path[:-step] for u in units if u is not None and len(u.path) > step}
    by_path = dict(
        Unit.objects.filter(path__in=set(wanted.values())).values_list("path", "name")
    )
    return {pk: by_path.get(path, "") for pk, path in wanted.items()}


# Titles whose standard is completing the tasks well (Law 06/2022 art. 24, 27), not an
# outstanding achievement.
GOOD_WORK_TITLES = frozenset({"lao_dong_tien_tien", "tap_the_lao_dong_tien_tien"})


def achievement_phrase(decision, award_codes=()) -> str:
    award_round = decision.round
    year = award_round.year if award_round else decision.year - 1
    if award_codes and set(award_codes) <= GOOD_WORK_TITLES and decision.method == "regular":
        return f"đã hoàn thành tốt nhiệm vụ được giao năm {year}"
    if decision.method == "thematic" and award_round and award_round.movement_title:
        return (f"đã có thành tích xuất sắc trong Phong trào thi đua "
                f"“{award_round.movement_title}”")
    if decision.method == "sudden":
        return "đã có thành tích xuất sắc đột xuất"
    if decision.method == "dedication":
        return "đã có nhiều đóng góp cho sự nghiệp xây dựng và phát triển ngành Tư pháp"
    return f"đã có thành tích xuất sắc trong thực hiện nhiệm vụ công tác năm {year}"


def _awardees(decision):
    return list(
        decision.awardees.select_related("person__unit", "unit").order_by("position", "pk")
    )


def _recipient(awardee, agencies: Agencies) -> word.Recipient:
    """An awardee as written everywhere (awardees.py): agency resolved from `agencies`."""
    if awardee.subject_kind == "collective":
        return word.Recipient("collective", awardee.subject_name,
                              unit_name=agencies.above(awardee.unit) if awardee.unit_id else "",
                              award_name=awardee.award_name)
    unit = awardee.person.unit if awardee.person_id else awardee.unit
    return word.Recipient(
        "individual", awardee.subject_name,
        gender=awardee.person.gender if awardee.person_id else "",
        position=awardee.position_title, unit_name=awardee.unit_name,
        award_name=awardee.award_name, agency=agencies.of(unit),
    )


def _agencies(awardees) -> Agencies:
    return Agencies([a.person.unit if a.person_id else a.unit for a in awardees])


def decision_data(decision, awardees=None) -> word.DecisionData:
    awardees = _awardees(decision) if awardees is None else awardees
    awardees = [a for a in awardees if not a.revoked]
    parents = parent_names([decision.issuer])
    # A unit with a document identity (Sở, THADS) heads its decisions with its parent body
    # ("UBND THÀNH PHỐ HÀ NỘI") and its own place, not its tree parent (a cluster of units).
    header = document_header(decision.issuer) if decision.issuer_code != "BTP" else {}
    agencies = _agencies(awardees)
    names = f.award_names_once(a.award_name for a in awardees)
    kinds = dict(AwardType.objects.filter(code__in={a.award_code for a in awardees})
                 .values_list("code", "kind"))
    is_title = bool(awardees) and all(kinds.get(a.award_code) == "title" for a in awardees)
    return word.DecisionData(
        number=decision.number_display, signed_on=decision.signed_on,
        issuer_name=decision.issuer.name, own_name=header.get("own_name", ""),
        authority=decision.issuer_title,
        signer_name=decision.signer_name, signer_title=decision.signer_title,
        subject=decision.title, bases=decision.legal_bases,
        award_name=", ".join(names) or "…", award_is_title=is_title,
        achievement=achievement_phrase(decision, [a.award_code for a in awardees]),
        parent_body=header.get("parent_body") or parents.get(decision.issuer_id, ""),
        place=header.get("place") or word.place_of(decision.issuer.name),
        issuer_code=decision.issuer_code,
        recipients=[_recipient(a, agencies) for a in awardees],
    )


# --- certificates -------------------------------------------------------------------------


def ensure_certificates(awardees) -> dict[int, Certificate]:
    """The certificate row (verification code) of each awardee, created when missing."""
    ids = [a.pk for a in awardees]
    existing = {c.awardee_id: c for c in Certificate.objects.filter(awardee_id__in=ids)}
    from .models import new_code

    missing = []
    for a in awardees:
        if a.pk not in existing:
            register = f"{a.decision.year}.{a.decision.sequence:03d}.{a.position:04d}"
            missing.append(Certificate(awardee=a, code=new_code(), register_number=register))
    if missing:
        Certificate.objects.bulk_create(missing, ignore_conflicts=True)
        existing = {c.awardee_id: c for c in Certificate.objects.filter(awardee_id__in=ids)}
    return existing


def verify_url(base_url: str, code: str) -> str:
    from django.urls import reverse

    base = (base_url or getattr(settings, "PUBLIC_BASE_URL", "") or "").rstrip("/")
    return f"{base}{reverse('documents_public:verify', args=[code])}"


def certificate_items(decision, awardees, base_url: str) -> list[cert.CertificateData]:
    awardees = [a for a in awardees if not a.revoked]
    for a in awardees:
        a.decision = decision
    codes = ensure_certificates(awardees)
    sign_1, sign_2 = word.signing_lines(decision.issuer_title, decision.signer_title)
    place = place_for(decision.issuer, default=word.place_of(decision.issuer.name))
    items = []
    # The recipient line names the agency (unit with legal status) after the department.
    agencies = _agencies(awardees)
    for a in awardees:
        designation = _recipient(a, agencies).designation
        certificate = codes[a.pk]
        achievement = achievement_phrase(decision, [a.award_code])
        achievement = achievement[0].upper() + achievement[1:]
        items.append(cert.CertificateData(
            kind=cert.certificate_kind(a.award_code), verb=cert.verb_for(a.award_code),
            authority=decision.issuer_title,
            award_title=cert.award_title(a.award_code, a.award_name),
            recipient=designation.name, detail=designation.detail, achievement=achievement,
            decision_number=decision.number_display, decision_date=decision.signed_on,
            register_number=certificate.register_number, place=place,
            signer_title=(sign_1, sign_2), signer_name=decision.signer_name,
            verify_url=verify_url(base_url, certificate.code), code=certificate.code,
        ))
    return items


def layouts() -> dict[str, dict]:
    from .models import CertificateLayout

    return {row.kind: row.fields for row in CertificateLayout.objects.all()}


# --- submission, minutes --------------------------------------------------------------------


def submission_data(submission) -> word.SubmissionData:
    nominations = sorted(
        submission.nominations.select_related("person__unit", "unit"),
        key=lambda n: (n.subject_kind != "collective", vietnamese_text_key(n.subject_name)
                       if n.subject_kind == "collective" else vietnamese_sort_key(n.subject_name),
                       n.pk),
    )
    names = award_names(n.award_code for n in nominations)
    parents = parent_names([submission.unit])
    agencies = Agencies([n.person.unit if n.person_id else n.unit for n in nominations])
    recipients = []
    for n in nominations:
        if n.subject_kind == "collective" or not n.person_id:
            recipients.append(word.Recipient(
                "collective", n.subject_name,
                unit_name=agencies.above(n.unit) if n.unit_id else "",
                award_name=names.get(n.award_code, n.award_code),
                achievement=n.achievement))
        else:
            recipients.append(word.Recipient(
                "individual", n.subject_name, gender=n.person.gender,
                position=n.person.position, unit_name=n.person.unit.name,
                agency=agencies.of(n.person.unit),
                award_name=names.get(n.award_code, n.award_code), achievement=n.achievement))
    header = {
        "parent_body": parents.get(submission.unit_id, ""),
        "place": word.place_of(submission.unit.name),
        # the unit's document identity (organisation.identity) wins where it has one
        **document_header(submission.unit),
    }
    return word.SubmissionData(
        number=submission.number, submitted_on=submission.submitted_on,
        unit_name=submission.unit.name, title=submission.title,
        round_name=submission.round.name, recipients=recipients, **header,
    )


def _user_name(user) -> str:
    return user.get_full_name() or user.username


def minutes_data(meeting) -> word.MinutesData:
    """The minutes of a council meeting: the council's unit heads the document (its own
    name over "Hội đồng Thi đua - Khen thưởng"), its number from the unit's series, the
    members in the roster with their seats, and each award's threshold with its source."""
    from tdkt.nominations.councils import (
        FROM_COUNCIL,
        UNSET,
        ThresholdRule,
        council_thresholds,
        quorum_wording,
    )
    from tdkt.nominations.models import CouncilMember, CouncilPosition
    from tdkt.nominations.selectors import council_sorted

    council = meeting.council
    items = list(meeting.items.select_related("nomination").order_by("position", "pk"))
    names = award_names(i.nomination.award_code for i in items)
    attendance = {a.user_id: a for a in meeting.attendance.select_related("user__person")}
    seats = {}
    for seat in CouncilMember.objects.filter(council=council).select_related(
            "user__person").order_by("left_on", "pk"):
        seats.setdefault(seat.user_id, seat)  # the current seat before a former one
    roster = [s for s in seats.values() if s.user_id in attendance] or [
        s for s in seats.values() if s.left_on is None]
    members = []
    chair = secretary = ""
    for seat in council_sorted(roster):
        label = CouncilPosition(seat.position).label
        row = attendance.get(seat.user_id)
        members.append((_user_name(seat.user), label, bool(row and row.present)))
        if seat.position == CouncilPosition.CHAIR:
            chair = _user_name(seat.user)
        if seat.position == CouncilPosition.SECRETARY:
            secretary = _user_name(seat.user)
    rows = []
    for i in items:
        base = i.base_count or (meeting.members_total if i.denominator == "all"
                                else meeting.present_count)
        rows.append(word.VoteRow(
            name=i.nomination.subject_name,
            award_name=names.get(i.nomination.award_code, i.nomination.award_code),
            agree=i.agree, disagree=i.disagree, base=base or 0,
            passed=None if i.result == "pending" else i.result == "passed",
            proposal=getattr(i, "purpose", "decide") == "propose",
        ))
    # Each award's rule once: as applied at the tally when it was stored, else as it stands.
    codes = list(dict.fromkeys(i.nomination.award_code for i in items))
    current = council_thresholds(council, codes, meeting.held_on) if council else {}
    rules = {}
    for i in items:
        code = i.nomination.award_code
        if code in rules:
            continue
        if i.threshold_percent:
            regulated = bool(i.rule_source) and i.rule_status != UNSET
            rules[code] = ThresholdRule(
                code, names.get(code, code), i.threshold_percent, i.denominator or "all",
                i.rule_source if regulated else "", FROM_COUNCIL if regulated else UNSET)
        else:
            rules[code] = current[code]
    rule = ""
    if rules:
        rule = ("Hội đồng bỏ phiếu kín đối với từng trường hợp; trường hợp được đề nghị khi đạt "
                "tỷ lệ phiếu đồng ý tối thiểu như sau:")
    unit = council.unit if council else None
    header = document_header(unit) if unit else {}
    # The meeting's start hour; else the hour voting opened when that was on the meeting day
    # (a ballot opened another day says nothing of when the meeting began: blanks to fill).
    opened = timezone.localtime(meeting.opened_at) if meeting.opened_at else None
    started = meeting.starts_at or (
        opened.time() if opened and opened.date() == meeting.held_on else None)
    symbol = council.minutes_symbol if council else "BB-HĐTĐKT"
    return word.MinutesData(
        title=meeting.title, held_on=meeting.held_on, place=meeting.place,
        members_total=meeting.members_total or len(members), present=meeting.present_count,
        members=members, items=rows, threshold_text=rule, chair=chair, secretary=secretary,
        rules=[r.sentence_vi for r in rules.values()],
        council_name=council.name if council else "",
        started_at=started,
        number=meeting.minutes_number or f"…/{symbol}",
        parent_body=unit.name if unit else "Bộ Tư pháp",
        place_name=header.get("place") or (place_for(unit) if unit else "Hà Nội"),
        quorum_text=(f"Số thành viên có mặt tối thiểu: {quorum_wording(council)}."
                     if council else ""),
    )


# --- achievement reports ----------------------------------------------------------------------


def _decision_text(entry) -> str:
    parts = []
    if entry.decision_number:
        parts.append(f"Quyết định số {f.decision_number(entry.decision_number)}")
    if entry.decision_date:
        parts.append(f"ngày {entry.decision_date:%d/%m/%Y}")
    text = " ".join(parts)
    if entry.issuer:
        text = f"{text}; {entry.issuer}" if text else entry.issuer
    return text


def _years(until: int) -> range:
    return range(until - REPORT_YEARS + 1, until + 1)


def individual_report_data(person, award_name: str, until: int,
                           today: datetime.date | None = None) -> word.IndividualReportData:
    years = _years(until)
    record = load_person_records([person.pk], years=(years.start, years.stop - 1))[person.pk]
    parents = parent_names([person.unit])
    scope_names = {"co_so": "cơ sở", "bo": "cấp Bộ", "toan_quoc": "toàn quốc"}
    return word.IndividualReportData(
        name=person.full_name, award_name=award_name, unit_name=person.unit.name,
        parent_body=parents.get(person.unit_id, ""), position=person.position,
        gender=person.gender, date_of_birth=person.date_of_birth,
        joined_on=person.joined_sector_on,
        ratings=[word.RecordLine(y, RATING_NAMES.get(r, r))
                 for y, r in sorted(record.ratings.items()) if y in years],
        initiatives=[
            word.RecordLine(i.year, f"{i.title} (phạm vi {scope_names.get(i.scope, i.scope)})",
                            f.decision_number(i.decision_number) if i.decision_number else "")
            for i in sorted(record.initiatives, key=lambda i: (i.year, i.id)) if i.year in years
        ],
        titles=[word.RecordLine(t.year, t.name, _decision_text(t))
                for t in sorted(record.titles, key=lambda t: (t.year, t.id)) if t.year in years],
        awards=[word.RecordLine(a.year, a.name, _decision_text(a))
                for a in sorted(record.awards, key=lambda a: (a.year, a.id)) if a.year in years],
        report_date=today or datetime.date.today(),
        place=place_for(person.unit, default=word.place_of(person.unit.name)),
        ethnicity=person.ethnicity, home_town=person.home_town, residence=person.residence,
        political_theory=person.political_theory, qualification=person.qualification,
        academic_title=person.academic_title,
    )


def collective_report_data(unit, award_name: str, until: int,
                           today: datetime.date | None = None) -> word.CollectiveReportData:
    years = _years(until)
    record = load_unit_records([unit], years=(years.start, years.stop - 1))[unit.pk]
    parents = parent_names([unit])
    rows = []
    for y in years:
        counts = record.members.get(y)
        rows.append(word.UnitYear(
            year=y, rating=RATING_NAMES.get(record.ratings.get(y), "") or "",
            members=counts.members if counts else 0,
            excellent=counts.excellent if counts else 0,
            ldtt=counts.lao_dong_tien_tien if counts else 0,
            cstd=counts.chien_si_thi_dua_co_so if counts else 0,
        ))
    # a unit with its own document identity (a Sở, a THADS office) heads its report with
    # its parent body ("UBND THÀNH PHỐ HÀ NỘI") and names its head; a department keeps its Sở
    identity = identity_for(unit)
    own_header = {}
    if identity is not None and identity.unit_id == unit.pk:
        own_header = {"parent_body": identity.parent_body, "head_name": head_name(identity)}
    latest = record.members.get(until) or (record.members[max(record.members)]
                                           if record.members else None)
    return word.CollectiveReportData(
        name=unit.name, award_name=award_name,
        parent_body=own_header.pop("parent_body", parents.get(unit.pk, "")),
        member_count=latest.members if latest else 0, years=rows,
        titles=[word.RecordLine(t.year, t.name, _decision_text(t))
                for t in sorted(record.titles, key=lambda t: (t.year, t.id)) if t.year in years],
        awards=[word.RecordLine(a.year, a.name, _decision_text(a))
                for a in sorted(record.awards, key=lambda a: (a.year, a.id)) if a.year in years],
        report_date=today or datetime.date.today(),
        place=place_for(unit, default=word.place_of(unit.name)), **own_header,
    )
