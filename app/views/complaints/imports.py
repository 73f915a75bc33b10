"""The LAPOR! import page: upload a file, see what was created, updated and refused."""
from flask import abort, flash, g, redirect, request, url_for
from flask_appbuilder import BaseView
from flask_appbuilder.baseviews import expose
from flask_appbuilder.security.decorators import has_access, permission_name
from flask_babel import gettext as _
from sqlalchemy import select
from flask_wtf.csrf import generate_csrf

from app import background
from app.complaints.importer import ImportRefused, import_file
from app.complaints.workflow import Actor
from app.extensions import db
from app.imports import ImportStopped, lock_name, run_import
from app.locale import number
from app.models.org import OrgLevel, OrgNode
from app.scope import current_scope
from app.views.base import require_csrf


class ComplaintImportView(BaseView):
    """Import a LAPOR! export (XLSX/CSV): preview first (dry run), then write, all rows or none."""

    route_base = "/impor-pengaduan"
    default_view = "form"

    @expose("/", methods=["GET", "POST"])
    @has_access
    @permission_name("import")
    def form(self):
        """Upload form; POST validates the whole file, previews (dry run) or imports."""
        instansi = db.session.execute(
            current_scope().apply(select(OrgNode).where(OrgNode.level == OrgLevel.INSTANSI), OrgNode)
            .order_by(OrgNode.name)
        ).scalars().all()
        result = None
        if request.method == "POST":
            require_csrf()
            node = current_scope().get_or_404(OrgNode, request.form.get("instansi"))
            if node.level != OrgLevel.INSTANSI:
                abort(404)
            upload = request.files.get("file")
            dry_run = request.form.get("dry_run") == "1"
            if upload is None or not upload.filename:
                flash(_("Pilih berkas."), "danger")
            elif background.import_in_background(data := upload.read()):
                run = background.queue_lapor_import(node, upload.filename, data, dry_run, g.user)
                return redirect(url_for("BackgroundRunView.page", pk=run.id))
            else:
                try:
                    result = run_import(lock_name("lapor", node.id), dry_run, lambda: import_file(
                        upload.filename, data, node, dry_run=dry_run, actor=Actor.of_user(g.user)))
                except ImportRefused as error:
                    result = error.result
                    flash(str(error), "danger")
                except ImportStopped as error:
                    flash(str(error), "danger")
                else:
                    if not dry_run:
                        flash(_("Impor selesai: %(created)s baru, %(updated)s diperbarui.",
                                created=number(result.created), updated=number(result.updated)), "success")
        return self.render_template("complaints/import.html", instansi=instansi, result=result, csrf=generate_csrf(),
                                    title=_("Impor Data LAPOR!"))
