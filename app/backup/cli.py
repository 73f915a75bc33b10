"""The `flask pantau backup` and `flask pantau restore` commands (what they need is imported when they run)."""
import click
from flask.cli import with_appcontext


def _progress(message):
    click.echo(message)


@click.command("backup")
@click.option("--output", required=True, type=click.Path(file_okay=False),
              help="Folder tujuan; cadangan ditulis ke subfolder pantau-YYYYMMDD-HHMMSS di dalamnya.")
@with_appcontext
def backup_command(output):
    """Back up the database and the upload folder into a new folder under OUTPUT, with a manifest."""
    from flask_babel import gettext as _

    from app.backup.archive import make_backup
    from app.backup.engines import BackupError

    try:
        path = make_backup(output, _progress)
    except BackupError as error:
        raise click.ClickException(_("Cadangan gagal: %(error)s", error=error))
    click.echo(path)


@click.command("restore")
@click.argument("folder", type=click.Path(file_okay=False))
@click.option("--force", is_flag=True, default=False, help="Timpa basis data dan folder unggahan yang sudah berisi.")
@with_appcontext
def restore_command(folder, force):
    """Restore a backup FOLDER into an empty database and upload folder, migrate forward and verify."""
    from flask_babel import gettext as _

    from app.backup.archive import restore_backup
    from app.backup.engines import BackupError
    from app.locale import number

    try:
        manifest = restore_backup(folder, force=force, progress=_progress)
    except BackupError as error:
        raise click.ClickException(_("Pemulihan ditolak atau gagal: %(error)s", error=error))
    click.echo(_("Pemulihan selesai: %(rows)s baris, %(files)s berkas.",
                 rows=number(sum(manifest["tables"].values())), files=number(len(manifest["files"]) - 1)))


def register(group):
    group.add_command(backup_command)
    group.add_command(restore_command)
