"""Screens of the compliance reports: report runs (start, poll, download), schedules, deliveries, MCP evidence, catalogues."""
from flask import g, jsonify, redirect, request, url_for
from flask_appbuilder.baseviews import expose
from flask_appbuilder.models.sqla.filters import FilterEqual
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_appbuilder.security.decorators import has_access
from flask_appbuilder.fieldwidgets import BS3TextAreaFieldWidget
from flask_babel import lazy_gettext as _l
from flask_appbuilder.fieldwidgets import DatePickerWidget
from wtforms import BooleanField, DateField, FileField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Optional

from app.extensions import db
from app.models.org import OrgLevel
from app.models.reports import (
    EVIDENCE_STATUS_LABELS, PERIOD_RULE_LABELS, EvidenceStatus, PeriodRule,
    McpEvidence, McpEvidenceItem, McpIndicator, PekpppAspect, PekpppBand, PekpppIndicator, PekpppInstrument,
    ReportDelivery, ReportRun, ReportSchedule, RunStatus,
)
from app.reports import registry
from app.scope import ScopeError, current_scope
from app.uploads import UploadError, remove, send_stored, store
from app.views.base import ReferenceModelView, ScopedModelView, check_in_scope

LANGUAGE_CHOICES = [("id", "Bahasa Indonesia"), ("en", "English")]
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def kind_choices():
    return registry.choices()


def enum_select(label, enum_class, labels, **kwargs):
    """A drop-down over ``enum_class`` with Indonesian labels (FAB's own enum field needs member names as values)."""
    def coerce(value):
        if value is None or isinstance(value, enum_class):
            return value
        return enum_class[value]

    return SelectField(label, choices=lambda: [(member.name, str(labels[member])) for member in enum_class],
                       coerce=coerce, **kwargs)


def _refuse(item, message):
    """Abort an add or edit with ``message`` flashed by FAB; nothing is written."""
    if item in db.session:
        db.session.expunge(item)
    db.session.rollback()
    raise ScopeError(message)


RUN_LABELS = {
    "id": _l("No."),
    "kind": _l("Jenis laporan"),
    "org": _l("Unit organisasi"),
    "period_code": _l("Periode"),
    "as_of_date": _l("Tanggal keadaan"),
    "as_at_build": _l("Keadaan saat laporan dibuat"),
    "language": _l("Bahasa"),
    "requested_by": _l("Diminta oleh"),
    "schedule": _l("Jadwal"),
    "status": _l("Status"),
    "attempts": _l("Percobaan"),
    "created_at": _l("Dibuat"),
    "started_at": _l("Mulai"),
    "finished_at": _l("Selesai"),
    "heartbeat_at": _l("Tanda hidup terakhir"),
    "error": _l("Galat"),
    "file_name": _l("Berkas"),
    "size": _l("Ukuran (bita)"),
    "recipients": _l("Penerima"),
    "subject": _l("Subjek"),
    "next_attempt_at": _l("Percobaan berikutnya"),
    "last_attempt_at": _l("Percobaan terakhir"),
    "sent_at": _l("Terkirim"),
    "run": _l("Laporan"),
}


class ReportDeliveryView(ScopedModelView):
    """The e-mails of scheduled reports and what happened to each (read-only)."""

    datamodel = SQLAInterface(ReportDelivery)
    base_permissions = ["can_list", "can_show"]
    list_title = _l("Pengiriman Laporan")
    show_title = _l("Rincian Pengiriman Laporan")
    add_title = _l("Tambah Pengiriman Laporan")
    edit_title = _l("Ubah Pengiriman Laporan")
    label_columns = RUN_LABELS
    list_columns = ["run", "recipients", "status", "attempts", "sent_at", "error"]
    search_columns = ["run", "recipients", "sent_at"]
    show_columns = ["run", "subject", "recipients", "language", "status", "attempts", "last_attempt_at",
                    "next_attempt_at", "sent_at", "error", "created_at"]
    base_order = ("id", "desc")


class ReportRunView(ScopedModelView):
    """Reports: start one for a node and period; the scheduler process builds it; poll, then download."""

    datamodel = SQLAInterface(ReportRun)
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
    formatters_columns = {"kind": lambda code: registry.label_of(code)}
    description_columns = {
        "period_code": _l("Contoh: 2025-Q3 (Triwulan III), 2025-H1 (Semester I), 2025 (Tahun)."),
        "org": _l("Laporan hanya memuat data node ini dan node di bawahnya."),
        "as_of_date": _l("Semua angka dihitung keadaan pada akhir tanggal ini. Kosong: akhir hari terakhir periode."),
        "as_at_build": _l("Centang untuk menghitung keadaan pada saat laporan dibuat (mengabaikan tanggal keadaan)."),
    }
    add_form_extra_fields = {
        "kind": SelectField(_l("Jenis laporan"), choices=kind_choices, validators=[DataRequired()]),
        "period_code": StringField(_l("Periode"), validators=[DataRequired()]),
        "as_of_date": DateField(_l("Tanggal keadaan"), validators=[Optional()], widget=DatePickerWidget()),
        "as_at_build": BooleanField(_l("Keadaan saat laporan dibuat"), default=False),
        "language": SelectField(_l("Bahasa"), choices=LANGUAGE_CHOICES, default="id"),
    }
    related_views = [ReportDeliveryView]

    def pre_add(self, item):
        from app.reports.runs import RunError, check_request

        try:
            if item.as_at_build:
                item.as_of_date = None
            period = check_request(item.kind, item.org, item.period_code, item.language, item.as_of_date)
        except RunError as error:
            _refuse(item, str(error))
        check_in_scope(item)
        item.period_code = period.code
        item.status = RunStatus.QUEUED
        user = getattr(g, "user", None)
        item.requested_by_id = getattr(user, "id", None)

    def post_add(self, item):
        g.pantau_report_run_id = item.id

    def post_add_redirect(self):
        run_id = g.get("pantau_report_run_id")
        if run_id:
            return redirect(url_for(f"{self.__class__.__name__}.show", pk=run_id))
        return super().post_add_redirect()

    @expose("/status/<int:pk>")
    @has_access
    def status(self, pk):
        """The run's status as small JSON, polled by the run page."""
        from app.reports.runs import status_of

        run = current_scope().get_or_404(ReportRun, pk)
        data = status_of(run)
        if data["file_name"]:
            data["download_url"] = url_for(f"{self.__class__.__name__}.report_file", pk=run.id)
        return jsonify(data)

    @expose("/file/<int:pk>")
    @has_access
    def report_file(self, pk):
        """Download the finished XLSX of a run in scope; 404 otherwise."""
        from flask import abort

        run = current_scope().get_or_404(ReportRun, pk)
        if run.status != RunStatus.DONE or not run.stored_name:
            abort(404)
        return send_stored(run.stored_name, run.file_name, XLSX_MIME)


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
        "created_at": _l("Dibuat"),
        "changed_at": _l("Diubah"),
    }
    description_columns = {
        "cron": _l("Lima kolom (menit jam tanggal bulan hari), zona Asia/Jakarta. Contoh: 0 7 * * 1-5 = setiap hari "
                   "kerja pukul 07.00. Laporan dikirim pada pemeriksaan pertama setelah jatuh tempo, sekali per periode."),
        "due_working_days": _l("Jatuh tempo: hari kerja ke-N setelah periode berakhir (bawaan 5)."),
        "recipients": _l("Alamat surel, dipisah koma."),
        "as_at_build": _l("Bawaan: keadaan pada akhir hari terakhir periode. Centang: keadaan saat laporan dibuat."),
    }
    list_columns = ["kind", "org", "period_rule", "due_working_days", "cron", "recipients", "as_at_build", "active"]
    show_columns = ["kind", "org", "period_rule", "due_working_days", "cron", "recipients", "language", "as_at_build",
                    "active", "created_at", "changed_at"]
    add_columns = ["kind", "org", "period_rule", "due_working_days", "cron", "recipients", "language", "as_at_build",
                   "active"]
    edit_columns = add_columns
    search_columns = ["kind", "org", "active"]
    formatters_columns = {"kind": lambda code: registry.label_of(code)}
    add_form_extra_fields = {
        "kind": SelectField(_l("Jenis laporan"), choices=kind_choices, validators=[DataRequired()]),
        "period_rule": enum_select(_l("Periode yang dikirim"), PeriodRule, PERIOD_RULE_LABELS),
        "language": SelectField(_l("Bahasa"), choices=LANGUAGE_CHOICES, default="id"),
        "recipients": TextAreaField(_l("Penerima"), validators=[DataRequired()], widget=BS3TextAreaFieldWidget()),
        "as_at_build": BooleanField(_l("Keadaan saat laporan dibuat"), default=False),
    }
    edit_form_extra_fields = add_form_extra_fields

    def _check(self, item):
        from app.reports.schedules import ScheduleError, validate

        check_in_scope(item)
        try:
            validate(item)
        except ScheduleError as error:
            _refuse(item, str(error))

    def pre_add(self, item):
        self._check(item)

    def pre_update(self, item):
        self._check(item)


class McpEvidenceView(ScopedModelView):
    """The instansi's MCP/MCSP evidence per checklist item: status, note, file, link to a Pantau record."""

    datamodel = SQLAInterface(McpEvidence)
    list_title = _l("Bukti MCP/MCSP")
    show_title = _l("Rincian Bukti MCP/MCSP")
    add_title = _l("Tambah Bukti MCP/MCSP")
    edit_title = _l("Ubah Bukti MCP/MCSP")
    label_columns = {
        "instansi": _l("Instansi"),
        "item": _l("Butir bukti"),
        "status": _l("Status"),
        "note": _l("Catatan"),
        "file_name": _l("Berkas"),
        "upload": _l("Unggah berkas"),
        "report_run": _l("Laporan Pantau"),
        "record_link": _l("Tautan data Pantau"),
        "updated_at": _l("Diperbarui"),
    }
    description_columns = {
        "record_link": _l("Alamat halaman Pantau yang menjadi bukti, contoh /skm/show/12."),
        "upload": _l("PDF, gambar, DOCX atau XLSX. Mengunggah berkas baru menggantikan berkas lama."),
    }
    list_columns = ["instansi", "item", "status", "file_name", "updated_at"]
    show_columns = ["instansi", "item", "status", "note", "file_name", "report_run", "record_link", "updated_at"]
    add_columns = ["instansi", "item", "status", "note", "upload", "report_run", "record_link"]
    edit_columns = add_columns
    search_columns = ["instansi", "item"]
    add_form_extra_fields = {
        "upload": FileField(_l("Unggah berkas")),
        "status": enum_select(_l("Status"), EvidenceStatus, EVIDENCE_STATUS_LABELS, default=EvidenceStatus.MISSING.name),
    }
    edit_form_extra_fields = add_form_extra_fields
    add_form_query_rel_fields = {"instansi": [["level", FilterEqual, OrgLevel.INSTANSI]]}
    edit_form_query_rel_fields = add_form_query_rel_fields

    def _check(self, item):
        check_in_scope(item)
        if item.report_run is not None and (item.report_run.org.instansi.id != item.instansi.id
                                            or not current_scope().contains(item.report_run)):
            _refuse(item, str(_l("Laporan yang ditautkan harus milik instansi yang sama.")))
        if item.record_link and not item.record_link.startswith("/"):
            _refuse(item, str(_l("Tautan data Pantau harus berupa alamat di dalam Pantau, diawali '/'.")))
        upload = request.files.get("upload")
        if upload is not None and upload.filename:
            try:
                stored_name, mime, size = store("reports", upload.filename, upload.read())
            except UploadError as error:
                _refuse(item, str(error))
            if item.stored_name:
                remove(item.stored_name)
            item.stored_name, item.mime, item.size, item.file_name = stored_name, mime, size, upload.filename

    def pre_add(self, item):
        self._check(item)

    def pre_update(self, item):
        self._check(item)

    @expose("/file/<int:pk>")
    @has_access
    def evidence_file(self, pk):
        """Download the evidence file of a row in scope; 404 otherwise."""
        from flask import abort

        row = current_scope().get_or_404(McpEvidence, pk)
        if not row.stored_name:
            abort(404)
        return send_stored(row.stored_name, row.file_name, row.mime)


class PekpppInstrumentView(ReferenceModelView):
    datamodel = SQLAInterface(PekpppInstrument)
    list_title = _l("Instrumen PEKPPP")
    show_title = _l("Rincian Instrumen PEKPPP")
    add_title = _l("Tambah Instrumen PEKPPP")
    edit_title = _l("Ubah Instrumen PEKPPP")
    label_columns = {"year": _l("Tahun"), "name": _l("Nama"), "legal_basis": _l("Dasar hukum"), "note": _l("Catatan"),
                     "aspects": _l("Aspek"), "bands": _l("Kategori IPP")}
    list_columns = ["year", "name", "legal_basis"]
    show_columns = ["year", "name", "legal_basis", "note"]
    add_columns = edit_columns = ["year", "name", "legal_basis", "note"]
    base_order = ("year", "desc")


class PekpppAspectView(ReferenceModelView):
    datamodel = SQLAInterface(PekpppAspect)
    list_title = _l("Aspek PEKPPP")
    show_title = _l("Rincian Aspek PEKPPP")
    add_title = _l("Tambah Aspek PEKPPP")
    edit_title = _l("Ubah Aspek PEKPPP")
    label_columns = {"instrument": _l("Instrumen"), "code": _l("Kode"), "name": _l("Aspek"), "weight": _l("Bobot (%)"),
                     "position": _l("Urutan"), "indicators_luring": _l("Jumlah indikator luring"),
                     "indicators_daring": _l("Jumlah indikator daring")}
    list_columns = ["instrument", "code", "name", "weight", "indicators_luring", "indicators_daring"]
    add_columns = edit_columns = show_columns = ["instrument", "code", "name", "weight", "position",
                                                 "indicators_luring", "indicators_daring"]
    base_order = ("position", "asc")


class PekpppIndicatorView(ReferenceModelView):
    datamodel = SQLAInterface(PekpppIndicator)
    list_title = _l("Indikator PEKPPP")
    show_title = _l("Rincian Indikator PEKPPP")
    add_title = _l("Tambah Indikator PEKPPP")
    edit_title = _l("Ubah Indikator PEKPPP")
    label_columns = {
        "aspect": _l("Aspek"), "code": _l("Kode"), "text": _l("Indikator"), "variant": _l("Varian (luring/daring)"),
        "position": _l("Urutan"), "evidence": _l("Bukti dukung"), "machine_key": _l("Kunci hitung Pantau"),
        "source": _l("Sumber"), **{f"level_{n}": _l("Skor %(n)s", n=n) for n in range(6)},
    }
    description_columns = {"machine_key": _l("Diisi bila Pantau menghitung indikator ini dari datanya, "
                                              "misalnya fkp_unsur_count atau skm_conducted.")}
    list_columns = ["aspect", "code", "text", "variant", "machine_key"]
    add_columns = edit_columns = show_columns = (
        ["aspect", "code", "text", "variant", "position"] + [f"level_{n}" for n in range(6)]
        + ["evidence", "machine_key", "source"]
    )
    search_columns = ["aspect", "code", "text", "machine_key"]


class PekpppBandView(ReferenceModelView):
    datamodel = SQLAInterface(PekpppBand)
    list_title = _l("Kategori IPP")
    show_title = _l("Rincian Kategori IPP")
    add_title = _l("Tambah Kategori IPP")
    edit_title = _l("Ubah Kategori IPP")
    label_columns = {"instrument": _l("Instrumen"), "code": _l("Kategori"), "label": _l("Keterangan"),
                     "min_score": _l("Dari"), "max_score": _l("Sampai")}
    list_columns = add_columns = edit_columns = show_columns = ["instrument", "code", "label", "min_score", "max_score"]
    base_order = ("min_score", "desc")


class McpIndicatorView(ReferenceModelView):
    datamodel = SQLAInterface(McpIndicator)
    list_title = _l("Indikator MCP/MCSP")
    show_title = _l("Rincian Indikator MCP/MCSP")
    add_title = _l("Tambah Indikator MCP/MCSP")
    edit_title = _l("Ubah Indikator MCP/MCSP")
    label_columns = {"year": _l("Tahun"), "area": _l("Area intervensi"), "code": _l("Kode"), "text": _l("Indikator"),
                     "score_levels": _l("Tingkat skor"), "position": _l("Urutan"), "is_example": _l("Contoh"),
                     "note": _l("Catatan"), "evidence_items": _l("Daftar bukti")}
    description_columns = {"is_example": _l("Indikator contoh dari Pantau yang perlu disesuaikan dengan indikator resmi."),
                           "score_levels": _l("Satu tingkat per baris, contoh: 100: seluruh bukti lengkap.")}
    list_columns = ["year", "area", "code", "text", "is_example"]
    show_columns = ["year", "area", "code", "text", "score_levels", "is_example", "note", "evidence_items"]
    add_columns = edit_columns = ["year", "area", "code", "text", "score_levels", "position", "is_example", "note"]
    search_columns = ["year", "area", "code", "text"]
    base_order = ("code", "asc")


class McpEvidenceItemView(ReferenceModelView):
    datamodel = SQLAInterface(McpEvidenceItem)
    list_title = _l("Butir Bukti MCP/MCSP")
    show_title = _l("Rincian Butir Bukti MCP/MCSP")
    add_title = _l("Tambah Butir Bukti MCP/MCSP")
    edit_title = _l("Ubah Butir Bukti MCP/MCSP")
    label_columns = {"indicator": _l("Indikator"), "code": _l("Kode"), "text": _l("Bukti"), "position": _l("Urutan"),
                     "pantau_source": _l("Sumber data Pantau")}
    description_columns = {"pantau_source": _l("skm_result, fkp_minutes, complaint_recap, sp_decree atau report_run.")}
    list_columns = add_columns = edit_columns = show_columns = ["indicator", "code", "text", "position", "pantau_source"]
    search_columns = ["indicator", "code", "text"]


def register(appbuilder):
    """Add this area's views and menu entries."""
    reports = dict(category="Compliance Reports", category_label=_l("Laporan Kepatuhan"), category_icon="fa-file-excel")
    appbuilder.add_view(ReportRunView, "Report Runs", label=_l("Laporan"), icon="fa-file-excel", **reports)
    appbuilder.add_view(ReportScheduleView, "Report Schedules", label=_l("Jadwal Laporan"), icon="fa-clock", **reports)
    appbuilder.add_view(ReportDeliveryView, "Report Deliveries", label=_l("Pengiriman Laporan"), icon="fa-envelope",
                        **reports)
    appbuilder.add_view(McpEvidenceView, "MCP Evidence", label=_l("Bukti MCP/MCSP"), icon="fa-folder-open", **reports)
    catalogues = dict(category="Compliance Catalogues", category_label=_l("Katalog Kepatuhan"), category_icon="fa-book")
    appbuilder.add_view(PekpppInstrumentView, "PEKPPP Instruments", label=_l("Instrumen PEKPPP"), icon="fa-book",
                        **catalogues)
    appbuilder.add_view(PekpppAspectView, "PEKPPP Aspects", label=_l("Aspek PEKPPP"), icon="fa-balance-scale",
                        **catalogues)
    appbuilder.add_view(PekpppIndicatorView, "PEKPPP Indicators", label=_l("Indikator PEKPPP"), icon="fa-list-ol",
                        **catalogues)
    appbuilder.add_view(PekpppBandView, "IPP Categories", label=_l("Kategori IPP"), icon="fa-tags", **catalogues)
    appbuilder.add_view(McpIndicatorView, "MCP Indicators", label=_l("Indikator MCP/MCSP"), icon="fa-shield-alt",
                        **catalogues)
    appbuilder.add_view(McpEvidenceItemView, "MCP Evidence Items", label=_l("Butir Bukti MCP/MCSP"), icon="fa-check-square",
                        **catalogues)
