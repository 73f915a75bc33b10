"""`flask skm ...` commands of the SKM (Survei Kepuasan Masyarakat) area."""
import click
from flask.cli import AppGroup
from sqlalchemy import select

skm = AppGroup("skm", help="Survei Kepuasan Masyarakat: periode, impor, IKM.")


def _unit(code):
    from app.extensions import db
    from app.models.org import OrgLevel, OrgNode

    unit = db.session.execute(select(OrgNode).where(OrgNode.code == code.upper())).scalar_one_or_none()
    if unit is None or unit.level != OrgLevel.UNIT:
        raise click.ClickException(f"Unit layanan {code} tidak ditemukan.")
    return unit


def _period(unit, code):
    from app.extensions import db
    from app.models.skm import SurveyPeriod
    from app.periods import Period, PeriodError

    try:
        code = Period.parse(code).code
    except PeriodError as error:
        raise click.ClickException(str(error))
    period = db.session.execute(select(SurveyPeriod).where(SurveyPeriod.unit_id == unit.id,
                                                           SurveyPeriod.period_code == code)).scalar_one_or_none()
    if period is None:
        raise click.ClickException(f"Unit {unit.code} belum memiliki periode SKM {code} (buat dengan `flask skm create-period`).")
    return period


@skm.command("create-period")
@click.option("--unit", "unit_code", required=True, help="Kode unit layanan, mis. JTG-RSUD-MOEWARDI.")
@click.option("--period", "period_code", required=True, help="Kode periode: 2025-Q3, 2025-H1 atau 2025.")
@click.option("--population", type=int, default=None, help="Populasi N (pengguna layanan pada periode).")
def create_period_command(unit_code, period_code, population):
    """Open a survey period for a unit with the 9 standard unsur."""
    from app.extensions import db
    from app.skm.questionnaire import QuestionnaireError, create_period

    try:
        period = create_period(_unit(unit_code), period_code, population)
        db.session.commit()
    except QuestionnaireError as error:
        db.session.rollback()
        raise click.ClickException(str(error))
    click.echo(f"Periode SKM {period.period_code} dibuka untuk {period.unit.name}.")


@skm.command("close-period")
@click.option("--unit", "unit_code", required=True)
@click.option("--period", "period_code", required=True)
@click.option("--on", "closed_on", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Tanggal penutupan (bawaan: hari ini).")
def close_period_command(unit_code, period_code, closed_on):
    """Close a survey period: it takes no more answers and its results may be published."""
    from app.clock import today_local
    from app.extensions import db
    from app.skm.questionnaire import QuestionnaireError, close_period

    period = _period(_unit(unit_code), period_code)
    try:
        close_period(period, closed_on.date() if closed_on else today_local())
    except QuestionnaireError as error:
        raise click.ClickException(str(error))
    db.session.commit()
    click.echo(f"Periode {period.period_code} {period.unit.code} ditutup pada {period.closed_on:%d/%m/%Y}.")


@skm.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--unit", "unit_code", required=True, help="Kode unit layanan.")
@click.option("--period", "period_code", required=True, help="Kode periode, mis. 2025-Q3.")
@click.option("--mapping", "mapping_file", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Berkas teks pemetaan kolom (bidang = judul kolom | judul lain).")
@click.option("--dry-run", is_flag=True, help="Periksa seluruh berkas tanpa menyimpan.")
def import_command(file, unit_code, period_code, mapping_file, dry_run):
    """Import respondents from an XLSX/CSV file; a file with any bad row writes nothing."""
    import os

    from app.imports import ImportStopped, lock_name, run_import
    from app.skm.importer import import_file

    period = _period(_unit(unit_code), period_code)
    mapping = open(mapping_file, encoding="utf-8").read() if mapping_file else None
    with open(file, "rb") as handle:
        data = handle.read()
    try:
        result = run_import(lock_name("skm", period.id), dry_run,
                            lambda: import_file(period, os.path.basename(file), data, mapping, dry_run=dry_run),
                            accepted=lambda result: result.ok)
    except ImportStopped as error:
        raise click.ClickException(str(error))
    if not result.ok:
        for number, reason in result.errors:
            click.echo(f"Baris {number}: {reason}" if number else reason, err=True)
        raise click.ClickException(f"Berkas ditolak: {len(result.errors)} masalah; tidak ada yang disimpan.")
    if dry_run:
        click.echo(f"Uji coba: {result.total} baris sah; tidak ada yang disimpan.")
        return
    click.echo(f"{result.written} responden diimpor ke {period.unit.code} {period.period_code}.")


@skm.command("ikm")
@click.option("--period", "period_code", required=True, help="Periode laporan: 2025, 2025-H1, 2025-Q3.")
@click.option("--org", "org_code", default=None, help="Batasi pada node organisasi (instansi, OPD atau unit).")
def ikm_command(period_code, org_code):
    """Print the IKM of every unit and group for a period."""
    from app.extensions import db
    from app.models.org import OrgNode
    from app.scope import Scope
    from app.skm.figures import IkmFigures

    scope = Scope.everything()
    if org_code:
        node = db.session.execute(select(OrgNode).where(OrgNode.code == org_code.upper())).scalar_one_or_none()
        if node is None:
            raise click.ClickException(f"Node {org_code} tidak ditemukan.")
        scope = Scope.of_nodes([node])
    figures = IkmFigures(scope, period_code, with_suggestions=False)  # the IKM alone: what this command prints
    click.echo(f"IKM {figures.period.label}")
    for unit, unit_periods, result in figures.unit_results():
        _population, sample = figures.sample(unit_periods, result)
        warn = "  (sampel kurang)" if sample.short else ""
        click.echo(f"  {unit.code:<24} {result.converted or '-':>7} {result.grade or '-'}  "
                   f"{result.respondents} resp.{warn}")
    for level, node, group in figures.group_results():
        click.echo(f"  [{level.value}] {node.code:<18} gabungan {group.pooled.converted or '-':>7} "
                   f"{group.pooled.grade or '-'}  rata-rata unit {group.mean_converted or '-'}")


def register(app):
    """Add this area's commands to the `flask` CLI."""
    app.cli.add_command(skm)
