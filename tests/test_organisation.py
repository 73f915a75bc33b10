"""The organisation tree screens: codes, tiers, moves, and what each tier may change."""
from sqlalchemy import func, select

from app.models.org import OrgNode, ServiceType
from tests.conftest import csrf_token


def node(db, code):
    return db.session.execute(select(OrgNode).where(OrgNode.code == code)).scalar_one()


def count_nodes(db):
    db.session.rollback()
    return db.session.execute(select(func.count()).select_from(OrgNode)).scalar_one()


def test_liaison_sees_the_units_of_its_opd_and_not_another(fresh, db, as_user):
    html = as_user("penghubung.dinkes").get("/unitview/list/?psize_UnitView=100").get_data(as_text=True)
    assert "RSUD Dr. Moewardi" in html and "Puskesmas Halmahera" in html
    assert "Bidang Pelayanan Pendaftaran Penduduk" not in html
    assert "Puskesmas Pandanaran" not in html


def test_operator_sees_only_its_own_unit(fresh, db, as_user):
    html = as_user("operator.rsud").get("/unitview/list/").get_data(as_text=True)
    assert "RSUD Dr. Moewardi" in html
    assert "RSUD Tugurejo" not in html


def test_duplicate_code_is_refused_with_a_message_and_nothing_written(fresh, db, as_user):
    client = as_user("admin.instansi")
    before = count_nodes(db)
    dinkes = node(db, "JTG-DINKES")
    response = client.post(
        "/unitview/add",
        data={"parent": dinkes.id, "code": "JTG-RSUD-MOEWARDI", "name": "RSUD Kembar", "csrf_token": csrf_token(client, "/unitview/add")},
        follow_redirects=True,
    )
    html = response.get_data(as_text=True)
    assert "Sudah ada." in html or "Kode JTG-RSUD-MOEWARDI sudah dipakai" in html
    assert count_nodes(db) == before


def test_invalid_form_shows_field_messages_and_writes_nothing(fresh, db, as_user):
    client = as_user("admin.instansi")
    before = count_nodes(db)
    response = client.post(
        "/unitview/add",
        data={"parent": node(db, "JTG-DINKES").id, "code": "", "name": "", "csrf_token": csrf_token(client, "/unitview/add")},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "help-block" in html
    assert count_nodes(db) == before


def test_a_code_with_spaces_is_refused(fresh, db, as_user):
    client = as_user("admin.instansi")
    before = count_nodes(db)
    response = client.post(
        "/unitview/add",
        data={"parent": node(db, "JTG-DINKES").id, "code": "rs baru!", "name": "RS Baru", "csrf_token": csrf_token(client, "/unitview/add")},
        follow_redirects=True,
    )
    assert "Kode hanya boleh huruf besar" in response.get_data(as_text=True)
    assert count_nodes(db) == before


def test_admin_instansi_cannot_create_an_instansi(fresh, db, as_user):
    client = as_user("admin.instansi")
    before = count_nodes(db)
    client.post(
        "/instansiview/add",
        data={"code": "PEMDA-BARU", "name": "Pemda Baru", "csrf_token": csrf_token(client, "/instansiview/add")},
    )
    assert count_nodes(db) == before


def test_admin_sistem_creates_an_instansi(fresh, db, as_user):
    client = as_user("admin")
    before = count_nodes(db)
    client.post(
        "/instansiview/add",
        data={"code": "PEMDA-BARU", "name": "Pemda Baru", "csrf_token": csrf_token(client, "/instansiview/add")},
    )
    assert count_nodes(db) == before + 1
    assert node(db, "PEMDA-BARU").path == "/PEMDA-BARU/"


def test_a_unit_must_hang_under_an_opd(fresh, db, as_user):
    client = as_user("admin")
    before = count_nodes(db)
    response = client.post(
        "/unitview/add",
        data={"parent": node(db, "JATENG").id, "code": "UNIT-LEPAS", "name": "Unit Lepas", "csrf_token": csrf_token(client, "/unitview/add")},
        follow_redirects=True,
    )
    assert count_nodes(db) == before
    assert "Unit Layanan harus berada di bawah Perangkat Daerah" in response.get_data(as_text=True) or response.status_code == 200


def test_moving_a_unit_moves_its_scope(fresh, db, as_user):
    client = as_user("admin.instansi")
    unit = node(db, "JTG-PKM-NGESREP")
    dinsos = node(db, "JTG-DINSOS")
    response = client.post(
        f"/unitview/edit/{unit.id}",
        data={"parent": dinsos.id, "name": unit.name, "csrf_token": csrf_token(client, f"/unitview/edit/{unit.id}")},
    )
    assert response.status_code == 302
    db.session.rollback()
    assert node(db, "JTG-PKM-NGESREP").path == "/JATENG/JTG-DINSOS/JTG-PKM-NGESREP/"
    html = as_user("penghubung.dinkes").get("/unitview/list/?psize_UnitView=100").get_data(as_text=True)
    assert "Puskesmas Ngesrep" not in html


def test_liaison_cannot_move_a_unit_out_of_its_opd(fresh, db, as_user):
    client = as_user("penghubung.dinkes")
    unit = node(db, "JTG-PKM-NGESREP")
    dinsos = node(db, "JTG-DINSOS")
    page = client.get(f"/unitview/edit/{unit.id}")
    assert page.status_code in (302, 403)
    client.post(f"/unitview/edit/{unit.id}", data={"parent": dinsos.id, "name": "Pindah", "csrf_token": csrf_token(client)})
    db.session.rollback()
    assert node(db, "JTG-PKM-NGESREP").parent.code == "JTG-DINKES"


def test_operator_adds_a_service_type_to_its_unit_only(fresh, db, as_user):
    client = as_user("operator.rsud")
    rsud, tugurejo = node(db, "JTG-RSUD-MOEWARDI"), node(db, "JTG-RSUD-TUGUREJO")
    token = csrf_token(client, "/servicetypeview/add")
    client.post("/servicetypeview/add", data={"unit": tugurejo.id, "code": "ST-SALAH", "name": "Salah", "csrf_token": token})
    client.post("/servicetypeview/add", data={"unit": rsud.id, "code": "ST-BENAR", "name": "Hemodialisa",
                                              "sp_decree_number": "188/12/2025", "sp_decree_date": "2025-01-15", "csrf_token": token})
    db.session.rollback()
    codes = set(db.session.execute(select(ServiceType.code)).scalars())
    assert "ST-BENAR" in codes and "ST-SALAH" not in codes


def test_the_rest_api_labels_its_fields_in_indonesian(as_user):
    import json

    client = as_user("admin.instansi")
    labels = json.loads(client.get("/api/v1/org/?q=(keys:!(label_columns))").get_data(as_text=True))["label_columns"]
    assert labels["code"] == "Kode" and labels["parent.code"] == "Kode induk" and labels["level"] == "Tingkat"
    labels = json.loads(client.get("/api/v1/service_type/?q=(keys:!(label_columns))").get_data(as_text=True))[
        "label_columns"]
    assert labels["unit.code"] == "Kode unit" and labels["sp_decree_date"] == "Tanggal SK"
