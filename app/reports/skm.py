"""The SKM report: per unit NRR table, IKM and grade, sample adequacy, trend, demographics, RTL progress."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.models.skm import STANDARD_CODES
from app.reports.layout import bar_chart, key_values, signatory_block, table, title_block
from app.reports.registry import section
from app.reports.shared import figures as shared
from app.scope import Scope
from app.skm.figures import skm_figures


def _num(value):
    return None if value is None else float(value)


def _element_names(units):
    names = {}
    for unit in units:
        for element in unit.get("elements", []):
            names.setdefault(element["code"], element["name"])
    return names


@section("skm", _l("Survei Kepuasan Masyarakat"), in_package=True, position=10)
def skm_sheets(workbook, scope_node, period, language):
    """Write the SKM sheets for ``scope_node`` and ``period``; return the headline figures."""
    scope = Scope.of_nodes([scope_node])
    figures = shared(skm_figures, scope, period)
    earlier = {u["unit_id"]: u for u in shared(skm_figures, scope, period.previous())["units"]}
    formats = workbook.pantau_formats
    units = figures["units"]
    names = _element_names(units)

    name = "SKM"
    sheet = workbook.add_worksheet(name)
    sheet.set_column(0, 0, 40)
    sheet.set_column(1, 20, 12)
    row = title_block(sheet, formats, _("Laporan Survei Kepuasan Masyarakat"), scope_node, period)
    first, last, row = table(
        sheet, formats, row, _("IKM gabungan (utama: seluruh responden; pembanding: rata-rata IKM unit)"),
        [(_("Kelompok"), None), (_("Tingkat"), None), (_("Unit"), "int"), (_("Responden"), "int"),
         (_("IKM gabungan"), "dec2"), (_("Mutu"), None), (_("Rata-rata IKM unit"), "dec2"), (_("Mutu rata-rata"), None)],
        [(g["name"], _("Instansi") if g["level"] == "instansi" else _("Perangkat Daerah"), g["units"], g["respondents"],
          _num(g["pooled"].get("ikm_converted")), g["pooled"].get("grade"), _num(g["mean_ikm_converted"]), g["mean_grade"])
         for g in figures["groups"]],
    )
    codes = [code for code in STANDARD_CODES] + sorted(set(names) - set(STANDARD_CODES))
    first, last, row = table(
        sheet, formats, row, _("IKM per unit layanan"),
        [(_("Unit layanan"), None), (_("Perangkat daerah"), None), (_("Responden"), "int"), (_("Sampel minimal"), "int"),
         (_("Sampel cukup"), None)]
        + [(f"NRR {names.get(code, code)}", "dec3") for code in codes]
        + [(_("IKM"), "dec2"), (_("Mutu"), None), (_("Kinerja"), None), (_("IKM periode sebelumnya"), "dec2"),
           (_("Perubahan"), "dec2")],
        [
            (u["unit_name"], u["opd_name"], u["respondents"], u["required_sample"],
             _("Tidak") if u["sample_short"] else _("Ya"))
            + tuple(_num(u["nrr"].get(code)) for code in codes)
            + (_num(u["ikm_converted"]), u["grade"], str(u["grade_label"]) if u.get("grade_label") else None,
               _num(earlier.get(u["unit_id"], {}).get("ikm_converted")),
               (_num(u["ikm_converted"]) - _num(earlier[u["unit_id"]]["ikm_converted"]))
               if u["unit_id"] in earlier and earlier[u["unit_id"]].get("ikm_converted") is not None
               and u.get("ikm_converted") is not None else None)
            for u in units
        ],
    )
    ikm_col = 5 + len(codes)
    bar_chart(workbook, sheet, name, first, last, 0, ikm_col, _("IKM per unit layanan"), f"A{row + 2}")
    row += 18
    rtl = figures["rtl"]
    row = key_values(sheet, formats, row, [
        (_("Rencana tindak lanjut (RTL)"), rtl["total"]),
        (_("RTL selesai"), rtl["done"]),
        (_("Persentase RTL selesai"), (_num(rtl["share_done"]) / 100 if rtl["share_done"] is not None else None, "pct")),
        (_("Media publikasi hasil SKM"), figures["publication_media"]),
    ], heading=_("Tindak lanjut dan publikasi"))
    signatory_block(sheet, formats, row, scope_node)

    demo = workbook.add_worksheet("SKM Demografi")
    demo.set_column(0, 1, 30)
    row = title_block(demo, formats, _("Profil responden SKM"), scope_node, period)
    dimensions = [("sex", _("Jenis kelamin")), ("age_band", _("Usia")), ("education", _("Pendidikan")),
                  ("occupation", _("Pekerjaan")), ("service_type", _("Jenis layanan"))]
    for key, label in dimensions:
        totals = {}
        for unit in units:
            for value, count in unit["demographics"].get(key, {}).items():
                totals[str(value)] = totals.get(str(value), 0) + count
        _first, _last, row = table(demo, formats, row, label, [(label, None), (_("Responden"), "int")], sorted(totals.items()))

    headline = next((g for g in figures["groups"] if g["level"] == "instansi"), None) or next(iter(figures["groups"]), None)
    return {
        "title": _("Survei Kepuasan Masyarakat"),
        "headlines": [
            {"label": _("Unit yang melaksanakan SKM"), "value": len(units)},
            {"label": _("IKM gabungan"), "value": _num(headline["pooled"].get("ikm_converted")) if headline else None},
            {"label": _("Mutu"), "value": headline["pooled"].get("grade") if headline else None},
            {"label": _("Unit dengan sampel kurang"), "value": sum(1 for u in units if u["sample_short"])},
        ],
    }
