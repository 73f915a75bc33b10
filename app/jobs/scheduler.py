"""The one scheduler process (`flask scheduler`): scheduled report sends, queued report runs, reminder jobs, and the
pass that gives complaints their topic (app/issues/topics.py).

Exactly one runs per database: it holds a single-instance lock
(pg_try_advisory_lock on PostgreSQL, GET_LOCK on MariaDB, an fcntl file lock
next to the SQLite file) and a second process exits with a message. Jobs live in
memory (APScheduler 3, nothing pickled) and are rebuilt from the schedules table
at start and whenever that table changes. Even so, every scheduled send first
claims (schedule, period) in a table with a unique constraint, so two processes
could never send the same report twice. At start, each schedule's latest due and
unclaimed period is sent once (it fell due while the process was down), and runs
a crash left "running" are re-queued: at once when their builder is known dead
(holding the lock proves an earlier scheduler gone), else when their heartbeat
is old (app/reports/runs.py).

Exit codes: 0 stopped (SIGTERM), 3 another scheduler holds the lock, 4 the
database was lost or cannot be reached (one line on stderr; a supervisor
restarts the process). Nothing else ends it: a failing job is logged and the
next one runs.
"""
import fcntl
import hashlib
import logging
import os
import tempfile

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from app.clock import today_local, wall_clock, zone
from app.extensions import db
from app.jobs.reminders import DAILY_JOBS

log = logging.getLogger("pantau.scheduler")

LOCK_NAME = "pantau-scheduler"
REMINDER_CRON = "0 7 * * *"
WORK_EVERY_SECONDS = 30
BACKUP_EVERY_SECONDS = 60
RELOAD_EVERY_SECONDS = 60
TOPICS_EVERY_SECONDS = 600
DASHBOARD_EVERY_SECONDS = 20
EXIT_ALREADY_RUNNING = 3
EXIT_DATABASE_LOST = 4


def first_line(error):
    """An exception as one line of text (driver messages span several)."""
    return f"{type(error).__name__}: {str(error).strip().splitlines()[0] if str(error).strip() else ''}"


class InstanceLock:
    """The single-instance lock of the scheduler for one database; ``acquire()`` never waits."""

    def __init__(self, engine, name=LOCK_NAME):
        self.engine, self.name = engine, name
        self.dialect = engine.dialect.name
        self.connection = None
        self.handle = None
        self.database_file = None
        self.lost = False

    def describe(self):
        if self.dialect == "sqlite":
            return f"berkas kunci {self.lock_path()}"
        if self.dialect == "postgresql":
            return f"pg_advisory_lock {self.key()}"
        return f"GET_LOCK('{self.mysql_name()}')"

    def key(self):
        """A stable signed 64-bit key for pg_try_advisory_lock (advisory locks are per database already)."""
        return int.from_bytes(hashlib.sha256(self.name.encode()).digest()[:8], "big", signed=True)

    def mysql_name(self):
        """GET_LOCK names are server-wide: include the database, within MariaDB's 64 characters."""
        return f"{self.name}:{self.engine.url.database}"[:64]

    def lock_path(self):
        database = make_url(str(self.engine.url)).database
        if not database or database == ":memory:":
            return os.path.join(tempfile.gettempdir(), f"{self.name}.lock")
        return os.path.abspath(database) + ".scheduler.lock"

    def acquire(self):
        if self.dialect == "sqlite":
            self.handle = open(self.lock_path(), "a+")
            try:
                fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                self.handle.close()
                self.handle = None
                return False
            self.handle.seek(0)
            self.handle.truncate()
            self.handle.write(f"{os.getpid()}\n")
            self.handle.flush()
            self.database_file = self._database_file()
            return True
        self.connection = self.engine.connect()
        if self.dialect == "postgresql":
            got = self.connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": self.key()}).scalar()
        else:
            got = self.connection.execute(text("SELECT GET_LOCK(:name, 0)"), {"name": self.mysql_name()}).scalar()
        self.connection.commit()
        if not got:
            self.connection.close()
            self.connection = None
        return bool(got)

    def _database_file(self):
        """(device, inode) of the SQLite file, so a file deleted or replaced under the scheduler counts as lost."""
        stat = os.stat(make_url(str(self.engine.url)).database)
        return stat.st_dev, stat.st_ino

    def alive(self):
        """True while the lock is held and its database answers (a database lock dies with its connection)."""
        try:
            if self.handle is not None:
                if self._database_file() != self.database_file:
                    raise FileNotFoundError(make_url(str(self.engine.url)).database)
                with self.engine.connect() as conn:
                    conn.execute(text("SELECT count(*) FROM sqlite_master")).scalar()
                return True
            if self.connection is None:
                return False
            self.connection.execute(text("SELECT 1")).scalar()
            self.connection.commit()
            return True
        except (SQLAlchemyError, OSError) as error:
            log.error("the scheduler's database is lost: %s", first_line(error))
            self.lost = True
            return False

    def release(self):
        """Give the lock back; never raises (a lock whose connection died was released by the server already)."""
        if self.handle is not None:
            fcntl.flock(self.handle, fcntl.LOCK_UN)
            self.handle.close()
            self.handle = None
        if self.connection is not None and self.lost:  # the server dropped the lock with the connection
            self.connection.invalidate()
            self.connection = None
        if self.connection is not None:
            try:
                if self.dialect == "postgresql":
                    self.connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": self.key()})
                else:
                    self.connection.execute(text("SELECT RELEASE_LOCK(:name)"), {"name": self.mysql_name()})
                self.connection.commit()
            except SQLAlchemyError as error:
                log.info("lock not released explicitly (%s); the database dropped it with the connection",
                         first_line(error))
            finally:
                try:
                    self.connection.close()
                except SQLAlchemyError:  # closing a dead connection may fail too; there is nothing left to free
                    pass
                self.connection = None


def run_daily(job, today=None):
    """Run one daily job for ``today`` (default: today in PANTAU_TIMEZONE)."""
    return job(today or today_local())


def work(now=None, worker=None):
    """Re-queue crashed runs, build queued runs, send due deliveries. Returns counts.

    ``worker`` names the builder (default: this process); only the scheduler holding the lock passes its own.
    """
    from app.reports import delivery, runs

    built = runs.execute_queued(now, worker=worker)
    attempted = delivery.send_pending(now)
    return {"built": len(built), "deliveries": len(attempted)}


def tick(now=None, schedule_ids=None, worker=None):
    """One full pass: claim due schedules (those given, or all), then ``work``. Safe to run any number of times."""
    from app.reports import schedules

    queued = schedules.claim_due(now, schedule_ids)
    result = work(now, worker)
    result["claimed"] = len(queued)
    if schedule_ids is None:
        result["backups"] = len(backup_due(now))
    return result


def topic_pass():
    """Give complaints their category's topic or a suggested one (app/issues/topics.py); counts."""
    from app.issues.topics import topic_pass as run

    return run()


def dashboards():
    """Compute the dashboards asked for, stale or due (app/dashboard.py); counts."""
    from app.dashboard import refresh

    return refresh()


def backup_due(now=None):
    """Make the backups whose schedules are due (app/backup/schedules.py); their own job, as a backup takes long."""
    from app.backup.schedules import run_due

    return run_due(now)


class SchedulerService:
    """The scheduler process: the lock, the in-memory APScheduler jobs, and their rebuild on change."""

    def __init__(self, app, scheduler=None, check_every=RELOAD_EVERY_SECONDS):
        from app.reports.runs import SCHEDULER, worker_name

        self.app = app
        self.check_every = check_every
        self.worker = worker_name(SCHEDULER)
        self.scheduler = scheduler or BlockingScheduler(
            timezone=zone(app),
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 3600},
        )
        with app.app_context():
            self.lock = InstanceLock(db.engine)
        self.version = None
        self.exit_code = 0

    def _in_app(self, function, *args):
        name = getattr(function, "__name__", function)
        with self.app.app_context():
            try:
                return function(*args)
            except DBAPIError as error:
                log.error("scheduler job %s: database error: %s", name, first_line(error))
                self.check_lock()
            except Exception:
                log.exception("scheduler job %s failed", name)
            finally:
                self._discard_session()

    @staticmethod
    def _discard_session():
        try:
            db.session.remove()
        except DBAPIError:  # rolling back on a dead connection fails too; the pool replaces it
            pass

    def stop(self, exit_code):
        self.exit_code = exit_code
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)

    def check_lock(self):
        """Stop with EXIT_DATABASE_LOST if the lock or its database is gone; True while all is well."""
        if self.lock.alive():
            return True
        log.critical("the single-instance lock is lost; stopping so that a supervisor restarts the scheduler")
        self.stop(EXIT_DATABASE_LOST)
        return False

    def schedule_jobs(self):
        """(id, cron) of every active schedule whose cron is valid."""
        from app.models.reports import ReportSchedule
        from app.reports.schedules import ScheduleError, trigger_for

        jobs = []
        for schedule in db.session.execute(select(ReportSchedule).where(ReportSchedule.active.is_(True))).scalars():
            try:
                jobs.append((schedule.id, trigger_for(schedule.cron)))
            except ScheduleError as error:
                log.warning("schedule %s has an invalid cron and is skipped: %s", schedule.id, error)
        return jobs

    def rebuild(self):
        """Replace the schedule jobs by those of the schedules table."""
        from app.reports.schedules import version

        with self.app.app_context():
            self.version = version()
            wanted = self.schedule_jobs()
            db.session.remove()
        for job in self.scheduler.get_jobs():
            if job.id.startswith("schedule-"):
                job.remove()
        for schedule_id, trigger in wanted:
            self.scheduler.add_job(self._in_app, trigger, args=[tick, None, [schedule_id], self.worker],
                                   id=f"schedule-{schedule_id}", name=f"report schedule {schedule_id}",
                                   replace_existing=True)
        log.info("scheduler: %s schedule job(s)", len(wanted))

    def reload_if_changed(self):
        """The periodic reload: check the lock, and rebuild the jobs if the schedules changed."""
        from app.reports.schedules import version

        if not self.check_lock():
            return
        try:
            with self.app.app_context():
                current = version()
                db.session.remove()
            if current != self.version:
                self.rebuild()
        except DBAPIError as error:
            log.error("reloading the schedules failed: %s", first_line(error))
            self._discard_session()
            self.check_lock()

    def add_fixed_jobs(self):
        self.scheduler.add_job(self._in_app, IntervalTrigger(seconds=WORK_EVERY_SECONDS), args=[work, None, self.worker],
                               id="work", name="build queued reports, send deliveries", replace_existing=True)
        self.scheduler.add_job(self._in_app, IntervalTrigger(seconds=BACKUP_EVERY_SECONDS), args=[backup_due],
                               id="backups", name="scheduled backups", replace_existing=True)
        self.scheduler.add_job(self._in_app, IntervalTrigger(seconds=TOPICS_EVERY_SECONDS), args=[topic_pass],
                               id="topics", name="complaint topics", replace_existing=True)
        self.scheduler.add_job(self._in_app, IntervalTrigger(seconds=DASHBOARD_EVERY_SECONDS), args=[dashboards],
                               id="dashboards", name="dashboard figures", replace_existing=True,
                               next_run_time=wall_clock().astimezone(zone(self.app)))
        self.scheduler.add_job(self.reload_if_changed, IntervalTrigger(seconds=self.check_every),
                               id="reload", name="reload schedules", replace_existing=True)
        for job in DAILY_JOBS:
            self.scheduler.add_job(self._in_app, CronTrigger.from_crontab(REMINDER_CRON, timezone=zone(self.app)),
                                   args=[run_daily, job], id=f"daily-{job.__name__}", name=job.__name__,
                                   replace_existing=True)

    def start(self):
        """Take the lock (False if another process has it), catch up, then run the jobs until stopped."""
        if not self.lock.acquire():
            return False
        try:
            log.info("scheduler started; lock %s", self.lock.describe())
            self._stop_on_sigterm()
            self._in_app(tick, None, None, self.worker)
            if self.exit_code:
                return True
            self.rebuild()
            self.add_fixed_jobs()
            self.scheduler.start()
        finally:
            self.lock.release()
        return True

    def _stop_on_sigterm(self):
        import signal
        import threading

        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, self._on_sigterm)

    def _on_sigterm(self, *_):
        """Stop cleanly; a SIGTERM that comes while starting up (before the loop runs) ends the start instead."""
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        else:
            raise SystemExit(0)

    def once(self, now=None):
        """Take the lock, run one full pass, release. None if another process holds the lock."""
        if not self.lock.acquire():
            return None
        try:
            with self.app.app_context():
                try:
                    return tick(now, None, self.worker)
                finally:
                    db.session.remove()
        finally:
            self.lock.release()
