"""The Rekapitulasi Pengelolaan Pengaduan SP4N-LAPOR! of an instansi or OPD for a triwulan, semester or year.

No reporter appears: the document carries counts, the OPD table and the overdue list by tracking number, with
the title of a rahasia complaint withheld (D10), as the SP4N workbook does.
"""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.complaints.figures import complaint_figures
from app.cutoff import cutoff_label
from app.documents import charts
from app.documents.common import base_context
from app.documents.issues import SAMPLE, issue_context
from app.documents.templates import image
from app.locale import long_date, number, percent
from app.models.complaints import Channel, Classification, Status
from app.reports.shared import OVERDUE_LISTED
from app.reports.shared import cutoff as build_cutoff
from app.scope import Scope

STEPS = (("verify", _l("Verifikasi dan disposisi")), ("first_followup", _l("Tindak lanjut pertama")),
         ("resolve", _l("Penyelesaian")))


def _sentences(node, period, figures, cutoff):
    sentences = [_("Pada %(period)s, %(name)s menerima %(received)s pengaduan; %(verified)s terverifikasi dan "
                   "%(finished)s selesai (%(pct)s dari yang terverifikasi).", period=period.label, name=node.name,
                   received=number(figures["received"]), verified=number(figures["verified"]),
                   finished=number(figures["finished"]), pct=percent(figures["pct_finished"]))]
    compliance = figures["compliance"]
    if compliance["resolve"]["pct_on_time"] is not None:
        sentences.append(_("Penyelesaian tepat waktu %(pct)s; tindak lanjut pertama tepat waktu %(first)s.",
                           pct=percent(compliance["resolve"]["pct_on_time"]),
                           first=percent(compliance["first_followup"]["pct_on_time"])))
    if figures["overdue_count"]:
        sentences.append(_("Per %(date)s terdapat %(count)s pengaduan yang melewati tenggat dan perlu segera "
                           "ditindaklanjuti.", date=long_date(cutoff), count=number(figures["overdue_count"])))
    else:
        sentences.append(_("Per %(date)s tidak ada pengaduan yang melewati tenggat.", date=long_date(cutoff)))
    if figures["ranking"]:
        best = figures["ranking"][0]
        sentences.append(_("Perangkat daerah dengan penyelesaian terbaik: %(name)s (%(pct)s selesai).",
                           name=best["name"], pct=percent(best["pct_finished"])))
    if figures["overdue_count"] > len(figures["overdue"]):
        sentences.append(_("Daftar pengaduan periode ini yang melewati tenggat memuat %(shown)s dengan tenggat "
                           "terlama dari %(count)s.", shown=number(len(figures["overdue"])),
                           count=number(figures["overdue_count"])))
    if figures["older_overdue_count"] > len(figures["older_overdue"]):
        sentences.append(_("Daftar tunggakan periode sebelumnya memuat %(shown)s dengan tenggat terlama dari "
                           "%(count)s.", shown=number(len(figures["older_overdue"])),
                           count=number(figures["older_overdue_count"])))
    return sentences


def _overdue_rows(rows, cutoff):
    withheld = _("(rahasia)")
    return [{"no": i, "nomor": r.tracking_number, "judul": withheld if r.rahasia else r.title,
             "status": str(r.status.label), "diterima": long_date(r.received_at), "tenggat": long_date(r.active_due),
             "terlambat": number((cutoff - r.active_due).days)} for i, r in enumerate(rows, start=1)]


def context(document, node, period, today):
    """Every placeholder value of the Rekap SP4N-LAPOR! of ``node`` for ``period``, at the period's cut-off."""
    moment = build_cutoff(period)
    cutoff = moment.date()
    scope = Scope.of_nodes([node])
    figures = complaint_figures(scope, period.start, period.end, as_of=moment, listed=OVERDUE_LISTED)
    overdue, older = figures["overdue"], figures["older_overdue"]
    backlog = {row["opd_id"]: row for row in figures["backlog_by_opd"]}
    compliance = figures["compliance"]
    statuses = [(str(Status(value).label), count) for value, count in figures["by_status"].items()]
    opd_rows = [{"nama": row["name"] or _("Belum didisposisi"), "jumlah": number(row["count"]),
                 "terbuka": number(backlog.get(row["opd_id"], {}).get("open", 0)),
                 "lewat_tenggat": number(backlog.get(row["opd_id"], {}).get("overdue", 0))} for row in figures["by_opd"]]
    values = base_context(node, _("Rekapitulasi Pengelolaan Pengaduan SP4N-LAPOR!"), period.label, today)
    values.update({
        "keadaan_per": cutoff_label(moment),
        "angka": {
            "diterima": number(figures["received"]), "terverifikasi": number(figures["verified"]),
            "terdisposisi": number(figures["routed"]), "ditindaklanjuti": number(figures["followed_up"]),
            "selesai": number(figures["finished"]), "persen_ditindaklanjuti": percent(figures["pct_followed_up"]),
            "persen_selesai": percent(figures["pct_finished"]),
            "hari_tindak_lanjut": number(figures["days_to_first_followup"]["mean"], 2),
            "hari_selesai": number(figures["days_to_finish"]["mean"], 2),
        },
        "ketepatan": [{"tahap": str(label), "tepat": number(compliance[key]["on_time"]),
                       "terlambat": number(compliance[key]["late"]), "belum": number(compliance[key]["not_yet_due"]),
                       "persen": percent(compliance[key]["pct_on_time"])} for key, label in STEPS],
        "menurut_status": [{"nama": name, "jumlah": number(count)} for name, count in statuses],
        "menurut_klasifikasi": [{"nama": str(Classification(v).label), "jumlah": number(n)}
                                for v, n in figures["by_classification"].items()],
        "menurut_kanal": [{"nama": str(Channel(v).label), "jumlah": number(n)} for v, n in figures["by_channel"].items()],
        "opd": opd_rows,
        "peringkat": [{"peringkat": r["rank"], "nama": r["name"], "jumlah": number(r["count"]),
                       "persen_selesai": percent(r["pct_finished"]), "persen_tepat": percent(r["pct_resolved_on_time"])}
                      for r in figures["ranking"]],
        "lewat_tenggat": _overdue_rows(overdue, cutoff),
        "tunggakan_lalu": _overdue_rows(older, cutoff),
        "kalimat": _sentences(node, period, figures, cutoff),
        "grafik_status": image(document, charts.horizontal_bars(statuses, value_text=number)),
        "grafik_opd": image(document, charts.horizontal_bars(
            [(row["name"] or _("Belum didisposisi"), row["count"]) for row in figures["by_opd"]], value_text=number)),
    })
    values.update(issue_context(node, period, moment))
    return values


def sample_context(document):
    chart = image(document, charts.horizontal_bars([("Contoh", 1)]))
    return {
        "judul": "Rekapitulasi Pengelolaan Pengaduan SP4N-LAPOR!", "nama": "Pemerintah Contoh", "tingkat": "Instansi",
        "instansi": "Pemerintah Contoh", "periode": "Semester I 2026", "tanggal": "30 Juni 2026",
        "tempat_tanggal": "Kota Contoh, 30 Juni 2026", "keadaan_per": "Keadaan per 30 Juni 2026",
        "kop": {"instansi": "PEMERINTAH CONTOH", "nama": "", "alamat": "Jl. Contoh 1", "kontak": "Telp. 1"},
        "penandatangan": {"nama": "Nama", "nip": "1", "nip_baris": "NIP 1", "jabatan": "Kepala"},
        "angka": {key: "1" for key in ("diterima", "terverifikasi", "terdisposisi", "ditindaklanjuti", "selesai",
                                       "persen_ditindaklanjuti", "persen_selesai", "hari_tindak_lanjut", "hari_selesai")},
        "ketepatan": [{"tahap": "Penyelesaian", "tepat": "1", "terlambat": "0", "belum": "0", "persen": "100 %"}],
        "menurut_status": [{"nama": "Selesai", "jumlah": "1"}],
        "menurut_klasifikasi": [{"nama": "Aspirasi", "jumlah": "1"}],
        "menurut_kanal": [{"nama": "LAPOR! web", "jumlah": "1"}],
        "opd": [{"nama": "OPD", "jumlah": "1", "terbuka": "0", "lewat_tenggat": "0"}],
        "peringkat": [{"peringkat": 1, "nama": "OPD", "jumlah": "5", "persen_selesai": "100 %", "persen_tepat": "100 %"}],
        "lewat_tenggat": [{"no": 1, "nomor": "PTU-1", "judul": "Judul", "status": "Diproses", "diterima": "1 Juni 2026",
                           "tenggat": "5 Juni 2026", "terlambat": "25"}],
        "tunggakan_lalu": [{"no": 1, "nomor": "PTU-0", "judul": "Judul", "status": "Diproses",
                            "diterima": "1 Desember 2025", "tenggat": "5 Desember 2025", "terlambat": "200"}],
        "kalimat": ["Kalimat."], "grafik_status": chart, "grafik_opd": chart, **SAMPLE,
    }
