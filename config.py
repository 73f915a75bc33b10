"""Pantau settings: defaults for the embedded SQLite database, each overridable by environment.

Every setting is read once, when the app is created. In production mode
(``PANTAU_ENV=production``) a missing or invalid value stops the start with a
message that names the variable; in development the defaults below are used.
"""
import os

BASE_DIR = os.path.abspath(os.path.dirname(__file__))


class ConfigError(RuntimeError):
    """A setting is missing or invalid; the message names the variable."""


def env_str(name, default=None):
    value = os.environ.get(name)
    return default if value is None or value == "" else value


def env_int(name, default):
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name} harus berupa bilangan bulat (must be an integer), bukan {raw!r}")


def env_bool(name, default):
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in ("1", "true", "yes", "ya", "on"):
        return True
    if lowered in ("0", "false", "no", "tidak", "off"):
        return False
    raise ConfigError(f"{name} harus true/false (must be true or false), bukan {raw!r}")


DEV_SECRET_KEY = "pantau-development-only-key"


class Config:
    """Settings read from the environment with development defaults."""

    def __init__(self):
        self.PANTAU_ENV = env_str("PANTAU_ENV", "development")
        self.SQLALCHEMY_DATABASE_URI = normalise_database_url(
            env_str("DATABASE_URL", "sqlite:///" + os.path.join(BASE_DIR, "instance", "pantau.db"))
        )
        self.SECRET_KEY = env_str("SECRET_KEY", DEV_SECRET_KEY)
        self.PANTAU_DB_SCHEMA = env_str("PANTAU_DB_SCHEMA")
        self.UPLOAD_FOLDER = env_str("UPLOAD_FOLDER", os.path.join(BASE_DIR, "instance", "uploads"))
        self.MAX_CONTENT_LENGTH = env_int("MAX_UPLOAD_MB", 20) * 1024 * 1024
        self.BABEL_DEFAULT_LOCALE = env_str("DEFAULT_LANGUAGE", "id")
        self.BABEL_DEFAULT_TIMEZONE = "Asia/Jakarta"
        self.PANTAU_TIMEZONE = env_str("PANTAU_TIMEZONE", "Asia/Jakarta")

        self.MAIL_SERVER = env_str("SMTP_HOST", "localhost")
        self.MAIL_PORT = env_int("SMTP_PORT", 25)
        self.MAIL_USE_TLS = env_bool("SMTP_STARTTLS", False)
        self.MAIL_USE_SSL = env_bool("SMTP_SSL", False)
        self.MAIL_USERNAME = env_str("SMTP_USER")
        self.MAIL_PASSWORD = env_str("SMTP_PASSWORD")
        self.MAIL_DEFAULT_SENDER = env_str("SMTP_SENDER", "pantau@localhost")
        self.MAIL_DRY_RUN = env_bool("MAIL_DRY_RUN", False)

        # Limits on uploaded files (README "Batas berkas unggahan"); bombs are refused before decoding.
        self.IMAGE_MAX_MEGAPIXELS = env_int("IMAGE_MAX_MEGAPIXELS", 40)
        self.IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 200_000)
        self.IMPORT_MAX_CELL_CHARS = env_int("IMPORT_MAX_CELL_CHARS", 32_767)
        self.IMPORT_MAX_UNCOMPRESSED_MB = env_int("IMPORT_MAX_UNCOMPRESSED_MB", 100)
        self.IMPORT_MAX_RATIO = env_int("IMPORT_MAX_RATIO", 100)
        self.IMPORT_MAX_BODY_CHARS = env_int("IMPORT_MAX_BODY_CHARS", 20_000)
        # Imports of larger files, and exports of more rows, run in the scheduler process (app/background.py).
        self.BACKGROUND_IMPORT_KB = env_int("BACKGROUND_IMPORT_KB", 1024)
        self.BACKGROUND_EXPORT_ROWS = env_int("BACKGROUND_EXPORT_ROWS", 5000)
        # The dashboard's kept figures (app/dashboard.py): recomputed by the scheduler when older than this, each pass
        # of the scheduler's job computing for at most DASHBOARD_BUDGET_SECONDS.
        self.DASHBOARD_REFRESH_SECONDS = env_int("DASHBOARD_REFRESH_SECONDS", 300)
        self.DASHBOARD_BUDGET_SECONDS = env_int("DASHBOARD_BUDGET_SECONDS", 120)

        self.TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", 0)
        self.LOGIN_MAX_FAILURES = env_int("LOGIN_MAX_FAILURES", 5)
        self.LOGIN_LOCK_MINUTES = env_int("LOGIN_LOCK_MINUTES", 15)
        self.LOGIN_ADDRESS_MAX_FAILURES = env_int("LOGIN_ADDRESS_MAX_FAILURES", 20)
        self.LOGIN_ADDRESS_WINDOW_MINUTES = env_int("LOGIN_ADDRESS_WINDOW_MINUTES", 5)
        self.TOTP_REQUIRED = env_bool("TOTP_REQUIRED", False)

        self.APP_NAME = "Pantau"
        self.APP_ICON = ""
        self.APP_THEME = ""
        self.AUTH_TYPE = 1  # AUTH_DB
        self.FAB_SECURITY_MANAGER_CLASS = "app.security.manager.PantauSecurityManager"
        self.FAB_INDEX_VIEW = "app.views.home.HomeView"
        self.FAB_ADD_SECURITY_VIEWS = True
        self.FAB_ADD_SECURITY_API = False
        self.FAB_API_SWAGGER_UI = False
        # The schema comes from Alembic only; permissions are synced by `flask pantau init`.
        self.FAB_CREATE_DB = False
        self.FAB_UPDATE_PERMS = env_bool("FAB_UPDATE_PERMS", False)
        self.FAB_PASSWORD_HASH_METHOD = env_str("PASSWORD_HASH_METHOD", "scrypt")
        self.WTF_CSRF_ENABLED = True
        self.WTF_CSRF_TIME_LIMIT = None
        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        self.SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", self.PANTAU_ENV == "production")
        self.LANGUAGES = {
            "id": {"flag": "id", "name": "Bahasa Indonesia"},
            "en": {"flag": "gb", "name": "English"},
        }
        self.BABEL_TRANSLATION_DIRECTORIES = os.path.join(BASE_DIR, "translations")
        self.SQLALCHEMY_TRACK_MODIFICATIONS = False
        self.SQLALCHEMY_ENGINE_OPTIONS = engine_options(
            self.SQLALCHEMY_DATABASE_URI, self.PANTAU_DB_SCHEMA
        )

    def validate(self):
        """Refuse to start in production with a missing or unsafe setting."""
        if self.PANTAU_ENV not in ("development", "production", "test"):
            raise ConfigError(f"PANTAU_ENV harus development, production atau test, bukan {self.PANTAU_ENV!r}")
        if self.BABEL_DEFAULT_LOCALE not in self.LANGUAGES:
            raise ConfigError(f"DEFAULT_LANGUAGE harus salah satu dari {sorted(self.LANGUAGES)}, bukan {self.BABEL_DEFAULT_LOCALE!r}")
        if self.MAIL_USE_TLS and self.MAIL_USE_SSL:
            raise ConfigError("SMTP_STARTTLS dan SMTP_SSL tidak boleh aktif bersamaan (choose one)")
        if not self.SQLALCHEMY_DATABASE_URI.split(":", 1)[0].split("+", 1)[0] in ("sqlite", "postgresql", "mysql", "mariadb"):
            raise ConfigError("DATABASE_URL harus sqlite://, postgresql+psycopg:// atau mysql+pymysql://")
        if self.PANTAU_ENV != "production":
            return
        for name in ("DATABASE_URL", "SECRET_KEY", "SMTP_HOST", "SMTP_SENDER", "UPLOAD_FOLDER"):
            if not os.environ.get(name):
                raise ConfigError(f"{name} wajib diisi pada mode produksi (required in production)")
        if self.SECRET_KEY == DEV_SECRET_KEY or len(self.SECRET_KEY) < 32:
            raise ConfigError("SECRET_KEY harus acak dan minimal 32 karakter (must be random, 32+ characters)")


def normalise_database_url(url):
    """Name the drivers Pantau ships: psycopg 3 for PostgreSQL, PyMySQL for MariaDB/MySQL."""
    for bare, explicit in (
        ("postgres://", "postgresql+psycopg://"),
        ("postgresql://", "postgresql+psycopg://"),
        ("mysql://", "mysql+pymysql://"),
        ("mariadb://", "mysql+pymysql://"),
    ):
        if url.startswith(bare):
            url = explicit + url[len(bare):]
            break
    if url.startswith("mysql") and "charset=" not in url:
        url += ("&" if "?" in url else "?") + "charset=utf8mb4"
    return url


def engine_options(url, schema):
    """Engine options per database: a dedicated PostgreSQL schema, utf8mb4 on MariaDB."""
    options = {"pool_pre_ping": True}
    if url.startswith("postgresql") and schema:
        options["connect_args"] = {"options": f"-csearch_path={schema}"}
    if url.startswith(("mysql", "mariadb")):
        options["pool_recycle"] = 3600
    return options
