"""The Vietnamese working-day calendar: weekends, public holidays, days worked in lieu."""

import datetime

import pytest

from tdkt.nominations.calendar import WorkCalendar, is_working_day, period_end
from tdkt.nominations.models import Holiday

pytestmark = pytest.mark.django_db
D = datetime.date


def test_seeded_holidays_cover_2025_to_2027():
    years = {d.year for d in Holiday.objects.values_list("day", flat=True)}
    assert {2025, 2026, 2027} <= years
    names = " ".join(Holiday.objects.values_list("name", flat=True))
    for name in ("Tết Nguyên đán", "Giỗ Tổ", "30/4", "1/5", "Quốc khánh", "Tết Dương lịch"):
        assert name in names


@pytest.mark.parametrize("day,working", [
    (D(2026, 2, 13), True),    # Friday before Tết
    (D(2026, 2, 16), False),   # Tết Bính Ngọ
    (D(2026, 2, 20), False),
    (D(2026, 2, 21), False),   # Saturday
    (D(2026, 2, 23), True),    # back to work
    (D(2025, 9, 2), False),    # Quốc khánh
    (D(2026, 4, 27), False),   # day off in lieu of Giỗ Tổ on Sunday
    (D(2025, 4, 26), True),    # Saturday worked in exchange for 2/5/2025
    (D(2025, 5, 2), False),
])
def test_working_days(day, working):
    assert is_working_day(day) is working


def test_period_spanning_tet_skips_weekends_and_holidays():
    # 10 working days from Thursday 12/02/2026: 12, 13, (Tết 16–20), 23, 24, 25, 26, 27,
    # 2/3, 3/3, 4/3 → ends Wednesday 04/03/2026.
    assert period_end(D(2026, 2, 12), 10) == D(2026, 3, 4)


def test_period_starting_on_a_holiday_starts_on_the_next_working_day():
    assert period_end(D(2026, 2, 16), 1) == D(2026, 2, 23)
    assert period_end(D(2026, 2, 14), 5) == D(2026, 2, 27)


def test_boundaries_of_between():
    cal = WorkCalendar()
    assert cal.between(D(2026, 3, 2), D(2026, 3, 2)) == 0
    assert cal.between(D(2026, 3, 6), D(2026, 3, 9)) == 1       # Fri → Mon
    assert cal.between(D(2026, 3, 9), D(2026, 3, 6)) == -1
    assert cal.between(D(2026, 4, 29), D(2026, 5, 4)) == 1      # 30/4, 1/5 off, weekend
    assert cal.add_working_days(D(2026, 4, 29), 1) == D(2026, 5, 4)


def test_holiday_table_is_configurable():
    day = D(2026, 11, 24)  # a Tuesday
    assert is_working_day(day)
    Holiday.objects.create(day=day, name="Ngày Văn hóa Việt Nam")
    assert not is_working_day(day)
    Holiday.objects.create(day=D(2026, 11, 28), kind="working", name="Làm bù")
    assert is_working_day(D(2026, 11, 28))


def test_calendar_reads_the_table_once(django_assert_num_queries):
    with django_assert_num_queries(1):
        cal = WorkCalendar()
        cal.period_end(D(2026, 1, 1), 60)
        cal.between(D(2025, 1, 1), D(2027, 12, 31))
