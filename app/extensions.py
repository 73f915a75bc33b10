"""The extensions Pantau wires into Flask, created here and initialised in create_app."""
import os

from flask_appbuilder import Model
from flask_appbuilder.models.sqla.base import SQLA

db = SQLA(model_class=Model)

MIGRATIONS_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "migrations")


def init_migrations(app):
    """Flask-Migrate for ``app``, once, and its settings; imported only here because Alembic is slow to import and
    only ``flask db``, the set-up and a restore need it."""
    if "migrate" not in app.extensions:
        from flask_migrate import Migrate

        Migrate(app, db, directory=MIGRATIONS_DIR, compare_type=True)
    return app.extensions["migrate"]
