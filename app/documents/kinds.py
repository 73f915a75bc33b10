"""The four Word document kinds in the report registry: laporan-skm, rekap-sp4n (per period), laporan-fkp and
berita-acara (per forum).

Each build renders the template of the node's instansi (its own upload, else the default) and writes a .docx.
Documents are official Indonesian records: they are rendered in Indonesian whatever language the run asked for.
"""
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.clock import today_local
from app.documents import fkp, skm, sp4n
from app.documents.templates import render
from app.models.org import OrgLevel
from app.reports.registry import register

SAMPLES = {
    "laporan-skm": skm.sample_context,
    "rekap-sp4n": sp4n.sample_context,
    "laporan-fkp": fkp.sample_laporan,
    "berita-acara": fkp.sample_berita_acara,
}
LABELS = {
    "laporan-skm": _l("Laporan Hasil SKM (Word)"),
    "rekap-sp4n": _l("Rekap Pengaduan SP4N-LAPOR! (Word)"),
    "laporan-fkp": _l("Laporan Pelaksanaan FKP (Word)"),
    "berita-acara": _l("Berita Acara FKP (Word)"),
}


def _write(path, data):
    with open(path, "wb") as handle:
        handle.write(data)


def render_document(kind, node, make_context):
    """(.docx bytes, placeholder values) of ``kind`` for ``node``, rendered in Indonesian with its instansi's template."""
    with force_locale("id"):
        day = today_local()
        values = {}

        def context_for(document):
            values.update(make_context(document, day))
            return values

        return render(kind, node.instansi, context_for), values


def build_document(kind, node, path, make_context, summary):
    """Render ``kind`` for ``node`` to ``path``; returns the run summary."""
    data, values = render_document(kind, node, make_context)
    _write(path, data)
    with force_locale("id"):
        return summary(values)


def berita_acara_docx(forum):
    """The berita acara of ``forum`` as .docx bytes (gives the forum its number on first use; the caller commits)."""
    data, _values = render_document("berita-acara", forum.unit,
                                    lambda document, day: fkp.berita_acara_context(document, forum, day))
    return data


def build_laporan_skm(scope_node, period, path, language, forum=None):
    return build_document("laporan-skm", scope_node, path,
                          lambda document, day: skm.context(document, scope_node, period, day),
                          lambda v: {"title": _("Laporan Hasil SKM"), "headlines": [
                              {"label": _("IKM"), "value": v["ikm"]}, {"label": _("Mutu"), "value": v["mutu"]},
                              {"label": _("Responden"), "value": v["responden"]}]})


def build_rekap_sp4n(scope_node, period, path, language, forum=None):
    return build_document("rekap-sp4n", scope_node, path,
                          lambda document, day: sp4n.context(document, scope_node, period, day),
                          lambda v: {"title": _("Rekap Pengaduan SP4N-LAPOR!"), "headlines": [
                              {"label": _("Pengaduan diterima"), "value": v["angka"]["diterima"]},
                              {"label": _("Selesai"), "value": v["angka"]["selesai"]},
                              {"label": _("Melewati tenggat"), "value": len(v["lewat_tenggat"])}]})


def build_laporan_fkp(scope_node, period, path, language, forum=None):
    return build_document("laporan-fkp", forum.unit, path,
                          lambda document, day: fkp.laporan_context(document, forum, day),
                          lambda v: {"title": _("Laporan Pelaksanaan FKP"), "headlines": [
                              {"label": _("Topik"), "value": forum.topic},
                              {"label": _("Nomor berita acara"), "value": v["nomor_ba"]}]})


def build_berita_acara(scope_node, period, path, language, forum=None):
    return build_document("berita-acara", forum.unit, path,
                          lambda document, day: fkp.berita_acara_context(document, forum, day),
                          lambda v: {"title": _("Berita Acara FKP"), "headlines": [
                              {"label": _("Nomor"), "value": v["nomor"]},
                              {"label": _("Kesepakatan"), "value": len(v["kesepakatan"])}]})


GROUPS = (OrgLevel.INSTANSI, OrgLevel.OPD)
register("laporan-skm", LABELS["laporan-skm"], build=build_laporan_skm, position=60, extension="docx")
register("rekap-sp4n", LABELS["rekap-sp4n"], build=build_rekap_sp4n, levels=GROUPS, position=61, extension="docx")
register("laporan-fkp", LABELS["laporan-fkp"], build=build_laporan_fkp, levels=(OrgLevel.UNIT,), position=62,
         extension="docx", needs_forum=True)
register("berita-acara", LABELS["berita-acara"], build=build_berita_acara, levels=(OrgLevel.UNIT,), position=63,
         extension="docx", needs_forum=True)
