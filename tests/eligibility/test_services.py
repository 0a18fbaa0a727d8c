"""The engine fed from the database: one subject on demand, and the stored sweep."""

import datetime

import pytest
from openpyxl import load_workbook  # noqa: F401  (used in view tests)

from tdkt.eligibility import services
from tdkt.eligibility.models import DueCategory, Sweep, SweepEntry, SweepStatus
from tdkt.history import models as h
from tdkt.organisation.models import Unit
from tests.factories import make_person

pytestmark = pytest.mark.django_db


def award(code):
    return h.AwardType.objects.get(code=code)


def give_record(person, ratings: dict[int, str], titles: dict[int, list[str]] | None = None):
    h.PersonRating.objects.bulk_create(
        h.PersonRating(person=person, year=y, rating=r) for y, r in ratings.items()
    )
    for year, codes in (titles or {}).items():
        for code in codes:
            h.PersonTitle.objects.create(person=person, year=year, award=award(code))


def test_lao_dong_tien_tien_needs_the_units_confirmation_until_attested():
    person = make_person("STP-01-VP")
    give_record(person, {2025: "HTTNV"})
    pending = services.evaluate_person(person, "lao_dong_tien_tien", 2025)
    assert pending.verdict == "needs_review"
    assert [c.rule for c in pending.checks if c.met is None] == ["attested"]
    confirmed = services.evaluate_person(person, "lao_dong_tien_tien", 2025, attested=True)
    assert confirmed.verdict == "eligible"
    assert all(c.source for c in confirmed.checks)
    assert any("2025" in c.why for c in confirmed.checks)


def test_chien_si_co_so_is_read_from_the_record():
    strong = make_person("STP-01-VP", "Trần Thị Mai", gender="female")
    give_record(strong, {2025: "HTXSNV"}, {2025: ["lao_dong_tien_tien"]})
    weak = make_person("STP-01-VP", "Lê Văn Tâm")
    give_record(weak, {2025: "HTTNV"}, {2025: ["lao_dong_tien_tien"]})
    assert (
        services.evaluate_person(strong, "chien_si_thi_dua_co_so", 2025, attested=True).verdict
        == "eligible"
    )
    assert (
        services.evaluate_person(weak, "chien_si_thi_dua_co_so", 2025, attested=True).verdict
        == "ineligible"
    )


def test_an_initiative_of_the_year_lifts_a_good_rating_to_chien_si_co_so():
    person = make_person("STP-01-VP")
    give_record(person, {2025: "HTTNV"}, {2025: ["lao_dong_tien_tien"]})
    h.Initiative.objects.create(person=person, year=2025, title="Số hóa sổ hộ tịch", scope="co_so")
    assert (
        services.evaluate_person(person, "chien_si_thi_dua_co_so", 2025, attested=True).verdict
        == "eligible"
    )


def test_running_discipline_and_open_proceedings_make_a_person_ineligible():
    disciplined = make_person("STP-01-VP", "Phạm Văn Hùng")
    give_record(disciplined, {2025: "HTTNV"})
    h.Discipline.objects.create(
        person=disciplined, form="khien_trach", decided_on=datetime.date(2025, 6, 1)
    )
    result = services.evaluate_person(disciplined, "lao_dong_tien_tien", 2025, attested=True)
    assert result.verdict == "ineligible"
    assert next(c for c in result.checks if c.rule == "discipline").met is False

    held = make_person("STP-01-VP", "Đỗ Thị Lan", gender="female")
    give_record(held, {2025: "HTTNV"})
    h.Proceeding.objects.create(
        person=held, kind="inspection", opened_on=datetime.date(2025, 12, 1), note="Thanh tra"
    )
    result = services.evaluate_person(held, "lao_dong_tien_tien", 2025, attested=True)
    assert next(c for c in result.checks if c.rule == "no_pending_proceedings").met is False


def test_a_closed_proceeding_does_not_hold():
    person = make_person("STP-01-VP")
    give_record(person, {2025: "HTTNV"})
    h.Proceeding.objects.create(
        person=person,
        kind="complaint",
        opened_on=datetime.date(2025, 3, 1),
        closed_on=datetime.date(2025, 5, 1),
    )
    result = services.evaluate_person(person, "lao_dong_tien_tien", 2025, attested=True)
    assert result.verdict == "eligible"


def test_sudden_awards_in_history_do_not_count_towards_merit():
    person = make_person("STP-01-VP")
    give_record(
        person,
        {2024: "HTXSNV", 2025: "HTXSNV"},
        {2024: ["lao_dong_tien_tien"], 2025: ["lao_dong_tien_tien"]},
    )
    h.PersonAward.objects.create(
        person=person, year=2023, award=award("bang_khen_bo_truong_bo_tu_phap"), method="sudden"
    )
    result = services.evaluate_person(person, "bang_khen_thu_tuong", 2025, attested=True)
    assert result.verdict != "eligible"


def _sweep(user, code="STP-01", year=2025, django_capture_on_commit_callbacks=None):
    with django_capture_on_commit_callbacks(execute=True):
        sweep = services.start_sweep(user, Unit.objects.get(code=code), year)
    sweep.refresh_from_db()
    return sweep


def test_sweep_stores_who_is_due_with_the_catalogue_version(
    cast, django_capture_on_commit_callbacks
):
    give_record(cast.person_a, {2025: "HTXSNV"}, {2025: ["lao_dong_tien_tien"]})
    failing = make_person("STP-01-HCBT", "Vũ Văn Nam")
    give_record(failing, {2025: "KHTNV"})
    give_record(cast.person_b, {2025: "HTXSNV"}, {2025: ["lao_dong_tien_tien"]})

    sweep = _sweep(
        cast.officer_a, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks
    )
    assert sweep.status == SweepStatus.DONE
    assert sweep.rules_version.startswith("builtin-")
    assert sweep.processed == sweep.total > 3
    people = set(
        SweepEntry.objects.filter(sweep=sweep, person__isnull=False).values_list(
            "person_id", "award"
        )
    )
    assert (cast.person_a.pk, "chien_si_thi_dua_co_so") in people
    assert (cast.person_a.pk, "lao_dong_tien_tien") in people
    assert not any(pid == failing.pk for pid, _ in people)
    assert not any(pid == cast.person_b.pk for pid, _ in people)  # outside the subtree
    entry = SweepEntry.objects.get(
        sweep=sweep, person=cast.person_a, award="chien_si_thi_dua_co_so"
    )
    assert entry.category == DueCategory.ELIGIBLE
    assert entry.checks == []  # nothing left open
    assert sweep.summary["chien_si_thi_dua_co_so"]["eligible"] >= 1


def test_missing_rating_makes_a_person_wait_for_data_not_disappear(
    cast, django_capture_on_commit_callbacks
):
    give_record(cast.person_a, {2024: "HTTNV"})  # 2025 rating not entered yet
    sweep = _sweep(
        cast.officer_a, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks
    )
    entry = SweepEntry.objects.get(sweep=sweep, person=cast.person_a, award="lao_dong_tien_tien")
    assert entry.category == DueCategory.CONFIRM
    assert [c["met"] for c in entry.checks] == [None]
    assert "2025" in entry.checks[0]["why"] and entry.checks[0]["source"]


def test_collectives_are_judged_from_their_roster(cast, django_capture_on_commit_callbacks):
    for i in range(4):
        member = make_person("STP-01-XDKT", f"Nguyễn Văn Tổ {i}")
        give_record(member, {2025: "HTTNV"}, {2025: ["lao_dong_tien_tien"]})
    unit = Unit.objects.get(code="STP-01-XDKT")
    h.UnitRating.objects.create(unit=unit, year=2025, rating="HTTNV")
    result = services.evaluate_unit(unit, "tap_the_lao_dong_tien_tien", 2025, attested=True)
    share = next(c for c in result.checks if c.rule == "members_lao_dong_tien_tien_share")
    assert share.met is True and "4" in share.why


def test_a_failed_sweep_is_marked_and_keeps_no_partial_list(cast, monkeypatch):
    sweep = Sweep.objects.create(root=cast.unit_a, year=2025, as_of=datetime.date(2026, 1, 31))

    def boom(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services.loading, "iter_person_cases", boom)
    with pytest.raises(RuntimeError):
        services.run_sweep(sweep)
    sweep.refresh_from_db()
    assert sweep.status == SweepStatus.FAILED and "database went away" in sweep.error


def _movement_2025(unit_code: str, status: str, people=()):
    from tdkt.movements.models import IndividualRegistration, Movement, Registration

    movement = Movement.objects.create(
        name="Phong trào thi đua năm 2025",
        kind="regular",
        year=2025,
        launching_unit=Unit.objects.get(code="BTP"),
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2025, 12, 31),
    )
    registration = Registration.objects.create(
        movement=movement, unit=Unit.objects.get(code=unit_code), status=status
    )
    for person in people:
        IndividualRegistration.objects.create(
            registration=registration, person=person, title="lao_dong_tien_tien"
        )


def test_titles_check_registration_only_where_the_unit_took_part_in_the_movement(cast):
    registered = cast.person_a
    unregistered = make_person("STP-01-HCBT", "Hoàng Văn Sơn")
    outside = cast.person_b  # STP-79 is not in this movement
    for person in (registered, unregistered, outside):
        give_record(person, {2025: "HTTNV"})
    _movement_2025("STP-01", "approved", [registered])

    def registration_check(person):
        result = services.evaluate_person(person, "lao_dong_tien_tien", 2025, attested=True)
        return next((c.met for c in result.checks if c.rule == "registered"), "not checked")

    assert registration_check(registered) is True
    assert registration_check(unregistered) is False
    assert registration_check(outside) == "not checked"

    # A sector sweep reads the same registrations: the person who did not register is not
    # due, the one outside the movement's units is (registration is not checked there).
    sweep = services.run_sweep(Sweep.objects.create(
        root=Unit.objects.get(code="BTP"), year=2025, as_of=datetime.date(2026, 1, 31)
    ))
    due = set(SweepEntry.objects.filter(sweep=sweep, award="lao_dong_tien_tien")
              .values_list("person_id", flat=True))
    assert registered.pk in due and outside.pk in due and unregistered.pk not in due


def test_a_registration_not_yet_approved_does_not_count(cast):
    give_record(cast.person_a, {2025: "HTTNV"})
    _movement_2025("STP-01", "submitted", [cast.person_a])
    result = services.evaluate_person(cast.person_a, "lao_dong_tien_tien", 2025, attested=True)
    assert next(c for c in result.checks if c.rule == "registered").met is False


def test_sweep_counts_rosters_as_the_grouped_queries_do(cast):
    """A sweep counts each unit's roster while it reads the people; the counts must be those
    the per-unit check reads from the database (members, completed tasks, LĐTT, CSTĐ cơ sở
    and disciplines decided in the year, rolled up the unit tree)."""
    from django.db.models import Q

    from tdkt.eligibility import loading

    ratings = ["HTXSNV", "HTTNV", "HTNV", "KHTNV", None]
    for i, code in enumerate(["STP-01-VP", "STP-01-HCBT", "STP-01-XDKT", "STP-79-VP"] * 3):
        person = make_person(code, f"Lê Thị Đếm {i}")
        rating = ratings[i % len(ratings)]
        give_record(
            person,
            {2024: "HTTNV", **({2025: rating} if rating else {})},
            {2024: ["chien_si_thi_dua_co_so"], 2025: ["lao_dong_tien_tien"] * (i % 2)
             + ["chien_si_thi_dua_co_so"] * (i % 3 == 0)},
        )
        if i % 4 == 1:
            h.Discipline.objects.create(
                person=person, form="khien_trach" if i % 8 == 1 else "canh_cao",
                decided_on=datetime.date(2025 - (i % 3 == 2), 3, 1),
                ends_on=datetime.date(2026, 3, 1),
            )
    root = Unit.objects.get(code="BTP")
    units = loading.collective_units(root)
    as_of = datetime.date(2026, 1, 31)
    figures: dict = {}
    people = list(loading.iter_person_cases(
        Q(unit__path__startswith=root.path), 2025, as_of, figures
    ))
    assert sum(counts[0] for counts in figures.values()) == len(people) >= 12

    def stats(given):
        return {unit.code: case.collective
                for unit, case in loading.collective_cases(units, 2025, as_of, None, given)}

    counted, queried = stats(figures), stats(None)
    assert counted == queried
    department = counted["STP-01"]
    assert department.members >= 9 and department.lao_dong_tien_tien >= 1
    assert department.chien_si_thi_dua_co_so >= 1 and department.disciplined
