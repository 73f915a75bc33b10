"""Probes of the complaints area's own endpoints: moves, topics, attachments (upload, download), export, LAPOR! import."""
import io

from openpyxl import load_workbook

from tests.authz_probes import probe

DENIED = (302, 403, 404)


def _complaints(world):
    return world["rows"]["ComplaintView"]


@probe("ComplaintView.move")
def _move(app, client, username, world, visible):
    """A move on a complaint out of scope answers 404 (or 403) and changes nothing."""
    from app.extensions import db
    from app.models.complaints import Complaint
    from tests.conftest import csrf_token

    for key, pk in _complaints(world).items():
        if key in visible:
            continue
        before = db.session.get(Complaint, pk).status
        token = csrf_token(client)
        response = client.post(f"/pengaduan/move/{pk}", data={"move": "hold", "note": "x", "csrf_token": token})
        assert response.status_code in DENIED, (username, key, response.status_code)
        db.session.rollback()  # end the snapshot (MariaDB repeatable read) to see the requests' writes
        assert db.session.get(Complaint, pk).status == before


@probe("ComplaintView.topic")
def _topic(app, client, username, world, visible):
    """A topic set on a complaint out of scope answers 404 (or 403) and changes nothing; Pimpinan only reads topics;
    the tiers that handle complaints set one in their scope."""
    from sqlalchemy import select

    from app.extensions import db
    from app.issues.topics import add_default_topics
    from app.models.complaints import Complaint
    from app.models.issues import IssueTopic
    from tests.conftest import csrf_token

    add_default_topics()
    for key, pk in _complaints(world).items():
        complaint = db.session.get(Complaint, pk)
        topic = db.session.execute(select(IssueTopic).where(IssueTopic.org_id == complaint.instansi_id)
                                   .order_by(IssueTopic.id)).scalars().first()
        before = (complaint.topic_id, complaint.topic_source)
        token = csrf_token(client)
        response = client.post(f"/pengaduan/topik/{pk}", data={"topic": str(topic.id), "csrf_token": token})
        db.session.rollback()  # end the snapshot (MariaDB repeatable read) to see the requests' writes
        after = db.session.get(Complaint, pk)
        if key in visible and username != "pimpinan":
            assert response.status_code == 302, (username, key, response.status_code)
            assert (after.topic_id, after.topic_source) == (topic.id, "staff"), (username, key)
        else:
            assert response.status_code in DENIED, (username, key, response.status_code)
            assert (after.topic_id, after.topic_source) == before, (username, key)


@probe("ComplaintView.attach", "ComplaintView.attachment")
def _attachments(app, client, username, world, visible):
    """Files of complaints out of scope can be neither added nor downloaded."""
    from app.extensions import db
    from app.models.complaints import ComplaintAttachment
    from app.uploads import store
    from tests.conftest import csrf_token

    files = world.setdefault("complaint_files", {})
    if not files:
        for key, pk in _complaints(world).items():
            stored, mime, size = store("complaints", "bukti.pdf", b"%PDF-1.4 bukti " + key.encode())
            row = ComplaintAttachment(complaint_id=pk, filename=f"bukti-{key}.pdf", stored_name=stored, mime=mime,
                                      size=size, username="mx")
            db.session.add(row)
            db.session.flush()
            files[key] = row.id
        db.session.commit()
    for key, pk in _complaints(world).items():
        download = client.get(f"/pengaduan/lampiran/{files[key]}")
        if key in visible:
            assert download.status_code == 200, (username, key, download.status_code)
            assert key.encode() in download.data
            continue
        assert download.status_code in DENIED, (username, key, download.status_code)
        before = db.session.query(ComplaintAttachment).filter_by(complaint_id=pk).count()
        token = csrf_token(client)
        response = client.post(f"/pengaduan/attach/{pk}", data={
            "file": (io.BytesIO(b"%PDF-1.4 x"), "x.pdf"), "csrf_token": token}, content_type="multipart/form-data")
        assert response.status_code in DENIED, (username, key, response.status_code)
        assert db.session.query(ComplaintAttachment).filter_by(complaint_id=pk).count() == before


@probe("ComplaintView.export")
def _export(app, client, username, world, visible):
    """The XLSX export lists the complaints in scope and no other."""
    from app.extensions import db
    from app.models.complaints import Complaint

    response = client.get("/pengaduan/ekspor/")
    if response.status_code in DENIED:
        assert not visible or username == "tanpa.node", username
        return
    assert response.status_code == 200, (username, response.status_code)
    sheet = load_workbook(io.BytesIO(response.data), read_only=True).worksheets[0]
    numbers = {row[0] for row in sheet.iter_rows(min_row=4, values_only=True)}
    for key, pk in _complaints(world).items():
        number = db.session.get(Complaint, pk).tracking_number
        if key in visible:
            assert number in numbers, (username, key)
        else:
            assert number not in numbers, f"{username} exports out-of-scope complaint {key}"


@probe("ComplaintImportView.form")
def _import(app, client, username, world, visible):
    """Only tiers allowed to import see the form; nobody imports into an instansi out of scope."""
    from sqlalchemy import func, select

    from app.extensions import db
    from app.models.complaints import Complaint
    from app.models.org import OrgNode
    from tests.conftest import csrf_token

    page = client.get("/impor-pengaduan/")
    if username in ("admin", "admin.instansi"):
        assert page.status_code == 200
    else:
        assert page.status_code in DENIED, (username, page.status_code)
    kota = db.session.get(OrgNode, world["units"]["kota"]).instansi
    if "kota" in visible:
        return
    before = db.session.execute(select(func.count()).select_from(Complaint)).scalar()
    csv = "ID Tracking,Judul,Isi Laporan,Tanggal Laporan\nMX-IMP-1,Uji,Isi,01/06/2025\n".encode()
    token = csrf_token(client)
    response = client.post("/impor-pengaduan/", data={
        "instansi": str(kota.id), "dry_run": "0", "file": (io.BytesIO(csv), "lapor.csv"), "csrf_token": token,
    }, content_type="multipart/form-data")
    assert response.status_code in DENIED, (username, response.status_code)
    db.session.rollback()  # end the snapshot (MariaDB repeatable read) to see the requests' writes
    assert db.session.execute(select(func.count()).select_from(Complaint)).scalar() == before
