"""The one place Pantau asks the wall clock: now and today in PANTAU_TIMEZONE, and now in UTC.

Every other module calls these three functions, so "today" has one definition
(the instansi's local date, Asia/Jakarta by default) even on a server whose own
zone is UTC, and a test freezes time for the whole application in one place
(the ``clock`` fixture in tests/conftest.py replaces ``wall_clock``).
Complaint timestamps are naive local time; audit, report and login timestamps
are naive UTC, as their columns have always held.
"""
import datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

DEFAULT_TIMEZONE = "Asia/Jakarta"


def wall_clock():
    """The current instant, timezone-aware (the only call to the system clock)."""
    return datetime.datetime.now(datetime.timezone.utc)


def zone(app=None):
    """Pantau's time zone: PANTAU_TIMEZONE of ``app`` (default: the running app), Asia/Jakarta outside one."""
    if app is None and has_app_context():
        app = current_app
    name = app.config.get("PANTAU_TIMEZONE") if app is not None else None
    return ZoneInfo(name or DEFAULT_TIMEZONE)


def now_utc():
    """Now in UTC, naive (the form the UTC timestamp columns store)."""
    return wall_clock().astimezone(datetime.timezone.utc).replace(tzinfo=None)


def now_local():
    """Now in PANTAU_TIMEZONE, naive and to the second (the form complaint timestamps store)."""
    return wall_clock().astimezone(zone()).replace(tzinfo=None, microsecond=0)


def today_local():
    """Today's date in PANTAU_TIMEZONE."""
    return now_local().date()


def utc_of(local_moment):
    """A naive local datetime (a cut-off, a complaint moment) as the naive UTC the UTC columns store."""
    return local_moment.replace(tzinfo=zone()).astimezone(datetime.timezone.utc).replace(tzinfo=None)


def local_of(utc_moment):
    """A naive UTC moment (audit, report, stage history columns) as naive local time."""
    return utc_moment.replace(tzinfo=datetime.timezone.utc).astimezone(zone()).replace(tzinfo=None)
