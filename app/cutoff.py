"""The cut-off of a period report (D15): the one moment every figure of the report is computed as at.

By default the end of the period's last day (local time); on request the moment of the build. A cut-off is a
naive local datetime; events recorded after it are ignored, so the same cut-off gives the same figures whenever
the report is built.
"""
import datetime

from flask_babel import lazy_gettext as _l

from app.clock import now_local, today_local
from app.locale import long_date

AT_BUILD = "build"


class CutoffError(ValueError):
    """The cut-off asked for cannot be used for this period; the message says why."""


def end_of_day(day):
    """The last moment of ``day``."""
    return datetime.datetime.combine(day, datetime.time.max)


def cutoff_for(period, as_of=None):
    """The cut-off moment of a report of ``period``: None = end of the period, AT_BUILD = now, a date = end of it.

    Raises CutoffError for a date before the period starts or after today.
    """
    if as_of is None:
        return end_of_day(period.end)
    if as_of == AT_BUILD:
        return now_local()
    if isinstance(as_of, datetime.datetime):
        as_of = as_of.date()
    check_cutoff_date(period.start, as_of)
    return end_of_day(as_of)


def check_cutoff_date(start, day):
    """Refuse a cut-off date before the period's first day ``start`` or after today."""
    if day < start:
        raise CutoffError(str(_l("Tanggal keadaan %(date)s sebelum awal periode (%(start)s).",
                                 date=long_date(day), start=long_date(start))))
    if day > today_local():
        raise CutoffError(str(_l("Tanggal keadaan %(date)s belum lewat; pilih hari ini atau sebelumnya.",
                                 date=long_date(day))))


def parse_cutoff_date(text):
    """A YYYY-MM-DD text as a date, or CutoffError."""
    try:
        return datetime.date.fromisoformat((text or "").strip())
    except ValueError:
        raise CutoffError(str(_l("Tanggal keadaan harus berformat TTTT-BB-HH, contoh 2026-06-30.")))


def cutoff_label(cutoff):
    """"Keadaan per 30 Juni 2026" (with the time when the cut-off is not the end of a day)."""
    if cutoff.time() == datetime.time.max:
        return str(_l("Keadaan per %(date)s", date=long_date(cutoff)))
    return str(_l("Keadaan per %(date)s pukul %(time)s", date=long_date(cutoff), time=cutoff.strftime("%H.%M")))
