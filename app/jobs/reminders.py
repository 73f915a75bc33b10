"""The daily jobs of the scheduler: thin calls into each area, each given the local date it runs for."""
from app.complaints import reminders as complaint_reminders
from app.fkp import reminders as fkp_reminders
from app.privacy import retention


def send_complaint_reminders(today):
    """Reminder digests for complaints due within one working day or overdue (app/complaints/reminders.py)."""
    return complaint_reminders.send_reminders(today)


def send_fkp_reminders(today):
    """Reminder digests for FKP agreements that fall due or are overdue (app/fkp/reminders.py)."""
    return fkp_reminders.send_reminders(today=today)


def anonymise_expired(today):
    """Anonymise what passed its retention time (app/privacy/retention.py)."""
    return retention.anonymise_expired(today)


DAILY_JOBS = [send_complaint_reminders, send_fkp_reminders, anonymise_expired]
