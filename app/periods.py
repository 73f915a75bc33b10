"""Reporting periods (D5): `2025-Q3` (Triwulan III 2025), `2025-H1` (Semester I 2025), `2025` (Tahun 2025).

The one period parser of Pantau: SKM periods, report periods and schedule
rules all go through ``Period``.
"""
import datetime
import functools
import re
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
PATTERN = re.compile(r"^(\d{4})(?:-(Q[1-4]|H[12]))?$")


class PeriodError(ValueError):
    """Text that is not a period code."""


@dataclass(frozen=True, order=True)
class Period:
    """A triwulan (kind Q), semester (H) or year (Y)."""

    year: int
    kind: str = "Y"
    number: int = 1

    @classmethod
    def parse(cls, code):
        """The period of ``code`` ("2025", "2025-H1", "2025-Q3"); PeriodError for anything else. Remembered per
        code (a report parses the same few codes thousands of times); a refused code is not remembered."""
        return _parsed(cls, code)

    @classmethod
    def _parse(cls, code):
        match = PATTERN.match((code or "").strip().upper())
        if not match:
            raise PeriodError(
                str(_l("Periode %(code)s tidak dikenal. Contoh: 2025-Q3, 2025-H1, 2025.", code=code))
            )
        year, part = int(match.group(1)), match.group(2)
        if part is None:
            return cls(year, "Y", 1)
        return cls(year, part[0], int(part[1]))

    @classmethod
    def containing(cls, day, kind):
        """The period of ``kind`` (Q, H or Y) that contains ``day``."""
        if kind == "Q":
            return cls(day.year, "Q", (day.month - 1) // 3 + 1)
        if kind == "H":
            return cls(day.year, "H", 1 if day.month <= 6 else 2)
        return cls(day.year, "Y", 1)

    @property
    def code(self):
        return str(self.year) if self.kind == "Y" else f"{self.year}-{self.kind}{self.number}"

    @property
    def months(self):
        return {"Q": 3, "H": 6, "Y": 12}[self.kind]

    @functools.cached_property  # (a period is immutable; a report asks a parsed code for its days thousands of times)
    def start(self):
        return datetime.date(self.year, (self.number - 1) * self.months + 1, 1)

    @functools.cached_property
    def end(self):
        """The last day of the period (inclusive)."""
        return self.next().start - datetime.timedelta(days=1)

    def next(self):
        count = 12 // self.months
        if self.number < count:
            return Period(self.year, self.kind, self.number + 1)
        return Period(self.year + 1, self.kind, 1)

    def previous(self):
        if self.number > 1:
            return Period(self.year, self.kind, self.number - 1)
        return Period(self.year - 1, self.kind, 12 // self.months)

    def contains(self, day):
        return self.start <= day <= self.end

    @property
    def label(self):
        """Indonesian label with roman numerals, e.g. 'Triwulan III 2025'."""
        if self.kind == "Q":
            return str(_l("Triwulan %(n)s %(year)s", n=ROMAN[self.number], year=self.year))
        if self.kind == "H":
            return str(_l("Semester %(n)s %(year)s", n=ROMAN[self.number], year=self.year))
        return str(_l("Tahun %(year)s", year=self.year))

    def __str__(self):
        return self.code


def validate_period_code(code):
    """The normalised code, or PeriodError with a message for the user."""
    return Period.parse(code).code


@functools.lru_cache(maxsize=4096)
def _parsed(cls, code):
    return cls._parse(code)
