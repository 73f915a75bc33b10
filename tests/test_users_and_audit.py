"""Users by tier, the audit trail, and logging in."""
import re

from sqlalchemy import func, select

from app.models.audit import AuditLog
from app.models.org import OrgNode
from app.models.user import PantauUser
from tests.conftest import csrf_token, login


def role_id(app, name):
    return app.appbuilder.sm.find_role(name).id


def node_id(db, code):
    return db.session.execute(select(OrgNode.id).where(OrgNode.code == code)).scalar_one()


def user_count(db):
    db.session.rollback()
    return db.session.execute(select(func.count()).select_from(PantauUser)).scalar_one()


def new_user_form(app, db, client, roles, orgs, username="petugas.baru"):
    return {
        "first_name": "Petugas", "last_name": "Baru", "username": username, "email": f"{username}@pantau.test",
        "active": "y", "roles": [str(role_id(app, r)) for r in roles], "org_nodes": [str(node_id(db, o)) for o in orgs],
        "password": "Rahasia#12345", "conf_password": "Rahasia#12345", "csrf_token": csrf_token(client, "/users/add"),
    }


def test_admin_instansi_creates_a_liaison_in_its_instansi(fresh, app, db, as_user):
    client = as_user("admin.instansi")
    before = user_count(db)
    client.post("/users/add", data=new_user_form(app, db, client, ["Pejabat Penghubung"], ["JTG-DINSOS"]))
    assert user_count(db) == before + 1
    user = app.appbuilder.sm.find_user(username="petugas.baru")
    assert [n.code for n in user.org_nodes] == ["JTG-DINSOS"]


def test_admin_instansi_cannot_create_an_admin_sistem_even_by_forging_the_post(fresh, app, db, as_user):
    client = as_user("admin.instansi")
    page = client.get("/users/add").get_data(as_text=True)
    roles_select = re.search(r'<select[^>]*id="roles"[^>]*>(.*?)</select>', page, re.S).group(1)
    assert f'value="{role_id(app, "Admin Instansi")}"' in roles_select
    assert f'value="{role_id(app, "Admin Sistem")}"' not in roles_select
    before = user_count(db)
    client.post("/users/add", data=new_user_form(app, db, client, ["Admin Sistem"], ["JATENG"]))
    assert user_count(db) == before


def test_admin_instansi_cannot_place_a_user_in_another_instansi(fresh, app, db, as_user):
    client = as_user("admin.instansi")
    before = user_count(db)
    client.post("/users/add", data=new_user_form(app, db, client, ["Operator Unit"], ["SMG-PKM-PANDANARAN"]))
    assert user_count(db) == before


def test_admin_instansi_does_not_see_admin_sistem_or_other_instansi_users(fresh, app, db, as_user):
    html = as_user("admin.instansi").get("/users/list/").get_data(as_text=True)
    assert "operator.rsud" in html and "penghubung.dinkes" in html
    assert "admin.kota" not in html
    assert ">admin<" not in html


def test_cli_creates_a_user_with_role_and_node(fresh, app, db):
    runner = app.test_cli_runner()
    result = runner.invoke(args=[
        "pantau", "create-user", "--username", "op.samsat", "--email", "op.samsat@pantau.test",
        "--first-name", "Op", "--last-name", "Samsat", "--role", "Operator Unit",
        "--org", "JTG-SAMSAT-SMG1", "--password", "Samsat#2026x",
    ])
    assert result.exit_code == 0, result.output
    user = app.appbuilder.sm.find_user(username="op.samsat")
    assert [n.code for n in user.org_nodes] == ["JTG-SAMSAT-SMG1"]
    assert login(app.test_client(), "op.samsat", "Samsat#2026x").headers["Location"] == "/"


def test_cli_refuses_an_unknown_node_and_writes_nothing(fresh, app, db):
    before = user_count(db)
    result = app.test_cli_runner().invoke(args=[
        "pantau", "create-user", "--username", "op.x", "--email", "op.x@pantau.test", "--first-name", "Op",
        "--role", "Operator Unit", "--org", "TIDAK-ADA", "--password", "Rahasia#123",
    ])
    assert result.exit_code != 0 and "TIDAK-ADA" in result.output
    assert user_count(db) == before


def test_changes_are_audited_with_old_and_new_values(fresh, app, db, as_user):
    client = as_user("admin.instansi")
    unit_id = node_id(db, "JTG-PKM-NGESREP")
    client.post(
        f"/unitview/edit/{unit_id}",
        data={"parent": node_id(db, "JTG-DINKES"), "name": "Puskesmas Ngesrep Baru", "csrf_token": csrf_token(client, f"/unitview/edit/{unit_id}")},
    )
    db.session.rollback()
    row = db.session.execute(
        select(AuditLog).where(AuditLog.event == "update", AuditLog.record_id == str(unit_id)).order_by(AuditLog.id.desc())
    ).scalars().first()
    assert row is not None and row.username == "admin.instansi"
    assert row.changes["name"] == ["Puskesmas Ngesrep", "Puskesmas Ngesrep Baru"]


def test_logins_and_failed_logins_are_audited(fresh, app, db):
    client = app.test_client()
    login(client, "operator.rsud", "salah-sekali")
    login(client, "operator.rsud")
    db.session.rollback()
    events = db.session.execute(
        select(AuditLog.event).where(AuditLog.username == "operator.rsud").order_by(AuditLog.id)
    ).scalars().all()
    assert events[-2:] == ["login_failed", "login"]


def test_audit_trail_is_read_only_and_scoped(fresh, app, db, as_user):
    login(app.test_client(), "admin.kota")
    client = as_user("admin.instansi")
    db.session.rollback()
    html = client.get("/auditlogview/list/?psize_AuditLogView=100").get_data(as_text=True)
    assert "admin.instansi" in html
    assert "admin.kota" not in html
    some_id = db.session.execute(select(AuditLog.id).limit(1)).scalar_one()
    assert client.get(f"/auditlogview/edit/{some_id}").status_code in (302, 403, 404)
    assert client.post(f"/auditlogview/delete/{some_id}", data={"csrf_token": csrf_token(client)}).status_code in (302, 403, 404)
    assert db.session.get(AuditLog, some_id) is not None
    assert as_user("operator.rsud").get("/auditlogview/list/").status_code in (302, 403)


def test_wrong_login_gets_an_indonesian_message(fresh, app):
    client = app.test_client()
    response = login(client, "operator.rsud", "bukan-sandinya")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Login gagal" in page


def test_repeated_failures_lock_the_login_even_with_the_right_password(fresh, app):
    client = app.test_client()
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        login(client, "pimpinan", "tebakan-salah")
    response = login(client, "pimpinan")
    assert "/login" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Terlalu banyak percobaan masuk yang gagal" in page
