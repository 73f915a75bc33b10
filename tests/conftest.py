"""Fixtures: one real database per run (SQLite, PostgreSQL or MariaDB), migrated by Alembic.

Choose the engine with PANTAU_TEST_DATABASE_URL (default: a SQLite file in a
temporary folder). The test database is emptied at the start of the run, then a
foreign table is planted in it before Pantau's migrations run, to prove that
Pantau installs beside other applications without touching their tables.
"""
import email
import email.policy
import os
import re
import socket
import tempfile

import pytest
from flask.testing import FlaskClient

TMP = tempfile.mkdtemp(prefix="pantau-test-")
DATABASE_URL = os.environ.get("PANTAU_TEST_DATABASE_URL") or f"sqlite:///{TMP}/pantau.db"

os.environ.update(
    {
        "PANTAU_ENV": "test",
        "DATABASE_URL": DATABASE_URL,
        "SECRET_KEY": "test-secret-key-that-is-long-enough-123",
        "UPLOAD_FOLDER": os.path.join(TMP, "uploads"),
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "DEFAULT_LANGUAGE": "id",
    }
)

from sqlalchemy import create_engine, inspect, text  # noqa: E402

from app.demo import DEMO_PASSWORD  # noqa: E402

LEGACY_TABLE = "legacy_kepegawaian"
KEPT_TABLES = {"ab_permission", "ab_view_menu", "ab_permission_view", "ab_permission_view_role", "ab_role"}


def empty_database(url):
    """Drop every table in the test database, ours and anything left from an earlier run."""
    engine = create_engine(url)
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        elif conn.dialect.name == "mysql":
            conn.execute(text("SET FOREIGN_KEY_CHECKS=0"))
            for name in inspect(conn).get_table_names():
                conn.execute(text(f"DROP TABLE `{name}`"))
            conn.execute(text("SET FOREIGN_KEY_CHECKS=1"))
    engine.dispose()


def plant_foreign_tables(url):
    """Another application's tables, including its own alembic_version, already in the database."""
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text(f"CREATE TABLE {LEGACY_TABLE} (id INTEGER PRIMARY KEY, nama VARCHAR(50))"))
        conn.execute(text(f"INSERT INTO {LEGACY_TABLE} (id, nama) VALUES (1, 'Pegawai Lama'), (2, 'Pegawai Baru')"))
        conn.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"))
        conn.execute(text("INSERT INTO alembic_version (version_num) VALUES ('legacy_app_42')"))
    engine.dispose()


class IsolatedClient(FlaskClient):
    """A test client whose every request runs in its own app context, as in production.

    Without this, a request made while a test holds an app context would share
    that context's ``g`` (the logged-in user, the cached scope) and database session.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture(scope="session")
def app():
    empty_database(DATABASE_URL)
    plant_foreign_tables(DATABASE_URL)
    from app import create_app
    from app.install import prepare

    application = create_app()
    application.config.update(TESTING=True)
    application.test_client_class = IsolatedClient
    with application.app_context():
        prepare(load_demo_if_empty=True)
    yield application
    from app.extensions import db

    with application.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def db(app):
    """The database session of the test, in an app context of its own.

    To see what a request wrote, call ``db.session.rollback()`` first: it ends the
    test's transaction, and MariaDB reads repeatably within one transaction.
    """
    from app.extensions import db as database

    with app.app_context():
        yield database
        database.session.rollback()


def reset_data(app):
    """Empty every Pantau table but the permission bookkeeping, and load the demo again."""
    from app.demo import load_demo
    from app.extensions import db as database

    with app.app_context():
        database.session.remove()
        metadata = database.metadata
        with database.engine.begin() as conn:
            if conn.dialect.name == "mysql":  # MariaDB checks a self-reference row by row
                conn.execute(text("SET FOREIGN_KEY_CHECKS=0"))
            for table in reversed(metadata.sorted_tables):
                if table.name not in KEPT_TABLES:
                    conn.execute(table.delete())
            if conn.dialect.name == "mysql":
                conn.execute(text("SET FOREIGN_KEY_CHECKS=1"))
        load_demo()
        database.session.remove()


def compute_dashboards(app, warm=True):
    """What the scheduler's dashboard job does on its next pass, done now and from the data as it is: every kept
    dashboard (asked for by a page, or, with ``warm``, of a user who logged in or was created lately) computed
    again."""
    from app.dashboard import refresh
    from app.extensions import db as database
    from app.models.dashboard import DashboardFigures

    with app.app_context():
        DashboardFigures.mark_stale()
        database.session.commit()
        result = refresh(budget_seconds=3600, warm=warm)
        database.session.remove()
    return result


def dashboard_page(client, url="/dashboard/"):
    """The dashboard at ``url`` as its reader sees it once the scheduler has computed it: the first visit asks for the
    figures, the scheduler's pass computes them, the second visit shows them."""
    client.get(url)
    compute_dashboards(client.application, warm=False)
    return client.get(url).get_data(as_text=True)


@pytest.fixture
def fresh(app):
    """A test that writes gets the demo data as it was loaded, and leaves it so for the next."""
    reset_data(app)
    yield app
    reset_data(app)


@pytest.fixture
def showcase(fresh, app):
    """The full demo: complaints in every status for both instansi, open SKM periods, forums, schedules."""
    from app.demo_records import load_demo_records
    from app.extensions import db

    with app.app_context():
        load_demo_records()
        db.session.commit()
        db.session.remove()
    return app


@pytest.fixture
def client(app):
    return app.test_client()


def csrf_token(client, url=None):
    """The CSRF token of the form at ``url`` (default: a form every logged-in user has), as a browser reads it."""
    if url is None:
        page = client.get("/userinfoeditview/form")
        url = "/userinfoeditview/form" if page.status_code == 200 else "/login/"
    html = client.get(url).get_data(as_text=True)
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', html
    )
    assert match, f"no CSRF token on {url}"
    return match.group(1)


def login(client, username, password=DEMO_PASSWORD):
    token = csrf_token(client, "/login/")
    return client.post("/login/", data={"username": username, "password": password, "csrf_token": token})


def logout(client):
    return client.get("/logout/")


@pytest.fixture
def as_user(app):
    """A logged-in test client per demo username: ``as_user("operator.rsud")``."""
    clients = []

    def make(username):
        test_client = app.test_client()
        response = login(test_client, username)
        assert response.status_code == 302 and "/login" not in response.headers["Location"], f"login {username} failed"
        clients.append(test_client)
        return test_client

    yield make


class Inbox:
    """What a real SMTP server (aiosmtpd) on 127.0.0.1 received: (recipients, message) pairs."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 OK"

    def take(self):
        """The messages received so far, emptying the inbox."""
        taken, self.messages = self.messages, []
        return taken


def plain_bodies(messages):
    """{first recipient: plain-text body} of ``messages``."""
    return {recipients[0]: message.get_body(preferencelist=("plain",)).get_content() for recipients, message in messages}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def inbox(app):
    """A real SMTP server on 127.0.0.1; the app sends its mail there for the duration of the test."""
    from aiosmtpd.controller import Controller

    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    keys = ("MAIL_SERVER", "MAIL_PORT", "MAIL_USE_TLS", "MAIL_USE_SSL", "MAIL_USERNAME", "MAIL_DRY_RUN")
    saved = {key: app.config[key] for key in keys}
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, MAIL_USE_TLS=False, MAIL_USE_SSL=False,
                      MAIL_USERNAME=None, MAIL_DRY_RUN=False)
    yield handler
    app.config.update(saved)
    controller.stop()


class FrozenClock:
    """Pantau's wall clock held still at one instant (``app.clock.wall_clock`` is the only call to the system clock)."""

    def __init__(self):
        self.instant = None

    def set(self, instant):
        """Stop the clock at ``instant`` (a timezone-aware datetime; a naive one is taken as UTC)."""
        import datetime

        if instant.tzinfo is None:
            instant = instant.replace(tzinfo=datetime.timezone.utc)
        self.instant = instant
        return instant

    def now(self):
        import datetime

        return self.instant if self.instant is not None else datetime.datetime.now(datetime.timezone.utc)


@pytest.fixture
def clock(monkeypatch):
    """Freeze time for the whole app: ``clock.set(datetime(2026, 3, 2, 18, 0, tzinfo=timezone.utc))``."""
    frozen = FrozenClock()
    monkeypatch.setattr("app.clock.wall_clock", frozen.now)
    return frozen
