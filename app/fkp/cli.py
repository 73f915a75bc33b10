"""`flask fkp ...` commands: seed the unsur masyarakat, send agreement reminders, print figures."""
import datetime
import json

import click
from flask.cli import AppGroup

fkp = AppGroup("fkp", help="Forum Konsultasi Publik: unsur masyarakat, pengingat, angka laporan.")


def _date(value):
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        raise click.BadParameter(f"tanggal harus YYYY-MM-DD, bukan {value!r}")


@fkp.command("seed-elements")
@click.option("--instansi", "codes", multiple=True, help="Kode instansi; boleh diulang. Default: semua instansi.")
def seed_elements_command(codes):
    """Give each instansi the starter list of unsur masyarakat and the default frequency (idempotent)."""
    from app.extensions import db
    from app.fkp.elements import seed_all

    added = seed_all(codes)
    db.session.commit()
    for code, count in added.items():
        click.echo(f"{code}: {count} unsur ditambahkan")
    if not added:
        click.echo("Tidak ada instansi yang cocok.")


@fkp.command("demo")
def demo_command():
    """Seed the unsur masyarakat and add demo forums in different stages to the demo units; idempotent."""
    from app.extensions import db
    from app.fkp.demo import DemoRefused, load_fkp_demo

    try:
        created = load_fkp_demo()
    except DemoRefused as error:
        db.session.rollback()
        raise click.ClickException(str(error))
    click.echo(f"Forum demo dibuat: {created}")


@fkp.command("remind")
@click.option("--date", "today", help="Tanggal acuan YYYY-MM-DD (default: hari ini).")
@click.option("--days-ahead", type=int, default=None, help="Ingatkan yang jatuh tempo dalam N hari (default 7).")
def remind_command(today, days_ahead):
    """Send one digest per recipient about agreements due soon or overdue; each reminder goes once."""
    from app.fkp.reminders import send_reminders

    result = send_reminders(today=_date(today), days_ahead=days_ahead)
    click.echo(f"Surel terkirim: {result['messages']}; pengingat: {result['items']}; tidak terkirim: {result['skipped']}")


@fkp.command("figures")
@click.option("--start", required=True, help="Tanggal awal YYYY-MM-DD.")
@click.option("--end", required=True, help="Tanggal akhir YYYY-MM-DD.")
@click.option("--as-of", "as_of", default=None, help="Keadaan per akhir tanggal YYYY-MM-DD (default: akhir --end).")
def figures_command(start, end, as_of):
    """Print the FKP figures of the whole organisation for a date range as at a cut-off (JSON)."""
    from app.cutoff import end_of_day
    from app.fkp.figures import fkp_figures
    from app.scope import Scope

    cutoff = end_of_day(_date(as_of) or _date(end))
    figures = fkp_figures(Scope.everything(), _date(start), _date(end), as_of=cutoff)
    figures["as_of"] = cutoff
    click.echo(json.dumps(figures, default=str, indent=2, ensure_ascii=False))


def register(app):
    """Add this area's commands to the `flask` CLI."""
    app.cli.add_command(fkp)
