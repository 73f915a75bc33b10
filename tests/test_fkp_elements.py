"""The unsur masyarakat list per instansi, the frequency setting, and small record rules of forums and agreements."""
from sqlalchemy import func, select

from app.models.fkp import AgreementStatus, FkpAgreement, FkpElement, FkpForum, FkpSetting, FkpStage
from tests.conftest import csrf_token
from tests.factories.fkp import add_agreement, new_forum, unit_by_code


def _elements(db, instansi_code):
    db.session.rollback()
    return db.session.execute(
        select(FkpElement.name).where(FkpElement.instansi.has(code=instansi_code)).order_by(FkpElement.position)
    ).scalars().all()


def test_seed_command_gives_each_instansi_the_starter_list_once(fresh, app, db):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["fkp", "seed-elements"])
    assert first.exit_code == 0 and "JATENG: 9 unsur ditambahkan" in first.output
    again = runner.invoke(args=["fkp", "seed-elements", "--instansi", "jateng"])
    assert "JATENG: 0 unsur ditambahkan" in again.output
    assert _elements(db, "JATENG")[0] == "Pengguna layanan" and _elements(db, "JATENG")[-1] == "Penyelenggara"
    assert db.session.execute(select(FkpSetting.min_forums_per_year).where(FkpSetting.instansi.has(code="SMG"))).scalar_one() == 1


def test_admin_instansi_edits_its_list_and_duplicates_are_refused(fresh, app, db, as_user):
    app.test_cli_runner().invoke(args=["fkp", "seed-elements"])
    jateng = unit_by_code("JTG-RSUD-MOEWARDI").instansi
    client = as_user("admin.instansi")
    token = csrf_token(client, "/fkpelementview/add")
    response = client.post("/fkpelementview/add", data={
        "csrf_token": token, "instansi": str(jateng.id), "code": "ojol", "name": "Komunitas ojek daring", "position": "20",
    })
    assert response.status_code == 302
    assert "Komunitas ojek daring" in _elements(db, "JATENG")
    response = client.post("/fkpelementview/add", data={
        "csrf_token": token, "instansi": str(jateng.id), "code": "AKADEMISI2", "name": "Akademisi", "position": "21",
    }, follow_redirects=True)
    assert "Kode atau nama unsur sudah dipakai di instansi ini" in response.get_data(as_text=True)
    assert len(_elements(db, "JATENG")) == 10
    assert len(_elements(db, "SMG")) == 9

    html = client.get("/fkpelementview/list/").get_data(as_text=True)
    assert "Komunitas ojek daring" in html
    assert as_user("operator.rsud").get("/fkpelementview/add").status_code in (302, 403)


def test_the_frequency_setting_is_edited_within_limits(fresh, app, db, as_user):
    app.test_cli_runner().invoke(args=["fkp", "seed-elements"])
    setting = db.session.execute(select(FkpSetting).where(FkpSetting.instansi.has(code="JATENG"))).scalar_one()
    client = as_user("admin.instansi")
    token = csrf_token(client, f"/fkpsettingview/edit/{setting.id}")
    response = client.post(f"/fkpsettingview/edit/{setting.id}", data={"csrf_token": token, "min_forums_per_year": "0"},
                           follow_redirects=True)
    assert "Frekuensi harus antara 1 dan 12" in response.get_data(as_text=True)
    client.post(f"/fkpsettingview/edit/{setting.id}", data={"csrf_token": token, "min_forums_per_year": "2"})
    db.session.rollback()
    assert db.session.get(FkpSetting, setting.id).min_forums_per_year == 2
    other = db.session.execute(select(FkpSetting).where(FkpSetting.instansi.has(code="SMG"))).scalar_one()
    assert client.get(f"/fkpsettingview/edit/{other.id}").status_code == 404


def test_only_a_forum_still_in_preparation_can_be_deleted(fresh, db, as_user):
    unit = unit_by_code("JTG-RSUD-MOEWARDI")
    planned = new_forum(unit)
    held = new_forum(unit, stage=FkpStage.PELAKSANAAN)
    db.session.commit()
    client = as_user("operator.rsud")
    token = csrf_token(client)
    response = client.post(f"/fkpforumview/delete/{held.id}", data={"csrf_token": token}, follow_redirects=True)
    assert "Hanya forum pada tahap pra pelaksanaan yang dapat dihapus" in response.get_data(as_text=True)
    client.post(f"/fkpforumview/delete/{planned.id}", data={"csrf_token": token})
    db.session.rollback()
    assert db.session.execute(select(func.count(FkpForum.id))).scalar_one() == 1


def test_an_agreement_marked_done_gets_its_completion_date(fresh, db, as_user):
    forum = new_forum(unit_by_code("JTG-RSUD-MOEWARDI"))
    agreement = add_agreement(forum, "Loket prioritas lansia")
    db.session.commit()
    client = as_user("penghubung.dinkes")
    token = csrf_token(client, f"/fkpagreementview/edit/{agreement.id}")
    response = client.post(f"/fkpagreementview/edit/{agreement.id}", data={
        "csrf_token": token, "forum": str(forum.id), "text": "Loket prioritas lansia", "status": "selesai",
    })
    assert response.status_code == 302
    db.session.rollback()
    done = db.session.get(FkpAgreement, agreement.id)
    assert done.status == AgreementStatus.SELESAI and done.completed_on is not None


def test_demo_command_creates_forums_in_different_stages_once(fresh, app, db):
    runner = app.test_cli_runner()
    assert "Forum demo dibuat: 6" in runner.invoke(args=["fkp", "demo"]).output
    assert "Forum demo dibuat: 0" in runner.invoke(args=["fkp", "demo"]).output
    db.session.rollback()
    stages = set(db.session.execute(select(FkpForum.stage)).scalars())
    assert stages == set(FkpStage), "the demo has a forum in every stage"
