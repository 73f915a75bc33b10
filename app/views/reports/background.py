"""The page of a background import or export: progress while the scheduler process works, then the file or the
import result. Only the user who asked for it sees it (and only while the run's node is in their scope)."""
from flask import abort, g, jsonify, url_for
from flask_appbuilder import BaseView
from flask_appbuilder.baseviews import expose
from flask_appbuilder.security.decorators import has_access

from app import background
from app.models.reports import ReportRun, RunStatus
from app.scope import current_scope
from app.uploads import send_stored
from app.views.reports.fields import XLSX_MIME


def own_run(pk):
    """The background run ``pk`` of the current user, in scope; 404 for anything else."""
    run = current_scope().get_or_404(ReportRun, pk)
    if not background.is_task(run.kind) or run.requested_by_id != getattr(g.user, "id", None):
        abort(404)
    return run


def state_of(run):
    """The small JSON the page polls."""
    finished = run.status in (RunStatus.DONE, RunStatus.FAILED)
    return {
        "id": run.id,
        "status": run.status.value,
        "status_label": str(run.status),
        "progress": background.progress_text(run),
        "progress_done": run.progress_done,
        "progress_total": run.progress_total,
        "finished": finished,
        "error": _first_line(run.error),
        "download_url": url_for("BackgroundRunView.result_file", pk=run.id)
        if run.status == RunStatus.DONE and run.stored_name else None,
    }


def _first_line(error):
    """The reason a user can read: an import stopped by the database (app/imports.py) without its class name."""
    if not error:
        return None
    line = error.splitlines()[0]
    return line.split(": ", 1)[1] if line.startswith("ImportStopped: ") else line


class BackgroundRunView(BaseView):
    """A queued import or export: its progress page, the status it polls, and the finished file."""

    route_base = "/proses"
    default_view = "page"

    @expose("/<int:pk>")
    @has_access
    def page(self, pk):
        """Progress ("baris 12.000 dari 100.000"), then the download or the import result."""
        run = own_run(pk)
        return self.render_template("background/run.html", run=run, state=state_of(run),
                                    label=background.LABELS[run.kind], title=str(background.LABELS[run.kind]))

    @expose("/<int:pk>/status")
    @has_access
    def status(self, pk):
        """The run's state as JSON, polled by its page."""
        return jsonify(state_of(own_run(pk)))

    @expose("/<int:pk>/berkas")
    @has_access
    def result_file(self, pk):
        """The finished export; 404 before it is ready."""
        run = own_run(pk)
        if run.status != RunStatus.DONE or not run.stored_name:
            abort(404)
        return send_stored(run.stored_name, run.file_name, XLSX_MIME)
