"""Report schedules: validation, which period is due when, the claim that makes each send happen once, the defaults.

A schedule's cron expression (Asia/Jakarta) says when the scheduler looks; the
period rule and ``due_working_days`` say what it sends: at a fire time, the
previous complete period of the rule, once the period's due date (the Nth
working day after its end, in the instansi's working calendar) has come. The
claim row (schedule, period) is inserted before anything is built: its unique
constraint lets exactly one process send, however many try.
"""
import datetime
import re

from apscheduler.triggers.cron import CronTrigger
from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.clock import now_utc, zone
from app.extensions import db
from app.models.org import OrgNode
from app.models.reports import PeriodRule, ReportSchedule, ScheduleClaim
from app.periods import Period
from app.reports import registry
from app.reports.runs import LANGUAGES, RunError, check_request, queue_run, worker_name

RULE_KINDS = {
    PeriodRule.PREVIOUS_QUARTER: "Q",
    PeriodRule.PREVIOUS_SEMESTER: "H",
    PeriodRule.PREVIOUS_YEAR: "Y",
}
DEFAULT_CRON = "0 7 * * 1-5"
DEFAULT_DUE_WORKING_DAYS = 5


class ScheduleError(ValueError):
    """A schedule field is invalid; the message says which and why."""


DAY_NAMES = ["sun", "mon", "tue", "wed", "thu", "fri", "sat", "sun"]
DAY_RANGE = re.compile(r"^(\d)(?:-(\d))?(?:/(\d+))?$")


def crontab_days(field):
    """A crontab day-of-week field (0 or 7 = Sunday, 1 = Monday) as APScheduler day names.

    APScheduler 3 counts day_of_week from Monday = 0 even in ``from_crontab``, so
    "1-5" would silently mean Tuesday-Saturday; numbers are therefore translated.
    """
    items = []
    for item in field.split(","):
        match = DAY_RANGE.match(item)
        if not match:
            items.append(item)
            continue
        first, last, step = match.group(1), match.group(2), match.group(3)
        first = int(first)
        last = int(last) if last is not None else (7 if step else first)
        if not 0 <= first <= 7 or not 0 <= last <= 7 or last < first:
            raise ValueError(f"day of week {item}")
        days = range(first, last + 1, int(step or 1))
        items.extend(dict.fromkeys(DAY_NAMES[day] for day in days))
    return ",".join(dict.fromkeys(items))


def trigger_for(cron):
    """The APScheduler trigger of a five-field crontab expression (crontab's day numbers), or ScheduleError."""
    try:
        fields = (cron or "").split()
        if len(fields) != 5:
            raise ValueError(str(_l("harus lima kolom, ada %(n)s", n=len(fields))))
        minute, hour, day, month, day_of_week = fields
        return CronTrigger(minute=minute, hour=hour, day=day, month=month, day_of_week=crontab_days(day_of_week),
                           timezone=zone())
    except (ValueError, TypeError) as error:
        raise ScheduleError(str(_l(
            "Ekspresi cron %(cron)s tidak sah (%(error)s). Gunakan lima kolom: menit jam tanggal bulan hari, "
            "contoh 0 7 * * 1-5.", cron=cron or "", error=error)))


def parse_recipients(text):
    """The normalised e-mail addresses of a comma-separated list, or ScheduleError naming the bad one."""
    addresses = []
    for part in (text or "").replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        try:
            addresses.append(validate_email(part, check_deliverability=False).normalized)
        except EmailNotValidError:
            raise ScheduleError(str(_l("Alamat surel %(address)s tidak sah.", address=part)))
    if not addresses:
        raise ScheduleError(str(_l("Isi minimal satu alamat surel penerima.")))
    return addresses


def validate(schedule):
    """Check and normalise every field of ``schedule``; ScheduleError with a message on the first problem."""
    trigger_for(schedule.cron)
    schedule.cron = " ".join(schedule.cron.split())
    schedule.recipients = ", ".join(parse_recipients(schedule.recipients))
    if schedule.language not in LANGUAGES:
        raise ScheduleError(str(_l("Bahasa harus id atau en.")))
    if schedule.period_rule is None:
        raise ScheduleError(str(_l("Pilih aturan periode.")))
    if schedule.due_working_days is None or not 0 <= schedule.due_working_days <= 60:
        raise ScheduleError(str(_l("Hari kerja setelah periode harus antara 0 dan 60.")))
    node = schedule.org or (db.session.get(OrgNode, schedule.org_id) if schedule.org_id else None)
    try:
        check_request(schedule.kind, node, "2000", schedule.language)
    except RunError as error:
        raise ScheduleError(str(error))
    documents = [part.strip() for part in (schedule.documents or "").replace(";", ",").split(",") if part.strip()]
    offered = dict(registry.document_choices())
    for kind in documents:
        if kind not in offered:
            raise ScheduleError(str(_l("Dokumen %(kind)s tidak dapat dilampirkan. Pilihan: %(choices)s.",
                                       kind=kind, choices=", ".join(offered))))
        if not registry.get(kind).allows(node):
            raise ScheduleError(str(_l("Dokumen %(kind)s tidak dapat dibuat untuk tingkat %(level)s.",
                                       kind=offered[kind], level=node.level.label)))
    schedule.documents = ", ".join(documents) or None
    return schedule


def period_for(rule, day):
    """The previous complete period of ``rule`` as seen on ``day``."""
    return Period.containing(day, RULE_KINDS[rule]).previous()


def due_date(schedule, period, cache=None):
    """The Nth working day after the period's end, in the calendar of the schedule's instansi."""
    if schedule.due_working_days == 0:
        return period.end + datetime.timedelta(days=1)
    from app.calendar import add_working_days

    key = (schedule.org.instansi.id, period.code, schedule.due_working_days)
    if cache is None or key not in cache:
        day = add_working_days(period.end, schedule.due_working_days, schedule.org)
        if cache is None:
            return day
        cache[key] = day
    return cache[key]


def first_fire_on_or_after(trigger, day):
    """The first cron fire time on or after 00:00 of ``day`` (aware, Asia/Jakarta)."""
    start = datetime.datetime.combine(day, datetime.time(0, 0), tzinfo=trigger.timezone)
    return trigger.get_next_fire_time(None, start)


def latest_due(schedule, now, cache=None):
    """(period, fire time in naive UTC) of the latest send of ``schedule`` due at ``now`` (naive UTC), or None.

    Looks at the previous period of the rule, and the one before (still due if
    the process was down when it fell due); a period whose fire time is before
    the schedule was created is not sent.
    """
    trigger = trigger_for(schedule.cron)
    local_now = now.replace(tzinfo=datetime.timezone.utc).astimezone(trigger.timezone)
    period = period_for(schedule.period_rule, local_now.date())
    for candidate in (period, period.previous()):
        fire = first_fire_on_or_after(trigger, due_date(schedule, candidate, cache))
        if fire is None:
            continue
        fire_utc = fire.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        if fire_utc <= now:
            if schedule.created_at and fire_utc < schedule.created_at:
                return None
            return candidate, fire_utc
    return None


def is_claimed(schedule_id, period_code):
    query = select(ScheduleClaim.id).where(ScheduleClaim.schedule_id == schedule_id, ScheduleClaim.period_code == period_code)
    return db.session.execute(query).first() is not None


def claim(schedule, period, fire_time, now=None):
    """Insert the claim of (schedule, period) and queue its run, in one transaction. None if someone else has it."""
    schedule_id = schedule.id
    db.session.commit()
    claim_row = ScheduleClaim(schedule_id=schedule_id, period_code=period.code, fire_time=fire_time,
                              claimed_at=now or now_utc(), claimed_by=worker_name())
    db.session.add(claim_row)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        return None
    run = queue_run(schedule.kind, schedule.org, period.code, schedule.language, schedule=schedule,
                    as_at_build=schedule.as_at_build)
    claim_row.run_id = run.id
    db.session.commit()
    return run


def claim_due(now=None, schedule_ids=None):
    """Claim and queue every active schedule's latest due, unclaimed period. Returns the queued runs."""
    now = now or now_utc()
    query = select(ReportSchedule).where(ReportSchedule.active.is_(True)).order_by(ReportSchedule.id)
    if schedule_ids is not None:
        query = query.where(ReportSchedule.id.in_(schedule_ids))
    queued, due_dates = [], {}
    for schedule in db.session.execute(query).scalars().all():
        try:
            due = latest_due(schedule, now, due_dates)
        except (ScheduleError, RunError) as error:
            current_app.logger.warning("schedule %s skipped: %s", schedule.id, error)
            continue
        if due is None or is_claimed(schedule.id, due[0].code):
            continue
        try:
            run = claim(schedule, due[0], due[1], now)
        except RunError as error:
            db.session.rollback()
            current_app.logger.warning("schedule %s not claimed: %s", schedule.id, error)
            continue
        if run is not None:
            queued.append(run)
    return queued


def version():
    """Changes whenever a schedule is added, edited or deleted: (count, latest change)."""
    count, latest = db.session.execute(select(func.count(ReportSchedule.id), func.max(ReportSchedule.changed_at))).one()
    db.session.commit()
    return count, latest


def seed_defaults(instansi, recipients, language="id", now=None):
    """The combined package after each triwulan and each semester, on the 5th working day. Idempotent per rule."""
    if instansi.level.value != "instansi":
        raise ScheduleError(str(_l("Jadwal bawaan dibuat untuk node tingkat instansi.")))
    created = []
    for rule in (PeriodRule.PREVIOUS_QUARTER, PeriodRule.PREVIOUS_SEMESTER):
        exists = db.session.execute(select(ReportSchedule.id).where(
            ReportSchedule.org_id == instansi.id, ReportSchedule.kind == registry.PACKAGE, ReportSchedule.period_rule == rule
        )).first()
        if exists:
            continue
        schedule = ReportSchedule(org=instansi, kind=registry.PACKAGE, period_rule=rule,
                                  due_working_days=DEFAULT_DUE_WORKING_DAYS, cron=DEFAULT_CRON,
                                  recipients=recipients, language=language, active=True)
        if now is not None:
            schedule.created_at = schedule.changed_at = now
        validate(schedule)
        db.session.add(schedule)
        created.append(schedule)
    db.session.flush()
    return created
