"""Screens and APIs of the organisation tree: Instansi, Perangkat Daerah, Unit Layanan, Jenis Layanan."""
from flask_appbuilder.models.sqla.filters import FilterEqual
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l

from app.models.org import OrgLevel, OrgNode, ServiceType, code_problems, node_problems, service_type_problems
from app.views.base import ScopedModelRestApi, ScopedModelView

NODE_LABELS = {
    "code": _l("Kode"),
    "name": _l("Nama"),
    "short_name": _l("Nama singkat"),
    "parent": _l("Induk"),
    "level": _l("Tingkat"),
    "path": _l("Jalur"),
    "address": _l("Alamat"),
    "city": _l("Kota tempat penandatanganan"),
    "email": _l("Surel"),
    "phone": _l("Telepon"),
    "head_name": _l("Nama pimpinan"),
    "head_nip": _l("NIP pimpinan"),
    "head_position": _l("Jabatan pimpinan"),
    "children": _l("Bawahan"),
    "service_types": _l("Jenis layanan"),
}
SERVICE_TYPE_LABELS = {
    "code": _l("Kode"),
    "name": _l("Nama jenis layanan"),
    "unit": _l("Unit layanan"),
    "sp_decree_number": _l("Nomor SK Standar Pelayanan"),
    "sp_decree_date": _l("Tanggal SK"),
    "sp_last_review": _l("Peninjauan terakhir"),
    "description": _l("Keterangan"),
}
CODE_HELP = _l("Kode unik dan tetap, dipakai untuk impor dan perintah CLI. Contoh: DISDUKCAPIL. Tidak dapat diubah.")
CONTACT_COLUMNS = ["address", "city", "email", "phone", "head_name", "head_nip", "head_position"]


class OrgNodeViewBase(ScopedModelView):
    """One tier of the tree. Subclasses set ``level``; the parent drop-down offers the tier above."""

    datamodel = SQLAInterface(OrgNode)
    level = None
    label_columns = NODE_LABELS
    description_columns = {"code": CODE_HELP}
    search_columns = ["code", "name", "parent"]
    order_columns = ["code", "name"]
    base_order = ("path", "asc")

    def _init_properties(self):
        self.base_filters = [["level", FilterEqual, self.level]]
        if self.level.parent_level is not None:
            parent_filter = [["level", FilterEqual, self.level.parent_level]]
            self.add_form_query_rel_fields = {"parent": parent_filter}
            self.edit_form_query_rel_fields = {"parent": parent_filter}
            self.search_form_query_rel_fields = {"parent": parent_filter}
        super()._init_properties()

    rules = (code_problems, node_problems)

    def pre_add(self, item):
        item.level = self.level
        item.path = item.compute_path()
        super().pre_add(item)

    def pre_update(self, item):
        item.level = self.level
        item.path = item.compute_path()
        super().pre_update(item)


class InstansiView(OrgNodeViewBase):
    level = OrgLevel.INSTANSI
    list_title = _l("Daftar Instansi")
    show_title = _l("Detail Instansi")
    add_title = _l("Tambah Instansi")
    edit_title = _l("Ubah Instansi")
    list_columns = ["code", "name", "short_name", "head_name"]
    add_columns = ["code", "name", "short_name"] + CONTACT_COLUMNS
    edit_columns = ["name", "short_name"] + CONTACT_COLUMNS
    show_columns = ["code", "name", "short_name"] + CONTACT_COLUMNS + ["children"]
    search_columns = ["code", "name"]


class OpdView(OrgNodeViewBase):
    level = OrgLevel.OPD
    list_title = _l("Daftar Perangkat Daerah")
    show_title = _l("Detail Perangkat Daerah")
    add_title = _l("Tambah Perangkat Daerah")
    edit_title = _l("Ubah Perangkat Daerah")
    list_columns = ["code", "name", "short_name", "parent", "head_name"]
    add_columns = ["parent", "code", "name", "short_name"] + CONTACT_COLUMNS
    edit_columns = ["parent", "name", "short_name"] + CONTACT_COLUMNS
    show_columns = ["code", "name", "short_name", "parent"] + CONTACT_COLUMNS + ["children"]


class UnitView(OrgNodeViewBase):
    level = OrgLevel.UNIT
    list_title = _l("Daftar Unit Layanan")
    show_title = _l("Detail Unit Layanan")
    add_title = _l("Tambah Unit Layanan")
    edit_title = _l("Ubah Unit Layanan")
    list_columns = ["code", "name", "parent", "head_name"]
    add_columns = ["parent", "code", "name", "short_name"] + CONTACT_COLUMNS
    edit_columns = ["parent", "name", "short_name"] + CONTACT_COLUMNS
    show_columns = ["code", "name", "short_name", "parent"] + CONTACT_COLUMNS + ["service_types"]


class ServiceTypeView(ScopedModelView):
    """Jenis Layanan with its Standar Pelayanan decree."""

    datamodel = SQLAInterface(ServiceType)
    list_title = _l("Daftar Jenis Layanan")
    show_title = _l("Detail Jenis Layanan")
    add_title = _l("Tambah Jenis Layanan")
    edit_title = _l("Ubah Jenis Layanan")
    list_columns = ["code", "name", "unit", "sp_decree_number", "sp_decree_date", "sp_last_review"]
    add_columns = ["unit", "code", "name", "sp_decree_number", "sp_decree_date", "sp_last_review", "description"]
    edit_columns = ["unit", "name", "sp_decree_number", "sp_decree_date", "sp_last_review", "description"]
    show_columns = add_columns
    search_columns = ["code", "name", "unit", "sp_decree_number", "sp_last_review"]
    order_columns = ["code", "name", "sp_decree_date", "sp_last_review"]
    label_columns = SERVICE_TYPE_LABELS
    description_columns = {"code": CODE_HELP}
    add_form_query_rel_fields = {"unit": [["level", FilterEqual, OrgLevel.UNIT]]}
    edit_form_query_rel_fields = {"unit": [["level", FilterEqual, OrgLevel.UNIT]]}
    search_form_query_rel_fields = {"unit": [["level", FilterEqual, OrgLevel.UNIT]]}

    rules = (code_problems, service_type_problems)


class OrgNodeApi(ScopedModelRestApi):
    """Read and maintain organisation nodes over REST (same scope as the screens)."""

    resource_name = "org"
    datamodel = SQLAInterface(OrgNode)
    label_columns = {**NODE_LABELS, "id": _l("ID"), "parent.code": _l("Kode induk")}
    list_columns = ["id", "code", "name", "short_name", "level", "parent.code", "path"]
    show_columns = list_columns
    add_columns = ["code", "name", "short_name", "level", "parent"]
    edit_columns = ["name", "short_name"]
    search_columns = ["code", "name", "level", "parent"]
    rules = OrgNodeViewBase.rules

    def pre_add(self, item):
        item.path = item.compute_path()
        super().pre_add(item)


class ServiceTypeApi(ScopedModelRestApi):
    """Read and maintain Jenis Layanan over REST."""

    resource_name = "service_type"
    datamodel = SQLAInterface(ServiceType)
    label_columns = {**SERVICE_TYPE_LABELS, "id": _l("ID"), "unit.code": _l("Kode unit")}
    list_columns = ["id", "code", "name", "unit.code", "sp_decree_number", "sp_decree_date", "sp_last_review"]
    show_columns = list_columns
    add_columns = ["code", "name", "unit", "sp_decree_number", "sp_decree_date", "sp_last_review"]
    edit_columns = ["name", "sp_decree_number", "sp_decree_date", "sp_last_review"]
    rules = ServiceTypeView.rules
