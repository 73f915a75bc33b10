"""Running an import safely: one at a time per target, all rows or none, and every database failure as a message.

Both importers (app/complaints/importer.py, app/skm/importer.py) validate a file
before writing; ``run_import`` wraps the write, the same for every door (the
import screens, the CLI commands and the background runs of app/background.py).
``hold`` takes the target's import lock without waiting, so a second import of
the same file at the same moment is told "sedang diimpor" instead of racing the
first into a unique-key error; ``guarded`` turns a database that drops, refuses
or conflicts mid-import into ``ImportStopped`` with an Indonesian message, after
rolling back, so nothing is written and no traceback reaches the user.
"""
import logging
from contextlib import contextmanager

from flask_babel import lazy_gettext as _l
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError

from app.extensions import db
from app.models.dashboard import DashboardFigures
from app.models.imports import ImportLock

log = logging.getLogger(__name__)

BUSY = _l("Berkas sedang diimpor oleh proses lain untuk tujuan yang sama. Tunggu hingga selesai, lalu periksa "
          "hasilnya; permintaan ini tidak menyimpan apa pun.")
DATABASE_DOWN = _l("Koneksi ke basis data terputus saat impor; tidak ada data yang disimpan. Coba lagi beberapa "
                   "saat lagi.")
LOCK_WORDS = ("lock", "could not obtain", "nowait", "deadlock", "could not serialize")


class ImportStopped(Exception):
    """The import was stopped before anything was written; the message says why, for the user."""


def lock_name(kind, pk):
    return f"{kind}:{pk}"


def hold(name):
    """Take the import lock ``name`` until the transaction ends, or raise ImportStopped(BUSY) at once."""
    with db.engine.begin() as conn:
        exists = conn.execute(select(ImportLock.name).where(ImportLock.name == name)).first()
        if exists is None:
            try:
                conn.execute(insert(ImportLock).values(name=name))
            except IntegrityError:  # another import created it a moment ago
                pass
    try:
        # SQLite (development) has no row locks: there its single writer serialises the imports' writes.
        db.session.execute(select(ImportLock.name).where(ImportLock.name == name).with_for_update(nowait=True))
    except OperationalError as error:
        _rollback_quietly()
        if _is_conflict(error):
            raise ImportStopped(str(BUSY))
        raise ImportStopped(str(DATABASE_DOWN))


@contextmanager
def guarded():
    """Run an import's database work; a database error becomes ImportStopped after a rollback."""
    try:
        yield
    except SQLAlchemyError as error:
        _rollback_quietly()
        if isinstance(error, IntegrityError) or _is_conflict(error):
            raise ImportStopped(str(BUSY))
        log.warning("import stopped by a database error: %s", error)
        raise ImportStopped(str(DATABASE_DOWN))


def run_import(lock, dry_run, write, accepted=None, record=None):
    """Run ``write()`` (an importer call; returns its result) as one import and return the result.

    The import lock ``lock`` (``lock_name(...)``) is held unless this is a dry run. The rows are committed when the
    run is no dry run and ``accepted(result)`` (if given) agrees; otherwise they are rolled back, so a preview or a
    file with a bad row writes nothing. ``record(result)`` adds what is committed either way (a background run's
    summary). A database failure raises ImportStopped; any other error (the importer's own refusal) is rolled back
    and raised.
    """
    with guarded():
        try:
            if not dry_run:
                hold(lock)
            result = write()
        except SQLAlchemyError:
            raise
        except Exception:
            _rollback_quietly()
            raise
        if dry_run or (accepted is not None and not accepted(result)):
            db.session.rollback()
        else:
            DashboardFigures.mark_stale()  # the dashboards count these rows on the scheduler's next pass
        if record is not None:
            record(result)
        db.session.commit()
    return result


def _is_conflict(error):
    if getattr(error, "connection_invalidated", False):
        return False
    text = str(getattr(error, "orig", error)).lower()
    return any(word in text for word in LOCK_WORDS)


def _rollback_quietly():
    try:
        db.session.rollback()
    except SQLAlchemyError:  # the connection is gone; the session is reset on its next use
        db.session.close()
