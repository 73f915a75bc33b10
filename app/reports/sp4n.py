"""The SP4N-LAPOR! complaint report: the figures of app/complaints/figures.py, the backlog, the overdue list."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.clock import today_local
from app.complaints.figures import complaint_figures
from app.extensions import db
from app.models.complaints import Channel, Classification, Complaint, Status
from app.reports.layout import bar_chart, key_values, signatory_block, table, title_block
from app.reports.registry import section
from app.reports.shared import figures as shared
from app.scope import Scope

OPEN = (Status.BELUM_TERVERIFIKASI, Status.BELUM_DITINDAKLANJUTI, Status.DIPROSES)
OVERDUE_LIMIT = 5000


def _pct(value):
    return None if value is None else value / 100.0


def overdue_complaints(scope, today):
    """Open complaints in scope whose current deadline has passed, oldest deadline first.

    No reporter data; the title of a rahasia complaint is withheld (D10), since reports leave the instansi.
    """
    query = (
        select(Complaint.tracking_number, Complaint.title, Complaint.rahasia, Complaint.status, Complaint.received_at,
               Complaint.active_due)
        .where(scope.clause(Complaint), Complaint.status.in_(OPEN), Complaint.active_due < today)
        .order_by(Complaint.active_due, Complaint.id)
        .limit(OVERDUE_LIMIT)
    )
    return db.session.execute(query).all()


@section("sp4n", _l("Pengaduan SP4N-LAPOR!"), in_package=True, position=30)
def sp4n_sheets(workbook, scope_node, period, language, today=None):
    """Write the complaint sheet for ``scope_node`` and ``period``; return the headline figures."""
    today = today or today_local()
    scope = Scope.of_nodes([scope_node])
    figures = shared(complaint_figures, scope, period.start, period.end, today=today)
    formats = workbook.pantau_formats
    name = "SP4N-LAPOR"
    sheet = workbook.add_worksheet(name)
    sheet.set_column(0, 0, 46)
    sheet.set_column(1, 8, 16)
    row = title_block(sheet, formats, _("Laporan Pengelolaan Pengaduan SP4N-LAPOR!"), scope_node, period)
    first_followup, finish = figures["days_to_first_followup"], figures["days_to_finish"]
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
        (_("Verifikasi tepat waktu"), (_pct(figures["pct_within"]["verify"]), "pct")),
        (_("Tindak lanjut pertama tepat waktu"), (_pct(figures["pct_within"]["first_followup"]), "pct")),
        (_("Penyelesaian tepat waktu"), (_pct(figures["pct_within"]["resolve"]), "pct")),
    ], heading=_("Ringkasan"))

    within = figures["pct_within"]
    first, last, row = table(
        sheet, formats, row, _("Ketepatan tenggat"), [(_("Tahap"), None), (_("Tepat waktu"), "pct")],
        [(_("Verifikasi dan disposisi"), _pct(within["verify"])), (_("Tindak lanjut pertama"), _pct(within["first_followup"])),
         (_("Penyelesaian"), _pct(within["resolve"]))],
    )
    bar_chart(workbook, sheet, name, first, last, 0, 1, _("Ketepatan tenggat"), "H42", kind="column")
    count = [(_("Jumlah"), "int")]
    first, last, row = table(sheet, formats, row, _("Menurut status"), [(_("Status"), None)] + count,
                             [(str(Status(v).label), n) for v, n in figures["by_status"].items()])
    bar_chart(workbook, sheet, name, first, last, 0, 1, _("Pengaduan menurut status"), "H6", kind="pie")
    first, last, row = table(sheet, formats, row, _("Menurut klasifikasi"), [(_("Klasifikasi"), None)] + count,
                             [(str(Classification(v).label), n) for v, n in figures["by_classification"].items()])
    first, last, row = table(sheet, formats, row, _("Menurut kanal"), [(_("Kanal"), None)] + count,
                             [(str(Channel(v).label), n) for v, n in figures["by_channel"].items()])
    first, last, row = table(sheet, formats, row, _("Menurut kategori"), [(_("Kategori"), None)] + count,
                             [(c["name"] or _("Tanpa kategori"), c["count"]) for c in figures["by_category"]])
    first, last, row = table(sheet, formats, row, _("Menurut perangkat daerah"), [(_("Perangkat daerah"), None)] + count,
                             [(o["name"] or _("Belum didisposisi"), o["count"]) for o in figures["by_opd"]])
    bar_chart(workbook, sheet, name, first, last, 0, 1, _("Pengaduan menurut perangkat daerah"), "H24")
    first, last, row = table(
        sheet, formats, row, _("Tunggakan per perangkat daerah (per %(date)s)", date=today.strftime("%d/%m/%Y")),
        [(_("Perangkat daerah"), None), (_("Terbuka"), "int"), (_("Melewati tenggat"), "int")],
        [(o["name"], o["open"], o["overdue"]) for o in figures["backlog_by_opd"]],
    )
    first, last, row = table(
        sheet, formats, row, _("Peringkat perangkat daerah (minimal %(n)s pengaduan)", n=5),
        [(_("Peringkat"), "int"), (_("Perangkat daerah"), None), (_("Pengaduan"), "int"), (_("Selesai"), "int"),
         (_("Persen selesai"), "pct"), (_("Persen selesai tepat waktu"), "pct")],
        [(r["rank"], r["name"], r["count"], r["finished"], _pct(r["pct_finished"]), _pct(r["pct_resolved_on_time"]))
         for r in figures["ranking"]],
    )
    if figures["not_ranked"]:
        row = key_values(sheet, formats, row, [(o["name"], o["count"]) for o in figures["not_ranked"]],
                         heading=_("Tidak diperingkat (pengaduan terlalu sedikit)"))
    signatory_block(sheet, formats, row, scope_node)

    overdue = overdue_complaints(scope, today)
    detail = workbook.add_worksheet("Lewat Tenggat")
    row = title_block(detail, formats, _("Pengaduan melewati tenggat"), scope_node, period)
    labels = {status: str(status.label) for status in Status}
    withheld = _("(rahasia)")
    table(detail, formats, row, None,
          [(_("Nomor pelacakan"), None), (_("Judul"), "wrap"), (_("Status"), None), (_("Diterima"), "datetime"),
           (_("Tenggat"), "date"), (_("Terlambat (hari kalender)"), "int")],
          ((r.tracking_number, withheld if r.rahasia else r.title, labels[r.status], r.received_at,
            r.active_due, (today - r.active_due).days) for r in overdue))
    return {
        "title": _("Pengaduan SP4N-LAPOR!"),
        "headlines": [
            {"label": _("Pengaduan diterima"), "value": figures["received"]},
            {"label": _("Selesai"), "value": figures["finished"]},
            {"label": _("Persentase selesai"), "value": figures["pct_finished"]},
            {"label": _("Melewati tenggat"), "value": len(overdue)},
        ],
    }
