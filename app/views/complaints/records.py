"""The complaint screens: intake, the list with due flags and export, my queue, the complaint page with its moves,
topic, follow-ups and files."""
import io
import os

from flask import flash, g, redirect, request, send_file, url_for
from flask_appbuilder.baseviews import expose
from flask_appbuilder.fieldwidgets import DateTimePickerWidget
from flask_appbuilder.models.sqla.filters import FilterEqual
from flask_appbuilder.security.decorators import has_access, permission_name
from flask_appbuilder.urltools import get_filter_args
from flask_babel import gettext as _, lazy_gettext as _l
from markupsafe import Markup, escape
from sqlalchemy import select
from flask_wtf.csrf import generate_csrf
from wtforms import BooleanField, DateTimeField, StringField
from wtforms.validators import Length, Optional

from app import background
from app.clock import now_local, today_local
from app.complaints.export import Privacy, mask, write_export
from app.complaints.deadlines import refresh
from app.complaints.due import OVERDUE, SOON, due_state
from app.complaints.rules import clean_nik, complaint_problems
from app.complaints.workflow import Actor, WorkflowError, allowed_moves, apply_move, record_intake
from app.extensions import db
from app.issues.topics import active_topics, set_topic
from app.locale import format_date
from app.models.complaints import Channel, Classification, Complaint, ComplaintAttachment, Status
from app.models.issues import IssueTopic, TopicSource
from app.models.org import OrgLevel, OrgNode
from app.scope import current_scope
from app.uploads import UploadError, replace
from app.views.base import EnumSelectField, ScopedModelView, attempt, check_in_scope, require_csrf
from app.views.complaints.filters import FilterDueSoon, FilterEnum, FilterMyQueue, FilterOverdue
from app.views.lists import BigListInterface

COMPLAINT_LABELS = {
    "tracking_number": _l("Nomor pelacakan"),
    "org": _l("Penanggung jawab"),
    "instansi": _l("Instansi"),
    "opd": _l("Perangkat daerah"),
    "channel": _l("Kanal"),
    "classification": _l("Klasifikasi"),
    "category": _l("Kategori"),
    "title": _l("Judul"),
    "content": _l("Isi laporan"),
    "location": _l("Lokasi"),
    "received_at": _l("Diterima pada"),
    "reporter_name": _l("Nama pelapor"),
    "reporter_nik": _l("NIK pelapor"),
    "reporter_phone": _l("Telepon pelapor"),
    "reporter_email": _l("Surel pelapor"),
    "reporter_address": _l("Alamat pelapor"),
    "rahasia": _l("Rahasia"),
    "anonim": _l("Anonim"),
    "status": _l("Status"),
    "due_flag": _l("Batas waktu"),
    "active_due": _l("Batas waktu"),
    "verify_due": _l("Batas verifikasi"),
    "first_followup_due": _l("Batas tindak lanjut pertama"),
    "resolve_due": _l("Batas penyelesaian"),
    "autoclose_due": _l("Usulan tutup otomatis"),
    "verified_at": _l("Diverifikasi"),
    "routed_at": _l("Didisposisikan"),
    "first_followup_at": _l("Tindak lanjut pertama"),
    "finished_at": _l("Selesai"),
    "paused_days": _l("Hari kerja ditunda"),
}
INTAKE_COLUMNS = [
    "org", "tracking_number", "channel", "classification", "category", "title", "content", "location", "received_at",
    "reporter_name", "reporter_nik", "reporter_phone", "reporter_email", "reporter_address", "rahasia", "anonim",
]
LIST_COLUMNS = ["tracking_number", "received_at", "title", "classification", "status", "org", "due_flag"]
SEARCH_COLUMNS = ["status", "classification", "category", "channel", "opd", "org", "received_at", "active_due",
                  "tracking_number", "title"]


def due_flag_cell(flag):
    """The deadline column: the date, flagged red when overdue and amber when due soon."""
    if flag.due is None:
        return ""
    text = format_date(flag.due)
    state = due_state(flag.due, flag.instansi_id)
    if state == OVERDUE:
        return Markup('<span class="label label-danger">%s</span> %s') % (_("Terlambat"), text)
    if state == SOON:
        return Markup('<span class="label label-warning">%s</span> %s') % (_("Segera jatuh tempo"), text)
    return escape(text)


class ComplaintListMixin:
    """List configuration shared by the full list and my queue."""

    datamodel = BigListInterface(Complaint)
    label_columns = COMPLAINT_LABELS
    list_columns = LIST_COLUMNS
    search_columns = SEARCH_COLUMNS
    order_columns = ["tracking_number", "received_at", "status", "active_due"]
    # Open complaints first, nearest deadline first; finished ones (no waiting step) after them.
    base_order = ("active_due", "asc")
    formatters_columns = {"due_flag": due_flag_cell}
    search_form_extra_fields = {
        "status": EnumSelectField(Status, _l("Status"), required=False),
        "classification": EnumSelectField(Classification, _l("Klasifikasi"), required=False),
        "channel": EnumSelectField(Channel, _l("Kanal"), required=False),
    }
    search_form_query_rel_fields = {
        "opd": [["level", FilterEqual, OrgLevel.OPD]],
    }

    def _init_properties(self):
        super()._init_properties()
        # FAB reads the search form from _search_filters and the URL arguments from _all_filters.
        for filters in (self._filters._search_filters, self._filters._all_filters):
            for column in ("status", "classification", "channel"):
                filters[column] = [FilterEnum(column, self.datamodel)]
            filters["active_due"] = [
                FilterOverdue("active_due", self.datamodel), FilterDueSoon("active_due", self.datamodel)
            ] + list(filters.get("active_due", []))


class ComplaintView(ComplaintListMixin, ScopedModelView):
    """Complaints in the user's scope: intake, list, the complaint page and its moves, export."""

    route_base = "/pengaduan"
    list_title = _l("Daftar Pengaduan")
    show_title = _l("Detail Pengaduan")
    add_title = _l("Catat Pengaduan")
    edit_title = _l("Ubah Pengaduan")
    list_template = "complaints/list.html"
    show_template = "complaints/show.html"
    add_columns = INTAKE_COLUMNS
    edit_columns = ["classification", "category", "title", "content", "location", "reporter_name", "reporter_nik",
                    "reporter_phone", "reporter_email", "reporter_address", "rahasia", "anonim"]
    show_columns = ["tracking_number", "status", "org", "channel", "classification", "category", "title", "content",
                    "location", "received_at", "reporter_name", "rahasia", "anonim", "verify_due",
                    "first_followup_due", "resolve_due", "autoclose_due", "verified_at", "routed_at",
                    "first_followup_at", "finished_at", "paused_days"]
    description_columns = {
        "org": _l("Node yang menerima pengaduan; Admin Instansi lalu memverifikasi dan mendisposisikannya."),
        "tracking_number": _l("ID Tracking LAPOR! bila ada; kosongkan untuk nomor Pantau otomatis."),
        "anonim": _l("Identitas pelapor hanya terlihat oleh Admin Instansi."),
        "rahasia": _l("Laporan tidak pernah tampil pada keluaran publik."),
    }
    add_form_extra_fields = {
        "tracking_number": StringField(_l("Nomor pelacakan"), validators=[Optional(), Length(max=40)]),
        "channel": EnumSelectField(Channel, _l("Kanal")),
        "classification": EnumSelectField(Classification, _l("Klasifikasi")),
        "received_at": DateTimeField(_l("Diterima pada"), format="%Y-%m-%d %H:%M:%S", validators=[Optional()],
                                     widget=DateTimePickerWidget()),
        "rahasia": BooleanField(_l("Rahasia")),
        "anonim": BooleanField(_l("Anonim")),
    }
    edit_form_extra_fields = {
        "classification": EnumSelectField(Classification, _l("Klasifikasi")),
        "rahasia": BooleanField(_l("Rahasia")),
        "anonim": BooleanField(_l("Anonim")),
    }

    def _actor(self):
        return Actor.of_user(g.user)

    rules = (complaint_problems,)

    def pre_add(self, item):
        self.check_rules(item)
        check_in_scope(item)
        item.reporter_nik = clean_nik(item.reporter_nik)
        record_intake(item, self._actor())

    def pre_update(self, item):
        super().pre_update(item)
        item.reporter_nik = clean_nik(item.reporter_nik)
        refresh(item)

    @expose("/show/<pk>", methods=["GET"])
    @has_access
    def show(self, pk):
        """The complaint with its history, follow-ups, files and the moves the user may make."""
        complaint = self.get_scoped_item(pk)
        privacy = Privacy(g.user)
        identity = privacy.sees_identity(complaint.anonim, complaint.instansi_id)
        columns = [c for c in self.show_columns if identity or c != "reporter_name"]
        widgets = self._get_show_widget(pk, complaint, show_fieldsets=[(_("Pengaduan"), {"fields": columns})])
        contacts = None
        if identity and privacy.contacts:
            contacts = [(label, mask(value)) for label, value in (
                (_("NIK"), complaint.reporter_nik), (_("Telepon"), complaint.reporter_phone),
                (_("Surel"), complaint.reporter_email)) if value]
        actor = self._actor()
        moves = allowed_moves(complaint, actor)
        scope = current_scope()
        targets = db.session.execute(
            scope.apply(
                select(OrgNode).where(
                    OrgNode.path.startswith(complaint.instansi.path),
                    OrgNode.level.in_([OrgLevel.OPD, OrgLevel.UNIT]),
                ), OrgNode,
            ).order_by(OrgNode.path)
        ).scalars().all()
        units = [node for node in targets if node.parent_id == complaint.org_id and node.level == OrgLevel.UNIT]
        can_topic = self.appbuilder.sm.has_access("can_topic", self.class_permission_name)
        return self.render_template(
            self.show_template, pk=pk, title=self.show_title, widgets=widgets, related_views=self._related_views,
            complaint=complaint, moves=moves, targets=targets, units=units,
            due_state=due_state(complaint.active_due, complaint.instansi_id), csrf=generate_csrf(), identity=identity, contacts=contacts, can_attach=self.appbuilder.sm.has_access("can_attach", self.class_permission_name),
            topic_source=TopicSource(complaint.topic_source).label if complaint.topic_source else None,
            can_topic=can_topic, topics=active_topics(complaint.instansi_id) if can_topic else [],
        )

    @expose("/move/<pk>", methods=["POST"])
    @has_access
    @permission_name("move")
    def move(self, pk):
        """Make one workflow move (form: move, target, note)."""
        complaint = self.get_scoped_item(pk)
        require_csrf()
        target = None
        if request.form.get("target"):
            target = current_scope().get_or_404(OrgNode, request.form["target"])
        with attempt(WorkflowError) as outcome:
            apply_move(complaint, request.form.get("move", ""), self._actor(), target=target,
                       note=request.form.get("note"), seen_version=request.form.get("version", type=int))
        if not outcome.refused:
            flash(_("Pengaduan %(number)s: %(status)s.", number=complaint.tracking_number,
                    status=complaint.status.label), "success")
        return redirect(url_for(".show", pk=complaint.id))

    @expose("/topik/<pk>", methods=["POST"])
    @has_access
    @permission_name("topic")
    def topic(self, pk):
        """Confirm or change the complaint's topic (form: topic); a staff choice the suggestions then learn from."""
        complaint = current_scope().get_or_404(Complaint, pk)
        require_csrf()
        topic_id = request.form.get("topic", type=int)
        with attempt(ValueError) as outcome:
            set_topic(complaint, db.session.get(IssueTopic, topic_id) if topic_id else None)
        if not outcome.refused:
            flash(_("Pengaduan %(number)s: topik %(topic)s ditetapkan.", number=complaint.tracking_number,
                    topic=complaint.topic.name), "success")
        return redirect(url_for(".show", pk=complaint.id))

    @expose("/attach/<pk>", methods=["POST"])
    @has_access
    @permission_name("attach")
    def attach(self, pk):
        """Attach a file (PDF, image, DOCX, XLSX) to the complaint."""
        complaint = self.get_scoped_item(pk)
        require_csrf()
        upload = request.files.get("file")
        with attempt(UploadError) as outcome:
            if upload is None or not upload.filename:
                raise UploadError(_("Pilih berkas."))
            attachment = ComplaintAttachment(username=g.user.username, uploaded_at=now_local())
            replace(attachment, ComplaintAttachment.stored_file, "complaints", upload.filename, upload.read())
            complaint.attachments.append(attachment)
        if not outcome.refused:
            flash(_("Berkas dilampirkan."), "success")
        return redirect(url_for(".show", pk=complaint.id))

    @expose("/lampiran/<pk>")
    @has_access
    @permission_name("download")
    def attachment(self, pk):
        """Download an attachment of a complaint in scope (404 otherwise)."""
        attachment = current_scope().get_or_404(ComplaintAttachment, pk)
        return attachment.stored_file.send(attachment)

    @expose("/ekspor/")
    @has_access
    @permission_name("export")
    def export(self):
        """The list as filtered on screen, as XLSX (lifecycle dates as Excel dates, contacts masked)."""
        get_filter_args(self._filters)
        joined = self._filters.get_joined_filters(self._base_filters)
        query = self.datamodel.apply_all(db.session.query(Complaint), joined)
        ids = list(db.session.execute(query.with_entities(Complaint.id).statement).scalars())
        file_name = f"pengaduan-{today_local():%Y%m%d}.xlsx"
        if background.export_in_background(len(ids)):
            run = background.queue_complaint_export(ids, g.user, _("Daftar Pengaduan"), file_name)
            return redirect(url_for("BackgroundRunView.page", pk=run.id))
        path = write_export(ids, g.user, _("Daftar Pengaduan"))

        try:
            return send_stored_path(path, file_name)
        finally:
            os.remove(path)


def send_stored_path(path, download_name):
    """Send a finished XLSX from a temporary file (read first, so the file can be removed at once)."""
    with open(path, "rb") as handle:
        data = handle.read()
    return send_file(io.BytesIO(data), as_attachment=True, download_name=download_name,
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


class ComplaintQueueView(ComplaintListMixin, ScopedModelView):
    """My queue: the complaints in scope waiting for the user's tier, nearest deadline first."""

    route_base = "/antrean-pengaduan"
    list_title = _l("Antrean Pengaduan Saya")
    show_title = _l("Detail Pengaduan")
    add_title = _l("Catat Pengaduan")
    edit_title = _l("Ubah Pengaduan")
    base_permissions = ["can_list", "can_show"]
    base_filters = [["id", FilterMyQueue, None]]

    @expose("/show/<pk>", methods=["GET"])
    @has_access
    def show(self, pk):
        """Open the complaint page (the queue is a list only)."""
        complaint = current_scope().get_or_404(Complaint, pk)
        return redirect(url_for("ComplaintView.show", pk=complaint.id))
