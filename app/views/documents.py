"""The Word templates screen: per instansi, download the default or the template in use, upload one, restore the
default, and set the berita acara numbering pattern.

Only the instansi's Admin Instansi (or Admin Sistem) reaches it: the tier rules grant the view to Admin Instansi
alone, and every action finds the instansi through the user's scope (another instansi answers 404).
"""
import os

from flask import abort, flash, g, redirect, request, url_for
from flask_appbuilder import BaseView, expose
from flask_appbuilder.security.decorators import has_access, permission_name
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import generate_csrf
from sqlalchemy import select

from app.documents import fkp as fkp_documents
from app.documents import templates
from app.documents.common import settings_of
from app.documents.kinds import LABELS, SAMPLES
from app.extensions import db
from app.models.org import OrgLevel, OrgNode
from app.scope import current_scope
from app.uploads import send_stored
from app.views.base import attempt, require_csrf


def instansi_in_scope():
    """The instansi nodes the current user manages, by code."""
    scope = current_scope()
    rows = db.session.execute(select(OrgNode).where(OrgNode.level == OrgLevel.INSTANSI).order_by(OrgNode.name)).scalars()
    return [node for node in rows if scope.contains_node(node)]


def instansi_or_404(code):
    node = next((n for n in instansi_in_scope() if n.code == (code or "").upper()), None)
    if node is None:
        abort(404)
    return node


def kind_or_404(kind):
    if kind not in templates.KINDS:
        abort(404)
    return kind


class DocumentTemplateView(BaseView):
    """Word templates and document settings of one instansi."""

    route_base = "/documenttemplates"
    default_view = "index"
    base_permissions = ["can_list", "can_download", "can_edit"]

    @expose("/")
    @has_access
    @permission_name("list")
    def index(self):
        """The instansi to manage: the only one, or a choice (Admin Sistem)."""
        choices = instansi_in_scope()
        if len(choices) == 1:
            return redirect(url_for(".show", code=choices[0].code))
        return self.render_template("documents/choose.html", choices=choices, title=_("Templat Dokumen Word"))

    @expose("/<code>")
    @has_access
    @permission_name("list")
    def show(self, code):
        """Each kind with the template in use, the buttons, and the numbering settings."""
        instansi = instansi_or_404(code)
        rows = [(kind, LABELS[kind], templates.custom_template(kind, instansi)) for kind in templates.KINDS]
        return self.render_template("documents/templates.html", instansi=instansi, rows=rows, csrf=generate_csrf(),
                                    settings=settings_of(instansi), title=_("Templat Dokumen Word"),
                                    fields=", ".join("{%s}" % f for f in sorted(fkp_documents.NUMBER_FIELDS)))

    @expose("/<code>/default/<kind>")
    @has_access
    @permission_name("download")
    def default_file(self, code, kind):
        """The default template of ``kind`` shipped with Pantau, to change in Word."""
        instansi_or_404(code)
        path = templates.default_path(kind_or_404(kind))
        from flask import send_file

        return send_file(path, mimetype=templates.DOCX_MIME, as_attachment=True, download_name=f"{kind}-bawaan.docx")

    @expose("/<code>/current/<kind>")
    @has_access
    @permission_name("download")
    def current_file(self, code, kind):
        """The template the instansi uses now for ``kind`` (its own upload, else the default)."""
        instansi = instansi_or_404(code)
        row = templates.custom_template(kind_or_404(kind), instansi)
        if row is None:
            return self.default_file(code, kind)
        return send_stored(row.stored_name, row.file_name, templates.DOCX_MIME)

    @expose("/<code>/upload/<kind>", methods=["POST"])
    @has_access
    @permission_name("edit")
    def upload(self, code, kind):
        """Check an uploaded template by rendering it once; keep it, or refuse it and keep the one in use."""
        require_csrf()
        instansi = instansi_or_404(code)
        kind_or_404(kind)
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            flash(_("Pilih berkas templat .docx."), "danger")
            return redirect(url_for(".show", code=instansi.code))
        with attempt(templates.TemplateRefused) as outcome:
            templates.install(kind, instansi, os.path.basename(upload.filename), upload.read(),
                                          SAMPLES[kind], getattr(g, "user", None))
        if outcome.refused:
            return redirect(url_for(".show", code=instansi.code))
        flash(_("Templat %(kind)s %(instansi)s tersimpan dan dipakai untuk dokumen berikutnya.",
                kind=LABELS[kind], instansi=instansi.name), "success")
        return redirect(url_for(".show", code=instansi.code))

    @expose("/<code>/restore/<kind>", methods=["POST"])
    @has_access
    @permission_name("edit")
    def restore(self, code, kind):
        """Go back to the default template of ``kind``."""
        require_csrf()
        instansi = instansi_or_404(code)
        templates.restore_default(kind_or_404(kind), instansi)
        db.session.commit()
        flash(_("Templat bawaan %(kind)s dipakai kembali.", kind=LABELS[kind]), "success")
        return redirect(url_for(".show", code=instansi.code))

    @expose("/<code>/settings", methods=["POST"])
    @has_access
    @permission_name("edit")
    def settings(self, code):
        """Save the berita acara numbering pattern."""
        require_csrf()
        instansi = instansi_or_404(code)
        pattern = (request.form.get("number_pattern") or "").strip()
        try:
            fkp_documents.check_pattern(pattern)
        except fkp_documents.NumberPatternError as error:
            flash(str(error), "danger")
            return redirect(url_for(".show", code=instansi.code))
        row = settings_of(instansi)
        row.number_pattern = pattern
        db.session.add(row)
        db.session.commit()
        flash(_("Pengaturan dokumen tersimpan."), "success")
        return redirect(url_for(".show", code=instansi.code))


def register(appbuilder):
    """Add the templates screen under the compliance reports menu."""
    appbuilder.add_view(DocumentTemplateView, "Document Templates", label=_l("Templat Dokumen Word"), icon="fa-file-word",
                        category="Compliance Reports")
