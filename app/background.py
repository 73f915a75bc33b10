"""Large imports and exports as report runs: the request queues one and returns at once, the scheduler process
builds it (app/reports/runs.py), the run page shows its progress ("baris 12.000 dari 100.000") and then the
file or the import result.

Small ones stay immediate: an import of a file up to BACKGROUND_IMPORT_KB, an export of up to
BACKGROUND_EXPORT_ROWS rows. A task's run belongs to the node whose data it holds (the instansi, the SKM unit;
for a complaint export the exporting user's first node) and is shown only to the user who asked for it: an
export holds what that user may see (D10 masking by tier), so it is never shared with the rest of the scope.
An import commits its rows together with its result on the run, so a retry after a crash does not import twice.
"""
import logging
import os
import time
import uuid

from flask import current_app
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.exc import SQLAlchemyError

from app.extensions import db
from app.imports import lock_name, run_import
from app.models.org import OrgNode
from app.models.reports import ReportRun, RunStatus

log = logging.getLogger(__name__)

IMPORT_LAPOR, IMPORT_SKM = "impor_lapor", "impor_skm"
EXPORT_COMPLAINTS, EXPORT_SKM = "ekspor_pengaduan", "ekspor_skm"
LABELS = {
    IMPORT_LAPOR: _l("Impor LAPOR!"),
    IMPORT_SKM: _l("Impor responden SKM"),
    EXPORT_COMPLAINTS: _l("Ekspor daftar pengaduan"),
    EXPORT_SKM: _l("Ekspor SKM"),
}
IMPORTS = (IMPORT_LAPOR, IMPORT_SKM)
AREA = "background"
NO_PERIOD = "-"
PROGRESS_SECONDS = 1.0


def is_task(kind):
    return kind in LABELS


def import_in_background(data):
    return len(data) > current_app.config["BACKGROUND_IMPORT_KB"] * 1024


def export_in_background(rows):
    return rows > current_app.config["BACKGROUND_EXPORT_ROWS"]


def _store_input(data, extension):
    folder = os.path.join(current_app.config["UPLOAD_FOLDER"], AREA)
    os.makedirs(folder, exist_ok=True)
    stored_name = f"{AREA}/{uuid.uuid4().hex}.{extension}"
    with open(os.path.join(current_app.config["UPLOAD_FOLDER"], stored_name), "wb") as handle:
        handle.write(data)
    return stored_name


def _read_input(run):
    from app.uploads import path_of

    with open(path_of(run.input_stored_name), "rb") as handle:
        return handle.read()


def _queue(kind, node, user, params, data=None, extension=None, total=None):
    """A queued run of ``kind`` (committed: the scheduler process may take it at once)."""
    run = ReportRun(kind=kind, org_id=node.id, period_code=NO_PERIOD, language=str(get_locale() or "id")[:2],
                    requested_by_id=user.id, status=RunStatus.QUEUED, params=params, progress_done=0,
                    progress_total=total)
    if data is not None:
        run.input_stored_name = _store_input(data, extension)
    db.session.add(run)
    db.session.commit()
    return run


def queue_lapor_import(instansi, filename, data, dry_run, user):
    from app.spreadsheets import estimate_rows

    return _queue(IMPORT_LAPOR, instansi, user, {"instansi_id": instansi.id, "filename": filename[-200:],
                                                 "dry_run": bool(dry_run)},
                  data, filename.rsplit(".", 1)[-1].lower()[:5], estimate_rows(filename, data))


def queue_skm_import(period, filename, data, mapping, dry_run, user):
    from app.spreadsheets import estimate_rows

    return _queue(IMPORT_SKM, period.unit, user, {"period_id": period.id, "filename": filename[-200:],
                                                  "mapping": mapping, "dry_run": bool(dry_run)},
                  data, filename.rsplit(".", 1)[-1].lower()[:5], estimate_rows(filename, data))


def queue_complaint_export(ids, user, title, file_name):
    """Queue the export of complaints ``ids`` (already scoped and filtered by the request) as ``user`` sees them."""
    node = next(iter(getattr(user, "org_nodes", []) or []), None) or db.session.execute(
        select(OrgNode).where(OrgNode.parent_id.is_(None)).order_by(OrgNode.id).limit(1)).scalar_one()
    data = "\n".join(str(pk) for pk in ids).encode()
    return _queue(EXPORT_COMPLAINTS, node, user, {"title": str(title), "file_name": file_name}, data, "txt", len(ids))


def queue_skm_export(period, user, file_name, total):
    return _queue(EXPORT_SKM, period.unit, user, {"period_id": period.id, "file_name": file_name}, total=total)


class Progress:
    """Writes a run's rows done (and total) from a connection of its own, at most every PROGRESS_SECONDS, so the
    run page sees it while the build's own transaction is still open. A missed write only delays the figure."""

    def __init__(self, run_id, total=None):
        self.run_id, self.total, self.last = run_id, total, None

    def __call__(self, done, total=None):
        self.total = total or self.total
        moment = time.monotonic()
        if self.last is not None and moment - self.last < PROGRESS_SECONDS:
            return
        self.last = moment
        table = ReportRun.__table__
        try:
            with db.engine.begin() as conn:
                conn.execute(update(table).where(table.c.id == self.run_id)
                             .values(progress_done=done, progress_total=max(self.total or 0, done)))
        except SQLAlchemyError as error:  # SQLite may be busy: the next write catches up
            log.info("progress of run %s not written: %s", self.run_id, error)


def run_task(run, path):
    """Build the background run ``run``: an export writes ``path``, an import writes rows. Returns the summary."""
    if run.summary and run.kind in IMPORTS:
        return run.summary  # committed before a crash: never import twice
    progress = Progress(run.id, run.progress_total)
    summary = TASKS[run.kind](run, path, progress)
    if run.kind not in IMPORTS:
        run = db.session.get(ReportRun, run.id)
        run.progress_done = run.progress_total = summary["rows"]
    return summary


def _user(run):
    from app.models.user import PantauUser

    return db.session.get(PantauUser, run.requested_by_id)


def _record(run_id, summary, rows_read):
    """Write an import's result on its run: committed together with its rows, or alone when they are not kept."""
    run = db.session.get(ReportRun, run_id)
    run.summary = summary
    run.progress_done = rows_read
    run.progress_total = max(run.progress_total or 0, rows_read)


def _finished(run_id):
    run = db.session.get(ReportRun, run_id)
    _drop_input(run)
    return run.summary


def _lapor_import(run, path, progress):
    from app.complaints.importer import ImportRefused, import_file
    from app.complaints.workflow import Actor

    params, data, run_id = run.params, _read_input(run), run.id
    instansi, user = db.session.get(OrgNode, params["instansi_id"]), _user(run)

    def summary(result):
        return {"ok": True, "dry_run": params["dry_run"], "rows": result.rows, "created": result.created,
                "updated": result.updated, "unchanged": result.unchanged, "new_categories": result.new_categories}

    try:
        run_import(lock_name("lapor", instansi.id), params["dry_run"],
                   lambda: import_file(params["filename"], data, instansi, dry_run=params["dry_run"],
                                       actor=Actor.of_user(user), progress=progress),
                   record=lambda result: _record(run_id, summary(result), result.rows))
    except ImportRefused as refused:
        _record(run_id, {"ok": False, "message": str(refused), "rows": refused.result.rows,
                         "problems": refused.result.problems[:1000]}, refused.result.rows)
        db.session.commit()
    return _finished(run_id)


def _skm_import(run, path, progress):
    from app.models.skm import SurveyPeriod
    from app.skm.importer import import_file

    params, data, run_id = run.params, _read_input(run), run.id
    period = db.session.get(SurveyPeriod, params["period_id"])
    run_import(lock_name("skm", period.id), params["dry_run"],
               lambda: import_file(period, params["filename"], data, params["mapping"], dry_run=params["dry_run"],
                                   progress=progress),
               accepted=lambda result: result.ok,
               record=lambda result: _record(run_id, {
                   "ok": result.ok, "dry_run": params["dry_run"], "rows": result.total, "written": result.written,
                   "problems": result.errors[:1000]}, result.total))
    return _finished(run_id)


def _complaint_export(run, path, progress):
    from app.complaints.export import write_export

    ids = [int(line) for line in _read_input(run).split() if line]
    write_export(ids, _user(run), run.params["title"], path=path, progress=progress)
    _drop_input(run)
    return {"rows": len(ids)}


def _skm_export(run, path, progress):
    from app.models.skm import SurveyPeriod
    from app.skm.export import export_period

    export_period(db.session.get(SurveyPeriod, run.params["period_id"]), path=path, progress=progress)
    return {"rows": run.progress_total}


def _drop_input(run):
    from app.uploads import remove

    if run.input_stored_name:
        remove(run.input_stored_name)


TASKS = {IMPORT_LAPOR: _lapor_import, IMPORT_SKM: _skm_import, EXPORT_COMPLAINTS: _complaint_export,
         EXPORT_SKM: _skm_export}


def progress_text(run):
    """'baris 12.000 dari 100.000' (or without the total when the file did not say)."""
    from app.locale import number

    done = run.progress_done or 0
    if run.progress_total:
        return str(_l("baris %(done)s dari %(total)s", done=number(done), total=number(run.progress_total)))
    return str(_l("baris %(done)s", done=number(done)))
