"""Probes of the FKP endpoints that are not plain CRUD: stage moves, uploads, downloads, berita acara, pages."""
from sqlalchemy import func, select

from tests.authz_probes import probe

DENIED = (302, 403, 404)
# Tiers that may change a forum's record (stage moves, document uploads).
RECORDERS = {"admin", "admin.instansi", "operator.rsud"}


def _get(client, url, expect_ok):
    response = client.get(url)
    if expect_ok:
        assert response.status_code == 200, (url, response.status_code)
    else:
        assert response.status_code in DENIED, (url, response.status_code)
    return response


@probe("FkpForumView.berita_acara")
def _berita_acara(app, client, username, world, visible):
    """The berita acara (Word) of a forum in scope; 404 (or refusal) out of scope."""
    for key, pk in world["rows"]["FkpForumView"].items():
        response = _get(client, f"/fkpforumview/berita_acara/{pk}", key in visible)
        if key in visible:
            assert response.data.startswith(b"PK\x03\x04")


@probe("FkpDocumentView.file", "FkpDocumentView.thumbnail")
def _document_files(app, client, username, world, visible):
    """A document's file and thumbnail only for forums in scope."""
    for key, pk in world["rows"]["FkpDocumentView"].items():
        original = _get(client, f"/fkpdocumentview/file/{pk}", key in visible)
        thumbnail = _get(client, f"/fkpdocumentview/thumbnail/{pk}", key in visible)
        if key in visible:
            assert original.data.startswith(b"\x89PNG")
            assert thumbnail.data.startswith(b"\xff\xd8\xff")


@probe("FkpAgreementView.evidence")
def _evidence(app, client, username, world, visible):
    for key, pk in world["rows"]["FkpAgreementView"].items():
        response = _get(client, f"/fkpagreementview/evidence/{pk}", key in visible)
        if key in visible:
            assert response.data.startswith(b"%PDF-")


@probe("FkpAgreementView.evidence_upload")
def _evidence_upload(app, client, username, world, visible):
    """Replacing evidence out of scope is refused and the stored evidence stays."""
    import io

    from app.extensions import db
    from app.models.fkp import FkpAgreement
    from tests.conftest import csrf_token

    token = csrf_token(client)
    for key, pk in world["rows"]["FkpAgreementView"].items():
        db.session.rollback()
        before = db.session.get(FkpAgreement, pk).evidence_stored_name
        response = client.post(
            f"/fkpagreementview/evidence_upload/{pk}",
            data={"csrf_token": token, "file": (io.BytesIO(b"%PDF-1.4 baru"), "baru.pdf")},
            content_type="multipart/form-data",
        )
        db.session.rollback()  # end the snapshot (MariaDB repeatable read) to see the requests' writes
        after = db.session.get(FkpAgreement, pk).evidence_stored_name
        if key in visible and username in ("admin", "admin.instansi", "operator.rsud", "penghubung.dinkes"):
            assert response.status_code == 302, (username, key, response.status_code)
            assert after != before
        else:
            assert response.status_code in DENIED, (username, key, response.status_code)
            assert after == before, f"{username} replaced the evidence of out-of-scope agreement {pk}"


@probe("FkpForumView.stage")
def _stage(app, client, username, world, visible):
    """A stage move out of scope answers 404 and changes nothing (in scope it is refused for missing data)."""
    from app.extensions import db
    from app.models.fkp import FkpForum
    from tests.conftest import csrf_token

    token = csrf_token(client)
    for key, pk in world["rows"]["FkpForumView"].items():
        db.session.rollback()
        before = db.session.get(FkpForum, pk).stage
        response = client.post(f"/fkpforumview/stage/{pk}", data={"csrf_token": token, "target": "pelaksanaan"})
        if key in visible and username in RECORDERS:
            assert response.status_code == 302, (username, key, response.status_code)
        else:
            assert response.status_code in DENIED, (username, key, response.status_code)
        db.session.rollback()  # end the snapshot (MariaDB repeatable read) to see the requests' writes
        assert db.session.get(FkpForum, pk).stage == before


@probe("FkpForumView.upload")
def _upload(app, client, username, world, visible):
    """An upload to a forum out of scope answers 404 and stores nothing."""
    import io

    from app.extensions import db
    from app.models.fkp import FkpDocument
    from tests.conftest import csrf_token

    token = csrf_token(client)
    for key, pk in world["rows"]["FkpForumView"].items():
        db.session.rollback()
        before = db.session.execute(select(func.count(FkpDocument.id))).scalar_one()
        response = client.post(
            f"/fkpforumview/upload/{pk}",
            data={"csrf_token": token, "kind": "notulen", "file": (io.BytesIO(b"%PDF-1.4 notulen"), "notulen.pdf")},
            content_type="multipart/form-data",
        )
        db.session.rollback()  # end the snapshot (MariaDB repeatable read) to see the requests' writes
        after = db.session.execute(select(func.count(FkpDocument.id))).scalar_one()
        if key in visible and username in RECORDERS:
            assert response.status_code == 302, (username, key, response.status_code)
            assert after == before + 1
        else:
            assert response.status_code in DENIED, (username, key, response.status_code)
            assert after == before, f"{username} uploaded to out-of-scope forum {pk}"


@probe("FkpPagesView.agenda")
def _agenda(app, client, username, world, visible):
    """The agenda lists the forums in scope and no other."""
    from app.extensions import db
    from app.models.fkp import FkpForum

    response = client.get("/fkp/agenda?start=2026-01-01&end=2026-12-31")
    if response.status_code in DENIED:
        assert not visible
        return
    html = response.get_data(as_text=True)
    for key, pk in world["rows"]["FkpForumView"].items():
        topic = db.session.get(FkpForum, pk).topic
        assert (f">{topic}</a>" in html) == (key in visible), (username, key, topic)


@probe("FkpPagesView.without_forum")
def _without_forum(app, client, username, world, visible):
    """The yearly list flags units in scope only."""
    from app.extensions import db
    from app.models.org import OrgNode

    response = client.get("/fkp/tanpa-forum?year=2026")
    if response.status_code in DENIED:
        assert not visible
        return
    html = response.get_data(as_text=True)
    for key, unit_id in world["units"].items():
        code = db.session.get(OrgNode, unit_id).code
        assert (f"<td>{code}</td>" in html) == (key in visible), (username, key, code)
