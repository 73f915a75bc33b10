"""Setting a database up for Pantau: migrations, role and permission sync, demo on first start."""
from flask import current_app
from flask_appbuilder.security.manager import BaseSecurityManager
from flask_migrate import upgrade
from sqlalchemy import select

from app.extensions import db
from app.models.org import OrgNode


def sync_roles_and_permissions():
    """Create the tier roles and every view's permissions; safe to run any number of times."""
    appbuilder = current_app.appbuilder
    # The base class's create_db makes the roles only; the SQLA one would also create_all.
    BaseSecurityManager.create_db(appbuilder.sm)
    appbuilder.add_permissions(update_perms=True)
    db.session.commit()


def prepare(load_demo_if_empty=False):
    """Migrate, sync roles, and load the demo into an empty database. Returns True if the demo was loaded."""
    upgrade(directory=current_app.extensions["migrate"].directory)
    sync_roles_and_permissions()
    if load_demo_if_empty and db.session.execute(select(OrgNode.id).limit(1)).first() is None:
        from app.demo import load_demo

        return load_demo()
    return False
