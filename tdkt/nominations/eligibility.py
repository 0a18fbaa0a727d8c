"""Seam to the eligibility engine. Uses the eligibility app's DB-fed service
(`tdkt.eligibility.services.evaluate_person/evaluate_unit`) when present; otherwise builds
a `tdkt.rules.Case` from the history tables here. Returns the engine result as a dict
(`Result.to_dict()`), which is what nominations store as snapshots."""

from __future__ import annotations

import datetime

from tdkt.rules import Case, Conferral, Discipline, Initiative, Subject, evaluate

ENGINE_METHODS = {"regular", "thematic", "sudden", "dedication"}


def evaluate_subject(nomination, as_of: datetime.date | None = None) -> dict:
    try:
        return _evaluate(nomination, as_of).to_dict()
    except Exception as exc:  # the snapshot must never block the workflow
        return {
            "verdict": "needs_review",
            "award": nomination.award_code,
            "year": nomination.year,
            "rules_version": "",
            "checks": [{"rule": "engine_error", "met": None, "status": "chưa xác minh",
                        "why": f"Không chạy được bộ kiểm tra điều kiện: {exc}", "source": ""}],
            "warnings": [],
        }


def _evaluate(nomination, as_of):
    try:
        from tdkt.eligibility import services
    except ImportError:  # pragma: no cover
        services = None
    if nomination.person_id:
        if services is not None and hasattr(services, "evaluate_person"):
            return services.evaluate_person(
                nomination.person, nomination.award_code, nomination.year, as_of=as_of,
                attested=nomination.attested,
            )
        return evaluate(person_case(nomination, as_of))
    if services is not None and hasattr(services, "evaluate_unit"):
        return services.evaluate_unit(
            nomination.unit, nomination.award_code, nomination.year, as_of=as_of,
            attested=nomination.attested,
        )
    return evaluate(unit_case(nomination, as_of))


def person_case(nomination, as_of=None) -> Case:
    """Fallback case from the history tables (used only without the eligibility app)."""
    person = nomination.person
    return Case(
        award=nomination.award_code,
        year=nomination.year,
        as_of=as_of,
        subject=Subject("individual", person.gender, person.joined_sector_on),
        ratings={r.year: r.rating for r in person.ratings.all()},
        titles=tuple(Conferral(t.award.code, t.year) for t in person.titles.select_related(
            "award")),
        awards=tuple(
            Conferral(a.award.code, a.year, a.method if a.method in ENGINE_METHODS else "other")
            for a in person.awards.select_related("award")
        ),
        initiatives=tuple(Initiative(i.year, i.scope, i.kind) for i in person.initiatives.all()),
        disciplines=tuple(
            Discipline(d.form, d.decided_on, d.ends_on) for d in person.disciplines.all()
        ),
        pending_proceedings=person.proceedings.filter(closed_on__isnull=True).exists(),
        attested=nomination.attested,
    )


def unit_case(nomination, as_of=None) -> Case:
    unit = nomination.unit
    return Case(
        award=nomination.award_code,
        year=nomination.year,
        as_of=as_of,
        subject=Subject("collective"),
        ratings={r.year: r.rating for r in unit.ratings.all()},
        titles=tuple(Conferral(t.award.code, t.year) for t in unit.titles.select_related("award")),
        awards=tuple(
            Conferral(a.award.code, a.year, a.method if a.method in ENGINE_METHODS else "other")
            for a in unit.awards.select_related("award")
        ),
        attested=nomination.attested,
    )
