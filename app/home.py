"""What the home page (Beranda) shows: what waits for the user, and what falls due soon, within its scope.

Plain functions over the database that take a Scope and a day, so a test can call them without a request.
Which complaints wait for whom is the complaint queue's rule; this module is handed its SQL condition.
"""
import datetime
from dataclasses import dataclass, field

from sqlalchemy import case, func, select

from app.backup.schedules import latest_outcome
from app.complaints.deadlines import due_soon_clause
from app.extensions import db
from app.fkp.reminders import DEFAULT_DAYS_AHEAD
from app.models.backup import BackupSchedule
from app.models.complaints import Complaint, Status
from app.models.fkp import AgreementStatus, FkpAgreement, FkpForum
from app.models.reports import ReportSchedule
from app.models.skm import PeriodStatus, SurveyPeriod
from app.periods import Period

# "Soon" for forums, SKM periods and scheduled reports: the horizon the FKP reminders already use.
SOON_DAYS = DEFAULT_DAYS_AHEAD
SHOWN = 8  # rows per list on the page; the "all" link leads to the full list


@dataclass
class QueueStep:
    status: Status
    count: int
    overdue: int


@dataclass
class Queue:
    steps: list = field(default_factory=list)

    @property
    def total(self):
        return sum(step.count for step in self.steps)

    @property
    def overdue(self):
        return sum(step.overdue for step in self.steps)


def my_queue(scope, waiting_condition, today):
    """My queue by step (status), the steps with overdue complaints first, then in workflow order."""
    overdue = func.sum(case((Complaint.active_due < today, 1), else_=0))
    rows = db.session.execute(
        select(Complaint.status, func.count(), overdue)  # rows, not ids: the (status, org_id, active_due) index
        .where(scope.listed_clause(Complaint), waiting_condition)
        .group_by(Complaint.status)
    ).all()
    order = list(Status)
    steps = [QueueStep(status, count, int(late or 0)) for status, count, late in rows if count]
    steps.sort(key=lambda step: (step.overdue == 0, order.index(step.status)))
    return Queue(steps)


def complaints_due_soon(scope, waiting_condition, today, limit=SHOWN):
    """Complaints in my queue due soon (the one horizon: by the next working day of their instansi), nearest first."""
    return list(db.session.execute(
        select(Complaint)
        .where(scope.clause(Complaint), waiting_condition, due_soon_clause(today))
        .order_by(Complaint.active_due, Complaint.id).limit(limit)
    ).scalars())


def skm_periods_to_close(scope, today, limit=SHOWN):
    """Open SKM periods that have ended or end within SOON_DAYS: [(period row, its last day)], oldest first."""
    horizon = today + datetime.timedelta(days=SOON_DAYS)
    found = []
    for period in db.session.execute(
        select(SurveyPeriod).where(scope.clause(SurveyPeriod), SurveyPeriod.status == PeriodStatus.OPEN)
        .order_by(SurveyPeriod.period_code, SurveyPeriod.id)
    ).scalars():
        end = Period.parse(period.period_code).end
        if end <= horizon:
            found.append((period, end))
    found.sort(key=lambda pair: pair[1])
    return found[:limit]


def forums_this_month(scope, today, limit=SHOWN):
    """Forums held, or to be held, in the current month, by date."""
    first = today.replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return list(db.session.execute(
        select(FkpForum).where(scope.clause(FkpForum), FkpForum.held_on >= first, FkpForum.held_on < following)
        .order_by(FkpForum.held_on, FkpForum.id).limit(limit)
    ).scalars())


def agreements_overdue(scope, today, limit=SHOWN):
    """FKP agreements not done whose due date has passed, oldest first."""
    return list(db.session.execute(
        select(FkpAgreement).where(scope.clause(FkpAgreement), FkpAgreement.status != AgreementStatus.SELESAI,
                                   FkpAgreement.due_date < today)
        .order_by(FkpAgreement.due_date, FkpAgreement.id).limit(limit)
    ).scalars())


def reports_due(scope, today, limit=SHOWN):
    """Scheduled reports whose next send falls within SOON_DAYS: [(schedule, period, due date)], nearest first."""
    from app.reports.schedules import due_date, is_claimed, period_for

    horizon = today + datetime.timedelta(days=SOON_DAYS)
    found = []
    for schedule in db.session.execute(
        select(ReportSchedule).where(scope.clause(ReportSchedule), ReportSchedule.active.is_(True))
        .order_by(ReportSchedule.id)
    ).scalars():
        period = period_for(schedule.period_rule, today)
        # sent already, or fell due before the schedule existed (the scheduler skips those): the next one
        if is_claimed(schedule.id, period.code) or due_date(schedule, period) < schedule.created_at.date():
            period = period.next()
        day = due_date(schedule, period)
        if day <= horizon:
            found.append((schedule, period, day))
    found.sort(key=lambda row: row[2])
    return found[:limit]


def backup_state():
    """What Admin Sistem's home page says about backups: the latest scheduled backup's outcome (see
    ``app.backup.schedules.latest_outcome``) and how many backup schedules are active."""
    active = db.session.execute(
        select(func.count()).select_from(BackupSchedule).where(BackupSchedule.active.is_(True))
    ).scalar_one()
    return {"latest": latest_outcome(), "active_schedules": active}
