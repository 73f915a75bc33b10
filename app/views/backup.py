"""Backup screens (Admin Sistem only): the schedules, and every scheduled backup with its outcome."""
from flask_appbuilder import ModelView
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l

from app.backup.schedules import validate
from app.locale import readable
from app.models.backup import BackupRun, BackupSchedule, BackupStatus
from app.reports.schedules import ScheduleError
from app.views.base import EnumFormFields, FormRefused, RefusalHandling, enum_label


class BackupScheduleView(EnumFormFields, RefusalHandling, ModelView):
    """When the scheduler backs Pantau up, into which folder, how many copies it keeps, whom it tells of a failure."""

    datamodel = SQLAInterface(BackupSchedule)
    list_title = _l("Jadwal Cadangan")
    show_title = _l("Rincian Jadwal Cadangan")
    add_title = _l("Tambah Jadwal Cadangan")
    edit_title = _l("Ubah Jadwal Cadangan")
    list_columns = ["name", "cron", "output", "keep", "recipients", "active"]
    search_columns = ["name", "output", "active"]
    show_columns = list_columns + ["created_at"]
    add_columns = list_columns
    edit_columns = list_columns
    label_columns = {
        "name": _l("Nama"),
        "cron": _l("Waktu (cron)"),
        "output": _l("Folder tujuan"),
        "keep": _l("Salinan disimpan"),
        "recipients": _l("Penerima surel bila gagal"),
        "active": _l("Aktif"),
        "created_at": _l("Dibuat (UTC)"),
    }
    description_columns = {
        "cron": _l("Lima kolom (menit jam tanggal bulan hari), zona Asia/Jakarta. Contoh: 0 1 * * * = setiap hari "
                   "pukul 01.00."),
        "output": _l("Jalur absolut di server; setiap cadangan menjadi subfolder pantau-YYYYMMDD-HHMMSS."),
        "keep": _l("Cadangan lama di atas jumlah ini dihapus setelah cadangan baru berhasil."),
        "recipients": _l("Alamat surel, dipisah koma. Kosong: semua Admin Sistem."),
    }
    formatters_columns = {"recipients": readable}

    def _check(self, item):
        try:
            validate(item)
        except ScheduleError as error:
            raise FormRefused([error])

    def pre_add(self, item):
        self._check(item)

    def pre_update(self, item):
        self._check(item)


class BackupRunView(EnumFormFields, ModelView):
    """Every scheduled backup: when, outcome, folder, size, and the message of a failure."""

    datamodel = SQLAInterface(BackupRun)
    base_permissions = ["can_list", "can_show"]
    list_title = _l("Riwayat Cadangan")
    show_title = _l("Rincian Cadangan")
    add_title = list_title
    edit_title = list_title
    base_order = ("id", "desc")
    search_columns = ["schedule", "fire_time", "finished_at", "path"]
    list_columns = ["schedule", "fire_time", "finished_at", "status", "rows", "files", "size_bytes", "message"]
    show_columns = ["schedule", "fire_time", "started_at", "finished_at", "status", "path", "rows", "files",
                    "size_bytes", "message"]
    label_columns = {
        "schedule": _l("Jadwal"),
        "fire_time": _l("Waktu jadwal (UTC)"),
        "started_at": _l("Mulai (UTC)"),
        "finished_at": _l("Selesai (UTC)"),
        "status": _l("Hasil"),
        "path": _l("Folder cadangan"),
        "rows": _l("Baris"),
        "files": _l("Berkas unggahan"),
        "size_bytes": _l("Ukuran (bita)"),
        "message": _l("Pesan"),
    }
    formatters_columns = {
        "status": lambda value: enum_label(BackupStatus, value.value if isinstance(value, BackupStatus) else value),
        **{column: readable for column in ("finished_at", "path", "rows", "files", "size_bytes", "message")},
    }
