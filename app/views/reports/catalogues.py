"""The national reference catalogues (PEKPPP instruments, aspects, indicators, bands; MCP indicators and evidence items)."""
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l

from app.models.reports import (
    McpEvidenceItem, McpIndicator, PekpppAspect, PekpppBand, PekpppIndicator, PekpppInstrument,
)
from app.views.base import ReferenceModelView


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
