"""The unsur masyarakat list and the forum frequency setting of an instansi."""
from flask_appbuilder.models.sqla.filters import FilterEqual
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l

from app.fkp.rules import clean_element_code, element_deletion_problems, element_problems, setting_problems
from app.models.fkp import FkpElement, FkpSetting
from app.models.org import OrgLevel
from app.views.base import ScopedModelView, check_in_scope
from app.views.fkp.fields import flag_field, yes_no


class FkpElementView(ScopedModelView):
    """The unsur masyarakat of each instansi: Admin Instansi edits them, everyone reads them."""

    datamodel = SQLAInterface(FkpElement)
    list_title = _l("Daftar Unsur Masyarakat FKP")
    show_title = _l("Detail Unsur Masyarakat")
    add_title = _l("Tambah Unsur Masyarakat")
    edit_title = _l("Ubah Unsur Masyarakat")
    list_columns = ["position", "name", "code", "is_provider", "instansi"]
    add_columns = ["instansi", "code", "name", "is_provider", "position"]
    edit_columns = ["name", "is_provider", "position"]
    show_columns = add_columns
    search_columns = ["name", "code", "instansi"]
    base_order = ("position", "asc")
    label_columns = {
        "instansi": _l("Instansi"),
        "code": _l("Kode"),
        "name": _l("Nama unsur"),
        "is_provider": _l("Pihak penyelenggara"),
        "position": _l("Urutan"),
    }
    description_columns = {
        "is_provider": _l("Centang untuk unsur penyelenggara; unsur ini tidak dihitung sebagai unsur masyarakat."),
    }
    add_form_query_rel_fields = {"instansi": [["level", FilterEqual, OrgLevel.INSTANSI]]}
    formatters_columns = {"is_provider": yes_no}
    add_form_extra_fields = {"is_provider": flag_field(
        _l("Pihak penyelenggara"),
        _l("Centang untuk unsur penyelenggara; unsur ini tidak dihitung sebagai unsur masyarakat."),
    )}
    edit_form_extra_fields = add_form_extra_fields

    rules = (element_problems,)
    delete_rules = (element_deletion_problems,)

    def pre_add(self, item):
        self.check_rules(item)
        item.code = clean_element_code(item.code)
        check_in_scope(item)

    def pre_update(self, item):
        self.check_rules(item)
        item.code = clean_element_code(item.code)
        check_in_scope(item)


class FkpSettingView(ScopedModelView):
    """How many forums an instansi expects of each unit per year (default once, D13)."""

    datamodel = SQLAInterface(FkpSetting)
    list_title = _l("Pengaturan FKP per Instansi")
    show_title = _l("Detail Pengaturan FKP")
    add_title = _l("Tambah Pengaturan FKP")
    edit_title = _l("Ubah Pengaturan FKP")
    base_permissions = ["can_list", "can_show", "can_edit"]
    list_columns = ["instansi", "min_forums_per_year"]
    edit_columns = ["min_forums_per_year"]
    show_columns = list_columns
    label_columns = {"instansi": _l("Instansi"), "min_forums_per_year": _l("Minimal forum per unit per tahun")}
    rules = (setting_problems,)
