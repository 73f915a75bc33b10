"""MCP evidence of an instansi: one row per indicator, with its file."""
from flask import request
from flask_appbuilder.baseviews import expose
from flask_appbuilder.models.sqla.filters import FilterEqual
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_appbuilder.security.decorators import has_access
from flask_babel import lazy_gettext as _l
from wtforms import FileField

from app.models.org import OrgLevel
from app.models.reports import EvidenceStatus, McpEvidence
from app.reports.rules import FOREIGN_RUN, evidence_problems
from app.scope import current_scope
from app.uploads import UploadError, replace
from app.views.base import EnumSelectField, FormRefused, ScopedModelView, check_in_scope


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
        "status": EnumSelectField(EvidenceStatus, _l("Status"), default=EvidenceStatus.MISSING),
    }
    edit_form_extra_fields = add_form_extra_fields
    add_form_query_rel_fields = {"instansi": [["level", FilterEqual, OrgLevel.INSTANSI]]}
    edit_form_query_rel_fields = add_form_query_rel_fields

    rules = (evidence_problems,)

    def _check(self, item):
        check_in_scope(item)
        self.check_rules(item)
        if item.report_run is not None and not current_scope().contains(item.report_run):
            raise FormRefused([FOREIGN_RUN])  # a report out of scope is named as no report of this instansi
        upload = request.files.get("upload")
        if upload is not None and upload.filename:
            try:
                replace(item, item.stored_file, "reports", upload.filename, upload.read())
            except UploadError as error:
                raise FormRefused([str(error)])

    def pre_add(self, item):
        self._check(item)

    def pre_update(self, item):
        self._check(item)

    @expose("/file/<int:pk>")
    @has_access
    def evidence_file(self, pk):
        """Download the evidence file of a row in scope; 404 otherwise."""
        row = current_scope().get_or_404(McpEvidence, pk)
        return row.stored_file.send(row)
