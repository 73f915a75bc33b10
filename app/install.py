"""Setting a database up for Pantau: migrations, role and permission sync, demo on first start."""
from flask import current_app
from sqlalchemy import select

from app.extensions import db, init_migrations
from app.models.org import OrgNode
from app.reports.catalogues import seed_catalogues
from app.security.tiers import TIERS


def sync_roles_and_permissions():
    """Create the tier roles and every view's permissions, and load the national reference catalogues
    (PEKPPP instrument, MCP starter catalogue); safe to run any number of times."""
    from app.screens import init_screens

    init_screens(current_app)  # the permissions are those of the screens
    appbuilder = current_app.appbuilder
    # The tiers are FAB builtin roles: their permissions live in memory (FAB_ROLES), so only the
    # role rows are needed. FAB's create_db would also store each regex as a permission row.
    for name in TIERS + [appbuilder.sm.auth_role_public]:
        if appbuilder.sm.find_role(name) is None:
            appbuilder.sm.add_role(name)
    seed_catalogues()
    appbuilder.add_permissions(update_perms=True)
    db.session.commit()


def prepare(load_demo_if_empty=False):
    """Migrate, sync roles, and load the demo into an empty database. Returns True if the demo was loaded."""
    from flask_migrate import upgrade

    upgrade(directory=init_migrations(current_app).directory)
    sync_roles_and_permissions()
    if load_demo_if_empty and db.session.execute(select(OrgNode.id).limit(1)).first() is None:
        from app.demo import load_demo

        return load_demo(records=True)
    return False
