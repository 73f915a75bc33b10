"""The complaint settings of an instansi: categories, deadline rules, local working-day calendar, LAPOR! import columns."""
from flask import flash
from flask_appbuilder.models.sqla.filters import FilterEqual
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import gettext as _, lazy_gettext as _l
from wtforms import BooleanField, SelectField
from wtforms.validators import DataRequired

from app.complaints.deadlines import recompute_instansi
from app.complaints.importer import FIELD_LABELS
from app.complaints.rules import (
    calendar_change_problems, complaint_category_problems, deadline_rule_problems, import_column_problems,
)
from app.extensions import db
from app.locale import number
from app.models.calendar import CalendarChange, CalendarChangeKind
from app.models.complaints import Classification, ComplaintCategory, DeadlineRule, ImportColumn
from app.models.org import OrgLevel
from app.views.base import EnumSelectField, ScopedModelView

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
    label_columns = {"org": _l("Instansi"), "name": _l("Nama"), "active": _l("Aktif"), "topic": _l("Topik isu")}
    description_columns = {"topic": _l("Pengaduan kategori ini dihitung pada topik isu ini di Isu Prioritas.")}
    list_columns = ["name", "topic", "active", "org"]
    add_columns = edit_columns = show_columns = ["org", "name", "topic", "active"]
    search_columns = ["name", "org"]
    base_order = ("name", "asc")
    add_form_extra_fields = edit_form_extra_fields = {"active": BooleanField(_l("Aktif"), default=True)}

    rules = (complaint_category_problems,)


class RecomputesDeadlines:
    """Saving or deleting a row of this screen recomputes the open complaint deadlines of its instansi."""

    def post_add(self, item):
        super().post_add(item)
        changed = recompute_instansi(item.org_id)
        db.session.commit()
        if changed:
            flash(_("Batas waktu %(count)s pengaduan dihitung ulang.", count=number(changed)), "info")

    post_update = post_add
    post_delete = post_add


class DeadlineRuleView(RecomputesDeadlines, InstansiDataView):
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
        "classification": EnumSelectField(Classification, _l("Klasifikasi")),
    }

    rules = (deadline_rule_problems,)


class CalendarChangeView(RecomputesDeadlines, InstansiDataView):
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
    add_form_extra_fields = edit_form_extra_fields = {"kind": EnumSelectField(CalendarChangeKind, _l("Jenis"))}

    rules = (calendar_change_problems,)


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

    rules = (import_column_problems,)
