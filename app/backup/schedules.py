"""Scheduled backups: which fire time is due, the claim that makes it run once, the N copies kept, the failure mail.

A schedule's cron expression (crontab syntax, PANTAU_TIMEZONE) says when. At each
pass the scheduler takes every active schedule's latest fire time not later than
now; if no run holds (schedule, fire time) yet it inserts one (a unique
constraint: one process wins), makes the backup, records the outcome, deletes
the oldest finished copies beyond ``keep`` and mails the recipients on failure.
Fire times missed while the scheduler was down collapse into one backup.
"""
import datetime
import json
import logging
import os
import shutil

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.backup.archive import make_backup
from app.backup.engines import BackupError
from app.clock import now_utc
from app.extensions import db
from app.locale import format_utc_datetime
from app.mail import MailError, build_message, send
from app.models.backup import BackupRun, BackupSchedule, BackupStatus
from app.reports.schedules import ScheduleError, parse_recipients, trigger_for

log = logging.getLogger(__name__)
BACKUP_NAME_PREFIX = "pantau-"
MAX_KEEP = 365


def validate(schedule):
    """Check and normalise ``schedule``; ScheduleError with a message on the first problem."""
    trigger_for(schedule.cron)
    schedule.cron = " ".join(schedule.cron.split())
    if not schedule.output or not os.path.isabs(schedule.output.strip()):
        raise ScheduleError(str(_l("Folder tujuan harus jalur absolut di server, mis. /srv/cadangan.")))
    schedule.output = schedule.output.strip()
    if schedule.keep is None or not 1 <= schedule.keep <= MAX_KEEP:
        raise ScheduleError(str(_l("Jumlah salinan yang disimpan harus antara 1 dan %(max)s.", max=MAX_KEEP)))
    if (schedule.recipients or "").strip():
        schedule.recipients = ", ".join(parse_recipients(schedule.recipients))
    else:
        schedule.recipients = None
    schedule.created_at = schedule.created_at or now_utc()
    return schedule


def latest_fire_time(schedule, now):
    """The latest fire time of ``schedule`` after its creation and not later than ``now`` (naive UTC), or None.

    Looks back over growing windows (an hour, a day, a week, a month, a year), so
    a frequent cron is not walked from the day the schedule was made.
    """
    trigger = trigger_for(schedule.cron)
    utc = datetime.timezone.utc
    end = now.replace(tzinfo=utc)
    created = schedule.created_at.replace(tzinfo=utc)
    for hours in (1, 24, 24 * 7, 24 * 32, 24 * 366):
        start = max(created, end - datetime.timedelta(hours=hours))
        last, fire = None, trigger.get_next_fire_time(None, start)
        while fire is not None and fire <= end:
            last, fire = fire, trigger.get_next_fire_time(fire, fire + datetime.timedelta(seconds=1))
        if last is not None:
            return last.astimezone(utc).replace(tzinfo=None)
        if start == created:
            return None
    return None


def due_fire_time(schedule, now):
    """The fire time to back up now, or None if the latest one already has a run."""
    fire = latest_fire_time(schedule, now)
    if fire is None:
        return None
    newest = db.session.execute(
        select(BackupRun.fire_time).where(BackupRun.schedule_id == schedule.id)
        .order_by(BackupRun.fire_time.desc()).limit(1)
    ).scalar()
    return fire if newest is None or newest < fire else None


def claim(schedule, fire_time, now):
    """Insert the run of (schedule, fire time); None if another process has it."""
    run = BackupRun(schedule_id=schedule.id, fire_time=fire_time, started_at=now, status=BackupStatus.RUNNING)
    db.session.add(run)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return None
    return run


def finished_copies(output):
    """Finished backup folders under ``output``, oldest first (their names sort by time)."""
    if not os.path.isdir(output):
        return []
    return sorted(
        os.path.join(output, name) for name in os.listdir(output)
        if name.startswith(BACKUP_NAME_PREFIX) and os.path.isfile(os.path.join(output, name, "manifest.json"))
    )


def prune(output, keep):
    """Delete the oldest finished copies beyond ``keep``; returns the deleted paths."""
    copies = finished_copies(output)
    removed = copies[:-keep] if len(copies) > keep else []
    for path in removed:
        shutil.rmtree(path, ignore_errors=True)
    return removed


def _size(path):
    return sum(os.path.getsize(os.path.join(folder, name)) for folder, _dirs, files in os.walk(path) for name in files)


def execute(schedule, run):
    """Make the backup of a claimed run, record its outcome, keep N copies, mail on failure."""
    try:
        path = make_backup(schedule.output)
        with open(os.path.join(path, "manifest.json"), encoding="utf-8") as handle:
            manifest = json.load(handle)
        run.path, run.rows = path, sum(manifest["tables"].values())
        run.files, run.size_bytes = len(manifest["files"]) - 1, _size(path)
        run.status = BackupStatus.OK
        removed = prune(schedule.output, schedule.keep)
        run.message = _("%(count)s salinan lama dihapus.", count=len(removed)) if removed else None
    except BackupError as error:
        run.status, run.message = BackupStatus.FAILED, str(error)
    except Exception as error:  # an unforeseen failure must still be recorded and reported
        log.exception("backup schedule %s failed", schedule.id)
        run.status, run.message = BackupStatus.FAILED, f"{type(error).__name__}: {error}"
    run.finished_at = now_utc()
    db.session.commit()
    if run.status == BackupStatus.FAILED:
        notify_failure(schedule, run)
    return run


def failure_recipients(schedule):
    """The schedule's recipients, else the e-mail of every active Admin Sistem."""
    if schedule.recipients:
        return parse_recipients(schedule.recipients)
    from flask_appbuilder.security.sqla.models import Role

    from app.models.user import PantauUser
    from app.security.tiers import ADMIN_SISTEM

    users = db.session.execute(
        select(PantauUser).where(PantauUser.active.is_(True), PantauUser.roles.any(Role.name == ADMIN_SISTEM))
    ).scalars()
    return sorted({user.email for user in users if user.email})


def notify_failure(schedule, run):
    recipients = failure_recipients(schedule)
    if not recipients:
        log.error("backup schedule %s failed and nobody can be told: %s", schedule.id, run.message)
        return
    subject = _("[Pantau] Cadangan gagal: %(name)s", name=schedule.name)
    text = _("Cadangan terjadwal \"%(name)s\" (%(time)s) gagal.\n\nPesan: %(message)s\n\nFolder tujuan: %(output)s\n"
             "Periksa di Pantau: Cadangan > Riwayat Cadangan.", name=schedule.name,
             time=format_utc_datetime(run.fire_time), message=run.message, output=schedule.output)
    try:
        send(build_message(recipients, subject, text))
    except MailError:
        log.exception("the failure mail of backup schedule %s could not be sent", schedule.id)


def run_due(now=None):
    """Back up every active schedule whose latest fire time has no run yet. Returns the runs made."""
    now = now or now_utc()
    made = []
    schedules = db.session.execute(
        select(BackupSchedule).where(BackupSchedule.active.is_(True)).order_by(BackupSchedule.id)
    ).scalars().all()
    for schedule in schedules:
        try:
            fire = due_fire_time(schedule, now)
        except ScheduleError as error:
            log.warning("backup schedule %s has an invalid cron and is skipped: %s", schedule.id, error)
            continue
        if fire is None:
            continue
        run = claim(schedule, fire, now)
        if run is not None:
            made.append(execute(schedule, run))
    return made


def latest_outcome():
    """The newest finished scheduled backup as a dict for the Admin Sistem home page, or None if none ran yet.

    Keys: ``status`` ('ok' or 'failed'), ``label`` (translated), ``finished_at`` (naive UTC), ``schedule``,
    ``path``, ``message``, ``failed_since_ok`` (failed runs after the last good one), ``last_ok_at`` (naive UTC of
    the last good backup, or None when none succeeded yet).
    """
    run = db.session.execute(
        select(BackupRun).where(BackupRun.status != BackupStatus.RUNNING)
        .order_by(BackupRun.finished_at.desc(), BackupRun.id.desc()).limit(1)
    ).scalar()
    if run is None:
        return None
    last_ok = db.session.execute(
        select(BackupRun.finished_at).where(BackupRun.status == BackupStatus.OK)
        .order_by(BackupRun.finished_at.desc()).limit(1)
    ).scalar()
    failed = select(BackupRun.id).where(BackupRun.status == BackupStatus.FAILED)
    if last_ok is not None:
        failed = failed.where(BackupRun.finished_at > last_ok)
    return {
        "status": run.status.value,
        "label": str(run.status.label),
        "finished_at": run.finished_at,
        "schedule": run.schedule.name,
        "path": run.path,
        "message": run.message,
        "failed_since_ok": len(db.session.execute(failed).all()),
        "last_ok_at": last_ok,
    }
