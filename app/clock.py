"""The one place that asks the wall clock: local time of the instansi (PANTAU_TIMEZONE) and UTC."""
import datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context


def now_utc():
    """Now in UTC, naive (how UTC timestamps are stored)."""
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


def now_local():
    """Now as a naive local datetime (PANTAU_TIMEZONE): complaint timestamps are local time."""
    tz = current_app.config.get("PANTAU_TIMEZONE", "Asia/Jakarta") if has_app_context() else "Asia/Jakarta"
    return datetime.datetime.now(ZoneInfo(tz)).replace(tzinfo=None, microsecond=0)


def today_local():
    return now_local().date()
