"""The SP4N-LAPOR! complaint report: the figures of app/complaints/figures.py, the backlog, the overdue list."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.locale import number
from app.models.complaints import Channel, Classification, Status
from app.reports.layout import bar_chart, key_values, signatory_block, table, title_block
from app.reports.registry import section
from app.reports.shared import complaints_of, cutoff
from app.scope import Scope

STEP_LABELS = {
    "verify": _l("Verifikasi dan disposisi"),
    "first_followup": _l("Tindak lanjut pertama"),
    "resolve": _l("Penyelesaian"),
}


def _pct(value):
    return None if value is None else value / 100.0


def compliance_rows(compliance):
    """(step, tepat waktu, terlambat, belum jatuh tempo, dikecualikan, tanpa tanggal, persen tepat waktu) per step."""
    return [(str(STEP_LABELS[step]), row["on_time"], row["late"], row["not_yet_due"], row["excluded"], row["undated"],
             _pct(row["pct_on_time"])) for step, row in compliance.items()]


@section("sp4n", _l("Pengaduan SP4N-LAPOR!"), in_package=True, position=30)
def sp4n_sheets(workbook, scope_node, period, language):
    """Write the complaint sheets for ``scope_node`` and ``period`` as at the build's cut-off; return the headlines."""
    as_of = cutoff(period)
    scope = Scope.of_nodes([scope_node])
    figures = complaints_of(scope, period, as_of)
    formats = workbook.pantau_formats
    name = "SP4N-LAPOR"
    sheet = workbook.add_worksheet(name)
    row = title_block(sheet, formats, _("Laporan Pengelolaan Pengaduan SP4N-LAPOR!"), scope_node, period)
    first_followup, finish = figures["days_to_first_followup"], figures["days_to_finish"]
    compliance = figures["compliance"]
    row = key_values(sheet, formats, row, [
        (_("Pengaduan diterima"), figures["received"]),
        (_("Terverifikasi"), figures["verified"]),
        (_("Terdisposisi"), figures["routed"]),
        (_("Ditindaklanjuti"), figures["followed_up"]),
        (_("Selesai"), figures["finished"]),
        (_("Persentase ditindaklanjuti"), (_pct(figures["pct_followed_up"]), "pct")),
        (_("Persentase selesai"), (_pct(figures["pct_finished"]), "pct")),
        (_("Rata-rata hari kerja sampai tindak lanjut pertama"), (first_followup["mean"], "dec2")),
        (_("Median hari kerja sampai tindak lanjut pertama"), (first_followup["median"], "dec2")),
        (_("Rata-rata hari kerja sampai selesai"), (finish["mean"], "dec2")),
        (_("Median hari kerja sampai selesai"), (finish["median"], "dec2")),
        (_("Verifikasi tepat waktu"), (_pct(compliance["verify"]["pct_on_time"]), "pct")),
        (_("Tindak lanjut pertama tepat waktu"), (_pct(compliance["first_followup"]["pct_on_time"]), "pct")),
        (_("Penyelesaian tepat waktu"), (_pct(compliance["resolve"]["pct_on_time"]), "pct")),
    ], heading=_("Ringkasan"))

    first, last, row = table(
        sheet, formats, row, _("Ketepatan tenggat (persen = tepat waktu / (tepat waktu + terlambat))"),
        [(_("Tahap"), None), (_("Tepat waktu"), "int"), (_("Terlambat"), "int"), (_("Belum jatuh tempo"), "int"),
         (_("Dikecualikan (Bukan Wewenang, Arsip)"), "int"), (_("Tanpa tanggal"), "int"), (_("Persen tepat waktu"), "pct")],
        compliance_rows(compliance),
    )
    row = bar_chart(workbook, sheet, name, first, last, 0, 6, _("Ketepatan tenggat"), row, kind="column", percent_axis=True)
    count = [(_("Jumlah"), "int")]
    first, last, row = table(sheet, formats, row, _("Menurut status"), [(_("Status"), None)] + count,
                             [(str(Status(v).label), n) for v, n in figures["by_status"].items()])
    row = bar_chart(workbook, sheet, name, first, last, 0, 1, _("Pengaduan menurut status"), row, kind="pie")
    first, last, row = table(sheet, formats, row, _("Menurut klasifikasi"), [(_("Klasifikasi"), None)] + count,
                             [(str(Classification(v).label), n) for v, n in figures["by_classification"].items()])
    first, last, row = table(sheet, formats, row, _("Menurut kanal"), [(_("Kanal"), None)] + count,
                             [(str(Channel(v).label), n) for v, n in figures["by_channel"].items()])
    first, last, row = table(sheet, formats, row, _("Menurut kategori"), [(_("Kategori"), None)] + count,
                             [(c["name"] or _("Tanpa kategori"), c["count"]) for c in figures["by_category"]])
    first, last, row = table(sheet, formats, row, _("Menurut perangkat daerah"), [(_("Perangkat daerah"), None)] + count,
                             [(o["name"] or _("Belum didisposisi"), o["count"]) for o in figures["by_opd"]])
    row = bar_chart(workbook, sheet, name, first, last, 0, 1, _("Pengaduan menurut perangkat daerah"), row,
                    largest=max((o["count"] for o in figures["by_opd"]), default=0))
    first, last, row = table(
        sheet, formats, row, _("Tunggakan per perangkat daerah"),
        [(_("Perangkat daerah"), None), (_("Terbuka"), "int"), (_("Melewati tenggat"), "int")],
        [(o["name"], o["open"], o["overdue"]) for o in figures["backlog_by_opd"]],
    )
    first, last, row = table(
        sheet, formats, row, _("Peringkat perangkat daerah (minimal %(n)s pengaduan)", n=5),
        [(_("Peringkat"), "int"), (_("Perangkat daerah"), None), (_("Pengaduan"), "int"), (_("Selesai"), "int"),
         (_("Persen selesai"), "pct"), (_("Selesai tepat waktu"), "int"), (_("Selesai terlambat"), "int"),
         (_("Persen selesai tepat waktu"), "pct")],
        [(r["rank"], r["name"], r["count"], r["finished"], _pct(r["pct_finished"]), r["resolved_on_time"],
          r["resolved_late"], _pct(r["pct_resolved_on_time"])) for r in figures["ranking"]],
    )
    if figures["not_ranked"]:
        row = key_values(sheet, formats, row, [(o["name"], o["count"]) for o in figures["not_ranked"]],
                         heading=_("Tidak diperingkat (pengaduan terlalu sedikit)"))
    signatory_block(sheet, formats, row, scope_node)

    _overdue_sheet(workbook, formats, "Lewat Tenggat", _("Pengaduan periode ini yang melewati tenggat"),
                   scope_node, period, figures["overdue"], figures["overdue_count"], as_of)
    _overdue_sheet(workbook, formats, "Tunggakan Lalu", _("Tunggakan periode sebelumnya (melewati tenggat)"),
                   scope_node, period, figures["older_overdue"], figures["older_overdue_count"], as_of)
    return {
        "title": _("Pengaduan SP4N-LAPOR!"),
        "headlines": [
            {"label": _("Pengaduan diterima"), "value": figures["received"]},
            {"label": _("Selesai"), "value": figures["finished"]},
            {"label": _("Persentase selesai"), "value": figures["pct_finished"], "format": "pct"},
            {"label": _("Penyelesaian tepat waktu"), "value": compliance["resolve"]["pct_on_time"], "format": "pct"},
            {"label": _("Melewati tenggat"), "value": figures["overdue_count"]},
            {"label": _("Tunggakan periode sebelumnya"), "value": figures["older_overdue_count"]},
        ],
    }


def _overdue_sheet(workbook, formats, name, title, scope_node, period, states, count, as_of):
    """One list of complaints whose waiting step was past its deadline at the cut-off, oldest deadline first: the
    oldest ``states`` of ``count`` (the figures list at most OVERDUE_LISTED), saying so when there are more.

    No reporter data; the title of a rahasia complaint is withheld (D10), since reports leave the instansi.
    """
    sheet = workbook.add_worksheet(name)
    row = title_block(sheet, formats, title, scope_node, period)
    labels = {status: str(status.label) for status in Status}
    withheld = _("(rahasia)")
    if count > len(states):
        sheet.write_string(row, 0, _("Ditampilkan %(shown)s pengaduan dengan tenggat terlama dari %(count)s.",
                                     shown=number(len(states)), count=number(count)), formats["bold"])
        row += 1
    table(sheet, formats, row, None,
          [(_("Nomor pelacakan"), None), (_("Judul"), "wrap"), (_("Status"), None), (_("Diterima"), "datetime"),
           (_("Tenggat"), "date"), (_("Terlambat (hari kalender)"), "int")],
          [(s.tracking_number, withheld if s.rahasia else s.title, labels[s.status], s.received_at, s.active_due,
            (as_of.date() - s.active_due).days) for s in states])
