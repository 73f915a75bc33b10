"""D10 in the audit trail (NIK and contacts stored masked) and MCP evidence links that stay inside Pantau."""
import importlib
import io

import pytest
from sqlalchemy import select

from app.models.audit import AuditLog
from app.models.complaints import Complaint
from app.models.org import OrgNode
from tests.conftest import csrf_token
from tests.factories.complaints import make_complaint_row

NIK, PHONE, EMAIL = "3374011203850001", "081234567890", "warga.pelapor@example.id"


def complaint_audit_rows(db, complaint_id):
    db.session.rollback()
    return db.session.execute(
        select(AuditLog).where(AuditLog.table_name == Complaint.__tablename__, AuditLog.record_id == str(complaint_id))
        .order_by(AuditLog.id)
    ).scalars().all()


def test_the_audit_trail_stores_nik_and_contacts_masked(fresh, app, db, as_user):
    rsud = db.session.execute(select(OrgNode).where(OrgNode.code == "JTG-RSUD-MOEWARDI")).scalar_one()
    complaint = make_complaint_row(rsud, anonim=True, reporter_nik=NIK, reporter_phone=PHONE, reporter_email=EMAIL)
    db.session.commit()
    assert complaint.reporter_phone == PHONE  # loaded, as an edit form loads it
    complaint.reporter_phone = "089876543210"
    db.session.commit()
    rows = complaint_audit_rows(db, complaint.id)
    created = next(row for row in rows if row.event == "create")
    updated = next(row for row in rows if row.event == "update" and "reporter_phone" in row.changes)
    assert created.changes["reporter_nik"] == [None, "************0001"]
    assert created.changes["reporter_email"] == [None, "*" * (len(EMAIL) - 4) + EMAIL[-4:]]
    assert updated.changes["reporter_phone"] == ["********7890", "********3210"]
    page = as_user("admin.instansi").get(f"/auditlogview/show/{created.id}").get_data(as_text=True)
    assert NIK not in page and PHONE not in page and EMAIL not in page
    assert "0001" in page


def test_the_migration_masks_audit_rows_written_before(fresh, app, db):
    migration = importlib.import_module("migrations.versions.0010_audit_masked_personal_fields")
    db.session.add(AuditLog(event="update", table_name="pantau_complaint", record_id="1",
                            changes={"reporter_nik": [None, NIK], "title": ["a", "b"]}))
    db.session.commit()
    with db.engine.begin() as connection:
        migration.mask_existing(connection)
    db.session.rollback()
    row = db.session.execute(select(AuditLog).where(AuditLog.record_id == "1", AuditLog.event == "update")).scalars().all()[-1]
    assert row.changes == {"reporter_nik": [None, "************0001"], "title": ["a", "b"]}


@pytest.mark.parametrize("link", ["//evil.example/phish", "https://evil.example/", "javascript:alert(1)",
                                  "/\\evil.example", "http:/evil.example", " /x"])
def test_an_evidence_link_outside_pantau_is_refused(fresh, app, db, as_user, link):
    from app.models.reports import McpEvidence, McpEvidenceItem
    from app.reports.catalogues import seed_catalogues

    seed_catalogues()
    db.session.commit()
    item = db.session.execute(select(McpEvidenceItem).where(McpEvidenceItem.code == "PP.2.a")).scalar_one()
    jateng = db.session.execute(select(OrgNode).where(OrgNode.code == "JATENG")).scalar_one()
    admin = as_user("admin.instansi")
    response = admin.post("/mcpevidenceview/add", data={
        "instansi": str(jateng.id), "item": str(item.id), "status": "lengkap", "record_link": link,
        "csrf_token": csrf_token(admin, "/mcpevidenceview/add"),
    }, follow_redirects=True)
    assert "Tautan data Pantau harus berupa alamat di dalam Pantau" in response.get_data(as_text=True)
    db.session.rollback()
    assert db.session.execute(select(McpEvidence)).first() is None


def test_an_evidence_link_to_a_pantau_page_is_kept(fresh, app, db, as_user):
    from app.models.reports import McpEvidence, McpEvidenceItem
    from app.reports.catalogues import seed_catalogues

    seed_catalogues()
    db.session.commit()
    item = db.session.execute(select(McpEvidenceItem).where(McpEvidenceItem.code == "PP.2.a")).scalar_one()
    jateng = db.session.execute(select(OrgNode).where(OrgNode.code == "JATENG")).scalar_one()
    admin = as_user("admin.instansi")
    admin.post("/mcpevidenceview/add", data={
        "instansi": str(jateng.id), "item": str(item.id), "status": "lengkap", "record_link": "/surveyperiodview/show/1",
        "csrf_token": csrf_token(admin, "/mcpevidenceview/add"),
    })
    db.session.rollback()
    assert db.session.execute(select(McpEvidence.record_link)).scalar_one() == "/surveyperiodview/show/1"
