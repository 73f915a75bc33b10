"""Forum documents: uploads checked for type, content and size, thumbnails of photos, scoped downloads, the berita acara."""
import io
import os
import re

from PIL import Image
from sqlalchemy import func, select

from app.models.fkp import DocumentKind, FkpDocument, FkpStage
from tests.conftest import csrf_token
from tests.factories.fkp import PDF_BYTES, add_agreement, add_participant, new_forum, png_bytes, unit_by_code


def _messages(html):
    return " ".join(re.sub(r"\s+", " ", m) for m in re.findall(r'class="alert[^"]*"[^>]*>(.*?)</div>', html, re.S))


def _stored_files(app):
    folder = os.path.join(app.config["UPLOAD_FOLDER"], "fkp")
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []


def _documents(db):
    db.session.rollback()  # end the snapshot (MariaDB repeatable read) to see the requests' writes
    return db.session.execute(select(func.count(FkpDocument.id))).scalar_one()


def _upload(client, forum_id, kind, filename=None, data=None, **fields):
    token = csrf_token(client, f"/fkpforumview/show/{forum_id}")
    form = {"csrf_token": token, "kind": kind, **fields}
    if filename is not None:
        form["file"] = (io.BytesIO(data), filename)
    response = client.post(f"/fkpforumview/upload/{forum_id}", data=form, content_type="multipart/form-data",
                           follow_redirects=True)
    assert response.status_code == 200
    from app.extensions import db

    db.session.rollback()  # see the request's writes (MariaDB repeatable read)
    return _messages(response.get_data(as_text=True))


def test_uploads_of_wrong_type_content_or_size_are_refused_and_leave_nothing(fresh, app, db, as_user):
    forum = new_forum(unit_by_code("JTG-RSUD-MOEWARDI"))
    db.session.commit()
    client = as_user("operator.rsud")
    files_before, rows_before = _stored_files(app), _documents(db)

    assert "Jenis berkas .exe tidak diizinkan" in _upload(client, forum.id, "foto", "virus.exe", b"MZ\x90\x00")
    assert "Jenis berkas .docx tidak diizinkan" in _upload(client, forum.id, "berita_acara", "ba.docx", b"PK\x03\x04xx")
    assert "Isi berkas tidak sesuai dengan jenisnya (.png)" in _upload(client, forum.id, "foto", "foto.png", PDF_BYTES)
    too_big = b"\x89PNG\r\n\x1a\n" + b"\x00" * (5 * 1024 * 1024)
    assert "Berkas terlalu besar" in _upload(client, forum.id, "foto", "besar.png", too_big)
    assert "Berkas gambar rusak" in _upload(client, forum.id, "foto", "rusak.png", b"\x89PNG\r\n\x1a\n" + b"junk" * 100)
    assert "Pilih berkas" in _upload(client, forum.id, "notulen")
    assert "Tautan video harus diawali http" in _upload(client, forum.id, "video", url="javascript:alert(1)")

    assert _documents(db) == rows_before
    assert _stored_files(app) == files_before


def test_a_photo_gets_a_thumbnail_and_both_download_in_scope_only(fresh, app, db, as_user):
    forum = new_forum(unit_by_code("JTG-RSUD-MOEWARDI"))
    other = new_forum(unit_by_code("SMG-PKM-PANDANARAN"))
    db.session.commit()
    client = as_user("operator.rsud")
    photo = png_bytes(size=(1600, 900))
    assert "Foto kegiatan tersimpan" in _upload(client, forum.id, "foto", "diskusi.png", photo, title="Sesi diskusi")
    assert "Tautan video tersimpan" in _upload(client, forum.id, "video", url="https://youtu.be/contoh")
    document = db.session.execute(select(FkpDocument).where(FkpDocument.kind == DocumentKind.FOTO)).scalar_one()
    assert document.thumb_stored_name and document.size == len(photo)

    original = client.get(f"/fkpdocumentview/file/{document.id}")
    assert original.status_code == 200 and original.data == photo
    thumbnail = client.get(f"/fkpdocumentview/thumbnail/{document.id}")
    assert thumbnail.status_code == 200
    with Image.open(io.BytesIO(thumbnail.data)) as image:
        assert image.format == "JPEG" and max(image.size) <= 320

    show = client.get(f"/fkpforumview/show/{forum.id}").get_data(as_text=True)
    assert f"/fkpdocumentview/thumbnail/{document.id}" in show and "https://youtu.be/contoh" in show

    # The same files are out of reach for a user of another instansi, and uploads to another's forum too.
    kota = as_user("admin.kota")
    assert kota.get(f"/fkpdocumentview/file/{document.id}").status_code == 404
    assert kota.get(f"/fkpdocumentview/thumbnail/{document.id}").status_code == 404
    token = csrf_token(client, f"/fkpforumview/show/{forum.id}")
    response = client.post(f"/fkpforumview/upload/{other.id}", data={
        "csrf_token": token, "kind": "notulen", "file": (io.BytesIO(PDF_BYTES), "n.pdf")}, content_type="multipart/form-data")
    assert response.status_code == 404
    assert _documents(db) == 2


def test_deleting_a_document_removes_its_files(fresh, app, db, as_user):
    forum = new_forum(unit_by_code("JTG-RSUD-MOEWARDI"))
    db.session.commit()
    client = as_user("operator.rsud")
    before = _stored_files(app)
    _upload(client, forum.id, "foto", "a.png", png_bytes())
    assert len(_stored_files(app)) == len(before) + 2
    document = db.session.execute(select(FkpDocument)).scalar_one()
    token = csrf_token(client, f"/fkpforumview/show/{forum.id}")
    assert client.post(f"/fkpdocumentview/delete/{document.id}", data={"csrf_token": token}).status_code == 302
    assert _documents(db) == 0
    assert _stored_files(app) == before


def test_agreement_evidence_is_checked_and_served_in_scope_only(fresh, app, db, as_user):
    forum = new_forum(unit_by_code("JTG-RSUD-MOEWARDI"))
    agreement = add_agreement(forum, "Papan informasi alur layanan")
    db.session.commit()
    client = as_user("penghubung.dinkes")
    token = csrf_token(client, f"/fkpagreementview/show/{agreement.id}")
    response = client.post(f"/fkpagreementview/evidence_upload/{agreement.id}", data={
        "csrf_token": token, "file": (io.BytesIO(b"#!/bin/sh"), "bukti.sh")}, content_type="multipart/form-data",
        follow_redirects=True)
    assert "Jenis berkas .sh tidak diizinkan" in _messages(response.get_data(as_text=True))
    assert client.get(f"/fkpagreementview/evidence/{agreement.id}").status_code == 404
    response = client.post(f"/fkpagreementview/evidence_upload/{agreement.id}", data={
        "csrf_token": token, "file": (io.BytesIO(PDF_BYTES), "bukti.pdf")}, content_type="multipart/form-data",
        follow_redirects=True)
    assert "Bukti tindak lanjut tersimpan" in _messages(response.get_data(as_text=True))
    assert client.get(f"/fkpagreementview/evidence/{agreement.id}").data == PDF_BYTES
    assert as_user("admin.kota").get(f"/fkpagreementview/evidence/{agreement.id}").status_code == 404


def test_berita_acara_holds_forum_participants_by_element_agreements_and_signatures(fresh, db, as_user):
    import datetime

    unit = unit_by_code("JTG-RSUD-MOEWARDI")
    forum = new_forum(unit, topic="Peninjauan SP Instalasi Gawat Darurat", place="Aula Lantai 3", facilitator="dr. Rina",
                      note_taker="Andi", held_on=datetime.date(2026, 3, 2), start_time="09:00", end_time="11:30",
                      stage=FkpStage.PASCA)
    add_participant(forum, "Bu Sumarni", "PENGGUNA")
    add_participant(forum, "Pak Hadi", "PENGGUNA", attended=False)
    add_participant(forum, "Prof. Wibowo", "AKADEMISI")
    add_participant(forum, "Kabid Yanmed", "PENYELENGGARA")
    add_agreement(forum, "Triase dilakukan paling lama 5 menit", due_date=datetime.date(2026, 5, 31))
    other = new_forum(unit_by_code("SMG-PKM-PANDANARAN"))
    db.session.commit()

    client = as_user("operator.rsud")
    response = client.get(f"/fkpforumview/berita_acara/{forum.id}")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert "berita-acara-fkp-jtg-rsud-moewardi-2026-03-02" in response.headers["Content-Disposition"]
    from tests.test_documents import text_of

    text = "\n".join(text_of(response.data))
    for expected in (
        "BERITA ACARA", "FORUM KONSULTASI PUBLIK", "RSUD DR. MOEWARDI", "Senin, 2 Maret 2026", "Aula Lantai 3",
        "Peninjauan SP Instalasi Gawat Darurat", "09.00 - 11.30 WIB", "dr. Rina", "Nomor: 1/BA-FKP/JTG-RSUD-MOEWARDI/2026",
        "Pengguna layanan | 2 | 1", "Akademisi | 1 | 1", "Penyelenggara | 1 | 1",
        "Bu Sumarni", "Pak Hadi", "Prof. Wibowo", "Jumlah unsur masyarakat yang hadir (selain penyelenggara): 2.",
        "Triase dilakukan paling lama 5 menit", "31 Mei 2026", "Wakil Penyelenggara", "Wakil Masyarakat", "Mengetahui,",
    ):
        assert expected in text, expected
    assert text.index("Pengguna layanan | 2") < text.index("Akademisi | 1") < text.index("Penyelenggara | 1")
    # The number, once given, stays.
    assert "Nomor: 1/BA-FKP/JTG-RSUD-MOEWARDI/2026" in "\n".join(text_of(client.get(f"/fkpforumview/berita_acara/{forum.id}").data))

    assert client.get(f"/fkpforumview/berita_acara/{other.id}").status_code == 404
    assert as_user("pimpinan").get(f"/fkpforumview/berita_acara/{forum.id}").status_code == 200
