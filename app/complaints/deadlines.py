"""Complaint deadlines in working days (D7): rules as data, computed on the record, recomputed on change.

Each deadline counts from its event: verification from receipt, first follow-up
and resolution from disposition, the auto-close proposal from the last follow-up.
Tunda stops the clock: working days spent on hold after an event push that
event's deadlines back by as many working days. Every deadline is stored on the
complaint, with ``active_due`` = the deadline of the step now waiting, so lists,
filters and reminders read one indexed column.
"""

from sqlalchemy import and_, false, or_, select
from sqlalchemy.orm import selectinload

from app.calendar import calendar_for
from app.complaints.due import soon_horizon
from app.extensions import db
from app.models.complaints import Classification, Complaint, DeadlineRule, Status

DEFAULT_DAYS = {"verify": 3, "first_followup": 5, "autoclose": 10}
DEFAULT_RESOLVE_DAYS = {
    Classification.INFORMASI: 5,
    Classification.PENGADUAN_TIDAK_BERKADAR: 14,
    Classification.PENGADUAN_BERKADAR: 60,
    Classification.ASPIRASI: 14,
}
CLOSED_STATUSES = (Status.SELESAI, Status.ARSIP)


class DeadlineRules:
    """The deadline rules of one instansi: category rule, else classification rule, else D7 default."""

    def __init__(self, rules=()):
        self._rules = {(rule.classification, rule.category_id): rule for rule in rules}

    def days(self, classification, category_id=None):
        """{'verify', 'first_followup', 'resolve', 'autoclose'} -> working days."""
        result = dict(DEFAULT_DAYS, resolve=DEFAULT_RESOLVE_DAYS[classification])
        keys = [(classification, None)] + ([(classification, category_id)] if category_id is not None else [])
        for key in keys:
            rule = self._rules.get(key)
            if rule is None:
                continue
            for name, attr in (("verify", "verify_days"), ("first_followup", "first_followup_days"),
                               ("resolve", "resolve_days"), ("autoclose", "autoclose_days")):
                value = getattr(rule, attr)
                if value is not None:
                    result[name] = value
        return result


def rules_for(instansi_id):
    rows = db.session.execute(select(DeadlineRule).where(DeadlineRule.org_id == instansi_id)).scalars().all()
    return DeadlineRules(rows)


def hold_intervals(complaint):
    """[(hold date, resume date or None)] from the complaint's history."""
    intervals, start = [], None
    for entry in complaint.history:
        if entry.to_status == Status.TUNDA and entry.from_status != Status.TUNDA:
            start = entry.at.date()
        elif entry.from_status == Status.TUNDA and entry.to_status != Status.TUNDA and start is not None:
            intervals.append((start, entry.at.date()))
            start = None
    if start is not None:
        intervals.append((start, None))
    return intervals


def _held_after(calendar, holds, event_date, until=None):
    """Working days spent on hold (closed holds) that began on or after ``event_date`` (and before ``until``)."""
    total = 0
    for start, end in holds:
        if end is None or start < event_date or (until is not None and start >= until):
            continue
        total += calendar.working_days_between(start, end)
    return total


def compute_deadlines(complaint, calendar, rules, holds=None):
    """Set every deadline, the durations and on-time flags of ``complaint`` from its events."""
    holds = hold_intervals(complaint) if holds is None else holds
    category_id = complaint.category_id or (complaint.category.id if complaint.category is not None else None)
    days = rules.days(complaint.classification, category_id)

    def due(event, n, done=None):
        # Hold time pushes a deadline back only if the step was still waiting when the hold began.
        event_date = event.date()
        held = _held_after(calendar, holds, event_date, done.date() if done else None)
        return calendar.add_working_days(event_date, n + held)

    received, routed = complaint.received_at, complaint.routed_at
    finished = complaint.finished_at if complaint.status == Status.SELESAI else None
    complaint.verify_due = due(received, days["verify"], complaint.verified_at)
    complaint.first_followup_due = due(routed, days["first_followup"], complaint.first_followup_at) if routed else None
    complaint.resolve_due = due(routed, days["resolve"], finished) if routed else None
    complaint.autoclose_due = due(complaint.last_followup_at, days["autoclose"]) if complaint.last_followup_at else None
    complaint.paused_days = sum(calendar.working_days_between(s, e) for s, e in holds if e is not None)

    def duration(end):
        if end is None:
            return None
        start_date, end_date = received.date(), end.date()
        return calendar.working_days_between(start_date, end_date) - _held_after(calendar, holds, start_date, end_date)

    complaint.days_to_first_followup = duration(complaint.first_followup_at)
    complaint.days_to_finish = duration(complaint.finished_at if complaint.status == Status.SELESAI else None)
    complaint.verified_on_time = _on_time(complaint.verified_at, complaint.verify_due)
    complaint.followup_on_time = _on_time(complaint.first_followup_at, complaint.first_followup_due)
    complaint.resolved_on_time = _on_time(
        complaint.finished_at if complaint.status == Status.SELESAI else None, complaint.resolve_due
    )
    complaint.active_due = active_due(complaint)


def _on_time(done_at, due_date):
    if done_at is None or due_date is None:
        return None
    return done_at.date() <= due_date


def active_due(complaint):
    """The deadline of the step now waiting, or None when nothing waits (closed, on hold, returned)."""
    return {
        Status.BELUM_TERVERIFIKASI: complaint.verify_due,
        Status.BELUM_DITINDAKLANJUTI: complaint.first_followup_due,
        Status.DIPROSES: complaint.resolve_due,
    }.get(complaint.status)


def refresh(complaint):
    """Recompute ``complaint``'s deadlines with its instansi's calendar and rules."""
    compute_deadlines(complaint, calendar_for(complaint.instansi_id), rules_for(complaint.instansi_id))


def recompute_instansi(instansi_id, batch=500):
    """Recompute the deadlines of every open complaint of an instansi (after its calendar or rules change).

    Returns the number of complaints whose deadlines changed. Does not commit.
    """
    calendar, rules = calendar_for(instansi_id), rules_for(instansi_id)
    changed, last_id = 0, 0
    fields = ("verify_due", "first_followup_due", "resolve_due", "autoclose_due", "active_due")
    while True:
        rows = db.session.execute(
            select(Complaint)
            .where(Complaint.instansi_id == instansi_id, Complaint.status.not_in(CLOSED_STATUSES), Complaint.id > last_id)
            .options(selectinload(Complaint.history))
            .order_by(Complaint.id)
            .limit(batch)
        ).scalars().all()
        if not rows:
            return changed
        for complaint in rows:
            before = tuple(getattr(complaint, f) for f in fields)
            compute_deadlines(complaint, calendar, rules)
            changed += before != tuple(getattr(complaint, f) for f in fields)
        last_id = rows[-1].id
        db.session.flush()


def due_soon_clause(today):
    """SQL: the waiting step falls due from ``today`` up to the due-soon horizon of the complaint's own instansi."""
    instansi_ids = db.session.execute(
        select(Complaint.instansi_id).where(Complaint.active_due >= today).distinct()
    ).scalars().all()
    return or_(false(), *[
        and_(Complaint.instansi_id == instansi_id, Complaint.active_due >= today,
             Complaint.active_due <= soon_horizon(instansi_id, today))
        for instansi_id in instansi_ids
    ])
