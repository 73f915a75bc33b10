"""The scheduler: due schedules send once (ticks twice, racing claimers, a second process), crashed runs are
retried, dry runs send nothing, failed sends back off. Real SMTP (aiosmtpd), real database, frozen time."""
import datetime
import os
import subprocess
import sys
import threading

import pytest
from sqlalchemy import func, select

from tests.conftest import free_port

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Tuesday 7 October 2025, 08:00 WIB: the 5th working day after Triwulan III 2025, after the 07:00 check.
DUE = datetime.datetime(2025, 10, 7, 1, 0)
CREATED = datetime.datetime(2025, 9, 1)


@pytest.fixture
def smtp(inbox):
    return inbox


@pytest.fixture
def jateng(fresh, db):
    from app.models.org import OrgNode
    from app.reports.catalogues import seed_catalogues

    seed_catalogues()
    db.session.commit()
    return db.session.execute(select(OrgNode).where(OrgNode.code == "JATENG")).scalar_one()


def make_schedule(db, node, kind="pekppp_catalogue", rule="PREVIOUS_QUARTER", recipients="biro.org@jatengprov.go.id, gubernur@jatengprov.go.id",
                  language="id", created=CREATED):
    from app.models.reports import PeriodRule, ReportSchedule

    schedule = ReportSchedule(org=node, kind=kind, period_rule=PeriodRule[rule], due_working_days=5, cron="0 7 * * 1-5",
                              recipients=recipients, language=language, active=True, created_at=created)
    db.session.add(schedule)
    db.session.commit()
    return schedule


def count(db, model):
    db.session.rollback()  # a new transaction sees what other sessions committed (MariaDB reads a snapshot)
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def test_a_due_schedule_sends_the_package_once_even_when_the_tick_runs_twice(app, db, jateng, smtp):
    from app.jobs.scheduler import tick
    from app.models.reports import DeliveryStatus, ReportDelivery, ReportRun, RunStatus

    make_schedule(db, jateng)
    first = tick(DUE)
    second = tick(DUE + datetime.timedelta(minutes=1))

    assert (first["claimed"], second["claimed"]) == (1, 0)
    assert sorted(recipients for recipients, _ in smtp.messages) == [["biro.org@jatengprov.go.id"],
                                                                     ["gubernur@jatengprov.go.id"]]
    message = smtp.messages[0][1]
    assert message["Subject"].strip() == "Laporan Instrumen PEKPPP - Pemerintah Provinsi Jawa Tengah - Triwulan III 2025"
    body = message.get_body(("plain",)).get_content()
    assert "Terlampir Instrumen PEKPPP Pemerintah Provinsi Jawa Tengah untuk Triwulan III 2025." in body
    assert "- Jumlah bobot (%): 100.00" in body
    assert "- Indikator tercatat: 13" in body
    attachments = [part for part in message.iter_attachments()]
    assert [part.get_filename() for part in attachments] == ["pekppp_catalogue_JATENG_2025-Q3.xlsx"]
    assert attachments[0].get_payload(decode=True).startswith(b"PK")
    run = db.session.execute(select(ReportRun)).scalar_one()
    assert (run.status, run.period_code, run.attempts) == (RunStatus.DONE, "2025-Q3", 1)
    deliveries = db.session.execute(select(ReportDelivery)).scalars().all()
    assert sorted((d.recipient, d.status, d.attempts) for d in deliveries) == [
        ("biro.org@jatengprov.go.id", DeliveryStatus.SENT, 1), ("gubernur@jatengprov.go.id", DeliveryStatus.SENT, 1)]


def test_a_schedule_before_its_due_date_sends_nothing(app, db, jateng, smtp):
    from app.jobs.scheduler import tick
    from app.models.reports import ReportRun

    make_schedule(db, jateng)
    # Tuesday 7 October, 06:00 WIB: the due day, but before the 07:00 check.
    result = tick(datetime.datetime(2025, 10, 6, 23, 0))
    assert result["claimed"] == 0
    assert count(db, ReportRun) == 0
    assert smtp.messages == []


def test_two_claimers_racing_for_the_same_send_produce_one_mail(app, db, jateng, smtp):
    from app.jobs.scheduler import tick
    from app.models.reports import ReportRun, ScheduleClaim

    make_schedule(db, jateng)
    barrier = threading.Barrier(2)
    results, errors = [], []

    def contender():
        with app.app_context():
            try:
                barrier.wait()
                results.append(tick(DUE))
            except Exception as error:  # surfaced by the assertion below
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=contender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert errors == []
    assert sorted(result["claimed"] for result in results) == [0, 1]
    assert count(db, ScheduleClaim) == 1
    assert count(db, ReportRun) == 1
    assert len(smtp.messages) == 2  # one report, to each of its two recipients once


def test_a_claim_already_taken_is_refused_by_the_database(app, db, jateng):
    from app.models.reports import ScheduleClaim
    from app.periods import Period
    from app.reports.schedules import claim

    schedule = make_schedule(db, jateng)
    assert claim(schedule, Period.parse("2025-Q3"), DUE, DUE) is not None
    assert claim(schedule, Period.parse("2025-Q3"), DUE, DUE) is None
    assert count(db, ScheduleClaim) == 1


def test_a_send_missed_while_the_scheduler_was_down_runs_once_when_it_comes_back(app, db, jateng, smtp):
    from app.jobs.scheduler import SchedulerService

    make_schedule(db, jateng, rule="PREVIOUS_SEMESTER", created=datetime.datetime(2025, 6, 1))
    service = SchedulerService(app)
    back = datetime.datetime(2025, 8, 20, 2, 0)  # weeks after the due day of Semester I (7 July 2025)
    assert service.once(back)["claimed"] == 1
    assert service.once(back + datetime.timedelta(hours=1))["claimed"] == 0
    assert len(smtp.messages) == 2
    assert smtp.messages[0][1]["Subject"].endswith("Semester I 2025")


def test_the_due_date_follows_the_working_day_calendar(app, db, jateng):
    from app.models.reports import PeriodRule, ReportSchedule
    from app.periods import Period
    from app.reports.schedules import due_date, latest_due

    schedule = ReportSchedule(org=jateng, kind="paket", period_rule=PeriodRule.PREVIOUS_QUARTER, due_working_days=5,
                              cron="0 7 * * 1-5", recipients="a@b.go.id", language="id", created_at=datetime.datetime(2025, 2, 1))
    # Triwulan I 2025 ends on 31 March, during Idul Fitri and its cuti bersama (31 March - 7 April).
    assert due_date(schedule, Period.parse("2025-Q1")) == datetime.date(2025, 4, 14)
    assert latest_due(schedule, datetime.datetime(2025, 4, 11, 3, 0)) is None
    period, fire = latest_due(schedule, datetime.datetime(2025, 4, 14, 1, 0))
    assert (period.code, fire) == ("2025-Q1", datetime.datetime(2025, 4, 14, 0, 0))


def test_a_run_left_running_with_an_old_heartbeat_is_retried(app, db, jateng, smtp):
    from app.jobs.scheduler import tick
    from app.models.reports import ReportRun, RunStatus
    from app.periods import Period
    from app.reports.schedules import claim

    schedule = make_schedule(db, jateng)
    run = claim(schedule, Period.parse("2025-Q3"), DUE, DUE)
    # The process died while building: still "running", last heartbeat 30 minutes before now.
    run.status, run.attempts = RunStatus.RUNNING, 1
    run.started_at = run.heartbeat_at = DUE - datetime.timedelta(minutes=30)
    fresh_run = ReportRun(org=jateng, kind="mcp_catalogue", period_code="2025-Q3", status=RunStatus.RUNNING,
                          attempts=1, heartbeat_at=DUE - datetime.timedelta(minutes=1))
    db.session.add(fresh_run)
    db.session.commit()
    run_id, fresh_id = run.id, fresh_run.id

    tick(DUE)

    db.session.expire_all()
    retried = db.session.get(ReportRun, run_id)
    assert (retried.status, retried.attempts) == (RunStatus.DONE, 2)
    assert os.path.exists(os.path.join(app.config["UPLOAD_FOLDER"], retried.stored_name))
    assert db.session.get(ReportRun, fresh_id).status == RunStatus.RUNNING  # still beating: left alone
    assert len(smtp.messages) == 2


def test_a_run_that_keeps_crashing_fails_after_the_last_attempt(app, db, jateng):
    from app.models.reports import ReportRun, RunStatus
    from app.reports.runs import MAX_ATTEMPTS, requeue_stale

    run = ReportRun(org=jateng, kind="pekppp_catalogue", period_code="2025-Q3", status=RunStatus.RUNNING, attempts=MAX_ATTEMPTS,
                    heartbeat_at=DUE - datetime.timedelta(hours=1))
    db.session.add(run)
    db.session.commit()
    requeue_stale(DUE)
    db.session.expire_all()
    failed = db.session.get(ReportRun, run.id)
    assert failed.status == RunStatus.FAILED
    assert "Terhenti tanpa kabar" in failed.error


def test_dry_run_builds_everything_but_sends_nothing_and_records_it(app, db, jateng, smtp):
    from app.jobs.scheduler import tick
    from app.models.reports import DeliveryStatus, ReportDelivery, RunStatus

    app.config["MAIL_DRY_RUN"] = True
    make_schedule(db, jateng, recipients="biro.org@jatengprov.go.id")
    tick(DUE)
    assert smtp.messages == []
    delivery = db.session.execute(select(ReportDelivery)).scalar_one()
    assert delivery.status == DeliveryStatus.DRY_RUN
    assert delivery.sent_at is None
    assert delivery.run.status == RunStatus.DONE and delivery.run.stored_name
    assert tick(DUE + datetime.timedelta(minutes=5))["deliveries"] == 0


def test_a_failed_send_is_retried_after_its_backoff(app, db, jateng, smtp):
    from app.jobs.scheduler import tick, work
    from app.models.reports import DeliveryStatus, ReportDelivery

    real_port = app.config["MAIL_PORT"]
    app.config["MAIL_PORT"] = free_port()  # nothing listens there
    make_schedule(db, jateng, recipients="biro.org@jatengprov.go.id")
    tick(DUE)
    delivery = db.session.execute(select(ReportDelivery)).scalar_one()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.RETRYING, 1)
    assert delivery.next_attempt_at == DUE + datetime.timedelta(minutes=2)
    assert delivery.error

    app.config["MAIL_PORT"] = real_port
    assert work(DUE + datetime.timedelta(minutes=1))["deliveries"] == 0  # backoff not over yet
    assert smtp.messages == []
    work(DUE + datetime.timedelta(minutes=3))
    db.session.expire_all()
    delivery = db.session.get(ReportDelivery, delivery.id)
    assert (delivery.status, delivery.attempts, delivery.error) == (DeliveryStatus.SENT, 2, None)
    assert len(smtp.messages) == 1


def scheduler_process(*args):
    env = dict(os.environ, FLASK_APP="app", MAIL_DRY_RUN="1")
    return subprocess.Popen([sys.executable, "-m", "flask", "scheduler", *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_a_second_scheduler_process_exits_while_another_holds_the_lock(app, db, jateng):
    from app.jobs.scheduler import EXIT_ALREADY_RUNNING, InstanceLock

    holder = InstanceLock(db.engine)
    assert holder.acquire()
    try:
        second = scheduler_process("--once")
        out, err = second.communicate(timeout=120)
        assert second.returncode == EXIT_ALREADY_RUNNING, (out, err)
        assert "sudah berjalan di proses lain" in err
    finally:
        holder.release()
    third = scheduler_process("--once")
    out, err = third.communicate(timeout=120)
    assert third.returncode == 0, (out, err)


def test_a_running_scheduler_process_keeps_the_lock_from_others(app, db, jateng):
    from app.jobs.scheduler import EXIT_ALREADY_RUNNING

    first = scheduler_process()
    started = threading.Event()
    log_lines = []

    def read_log():
        for line in first.stderr:
            log_lines.append(line)
            if "scheduler started" in line:
                started.set()

    reader = threading.Thread(target=read_log, daemon=True)
    reader.start()
    try:
        assert started.wait(120), "".join(log_lines)
        second = scheduler_process("--once")
        out, err = second.communicate(timeout=120)
        assert second.returncode == EXIT_ALREADY_RUNNING, (out, err)
        assert "sudah berjalan di proses lain" in err
    finally:
        first.terminate()
        first.wait(timeout=60)
    assert first.returncode == 0, "".join(log_lines)  # SIGTERM stops it cleanly and releases the lock


def test_an_english_schedule_mails_its_report_too(app, db, jateng, smtp):
    from app.jobs.scheduler import tick

    make_schedule(db, jateng, language="en", recipients="bappeda@jatengprov.go.id")
    tick(DUE)
    assert len(smtp.messages) == 1
    message = smtp.messages[0][1]
    assert "2025" in message["Subject"]
    assert message.get_body(("html",)) is not None


def test_the_scheduler_rebuilds_its_jobs_when_the_schedules_change(app, db, jateng):
    from apscheduler.schedulers.background import BackgroundScheduler

    from app.jobs.scheduler import SchedulerService

    service = SchedulerService(app, scheduler=BackgroundScheduler(timezone="Asia/Jakarta"))
    assert service.lock.acquire()
    try:
        first = make_schedule(db, jateng)
        service.rebuild()
        assert {job.id for job in service.scheduler.get_jobs()} == {f"schedule-{first.id}"}
        second = make_schedule(db, jateng, rule="PREVIOUS_SEMESTER")
        first.active = False
        db.session.commit()
        service.reload_if_changed()
        assert {job.id for job in service.scheduler.get_jobs()} == {f"schedule-{second.id}"}
        trigger = service.scheduler.get_job(f"schedule-{second.id}").trigger
        # Crontab's 1-5 is Monday-Friday (APScheduler alone would read it as Tuesday-Saturday).
        assert str(trigger.fields[4]) == "mon,tue,wed,thu,fri"
    finally:
        service.lock.release()


def test_the_scheduler_runs_each_daily_job_with_the_local_date(app, db, clock):
    from apscheduler.schedulers.background import BackgroundScheduler

    from app.jobs.reminders import DAILY_JOBS
    from app.jobs.scheduler import SchedulerService, run_daily

    service = SchedulerService(app, scheduler=BackgroundScheduler(timezone="Asia/Jakarta"))
    service.add_fixed_jobs()
    daily = {job.id for job in service.scheduler.get_jobs() if job.id.startswith("daily-")}
    assert daily == {f"daily-{job.__name__}" for job in DAILY_JOBS}
    assert {job.__name__ for job in DAILY_JOBS} >= {"send_complaint_reminders", "send_fkp_reminders"}
    clock.set(datetime.datetime(2026, 3, 9, 18, 0, tzinfo=datetime.timezone.utc))  # 10 March in Jakarta
    assert run_daily(lambda today: today) == datetime.date(2026, 3, 10)
