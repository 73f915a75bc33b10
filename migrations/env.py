"""Alembic environment for Pantau.

Pantau may share its database with other applications, so migrations only ever
look at Pantau's own tables (its prefixed tables and FAB's ab_* tables), keep
their own version table, and on PostgreSQL may live in a schema of their own.
"""
import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app
from sqlalchemy import text

from app.models.base import TABLE_PREFIX

config = context.config
fileConfig(config.config_file_name)
logger = logging.getLogger("alembic.env")

target_db = current_app.extensions["migrate"].db
PREFIX = TABLE_PREFIX
SCHEMA = current_app.config.get("PANTAU_DB_SCHEMA")
VERSION_TABLE = PREFIX + "alembic_version"


def is_pantau_table(name):
    return name.startswith(PREFIX) or name.startswith("ab_")


def include_name(name, type_, parent_names):
    """Autogenerate compares only Pantau's tables; every other table in the database is left alone."""
    if type_ == "table":
        return is_pantau_table(name) and name != VERSION_TABLE
    return True


def run_migrations_offline():
    context.configure(
        url=str(target_db.engine.url),
        target_metadata=target_db.metadata,
        literal_binds=True,
        version_table=VERSION_TABLE,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    def process_revision_directives(context_, revision, directives):
        if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
            directives[:] = []
            logger.info("No changes in schema detected.")

    conf_args = dict(current_app.extensions["migrate"].configure_args)
    conf_args.setdefault("process_revision_directives", process_revision_directives)

    with target_db.engine.connect() as connection:
        if SCHEMA and connection.dialect.name == "postgresql":
            connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{SCHEMA}"'))
            connection.commit()
        context.configure(
            connection=connection,
            target_metadata=target_db.metadata,
            include_name=include_name,
            version_table=VERSION_TABLE,
            **conf_args,
        )
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
