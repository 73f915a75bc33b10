"""Report runs (start, follow, download), their deliveries, and the schedules that start them."""
from flask import abort, g, jsonify, redirect, url_for
from flask_appbuilder.baseviews import expose
from flask_appbuilder.models.filters import BaseFilter
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_appbuilder.security.decorators import has_access, permission_name
from flask_appbuilder.fieldwidgets import BS3TextAreaFieldWidget, DatePickerWidget
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Optional

from app import background
from app.locale import language_name
from app.models.fkp import FkpForum
from app.models.reports import PeriodRule, ReportDelivery, ReportRun, ReportSchedule, RunStatus
from app.reports import registry
from app.reports.delivery import mime_of
from app.reports.runs import RunError, check_request, queue_run, status_of
from app.reports.schedules import ScheduleError, validate
from app.scope import current_scope
from app.uploads import send_stored
from app.views.base import EnumSelectField, FormRefused, ScopedModelView, attempt, check_in_scope, require_csrf
from app.views.lists import BigListInterface
from app.views.reports.fields import LANGUAGE_CHOICES, RUN_LABELS, period_kind_choices


class ReportDeliveryView(ScopedModelView):
    """The e-mails of scheduled reports and what happened to each (read-only)."""

    datamodel = BigListInterface(ReportDelivery)
    base_permissions = ["can_list", "can_show"]
    list_title = _l("Pengiriman Laporan")
    show_title = _l("Rincian Pengiriman Laporan")
    add_title = _l("Tambah Pengiriman Laporan")
    edit_title = _l("Ubah Pengiriman Laporan")
    label_columns = RUN_LABELS
    list_columns = ["run", "recipient", "status", "attempts", "sent_at", "error"]
    search_columns = ["run", "recipient", "sent_at"]
    show_columns = ["run", "subject", "recipient", "language", "status", "attempts", "last_attempt_at",
                    "next_attempt_at", "sent_at", "error", "created_at"]
    base_order = ("id", "desc")
    utc_columns = ("last_attempt_at", "next_attempt_at", "sent_at", "created_at")
    formatters_columns = {"language": language_name}


class NotBackgroundTask(BaseFilter):
    """Background imports and exports are their requester's alone (app/background.py): not listed with reports."""

    name = "not a background task"

    def apply(self, query, value):
        return query.filter(ReportRun.kind.notin_(list(background.LABELS)))


class ReportRunView(ScopedModelView):
    """Reports: start one for a node and period; the scheduler process builds it; poll, then download."""

    datamodel = BigListInterface(ReportRun)
    base_permissions = ["can_list", "can_show", "can_add", "can_status", "can_report_file"]
    show_template = "reports/run_show.html"
    list_title = _l("Laporan")
    show_title = _l("Rincian Laporan")
    add_title = _l("Buat Laporan")
    edit_title = _l("Ubah Laporan")
    label_columns = RUN_LABELS
    list_columns = ["id", "kind", "org", "period_code", "status", "requested_by", "created_at", "finished_at"]
    show_columns = ["id", "kind", "org", "period_code", "as_of_date", "as_at_build", "language", "status", "attempts",
                    "requested_by", "schedule", "created_at", "started_at", "finished_at", "heartbeat_at", "file_name",
                    "size", "error"]
    add_columns = ["kind", "org", "period_code", "as_of_date", "as_at_build", "language"]
    search_columns = ["kind", "org", "period_code"]
    base_order = ("id", "desc")
    base_filters = [["kind", NotBackgroundTask, None]]
    formatters_columns = {"kind": lambda code: registry.label_of(code), "language": language_name}
    utc_columns = ("created_at", "started_at", "finished_at", "heartbeat_at")
    description_columns = {
        "period_code": _l("Contoh: 2025-Q3 (Triwulan III), 2025-H1 (Semester I), 2025 (Tahun)."),
        "org": _l("Laporan hanya memuat data node ini dan node di bawahnya."),
        "as_of_date": _l("Semua angka dihitung keadaan pada akhir tanggal ini. Kosong: akhir hari terakhir periode."),
        "as_at_build": _l("Centang untuk menghitung keadaan pada saat laporan dibuat (mengabaikan tanggal keadaan)."),
    }
    add_form_extra_fields = {
        "kind": SelectField(_l("Jenis laporan"), choices=period_kind_choices, validators=[DataRequired()],
                            description=_l("Laporan FKP dan berita acara dibuat dari halaman forumnya.")),
        "period_code": StringField(_l("Periode"), validators=[DataRequired()]),
        "as_of_date": DateField(_l("Tanggal keadaan"), validators=[Optional()], widget=DatePickerWidget()),
        "as_at_build": BooleanField(_l("Keadaan saat laporan dibuat"), default=False),
        "language": SelectField(_l("Bahasa"), choices=LANGUAGE_CHOICES, default="id"),
    }
    related_views = [ReportDeliveryView]

    def pre_add(self, item):
        try:
            if item.as_at_build:
                item.as_of_date = None
            period = check_request(item.kind, item.org, item.period_code, item.language, as_of_date=item.as_of_date)
        except RunError as error:
            raise FormRefused([str(error)])
        check_in_scope(item)
        item.period_code = period.code
        item.status = RunStatus.QUEUED
        user = getattr(g, "user", None)
        item.requested_by_id = getattr(user, "id", None)

    @expose("/status/<int:pk>")
    @has_access
    def status(self, pk):
        """The run's status as small JSON, polled by the run page."""
        run = current_scope().get_or_404(ReportRun, pk)
        if background.is_task(run.kind):
            abort(404)
        data = status_of(run)
        if data["file_name"]:
            data["download_url"] = url_for(f"{self.__class__.__name__}.report_file", pk=run.id)
        for item in data["files"]:
            item["download_url"] = url_for(f"{self.__class__.__name__}.run_file", pk=run.id, file_id=item["id"])
        return jsonify(data)

    @expose("/file/<int:pk>")
    @has_access
    def report_file(self, pk):
        """Download the finished file (XLSX or DOCX) of a run in scope; 404 otherwise."""
        run = current_scope().get_or_404(ReportRun, pk)
        if background.is_task(run.kind) or run.status != RunStatus.DONE or not run.stored_name:
            abort(404)
        return send_stored(run.stored_name, run.file_name, mime_of(run.file_name))

    @expose("/file/<int:pk>/<int:file_id>")
    @has_access
    @permission_name("report_file")
    def run_file(self, pk, file_id):
        """Download a further file of a run in scope (its PDF, a document it carries); 404 otherwise."""
        run = current_scope().get_or_404(ReportRun, pk)
        row = next((row for row in run.files if row.id == file_id), None)
        if run.status != RunStatus.DONE or row is None:
            abort(404)
        return send_stored(row.stored_name, row.file_name, row.mime)

    @expose("/forum/<int:forum_id>/<kind>", methods=["POST"])
    @has_access
    @permission_name("add")
    def queue_forum(self, forum_id, kind):
        """Queue a forum document (laporan-fkp, berita-acara) of a forum in scope; the run page shows it when built."""
        require_csrf()
        forum = current_scope().get_or_404(FkpForum, forum_id)
        if kind not in ("laporan-fkp", "berita-acara"):
            abort(404)
        with attempt(RunError) as outcome:
            run = queue_run(kind, forum.unit, None, "id", requested_by=getattr(g, "user", None), forum=forum)
        if outcome.refused:
            return redirect(url_for("FkpForumView.show", pk=forum.id))
        return redirect(url_for(f"{self.__class__.__name__}.show", pk=run.id))


class ReportScheduleView(ScopedModelView):
    """Schedules: which report goes to whom after each period, and when it is due."""

    datamodel = SQLAInterface(ReportSchedule)
    list_title = _l("Jadwal Laporan")
    show_title = _l("Rincian Jadwal Laporan")
    add_title = _l("Tambah Jadwal Laporan")
    edit_title = _l("Ubah Jadwal Laporan")
    label_columns = {
        "kind": _l("Jenis laporan"),
        "org": _l("Unit organisasi"),
        "period_rule": _l("Periode yang dikirim"),
        "due_working_days": _l("Hari kerja setelah periode"),
        "cron": _l("Waktu pemeriksaan (cron)"),
        "recipients": _l("Penerima"),
        "language": _l("Bahasa"),
        "as_at_build": _l("Keadaan saat laporan dibuat"),
        "active": _l("Aktif"),
        "documents": _l("Dokumen Word terlampir"),
        "created_at": _l("Dibuat"),
        "changed_at": _l("Diubah"),
    }
    description_columns = {
        "cron": _l("Lima kolom (menit jam tanggal bulan hari), zona Asia/Jakarta. Contoh: 0 7 * * 1-5 = setiap hari "
                   "kerja pukul 07.00. Laporan dikirim pada pemeriksaan pertama setelah jatuh tempo, sekali per periode."),
        "due_working_days": _l("Jatuh tempo: hari kerja ke-N setelah periode berakhir (bawaan 5)."),
        "recipients": _l("Alamat surel, dipisah koma."),
        "as_at_build": _l("Bawaan: keadaan pada akhir hari terakhir periode. Centang: keadaan saat laporan dibuat."),
        "documents": _l("Kode dokumen Word yang ikut dilampirkan, dipisah koma: laporan-skm, rekap-sp4n."),
    }
    list_columns = ["kind", "org", "period_rule", "due_working_days", "cron", "recipients", "as_at_build", "active"]
    show_columns = ["kind", "org", "period_rule", "due_working_days", "cron", "recipients", "documents", "language",
                    "as_at_build", "active", "created_at", "changed_at"]
    add_columns = ["kind", "org", "period_rule", "due_working_days", "cron", "recipients", "documents", "language",
                   "as_at_build",
                   "active"]
    edit_columns = add_columns
    search_columns = ["kind", "org", "active"]
    formatters_columns = {"kind": lambda code: registry.label_of(code), "language": language_name}
    utc_columns = ("created_at", "changed_at")
    add_form_extra_fields = {
        "kind": SelectField(_l("Jenis laporan"), choices=period_kind_choices, validators=[DataRequired()]),
        "period_rule": EnumSelectField(PeriodRule, _l("Periode yang dikirim")),
        "language": SelectField(_l("Bahasa"), choices=LANGUAGE_CHOICES, default="id"),
        "recipients": TextAreaField(_l("Penerima"), validators=[DataRequired()], widget=BS3TextAreaFieldWidget()),
        "as_at_build": BooleanField(_l("Keadaan saat laporan dibuat"), default=False),
    }
    edit_form_extra_fields = add_form_extra_fields

    def _check(self, item):
        check_in_scope(item)
        try:
            validate(item)
        except ScheduleError as error:
            raise FormRefused([str(error)])

    def pre_add(self, item):
        self._check(item)

    def pre_update(self, item):
        self._check(item)
