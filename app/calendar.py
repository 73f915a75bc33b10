"""The one working-day calendar (D6): Monday-Friday, minus Indonesian public holidays and cuti bersama,
plus each instansi's local changes (extra holiday, cancelled holiday, working Saturday).

Counting follows D7: day 1 is the first working day *after* the event, so
``add_working_days(date(2025, 3, 27), 5)`` is 14 April 2025 (Nyepi, Idul Fitri
and its cuti bersama skipped), and ``working_days_between(a, b)`` counts the
working days in (a, b], the inverse of ``add_working_days``.
"""
import bisect
import datetime
import functools

import holidays
from sqlalchemy import select

from app.extensions import db
from app.models.calendar import CalendarChange, CalendarChangeKind

NATIONAL_CATEGORIES = ("public", "government")
WEEKEND = (5, 6)


@functools.lru_cache(maxsize=64)
def national_holidays(year):
    """{date: name} of the national holidays and cuti bersama of ``year``."""
    return dict(holidays.country_holidays("ID", years=year, categories=NATIONAL_CATEGORIES, language="id"))


class WorkingCalendar:
    """Working days of one instansi; national holidays plus that instansi's local changes."""

    def __init__(self, extra_holidays=(), cancelled_holidays=(), working_weekend_days=()):
        self.extra_holidays = frozenset(extra_holidays)
        self.cancelled_holidays = frozenset(cancelled_holidays)
        self.working_weekend_days = frozenset(working_weekend_days)
        self._years = None
        self._days = []

    def is_working_day(self, day):
        if day in self.extra_holidays:
            return False
        if day.weekday() in WEEKEND:
            return day in self.working_weekend_days
        if day in national_holidays(day.year):
            return day in self.cancelled_holidays
        return True

    def _cover(self, first_year, last_year):
        """Make the sorted list of working days span ``first_year``..``last_year``."""
        if self._years and self._years[0] <= first_year and last_year <= self._years[1]:
            return
        if self._years:
            first_year, last_year = min(first_year, self._years[0]), max(last_year, self._years[1])
        day, end = datetime.date(first_year, 1, 1), datetime.date(last_year, 12, 31)
        days = []
        one = datetime.timedelta(days=1)
        while day <= end:
            if self.is_working_day(day):
                days.append(day)
            day += one
        self._years, self._days = (first_year, last_year), days

    def add_working_days(self, start, n):
        """The ``n``-th working day after ``start`` (day 1 is the first working day after it)."""
        start = _as_date(start)
        if n <= 0:
            return start
        last_year = start.year + 1 + n // 200
        while True:
            self._cover(start.year, last_year)
            index = bisect.bisect_right(self._days, start) + n - 1
            if index < len(self._days):
                return self._days[index]
            last_year += 1

    def working_days_between(self, start, end):
        """Working days in (start, end]; negative when ``end`` is before ``start``."""
        start, end = _as_date(start), _as_date(end)
        if end < start:
            return -self.working_days_between(end, start)
        self._cover(start.year, end.year)
        return bisect.bisect_right(self._days, end) - bisect.bisect_right(self._days, start)


def _as_date(value):
    return value.date() if isinstance(value, datetime.datetime) else value


def calendar_for(instansi_id):
    """The working calendar of an instansi, with its local changes read from the database."""
    extra, cancelled, weekend = [], [], []
    if instansi_id is not None:
        rows = db.session.execute(
            select(CalendarChange.day, CalendarChange.kind).where(CalendarChange.org_id == instansi_id)
        ).all()
        for day, kind in rows:
            {
                CalendarChangeKind.EXTRA_HOLIDAY: extra,
                CalendarChangeKind.CANCELLED_HOLIDAY: cancelled,
                CalendarChangeKind.WORKING_SATURDAY: weekend,
            }[kind].append(day)
    return WorkingCalendar(extra, cancelled, weekend)


def add_working_days(start, n, instansi=None):
    """``n`` working days after ``start`` in the calendar of ``instansi`` (an OrgNode, an id, or None)."""
    return calendar_for(_instansi_id(instansi)).add_working_days(start, n)


def working_days_between(start, end, instansi=None):
    """Working days in (start, end] in the calendar of ``instansi``."""
    return calendar_for(_instansi_id(instansi)).working_days_between(start, end)


def _instansi_id(instansi):
    if instansi is None or isinstance(instansi, int):
        return instansi
    return instansi.instansi.id
