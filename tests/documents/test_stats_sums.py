"""Every statistics form adds up, on generated data (random, deterministic seed): several
units and levels, every kind of award and method, leaders of every tier, movements of every
duration. For each form and each root: every section's sub-rows add up to its total, every
row's "Tổng số" column is the sum of its other columns, and the totals equal counts made
independently from the history tables (plain Python over fetched rows, not the forms'
grouped queries)."""

import datetime
import io
import random

import pytest
from openpyxl import load_workbook

from tdkt.documents import stats
from tdkt.history.models import (
    AwardType,
    LeadershipPost,
    PersonAward,
    PersonTitle,
    UnitAward,
    UnitTitle,
)
from tdkt.organisation.models import Unit
from tests.factories import make_person

pytestmark = pytest.mark.django_db
D = datetime.date
YEAR = 2025
METHODS = [m for m, _ in stats.METHODS]


def generate(seed: int):
    from tdkt.movements.models import Movement

    rng = random.Random(seed)
    codes = ["BTP", "STP-01", "STP-01-VP", "STP-79", "STP-79-VP"]
    units = {u.code: u for u in Unit.objects.filter(code__in=codes)}
    extra = list(Unit.objects.filter(depth__in=(2, 3)).order_by("path")[:40])
    pool = list(units.values()) + rng.sample(extra, 8)
    types = list(AwardType.objects.filter(level__in=("bo", "nha_nuoc")))
    individual = [t for t in types if t.subject != "collective"]
    collective = [t for t in types if t.subject != "individual"]
    people = []
    for i in range(60):
        unit = rng.choice(pool)
        people.append(make_person(unit.code, f"Cán bộ {i}", is_leader=rng.random() < 0.25,
                                  is_frontline=rng.random() < 0.4,
                                  gender=rng.choice(["male", "female"])))
    for person in rng.sample(people, 15):
        starts = rng.choice([D(2019, 1, 1), D(2025, 7, 1), D(2026, 2, 1)])
        ends = rng.choice([None, D(2024, 12, 31), D(2025, 6, 30), D(2026, 12, 31)])
        LeadershipPost.objects.create(
            person=person, post=rng.choice(["minister", "deputy_minister", "head", "deputy"]),
            starts_on=starts, ends_on=ends if ends is None or ends > starts else None)

    def when():
        return rng.choice([D(YEAR, 1, 5), D(YEAR, 12, 31), D(YEAR - 1, 12, 31),
                           D(YEAR + 1, 1, 1), None])

    used = set()  # one award of a kind per subject and year (a unique constraint)
    for _ in range(220):
        award, person, year = rng.choice(individual), rng.choice(people), rng.choice(
            [YEAR - 1, YEAR])
        if (award.pk, person.pk, year) in used:
            continue
        used.add((award.pk, person.pk, year))
        model = PersonTitle if award.kind == "title" else PersonAward
        extra_fields = {} if model is PersonTitle else {"method": rng.choice(METHODS)}
        model.objects.create(person=person, award=award, year=year, decision_date=when(),
                             **extra_fields)
    for _ in range(60):
        award, unit, year = rng.choice(collective), rng.choice(pool), rng.choice(
            [YEAR - 1, YEAR])
        if (award.pk, "u", unit.pk, year) in used:
            continue
        used.add((award.pk, "u", unit.pk, year))
        model = UnitTitle if award.kind == "title" else UnitAward
        extra_fields = {} if model is UnitTitle else {"method": rng.choice(METHODS)}
        model.objects.create(unit=unit, award=award, year=year, decision_date=when(),
                             **extra_fields)
    for i in range(25):
        start = D(YEAR, rng.randint(1, 12), 1)
        end = start + datetime.timedelta(days=rng.choice([30, 200, 364, 400, 800, 1200, 2000]))
        Movement.objects.create(
            name=f"Phong trào {i}", kind=rng.choice(["regular", "thematic"]),
            year=rng.choice([YEAR, YEAR, YEAR - 1]), launching_unit=rng.choice(pool),
            starts_on=start, ends_on=end,
            status=rng.choice(["draft", "launched", "under_way", "closed"]))


def in_year(row) -> bool:
    return row.decision_date.year == YEAR if row.decision_date else row.year == YEAR


def counted_columns(form):
    return stats.COLUMNS_0603 if form == "0603" else stats.COLUMNS_0602


def independent_awards(root, form):
    """(individuals, collectives) of the form for `root`, counted in Python."""
    level = "bo" if form == "0603" else "nha_nuoc"
    columns = counted_columns(form)
    individuals = collectives = 0
    for model, field in ((PersonAward, "person__unit"), (PersonTitle, "person__unit"),
                         (UnitAward, "unit"), (UnitTitle, "unit")):
        for row in model.objects.select_related("award", field.replace("__", "__", 1)):
            unit = row.person.unit if field == "person__unit" else row.unit
            if (row.award.level != level or not in_year(row)
                    or not unit.path.startswith(root.path)
                    or stats.column_of(row.award.code, columns) is None):
                continue
            if field == "unit":
                collectives += 1
            else:
                individuals += 1
    return individuals, collectives


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_form_adds_up_on_generated_data(cast, seed):
    from tdkt.movements.models import Movement

    generate(seed)
    for code in ("BTP", "STP-01", "STP-79"):
        root = Unit.objects.get(code=code)
        for form in ("0601", "0602", "0603"):
            table = stats.build(form, root, YEAR)
            assert table.sections, form
            assert table.mismatches() == [], (code, form)
            for row in table.rows:  # headings carry no figures, every figure row has them
                assert (row.values is None) == (row.label[:2] in ("1.", "2.", "3."))
        movements = [m for m in Movement.objects.select_related("launching_unit")
                     if m.year == YEAR and m.status != "draft"
                     and m.launching_unit.path.startswith(root.path)]
        t1 = stats.build("0601", root, YEAR)
        assert t1.row("Tổng số phong trào thi đua").values[0] == len(movements)
        assert t1.row("Thi đua theo chuyên đề").values[0] == sum(
            m.kind == "thematic" for m in movements)
        for form in ("0602", "0603"):
            table = stats.build(form, root, YEAR)
            individuals, collectives = independent_awards(root, form)
            assert table.row("Cá nhân").values[0] == individuals, (code, form)
            assert table.row("Tập thể").values[0] == collectives, (code, form)
            assert table.row("Tổng số").values[0] == individuals + collectives


def test_individual_rows_partition_individuals(cast):
    """The 0603 defect: 61 individuals, sub-rows totalling 51 (non-leaders not marked as
    front-line workers fell through). Now each person lands in exactly one sub-row."""
    bk = AwardType.objects.get(code="bang_khen_bo_truong_bo_tu_phap")
    plain = make_person("STP-01-VP", "Không lãnh đạo, không đánh dấu")
    marked = make_person("STP-01-VP", "Trực tiếp lao động", is_frontline=True)
    leader = make_person("STP-01-VP", "Trưởng phòng", is_leader=True)
    for person in (plain, marked, leader):
        PersonAward.objects.create(person=person, award=bk, year=YEAR, decision_date=D(YEAR, 5, 5))
    table = stats.form_0603(Unit.objects.get(code="STP-01"), YEAR)
    assert table.row("Cá nhân").values[0] == 3
    assert sum(table.row(label).values[0] for _, label in stats.INDIVIDUAL_ROWS) == 3
    assert table.row(stats.INDIVIDUAL_ROWS[-1][1]).values[0] == 2
    assert table.row(stats.FRONTLINE_OF_WHICH).values[0] == 1
    assert table.mismatches() == []


def test_a_broken_breakdown_is_reported():
    table = stats.Table("0603", "x", YEAR, "u", ["Tổng số", "A"], rows=[
        stats.Row("Tổng số", [3, 3]), stats.Row("a", [1, 1], 1), stats.Row("b", [1, 0], 1)],
        sections=[stats.Section("Tổng số", ["a", "b"])])
    problems = table.mismatches()
    # columns 1 and 2 of the section do not add up; row b's total is not its columns
    assert len(problems) == 3


def test_excel_header_signature_and_print_setup(cast):
    generate(5)
    root = Unit.objects.get(code="STP-01")
    for form in ("0601", "0603"):
        table = stats.build(form, root, YEAR)
        ws = load_workbook(io.BytesIO(stats.to_excel(table))).active
        values = [c for row in ws.iter_rows(values_only=True) for c in row if c is not None]
        text = " | ".join(str(v) for v in values)
        assert f"Biểu số: {form}.N/BNV-TĐKT" in text
        assert "Đơn vị báo cáo: " + root.name in text
        assert "Đơn vị nhận báo cáo: " + stats.MINISTRY_RECEIVER in text
        assert "NGƯỜI LẬP BIỂU" in text and "THỦ TRƯỞNG ĐƠN VỊ" in text
        assert int(ws.page_setup.paperSize) == 9  # A4
        assert ws.page_setup.orientation == ("portrait" if form == "0601" else "landscape")
        assert ws.print_title_rows and ":" in ws.print_title_rows
        assert any(str(r).startswith("A5:") for r in ws.merged_cells.ranges)  # the title
        # headings print no zeros: the heading row's figure cells are empty
        heading = next(r for r in ws.iter_rows(values_only=True)
                       if r[0] and str(r[0]).startswith("1. Chia theo"))
        assert all(v is None for v in heading[2:])
    sector = stats.build("0603", Unit.objects.get(code="BTP"), YEAR)
    assert sector.receiving_unit == stats.NATIONAL_RECEIVER
