"""Form fields, labels and filters shared by the FKP screens."""
from flask_appbuilder.fieldwidgets import BS3TextFieldWidget
from flask_appbuilder.models.filters import BaseFilter
from flask_appbuilder.models.sqla.filters import FilterEqual
from flask_babel import gettext as _, lazy_gettext as _l
from sqlalchemy import select
from wtforms import BooleanField, StringField
from wtforms.validators import Optional as OptionalValidator, Regexp

from app.models.fkp import FkpElement, FkpForm, FkpMethod, FkpPurpose
from app.models.org import OrgLevel, OrgNode, instansi_path
from app.scope import current_scope
from app.views.base import EnumSelectField

CATEGORY = "FKP"
CATEGORY_LABEL = _l("Forum Konsultasi Publik")


def yes_no(value):
    return _("Ya") if value else _("Tidak")


def flag_field(label, description=None):
    """A check box that may stay unticked (FAB would make a NOT NULL boolean column required)."""
    return BooleanField(label, description=description, default=False)


def time_field(label):
    return StringField(
        label, description=_l("Format JJ:MM, misalnya 09:00."), widget=BS3TextFieldWidget(),
        validators=[OptionalValidator(), Regexp(r"^([01][0-9]|2[0-3]):[0-5][0-9]$", message=_l("Isi jam dengan format JJ:MM, misalnya 09:00."))],
    )


class OfUserInstansi(BaseFilter):
    """Rows of the instansi the user belongs to (a unit operator reaches its instansi's lists); ``column`` names
    the instansi id column of the filtered model."""

    def column(self):
        raise NotImplementedError

    def apply(self, query, value):
        scope = current_scope()
        if scope.unrestricted:
            return query
        paths = {instansi_path(path) for path in scope.paths}
        if not paths:
            return query.filter(self.column().is_(None))
        return query.filter(self.column().in_(select(OrgNode.id).where(OrgNode.path.in_(paths))))


class ElementsOfUserInstansi(OfUserInstansi):
    """Unsur masyarakat of the instansi the user belongs to."""

    name = "Unsur instansi pengguna"
    arg_name = "fkp_instansi"

    def column(self):
        return FkpElement.instansi_id


class TopicsOfUserInstansi(OfUserInstansi):
    """Issue topics of the instansi the user belongs to."""

    name = "Topik instansi pengguna"
    arg_name = "isu_instansi"

    def column(self):
        from app.models.issues import IssueTopic

        return IssueTopic.org_id


FORUM_LABELS = {
    "unit": _l("Unit layanan"),
    "service_type": _l("Jenis layanan"),
    "topic": _l("Topik"),
    "issue_topic": _l("Isu prioritas (topik pengaduan)"),
    "purpose": _l("Tujuan"),
    "description": _l("Uraian"),
    "form": _l("Bentuk"),
    "method": _l("Metode"),
    "held_on": _l("Tanggal"),
    "start_time": _l("Jam mulai"),
    "end_time": _l("Jam selesai"),
    "place": _l("Tempat"),
    "meeting_link": _l("Tautan rapat"),
    "facilitator": _l("Fasilitator/moderator"),
    "note_taker": _l("Notulis"),
    "provider_signatory": _l("Penanda tangan penyelenggara"),
    "provider_signatory_position": _l("Jabatan penanda tangan"),
    "stage": _l("Tahap"),
    "participants": _l("Peserta"),
    "agreements": _l("Kesepakatan"),
    "documents": _l("Dokumentasi"),
}
FORUM_EXTRA_FIELDS = {
    "purpose": EnumSelectField(FkpPurpose, _l("Tujuan")),
    "form": EnumSelectField(FkpForm, _l("Bentuk")),
    "method": EnumSelectField(FkpMethod, _l("Metode")),
    "start_time": time_field(_l("Jam mulai")),
    "end_time": time_field(_l("Jam selesai")),
}
FORUM_FORM_COLUMNS = [
    "unit", "service_type", "topic", "issue_topic", "purpose", "description", "form", "method", "held_on", "start_time", "end_time",
    "place", "meeting_link", "facilitator", "note_taker", "provider_signatory", "provider_signatory_position",
]
UNIT_ONLY = [["level", FilterEqual, OrgLevel.UNIT]]


def may(view, permission):
    """True if the current user holds ``permission`` on ``view`` (to show only the buttons it may use)."""
    return view.appbuilder.sm.has_access(permission, view.class_permission_name)
