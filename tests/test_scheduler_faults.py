"""Each e-mail once and the scheduler's faults: several real `flask reports run-queued` processes mail each report
to each recipient once (real SMTP); a scheduler that loses its database exits with code 4 and one line; a scheduler
holding the lock takes back a dead builder's run at once; no partial file survives. Real processes, real engines."""
import datetime
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time

import pytest
from sqlalchemy import select, text
from sqlalchemy.engine import make_url

from tests.conftest import DATABASE_URL
from tests.test_reports_scheduler import DUE, ROOT, make_schedule

SUBJECTS = {
    "pekppp_catalogue": "Laporan Instrumen PEKPPP - Pemerintah Provinsi Jawa Tengah - Triwulan III 2025",
    "mcp_catalogue": "Laporan Katalog dan Bukti MCP/MCSP - Pemerintah Provinsi Jawa Tengah - Triwulan III 2025",
}
RECIPIENTS = ["biro.org@jatengprov.go.id", "gubernur@jatengprov.go.id", "inspektorat@jatengprov.go.id"]


@pytest.fixture
def jateng(fresh, db):
    from app.models.org import OrgNode
    from app.reports.catalogues import seed_catalogues

    seed_catalogues()
    db.session.commit()
    return db.session.execute(select(OrgNode).where(OrgNode.code == "JATENG")).scalar_one()


def flask_process(app, *args, database_url=None, **extra_env):
    """`flask ...` in a process of its own, against the test database (or ``database_url``) and the test inbox."""
    env = dict(os.environ, FLASK_APP="app", SMTP_HOST="127.0.0.1", SMTP_PORT=str(app.config["MAIL_PORT"]),
               MAIL_DRY_RUN="false", **extra_env)
    if database_url:
        env["DATABASE_URL"] = database_url
    return subprocess.Popen([sys.executable, "-m", "flask", *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def fresh_view(db):
    db.session.rollback()  # a new transaction sees what the processes committed (MariaDB reads a snapshot)
    return db.session


def test_run_queued_and_scheduler_processes_at_once_mail_each_report_to_each_recipient_once(app, db, jateng, inbox):
    from app.models.reports import DeliveryStatus, ReportDelivery, ReportRun, RunStatus
    from app.reports.schedules import claim_due

    for kind in SUBJECTS:
        make_schedule(db, jateng, kind=kind, recipients=", ".join(RECIPIENTS))
    assert len(claim_due(DUE)) == 2
    db.session.commit()

    processes = [flask_process(app, "reports", "run-queued", "--now", DUE.isoformat()) for _ in range(3)]
    processes.append(flask_process(app, "scheduler", "--once", "--now", DUE.isoformat()))
    outputs = [process.communicate(timeout=300) for process in processes]
    assert [process.returncode for process in processes] == [0, 0, 0, 0], outputs
    assert not any("Traceback" in err for _, err in outputs), outputs

    sent = sorted((message["Subject"].strip(), tuple(recipients)) for recipients, message in inbox.messages)
    assert sent == sorted((subject, (address,)) for subject in SUBJECTS.values() for address in RECIPIENTS)
    session = fresh_view(db)
    assert [run.status for run in session.execute(select(ReportRun)).scalars()] == [RunStatus.DONE] * 2
    deliveries = session.execute(select(ReportDelivery)).scalars().all()
    assert len(deliveries) == 6 and {d.status for d in deliveries} == {DeliveryStatus.SENT}
    assert {d.attempts for d in deliveries} == {1}


def test_a_delivery_row_for_the_same_run_and_recipient_is_refused_by_the_database(app, db, jateng):
    from sqlalchemy.exc import IntegrityError

    from app.models.reports import DeliveryStatus, ReportDelivery
    from app.periods import Period
    from app.reports.schedules import claim

    run = claim(make_schedule(db, jateng), Period.parse("2025-Q3"), DUE, DUE)
    db.session.add(ReportDelivery(run=run, recipient="biro.org@jatengprov.go.id", status=DeliveryStatus.PENDING))
    db.session.commit()
    db.session.add(ReportDelivery(run=run, recipient="biro.org@jatengprov.go.id", status=DeliveryStatus.PENDING))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def dead_pid():
    """The id of a process of this host that has ended."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_scheduler_holding_the_lock_takes_back_dead_builders_runs_at_once(app, db, jateng, inbox):
    from app.jobs.scheduler import SchedulerService
    from app.models.reports import ReportRun, RunStatus
    from app.periods import Period
    from app.reports.runs import partial_files
    from app.reports.schedules import claim

    runs, leftovers = [], []
    workers = ["scheduler@pantau-lama:4242", f"{socket.gethostname()}:{dead_pid()}"]
    for kind, worker in zip(SUBJECTS, workers):
        run = claim(make_schedule(db, jateng, kind=kind, recipients=RECIPIENTS[0]), Period.parse("2025-Q3"), DUE, DUE)
        # Died while writing: still "running", heartbeat one minute old (not stale), a partial file left behind.
        run.status, run.attempts, run.worker = RunStatus.RUNNING, 1, worker
        run.started_at = run.heartbeat_at = DUE - datetime.timedelta(minutes=1)
        runs.append(run)
    alive = ReportRun(org=jateng, kind="pekppp_catalogue", period_code="2025-Q2", status=RunStatus.RUNNING, attempts=1,
                      worker="pantau-lain:77", heartbeat_at=DUE - datetime.timedelta(minutes=1))
    db.session.add(alive)
    db.session.commit()
    os.makedirs(os.path.join(app.config["UPLOAD_FOLDER"], "reports"), exist_ok=True)
    for run in runs:
        leftovers.append(os.path.join(app.config["UPLOAD_FOLDER"], "reports", f"run-{run.id}-1.part"))
        with open(leftovers[-1], "wb") as handle:
            handle.write(b"PK\x03\x04 half a workbook")

    SchedulerService(app).once(DUE)

    session = fresh_view(db)
    for run in runs:
        run = session.get(ReportRun, run.id)
        assert (run.status, run.attempts) == (RunStatus.DONE, 2)
        assert partial_files(run.id) == []
    assert session.get(ReportRun, alive.id).status == RunStatus.RUNNING  # another host, still beating: left alone
    assert not any(os.path.exists(path) for path in leftovers)
    assert len(inbox.messages) == 2


def test_a_scheduler_killed_while_building_is_followed_by_one_that_builds_the_run_at_once(app, db, jateng):
    from app.models.reports import ReportRun, RunStatus
    from app.reports.runs import queue_run

    run_id = queue_run("paket", jateng, "2025-Q3").id
    db.session.commit()
    first = flask_process(app, "scheduler")
    try:
        deadline = time.monotonic() + 120
        while fresh_view(db).get(ReportRun, run_id).status == RunStatus.QUEUED and time.monotonic() < deadline:
            time.sleep(0.05)
        run = fresh_view(db).get(ReportRun, run_id)
        assert run.status == RunStatus.RUNNING, "the build ended before it could be interrupted"
        assert run.worker == f"scheduler@{socket.gethostname()}:{first.pid}"
    finally:
        first.send_signal(signal.SIGKILL)
        first.communicate(timeout=60)

    second = flask_process(app, "scheduler", "--once")
    out, err = second.communicate(timeout=300)
    assert second.returncode == 0, (out, err)
    run = fresh_view(db).get(ReportRun, run_id)
    assert (run.status, run.attempts) == (RunStatus.DONE, 2)
    folder = os.path.join(app.config["UPLOAD_FOLDER"], "reports")
    assert [name for name in os.listdir(folder) if name.endswith(".part")] == []


def lose_database(db, service_lock_name, sqlite_copy):
    """Take the database away from the running scheduler as an outage would: its lock connection is killed
    (PostgreSQL, MariaDB), or its SQLite file disappears."""
    if sqlite_copy:
        os.remove(sqlite_copy)
        return
    with db.engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            killed = conn.execute(text(
                "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted "
                "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")).scalars().all()
        else:
            holder = conn.execute(text("SELECT IS_USED_LOCK(:name)"), {"name": service_lock_name}).scalar()
            conn.execute(text(f"KILL {int(holder)}"))
            killed = [holder]
        conn.commit()
    assert killed, "no scheduler lock to take away"


def test_a_scheduler_that_loses_its_database_exits_with_code_4_and_one_line(app, db, jateng, tmp_path):
    from app.jobs.scheduler import EXIT_DATABASE_LOST, InstanceLock

    database_url, sqlite_copy = None, None
    if db.engine.dialect.name == "sqlite":  # a copy of its own, so the test database stays
        sqlite_copy = str(tmp_path / "verloren.db")
        source = sqlite3.connect(make_url(DATABASE_URL).database)
        with sqlite3.connect(sqlite_copy) as target:
            source.backup(target)
        source.close()
        database_url = f"sqlite:///{sqlite_copy}"
    scheduler = flask_process(app, "scheduler", "--check-every", "1", database_url=database_url)
    started, lines = threading.Event(), []

    def read_log():
        for line in scheduler.stderr:
            lines.append(line)
            if "scheduler started" in line:
                started.set()

    reader = threading.Thread(target=read_log, daemon=True)
    reader.start()
    try:
        assert started.wait(120), "".join(lines)
        lose_database(db, InstanceLock(db.engine).mysql_name(), sqlite_copy)
        scheduler.wait(timeout=60)
    finally:
        if scheduler.poll() is None:
            scheduler.kill()
    reader.join(10)
    log = "".join(lines)
    assert scheduler.returncode == EXIT_DATABASE_LOST, log
    assert "Traceback" not in log and "PendingRollbackError" not in log, log
    farewell = [line for line in lines if "kehilangan basis data" in line]
    assert len(farewell) == 1 and "keluar dengan kode 4" in farewell[0], log
