"""Documents of a forum and evidence of agreements: upload rules per kind, storage.

Files go through app/uploads.py (type, content signature and size checked;
stored outside the web root; removed with their row or when replaced, after the
commit). A refused upload raises UploadError and leaves neither a row nor a file
behind.
"""

from flask_babel import gettext as _

from app import uploads
from app.clock import now_utc
from app.extensions import db
from app.fkp.rules import closed_forum_problems
from app.fkp.thumbnails import make_thumbnail
from app.models.fkp import DocumentKind, FkpAgreement, FkpDocument
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
    """Add a document of ``kind`` to ``forum`` (flushed, not committed). A video is a link; every other kind a file.
    A closed forum takes no documents, whichever door adds them."""
    closed = closed_forum_problems(forum)
    if closed:
        raise UploadError(" ".join(str(problem) for problem in closed))
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
    document = FkpDocument(forum=forum, kind=kind, title=title, uploaded_at=now_utc())
    uploads.replace(document, FkpDocument.stored_file, AREA, filename, data, allowed, max_bytes)
    if thumbnail is not None:
        uploads.replace(document, FkpDocument.stored_thumbnail, AREA, "thumbnail.jpg", thumbnail, ("jpg",), max_bytes)
    db.session.add(document)
    db.session.flush()
    return document


def attach_evidence(agreement, filename, data):
    """Store ``data`` as the evidence of ``agreement``; the file it replaces goes once the change is committed."""
    allowed, max_bytes = EVIDENCE_RULE
    uploads.replace(agreement, FkpAgreement.stored_file, AREA, filename, data, allowed, max_bytes)
