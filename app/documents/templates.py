"""Which Word template a document of an instansi uses, how one is rendered, and the checks an upload must pass.

A template is a .docx with docxtpl placeholders. Each kind has a default in
``templates_docx/`` (written by app/documents/default_templates.py); an instansi
may upload its own. An upload is refused, and the template in use stays, unless
it is a real zip of Word XML without macros, within the size limit, and renders
once with the kind's sample data; the refusal names the line of the template
and the reason.
"""
import io
import os
import re
import zipfile

import jinja2
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.extensions import db
from app.models.documents import DocumentTemplate
from app.uploads import UploadError, path_of, replace

DEFAULT_FOLDER = os.path.join(os.path.dirname(__file__), "templates_docx")
KINDS = ("laporan-skm", "laporan-fkp", "berita-acara", "rekap-sp4n")
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MAX_TEMPLATE_BYTES = 10 * 1024 * 1024
MAX_UNZIPPED_BYTES = 60 * 1024 * 1024
MACRO_PARTS = re.compile(r"(^|/)vbaProject\.bin$|(^|/)vbaData\.xml$|\.bin$", re.I)
MACRO_TYPES = ("macroEnabled", "vbaProject", "ms-office.activeX")


class TemplateRefused(ValueError):
    """An uploaded template cannot be used; the message says where and why."""


def default_path(kind):
    return os.path.join(DEFAULT_FOLDER, f"{kind}.docx")


def custom_template(kind, instansi):
    """The instansi's own template row for ``kind``, or None (the default is used)."""
    if instansi is None:
        return None
    return db.session.execute(select(DocumentTemplate).where(
        DocumentTemplate.instansi_id == instansi.id, DocumentTemplate.kind == kind)).scalar_one_or_none()


def template_bytes(kind, instansi):
    """The bytes of the template ``instansi`` uses for ``kind``."""
    row = custom_template(kind, instansi)
    path = path_of(row.stored_name) if row is not None else default_path(kind)
    with open(path, "rb") as handle:
        return handle.read()


def image(document, png, width_cm=15):
    """An image value for a placeholder (charts, photos)."""
    from docx.shared import Cm
    from docxtpl import InlineImage

    return InlineImage(document, io.BytesIO(png), width=Cm(width_cm))


def render(kind, instansi, context_for):
    """The .docx bytes of ``kind`` for ``instansi``: its template filled with ``context_for(document)``.

    ``context_for`` receives the DocxTemplate so it can make InlineImage values.
    """
    return render_bytes(template_bytes(kind, instansi), context_for)


def render_bytes(data, context_for):
    # docxtpl is imported here, not at the top: every command imports this module (the report registry) and few
    # render a document.
    from docxtpl import DocxTemplate

    document = DocxTemplate(io.BytesIO(data))
    environment = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)
    document.render(context_for(document), environment)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def check_package(filename, data):
    """Refuse what is not a .docx of Word XML without macros, or too large (before anything is rendered)."""
    if not (filename or "").lower().endswith(".docx"):
        raise TemplateRefused(str(_l("Templat harus berkas Word .docx (bukan .doc atau .docm).")))
    if len(data) > MAX_TEMPLATE_BYTES:
        raise TemplateRefused(str(_l("Templat terlalu besar (%(size)s MB); batasnya %(limit)s MB.",
                                     size=round(len(data) / 1048576, 1), limit=MAX_TEMPLATE_BYTES // 1048576)))
    if not data.startswith(b"PK\x03\x04"):
        raise TemplateRefused(str(_l("Berkas bukan dokumen Word .docx (bukan arsip zip).")))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
            if sum(info.file_size for info in infos) > MAX_UNZIPPED_BYTES:
                raise TemplateRefused(str(_l("Isi templat terlalu besar setelah dibuka.")))
            if "[Content_Types].xml" not in names or "word/document.xml" not in names:
                raise TemplateRefused(str(_l("Berkas bukan dokumen Word .docx (word/document.xml tidak ada).")))
            content_types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
    except zipfile.BadZipFile:
        raise TemplateRefused(str(_l("Berkas bukan dokumen Word .docx (arsip zip rusak).")))
    if any(MACRO_PARTS.search(name) for name in names) or any(marker in content_types for marker in MACRO_TYPES):
        raise TemplateRefused(str(_l("Templat berisi makro (vbaProject); simpan sebagai .docx tanpa makro.")))


def check_renders(data, context_for):
    """Render ``data`` once with sample data; refuse with the template line and the reason if it fails."""
    try:
        render_bytes(data, context_for)
    except jinja2.TemplateSyntaxError as error:
        raise TemplateRefused(str(_l("Templat tidak dapat dipakai: baris %(line)s (%(text)s): %(reason)s",
                                     line=error.lineno, text=_line_text(error), reason=error.message)))
    except jinja2.UndefinedError as error:
        name = re.findall(r"'([^']+)'", error.message or "")
        line, text = _find_line(data, name[-1] if name else "")
        raise TemplateRefused(str(_l("Templat tidak dapat dipakai: baris %(line)s (%(text)s): penanda tidak dikenal: "
                                     "%(reason)s", line=line, text=text, reason=error.message)))
    except Exception as error:  # a broken package or XML: refuse with what the library said
        raise TemplateRefused(str(_l("Templat tidak dapat dipakai: %(reason)s", reason=f"{type(error).__name__}: {error}")))


def _line_text(error):
    """The text of the template line docxtpl reported (it puts one paragraph per line)."""
    lines = list(getattr(error, "docx_context", None) or [])
    index = error.lineno - 1 - max(error.lineno - 4, 0)
    return lines[index].strip()[:120] if 0 <= index < len(lines) else "?"


def _find_line(data, name):
    """(paragraph number, text) of the first paragraph of the document body that mentions ``name``."""
    from docx import Document

    try:
        paragraphs = Document(io.BytesIO(data)).paragraphs
    except Exception:
        return "?", "?"
    for number, paragraph in enumerate(paragraphs, start=1):
        if name and name in paragraph.text:
            return number, paragraph.text.strip()[:120]
    return "?", name


def install(kind, instansi, filename, data, sample_context, user=None):
    """Check ``data`` and make it the instansi's template for ``kind`` (flushed); the old file goes after the commit."""
    if kind not in KINDS:
        raise TemplateRefused(str(_l("Jenis dokumen %(kind)s tidak dikenal.", kind=kind)))
    check_package(filename, data)
    check_renders(data, sample_context)
    row = custom_template(kind, instansi)
    if row is None:
        row = DocumentTemplate(instansi=instansi, kind=kind)
    try:
        replace(row, DocumentTemplate.stored_file, "templates", filename, data, ("docx",), MAX_TEMPLATE_BYTES)
    except UploadError as error:
        raise TemplateRefused(str(error))
    db.session.add(row)
    row.uploaded_by_id = getattr(user, "id", None)
    from app.clock import now_utc

    row.uploaded_at = now_utc()
    db.session.flush()
    return row


def restore_default(kind, instansi):
    """Drop the instansi's own template for ``kind`` (its file goes after the commit)."""
    row = custom_template(kind, instansi)
    if row is not None:
        db.session.delete(row)
        db.session.flush()
