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


def test_the_forum_rules_name_every_problem_of_a_forum(fresh, db):
    from app.fkp.rules import forum_deletion_problems, forum_problems
    from app.models.org import ServiceType

    unit = unit_by_code("JTG-RSUD-MOEWARDI")
    other_service = db.session.execute(select(ServiceType).where(ServiceType.unit.has(code="JTG-PKM-NGESREP"))).scalars().first()
    assert [str(p) for p in forum_problems(FkpForum(unit=unit_by_code("JTG-DINKES"), topic="x"))] == [
        "Forum harus milik sebuah unit layanan."]
    forum = FkpForum(unit=unit, topic="x", service_type=other_service, start_time="12:00", end_time="09:00",
                     stage=FkpStage.PELAKSANAAN, held_on=None, place="Aula", facilitator="Dr. Sari")
    assert [str(p) for p in forum_problems(forum)] == [
        "Jenis layanan harus milik unit layanan forum ini.", "Jam selesai tidak boleh sebelum jam mulai.",
        "Forum sudah dilaksanakan; data ini wajib tetap terisi: tanggal pelaksanaan belum diisi."]
    assert forum_problems(FkpForum(unit=unit, topic="x", stage=FkpStage.PRA)) == []
    assert [str(p) for p in forum_deletion_problems(forum)] == ["Hanya forum pada tahap pra pelaksanaan yang dapat dihapus."]
    db.session.rollback()


def test_a_participant_needs_an_open_forum_and_an_unsur_of_its_instansi(fresh, db):
    from app.fkp.rules import open_forum_problems, participant_problems
    from app.models.fkp import FkpParticipant
    from tests.factories.fkp import element_of

    unit = unit_by_code("JTG-RSUD-MOEWARDI")
    forum = new_forum(unit)
    closed = new_forum(unit, stage=FkpStage.SELESAI, place="Aula", facilitator="Dr. Sari")
    own, foreign = element_of(unit), element_of(unit_by_code("SMG-PKM-PANDANARAN"))
    assert [str(p) for p in participant_problems(FkpParticipant(name="A"))] == ["Pilih forumnya."]
    assert [str(p) for p in participant_problems(FkpParticipant(forum=forum, name="A", element=foreign))] == [
        "Unsur masyarakat harus dari daftar instansi forum ini."]
    assert participant_problems(FkpParticipant(forum=forum, name="B", element=own)) == []
    assert [str(p) for p in open_forum_problems(FkpParticipant(forum=closed, name="C", element=own))] == [
        "Forum sudah selesai; datanya tidak dapat diubah lagi."]
    db.session.rollback()


def test_the_unsur_list_and_frequency_rules(fresh, db):
    from app.fkp.rules import element_deletion_problems, element_problems, setting_problems
    from app.models.org import OrgNode
    from tests.factories.fkp import add_participant, element_of

    unit = unit_by_code("JTG-RSUD-MOEWARDI")
    jateng = db.session.execute(select(OrgNode).where(OrgNode.code == "JATENG")).scalar_one()
    element_of(unit)  # seeds the starter list of the instansi
    assert [str(p) for p in element_problems(FkpElement(instansi=jateng, code=" akademisi ", name="Baru"))] == [
        "Kode atau nama unsur sudah dipakai di instansi ini."]
    assert [str(p) for p in element_problems(FkpElement(instansi=unit, code="X", name="Baru"))] == [
        "Unsur masyarakat harus milik sebuah instansi."]
    add_participant(new_forum(unit), "Maya", "PENGGUNA")
    assert [str(p) for p in element_deletion_problems(element_of(unit, "PENGGUNA"))] == [
        "Unsur ini sudah dipakai peserta forum; ubah namanya alih-alih menghapus."]
    assert element_deletion_problems(element_of(unit, "MEDIA")) == []
    assert [len(setting_problems(FkpSetting(min_forums_per_year=n))) for n in (None, 0, 1, 12, 13)] == [1, 1, 0, 0, 1]
    db.session.rollback()


def test_the_demo_command_is_refused_by_the_rules_the_forum_screen_checks(fresh, app, db, monkeypatch):
    from app.fkp import demo

    monkeypatch.setattr(demo, "DEMO_FORUMS", [
        ("JTG-RSUD-TUGUREJO", "Forum demo sah", *demo.DEMO_FORUMS[0][2:5], None, FkpStage.PRA, None, [], []),
        ("JTG-DINKES", "Forum demo milik OPD", *demo.DEMO_FORUMS[0][2:5], None, FkpStage.PRA, None, [], []),
    ])
    result = app.test_cli_runner().invoke(args=["fkp", "demo"])
    assert result.exit_code != 0 and "Forum harus milik sebuah unit layanan." in result.output
    monkeypatch.setattr(demo, "DEMO_FORUMS", [
        ("JTG-RSUD-TUGUREJO", "Forum demo belum lengkap", *demo.DEMO_FORUMS[0][2:5], None, FkpStage.PELAKSANAAN,
         "Aula", [], []),
    ])
    result = app.test_cli_runner().invoke(args=["fkp", "demo"])
    assert result.exit_code != 0 and "tanggal pelaksanaan belum diisi" in result.output
    db.session.rollback()
    topics = set(db.session.execute(select(FkpForum.topic).where(FkpForum.topic.like("Forum demo %"))).scalars())
    assert topics == set(), "a refused demo writes nothing"
