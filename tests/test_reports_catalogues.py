"""The PEKPPP instrument and MCP catalogue as data, the catalogue report kinds, the CLI, and the builder registry."""
import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select


def count(db, model):
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def node(db, code):
    from app.models.org import OrgNode

    return db.session.execute(select(OrgNode).where(OrgNode.code == code)).scalar_one()


def test_seeding_the_catalogues_twice_adds_nothing_the_second_time_and_keeps_edits(fresh, db):
    from app.models.reports import McpEvidenceItem, McpIndicator, PekpppAspect, PekpppBand, PekpppIndicator
    from app.reports.catalogues import seed_catalogues

    assert seed_catalogues() > 0
    db.session.commit()
    aspect = db.session.execute(select(PekpppAspect).where(PekpppAspect.code == "V")).scalar_one()
    aspect.name = "Konsultasi dan Pengaduan (diubah)"
    db.session.commit()
    before = [count(db, model) for model in (PekpppAspect, PekpppIndicator, PekpppBand, McpIndicator, McpEvidenceItem)]
    assert seed_catalogues() == 0
    db.session.commit()
    assert [count(db, model) for model in (PekpppAspect, PekpppIndicator, PekpppBand, McpIndicator, McpEvidenceItem)] == before
    assert before[0] == 6 and before[2] == 9
    weights = {a.code: float(a.weight) for a in db.session.execute(select(PekpppAspect)).scalars()}
    assert weights == {"I": 24.0, "II": 25.0, "III": 18.0, "IV": 11.0, "V": 10.0, "VI": 12.0}
    db.session.expire_all()
    assert db.session.get(PekpppAspect, aspect.id).name == "Konsultasi dan Pengaduan (diubah)"
    fkp = db.session.execute(select(PekpppIndicator).where(PekpppIndicator.machine_key == "fkp_unsur_count")).scalar_one()
    assert fkp.levels() == ["Tidak ada", "Minimal 1 unsur masyarakat", "Minimal 2 unsur masyarakat",
                            "Minimal 3 unsur masyarakat", "Minimal 4 unsur masyarakat", "Lebih dari 4 unsur masyarakat"]
    assert all(row.is_example for row in db.session.execute(select(McpIndicator)).scalars())


def test_the_cli_builds_the_package_for_a_period(fresh, db, app, tmp_path):
    from app.reports.cli import reports

    runner = app.test_cli_runner()
    assert "Katalog dimuat" in runner.invoke(reports, ["seed-catalogues"]).output
    output = tmp_path / "paket.xlsx"
    result = runner.invoke(reports, ["build", "--kind", "paket", "--scope", "JATENG", "--period", "2025-H1",
                                     "--output", str(output)])
    assert result.exit_code == 0, result.output
    assert "Jumlah bobot (%): 100.00" in result.output
    sheets = load_workbook(output).sheetnames
    assert sheets[-4:] == ["Instrumen PEKPPP", "Indikator PEKPPP", "Kategori IPP", "Bukti MCP"]  # after SKM, FKP, SP4N
    output = tmp_path / "pekppp.xlsx"
    result = runner.invoke(reports, ["build", "--kind", "pekppp_catalogue", "--scope", "JTG-DINKES", "--period", "2025",
                                     "--output", str(output)])
    assert result.exit_code == 0, result.output
    workbook = load_workbook(output)
    assert workbook.sheetnames == ["Instrumen PEKPPP", "Indikator PEKPPP", "Kategori IPP"]
    aspects = [row for row in workbook["Instrumen PEKPPP"].iter_rows(min_row=5, values_only=True) if row[0]]
    assert [row[:3] for row in aspects] == [
        ("I", "Kebijakan Pelayanan", 24), ("II", "Profesionalisme SDM", 25), ("III", "Sarana Prasarana", 18),
        ("IV", "Sistem Informasi Pelayanan Publik", 11), ("V", "Konsultasi dan Pengaduan", 10), ("VI", "Inovasi", 12),
    ]
    bad = runner.invoke(reports, ["build", "--kind", "ikm_lama", "--scope", "JATENG", "--period", "2025-H1",
                                  "--output", str(tmp_path / "x.xlsx")])
    assert bad.exit_code != 0 and "Jenis laporan ikm_lama belum tersedia" in bad.output


def test_the_mcp_section_counts_only_the_evidence_of_the_scope_nodes_instansi(fresh, db, tmp_path):
    from app.models.reports import EvidenceStatus, McpEvidence, McpEvidenceItem
    from app.periods import Period
    from app.reports.catalogues import seed_catalogues
    from app.reports.registry import get

    seed_catalogues()
    items = db.session.execute(select(McpEvidenceItem).order_by(McpEvidenceItem.id)).scalars().all()
    db.session.add_all([
        McpEvidence(instansi=node(db, "JATENG"), item=items[0], status=EvidenceStatus.VERIFIED),
        McpEvidence(instansi=node(db, "JATENG"), item=items[1], status=EvidenceStatus.IN_PROGRESS),
        McpEvidence(instansi=node(db, "SMG"), item=items[2], status=EvidenceStatus.COMPLETE),
    ])
    db.session.commit()
    summary = get("mcp_catalogue").build(node(db, "JTG-RSUD-MOEWARDI"), Period.parse("2025-Q3"), str(tmp_path / "m.xlsx"), "id")
    figures = {item["label"]: item["value"] for item in summary["headlines"]}
    assert figures == {"Indikator": 5, "Butir bukti": 11, "Bukti lengkap atau terverifikasi": 1, "Bukti belum ada": 9}


@pytest.fixture
def extra_section():
    from app.reports import registry

    registry.load()
    saved = dict(registry.KINDS)
    # Only the catalogue sections, so this test does not depend on the other areas' builders.
    registry.KINDS.clear()
    registry.KINDS.update({code: saved[code] for code in ("pekppp_catalogue", "mcp_catalogue")})
    yield registry
    registry.KINDS.clear()
    registry.KINDS.update(saved)
    registry.load()


def test_a_new_section_kind_is_buildable_alone_and_joins_the_package(fresh, db, tmp_path, extra_section):
    from app.models.org import OrgLevel
    from app.periods import Period

    registry = extra_section

    @registry.section("uji", "Bagian Uji", levels=(OrgLevel.INSTANSI,), position=10)
    def sheets(workbook, scope_node, period, language):
        sheet = workbook.add_worksheet("Uji")
        sheet.write_string(0, 0, f"{scope_node.code} {period.code} {language}")
        return {"title": "Bagian Uji", "headlines": [{"label": "Baris", "value": 1}], "notes": []}

    registry.load()
    assert registry.get("paket").parts == ["uji", "pekppp_catalogue", "mcp_catalogue"]
    assert registry.get("paket").levels == (OrgLevel.INSTANSI,)
    assert not registry.get("uji").allows(node(db, "JTG-RSUD-MOEWARDI"))
    summary = registry.get("paket").build(node(db, "JATENG"), Period.parse("2025"), str(tmp_path / "p.xlsx"), "en")
    assert [section["title"] for section in summary["sections"]][0] == "Bagian Uji"
    assert load_workbook(tmp_path / "p.xlsx")["Uji"]["A1"].value == "JATENG 2025 en"


def test_evidence_links_only_a_report_of_its_own_instansi_and_a_page_inside_pantau(fresh, db):
    from app.models.reports import EvidenceStatus, McpEvidence, McpEvidenceItem, ReportRun, RunStatus
    from app.reports.catalogues import seed_catalogues
    from app.reports.rules import evidence_problems

    seed_catalogues()
    item = db.session.execute(select(McpEvidenceItem).order_by(McpEvidenceItem.id)).scalars().first()
    jateng, smg = node(db, "JATENG"), node(db, "SMG")
    run = ReportRun(org=node(db, "JTG-RSUD-MOEWARDI"), kind="mcp_catalogue", period_code="2025-Q3", status=RunStatus.DONE)
    with db.session.no_autoflush:
        foreign = McpEvidence(instansi=smg, item=item, status=EvidenceStatus.COMPLETE, report_run=run,
                              record_link="//contoh.id/bukti")
        assert [str(p) for p in evidence_problems(foreign)] == [
            "Laporan yang ditautkan harus milik instansi yang sama.",
            "Tautan data Pantau harus berupa alamat di dalam Pantau, diawali '/'."]
        own = McpEvidence(instansi=jateng, item=item, status=EvidenceStatus.COMPLETE, report_run=run,
                          record_link="/surveyperiodview/show/1")
        assert evidence_problems(own) == []
    db.session.rollback()
