"""The SKM report: pooled and per-unit IKM, NRR per unsur, trend, RTL list, provisional periods apart, demographics."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.models.skm import AGE_BANDS
from app.reports.layout import bar_chart, key_values, signatory_block, table, title_block
from app.reports.registry import section
from app.reports.shared import cutoff, skm_of
from app.reports.shared import figures as shared
from app.scope import Scope
from app.skm.figures import skm_figures


def _num(value):
    return None if value is None else float(value)


def _element_rows(label, elements):
    """(unit or group, unsur, NRR, bobot, NRR tertimbang, NRR x 25, mutu) per unsur."""
    return [(label, e["name"], _num(e["nrr"]), float(e["weight"]),
             float(round(e["nrr_exact"] * e["weight"], 3)) if e["nrr_exact"] is not None else None,
             _num(e["converted"]), e["grade"]) for e in elements]


def _ordered(totals, key):
    """Respondent counts in the dimension's natural order (age bands youngest first), else by label."""
    if key == "age_band":
        order = [str(label) for _low, _high, label in AGE_BANDS]
        return sorted(totals.items(), key=lambda kv: (kv[0] not in order, order.index(kv[0]) if kv[0] in order else 0))
    return sorted(totals.items())


@section("skm", _l("Survei Kepuasan Masyarakat"), in_package=True, position=10)
def skm_sheets(workbook, scope_node, period, language):
    """Write the SKM sheets for ``scope_node`` and ``period`` as at the build's cut-off; return the headlines.

    Only survey periods closed by the cut-off count; the others are listed apart as provisional.
    """
    scope = Scope.of_nodes([scope_node])
    as_of = cutoff(period)
    figures = skm_of(scope, period, as_of)
    provisional = shared(skm_figures, scope, period, as_of=as_of, provisional=True)
    trend_periods = [period]
    for _step in range(3):
        trend_periods.append(trend_periods[-1].previous())
    trend = [{u["unit_id"]: u for u in shared(skm_figures, scope, p, as_of=as_of)["units"]} for p in trend_periods]
    formats = workbook.pantau_formats
    units = figures["units"]

    name = "SKM"
    sheet = workbook.add_worksheet(name)
    row = title_block(sheet, formats, _("Laporan Survei Kepuasan Masyarakat"), scope_node, period)
    first, last, row = table(
        sheet, formats, row, _("IKM gabungan (utama: seluruh responden; pembanding: rata-rata IKM unit)"),
        [(_("Kelompok"), None), (_("Tingkat"), None), (_("Unit"), "int"), (_("Responden"), "int"),
         (_("IKM gabungan"), "dec2"), (_("Mutu"), None), (_("Rata-rata IKM unit"), "dec2"), (_("Mutu rata-rata"), None)],
        [(g["name"], _("Instansi") if g["level"] == "instansi" else _("Perangkat Daerah"), g["units"], g["respondents"],
          _num(g["pooled"].get("ikm_converted")), g["pooled"].get("grade"), _num(g["mean_ikm_converted"]), g["mean_grade"])
         for g in figures["groups"]],
    )
    first, last, row = table(
        sheet, formats, row, _("IKM per unit layanan (periode survei yang sudah ditutup)"),
        [(_("Unit layanan"), None), (_("Periode survei"), None), (_("Responden"), "int"), (_("Sampel minimal"), "int"),
         (_("Sampel cukup"), None), (_("IKM"), "dec2"), (_("Mutu"), None), (_("Saran tertulis"), "int")],
        [(u["unit_name"], ", ".join(u["survey_periods"]), u["respondents"], u["required_sample"],
          _("Tidak") if u["sample_short"] else _("Ya"), _num(u["ikm_converted"]), u["grade"], u["suggestions"])
         for u in units],
    )
    row = bar_chart(workbook, sheet, name, first, last, 0, 5, _("IKM per unit layanan"), row, ikm_axis=True)

    headline = next((g for g in figures["groups"] if g["level"] == "instansi"), None) or next(iter(figures["groups"]), None)
    element_rows = []
    # The headline group first: the chart below draws its rows.
    for group in sorted(figures["groups"], key=lambda g: g is not headline):
        element_rows += _element_rows(_("%(name)s (gabungan)", name=group["name"]), group["pooled"]["elements"])
    for unit in units:
        element_rows += _element_rows(unit["unit_name"], unit["elements"])
    first, last, row = table(
        sheet, formats, row, _("NRR per unsur"),
        [(_("Unit / kelompok"), None), (_("Unsur"), None), (_("NRR"), "dec3"), (_("Bobot"), "dec3"),
         (_("NRR tertimbang"), "dec3"), (_("NRR x 25"), "dec2"), (_("Mutu"), None)],
        element_rows,
    )
    if headline is not None:
        count = len(headline["pooled"]["elements"])
        row = bar_chart(workbook, sheet, name, first, first + count - 1, 1, 5,
                  _("NRR x 25 per unsur (%(name)s)", name=headline["name"]), row, ikm_axis=True)

    trend_header = [(_("Unit layanan"), None)] + [(p.label, "dec2") for p in reversed(trend_periods)]
    first, last, row = table(
        sheet, formats, row, _("Tren IKM empat periode terakhir"), trend_header,
        [(u["unit_name"],) + tuple(_num(t.get(u["unit_id"], {}).get("ikm_converted")) for t in reversed(trend))
         for u in units],
    )
    rtl = figures["rtl"]
    row = key_values(sheet, formats, row, [
        (_("Rencana tindak lanjut (RTL)"), rtl["total"]),
        (_("RTL selesai"), rtl["done"]),
        (_("Persentase RTL selesai"), (_num(rtl["share_done"]) / 100 if rtl["share_done"] is not None else None, "pct")),
        (_("Media publikasi hasil SKM"), figures["publication_media"]),
        (_("Saran tertulis responden"), figures["suggestions"]),
    ], heading=_("Tindak lanjut dan publikasi"))
    if provisional["units"]:
        first, last, row = table(
            sheet, formats, row, _("Sementara (periode belum ditutup): tidak masuk angka di atas"),
            [(_("Unit layanan"), None), (_("Periode survei"), None), (_("Responden"), "int"), (_("IKM sementara"), "dec2"),
             (_("Mutu sementara"), None)],
            [(u["unit_name"], ", ".join(u["survey_periods"]), u["respondents"], _num(u["ikm_converted"]), u["grade"])
             for u in provisional["units"]],
        )
    signatory_block(sheet, formats, row, scope_node)

    actions = workbook.add_worksheet("SKM RTL")
    row = title_block(actions, formats, _("Rencana tindak lanjut hasil SKM"), scope_node, period)
    unit_names = {u["unit_id"]: u["unit_name"] for u in units}
    element_names = {e["code"]: e["name"] for u in units for e in u["elements"]}
    table(
        actions, formats, row, None,
        [(_("Unit layanan"), None), (_("Unsur"), None), (_("Tindak lanjut"), "wrap"), (_("Penanggung jawab"), None),
         (_("Tenggat"), "date"), (_("Status"), None)],
        [(unit_names.get(a["unit_id"], ""), element_names.get(a["element_code"], a["element_code"]), a["action"],
          a["owner"], a["due_date"], str(a["status"].label)) for a in figures["actions"]],
    )

    demo = workbook.add_worksheet("SKM Demografi")
    row = title_block(demo, formats, _("Profil responden SKM"), scope_node, period)
    dimensions = [("sex", _("Jenis kelamin")), ("age_band", _("Usia")), ("education", _("Pendidikan")),
                  ("occupation", _("Pekerjaan")), ("service_type", _("Jenis layanan"))]
    for key, label in dimensions:
        totals = {}
        for unit in units:
            for value, count in unit["demographics"].get(key, {}).items():
                totals[str(value)] = totals.get(str(value), 0) + count
        _first, _last, row = table(demo, formats, row, label, [(label, None), (_("Responden"), "int")],
                                   _ordered(totals, key))

    return {
        "title": _("Survei Kepuasan Masyarakat"),
        "headlines": [
            {"label": _("Unit yang melaksanakan SKM"), "value": len(units)},
            {"label": _("IKM gabungan"), "value": _num(headline["pooled"].get("ikm_converted")) if headline else None},
            {"label": _("Mutu"), "value": headline["pooled"].get("grade") if headline else None},
            {"label": _("Unit dengan sampel kurang"), "value": sum(1 for u in units if u["sample_short"])},
            {"label": _("Periode survei sementara (belum ditutup)"), "value": len(provisional["units"])},
        ],
    }
