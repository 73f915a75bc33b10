"""`flask complaints ...` commands: LAPOR! import, reminders, deadline recomputation, figures."""
import datetime
import json

import click
from flask.cli import AppGroup

complaints = AppGroup("complaints", help="Pengaduan SP4N-LAPOR!: impor, pengingat, batas waktu, angka.")


def _instansi(code):
    from sqlalchemy import select

    from app.extensions import db
    from app.models.org import OrgLevel, OrgNode

    node = db.session.execute(select(OrgNode).where(OrgNode.code == code.strip().upper())).scalar_one_or_none()
    if node is None or node.level != OrgLevel.INSTANSI:
        raise click.ClickException(f"Instansi {code!r} tidak ditemukan.")
    return node


@complaints.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--instansi", "code", required=True, help="Kode instansi tujuan, mis. JATENG.")
@click.option("--dry-run", is_flag=True, help="Periksa dan hitung saja; tidak menyimpan apa pun.")
@click.option("--mapping", type=click.Path(exists=True, dir_okay=False),
              help="JSON {kolom Pantau: [judul kolom di berkas, ...]} pengganti pemetaan bawaan.")
def import_command(path, code, dry_run, mapping):
    """Import a LAPOR! export (XLSX/CSV): all rows or none, keyed on the tracking ID."""
    import time

    from app.complaints.importer import ImportRefused, import_file
    from app.imports import ImportStopped, lock_name, run_import

    node = _instansi(code)
    with open(path, "rb") as handle:
        data = handle.read()
    columns = json.load(open(mapping)) if mapping else None
    started = time.perf_counter()
    try:
        result = run_import(lock_name("lapor", node.id), dry_run,
                            lambda: import_file(path, data, node, dry_run=dry_run, mapping=columns))
    except ImportRefused as error:
        for row, reason in error.result.problems:
            click.echo(f"baris {row}: {reason}", err=True)
        raise click.ClickException(str(error))
    except ImportStopped as error:
        raise click.ClickException(str(error))
    seconds = time.perf_counter() - started
    verb = "akan dibuat" if dry_run else "dibuat"
    click.echo(f"{result.rows} baris; {verb} {result.created}, diperbarui {result.updated}, "
               f"tidak berubah {result.unchanged}; {seconds:.1f} detik"
               + (" (uji coba, tidak disimpan)" if dry_run else ""))
    if result.new_categories:
        click.echo("Kategori baru: " + ", ".join(result.new_categories))


@complaints.command("remind")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), help="Tanggal acuan (bawaan: hari ini).")
def remind_command(today):
    """E-mail one digest per responsible person of the complaints due within 1 working day or overdue."""
    from app.complaints.reminders import send_reminders

    result = send_reminders(today.date() if today else None)
    click.echo(f"{result['messages']} surel dikirim untuk {result['complaints']} pengaduan; gagal {result['failed']}.")


@complaints.command("recompute")
@click.option("--instansi", "code", required=True)
def recompute_command(code):
    """Recompute the deadlines of every open complaint of an instansi (after a calendar change)."""
    from app.complaints.deadlines import recompute_instansi
    from app.extensions import db

    changed = recompute_instansi(_instansi(code).id)
    db.session.commit()
    click.echo(f"Batas waktu {changed} pengaduan berubah.")


@complaints.command("figures")
@click.option("--instansi", "code", required=True)
@click.option("--start", type=click.DateTime(formats=["%Y-%m-%d"]), required=True)
@click.option("--end", type=click.DateTime(formats=["%Y-%m-%d"]), required=True)
@click.option("--as-of", "as_of", default=None, help="Tanggal keadaan TTTT-BB-HH (bawaan: akhir --end).")
def figures_command(code, start, end, as_of):
    """Print the complaint figures of an instansi for a period as at a cut-off, as JSON."""
    from app.complaints.figures import complaint_figures
    from app.cutoff import CutoffError, check_cutoff_date, end_of_day, parse_cutoff_date
    from app.scope import Scope

    cutoff = None
    if as_of:
        try:
            day = parse_cutoff_date(as_of)
            check_cutoff_date(start.date(), day)
        except CutoffError as error:
            raise click.ClickException(str(error))
        cutoff = end_of_day(day)
    figures = complaint_figures(Scope.of_nodes([_instansi(code)]), start.date(), end.date(), as_of=cutoff)
    for name in ("overdue", "older_overdue"):
        figures[name] = [{"tracking_number": s.tracking_number, "status": s.status.value, "due": s.active_due}
                         for s in figures[name]]
    figures["as_of"] = figures["as_of"].isoformat(timespec="seconds")
    click.echo(json.dumps(figures, default=lambda v: v.isoformat() if isinstance(v, datetime.date) else str(v),
                          indent=2, ensure_ascii=False))


def register(app):
    """Add this area's commands to the `flask` CLI."""
    app.cli.add_command(complaints)
