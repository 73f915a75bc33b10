"""When a complaint's waiting step is due: overdue, or due soon (by the next working day of its instansi's calendar).

The one "due soon" horizon: the list flag, the complaint page, the "due soon"
list filter and the reminders all take it from ``soon_horizon``, in the
calendar of the complaint's own instansi (its local holidays and working
Saturdays included).
"""
from flask import g, has_app_context

from app.calendar import calendar_for
from app.clock import today_local

OVERDUE, SOON = "overdue", "soon"


def soon_horizon(instansi_id, today):
    """The last day that counts as due soon: the first working day after ``today`` in the instansi's calendar."""
    cache = g.setdefault("pantau_soon_horizons", {}) if has_app_context() else {}
    key = (instansi_id, today)
    if key not in cache:
        cache[key] = calendar_for(instansi_id).add_working_days(today, 1)
    return cache[key]


def due_state(due_date, instansi_id, today=None):
    """OVERDUE when ``due_date`` has passed, SOON when it is within the horizon, else None."""
    if due_date is None:
        return None
    today = today or today_local()
    if due_date < today:
        return OVERDUE
    if due_date <= soon_horizon(instansi_id, today):
        return SOON
    return None
