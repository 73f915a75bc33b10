"""Uploaded files: checked for type and size, stored outside the web root, read back only by scoped views.

Each area keeps a row per file (its own model) holding the ``stored_name``
returned here; its download view finds the row through the organisation scope
and then calls ``send_stored``. Files never sit under a static folder.

A model declares which of its columns hold a file with ``StoredFile`` (SKM
follow-up evidence and publications, FKP documents and agreement evidence,
complaint attachments, MCP evidence, Word templates), and ``replace`` puts a new
upload into them. The session hooks at the end of this module then keep the
folder and the database in step, whatever door changed the row: a file that a
committed change replaced or whose row was deleted (also by ON DELETE CASCADE
from a forum, period or complaint) is removed after the commit succeeds; a file
stored during a transaction that rolls back is removed with it. So a failed save
keeps the old file, and no file outlives its row.
"""
import functools
import io
import os
import uuid
import warnings

from flask import abort, current_app, send_file
from flask_babel import lazy_gettext as _l
from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session

from app.extensions import db
from app.locale import number as numeral

# Extension -> (MIME type, leading bytes the file must start with, or None for text formats).
KINDS = {
    "pdf": ("application/pdf", [b"%PDF-"]),
    "jpg": ("image/jpeg", [b"\xff\xd8\xff"]),
    "jpeg": ("image/jpeg", [b"\xff\xd8\xff"]),
    "png": ("image/png", [b"\x89PNG\r\n\x1a\n"]),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", [b"PK\x03\x04"]),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", [b"PK\x03\x04"]),
    "csv": ("text/csv", None),
    "txt": ("text/plain", None),
}
DOCUMENTS = ("pdf", "jpg", "jpeg", "png", "docx", "xlsx")
IMAGES = ("jpg", "jpeg", "png")


class UploadError(ValueError):
    """The file was refused; the message says why, in the user's language."""


def extension_of(filename):
    return filename.rsplit(".", 1)[-1].lower() if "." in (filename or "") else ""


def check_upload(filename, data, allowed=DOCUMENTS, max_bytes=None):
    """Refuse a file of a type not in ``allowed``, whose content does not match its type, or too large."""
    max_bytes = max_bytes or current_app.config["MAX_CONTENT_LENGTH"]
    ext = extension_of(filename)
    if ext not in allowed or ext not in KINDS:
        raise UploadError(str(_l("Jenis berkas .%(ext)s tidak diizinkan. Yang diizinkan: %(allowed)s.",
                                 ext=ext or "?", allowed=", ".join(allowed))))
    if not data:
        raise UploadError(str(_l("Berkas kosong.")))
    if len(data) > max_bytes:
        raise UploadError(str(_l("Berkas terlalu besar (%(size)s MB); batasnya %(limit)s MB.",
                                 size=round(len(data) / 1048576, 1), limit=round(max_bytes / 1048576, 1))))
    signatures = KINDS[ext][1]
    if signatures is not None and not any(data.startswith(sig) for sig in signatures):
        raise UploadError(str(_l("Isi berkas tidak sesuai dengan jenisnya (.%(ext)s).", ext=ext)))
    if ext in IMAGES:
        check_image_pixels(data)
    return KINDS[ext][0]


def check_image_pixels(data):
    """Refuse an image with more pixels than IMAGE_MAX_MEGAPIXELS, reading only its header (nothing is decoded).

    A small PNG can declare 12600x12600 pixels and take 2 GB to decode; Pillow's own guard starts at ~178 MP.
    """
    from PIL import Image, UnidentifiedImageError

    limit_mp = current_app.config.get("IMAGE_MAX_MEGAPIXELS", 40)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
    except Image.DecompressionBombError:  # over twice Pillow's own limit: its size is not even reported
        width = height = None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise UploadError(str(_l("Berkas gambar rusak atau tidak dapat dibaca.")))
    if width is None or width * height > limit_mp * 1_000_000:
        size = f"{width}×{height}" if width else "≥" + numeral(2 * Image.MAX_IMAGE_PIXELS)
        raise UploadError(str(_l(
            "Gambar %(size)s piksel melebihi batas %(limit)s megapiksel; perkecil gambar lalu unggah lagi.",
            size=size, limit=numeral(limit_mp))))
    return width, height


def store(area, filename, data, allowed=DOCUMENTS, max_bytes=None):
    """Check and save an upload under UPLOAD_FOLDER/<area>/; returns (stored_name, mime type, size)."""
    mime = check_upload(filename, data, allowed, max_bytes)
    folder = os.path.join(current_app.config["UPLOAD_FOLDER"], area)
    os.makedirs(folder, exist_ok=True)
    stored_name = f"{area}/{uuid.uuid4().hex}.{extension_of(filename)}"
    with open(os.path.join(current_app.config["UPLOAD_FOLDER"], stored_name), "wb") as handle:
        handle.write(data)
    db.session.connection()  # the file belongs to the session's transaction: begun now if it was not yet
    _files(db.session)["stored"].add(stored_name)
    return stored_name, mime, len(data)


def path_of(stored_name):
    root = os.path.realpath(current_app.config["UPLOAD_FOLDER"])
    path = os.path.realpath(os.path.join(root, stored_name))
    if not path.startswith(root + os.sep):
        raise UploadError("invalid stored name")
    return path


def remove(stored_name):
    try:
        os.remove(path_of(stored_name))
    except FileNotFoundError:
        pass


def send_stored(stored_name, download_name, mime):
    """The response for a stored file; call only after the row was found through the scope."""
    return send_file(path_of(stored_name), mimetype=mime, as_attachment=True, download_name=download_name)


class StoredFile:
    """The columns of a model that hold one stored file: the stored name, and (where the model keeps them) the
    name shown on download, the MIME type and the size. Declared on the model, e.g.
    ``evidence = StoredFile("evidence_stored_name", "evidence_filename", "evidence_mime", "evidence_size")``."""

    def __init__(self, stored="stored_name", name="file_name", mime="mime", size="size"):
        self.stored, self.name, self.mime, self.size = stored, name, mime, size

    def send(self, row):
        """The download of ``row``'s file; call only for a row found through the scope. 404 when it has none."""
        stored_name = getattr(row, self.stored)
        if not stored_name:
            abort(404)
        return send_stored(stored_name, getattr(row, self.name), getattr(row, self.mime))

    def put(self, row, stored_name, filename, mime, size):
        getattr(row, self.stored)  # loaded, so the session's history holds the replaced name
        values = {self.stored: stored_name, self.name: filename, self.mime: mime, self.size: size}
        for column, value in values.items():
            if column:
                if isinstance(value, str):
                    value = value[-inspect(type(row)).columns[column].type.length:]
                setattr(row, column, value)


def replace(row, slot, area, filename, data, allowed=DOCUMENTS, max_bytes=None):
    """Check and store an upload as ``row``'s file ``slot`` (a StoredFile of its model); the file it replaces is
    removed once the change is committed, and the new one if it is rolled back. Raises UploadError."""
    stored_name, mime, size = store(area, filename, data, allowed, max_bytes)
    slot.put(row, stored_name, os.path.basename(filename), mime, size)
    return stored_name


@functools.cache
def slots_of(model):
    """The StoredFile declarations of ``model`` (none for most tables)."""
    return [value for klass in model.__mro__ for value in vars(klass).values() if isinstance(value, StoredFile)]


def _files(session):
    """The session's files in flight: stored during its transaction, and to remove once it commits."""
    return session.info.setdefault("pantau_files", {"stored": set(), "dropped": set()})


def _names(row):
    return {getattr(row, slot.stored) for slot in slots_of(type(row))} - {None}


def _cascaded_names(session, row):
    """Stored names in rows of other tables that the database deletes together with ``row`` (ON DELETE CASCADE,
    one level: a forum's documents and agreements, a period's follow-ups and publications, a complaint's files)."""
    table, names = inspect(type(row)).local_table, set()
    for mapper in inspect(type(row)).registry.mappers:
        slots = slots_of(mapper.class_)
        for key in (key for key in mapper.local_table.foreign_keys
                    if slots and key.ondelete == "CASCADE" and key.column.table is table):
            value = getattr(row, inspect(type(row)).get_property_by_column(key.column).key)
            columns = [getattr(mapper.class_, slot.stored) for slot in slots]
            for found in session.execute(select(*columns).where(key.parent == value)):
                names.update(found)
    return names - {None}


@event.listens_for(Session, "before_flush")
def _note_dropped_files(session, flush_context, instances):
    dropped = _files(session)["dropped"]
    with session.no_autoflush:
        for row in session.deleted:
            dropped.update(_names(row) | _cascaded_names(session, row))
        for row in session.dirty:
            for slot in slots_of(type(row)):
                dropped.update(set(inspect(row).attrs[slot.stored].history.deleted) - {None})


@event.listens_for(Session, "after_commit")
def _remove_dropped_files(session):
    files = _files(session)
    for name in files["dropped"]:
        remove(name)
    files["stored"].clear()
    files["dropped"].clear()


@event.listens_for(Session, "after_transaction_end")
def _remove_files_of_rolled_back_changes(session, transaction):
    """A transaction that ends without a commit (rollback, or a session closed at the end of a request)."""
    if transaction.parent is not None:  # a savepoint: the outer transaction decides
        return
    files = _files(session)
    for name in files["stored"]:
        remove(name)
    files["stored"].clear()
    files["dropped"].clear()
