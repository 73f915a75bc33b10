"""Pantau: the admin panel and reporting suite for SKM, FKP and SP4N-LAPOR!"""
from flask import Flask

from config import Config


def create_app(config=None):
    """Build the Flask app: settings, database, AppBuilder with Pantau's views (added later for a command that
    needs none), CLI."""
    app = Flask(__name__, instance_relative_config=True)
    settings = config or Config()
    settings.validate()
    app.config.from_object(settings)
    from app.security.roles import fab_roles
    from app.security.tiers import ADMIN_SISTEM

    app.config.setdefault("AUTH_ROLE_ADMIN", ADMIN_SISTEM)
    app.config.setdefault("AUTH_ROLE_PUBLIC", "Public")
    app.config["FAB_ROLES"] = fab_roles()

    from app import models  # noqa: F401  (registers every table)
    from app import audit  # noqa: F401  (registers the audit hook)
    from app.fkp import history  # noqa: F401  (registers the hook that records every stage change)
    from app.extensions import db, init_migrations
    from app.screens import ScreensBeforeFirstRequest, command_without_screens, init_screens, keep_out_of_collections

    # A command of the flask command line that shows no screen gets a lean app: no views, no Alembic until used.
    lean = command_without_screens()
    db.init_app(app)
    if not lean:
        init_migrations(app)

    from flask_appbuilder import AppBuilder

    appbuilder = AppBuilder(update_perms=app.config["FAB_UPDATE_PERMS"])
    with app.app_context():
        appbuilder.init_app(app, db.session)

    from app.locale import init_formatting, init_locale
    from app.cli import init_cli
    from app.errors import init_errors
    from app.reports import registry
    from app.security.headers import init_headers
    from app.security.totp import init_totp

    registry.load()

    init_locale(app)
    init_formatting(app)
    init_cli(app, lean)
    init_errors(app)
    init_headers(app)
    init_totp(app)
    if app.config["TRUSTED_PROXIES"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        proxies = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    if lean:
        app.wsgi_app = ScreensBeforeFirstRequest(app, app.wsgi_app)
    else:
        init_screens(app)
    keep_out_of_collections()
    return app
