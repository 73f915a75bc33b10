"""Stored files follow their rows (app/uploads.py): a replaced file, or the file of a deleted row (also one deleted
with its forum or complaint), leaves the upload folder once the change is committed; a save that fails keeps the old
file and leaves no new one behind. SKM, FKP, complaints and MCP evidence, on every engine."""
import datetime
import io
import os

import pytest
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from app.models.complaints import ComplaintAttachment
from app.models.fkp import FkpAgreement, FkpDocument
from app.models.reports import McpEvidence
from app.models.skm import FollowUpAction, Publication
from app.uploads import replace, store
from tests.conftest import csrf_token
from tests.factories.complaints import make_complaint_row
from tests.factories.fkp import PDF_BYTES, make_agreement, make_document, unit_by_code
from tests.factories.reports import make_evidence
from tests.factories.skm import make_followup, make_publication

NEW_PDF = b"%PDF-1.4\n% the new file\n"


def on_disk(app, stored_name):
    return os.path.exists(os.path.join(app.config["UPLOAD_FOLDER"], stored_name))


def row_exists(db, model, pk):
    return db.session.execute(select(model.id).where(model.id == pk)).first() is not None


def rsud():
    return unit_by_code("JTG-RSUD-MOEWARDI")


def upload(client, url, data=NEW_PDF, name="baru.pdf", **form):
    return client.post(url, data={"csrf_token": csrf_token(client), "file": (io.BytesIO(data), name), **form},
                       content_type="multipart/form-data")


# Each screen that takes a new file for an existing row: its factory and the upload URL.
REPLACED_BY_UPLOAD = {
    "skm-rtl": (make_followup, "/skm/rtl/{pk}/bukti"),
    "skm-publication": (make_publication, "/skm/publikasi/{pk}/berkas"),
    "fkp-agreement": (make_agreement, "/fkpagreementview/evidence_upload/{pk}"),
}


@pytest.mark.parametrize("area", REPLACED_BY_UPLOAD)
def test_uploading_a_new_file_removes_the_one_it_replaces(fresh, app, db, as_user, area):
    make, url = REPLACED_BY_UPLOAD[area]
    row = make(rsud(), None)
    db.session.commit()
    model, pk, slot = type(row), row.id, row.stored_file
    old = getattr(row, slot.stored)
    upload(as_user("operator.rsud"), url.format(pk=pk))
    db.session.rollback()
    new = getattr(db.session.get(model, pk), slot.stored)
    assert new != old and on_disk(app, new) and not on_disk(app, old)


def test_a_refused_upload_keeps_the_old_skm_file(fresh, app, db, as_user):
    action = make_followup(rsud(), None)
    db.session.commit()
    old = action.evidence_file
    upload(as_user("operator.rsud"), f"/skm/rtl/{action.id}/bukti", data=b"MZ not a pdf", name="virus.pdf")
    db.session.rollback()
    assert db.session.get(FollowUpAction, action.id).evidence_file == old and on_disk(app, old)


def test_deleting_an_rtl_action_or_a_publication_removes_its_file(fresh, app, db, as_user):
    action, publication = make_followup(rsud(), None), make_publication(rsud(), None)
    db.session.commit()
    files, ids = [action.evidence_file, publication.file], (action.id, publication.id)
    client = as_user("operator.rsud")
    token = csrf_token(client)
    assert client.post(f"/followupview/delete/{ids[0]}", data={"csrf_token": token}).status_code == 302
    assert client.post(f"/publicationview/delete/{ids[1]}", data={"csrf_token": token}).status_code == 302
    db.session.rollback()
    assert not row_exists(db, FollowUpAction, ids[0]) and not row_exists(db, Publication, ids[1])
    assert [on_disk(app, name) for name in files] == [False, False]


def test_deleting_a_forum_removes_the_files_of_its_documents_and_agreements(fresh, app, db, as_user):
    document = make_document(rsud(), None)
    agreement = FkpAgreement(forum=document.forum, text="Papan alur layanan", due_date=datetime.date(2026, 6, 30))
    replace(agreement, FkpAgreement.stored_file, "fkp", "bukti.pdf", PDF_BYTES)
    db.session.add(agreement)
    db.session.commit()
    files = [document.stored_name, document.thumb_stored_name, agreement.evidence_stored_name]
    document_id, forum_id = document.id, document.forum_id
    assert all(on_disk(app, name) for name in files)
    client = as_user("operator.rsud")
    assert client.post(f"/fkpforumview/delete/{forum_id}", data={"csrf_token": csrf_token(client)}).status_code == 302
    db.session.rollback()
    assert not row_exists(db, FkpDocument, document_id)
    assert [on_disk(app, name) for name in files] == [False, False, False]


def test_deleting_a_complaint_removes_its_attachments(fresh, app, db, as_user):
    complaint = make_complaint_row(rsud())
    db.session.commit()
    upload(as_user("operator.rsud"), f"/pengaduan/attach/{complaint.id}")
    db.session.rollback()
    stored = db.session.execute(select(ComplaintAttachment.stored_name)
                                .where(ComplaintAttachment.complaint_id == complaint.id)).scalar_one()
    assert on_disk(app, stored)
    db.session.delete(complaint)
    db.session.commit()
    assert not on_disk(app, stored)


def test_replacing_or_deleting_mcp_evidence_removes_the_old_file(fresh, app, db, as_user):
    evidence = make_evidence(rsud(), None)
    db.session.commit()
    old, pk = evidence.stored_name, evidence.id
    client = as_user("admin.instansi")
    form = {"instansi": str(evidence.instansi_id), "item": str(evidence.item_id), "status": "lengkap",
            "upload": (io.BytesIO(NEW_PDF), "baru.pdf"), "csrf_token": csrf_token(client)}
    client.post(f"/mcpevidenceview/edit/{evidence.id}", data=form, content_type="multipart/form-data")
    db.session.rollback()
    new = db.session.get(McpEvidence, evidence.id).stored_name
    assert new != old and on_disk(app, new) and not on_disk(app, old)
    client.post(f"/mcpevidenceview/delete/{pk}", data={"csrf_token": csrf_token(client)})
    db.session.rollback()
    assert not row_exists(db, McpEvidence, pk) and not on_disk(app, new)


# A save the database refuses (a NOT NULL column left empty): the old file stays, the new one goes.
FAILED_SAVES = {
    "skm-rtl": (make_followup, "action"),
    "skm-publication": (make_publication, "published_on"),
    "fkp-agreement": (make_agreement, "text"),
    "fkp-document": (make_document, "kind"),
    "mcp-evidence": (make_evidence, "status"),
}


@pytest.mark.parametrize("area", FAILED_SAVES)
def test_a_save_the_database_refuses_keeps_the_old_file_and_drops_the_new_one(fresh, app, db, area):
    make, required = FAILED_SAVES[area]
    row = make(rsud(), None)
    db.session.commit()
    slot = row.stored_file
    old = getattr(row, slot.stored)
    new = replace(row, slot, "uji", "baru.pdf", NEW_PDF)
    setattr(row, required, None)
    assert on_disk(app, new)
    with pytest.raises(SQLAlchemyError):
        db.session.commit()
    db.session.rollback()
    assert getattr(db.session.get(type(row), row.id), slot.stored) == old
    assert on_disk(app, old) and not on_disk(app, new)


def test_a_new_attachment_whose_save_fails_leaves_no_file(fresh, app, db):
    attachment = ComplaintAttachment(username="uji")
    new = replace(attachment, ComplaintAttachment.stored_file, "complaints", "baru.pdf", NEW_PDF)
    db.session.add(attachment)  # no complaint: the database refuses it
    with pytest.raises(SQLAlchemyError):
        db.session.commit()
    db.session.rollback()
    assert not on_disk(app, new)


def test_a_file_stored_in_a_transaction_that_rolls_back_is_removed(fresh, app, db):
    stored_name, _mime, _size = store("uji", "lepas.pdf", NEW_PDF)
    assert on_disk(app, stored_name)
    db.session.rollback()
    assert not on_disk(app, stored_name)
