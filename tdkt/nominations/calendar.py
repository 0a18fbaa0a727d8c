"""The Vietnamese working-day calendar: Monday–Friday, minus public holidays (Tết, Giỗ Tổ,
30/4–1/5, 2/9 …, and days off in lieu), plus weekend days worked in exchange (làm bù). The
exceptions live in the `Holiday` table (editable; seeded for 2025–2027).

`WorkCalendar()` reads the table once (one query); build one per request or per batch and
reuse it. The module-level helpers build a fresh one per call.
"""

from __future__ import annotations

import datetime

from .models import DayKind, Holiday

ONE_DAY = datetime.timedelta(days=1)


class WorkCalendar:
    def __init__(self, holidays=None, worked=None):
        if holidays is None:
            holidays, worked = set(), set()
            for day, kind in Holiday.objects.values_list("day", "kind"):
                (worked if kind == DayKind.WORKING else holidays).add(day)
        self.holidays = frozenset(holidays)
        self.worked = frozenset(worked or ())

    def is_working_day(self, day: datetime.date) -> bool:
        if day in self.worked:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5

    def next_working_day(self, day: datetime.date) -> datetime.date:
        """`day` itself if it is a working day, else the first working day after it."""
        while not self.is_working_day(day):
            day += ONE_DAY
        return day

    def period_end(self, start: datetime.date, working_days: int) -> datetime.date:
        """Last day of a period of `working_days` working days beginning on `start`
        (the first working day on or after `start` is day 1)."""
        if working_days < 1:
            raise ValueError("working_days must be at least 1")
        day = self.next_working_day(start)
        counted = 1
        while counted < working_days:
            day += ONE_DAY
            if self.is_working_day(day):
                counted += 1
        return day

    def add_working_days(self, day: datetime.date, n: int) -> datetime.date:
        """The working day `n` working days after `day` (n ≥ 0)."""
        while n > 0:
            day += ONE_DAY
            if self.is_working_day(day):
                n -= 1
        return day

    def between(self, start: datetime.date, end: datetime.date) -> int:
        """Working days in (start, end]: elapsed working days; negative if end < start."""
        if end == start:
            return 0
        sign = 1
        if end < start:
            start, end, sign = end, start, -1
        count = 0
        day = start
        while day < end:
            day += ONE_DAY
            if self.is_working_day(day):
                count += 1
        return sign * count


def is_working_day(day: datetime.date) -> bool:
    return WorkCalendar().is_working_day(day)


def period_end(start: datetime.date, working_days: int) -> datetime.date:
    return WorkCalendar().period_end(start, working_days)


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    return WorkCalendar().between(start, end)
