"""`flask reports ...` (build, catalogues, schedules) and `flask scheduler` (the one scheduler process)."""
import datetime
import logging
import sys

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import select

reports = AppGroup("reports", help="Laporan kepatuhan: buat laporan, muat katalog, jadwal bawaan.")


def _node(code):
    from app.extensions import db
    from app.models.org import OrgNode

    node = db.session.execute(select(OrgNode).where(OrgNode.code == (code or "").strip().upper())).scalar_one_or_none()
    if node is None:
        raise click.ClickException(f"Node organisasi {code} tidak ditemukan.")
    return node


def _moment(value):
    """--now: an ISO date-time in UTC (for re-running a pass as of a past moment)."""
    if value is None:
        return None
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("gunakan format ISO, contoh 2025-10-07T01:00:00 (UTC)")
    if moment.tzinfo is not None:
        moment = moment.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return moment


@reports.command("build")
@click.option("--kind", required=True, help="Jenis laporan, contoh: paket, laporan-skm, rekap-sp4n, berita-acara.")
@click.option("--scope", "scope_code", default=None, help="Kode node organisasi, contoh: JATENG (boleh kosong dengan --forum).")
@click.option("--period", default=None, help="Periode: 2025-Q3, 2025-H1 atau 2025 (boleh kosong dengan --forum).")
@click.option("--forum", "forum_id", default=None, type=int, help="Id forum FKP, untuk laporan-fkp dan berita-acara.")
@click.option("--output", required=True, type=click.Path(dir_okay=False, writable=True), help="Berkas keluaran (.xlsx/.docx).")
@click.option("--language", default="id", type=click.Choice(["id", "en"]), show_default=True)
@click.option("--as-of", "as_of", default=None,
              help="Tanggal keadaan TTTT-BB-HH, atau 'build' untuk keadaan saat dibuat (bawaan: akhir periode).")
def build_command(kind, scope_code, period, forum_id, output, language, as_of):
    """Build one report now, synchronously, to a file (nothing is queued or mailed)."""
    from app.cutoff import AT_BUILD, CutoffError, parse_cutoff_date
    from app.extensions import db
    from app.models.fkp import FkpForum
    from app.reports.runs import RunError, build_now

    forum = None
    if forum_id is not None:
        forum = db.session.get(FkpForum, forum_id)
        if forum is None:
            raise click.ClickException(f"Forum {forum_id} tidak ditemukan.")
    if scope_code is None and forum is None:
        raise click.ClickException("Isi --scope (atau --forum untuk laporan-fkp dan berita-acara).")
    if period is None and forum is None:
        raise click.ClickException("Isi --period, contoh 2025-Q3.")
    node = _node(scope_code) if scope_code else forum.unit
    try:
        spec = None if as_of is None else AT_BUILD if as_of == AT_BUILD else parse_cutoff_date(as_of)
        summary = build_now(kind, node, period, output, language, forum, as_of=spec)
        db.session.commit()  # a berita acara number given by this build is kept
    except (RunError, CutoffError) as error:
        raise click.ClickException(str(error))
    click.echo(f"Laporan ditulis ke {output}")
    for section in summary.get("sections", [summary]):
        for item in section.get("headlines", []):
            click.echo(f"  {item['label']}: {item['value']}")


@reports.command("kinds")
def kinds_command():
    """List the report kinds that can be built now."""
    from app.reports.registry import choices

    for code, label in choices():
        click.echo(f"{code}\t{label}")


@reports.command("seed-catalogues")
def seed_catalogues_command():
    """Load the PEKPPP 2022 instrument and the example MCP catalogue (adds only what is missing)."""
    from app.extensions import db
    from app.reports.catalogues import seed_catalogues

    added = seed_catalogues()
    db.session.commit()
    click.echo(f"Katalog dimuat: {added} baris baru.")


@reports.command("seed-schedules")
@click.option("--instansi", "instansi_code", required=True, help="Kode instansi, contoh: JATENG.")
@click.option("--recipients", default=None, help="Penerima, dipisah koma (bawaan: surel instansi).")
@click.option("--language", default="id", type=click.Choice(["id", "en"]), show_default=True)
def seed_schedules_command(instansi_code, recipients, language):
    """Create the default schedules: the package after each triwulan and semester, on the 5th working day."""
    from app.extensions import db
    from app.reports.schedules import ScheduleError, seed_defaults

    instansi = _node(instansi_code)
    recipients = recipients or instansi.email
    if not recipients:
        raise click.ClickException("Instansi belum punya alamat surel; isi --recipients.")
    try:
        created = seed_defaults(instansi, recipients, language)
        db.session.commit()
    except ScheduleError as error:
        db.session.rollback()
        raise click.ClickException(str(error))
    click.echo(f"Jadwal baru: {len(created)} (yang sudah ada tidak diubah).")


@reports.command("run-queued")
@click.option("--now", default=None, help="Waktu UTC (ISO) untuk pemeriksaan; bawaan: sekarang.")
def run_queued_command(now):
    """Build queued runs and send due deliveries once (without the scheduler's lock; claims still hold)."""
    from app.jobs.scheduler import work

    result = work(_moment(now))
    click.echo(f"Dibuat: {result['built']}; pengiriman dicoba: {result['deliveries']}")


@click.command("scheduler")
@with_appcontext
@click.option("--once", is_flag=True, help="Satu putaran (klaim jadwal jatuh tempo, buat, kirim), lalu berhenti.")
@click.option("--now", default=None, help="Dengan --once: waktu UTC (ISO) yang dipakai sebagai 'sekarang'.")
@click.option("--check-every", default=60, show_default=True, type=click.IntRange(1, 3600),
              help="Detik antara pemeriksaan kunci/basis data dan perubahan jadwal.")
def scheduler_command(once, now, check_every):
    """Run the one scheduler process of this database (scheduled reports, queued runs, reminders)."""
    from sqlalchemy.exc import DBAPIError

    from app.jobs.scheduler import EXIT_ALREADY_RUNNING, EXIT_DATABASE_LOST, SchedulerService, first_line

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("apscheduler").setLevel(logging.WARNING)  # one line per job run is noise in `make run`
    service = SchedulerService(current_app._get_current_object(), check_every=check_every)
    refused = (
        f"Penjadwal Pantau sudah berjalan di proses lain ({service.lock.describe()}); proses ini berhenti. "
        "(The Pantau scheduler is already running for this database.)"
    )

    def database_lost(detail):
        click.echo(f"Penjadwal Pantau kehilangan basis data ({detail}); keluar dengan kode {EXIT_DATABASE_LOST} "
                   "agar supervisor memulainya lagi. (The Pantau scheduler lost its database.)", err=True)
        sys.exit(EXIT_DATABASE_LOST)

    try:
        if once:
            result = service.once(_moment(now))
        elif not service.start():
            result = None
        else:
            if service.exit_code == EXIT_DATABASE_LOST:
                database_lost(service.lock.describe())
            sys.exit(service.exit_code)
    except DBAPIError as error:
        database_lost(first_line(error))
    if result is None:
        click.echo(refused, err=True)
        sys.exit(EXIT_ALREADY_RUNNING)
    click.echo(f"Jadwal diklaim: {result['claimed']}; laporan dibuat: {result['built']}; "
               f"pengiriman dicoba: {result['deliveries']}")


def register(app):
    """Add this area's commands to the `flask` CLI."""
    app.cli.add_command(reports)
    app.cli.add_command(scheduler_command)
