"""Catalogue v2 in the application (issue 18): the sweep considers the new forms, so a unit's due
list carries the collective Prime Minister's certificate and the Labour Order's classes where the
history supports them; the demo history makes some people and collectives due for them."""

import datetime
import random
from types import SimpleNamespace

import pytest

from tdkt.eligibility import services
from tdkt.eligibility.catalogue import COLLECTIVE_AWARDS, INDIVIDUAL_AWARDS
from tdkt.eligibility.models import DueCategory, SweepEntry
from tdkt.history import demo
from tdkt.history import models as h
from tdkt.organisation.models import Unit
from tests.factories import make_person

pytestmark = pytest.mark.django_db

NEW_COLLECTIVE = {
    "bang_khen_thu_tuong_tap_the",
    "huan_chuong_lao_dong_hang_ba_tap_the",
    "huan_chuong_lao_dong_hang_nhi_tap_the",
    "huan_chuong_lao_dong_hang_nhat_tap_the",
}
NEW_INDIVIDUAL = {"huan_chuong_lao_dong_hang_nhi", "huan_chuong_lao_dong_hang_nhat"}


def award(code):
    return h.AwardType.objects.get(code=code)


def _sweep(user, code, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sweep = services.start_sweep(user, Unit.objects.get(code=code), 2025)
    sweep.refresh_from_db()
    return sweep


def test_the_sweep_considers_the_new_forms_and_their_types_exist():
    assert NEW_COLLECTIVE <= set(COLLECTIVE_AWARDS)
    assert NEW_INDIVIDUAL <= set(INDIVIDUAL_AWARDS)
    types = dict(h.AwardType.objects.values_list("code", "subject"))
    assert {code: types.get(code) for code in NEW_COLLECTIVE} == dict.fromkeys(
        NEW_COLLECTIVE, "collective"
    )
    assert {code: types.get(code) for code in NEW_INDIVIDUAL} == dict.fromkeys(
        NEW_INDIVIDUAL, "individual"
    )


def _collective(code, prior, prior_year):
    unit = Unit.objects.get(code=code)
    for i in range(3):
        make_person(code, f"Thành viên {code} {i}")
    for year in range(2016, 2026):
        h.UnitRating.objects.create(unit=unit, year=year, rating="HTTNV")
    h.UnitAward.objects.create(unit=unit, year=prior_year, award=award(prior), method="regular")
    return unit


def test_a_units_due_list_carries_the_next_collective_form(
    cast, django_capture_on_commit_callbacks
):
    # Ministry certificate in 2020: 2021–2025 are five years → due for the PM's certificate.
    pm = _collective("STP-01-XDKT", "bang_khen_bo_truong_bo_tu_phap_tap_the", 2020)
    # Third class in 2021: one year short of the second class.
    short = _collective("STP-01-HCBT", "huan_chuong_lao_dong_hang_ba_tap_the", 2021)
    # Second class in 2019: due for the first.
    first = _collective("STP-01-VP", "huan_chuong_lao_dong_hang_nhi_tap_the", 2019)
    person = make_person("STP-01-VP", "Người có hạng Ba")
    h.PersonRating.objects.bulk_create(
        h.PersonRating(person=person, year=y, rating="HTTNV") for y in range(2016, 2026)
    )
    h.PersonAward.objects.create(person=person, year=2019, method="regular",
                                 award=award("huan_chuong_lao_dong_hang_ba"))
    sweep = _sweep(cast.officer_a, "STP-01", django_capture_on_commit_callbacks)
    units = set(
        SweepEntry.objects.filter(sweep=sweep, person__isnull=True)
        .values_list("unit_id", "award")
    )
    assert (pm.pk, "bang_khen_thu_tuong_tap_the") in units
    assert (pm.pk, "huan_chuong_lao_dong_hang_ba_tap_the") not in units
    assert not any(uid == short.pk and code in NEW_COLLECTIVE for uid, code in units)
    assert (first.pk, "huan_chuong_lao_dong_hang_nhat_tap_the") in units
    people = set(
        SweepEntry.objects.filter(sweep=sweep, person=person).values_list("award", flat=True)
    )
    assert "huan_chuong_lao_dong_hang_nhi" in people
    assert "huan_chuong_lao_dong_hang_nhat" not in people
    entry = SweepEntry.objects.get(sweep=sweep, unit=pm, award="bang_khen_thu_tuong_tap_the")
    # The sweep takes the qualitative conditions as given: nothing is left open.
    assert entry.category == DueCategory.ELIGIBLE and entry.checks == []
    assert sweep.summary["bang_khen_thu_tuong_tap_the"]["eligible"] >= 1


def test_evaluating_a_unit_shows_why_with_the_basis(cast):
    unit = _collective("STP-01-XDKT", "bang_khen_thu_tuong_tap_the", 2020)
    result = services.evaluate_unit(unit, "huan_chuong_lao_dong_hang_ba_tap_the", 2025,
                                    attested=True)
    assert result.verdict == "eligible"
    route = next(c for c in result.checks if c.rule == "huan_chuong_route")
    assert route.basis == "unverified" and "2020" in route.why
    assert any("chưa xác minh" in w for w in result.warnings)


def test_demo_history_makes_some_people_and_collectives_due(
    cast, django_capture_on_commit_callbacks
):
    for n in range(90):
        unit = ("STP-01-VP", "STP-01-XDKT", "STP-01-HCBT")[n % 3]
        make_person(unit, f"Người Mẫu {n}", joined_sector_on=datetime.date(2005, 1, 1),
                    gender="female" if n % 2 else "male",
                    date_of_birth=datetime.date(1985 if n % 2 else 1970, 1, 1))
    demo.seed(SimpleNamespace(rng=random.Random(7), scale=0.1, year=2026, say=lambda m: None))
    held = set(h.UnitAward.objects.values_list("award__code", flat=True))
    assert held & NEW_COLLECTIVE
    sweep = _sweep(cast.officer_a, "STP-01", django_capture_on_commit_callbacks)
    due = set(SweepEntry.objects.filter(sweep=sweep).values_list("award", flat=True))
    assert due & NEW_COLLECTIVE, due
    assert due & NEW_INDIVIDUAL, due
