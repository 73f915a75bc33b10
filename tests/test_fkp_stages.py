"""A forum moves through its stages only by explicit actions, and only when each stage's checks pass."""
import io
import re

import pytest
from sqlalchemy import func, select

from app.models.fkp import FkpAgreement, FkpDocument, FkpForum, FkpParticipant, FkpStage
from tests.conftest import csrf_token
from tests.factories.fkp import PDF_BYTES, element_of, unit_by_code


def _messages(html):
    return " ".join(re.sub(r"\s+", " ", m) for m in re.findall(r'class="alert[^"]*"[^>]*>(.*?)</div>', html, re.S))


def _count(db, model):
    db.session.rollback()  # end the snapshot (MariaDB repeatable read) to see the requests' writes
    return db.session.execute(select(func.count(model.id))).scalar_one()


def _move(client, pk, target):
    token = csrf_token(client, f"/fkpforumview/show/{pk}")
    response = client.post(f"/fkpforumview/stage/{pk}", data={"csrf_token": token, "target": target}, follow_redirects=True)
    assert response.status_code == 200
    return _messages(response.get_data(as_text=True))


def _stage(db, pk):
    db.session.rollback()  # end the snapshot (MariaDB repeatable read) to see the requests' writes
    return db.session.get(FkpForum, pk).stage


def _add_forum(client, unit):
    token = csrf_token(client, "/fkpforumview/add")
    response = client.post("/fkpforumview/add", data={
        "csrf_token": token, "unit": str(unit.id), "topic": "Peninjauan SP Rawat Jalan", "purpose": "sp_review",
        "form": "tatap_muka", "method": "fgd", "start_time": "09:00", "end_time": "12:00",
    })
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]


def test_forum_goes_through_every_stage_and_each_refusal_writes_nothing(fresh, db, as_user):
    client = as_user("operator.rsud")
    unit = unit_by_code("JTG-RSUD-MOEWARDI")
    _add_forum(client, unit)
    db.session.rollback()
    forum = db.session.execute(select(FkpForum).where(FkpForum.topic == "Peninjauan SP Rawat Jalan")).scalar_one()
    pk = forum.id
    assert forum.stage == FkpStage.PRA

    # To pelaksanaan: date, place or link, facilitator.
    message = _move(client, pk, "pelaksanaan")
    assert "tanggal pelaksanaan belum diisi" in message
    assert "tempat atau tautan rapat belum diisi" in message
    assert "fasilitator/moderator belum diisi" in message
    assert _stage(db, pk) == FkpStage.PRA

    # Skipping a stage is refused too.
    assert "tidak dapat dipindah" in _move(client, pk, "pasca_pelaksanaan")
    assert _stage(db, pk) == FkpStage.PRA

    token = csrf_token(client, f"/fkpforumview/edit/{pk}")
    response = client.post(f"/fkpforumview/edit/{pk}", data={
        "csrf_token": token, "unit": str(unit.id), "topic": "Peninjauan SP Rawat Jalan", "purpose": "sp_review",
        "form": "tatap_muka", "method": "fgd", "held_on": "2026-03-10", "start_time": "09:00", "end_time": "12:00",
        "place": "Aula RSUD", "facilitator": "Dr. Sari",
    })
    assert response.status_code == 302
    assert "Forum dipindah ke tahap Pelaksanaan" in _move(client, pk, "pelaksanaan")
    assert _stage(db, pk) == FkpStage.PELAKSANAAN

    # Once held, the date, place and facilitator cannot be emptied again.
    token = csrf_token(client, f"/fkpforumview/edit/{pk}")
    response = client.post(f"/fkpforumview/edit/{pk}", data={
        "csrf_token": token, "unit": str(unit.id), "topic": "Peninjauan SP Rawat Jalan", "purpose": "sp_review",
        "form": "tatap_muka", "method": "fgd", "held_on": "2026-03-10", "place": "Aula RSUD", "facilitator": "",
    }, follow_redirects=True)
    assert "fasilitator/moderator belum diisi" in _messages(response.get_data(as_text=True))
    db.session.rollback()
    assert db.session.get(FkpForum, pk).facilitator == "Dr. Sari"

    # To pasca: at least one attended participant and one agreement.
    message = _move(client, pk, "pasca_pelaksanaan")
    assert "belum ada peserta yang ditandai hadir" in message and "belum ada kesepakatan" in message
    assert _stage(db, pk) == FkpStage.PELAKSANAAN

    provider = element_of(unit, "PENYELENGGARA")
    token = csrf_token(client, f"/fkpparticipantview/add?_flt_0_forum={pk}")
    response = client.post(f"/fkpparticipantview/add?_flt_0_forum={pk}", data={
        "csrf_token": token, "forum": str(pk), "name": "Kepala Bagian Pelayanan", "element": str(provider.id), "attended": "y",
    })
    assert response.status_code == 302
    assert _count(db, FkpParticipant) == 1
    message = _move(client, pk, "pasca_pelaksanaan")
    assert "belum ada kesepakatan" in message and "peserta" not in message.split("kesepakatan")[0].split(":")[-1]
    assert _stage(db, pk) == FkpStage.PELAKSANAAN

    token = csrf_token(client, "/fkpagreementview/add")
    response = client.post("/fkpagreementview/add", data={
        "csrf_token": token, "forum": str(pk), "text": "Waktu tunggu rawat jalan maksimal 60 menit",
        "follow_up": "Revisi SK Standar Pelayanan", "owner": "Kabid Pelayanan", "due_date": "2026-06-30", "status": "belum",
    })
    assert response.status_code == 302
    assert "Pasca pelaksanaan" in _move(client, pk, "pasca_pelaksanaan")
    assert _stage(db, pk) == FkpStage.PASCA

    # To selesai: a signed berita acara scan AND an attended community participant (not penyelenggara).
    message = _move(client, pk, "selesai")
    assert "pindaian berita acara bertanda tangan belum diunggah" in message
    assert "unsur masyarakat (selain penyelenggara)" in message
    assert _stage(db, pk) == FkpStage.PASCA

    token = csrf_token(client, f"/fkpforumview/show/{pk}")
    response = client.post(f"/fkpforumview/upload/{pk}", data={
        "csrf_token": token, "kind": "berita_acara", "file": (io.BytesIO(PDF_BYTES), "ba-ttd.pdf"),
    }, content_type="multipart/form-data", follow_redirects=True)
    assert "Berita acara bertanda tangan tersimpan" in _messages(response.get_data(as_text=True))
    message = _move(client, pk, "selesai")
    assert "berita acara" not in message and "unsur masyarakat (selain penyelenggara)" in message
    assert _stage(db, pk) == FkpStage.PASCA

    # A community member who did not attend does not count.
    user_element = element_of(unit, "PENGGUNA")
    token = csrf_token(client, f"/fkpparticipantview/add?_flt_0_forum={pk}")
    response = client.post(f"/fkpparticipantview/add?_flt_0_forum={pk}", data={
        "csrf_token": token, "forum": str(pk), "name": "Bu Wati", "element": str(user_element.id),
    })
    assert _count(db, FkpParticipant) == 2
    assert "unsur masyarakat (selain penyelenggara)" in _move(client, pk, "selesai")
    assert _stage(db, pk) == FkpStage.PASCA

    client.post(f"/fkpparticipantview/add?_flt_0_forum={pk}", data={
        "csrf_token": token, "forum": str(pk), "name": "Pak Joko", "element": str(user_element.id), "attended": "y",
    })
    assert "Forum dipindah ke tahap Selesai" in _move(client, pk, "selesai")
    assert _stage(db, pk) == FkpStage.SELESAI

    # A finished forum's record is closed: no more participants or documents.
    before = _count(db, FkpParticipant)
    client.post(f"/fkpparticipantview/add?_flt_0_forum={pk}", data={
        "csrf_token": token, "forum": str(pk), "name": "Terlambat", "element": str(user_element.id), "attended": "y",
    })
    assert _count(db, FkpParticipant) == before
    documents = _count(db, FkpDocument)
    response = client.post(f"/fkpforumview/upload/{pk}", data={
        "csrf_token": token, "kind": "notulen", "file": (io.BytesIO(PDF_BYTES), "notulen.pdf"),
    }, content_type="multipart/form-data", follow_redirects=True)
    assert "Forum sudah selesai" in _messages(response.get_data(as_text=True))
    assert _count(db, FkpDocument) == documents
    assert _count(db, FkpAgreement) == 1


def test_a_closed_forum_refuses_a_document_at_every_door_not_only_the_screen(fresh, db):
    from app.fkp.documents import add_document
    from app.models.fkp import DocumentKind
    from app.uploads import UploadError
    from tests.factories.fkp import new_forum

    forum = new_forum(unit_by_code("JTG-RSUD-MOEWARDI"), stage=FkpStage.SELESAI)
    with pytest.raises(UploadError, match="Forum sudah selesai"):
        add_document(forum, DocumentKind.NOTULEN, "notulen.pdf", PDF_BYTES)
    with pytest.raises(UploadError, match="Forum sudah selesai"):
        add_document(forum, DocumentKind.VIDEO, url="https://contoh.go.id/video")


def test_stage_move_without_csrf_token_is_refused(fresh, db, as_user):
    from tests.factories.fkp import new_forum

    forum = new_forum(unit_by_code("JTG-RSUD-MOEWARDI"), place="Aula", facilitator="Moderator")
    db.session.commit()
    client = as_user("operator.rsud")
    response = client.post(f"/fkpforumview/stage/{forum.id}", data={"target": "pelaksanaan"})
    assert response.status_code == 400
    assert _stage(db, forum.id) == FkpStage.PRA


def test_pimpinan_reads_forums_but_cannot_move_them(fresh, db, as_user):
    from tests.factories.fkp import new_forum

    forum = new_forum(unit_by_code("JTG-RSUD-MOEWARDI"), place="Aula", facilitator="Moderator")
    db.session.commit()
    client = as_user("pimpinan")
    page = client.get(f"/fkpforumview/show/{forum.id}")
    assert page.status_code == 200
    assert "/fkpforumview/stage/" not in page.get_data(as_text=True)
    assert "/fkpforumview/upload/" not in page.get_data(as_text=True)
    operator_page = as_user("operator.rsud").get(f"/fkpforumview/show/{forum.id}").get_data(as_text=True)
    assert "/fkpforumview/stage/" in operator_page and "/fkpforumview/upload/" in operator_page
    token = csrf_token(client)
    assert client.post(f"/fkpforumview/stage/{forum.id}", data={"csrf_token": token, "target": "pelaksanaan"}).status_code in (302, 403)
    assert _stage(db, forum.id) == FkpStage.PRA


def test_participant_form_offers_the_elements_of_the_users_instansi_only(fresh, db, as_user):
    from app.fkp.elements import seed_all
    from app.models.fkp import FkpElement

    seed_all()
    db.session.commit()
    jateng = set(str(i) for i in db.session.execute(
        select(FkpElement.id).join(FkpElement.instansi).where(FkpElement.instansi.has(code="JATENG"))).scalars())
    smg = set(str(i) for i in db.session.execute(
        select(FkpElement.id).where(FkpElement.instansi.has(code="SMG"))).scalars())
    html = as_user("operator.rsud").get("/fkpparticipantview/add").get_data(as_text=True)
    select_html = re.search(r'<select[^>]*id="element"[^>]*>(.*?)</select>', html, re.S).group(1)
    offered = set(re.findall(r'value="(\d+)"', select_html))
    assert offered == jateng and not offered & smg


def test_an_element_of_another_instansi_is_refused_for_a_participant(fresh, db, as_user):
    from tests.factories.fkp import new_forum

    forum = new_forum(unit_by_code("JTG-RSUD-MOEWARDI"))
    other = element_of(unit_by_code("SMG-PKM-PANDANARAN"), "PENGGUNA")
    db.session.commit()
    client = as_user("admin")
    token = csrf_token(client, "/fkpparticipantview/add")
    response = client.post("/fkpparticipantview/add", data={
        "csrf_token": token, "forum": str(forum.id), "name": "Salah Instansi", "element": str(other.id), "attended": "y",
    }, follow_redirects=True)
    assert "Unsur masyarakat harus dari daftar instansi forum ini" in response.get_data(as_text=True)
    assert _count(db, FkpParticipant) == 0
