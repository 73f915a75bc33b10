"""The one place that asks the wall clock: now and today in Pantau's time zone, and now in UTC."""
import datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context


def _zone():
    name = current_app.config.get("PANTAU_TIMEZONE", "Asia/Jakarta") if has_app_context() else "Asia/Jakarta"
    return ZoneInfo(name)


def now_local():
    """Now, as a naive local datetime (PANTAU_TIMEZONE), to the second."""
    return datetime.datetime.now(_zone()).replace(tzinfo=None, microsecond=0)


def today_local():
    return now_local().date()


def now_utc():
    """Now, as a naive UTC datetime."""
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
