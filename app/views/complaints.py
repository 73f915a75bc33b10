"""Screens of the SP4N-LAPOR! complaints area: intake, list with due flags and export, my queue, the complaint
page with its moves, follow-ups and files, categories, deadline rules, local calendar and the LAPOR! import."""
import io
import os

from flask import abort, flash, g, redirect, request, send_file, url_for
from flask_appbuilder import BaseView
from flask_appbuilder.baseviews import expose
from flask_appbuilder.fieldwidgets import DateTimePickerWidget, Select2Widget
from flask_appbuilder.models.filters import BaseFilter
from flask_appbuilder.models.sqla.filters import FilterEqual
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_appbuilder.security.decorators import has_access, permission_name
from flask_appbuilder.urltools import get_filter_args
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, false, or_, select
from flask_wtf.csrf import generate_csrf
from wtforms import BooleanField, DateTimeField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from app.complaints.export import Privacy, mask
from app.complaints.importer import FIELD_LABELS
from app.complaints.deadlines import local_now, local_today, recompute_instansi, refresh
from app.complaints.workflow import Actor, WorkflowError, allowed_moves, apply_move, record_intake
from app.extensions import db
from app.models.complaints import (
    CalendarChange, CalendarChangeKind, Channel, Classification, Complaint, ComplaintAttachment, ComplaintCategory,
    DeadlineRule, ImportColumn, Status,
)
from app.models.org import OrgLevel, OrgNode
from app.scope import ScopeError, current_scope
from app.security.roles import ADMIN_INSTANSI, ADMIN_SISTEM, OPERATOR_UNIT, PEJABAT_PENGHUBUNG, PIMPINAN
from app.uploads import UploadError, remove, send_stored, store
from app.views.base import ScopedModelView, check_in_scope, require_csrf

CATEGORY = "Pengaduan"


def enum_field(enum_class, label, required=True):
    """A drop-down of an enum with its Indonesian labels (FAB's EnumField expects member names)."""

    def coerce(value):
        if value is None or value == "" or isinstance(value, enum_class):
            return value or None
        return enum_class(value)

    return SelectField(
        label,
        choices=[(member.value, member.label) for member in enum_class],
        coerce=coerce,
        validators=[DataRequired()] if required else [Optional()],
        widget=Select2Widget(),
    )


class FilterEnum(BaseFilter):
    """Equal-to filter on an enum column, by its stored value."""

    name = _l("Sama dengan")
    arg_name = "eq"

    def apply(self, query, value):
        enum_class = self.datamodel.list_columns[self.column_name].type.enum_class
        try:
            member = enum_class(value)
        except ValueError:
            return query.filter(false())
        return query.filter(getattr(self.model, self.column_name) == member)


class FilterOverdue(BaseFilter):
    name = _l("Terlambat")
    arg_name = "overdue"

    def apply(self, query, value):
        return query.filter(Complaint.active_due < local_today())


class FilterDueSoon(BaseFilter):
    """Due today or on the next working day."""

    name = _l("Jatuh tempo ≤ 1 hari kerja")
    arg_name = "soon"

    def apply(self, query, value):
        from app.complaints.deadlines import _next_national_working_day

        today = local_today()
        return query.filter(Complaint.active_due >= today, Complaint.active_due <= _next_national_working_day(today))


class FilterMyQueue(BaseFilter):
    """The complaints waiting for the current user's tier(s)."""

    name = "Antrean saya"
    arg_name = "my_queue"

    def apply(self, query, value):
        tiers = {role.name for role in getattr(g.user, "roles", [])}
        conditions = []
        if tiers & {ADMIN_SISTEM, ADMIN_INSTANSI}:
            conditions.append(Complaint.status.in_([Status.BELUM_TERVERIFIKASI, Status.BUKAN_WEWENANG, Status.TUNDA]))
        if tiers & {ADMIN_SISTEM, PEJABAT_PENGHUBUNG, OPERATOR_UNIT}:
            conditions.append(Complaint.status.in_([Status.BELUM_DITINDAKLANJUTI, Status.DIPROSES]))
        if PIMPINAN in tiers:
            conditions.append(and_(Complaint.active_due.is_not(None), Complaint.active_due < local_today()))
        return query.filter(or_(*conditions) if conditions else false())


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


class ComplaintListMixin:
    """List configuration shared by the full list and my queue."""

    datamodel = SQLAInterface(Complaint)
    label_columns = COMPLAINT_LABELS
    list_columns = LIST_COLUMNS
    search_columns = SEARCH_COLUMNS
    order_columns = ["tracking_number", "received_at", "status", "active_due"]
    base_order = ("received_at", "desc")
    search_form_extra_fields = {
        "status": enum_field(Status, _l("Status"), required=False),
        "classification": enum_field(Classification, _l("Klasifikasi"), required=False),
        "channel": enum_field(Channel, _l("Kanal"), required=False),
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
        "channel": enum_field(Channel, _l("Kanal")),
        "classification": enum_field(Classification, _l("Klasifikasi")),
        "received_at": DateTimeField(_l("Diterima pada"), format="%Y-%m-%d %H:%M:%S", validators=[Optional()],
                                     widget=DateTimePickerWidget()),
        "rahasia": BooleanField(_l("Rahasia")),
        "anonim": BooleanField(_l("Anonim")),
    }
    edit_form_extra_fields = {
        "classification": enum_field(Classification, _l("Klasifikasi")),
        "rahasia": BooleanField(_l("Rahasia")),
        "anonim": BooleanField(_l("Anonim")),
    }

    def _actor(self):
        return Actor.of_user(g.user)

    def pre_add(self, item):
        if item.org is None:
            raise ScopeError(_("Pilih node penerima."))
        check_in_scope(item)
        _check_reporter(item)
        if item.category is not None and item.category.org_id != item.org.instansi.id:
            db.session.rollback()
            raise ScopeError(_("Kategori bukan milik instansi ini."))
        record_intake(item, self._actor())

    def pre_update(self, item):
        check_in_scope(item)
        _check_reporter(item)
        if item.category is not None and item.category.org_id != item.instansi_id:
            db.session.rollback()
            raise ScopeError(_("Kategori bukan milik instansi ini."))
        refresh(item)

    def pre_delete(self, item):
        check_in_scope(item)
        for attachment in item.attachments:
            remove(attachment.stored_name)

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
        return self.render_template(
            self.show_template, pk=pk, title=self.show_title, widgets=widgets, related_views=self._related_views,
            complaint=complaint, moves=moves, targets=targets, units=units,
            due_state=complaint.due_state(), csrf=generate_csrf(), identity=identity, contacts=contacts, can_attach=self.appbuilder.sm.has_access("can_attach", self.class_permission_name),
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
        try:
            apply_move(complaint, request.form.get("move", ""), self._actor(), target=target,
                       note=request.form.get("note"))
        except WorkflowError as error:
            db.session.rollback()
            flash(str(error), "danger")
        else:
            db.session.commit()
            flash(_("Pengaduan %(number)s: %(status)s.", number=complaint.tracking_number,
                    status=complaint.status.label), "success")
        return redirect(url_for(".show", pk=complaint.id))

    @expose("/attach/<pk>", methods=["POST"])
    @has_access
    @permission_name("attach")
    def attach(self, pk):
        """Attach a file (PDF, image, DOCX, XLSX) to the complaint."""
        complaint = self.get_scoped_item(pk)
        require_csrf()
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            flash(_("Pilih berkas."), "danger")
            return redirect(url_for(".show", pk=complaint.id))
        try:
            stored_name, mime, size = store("complaints", upload.filename, upload.read())
        except UploadError as error:
            flash(str(error), "danger")
        else:
            complaint.attachments.append(ComplaintAttachment(
                filename=os.path.basename(upload.filename)[:255], stored_name=stored_name, mime=mime, size=size,
                username=g.user.username, uploaded_at=local_now(),
            ))
            db.session.commit()
            flash(_("Berkas dilampirkan."), "success")
        return redirect(url_for(".show", pk=complaint.id))

    @expose("/lampiran/<pk>")
    @has_access
    @permission_name("download")
    def attachment(self, pk):
        """Download an attachment of a complaint in scope (404 otherwise)."""
        attachment = current_scope().get_or_404(ComplaintAttachment, pk)
        return send_stored(attachment.stored_name, attachment.filename, attachment.mime)

    @expose("/ekspor/")
    @has_access
    @permission_name("export")
    def export(self):
        """The list as filtered on screen, as XLSX (lifecycle dates as Excel dates, contacts masked)."""
        from app.complaints.export import write_export

        get_filter_args(self._filters)
        joined = self._filters.get_joined_filters(self._base_filters)
        query = self.datamodel.apply_all(db.session.query(Complaint), joined)
        ids = query.with_entities(Complaint.id).statement
        path = write_export(ids, g.user, _("Daftar Pengaduan"))

        try:
            return send_stored_path(path, f"pengaduan-{local_today():%Y%m%d}.xlsx")
        finally:
            os.remove(path)


def send_stored_path(path, download_name):
    """Send a finished XLSX from a temporary file (read first, so the file can be removed at once)."""
    with open(path, "rb") as handle:
        data = handle.read()
    return send_file(io.BytesIO(data), as_attachment=True, download_name=download_name,
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def _check_reporter(item):
    nik = (item.reporter_nik or "").strip()
    if nik and (len(nik) != 16 or not nik.isdigit()):
        db.session.rollback()
        raise ScopeError(_("NIK harus 16 angka."))
    item.reporter_nik = nik or None


class ComplaintQueueView(ComplaintListMixin, ScopedModelView):
    """My queue: the complaints in scope waiting for the user's tier, nearest deadline first."""

    route_base = "/antrean-pengaduan"
    list_title = _l("Antrean Pengaduan Saya")
    show_title = _l("Detail Pengaduan")
    add_title = _l("Catat Pengaduan")
    edit_title = _l("Ubah Pengaduan")
    base_permissions = ["can_list", "can_show"]
    base_filters = [["id", FilterMyQueue, None]]
    base_order = ("active_due", "asc")

    @expose("/show/<pk>", methods=["GET"])
    @has_access
    def show(self, pk):
        """Open the complaint page (the queue is a list only)."""
        complaint = current_scope().get_or_404(Complaint, pk)
        return redirect(url_for("ComplaintView.show", pk=complaint.id))


INSTANSI_ONLY = {"org": [["level", FilterEqual, OrgLevel.INSTANSI]]}


class InstansiDataView(ScopedModelView):
    """A list an instansi keeps for its complaints; the instansi drop-down offers instansi in scope only."""

    add_form_query_rel_fields = INSTANSI_ONLY
    edit_form_query_rel_fields = INSTANSI_ONLY
    search_form_query_rel_fields = INSTANSI_ONLY


class ComplaintCategoryView(InstansiDataView):
    datamodel = SQLAInterface(ComplaintCategory)
    list_title = _l("Kategori Pengaduan")
    show_title = _l("Detail Kategori Pengaduan")
    add_title = _l("Tambah Kategori Pengaduan")
    edit_title = _l("Ubah Kategori Pengaduan")
    label_columns = {"org": _l("Instansi"), "name": _l("Nama"), "active": _l("Aktif")}
    list_columns = ["name", "active", "org"]
    add_columns = edit_columns = show_columns = ["org", "name", "active"]
    search_columns = ["name", "org"]
    base_order = ("name", "asc")
    add_form_extra_fields = edit_form_extra_fields = {"active": BooleanField(_l("Aktif"), default=True)}

    def pre_add(self, item):
        check_in_scope(item)
        _unique(ComplaintCategory, item, and_(ComplaintCategory.org_id == item.org.id, ComplaintCategory.name == item.name),
                _("Kategori %(name)s sudah ada.", name=item.name))

    pre_update = pre_add


def _unique(model, item, condition, message):
    query = select(model.id).where(condition)
    if item.id is not None:
        query = query.where(model.id != item.id)
    if db.session.execute(query).first() is not None:
        db.session.rollback()
        raise ScopeError(message)


class DeadlineRuleView(InstansiDataView):
    """Deadline rules in working days, per classification and optionally per category."""

    datamodel = SQLAInterface(DeadlineRule)
    list_title = _l("Aturan Batas Waktu Pengaduan")
    show_title = _l("Detail Aturan Batas Waktu")
    add_title = _l("Tambah Aturan Batas Waktu")
    edit_title = _l("Ubah Aturan Batas Waktu")
    label_columns = {
        "org": _l("Instansi"), "classification": _l("Klasifikasi"), "category": _l("Kategori (opsional)"),
        "verify_days": _l("Verifikasi (hari kerja)"), "first_followup_days": _l("Tindak lanjut pertama (hari kerja)"),
        "resolve_days": _l("Penyelesaian (hari kerja)"), "autoclose_days": _l("Usulan tutup otomatis (hari kerja)"),
    }
    description_columns = {
        "verify_days": _l("Kosongkan untuk bawaan: verifikasi 3, tindak lanjut pertama 5, penyelesaian 5/14/60/14, "
                          "tutup otomatis 10 hari kerja."),
    }
    list_columns = ["org", "classification", "category", "verify_days", "first_followup_days", "resolve_days",
                    "autoclose_days"]
    add_columns = edit_columns = show_columns = list_columns
    search_columns = ["org", "category"]
    add_form_extra_fields = edit_form_extra_fields = {
        "classification": enum_field(Classification, _l("Klasifikasi")),
    }

    def pre_add(self, item):
        check_in_scope(item)
        if item.category is not None and item.category.org_id != item.org.id:
            db.session.rollback()
            raise ScopeError(_("Kategori bukan milik instansi ini."))
        _unique(DeadlineRule, item, and_(
            DeadlineRule.org_id == item.org.id, DeadlineRule.classification == item.classification,
            DeadlineRule.category_id == item.category.id if item.category else DeadlineRule.category_id.is_(None),
        ), _("Aturan untuk klasifikasi dan kategori ini sudah ada."))
        for value in (item.verify_days, item.first_followup_days, item.resolve_days, item.autoclose_days):
            if value is not None and not 0 < value <= 365:
                db.session.rollback()
                raise ScopeError(_("Jumlah hari kerja harus 1 sampai 365."))

    pre_update = pre_add

    def post_add(self, item):
        _recompute(item.org_id)

    post_update = post_add
    post_delete = post_add


def _recompute(instansi_id):
    changed = recompute_instansi(instansi_id)
    db.session.commit()
    if changed:
        flash(_("Batas waktu %(count)s pengaduan dihitung ulang.", count=changed), "info")


class CalendarChangeView(InstansiDataView):
    """Local changes to the working-day calendar of an instansi; saving one recomputes open deadlines."""

    datamodel = SQLAInterface(CalendarChange)
    list_title = _l("Kalender Kerja Daerah")
    show_title = _l("Detail Perubahan Kalender")
    add_title = _l("Tambah Perubahan Kalender")
    edit_title = _l("Ubah Perubahan Kalender")
    label_columns = {"org": _l("Instansi"), "day": _l("Tanggal"), "kind": _l("Jenis"), "description": _l("Keterangan")}
    list_columns = ["day", "kind", "description", "org"]
    add_columns = edit_columns = show_columns = ["org", "day", "kind", "description"]
    search_columns = ["org", "day"]
    base_order = ("day", "desc")
    add_form_extra_fields = edit_form_extra_fields = {"kind": enum_field(CalendarChangeKind, _l("Jenis"))}

    def pre_add(self, item):
        check_in_scope(item)
        _unique(CalendarChange, item, and_(CalendarChange.org_id == item.org.id, CalendarChange.day == item.day),
                _("Tanggal %(day)s sudah ada di kalender instansi ini.", day=item.day))
        if item.kind == CalendarChangeKind.WORKING_SATURDAY and item.day.weekday() < 5:
            db.session.rollback()
            raise ScopeError(_("Hari kerja pengganti harus hari Sabtu atau Minggu."))

    pre_update = pre_add

    def post_add(self, item):
        _recompute(item.org_id)

    post_update = post_add
    post_delete = post_add


class ImportColumnView(InstansiDataView):
    """The instansi's own headers for LAPOR! import fields; fields it does not set keep the default preset."""

    datamodel = SQLAInterface(ImportColumn)
    list_title = _l("Kolom Impor LAPOR!")
    show_title = _l("Detail Kolom Impor")
    add_title = _l("Tambah Kolom Impor")
    edit_title = _l("Ubah Kolom Impor")
    label_columns = {"org": _l("Instansi"), "field": _l("Data"), "headers": _l("Judul kolom di berkas")}
    description_columns = {"headers": _l("Satu atau beberapa judul kolom, dipisah tanda |. Contoh: Nomor Tiket | ID Laporan")}
    list_columns = ["field", "headers", "org"]
    add_columns = edit_columns = show_columns = ["org", "field", "headers"]
    search_columns = ["org", "field"]
    base_order = ("field", "asc")
    add_form_extra_fields = edit_form_extra_fields = {
        "field": SelectField(_l("Data"), choices=[(name, label) for name, label in FIELD_LABELS.items()],
                             validators=[DataRequired()]),
    }

    def pre_add(self, item):
        check_in_scope(item)
        if not item.header_list():
            db.session.rollback()
            raise ScopeError(_("Isi minimal satu judul kolom."))
        _unique(ImportColumn, item, and_(ImportColumn.org_id == item.org.id, ImportColumn.field == item.field),
                _("Kolom untuk data ini sudah diatur; ubah baris yang ada."))

    pre_update = pre_add


class ComplaintImportView(BaseView):
    """Import a LAPOR! export (XLSX/CSV): preview first (dry run), then write, all rows or none."""

    route_base = "/impor-pengaduan"
    default_view = "form"

    @expose("/", methods=["GET", "POST"])
    @has_access
    @permission_name("import")
    def form(self):
        """Upload form; POST validates the whole file, previews (dry run) or imports."""
        from app.complaints.importer import ImportRefused, import_file
        from app.imports import ImportStopped, guarded, hold, lock_name

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
            else:
                try:
                    with guarded():
                        if not dry_run:
                            hold(lock_name("lapor", node.id))
                        result = import_file(upload.filename, upload.read(), node, dry_run=dry_run,
                                             actor=Actor.of_user(g.user))
                        if dry_run:
                            db.session.rollback()
                        else:
                            db.session.commit()
                except ImportRefused as error:
                    db.session.rollback()
                    result = error.result
                    flash(str(error), "danger")
                except ImportStopped as error:
                    flash(str(error), "danger")
                else:
                    if not dry_run:
                        flash(_("Impor selesai: %(created)s baru, %(updated)s diperbarui.",
                                created=result.created, updated=result.updated), "success")
        return self.render_template("complaints/import.html", instansi=instansi, result=result, csrf=generate_csrf(),
                                    title=_("Impor Data LAPOR!"))


def register(appbuilder):
    """Add this area's views and menu entries."""
    appbuilder.add_view(
        ComplaintQueueView, "Antrean Saya", label=_l("Antrean Saya"), icon="fa-inbox",
        category=CATEGORY, category_label=_l("Pengaduan"), category_icon="fa-bullhorn",
    )
    appbuilder.add_view(ComplaintView, "Daftar Pengaduan", label=_l("Daftar Pengaduan"), icon="fa-list",
                        category=CATEGORY)
    appbuilder.add_link("Catat Pengaduan", label=_l("Catat Pengaduan"), href="/pengaduan/add", icon="fa-plus",
                        category=CATEGORY)
    appbuilder.add_view(ComplaintImportView, "Impor LAPOR!", label=_l("Impor LAPOR!"), icon="fa-upload",
                        category=CATEGORY)
    appbuilder.add_view(ComplaintCategoryView, "Kategori Pengaduan", label=_l("Kategori Pengaduan"), icon="fa-tags",
                        category=CATEGORY)
    appbuilder.add_view(DeadlineRuleView, "Aturan Batas Waktu", label=_l("Aturan Batas Waktu"), icon="fa-clock",
                        category=CATEGORY)
    appbuilder.add_view(ImportColumnView, "Kolom Impor LAPOR!", label=_l("Kolom Impor LAPOR!"), icon="fa-columns",
                        category=CATEGORY)
    appbuilder.add_view(CalendarChangeView, "Kalender Kerja", label=_l("Kalender Kerja"), icon="fa-calendar",
                        category=CATEGORY)
