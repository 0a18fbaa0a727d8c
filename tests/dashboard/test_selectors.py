"""The home page's figures, each checked against counts made another way (loops over the
rows the test created), in the user's scope only, with constant queries."""

import datetime
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tdkt.accounts.scoping import Scope
from tdkt.dashboard import selectors
from tests.factories import make_person, make_user

pytestmark = pytest.mark.django_db
D = datetime.date

PERSON_AWARDS = {  # code -> (model name, level)
    "lao_dong_tien_tien": ("PersonTitle", "co_so"),
    "chien_si_thi_dua_co_so": ("PersonTitle", "co_so"),
    "chien_si_thi_dua_cap_bo": ("PersonTitle", "bo"),
    "chien_si_thi_dua_toan_quoc": ("PersonTitle", "nha_nuoc"),
    "giay_khen": ("PersonAward", "co_so"),
    "bang_khen_bo_truong_bo_tu_phap": ("PersonAward", "bo"),
    "bang_khen_thu_tuong": ("PersonAward", "nha_nuoc"),
}
UNIT_AWARDS = {
    "tap_the_lao_dong_tien_tien": ("UnitTitle", "co_so"),
    "tap_the_lao_dong_xuat_sac": ("UnitTitle", "bo"),
    "bang_khen_thu_tuong_tap_the": ("UnitAward", "nha_nuoc"),
}
UNITS = ["STP-01-VP", "STP-01-HCBT", "STP-79-VP", "THADS-01"]


def seed_history(n_people=12, seed=7):
    """Random titles and awards for people and units of STP-01, STP-79 and THADS-01; returns
    the list of what was written: (kind, unit code, person or None, code, level, year)."""
    from tdkt.history import models as h
    from tdkt.organisation.models import Unit

    rng = random.Random(seed)
    types = {a.code: a for a in h.AwardType.objects.all()}
    written = []
    people = [make_person(rng.choice(UNITS), f"Người Thử {i}") for i in range(n_people)]
    for person in people:
        for year in range(2021, 2026):
            for code, (model, level) in PERSON_AWARDS.items():
                if rng.random() < 0.3:
                    getattr(h, model).objects.create(person=person, year=year, award=types[code])
                    written.append(("person", person.unit.code, person, code, level, year))
    for code in UNITS:
        unit = Unit.objects.get(code=code)
        for year in range(2021, 2026):
            for award, (model, level) in UNIT_AWARDS.items():
                if rng.random() < 0.5:
                    _, made = getattr(h, model).objects.get_or_create(
                        unit=unit, year=year, award=types[award])
                    if made:
                        written.append(("unit", code, None, award, level, year))
    return people, written


YEARS = [2021, 2022, 2023, 2024, 2025]


def test_awards_by_level_year_in_the_officers_subtree(cast):
    _, written = seed_history()
    got = selectors.awards_by_level_year(Scope(cast.officer_a), YEARS)
    for level in ("co_so", "bo", "nha_nuoc"):
        expected = [sum(1 for w in written if w[1].startswith("STP-01") and w[4] == level
                        and w[5] == y) for y in YEARS]
        assert got[level] == expected, level
    everything = selectors.awards_by_level_year(Scope(cast.admin), YEARS)
    assert sum(map(sum, everything.values())) == len(written)


def test_staff_sees_only_their_own_awards(cast):
    from tdkt.history.models import AwardType, PersonAward, PersonTitle

    seed_history()
    me = cast.staff_a.person
    PersonTitle.objects.create(person=me, year=2024, award=AwardType.objects.get(
        code="lao_dong_tien_tien"))
    PersonAward.objects.create(person=me, year=2025, award=AwardType.objects.get(
        code="bang_khen_bo_truong_bo_tu_phap"))
    got = selectors.awards_by_level_year(Scope(cast.staff_a), YEARS, units=False)
    assert got == {"co_so": [0, 0, 0, 1, 0], "bo": [0, 0, 0, 0, 1], "nha_nuoc": [0] * 5}


def test_titles_by_unit_kind_groups_divisions_under_their_department(cast):
    _, written = seed_history()
    rows = {label: (ind, coll) for label, ind, coll in
            selectors.titles_by_unit_kind(Scope(cast.admin), 2024)}
    titles = {c for c, (m, _) in {**PERSON_AWARDS, **UNIT_AWARDS}.items() if "Title" in m}

    def expected(prefixes, kind):
        return sum(1 for w in written if w[0] == kind and w[3] in titles and w[5] == 2024
                   and w[1].startswith(prefixes))

    assert rows["Sở Tư pháp"] == (expected(("STP-",), "person"), expected(("STP-",), "unit"))
    assert rows["Thi hành án dân sự tỉnh"] == (expected(("THADS-",), "person"),
                                               expected(("THADS-",), "unit"))
    assert set(rows) == {"Sở Tư pháp", "Thi hành án dân sự tỉnh"}


def test_history_selectors_queries_do_not_grow(cast):
    def count():
        scope = Scope(cast.admin)
        scope.grants  # noqa: B018
        with CaptureQueriesContext(connection) as ctx:
            selectors.awards_by_level_year(scope, YEARS)
            selectors.titles_by_unit_kind(scope, 2024)
        return len(ctx)

    seed_history(n_people=3, seed=1)
    small = count()
    seed_history(n_people=30, seed=2)
    assert count() == small


# --- movements -----------------------------------------------------------------------------


def test_registration_timeliness_and_participation(cast):
    from tdkt.movements import services
    from tdkt.movements.models import RegistrationEvent
    from tests.movements.helpers import fill, make_movement, registration_of

    dept = make_user("tt", "emulation_dept", "BTP")
    movement = make_movement(dept, year=2026, deadline=D(2026, 3, 31))
    thads = make_user("canbo_thads", "unit_officer", "THADS-01")
    sent = {}
    for code, officer, person in (("STP-01", cast.officer_a, cast.person_a),
                                  ("STP-79", cast.officer_b, cast.person_b),
                                  ("THADS-01", thads, None)):
        reg = registration_of(movement, code)
        fill(officer, reg, individuals={person.pk: "lao_dong_tien_tien"} if person else None)
        if code != "THADS-01":
            services.submit_registration(officer, reg)
            sent[code] = reg
    # STP-79 first sent after the deadline (its event's time says when)
    RegistrationEvent.objects.filter(registration=sent["STP-79"]).update(
        at=datetime.datetime(2026, 4, 2, 9, 0, tzinfo=datetime.UTC))
    RegistrationEvent.objects.filter(registration=sent["STP-01"]).update(
        at=datetime.datetime(2026, 3, 31, 16, 59, tzinfo=datetime.UTC))  # 23:59 local time
    [row] = selectors.registration_timeliness(Scope(dept), 2026, today=D(2026, 5, 1))
    assert (row.on_time, row.late, row.not_sent, row.not_sent_overdue) == (1, 1, 1, 1)
    [mine] = selectors.registration_timeliness(Scope(cast.officer_a), 2026, today=D(2026, 5, 1))
    assert (mine.on_time, mine.late, mine.not_sent) == (1, 0, 0)
    by_unit = {t.name: (t.on_time, t.late, t.not_sent) for t in selectors.registration_timeliness(
        Scope(dept), 2026, today=D(2026, 5, 1), by="unit")}
    names = {code: u.short_name or u.name for code, u in (
        (c, registration_of(movement, c).unit) for c in ("STP-01", "STP-79", "THADS-01"))}
    assert by_unit == {names["STP-01"]: (1, 0, 0), names["STP-79"]: (0, 1, 0),
                       names["THADS-01"]: (0, 0, 1)}
    by_kind = {t.name: (t.on_time, t.late, t.not_sent) for t in selectors.registration_timeliness(
        Scope(dept), 2026, today=D(2026, 5, 1), by="kind")}
    assert by_kind == {"Sở Tư pháp": (1, 1, 0), "Thi hành án dân sự tỉnh": (0, 0, 1)}
    [part] = selectors.movement_participation(Scope(dept), 2026)
    assert (part.units, part.registered) == (3, 2)
    from tdkt.movements.models import IndividualRegistration

    assert part.people == IndividualRegistration.objects.filter(
        registration__status="submitted").count() == 2
    assert selectors.registration_timeliness(Scope(dept), 2025) == []


# --- dossiers ------------------------------------------------------------------------------


def _weekdays_between(start, end):
    """Working days in (start, end] for a span without public holidays: Monday–Friday."""
    return sum(1 for i in range(1, (end - start).days + 1)
               if (start + datetime.timedelta(days=i)).weekday() < 5)


def test_dossier_clock_counts_working_days_since_sending(cast):
    from tdkt.nominations.models import Nomination, Status
    from tests.nominations.helpers import other_scope

    today = D(2026, 6, 30)  # 2026-05-01..06-30: no public holiday after 1/5
    base = Nomination.objects.get(pk=other_scope(cast, "nomination"))
    days = [D(2026, 6, 29), D(2026, 6, 15), D(2026, 6, 2), D(2026, 5, 4), D(2026, 5, 20)]
    statuses = [Status.SUBMITTED, Status.UNDER_APPRAISAL, Status.APPRAISED, Status.APPROVED,
                Status.RETURNED]
    made = []
    for day, status in zip(days, statuses, strict=True):
        base.pk = None
        base.status, base.submitted_on = status, day
        base.save()
        made.append((day, status))
    base.pk = None
    base.status, base.submitted_on = Status.DECIDED, D(2026, 5, 4)  # closed: not counted
    base.save()
    got = selectors.dossier_clock(Scope(cast.admin), today)
    stage = {Status.SUBMITTED: "Chờ thẩm định", Status.UNDER_APPRAISAL: "Chờ thẩm định",
             Status.RETURNED: "Trả lại bổ sung", Status.APPRAISED: "Đang xét (Hội đồng, công khai)",
             Status.APPROVED: "Chờ quyết định"}
    expected = {label: [0, 0, 0, 0] for label in got}
    for day, status in made:
        n = _weekdays_between(day, today)
        bucket = 0 if n <= 10 else 1 if n <= 20 else 2 if n <= 40 else 3
        expected[stage[status]][bucket] += 1
    assert got == expected
    assert sum(map(sum, selectors.dossier_clock(Scope(cast.officer_a), today).values())) == 0
    by_status = dict(selectors.nominations_by_status(Scope(cast.officer_b)))
    assert by_status["Đã trình"] == 1 and by_status["Được đề nghị khen thưởng"] == 1
    assert "Dự thảo" not in by_status


def test_inspection_actions_open_overdue_waiting_closed(cast):
    from tdkt.inspections.models import CorrectiveAction, Finding
    from tests.inspections.helpers import concluded

    dept = make_user("tt_kt", "emulation_dept", "BTP")
    inspection = concluded(dept, cast.officer_a, due_on=D(2026, 6, 30))
    finding = Finding.objects.create(inspection=inspection, order=9, text="Tồn tại thêm")
    made = [("open", D(2026, 8, 1)), ("returned", D(2026, 5, 1)), ("submitted", D(2026, 5, 1)),
            ("accepted", D(2026, 5, 1)), ("open", D(2026, 5, 1))]
    for status, due in made:
        CorrectiveAction.objects.create(finding=finding, inspection=inspection,
                                        owner_unit=cast.unit_a, description="Khắc phục",
                                        due_on=due, status=status)
    today = D(2026, 7, 1)
    every = list(CorrectiveAction.objects.values_list("status", "due_on"))
    expected = [
        sum(1 for s, d in every if s in ("open", "returned") and d >= today),
        sum(1 for s, d in every if s in ("open", "returned") and d < today),
        sum(1 for s, _ in every if s == "submitted"),
        sum(1 for s, _ in every if s == "accepted"),
    ]
    assert selectors.inspection_actions(Scope(dept), today) == expected == [1, 3, 1, 1]
    assert selectors.inspection_actions(Scope(cast.officer_a), today) == expected
    assert selectors.inspection_actions(Scope(cast.officer_b), today) == [0, 0, 0, 0]
