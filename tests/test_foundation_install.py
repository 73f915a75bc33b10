"""Installing Pantau: settings that fail loudly, migrations that leave other applications' tables alone."""
import pytest
from sqlalchemy import inspect, text

from config import Config, ConfigError, normalise_database_url
from tests.conftest import LEGACY_TABLE


def test_migrations_leave_other_applications_tables_alone(app, db):
    rows = db.session.execute(text(f"SELECT id, nama FROM {LEGACY_TABLE} ORDER BY id")).all()
    assert [tuple(r) for r in rows] == [(1, "Pegawai Lama"), (2, "Pegawai Baru")]
    other_version = db.session.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    assert other_version == "legacy_app_42"


def test_pantau_keeps_its_own_migration_version(app, db):
    from alembic.script import ScriptDirectory
    from flask_migrate import Config as AlembicConfig

    config = AlembicConfig(app.extensions["migrate"].directory + "/alembic.ini")
    config.set_main_option("script_location", app.extensions["migrate"].directory)
    head = ScriptDirectory.from_config(config).get_current_head()
    ours = db.session.execute(text("SELECT version_num FROM pantau_alembic_version")).scalar_one()
    assert ours == head


def test_every_pantau_table_has_the_prefix_or_is_fab_s(app, db):
    names = inspect(db.engine).get_table_names()
    ours = [n for n in names if n not in (LEGACY_TABLE, "alembic_version")]
    assert ours and all(n.startswith(("pantau_", "ab_")) for n in ours), ours


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    monkeypatch.setenv("PANTAU_ENV", "production")
    monkeypatch.setenv("DATABASE_URL", "postgresql://pantau@db/pantau")
    monkeypatch.setenv("SMTP_HOST", "mail.example.id")
    monkeypatch.setenv("SMTP_SENDER", "pantau@example.id")
    monkeypatch.setenv("UPLOAD_FOLDER", "/var/lib/pantau")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        Config().validate()
    monkeypatch.setenv("SECRET_KEY", "short")
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        Config().validate()
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    Config().validate()


def test_production_names_each_missing_setting(monkeypatch):
    monkeypatch.setenv("PANTAU_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("DATABASE_URL", "postgresql://pantau@db/pantau")
    monkeypatch.setenv("SMTP_SENDER", "pantau@example.id")
    monkeypatch.setenv("UPLOAD_FOLDER", "/var/lib/pantau")
    monkeypatch.delenv("SMTP_HOST", raising=False)
    with pytest.raises(ConfigError, match="SMTP_HOST"):
        Config().validate()


def test_invalid_numbers_and_flags_are_named(monkeypatch):
    monkeypatch.setenv("SMTP_PORT", "dua lima")
    with pytest.raises(ConfigError, match="SMTP_PORT"):
        Config()
    monkeypatch.setenv("SMTP_PORT", "25")
    monkeypatch.setenv("SMTP_STARTTLS", "mungkin")
    with pytest.raises(ConfigError, match="SMTP_STARTTLS"):
        Config()


def test_database_urls_name_the_shipped_drivers():
    assert normalise_database_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_database_url("mysql://root@h/db") == "mysql+pymysql://root@h/db?charset=utf8mb4"
    assert normalise_database_url("sqlite:///x.db") == "sqlite:///x.db"


def test_demo_users_and_organisation_exist(app, db):
    from app.models.org import OrgLevel, OrgNode
    from sqlalchemy import func, select

    def count(level):
        return db.session.execute(select(func.count()).where(OrgNode.level == level, OrgNode.path.startswith("/JATENG/"))).scalar_one()

    assert count(OrgLevel.OPD) >= 8
    assert count(OrgLevel.UNIT) >= 25
    for username in ("admin", "admin.instansi", "penghubung.dinkes", "operator.rsud", "pimpinan"):
        assert app.appbuilder.sm.find_user(username=username) is not None
