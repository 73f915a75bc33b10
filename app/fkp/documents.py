"""Documents of a forum and evidence of agreements: upload rules per kind, storage, clean-up on refusal.

Files go through app/uploads.py (type, content signature and size checked;
stored outside the web root). A refused upload raises UploadError and leaves
neither a row nor a file behind.
"""

from flask_babel import gettext as _

from app import uploads
from app.clock import now_utc
from app.extensions import db
from app.fkp.thumbnails import make_thumbnail
from app.models.fkp import DocumentKind, FkpDocument
from app.uploads import UploadError

MB = 1024 * 1024
# Kind -> (allowed extensions, maximum size in bytes).
UPLOAD_RULES = {
    DocumentKind.FOTO: (uploads.IMAGES, 5 * MB),
    DocumentKind.BERITA_ACARA: (("pdf", "jpg", "jpeg", "png"), 10 * MB),
    DocumentKind.DAFTAR_HADIR: (("pdf", "jpg", "jpeg", "png", "xlsx", "docx"), 10 * MB),
    DocumentKind.NOTULEN: (("pdf", "docx", "txt"), 10 * MB),
}
EVIDENCE_RULE = (uploads.DOCUMENTS, 10 * MB)
AREA = "fkp"


def add_document(forum, kind, filename=None, data=None, title=None, url=None):
    """Add a document of ``kind`` to ``forum`` (flushed, not committed). A video is a link; every other kind a file."""
    if kind == DocumentKind.VIDEO:
        url = (url or "").strip()
        if not url.lower().startswith(("http://", "https://")) or len(url) > 500:
            raise UploadError(_("Tautan video harus diawali http:// atau https:// (maks. 500 karakter)."))
        document = FkpDocument(forum=forum, kind=kind, title=title, url=url, uploaded_at=now_utc())
        db.session.add(document)
        db.session.flush()
        return document
    if not filename or data is None:
        raise UploadError(_("Pilih berkas yang akan diunggah."))
    allowed, max_bytes = UPLOAD_RULES[kind]
    uploads.check_upload(filename, data, allowed, max_bytes)
    thumbnail = make_thumbnail(data) if kind == DocumentKind.FOTO else None
    stored = []
    try:
        stored_name, mime, size = uploads.store(AREA, filename, data, allowed, max_bytes)
        stored.append(stored_name)
        thumb_name = None
        if thumbnail is not None:
            thumb_name = uploads.store(AREA, "thumbnail.jpg", thumbnail, ("jpg",), max_bytes)[0]
            stored.append(thumb_name)
        document = FkpDocument(
            forum=forum, kind=kind, title=title, stored_name=stored_name, filename=filename[-255:], mime=mime,
            size=size, thumb_stored_name=thumb_name, uploaded_at=now_utc(),
        )
        db.session.add(document)
        db.session.flush()
        return document
    except Exception:
        remove_files(stored)
        raise


def attach_evidence(agreement, filename, data):
    """Store ``data`` as the evidence of ``agreement``; returns the stored name of the file it replaces (or None)."""
    allowed, max_bytes = EVIDENCE_RULE
    stored_name, mime, size = uploads.store(AREA, filename, data, allowed, max_bytes)
    previous = agreement.evidence_stored_name
    agreement.evidence_stored_name = stored_name
    agreement.evidence_filename = filename[-255:]
    agreement.evidence_mime = mime
    agreement.evidence_size = size
    return previous


def files_of(document):
    return [name for name in (document.stored_name, document.thumb_stored_name) if name]


def remove_files(stored_names):
    for name in stored_names:
        if name:
            uploads.remove(name)
