"""Backup and restore: a backup of demo data and uploads restores into an empty database and folder with every
row and file equal; a damaged, foreign or newer backup is refused; a failed backup leaves nothing that looks whole."""
import datetime
import json
import os
import resource
import signal

import pytest
from sqlalchemy import column, create_engine, inspect, select, table, text
from sqlalchemy.engine import make_url

from config import Config, engine_options
from tests.conftest import DATABASE_URL, TMP

UPLOADED = {
    "complaints/lampiran-a.pdf": b"%PDF-1.4 lampiran pengaduan\n" * 50,
    "fkp/berita-acara.png": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20,
    "skm/publikasi/hasil.txt": "Hasil SKM semester I\n".encode(),
}


def _admin_url(url):
    """A connection to the server without the test database, to create and drop the restore database."""
    parsed = make_url(url)
    return parsed.set(database="postgres" if parsed.get_backend_name() == "postgresql" else "")


def _target(name):
    """An empty database (and its URL) beside the test database, named after it so parallel runs never collide."""
    parsed = make_url(DATABASE_URL)
    if parsed.get_backend_name() == "sqlite":
        path = os.path.join(TMP, f"{name}.db")
        if os.path.exists(path):
            os.remove(path)
        return f"sqlite:///{path}"
    database = f"{parsed.database}_{name}"
    admin = create_engine(_admin_url(DATABASE_URL), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        quote = '"' if parsed.get_backend_name() == "postgresql" else "`"
        connection.execute(text(f"DROP DATABASE IF EXISTS {quote}{database}{quote}"))
        connection.execute(text(f"CREATE DATABASE {quote}{database}{quote}"))
    admin.dispose()
    return parsed.set(database=database).render_as_string(hide_password=False)


def _app_on(url, uploads):
    from app import create_app

    settings = Config()
    settings.SQLALCHEMY_DATABASE_URI = url
    settings.SQLALCHEMY_ENGINE_OPTIONS = engine_options(url, settings.PANTAU_DB_SCHEMA)
    settings.UPLOAD_FOLDER = uploads
    application = create_app(settings)
    application.config.update(TESTING=True)
    return application


def _rows(url):
    """{table: sorted rows} of every Pantau table in the database at ``url``."""
    engine = create_engine(url)
    with engine.connect() as connection:
        names = [name for name in inspect(connection).get_table_names() if name.startswith(("pantau_", "ab_"))]
        result = {}
        for name in names:
            columns = [column(info["name"]) for info in inspect(connection).get_columns(name)]
            result[name] = sorted(tuple(map(repr, row)) for row in connection.execute(select(table(name, *columns))))
    engine.dispose()
    return result


def _checksums(folder):
    from app.backup.manifest import sha256_of

    found = {}
    for root, _dirs, files in os.walk(folder):
        for name in files:
            path = os.path.join(root, name)
            found[os.path.relpath(path, folder)] = sha256_of(path)
    return found


@pytest.fixture
def uploads(fresh):
    """The demo with its sample complaints, surveys and forums, and a few uploaded files."""
    from app.demo_records import load_demo_records
    from app.extensions import db

    with fresh.app_context():
        load_demo_records()
        db.session.commit()
        db.session.remove()
    root = fresh.config["UPLOAD_FOLDER"]
    for relative, data in UPLOADED.items():
        os.makedirs(os.path.dirname(os.path.join(root, relative)), exist_ok=True)
        with open(os.path.join(root, relative), "wb") as handle:
            handle.write(data)
    yield root
    for relative in UPLOADED:
        os.remove(os.path.join(root, relative))


def _backup(app, output):
    result = app.test_cli_runner().invoke(args=["pantau", "backup", "--output", str(output)])
    assert result.exit_code == 0, result.output
    folder = result.output.strip().splitlines()[-1]
    assert os.path.isfile(os.path.join(folder, "manifest.json"))
    return folder


def test_a_backup_restores_into_an_empty_database_with_every_row_and_file_equal(app, uploads, tmp_path):
    folder = _backup(app, tmp_path / "cadangan")
    manifest = json.load(open(os.path.join(folder, "manifest.json")))
    assert manifest["engine"] == make_url(DATABASE_URL).get_backend_name().replace("mariadb", "mysql")
    assert manifest["alembic_revision"] and manifest["pantau_version"]
    assert manifest["tables"]["pantau_complaint"] > 0 and manifest["tables"]["ab_user"] > 0
    assert {f"uploads/{name}" for name in UPLOADED} <= set(manifest["files"])

    target_url, target_uploads = _target("restore"), str(tmp_path / "uploads-baru")
    target = _app_on(target_url, target_uploads)
    result = target.test_cli_runner().invoke(args=["pantau", "restore", folder])
    assert result.exit_code == 0, result.output
    assert "cocok" in result.output

    source_rows, restored_rows = _rows(DATABASE_URL), _rows(target_url)
    assert set(restored_rows) == set(source_rows)
    for name, rows in source_rows.items():
        assert restored_rows[name] == rows, name
    assert _checksums(target_uploads) == _checksums(uploads)

    again = target.test_cli_runner().invoke(args=["pantau", "restore", folder])
    assert again.exit_code != 0 and "sudah berisi data" in again.output
    forced = target.test_cli_runner().invoke(args=["pantau", "restore", "--force", folder])
    assert forced.exit_code == 0, forced.output
    with target.app_context():
        from app.extensions import db

        db.engine.dispose()


def test_a_damaged_backup_is_refused_and_nothing_is_restored(app, uploads, tmp_path):
    folder = _backup(app, tmp_path / "cadangan")
    with open(os.path.join(folder, "uploads", "complaints", "lampiran-a.pdf"), "r+b") as handle:
        handle.seek(10)
        handle.write(b"X")
    target_url = _target("restore")
    target = _app_on(target_url, str(tmp_path / "uploads-baru"))
    result = target.test_cli_runner().invoke(args=["pantau", "restore", folder])
    assert result.exit_code != 0
    assert "Cadangan rusak" in result.output and "lampiran-a.pdf" in result.output
    assert _rows(target_url) == {}
    assert not os.path.exists(tmp_path / "uploads-baru")

    os.remove(os.path.join(folder, "manifest.json"))
    result = target.test_cli_runner().invoke(args=["pantau", "restore", folder])
    assert result.exit_code != 0 and "manifest.json" in result.output


def test_a_backup_from_a_newer_pantau_is_refused(app, uploads, tmp_path):
    folder = _backup(app, tmp_path / "cadangan")
    path = os.path.join(folder, "manifest.json")
    manifest = json.load(open(path))
    manifest["alembic_revision"] = "9999_masa_depan"
    json.dump(manifest, open(path, "w"))
    target = _app_on(_target("restore"), str(tmp_path / "uploads-baru"))
    result = target.test_cli_runner().invoke(args=["pantau", "restore", folder])
    assert result.exit_code != 0 and "lebih baru" in result.output


def test_a_backup_that_cannot_finish_leaves_no_folder_that_looks_complete(app, uploads, tmp_path):
    output = tmp_path / "penuh"
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (2000, hard))  # every file written beyond 2 KB fails, as on a full disk
    try:
        result = app.test_cli_runner().invoke(args=["pantau", "backup", "--output", str(output)])
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)
    assert result.exit_code != 0 and "Cadangan gagal" in result.output
    assert os.listdir(output) == []


def test_a_missing_client_program_is_named(app, tmp_path, monkeypatch):
    if make_url(DATABASE_URL).get_backend_name() == "sqlite":
        pytest.skip("SQLite needs no client program")
    monkeypatch.setenv("PATH", str(tmp_path))
    result = app.test_cli_runner().invoke(args=["pantau", "backup", "--output", str(tmp_path / "c")])
    assert result.exit_code != 0 and "tidak ditemukan" in result.output
    assert os.listdir(tmp_path / "c") == []


def test_a_backup_of_an_older_schema_is_migrated_forward_after_restore(app, tmp_path):
    from flask_migrate import upgrade

    from app.backup.archive import make_backup
    from app.backup.manifest import head_revision

    older = _app_on(_target("older"), str(tmp_path / "uploads-lama"))
    with older.app_context():
        upgrade(directory=older.extensions["migrate"].directory, revision="0006")
        folder = make_backup(str(tmp_path / "cadangan"))
    assert json.load(open(os.path.join(folder, "manifest.json")))["alembic_revision"] == "0006"

    target_url = _target("restore")
    target = _app_on(target_url, str(tmp_path / "uploads-baru"))
    result = target.test_cli_runner().invoke(args=["pantau", "restore", folder])
    assert result.exit_code == 0, result.output
    assert "0006" in result.output
    with target.app_context():
        from app.extensions import db

        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT version_num FROM pantau_alembic_version")).scalar() == head_revision()
            assert "pantau_backup_schedule" in inspect(connection).get_table_names()
        db.engine.dispose()
    with older.app_context():
        from app.extensions import db

        db.engine.dispose()


def test_a_backup_taken_while_users_write_restores_with_matching_counts(app, uploads, tmp_path):
    """Rows written during the backup are either wholly in it or not: the manifest's counts match the copy."""
    import threading

    from app.models.audit import AuditLog

    stop, written = threading.Event(), []
    writer_engine = create_engine(DATABASE_URL)

    def keep_writing():
        while not stop.is_set():
            try:
                with writer_engine.begin() as connection:
                    connection.execute(AuditLog.__table__.insert(), {"event": "uji", "username": "penulis",
                                                                     "created_at": datetime.datetime(2026, 1, 1)})
                written.append(1)
            except Exception:  # SQLite: the copy holds the file for a moment; try again
                pass

    thread = threading.Thread(target=keep_writing)
    thread.start()
    try:
        folder = _backup(app, tmp_path / "cadangan")
    finally:
        stop.set()
        thread.join()
        writer_engine.dispose()
    assert written

    target = _app_on(_target("restore"), str(tmp_path / "uploads-baru"))
    result = target.test_cli_runner().invoke(args=["pantau", "restore", folder])
    assert result.exit_code == 0, result.output
    with target.app_context():
        from app.extensions import db

        db.engine.dispose()


def test_a_migrated_but_empty_database_takes_a_restore_without_force(app, uploads, tmp_path):
    from flask_migrate import upgrade

    folder = _backup(app, tmp_path / "cadangan")
    target_url = _target("restore")
    target = _app_on(target_url, str(tmp_path / "uploads-baru"))
    with target.app_context():
        upgrade(directory=target.extensions["migrate"].directory)
    result = target.test_cli_runner().invoke(args=["pantau", "restore", folder])
    assert result.exit_code == 0, result.output
    assert _rows(target_url)["pantau_complaint"] == _rows(DATABASE_URL)["pantau_complaint"]
    with target.app_context():
        from app.extensions import db

        db.engine.dispose()
