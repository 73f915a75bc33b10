"""Report runs: queue one, build it (scheduler process or CLI), keep its heartbeat, re-queue runs a crash left behind.

Each run records who builds it (``worker``). A run whose builder is known dead is taken back at once: a process
of this host that no longer exists, or, for the scheduler holding the single-instance lock, any other scheduler
(only one can hold the lock, so the one that built the run is gone). Otherwise a run waits until its heartbeat
is STALE_AFTER old. The file is written as ``reports/run-<id>-<attempt>.part`` and renamed when complete; a
failed, interrupted or taken-back build leaves no partial file.
"""
import datetime
import glob
import logging
import os
import re
import socket
import threading
import traceback
import uuid

from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from app.clock import now_utc, today_local
from app.cutoff import AT_BUILD, CutoffError, check_cutoff_date, cutoff_for, cutoff_label
from app.extensions import db
from app.locale import format_utc_datetime
from app.models.reports import ReportFile, ReportRun, RunStatus
from app.periods import Period
from app.reports import registry
from app.reports.shared import cutoff_of_build

log = logging.getLogger(__name__)

STALE_AFTER = datetime.timedelta(minutes=10)
HEARTBEAT_EVERY_SECONDS = 30
MAX_ATTEMPTS = 3
LANGUAGES = ("id", "en")
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_MIME = "application/pdf"


class RunError(ValueError):
    """A run cannot be queued as asked; the message says why."""


SCHEDULER = "scheduler"


def worker_name(role=None):
    """This process as a builder: 'host:pid', or 'scheduler@host:pid' for the scheduler holding the lock."""
    name = f"{socket.gethostname()}:{os.getpid()}"
    return f"{role}@{name}" if role else name


def _process_exists(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by another user
        return True
    return True


def builder_is_dead(worker, me):
    """True if the builder ``worker`` is known to be gone, as seen by the builder ``me``."""
    if not worker or worker == me:
        return False
    role, _, address = worker.rpartition("@")
    if role == SCHEDULER and me.startswith(SCHEDULER + "@"):
        return True
    host, _, pid = address.rpartition(":")
    return host == socket.gethostname() and pid.isdigit() and not _process_exists(int(pid))


def partial_files(run_id):
    """The partial files builds of run ``run_id`` may have left (normally none)."""
    return glob.glob(os.path.join(current_app.config["UPLOAD_FOLDER"], "reports", f"run-{run_id}-*.part"))


def _give_back(run, now, note):
    """Re-queue ``run`` (or fail it after its last attempt) and delete what an interrupted build left."""
    for path in partial_files(run.id):
        os.remove(path)
    if run.attempts >= MAX_ATTEMPTS:
        run.status, run.finished_at, run.error = RunStatus.FAILED, now, note
    else:
        run.status, run.error = RunStatus.QUEUED, note


def check_request(kind, node, period_code, language, forum=None, as_of_date=None):
    """The parsed period, or RunError if the kind, node, period, forum, language or cut-off date cannot be built.

    A forum kind (laporan-fkp, berita-acara) is built for ``forum``: its node must hold the forum, and its period
    is the forum's year when none is given.
    """
    try:
        report_kind = registry.get(kind)
    except registry.UnknownKind as error:
        raise RunError(str(error))
    if node is None:
        raise RunError(str(_l("Pilih unit organisasi.")))
    if report_kind.needs_forum:
        if forum is None:
            raise RunError(str(_l("Laporan %(kind)s dibuat untuk satu forum FKP: pilih forumnya.", kind=report_kind.label)))
        if not forum.unit.is_within(node.path):
            raise RunError(str(_l("Forum %(forum)s bukan milik %(node)s.", forum=forum.topic, node=node.name)))
        node = forum.unit
        if not period_code:
            period_code = str((forum.held_on or today_local()).year)
    elif forum is not None:
        raise RunError(str(_l("Laporan %(kind)s dibuat per periode, bukan per forum.", kind=report_kind.label)))
    if not report_kind.allows(node):
        raise RunError(str(_l("Laporan %(kind)s tidak dapat dibuat untuk tingkat %(level)s.",
                              kind=report_kind.label, level=node.level.label)))
    if language not in LANGUAGES:
        raise RunError(str(_l("Bahasa harus id atau en.")))
    try:
        period = Period.parse(period_code)
    except ValueError as error:
        raise RunError(str(error))
    if as_of_date is not None:
        try:
            check_cutoff_date(period.start, as_of_date)
        except CutoffError as error:
            raise RunError(str(error))
    return period


def default_spec(kind):
    """The cut-off of a build that asked for none: a forum document describes its forum as at the build (its
    "period" is only the forum's year); any other report as at the end of its period (D15)."""
    return AT_BUILD if kind.needs_forum else None


def cutoff_spec(run):
    """What a run asks for as its cut-off: a date, AT_BUILD, or None (the end of the period)."""
    if run.as_at_build:
        return AT_BUILD
    return run.as_of_date


def queue_run(kind, node, period_code, language="id", requested_by=None, schedule=None, forum=None, as_of_date=None,
              as_at_build=False):
    """Add a queued run (flushed, not committed); the scheduler process builds it."""
    period = check_request(kind, node, period_code, language, forum, as_of_date)
    run = ReportRun(kind=kind, org=forum.unit if forum is not None else node, period_code=period.code,
                    language=language, requested_by=requested_by, schedule=schedule, forum=forum,
                    status=RunStatus.QUEUED, as_of_date=as_of_date, as_at_build=as_at_build)
    db.session.add(run)
    db.session.flush()
    return run


def extension_of(kind):
    try:
        return registry.get(kind).extension
    except registry.UnknownKind:
        return "xlsx"


def file_name_for(run, kind=None, extension=None):
    """A readable download name, e.g. 'paket_JATENG_2025-Q3.xlsx' or 'berita-acara_JTG-RSUD_forum-12.docx'."""
    if kind is None and run.params and run.params.get("file_name"):
        return run.params["file_name"]
    kind = kind or run.kind
    what = f"forum-{run.forum_id}" if run.forum_id and kind == run.kind else run.period_code
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "-", f"{kind}_{run.org.code}_{what}")
    return f"{safe}.{extension or extension_of(kind)}"


def requeue_stale(now=None, stale_after=STALE_AFTER):
    """Put back in the queue every run whose builder stopped beating (a crash); fail it after MAX_ATTEMPTS."""
    now = now or now_utc()
    limit = now - stale_after
    stale = db.session.execute(
        select(ReportRun).where(ReportRun.status == RunStatus.RUNNING, ReportRun.heartbeat_at < limit)
    ).scalars().all()
    for run in stale:
        _give_back(run, now, str(_l("Terhenti tanpa kabar sejak %(time)s (proses mati?).",
                                    time=format_utc_datetime(run.heartbeat_at))))
    db.session.commit()
    return len(stale)


def recover_orphans(me, now=None):
    """Take back at once the running runs whose builder is known dead (see the module docstring). Returns the count."""
    now = now or now_utc()
    running = db.session.execute(select(ReportRun).where(ReportRun.status == RunStatus.RUNNING)).scalars().all()
    orphans = [run for run in running if builder_is_dead(run.worker, me)]
    for run in orphans:
        _give_back(run, now, str(_l("Proses pembuatnya (%(worker)s) sudah berhenti; dibuat ulang.", worker=run.worker)))
    db.session.commit()
    return len(orphans)


def _take(run_id, now, worker):
    """Compare-and-set queued -> running; True if this process won the run."""
    result = db.session.execute(
        update(ReportRun)
        .where(ReportRun.id == run_id, ReportRun.status == RunStatus.QUEUED)
        .values(status=RunStatus.RUNNING, started_at=now, heartbeat_at=now, attempts=ReportRun.attempts + 1,
                worker=worker)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount == 1


class Heartbeat:
    """Touches the run's heartbeat_at from a side thread while the builder works."""

    def __init__(self, app, run_id, every=HEARTBEAT_EVERY_SECONDS):
        self.app, self.run_id, self.every = app, run_id, every
        self.stop_event = threading.Event()
        self.thread = threading.Thread(target=self._beat, name=f"heartbeat-{run_id}", daemon=True)

    def _beat(self):
        while not self.stop_event.wait(self.every):
            try:
                with self.app.app_context():
                    with db.engine.begin() as conn:
                        conn.execute(update(ReportRun.__table__).where(ReportRun.__table__.c.id == self.run_id)
                                     .values(heartbeat_at=now_utc()))
            except Exception:  # a missed beat only risks a retry; never kill the build for it
                log.exception("heartbeat of run %s failed", self.run_id)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop_event.set()
        self.thread.join(timeout=5)


def build_into(run, path, kind_code=None):
    """Call the builder of ``kind_code`` (the run's kind by default) for ``run`` in its language; returns the summary.

    A background import or export (app/background.py) is built by its task instead; an import writes no file.
    """
    from app import background

    if kind_code is None and background.is_task(run.kind):
        with force_locale(run.language):
            return background.run_task(run, path) or {}
    kind = registry.get(kind_code or run.kind)
    extra = {"forum": run.forum} if kind.needs_forum else {}
    period = Period.parse(run.period_code)
    cutoff = cutoff_for(period, cutoff_spec(run) or default_spec(kind))
    with force_locale(run.language), cutoff_of_build(cutoff):
        summary = dict(kind.build(run.org, period, path, run.language, **extra) or {})
        summary["as_of"] = cutoff_label(cutoff)
    return summary


def _store_file(run, kind_code, build, extension, mime, made):
    """Write one further file of ``run`` with ``build(path)`` and keep it as a ReportFile row (flushed); its path is
    added to ``made`` so a build that fails later removes it."""
    stored_name = f"reports/{uuid.uuid4().hex}.{extension}"
    final_path = os.path.join(current_app.config["UPLOAD_FOLDER"], stored_name)
    partial_path = os.path.join(os.path.dirname(final_path), f"run-{run.id}-{run.attempts}-{kind_code}.{extension}.part")
    made.append(final_path)
    try:
        build(partial_path)
        os.replace(partial_path, final_path)
    finally:
        if os.path.exists(partial_path):
            os.remove(partial_path)
    row = ReportFile(run=run, kind=kind_code, stored_name=stored_name, mime=mime, size=os.path.getsize(final_path),
                     file_name=file_name_for(run, kind_code, extension))
    db.session.add(row)
    db.session.flush()
    return row


def add_files(run, main_path, made):
    """The further files of a finished build: the documents its schedule carries, and a PDF of every Word file
    when LibreOffice is installed (converted here, in the scheduler process, never in a web request)."""
    from app.documents import pdf

    documents = [(run.kind, main_path)] if extension_of(run.kind) == "docx" else []
    if run.schedule is not None:
        for kind_code in run.schedule.document_kinds():
            if kind_code == run.kind or not registry.get(kind_code).allows(run.org):
                continue
            row = _store_file(run, kind_code, lambda path, k=kind_code: build_into(run, path, k), "docx", DOCX_MIME, made)
            documents.append((kind_code, os.path.join(current_app.config["UPLOAD_FOLDER"], row.stored_name)))
    if pdf.soffice() is None:
        return
    for kind_code, path in documents:
        try:
            _store_file(run, kind_code, lambda target, source=path: pdf.convert(source, target), "pdf", PDF_MIME, made)
        except pdf.ConversionFailed as error:  # the Word file stays; the run says why there is no PDF
            log.warning("PDF of run %s (%s) failed: %s", run.id, kind_code, error)


def execute(run_id, now=None, worker=None):
    """Build one queued run if no one else took it. Returns the run, or None if it was not ours to build."""
    now = now or now_utc()
    if not _take(run_id, now, worker or worker_name()):
        return None
    run = db.session.get(ReportRun, run_id)
    db.session.refresh(run)
    folder = os.path.join(current_app.config["UPLOAD_FOLDER"], "reports")
    os.makedirs(folder, exist_ok=True)
    stored_name = f"reports/{uuid.uuid4().hex}.{extension_of(run.kind)}"
    final_path = os.path.join(current_app.config["UPLOAD_FOLDER"], stored_name)
    partial_path = os.path.join(folder, f"run-{run.id}-{run.attempts}.part")
    made = [partial_path, final_path]
    try:
        with Heartbeat(current_app._get_current_object(), run.id):
            summary = build_into(run, partial_path)
            if os.path.exists(partial_path):
                os.replace(partial_path, final_path)
                add_files(run, final_path, made)
            else:
                stored_name = None
    except Exception as error:  # any builder failure is recorded on the run, then retried or failed
        db.session.rollback()
        run = db.session.get(ReportRun, run_id)
        for path in made:
            if os.path.exists(path):
                os.remove(path)
        run.error = f"{type(error).__name__}: {error}\n{traceback.format_exc(limit=5)}"
        run.status = RunStatus.QUEUED if run.attempts < MAX_ATTEMPTS else RunStatus.FAILED
        run.finished_at = now_utc() if run.status == RunStatus.FAILED else None
        db.session.commit()
        log.warning("report run %s failed (attempt %s): %s", run.id, run.attempts, error)
        return run
    except BaseException:  # interrupted (Ctrl-C, exit): no partial file; the run goes back to the queue if it can
        for path in made:
            if os.path.exists(path):
                os.remove(path)
        _put_back_interrupted(run_id)
        raise
    run.summary = _plain(summary)
    if stored_name:
        run.stored_name, run.file_name, run.size = stored_name, file_name_for(run), os.path.getsize(final_path)
    run.status, run.finished_at, run.error = RunStatus.DONE, now_utc(), None
    db.session.commit()
    return run


def _put_back_interrupted(run_id):
    try:
        db.session.rollback()
        db.session.execute(update(ReportRun).where(ReportRun.id == run_id, ReportRun.status == RunStatus.RUNNING)
                           .values(status=RunStatus.QUEUED).execution_options(synchronize_session=False))
        db.session.commit()
    except Exception:  # the database may be what failed; recover_orphans or the heartbeat rule takes it back later
        log.warning("run %s stays 'running' after an interrupted build; it will be taken back", run_id)


def execute_queued(now=None, limit=20, worker=None):
    """Build queued runs, oldest first (after taking back dead builders' runs). Returns the runs this call finished."""
    now = now or now_utc()
    worker = worker or worker_name()
    recover_orphans(worker, now)
    requeue_stale(now)
    ids = db.session.execute(
        select(ReportRun.id).where(ReportRun.status == RunStatus.QUEUED).order_by(ReportRun.created_at, ReportRun.id).limit(limit)
    ).scalars().all()
    finished = []
    for run_id in ids:
        run = execute(run_id, now, worker)
        if run is not None and run.status == RunStatus.DONE:
            finished.append(run)
    return finished


def _plain(value):
    """The summary as JSON-safe values (numbers stay numbers, Decimals become strings)."""
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def build_now(kind, node, period_code, output, language="id", forum=None, as_of=None):
    """Build a report synchronously to ``output`` (the CLI); nothing is stored in the runs table.

    ``as_of``: None (the end of the period), AT_BUILD, or a date (the end of that day).
    """
    period = check_request(kind, node, period_code, language, forum,
                           as_of if isinstance(as_of, datetime.date) else None)
    report_kind = registry.get(kind)
    extra = {"forum": forum} if report_kind.needs_forum else {}
    cutoff = cutoff_for(period, as_of or default_spec(report_kind))
    with force_locale(language), cutoff_of_build(cutoff):
        summary = dict(report_kind.build(forum.unit if forum is not None else node, period, output, language,
                                         **extra) or {})
        summary["as_of"] = cutoff_label(cutoff)
    return _plain(summary)


def status_of(run):
    """The small JSON the run page polls."""
    return {
        "id": run.id,
        "status": run.status.value,
        "status_label": str(run.status),
        "attempts": run.attempts,
        "created_at": _iso(run.created_at),
        "started_at": _iso(run.started_at),
        "finished_at": _iso(run.finished_at),
        "heartbeat_at": _iso(run.heartbeat_at),
        "error": (run.error or "").splitlines()[0] if run.error else None,
        "file_name": run.file_name if run.status == RunStatus.DONE else None,
        "size": run.size if run.status == RunStatus.DONE else None,
        "files": [{"id": row.id, "file_name": row.file_name, "size": row.size}
                  for row in run.files] if run.status == RunStatus.DONE else [],
        "pdf_hint": pdf_hint(run),
    }


def pdf_hint(run):
    """Why a finished Word document has no PDF beside it (LibreOffice missing on the scheduler's machine), or None."""
    from app.documents.pdf import INSTALL_HINT

    if run.status != RunStatus.DONE or extension_of(run.kind) != "docx":
        return None
    if any(row.mime == PDF_MIME for row in run.files):
        return None
    return str(_l("PDF belum tersedia: LibreOffice tidak terpasang di mesin penjadwal. Pasang paket Debian "
                  "libreoffice-writer-nogui (%(command)s), lalu buat laporan ini lagi.", command=INSTALL_HINT))


def _iso(value):
    return value.isoformat() + "Z" if value else None
