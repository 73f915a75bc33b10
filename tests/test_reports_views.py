"""The report screens: start a run, poll its status, download it once the scheduler built it; schedules refuse
bad cron and e-mail input; MCP evidence upload and scoped download; catalogue screens."""
import io

from openpyxl import load_workbook
from sqlalchemy import func, select

from tests.conftest import csrf_token


def node_id(db, code):
    from app.models.org import OrgNode

    return db.session.execute(select(OrgNode.id).where(OrgNode.code == code)).scalar_one()


def count(db, model):
    db.session.rollback()  # a new transaction sees what the requests committed (MariaDB reads a snapshot)
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def seed(db):
    from app.reports.catalogues import seed_catalogues

    seed_catalogues()
    db.session.commit()


def test_an_operator_starts_a_report_and_downloads_it_after_the_scheduler_built_it(fresh, db, as_user):
    from app.jobs.scheduler import work
    from app.models.reports import ReportRun, RunStatus

    seed(db)
    operator = as_user("operator.rsud")
    token = csrf_token(operator, "/reportrunview/add")
    response = operator.post("/reportrunview/add", data={
        "kind": "mcp_catalogue", "org": str(node_id(db, "JTG-RSUD-MOEWARDI")), "period_code": "2025-h1",
        "language": "id", "csrf_token": token,
    })
    db.session.rollback()
    run = db.session.execute(select(ReportRun)).scalar_one()
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/reportrunview/show/{run.id}")
    assert (run.status, run.period_code, run.requested_by.username) == (RunStatus.QUEUED, "2025-H1", "operator.rsud")

    page = operator.get(f"/reportrunview/show/{run.id}").get_data(as_text=True)
    assert f"/reportrunview/status/{run.id}" in page
    assert operator.get(f"/reportrunview/status/{run.id}").get_json()["status"] == "queued"
    assert operator.get(f"/reportrunview/file/{run.id}").status_code == 404  # nothing to download yet

    work()  # what the scheduler process does every 30 seconds

    status = operator.get(f"/reportrunview/status/{run.id}").get_json()
    assert status["status"] == "done"
    assert status["download_url"].endswith(f"/reportrunview/file/{run.id}")
    download = operator.get(status["download_url"])
    assert download.status_code == 200
    assert 'filename=mcp_catalogue_JTG-RSUD-MOEWARDI_2025-H1.xlsx' in download.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(download.data)).active
    rows = [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "Katalog dan Bukti MCP/MCSP"
    assert rows[1][0].startswith("Pemerintah Provinsi Jawa Tengah")
    assert sum(1 for row in rows[4:] if row[5] == "Belum ada") == 11

    other = as_user("admin.kota")
    assert other.get(f"/reportrunview/status/{run.id}").status_code == 404
    assert other.get(f"/reportrunview/file/{run.id}").status_code == 404


def test_a_run_for_a_node_out_of_scope_or_a_bad_period_is_refused(fresh, db, as_user):
    from app.models.reports import ReportRun

    seed(db)
    operator = as_user("operator.rsud")
    token = csrf_token(operator, "/reportrunview/add")
    operator.post("/reportrunview/add", data={"kind": "mcp_catalogue", "org": str(node_id(db, "JTG-DUKCAPIL-PD")),
                                              "period_code": "2025-Q3", "language": "id", "csrf_token": token})
    refused = operator.post("/reportrunview/add", data={"kind": "mcp_catalogue", "org": str(node_id(db, "JTG-RSUD-MOEWARDI")),
                                                        "period_code": "2025-Q5", "language": "id", "csrf_token": token},
                            follow_redirects=True)
    assert "Periode 2025-Q5 tidak dikenal" in refused.get_data(as_text=True)
    assert count(db, ReportRun) == 0


def schedule_form(db, **changes):
    form = {"kind": "pekppp_catalogue", "org": str(node_id(db, "JATENG")), "period_rule": "previous_quarter",
            "due_working_days": "5", "cron": "0 7 * * 1-5", "recipients": "biro.org@jatengprov.go.id",
            "language": "id", "active": "y"}
    form.update(changes)
    return form


def test_a_bad_cron_or_address_is_refused_with_a_message_and_nothing_is_written(fresh, db, as_user):
    from app.models.reports import ReportSchedule

    seed(db)
    admin = as_user("admin.instansi")
    token = csrf_token(admin, "/reportscheduleview/add")
    for changes, message in [
        ({"cron": "61 7 * * *"}, "Ekspresi cron 61 7 * * * tidak sah"),
        ({"cron": "0 7 * *"}, "Ekspresi cron 0 7 * * tidak sah"),
        ({"recipients": "biro.org@jatengprov.go.id, bukan-alamat"}, "Alamat surel bukan-alamat tidak sah"),
    ]:
        page = admin.post("/reportscheduleview/add", data={**schedule_form(db, **changes), "csrf_token": token},
                          follow_redirects=True).get_data(as_text=True)
        assert message in page
        assert count(db, ReportSchedule) == 0

    admin.post("/reportscheduleview/add", data={**schedule_form(db, recipients="Biro.Org@JatengProv.go.id ;kepala@jatengprov.go.id"),
                                                "csrf_token": token})
    db.session.rollback()
    schedule = db.session.execute(select(ReportSchedule)).scalar_one()
    assert schedule.recipient_list() == ["Biro.Org@jatengprov.go.id", "kepala@jatengprov.go.id"]

    edit = admin.post(f"/reportscheduleview/edit/{schedule.id}", data={**schedule_form(db, cron="0 25 * * *"),
                                                                      "csrf_token": token}, follow_redirects=True)
    assert "Ekspresi cron 0 25 * * * tidak sah" in edit.get_data(as_text=True)
    db.session.rollback()
    assert db.session.get(ReportSchedule, schedule.id).cron == "0 7 * * 1-5"


def test_schedules_of_another_instansi_cannot_be_created_or_seen(fresh, db, as_user):
    from app.models.reports import ReportSchedule

    seed(db)
    admin = as_user("admin.instansi")
    token = csrf_token(admin, "/reportscheduleview/add")
    admin.post("/reportscheduleview/add", data={**schedule_form(db, org=str(node_id(db, "SMG"))), "csrf_token": token})
    assert count(db, ReportSchedule) == 0
    pimpinan = as_user("pimpinan")
    assert pimpinan.get("/reportscheduleview/add").status_code in (302, 403)


def test_seeded_default_schedules_send_the_package_after_each_triwulan_and_semester(fresh, db):
    from app.models.org import OrgNode
    from app.models.reports import PeriodRule, ReportSchedule
    from app.reports.schedules import seed_defaults

    jateng = db.session.get(OrgNode, node_id(db, "JATENG"))
    assert len(seed_defaults(jateng, "biro.org@jatengprov.go.id")) == 2
    assert seed_defaults(jateng, "biro.org@jatengprov.go.id") == []
    db.session.commit()
    rows = db.session.execute(select(ReportSchedule).order_by(ReportSchedule.id)).scalars().all()
    assert [(row.kind, row.period_rule, row.due_working_days, row.cron) for row in rows] == [
        ("paket", PeriodRule.PREVIOUS_QUARTER, 5, "0 7 * * 1-5"),
        ("paket", PeriodRule.PREVIOUS_SEMESTER, 5, "0 7 * * 1-5"),
    ]


def test_mcp_evidence_is_uploaded_by_the_instansi_and_downloaded_only_in_its_scope(fresh, db, as_user):
    from app.models.reports import EvidenceStatus, McpEvidence, McpEvidenceItem

    seed(db)
    item = db.session.execute(select(McpEvidenceItem).where(McpEvidenceItem.code == "PP.2.a")).scalar_one()
    admin = as_user("admin.instansi")
    token = csrf_token(admin, "/mcpevidenceview/add")
    admin.post("/mcpevidenceview/add", data={
        "instansi": str(node_id(db, "JATENG")), "item": str(item.id), "status": "lengkap", "note": "Laporan SKM 2025",
        "record_link": "/surveyperiodview/show/1", "csrf_token": token,
        "upload": (io.BytesIO(b"%PDF-1.4 laporan skm"), "laporan-skm.pdf"),
    }, content_type="multipart/form-data")
    db.session.rollback()
    evidence = db.session.execute(select(McpEvidence)).scalar_one()
    assert (evidence.status, evidence.file_name, evidence.mime) == (EvidenceStatus.COMPLETE, "laporan-skm.pdf", "application/pdf")

    assert as_user("pimpinan").get(f"/mcpevidenceview/file/{evidence.id}").data == b"%PDF-1.4 laporan skm"
    assert as_user("admin.kota").get(f"/mcpevidenceview/file/{evidence.id}").status_code == 404

    refused = admin.post(f"/mcpevidenceview/edit/{evidence.id}", data={
        "instansi": str(node_id(db, "JATENG")), "item": str(item.id), "status": "lengkap", "csrf_token": token,
        "upload": (io.BytesIO(b"MZ not a pdf"), "virus.pdf"),
    }, content_type="multipart/form-data", follow_redirects=True)
    assert "Isi berkas tidak sesuai dengan jenisnya" in refused.get_data(as_text=True)
    db.session.rollback()
    assert db.session.get(McpEvidence, evidence.id).file_name == "laporan-skm.pdf"


def test_catalogue_screens_are_read_by_every_tier_and_not_written(fresh, db, as_user):
    seed(db)
    operator = as_user("operator.rsud")
    page = operator.get("/pekpppaspectview/list/").get_data(as_text=True)
    assert "Kebijakan Pelayanan" in page and "24,00" in page  # Indonesian decimal comma
    assert "Pelayanan Publik" in operator.get("/mcpindicatorview/list/").get_data(as_text=True)
    assert operator.get("/mcpindicatorview/add").status_code in (302, 403)
