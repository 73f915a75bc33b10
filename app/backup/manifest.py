"""The manifest of a backup folder: what it holds, from which Pantau and schema, and every file's SHA-256.

A backup folder is complete exactly when it has a ``manifest.json``: the backup is
written into a hidden ``.partial`` folder and renamed only after the manifest is
in it, so a crash or a full disk never leaves a folder that looks finished.
"""
import hashlib
import json
import os

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import text

from app.backup.engines import BackupError
from app.extensions import init_migrations
from app.models.base import TABLE_PREFIX

MANIFEST = "manifest.json"
FORMAT = 1
VERSION_TABLE = TABLE_PREFIX + "alembic_version"
CHUNK = 1024 * 1024


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def copy_with_digest(source, target):
    """Copy ``source`` to ``target`` (folders created) and return the SHA-256 of what was written."""
    os.makedirs(os.path.dirname(target), exist_ok=True)
    digest = hashlib.sha256()
    with open(source, "rb") as reader, open(target, "wb") as writer:
        for block in iter(lambda: reader.read(CHUNK), b""):
            digest.update(block)
            writer.write(block)
        writer.flush()
        os.fsync(writer.fileno())
    return digest.hexdigest()


def current_revision(connection):
    """The Alembic revision the database is at (None for a database Pantau never migrated)."""
    try:
        return connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()
    except Exception:
        connection.rollback()
        return None


def scripts():
    from alembic.script import ScriptDirectory

    migrate = init_migrations(current_app)
    return ScriptDirectory.from_config(migrate.migrate.get_config(migrate.directory))


def head_revision():
    return scripts().get_current_head()


def is_known(revision):
    """True if this Pantau's migrations contain ``revision`` (a backup from a newer Pantau has one we lack)."""
    try:
        return scripts().get_revision(revision) is not None
    except Exception:
        return False


def write(folder, manifest):
    path = os.path.join(folder, MANIFEST)
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(manifest, handle, indent=2, sort_keys=True)
        handle.flush()
        os.fsync(handle.fileno())


def read(folder):
    """The manifest of ``folder``; BackupError if the folder is not a finished Pantau backup."""
    path = os.path.join(folder, MANIFEST)
    if not os.path.isfile(path):
        raise BackupError(_("%(folder)s bukan cadangan Pantau yang selesai (tidak ada manifest.json).", folder=folder))
    try:
        with open(path, encoding="utf-8") as handle:
            manifest = json.load(handle)
    except (OSError, ValueError) as error:
        raise BackupError(_("manifest.json rusak: %(error)s", error=error))
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT or not isinstance(manifest.get("files"), dict):
        raise BackupError(_("manifest.json rusak atau berformat tidak dikenal."))
    return manifest


def damaged_files(folder, manifest):
    """Files of the manifest that are missing from ``folder`` or whose SHA-256 differs."""
    damaged = []
    root = os.path.realpath(folder)
    for relative, expected in sorted(manifest["files"].items()):
        path = os.path.realpath(os.path.join(root, relative))
        if not path.startswith(root + os.sep) or not os.path.isfile(path) or sha256_of(path) != expected:
            damaged.append(relative)
    return damaged
