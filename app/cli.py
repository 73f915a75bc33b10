"""The `flask pantau ...` commands: set-up, demo, users, translations."""
import os
import subprocess
import sys

import click

from flask.cli import AppGroup

from app.backup import cli as backup_cli

pantau = AppGroup("pantau", help="Perintah Pantau: inisialisasi, demo, pengguna, terjemahan.")
backup_cli.register(pantau)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pantau.command("init")
@click.option("--demo/--no-demo", default=False, help="Muat data demo bila basis data masih kosong.")
def init_command(demo):
    """Migrate the database and sync roles and permissions (run once before starting workers)."""
    from app.demo import demo_logins
    from app.install import prepare

    loaded = prepare(load_demo_if_empty=demo)
    click.echo("Basis data siap; peran dan izin tersinkron.")
    if loaded:
        click.echo("Data demo dimuat.")
        click.echo("\n".join(demo_logins()))


@pantau.command("demo")
def demo_command():
    """Load the demo organisation and one user per tier (not in production)."""
    from app.demo import demo_logins, load_demo

    if load_demo(records=True):
        click.echo("Data demo dimuat.")
    else:
        click.echo("Data demo sudah ada; tidak ada yang diubah.")
    click.echo("\n".join(demo_logins()))


@pantau.command("create-user")
@click.option("--username", required=True, help="Nama pengguna untuk masuk.")
@click.option("--email", required=True)
@click.option("--first-name", required=True)
@click.option("--last-name", default="", show_default=False)
@click.option("--role", "roles", multiple=True, required=True, help="Peran; boleh diulang. Contoh: 'Operator Unit'.")
@click.option("--org", "orgs", multiple=True, help="Kode node organisasi; boleh diulang. Contoh: JTG-DINKES.")
@click.option("--password", envvar="PANTAU_NEW_USER_PASSWORD", required=True, help="Atau variabel PANTAU_NEW_USER_PASSWORD.")
def create_user_command(username, email, first_name, last_name, roles, orgs, password):
    """Create a user with its roles and organisation nodes, without prompting."""
    from app.extensions import db
    from app.users import UserError, create_user

    try:
        user = create_user(username, first_name, last_name or "-", email, password, list(roles), list(orgs))
        db.session.commit()
    except UserError as error:
        db.session.rollback()
        raise click.ClickException(str(error))
    nodes = ", ".join(node.code for node in user.org_nodes) or "seluruh organisasi"
    click.echo(f"Pengguna {user.username} dibuat: {', '.join(r.name for r in user.roles)}; {nodes}")


@pantau.command("reset-two-factor")
@click.argument("username")
def reset_two_factor_command(username):
    """Switch a user's two-factor login off (a lost phone and lost recovery codes); the user enrols again."""
    from sqlalchemy import select

    from app.audit import record_event
    from app.extensions import db
    from app.models.user import PantauUser
    from app.security import totp

    user = db.session.execute(select(PantauUser).where(PantauUser.username == username)).scalar_one_or_none()
    if user is None:
        raise click.ClickException(f"Pengguna {username} tidak ada.")
    totp.switch_off(user)
    record_event("totp_disabled", user=user)
    db.session.commit()
    click.echo(f"Verifikasi dua langkah {username} dinonaktifkan; pengguna perlu mendaftar ulang.")


translate = AppGroup("translate", help="Katalog terjemahan (id, en).")


def _pybabel(*args):
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True, cwd=ROOT)


@translate.command("update")
def translate_update():
    """Extract Pantau's and FAB's strings and merge them into both catalogues."""
    import flask_appbuilder

    fab_dir = os.path.dirname(flask_appbuilder.__file__)
    _pybabel("extract", "-F", "babel.cfg", "-k", "lazy_gettext", "-k", "_l", "-o", "translations/messages.pot", "app", fab_dir)
    _pybabel("update", "-i", "translations/messages.pot", "-d", "translations", "--no-fuzzy-matching")


@translate.command("compile")
def translate_compile():
    """Compile the catalogues into the .mo files the app reads."""
    _pybabel("compile", "-d", "translations", "--use-fuzzy")


class MigrationCommands(click.Group):
    """``flask db ...`` for an app built without Flask-Migrate: Flask-Migrate's own group, Alembic imported on use."""

    def make_context(self, info_name, args, parent=None, **extra):
        from flask import current_app

        from app.extensions import init_migrations

        init_migrations(current_app)  # registers Flask-Migrate's ``db`` group in place of this one
        return current_app.cli.commands["db"].make_context(info_name, args, parent=parent, **extra)


def init_cli(app, lean=False):
    """Add Pantau's command groups; ``lean``: the app was built for the command line without Flask-Migrate."""
    from app.complaints import cli as complaints_cli
    from app.fkp import cli as fkp_cli
    from app.issues import cli as issues_cli
    from app.reports import cli as reports_cli
    from app.skm import cli as skm_cli

    app.cli.add_command(pantau)
    app.cli.add_command(translate)
    if lean:
        app.cli.add_command(MigrationCommands("db", help="Perform database migrations."))
    for area in (complaints_cli, skm_cli, fkp_cli, reports_cli, issues_cli):
        area.register(app)
