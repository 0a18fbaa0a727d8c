"""Decisions (quyết định khen thưởng): numbering, history writing, issuing, revocation
and re-check."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse

from tdkt.audit.services import record
from tdkt.core.text import vietnamese_sort_key, vietnamese_text_key

from ..config import award_config
from ..eligibility import evaluate_subject
from ..models import (
    ROUND_METHOD,
    Awardee,
    Decision,
    DecisionCounter,
    Nomination,
    RevocationGround,
    Status,
    SubjectKind,
)
from .common import _move, _today, notify, require_dept


def allocate_number(issuer_code: str, year: int) -> int:
    """Next number of the issuer's yearly series. Must run inside a transaction; the counter
    row is locked (SELECT … FOR UPDATE; SQLite serialises writers) until it commits."""
    try:
        with transaction.atomic():
            DecisionCounter.objects.get_or_create(issuer_code=issuer_code, year=year)
    except IntegrityError:
        pass  # created concurrently
    counter = DecisionCounter.objects.select_for_update().get(issuer_code=issuer_code, year=year)
    counter.last = F("last") + 1
    counter.save(update_fields=["last"])
    counter.refresh_from_db(fields=["last"])
    return counter.last


def _history_models(is_title: bool, individual: bool):
    from tdkt.history import models as h

    if is_title:
        return h.PersonTitle if individual else h.UnitTitle
    return h.PersonAward if individual else h.UnitAward


def _award_type(code: str, rule):
    from tdkt.history.models import AwardType

    award_type = AwardType.objects.filter(code=code).first()
    if award_type is None:
        award_type = AwardType.objects.create(
            code=code, name=rule.name, kind="title" if rule.is_title else "form",
            subject=rule.recipient or "individual_or_collective", level=rule.level or "bo",
        )
    return award_type


def _write_history(awardee: Awardee, decision: Decision, rule, nomination) -> str:
    """Write the award into the person's or unit's history (seam: history services)."""
    award_type = _award_type(awardee.award_code, rule)
    individual = awardee.subject_kind == SubjectKind.INDIVIDUAL
    model = _history_models(award_type.kind == "title", individual)
    subject = {"person": awardee.person} if individual else {"unit": awardee.unit}
    if model.objects.filter(year=awardee.year, award=award_type, **subject).exists():
        raise ValidationError(
            f"{awardee.subject_name}: hồ sơ đã có {award_type.name} năm {awardee.year}."
        )
    values = {
        "year": awardee.year, "award": award_type, "decision_number": decision.number_display,
        "decision_date": decision.signed_on, "issuer": decision.issuer_title, **subject,
    }
    if award_type.kind != "title":
        values["method"] = decision.method
    row = model.objects.create(**values)
    if individual:
        field = "used_for_title" if award_type.kind == "title" else "used_for"
        nomination.initiatives.filter(used_for__isnull=True, used_for_title__isnull=True) \
            .update(**{field: row})
    return f"{model._meta.label_lower}:{row.pk}"


@transaction.atomic
def issue_decision(actor, *, issuer, nominations, signed_on, signer_name: str,
                   signer_title: str, title: str, legal_bases: str, issuer_code: str = "BTP",
                   issuer_title: str = "Bộ trưởng Bộ Tư pháp", today=None) -> Decision:
    """The Ministry's decision (the emulation department issues it)."""
    require_dept(actor)
    return issue_with_issuer(
        actor, issuer=issuer, nominations=nominations, signed_on=signed_on,
        signer_name=signer_name, signer_title=signer_title, title=title,
        legal_bases=legal_bases, issuer_code=issuer_code, issuer_title=issuer_title,
        today=today)


@transaction.atomic
def issue_with_issuer(actor, *, issuer, nominations, signed_on, signer_name: str,
                      signer_title: str, title: str, legal_bases: str, issuer_code: str,
                      issuer_title: str, today=None, move=None, symbol: str = "") -> Decision:
    """Issue a decision numbered "N/QĐ-<symbol>" in the issuer's yearly series and write
    each award into history. `issuer_code` names the series (one per issuing body: the unit's
    code, "BTP" for the Ministry) and `symbol` the abbreviation printed in the number (default
    the code): the 34 Sở Tư pháp all write "QĐ-STP", each in its own series. The caller has
    checked the actor's authority; `move(nomination,
    note)` takes each nomination to DECIDED (default: the Ministry's status machine; a unit's
    round passes its own, services/unit_rounds.py)."""
    today = _today(today)
    nominations = list(
        Nomination.objects.select_for_update(of=("self",))
        .filter(pk__in=[n.pk for n in nominations])
        .select_related("person__unit", "unit", "round", "disclosure", "proposing_unit")
        .order_by("proposing_unit__path", "award_code", "subject_name", "pk")
    )
    # The list's order (its STT): by proposing unit and award, collectives first, then people
    # by Vietnamese collation (given name, then family and middle names; Đ after D).
    nominations.sort(key=lambda n: (
        n.proposing_unit.path, n.award_code, n.subject_kind != "collective",
        vietnamese_text_key(n.subject_name) if n.subject_kind == "collective"
        else vietnamese_sort_key(n.subject_name), n.pk))
    if not nominations:
        raise ValidationError("Chọn ít nhất một hồ sơ được đề nghị khen thưởng.")
    problems = []
    for nom in nominations:
        if nom.status != Status.APPROVED:
            problems.append(f"{nom.subject_name}: hồ sơ chưa được đề nghị khen thưởng "
                            f"(đang “{nom.get_status_display()}”).")
        elif nom.disclosure and not nom.disclosure.has_ended(today):
            problems.append(f"{nom.subject_name}: chưa hết thời gian công khai "
                            f"(đến hết ngày {nom.disclosure.ends_on:%d/%m/%Y}).")
    rounds = {nom.round_id for nom in nominations}
    if len(rounds) > 1:
        problems.append("Một quyết định chỉ gồm hồ sơ của cùng một đợt xét khen thưởng.")
    if problems:
        raise ValidationError(problems)
    award_round = nominations[0].round
    year = signed_on.year
    sequence = allocate_number(issuer_code, year)
    rules = {}
    decision = Decision.objects.create(
        issuer=issuer, issuer_code=issuer_code, issuer_title=issuer_title, year=year,
        sequence=sequence, number=f"{sequence}/QĐ-{symbol or issuer_code}",
        signed_on=signed_on,
        signer_name=signer_name.strip(), signer_title=signer_title.strip(), title=title.strip(),
        legal_bases=legal_bases.strip(), round=award_round,
        method=ROUND_METHOD.get(award_round.kind, "regular"), issued_by=actor,
    )
    for position, nom in enumerate(nominations, start=1):
        rule = rules.get(nom.award_code) or award_config(nom.award_code, signed_on)
        rules[nom.award_code] = rule
        person = nom.person
        awardee = Awardee(
            decision=decision, nomination=nom, position=position, award_code=nom.award_code,
            award_name=rule.name, subject_kind=nom.subject_kind, person=person, unit=nom.unit,
            subject_name=nom.subject_name,
            position_title=person.position if person else "",
            unit_name=person.unit.name if person else nom.unit.name,
            proposing_unit=nom.proposing_unit, achievement=nom.achievement, year=nom.year,
        )
        awardee.history_ref = _write_history(awardee, decision, rule, nom)
        awardee.save()
        note = f"Quyết định số {decision.number_display}"
        if move is None:
            _move(actor, nom, Status.DECIDED, note=note, today=today)
        else:
            move(nom, note)
    decision.catalogue_version = next(iter(rules.values())).catalogue_version
    decision.save(update_fields=["catalogue_version"])
    record(actor, "decision.issue", decision,
           {"number": [None, decision.number], "awardees": len(nominations)})
    link = reverse("nominations:decision", args=[decision.pk])
    per_unit: dict = {}
    for nom in nominations:
        per_unit.setdefault(nom.proposing_unit, []).append(nom.subject_name)
    for unit, names in per_unit.items():
        notify(unit, f"Quyết định số {decision.number_display} ngày {signed_on:%d/%m/%Y}: "
                     f"khen thưởng {len(names)} trường hợp của đơn vị ({', '.join(names[:5])}"
                     f"{'…' if len(names) > 5 else ''}).", link)
    return decision


def _delete_history_row(ref: str) -> None:
    if not ref or ":" not in ref:
        return
    from django.apps import apps

    label, pk = ref.split(":", 1)
    model = apps.get_model(label)
    model.objects.filter(pk=pk).delete()


@transaction.atomic
def revoke_award(actor, awardee: Awardee, *, ground: str, reason: str, reference: str = "",
                 today=None) -> list[Awardee]:
    """Cancel an award (Luật TĐKT Điều 93 khoản 2): mark it revoked, take it out of the
    subject's history, and re-check later awards of the same subject that may have relied on
    it; those that no longer pass are flagged. Returns the flagged awardees."""
    require_dept(actor)
    today = _today(today)
    if ground not in RevocationGround.values:
        raise ValidationError("Chọn căn cứ hủy bỏ theo Điều 93 Luật Thi đua, khen thưởng.")
    if len((reason or "").strip()) < 5:
        raise ValidationError("Ghi rõ lý do hủy bỏ quyết định khen thưởng.")
    awardee = Awardee.objects.select_for_update().get(pk=awardee.pk)
    if awardee.revoked:
        raise ValidationError("Khen thưởng này đã bị hủy bỏ.")
    awardee.revoked = True
    awardee.revoked_on = today
    awardee.revocation_ground = ground
    awardee.revocation_reason = reason.strip()
    awardee.revocation_reference = reference.strip()
    awardee.save()
    _delete_history_row(awardee.history_ref)
    nomination = awardee.nomination
    _move(actor, nomination, Status.REVOKED,
          note=f"{RevocationGround(ground).label}: {reason.strip()}", today=today)
    record(actor, "award.revoke", awardee,
           {"revoked": [False, True], "ground": ground, "reference": reference})
    notify(awardee.proposing_unit,
           f"Hủy bỏ khen thưởng {awardee.award_name} năm {awardee.year} của "
           f"{awardee.subject_name} (Quyết định số {awardee.decision.number_display}).",
           reverse("nominations:decision", args=[awardee.decision_id]))
    return recheck_after_revocation(actor, awardee)


@transaction.atomic
def recheck_after_revocation(actor, revoked: Awardee) -> list[Awardee]:
    subject = ({"person_id": revoked.person_id} if revoked.person_id
               else {"unit_id": revoked.unit_id})
    later = (Awardee.objects.filter(revoked=False, year__gte=revoked.year, **subject)
             .exclude(pk=revoked.pk).select_related("decision", "nomination__person",
                                                    "nomination__unit"))
    flagged = []
    for other in later:
        if other.year == revoked.year and other.decision.signed_on < revoked.decision.signed_on:
            continue
        result = evaluate_subject(other.nomination, as_of=other.decision.signed_on)
        if result.get("verdict") == "eligible":
            continue
        failing = [c["why"] for c in result.get("checks", []) if c.get("met") is False]
        other.flagged = True
        other.flag_reason = (
            f"Khen thưởng {revoked.award_name} năm {revoked.year} "
            f"(QĐ {revoked.decision.number_display})"
            f" đã bị hủy bỏ ngày {revoked.revoked_on:%d/%m/%Y}; kiểm tra lại: "
            + ("; ".join(failing) if failing else "cần xem xét lại điều kiện.")
        )
        other.save(update_fields=["flagged", "flag_reason"])
        record(actor, "award.flag", other, {"flagged": [False, True]}, note=other.flag_reason)
        flagged.append(other)
    pending = Nomination.objects.filter(year__gte=revoked.year, **subject).exclude(
        status__in=[Status.DECIDED, Status.REVOKED, Status.NOT_APPROVED]
    ).select_related("person", "unit")
    for nom in pending:
        result = evaluate_subject(nom)
        if result.get("verdict") == "ineligible":
            nom.flag_note = (f"Khen thưởng {revoked.award_name} năm {revoked.year} đã bị hủy bỏ; "
                             "kết quả xét điều kiện hiện tại: không đủ điều kiện.")
            nom.save(update_fields=["flag_note"])
            record(actor, "nomination.flag", nom, {}, note=nom.flag_note)
    return flagged
