"""Scheduled job: reminders about FKP agreements that fall due or are overdue (see app/fkp/reminders.py)."""
from flask import has_app_context


def send_fkp_reminders(today=None):
    """Send the FKP reminder digests for ``today`` (default: the current date); returns the counts."""
    from app.fkp.reminders import send_reminders

    if has_app_context():
        return send_reminders(today=today)
    from app import create_app

    with create_app().app_context():
        return send_reminders(today=today)
