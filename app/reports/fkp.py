"""The FKP report: forums held per unit, participants by community element, agreements, units without a forum."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.reports.layout import bar_chart, key_values, signatory_block, table, title_block
from app.reports.registry import section
from app.reports.shared import cutoff, fkp_of
from app.scope import Scope


@section("fkp", _l("Forum Konsultasi Publik"), in_package=True, position=20)
def fkp_sheets(workbook, scope_node, period, language):
    """Write the FKP sheet for ``scope_node`` and ``period``; return the headline figures."""
    figures = fkp_of(Scope.of_nodes([scope_node]), period, cutoff(period))
    formats = workbook.pantau_formats
    name = "FKP"
    sheet = workbook.add_worksheet(name)
    row = title_block(sheet, formats, _("Laporan Forum Konsultasi Publik"), scope_node, period)
    agreements = figures["agreements"]
    row = key_values(sheet, formats, row, [
        (_("Forum terlaksana"), figures["forums_held"]),
        (_("Kesepakatan"), agreements["total"]),
        (_("Kesepakatan selesai ditindaklanjuti"), agreements["done"]),
        (_("Kesepakatan melewati tenggat"), agreements["overdue"]),
        (_("Unit tanpa FKP pada tahun %(year)s", year=figures["year"]), len(figures["units_without_forum"])),
    ], heading=_("Ringkasan"))
    units = figures["units"]
    held = figures["forums_per_unit"]
    first, last, row = table(
        sheet, formats, row, _("Forum per unit layanan"),
        [(_("Unit layanan"), None), (_("Kode"), None), (_("Forum terlaksana"), "int"), (_("Unsur masyarakat terlibat (maks.)"), "int")],
        [(info["name"], info["code"], held.get(unit_id, 0), figures["elements_per_unit"].get(unit_id, 0))
         for unit_id, info in sorted(units.items(), key=lambda item: item[1]["code"]) if held.get(unit_id)],
    )
    row = bar_chart(workbook, sheet, name, first, last, 0, 2, _("Forum per unit layanan"), row,
                    largest=max(held.values(), default=0))
    first, last, row = table(
        sheet, formats, row, _("Forum terlaksana (pasca pelaksanaan, dihadiri unsur masyarakat)"),
        [(_("Tanggal"), "date"), (_("Unit layanan"), None), (_("Topik"), "wrap"), (_("Tujuan"), None),
         (_("Unsur masyarakat hadir"), "int"), (_("Berita acara bertanda tangan"), None)],
        [(f["held_on"], units.get(f["unit_id"], {}).get("name", ""), f["topic"], str(f["purpose"].label), f["elements"],
          _("Diunggah") if f["berita_acara"] else _("Belum diunggah")) for f in figures["held_forums"]],
    )
    first, last, row = table(
        sheet, formats, row, _("Peserta menurut unsur"),
        [(_("Unsur"), None), (_("Diundang"), "int"), (_("Hadir"), "int"), (_("Penyelenggara"), None)],
        [(e["name"], e["invited"], e["attended"], _("Ya") if e["is_provider"] else _("Tidak"))
         for e in figures["participants_by_element"]],
    )
    row = bar_chart(workbook, sheet, name, first, last, 0, 2, _("Peserta hadir menurut unsur"), row,
                    largest=max((e["attended"] for e in figures["participants_by_element"]), default=0))
    first, last, row = table(
        sheet, formats, row, _("Unit layanan tanpa FKP yang cukup pada tahun %(year)s", year=figures["year"]),
        [(_("Unit layanan"), None), (_("Kode"), None), (_("Forum"), "int"), (_("Minimal"), "int")],
        [(u["name"], u["code"], u["forums"], u["required"]) for u in figures["units_without_forum"]],
    )
    signatory_block(sheet, formats, row, scope_node)
    return {
        "title": _("Forum Konsultasi Publik"),
        "headlines": [
            {"label": _("Forum terlaksana"), "value": figures["forums_held"]},
            {"label": _("Kesepakatan selesai"), "value": f'{agreements["done"]}/{agreements["total"]}'},
            {"label": _("Unit tanpa FKP"), "value": len(figures["units_without_forum"])},
        ],
    }
