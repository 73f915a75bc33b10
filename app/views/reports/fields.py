"""Form fields and labels shared by the report screens."""
from flask_babel import lazy_gettext as _l

from app.reports import registry

LANGUAGE_CHOICES = [("id", "Bahasa Indonesia"), ("en", "English")]
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def period_kind_choices():
    """The kinds built for a node and a period (forum documents are started from the forum page)."""
    return registry.choices(period_only=True)


RUN_LABELS = {
    "id": _l("No."),
    "kind": _l("Jenis laporan"),
    "org": _l("Unit organisasi"),
    "period_code": _l("Periode"),
    "as_of_date": _l("Tanggal keadaan"),
    "as_at_build": _l("Keadaan saat laporan dibuat"),
    "language": _l("Bahasa"),
    "requested_by": _l("Diminta oleh"),
    "schedule": _l("Jadwal"),
    "status": _l("Status"),
    "attempts": _l("Percobaan"),
    "created_at": _l("Dibuat"),
    "started_at": _l("Mulai"),
    "finished_at": _l("Selesai"),
    "heartbeat_at": _l("Tanda hidup terakhir"),
    "error": _l("Galat"),
    "file_name": _l("Berkas"),
    "size": _l("Ukuran (bita)"),
    "recipient": _l("Penerima"),
    "subject": _l("Subjek"),
    "next_attempt_at": _l("Percobaan berikutnya"),
    "last_attempt_at": _l("Percobaan terakhir"),
    "sent_at": _l("Terkirim"),
    "run": _l("Laporan"),
}
