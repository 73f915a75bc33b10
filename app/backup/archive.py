"""Making and restoring one backup folder: the database copy, the upload folder, the manifest."""
import errno
import os
import shutil

from flask import current_app
from flask_babel import gettext as _

from app.backup import manifest as manifests
from app.backup.engines import BackupError, count_rows, engine_for, pantau_tables
from app.clock import now_utc
from app.extensions import db, init_migrations
from app.locale import number as numeral
from app.version import VERSION

UPLOADS = "uploads"


def _engine():
    return engine_for(db.engine, current_app.config.get("PANTAU_DB_SCHEMA"))


def _explain(error):
    """A person's message for an OS error while writing a backup or restoring one."""
    if isinstance(error, PermissionError):
        return _("Izin ditolak: %(path)s", path=error.filename or error)
    if getattr(error, "errno", None) in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return _("Ruang disk habis saat menulis %(path)s", path=error.filename or "")
    return _("Kesalahan berkas: %(error)s", error=error)


def upload_files(root):
    """Paths of every file under the upload folder ``root``, relative to it, sorted."""
    found = []
    for folder, _dirs, files in os.walk(root):
        for name in files:
            found.append(os.path.relpath(os.path.join(folder, name), root))
    return sorted(found)


def _new_name(output):
    """A free folder name under ``output`` that sorts by time: pantau-YYYYMMDD-HHMMSS[-N]."""
    base = os.path.join(output, f"pantau-{now_utc():%Y%m%d-%H%M%S}")
    name, number = base, 1
    while os.path.exists(name) or os.path.exists(os.path.join(output, f".{os.path.basename(name)}.partial")):
        number += 1
        name = f"{base}-{number}"
    return name


def make_backup(output, progress=lambda message: None):
    """Write a complete backup folder under ``output`` and return its path; BackupError on any failure.

    The database is copied first, the upload folder after it: a file uploaded
    meanwhile is an extra file in the backup, never a missing one.
    """
    engine = _engine()
    try:
        os.makedirs(output, exist_ok=True)
        final = _new_name(output)
        partial = os.path.join(output, f".{os.path.basename(final)}.partial")
        os.makedirs(partial)
    except OSError as error:
        raise BackupError(_explain(error))
    try:
        with db.engine.connect() as connection:
            revision = manifests.current_revision(connection)
        dump_path = os.path.join(partial, engine.dump_name)
        counts = engine.dump(dump_path, progress)
        files = {engine.dump_name: manifests.sha256_of(dump_path)}
        root = current_app.config["UPLOAD_FOLDER"]
        uploads = upload_files(root) if os.path.isdir(root) else []
        for number, relative in enumerate(uploads, 1):
            key = f"{UPLOADS}/{relative.replace(os.sep, '/')}"
            try:
                files[key] = manifests.copy_with_digest(os.path.join(root, relative), os.path.join(partial, UPLOADS, relative))
            except FileNotFoundError:  # deleted by a user since the walk: not part of this backup
                continue
            if number % 100 == 0 or number == len(uploads):
                progress(_("Berkas unggahan: %(done)s dari %(total)s", done=numeral(number), total=numeral(len(uploads))))
        manifests.write(partial, {
            "format": manifests.FORMAT,
            "pantau_version": VERSION,
            "alembic_revision": revision,
            "engine": engine.name,
            "created_at": now_utc().isoformat(timespec="seconds") + "Z",
            "database_file": engine.dump_name,
            "tables": counts,
            "files": files,
        })
        os.rename(partial, final)
    except BaseException as error:
        shutil.rmtree(partial, ignore_errors=True)
        if isinstance(error, OSError):
            raise BackupError(_explain(error)) from error
        raise
    progress(_("Cadangan selesai: %(path)s (%(tables)s tabel, %(rows)s baris, %(files)s berkas unggahan)",
               path=final, tables=numeral(len(counts)), rows=numeral(sum(counts.values())),
               files=numeral(len(files) - 1)))
    return final


def check_backup(folder):
    """The manifest of ``folder`` if it is whole, of this engine and not from a newer Pantau; BackupError otherwise."""
    manifest = manifests.read(folder)
    damaged = manifests.damaged_files(folder, manifest)
    if damaged:
        raise BackupError(_("Cadangan rusak: %(count)s berkas hilang atau checksum SHA-256 berbeda (%(files)s).",
                            count=numeral(len(damaged)), files=", ".join(damaged[:5])))
    engine = _engine()
    if manifest.get("engine") != engine.name:
        raise BackupError(_("Cadangan ini dari basis data %(backup)s; basis data tujuan %(target)s.",
                            backup=manifest.get("engine"), target=engine.name))
    revision = manifest.get("alembic_revision")
    if revision and not manifests.is_known(revision):
        raise BackupError(_("Cadangan dibuat oleh versi Pantau yang lebih baru (revisi %(revision)s, Pantau "
                            "%(version)s). Perbarui Pantau dulu.", revision=revision,
                            version=manifest.get("pantau_version")))
    if manifest.get("database_file") not in manifest["files"]:
        raise BackupError(_("manifest.json rusak atau berformat tidak dikenal."))
    return manifest


def holds_data():
    """Names of Pantau's tables in the target database that already hold rows (a migrated, empty schema holds none)."""
    with db.engine.connect() as connection:
        counts = count_rows(connection, pantau_tables(connection))
    return sorted(name for name, count in counts.items() if count and name != manifests.VERSION_TABLE)


def restore_backup(folder, force=False, progress=lambda message: None):
    """Restore ``folder`` into this app's database and upload folder, migrate forward, verify. Returns the manifest."""
    from flask_migrate import upgrade

    manifest = check_backup(folder)
    progress(_("Manifest dan checksum cocok (%(files)s berkas).", files=len(manifest["files"])))
    root = current_app.config["UPLOAD_FOLDER"]
    if not force:
        filled = holds_data()
        if filled:
            raise BackupError(_("Basis data tujuan sudah berisi data (%(tables)s). Pulihkan ke basis data kosong, "
                                "atau tambahkan --force untuk menimpanya.", tables=", ".join(filled[:5])))
        if os.path.isdir(root) and upload_files(root):
            raise BackupError(_("Folder unggahan %(path)s tidak kosong. Pulihkan ke folder kosong, atau tambahkan "
                                "--force.", path=root))
    engine = _engine()
    progress(_("Memulihkan basis data (%(engine)s)…", engine=engine.name))
    engine.load(os.path.join(folder, manifest["database_file"]))
    db.session.remove()
    try:
        uploads = [key for key in manifest["files"] if key.startswith(UPLOADS + "/")]
        for number, key in enumerate(sorted(uploads), 1):
            relative = key[len(UPLOADS) + 1:]
            digest = manifests.copy_with_digest(os.path.join(folder, key), os.path.join(root, relative))
            if digest != manifest["files"][key]:
                raise BackupError(_("Checksum berkas %(file)s berbeda setelah disalin.", file=key))
            if number % 100 == 0 or number == len(uploads):
                progress(_("Berkas unggahan: %(done)s dari %(total)s", done=numeral(number), total=numeral(len(uploads))))
    except OSError as error:
        raise BackupError(_explain(error)) from error
    with db.engine.connect() as connection:
        restored = count_rows(connection, pantau_tables(connection))
    different = sorted(name for name, count in manifest["tables"].items() if restored.get(name) != count)
    if different:
        raise BackupError(_("Jumlah baris setelah pemulihan berbeda dari manifest: %(tables)s",
                            tables=", ".join(different[:5])))
    progress(_("Jumlah baris %(tables)s tabel cocok dengan manifest.", tables=len(restored)))
    if manifest.get("alembic_revision") != manifests.head_revision():
        progress(_("Cadangan dari revisi %(revision)s: migrasi ke revisi terbaru…", revision=manifest.get("alembic_revision")))
        upgrade(directory=init_migrations(current_app).directory)
    db.session.remove()
    return manifest
