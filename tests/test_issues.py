"""Isu prioritas: issues ranked by the documented rule from complaints, SKM and FKP; actions started from an issue;
the trail to the next period's figures; scope and privacy on every page."""
import datetime

from sqlalchemy import select

from app.models.complaints import Status
from app.models.fkp import FkpForum
from app.models.issues import IssueAction, IssueTopic
from app.models.org import OrgNode
from app.models.skm import FollowUpAction, Respondent
from tests.conftest import csrf_token

EVIDENCE = "2025-H1"


def _node(db, code):
    return db.session.execute(select(OrgNode).where(OrgNode.code == code)).scalar_one()


def _topic(db, instansi, name):
    return db.session.execute(select(IssueTopic).where(IssueTopic.org_id == instansi.id,
                                                       IssueTopic.name == name)).scalar_one()


def _complaints(db, node, topic, day, count, late=0, rahasia=False, title=None):
    """``count`` complaints of ``topic`` owned by ``node`` received on ``day``, ``late`` of them finished late."""
    from tests.factories.complaints import make_complaint_row

    rows = []
    for index in range(count):
        complaint = make_complaint_row(node, status=Status.SELESAI, received_at=datetime.datetime.combine(
            day, datetime.time(9, 0)), rahasia=rahasia, reporter_name="Siti Rahasia",
            title=title or f"{topic.name} {index}")
        complaint.finished_at = complaint.received_at + datetime.timedelta(days=2)
        complaint.resolved_on_time = index >= late
        complaint.topic_id, complaint.topic_source = topic.id, "staff"
        rows.append(complaint)
    db.session.flush()
    return rows


def _survey(db, unit, code, element_answers, respondents=4):
    from tests.factories.skm import make_survey_period

    period = make_survey_period(unit, closed=True, code=code)
    for _ in range(respondents):
        db.session.add(Respondent(period_id=period.id, unit_id=unit.id, sex="P", age=40, **element_answers))
    db.session.flush()
    return period


def _evidence(db):
    """Three issues of Jawa Tengah in 2025-H1 whose scores by the rule are 27, 16 and 10."""
    jateng = _node(db, "JATENG")
    rsud, linjamsos = _node(db, "JTG-RSUD-MOEWARDI"), _node(db, "JTG-DINSOS-LINJAMSOS")
    queue = _topic(db, jateng, "Antrean dan waktu tunggu")  # WAKTU
    conduct = _topic(db, jateng, "Perilaku petugas")  # PERILAKU
    aid = _topic(db, jateng, "Bantuan sosial")  # no unsur
    # Queue: 6 now, 3 before (trend 2), 3 late (x1.5), NRR Waktu 2.5 (x1.5): 6 x 2 x 1.5 x 1.5 = 27.
    _complaints(db, rsud, queue, datetime.date(2025, 3, 3), 6, late=3)
    _complaints(db, rsud, queue, datetime.date(2024, 10, 1), 3)
    # Conduct: 10 now, 10 before (x1), none late, NRR Perilaku 4 (x1): 10.
    _complaints(db, rsud, conduct, datetime.date(2025, 4, 7), 10)
    _complaints(db, rsud, conduct, datetime.date(2024, 11, 4), 10)
    # Social aid: 8 now, none before (x2), no unsur (x1): 16.
    _complaints(db, linjamsos, aid, datetime.date(2025, 5, 5), 8)
    _survey(db, rsud, EVIDENCE, {"a_waktu": 2, "a_perilaku": 4}, respondents=2)
    _survey(db, rsud, "2025-Q2", {"a_waktu": 3, "a_perilaku": 4}, respondents=2)
    db.session.commit()
    return jateng, rsud, queue, conduct, aid


def test_issues_are_ranked_by_the_documented_rule_not_by_count_alone(fresh, db):
    from app.issues.actions import today_cutoff
    from app.issues.ranking import priority_issues
    from app.periods import Period
    from app.scope import Scope

    jateng, _rsud, queue, conduct, aid = _evidence(db)
    issues = priority_issues(Scope.of_nodes([jateng]), Period.parse(EVIDENCE), today_cutoff())

    assert [(i.name, i.count, i.previous, i.late) for i in issues] == [
        (queue.name, 6, 3, 3), (aid.name, 8, 0, 0), (conduct.name, 10, 10, 0)]
    assert [float(i.score) for i in issues] == [27.0, 16.0, 10.0]
    assert float(issues[0].nrr) == 2.5 and issues[0].element_name == "Waktu Penyelesaian"
    assert issues[0].units[0][1] == "RSUD Dr. Moewardi"
    assert issues[1].nrr is None and issues[1].units[0][1] == "Bidang Perlindungan dan Jaminan Sosial"


def test_the_issue_page_shows_the_rule_the_ranking_and_only_what_the_viewer_may_see(fresh, db, as_user):
    jateng, rsud, queue, conduct, aid = _evidence(db)
    _complaints(db, rsud, queue, datetime.date(2025, 3, 4), 1, rahasia=True, title="Rahasia: antrean dan nama saksi")
    db.session.commit()

    page = as_user("admin.instansi").get(f"/isu/?node={jateng.id}&period={EVIDENCE}").get_data(as_text=True)
    assert "Aturan peringkat" in page and "faktor keterlambatan" in page
    assert page.index(queue.name) < page.index(aid.name) < page.index(conduct.name)

    detail = as_user("admin.instansi").get(f"/isu/{queue.id}?node={jateng.id}&period={EVIDENCE}").get_data(as_text=True)
    assert "RSUD Dr. Moewardi" in detail and "Waktu Penyelesaian" in detail
    assert "Rahasia: antrean" not in detail and "Siti Rahasia" not in detail

    dinkes = as_user("penghubung.dinkes")
    own = dinkes.get(f"/isu/?period={EVIDENCE}").get_data(as_text=True)
    assert queue.name in own and aid.name not in own  # Dinas Sosial's complaints are outside Dinkes
    assert dinkes.get(f"/isu/?node={jateng.id}&period={EVIDENCE}").status_code == 404
    assert dinkes.get(f"/isu/{aid.id}?node={_node(db, 'JTG-DINSOS').id}&period={EVIDENCE}").status_code == 404


def test_a_forum_started_from_an_issue_links_back_and_the_trail_shows_the_next_period(fresh, db, as_user):
    jateng, rsud, queue, _conduct, _aid = _evidence(db)
    admin = as_user("admin.instansi")
    url = f"/isu/{queue.id}?node={jateng.id}&period={EVIDENCE}"
    response = admin.post(f"/isu/{queue.id}/tindakan?node={jateng.id}&period={EVIDENCE}", data={
        "csrf_token": csrf_token(admin, url), "kind": "forum", "unit": str(rsud.id), "held_on": "2025-07-10"})
    assert response.status_code == 302 and "/fkpforumview/show/" in response.headers["Location"]

    db.session.rollback()
    action = db.session.execute(select(IssueAction)).scalar_one()
    forum = db.session.get(FkpForum, action.forum_id)
    assert (forum.unit_id, forum.issue_topic_id, forum.held_on) == (rsud.id, queue.id, datetime.date(2025, 7, 10))
    assert "6 pengaduan" in forum.description and "NRR Waktu Penyelesaian 2,50" in forum.description
    assert action.period_code == EVIDENCE and action.node_id == jateng.id

    # The next semester: 2 complaints instead of 6, and Waktu answered 3 instead of 2.5.
    _complaints(db, rsud, queue, datetime.date(2025, 9, 1), 2)
    _survey(db, rsud, "2025-H2", {"a_waktu": 3, "a_perilaku": 4}, respondents=2)
    db.session.commit()

    page = admin.get(url).get_data(as_text=True)
    assert "Setelah forum FKP 10 Juli 2025" in page
    assert "turun 67 % (6 → 2)" in page
    assert "NRR Waktu Penyelesaian naik 0,50 (2,50 → 3,00)" in page
    assert "Isu prioritas: Antrean dan waktu tunggu" in page  # the forum is listed as FKP on the topic


def test_an_rtl_and_an_instruction_from_an_issue_and_what_is_refused(fresh, db, as_user):
    jateng, rsud, queue, _conduct, aid = _evidence(db)
    dinkes = _node(db, "JTG-DINKES")
    from tests.factories.skm import make_survey_period

    open_period = make_survey_period(rsud, code="2026-H1")
    db.session.commit()
    admin = as_user("admin.instansi")
    url = f"/isu/{queue.id}?node={jateng.id}&period={EVIDENCE}"
    act = f"/isu/{queue.id}/tindakan?node={jateng.id}&period={EVIDENCE}"
    token = csrf_token(admin, url)

    assert admin.post(act, data={"kind": "instruksi", "opd": str(dinkes.id), "text": "x",
                                 "due_date": "2026-01-31"}).status_code == 400  # no CSRF token
    refused = admin.post(act, data={"csrf_token": token, "kind": "rtl", "survey_period": str(open_period.id),
                                    "text": "", "owner": "", "due_date": ""}, follow_redirects=True)
    assert "Isi tindakan, penanggung jawab dan tenggat." in refused.get_data(as_text=True)
    pimpinan = as_user("pimpinan")
    pimpinan.post(act, data={"csrf_token": csrf_token(pimpinan), "kind": "instruksi", "opd": str(dinkes.id),
                             "text": "Tambah loket", "due_date": "2026-01-31"})
    db.session.rollback()
    assert db.session.execute(select(IssueAction)).first() is None

    admin.post(act, data={"csrf_token": token, "kind": "rtl", "survey_period": str(open_period.id),
                          "text": "Tambah loket antrean pagi", "owner": "Kepala Instalasi Rawat Jalan",
                          "due_date": "2026-03-31"})
    admin.post(act, data={"csrf_token": token, "kind": "instruksi", "opd": str(dinkes.id),
                          "text": "Evaluasi jadwal petugas loket", "due_date": "2026-01-31"})
    db.session.rollback()
    rtl, instruction = db.session.execute(select(IssueAction).order_by(IssueAction.id)).scalars().all()
    followup = db.session.get(FollowUpAction, rtl.followup_id)
    assert (followup.element_code, followup.unit_id, followup.period_id) == ("WAKTU", rsud.id, open_period.id)
    assert (instruction.opd_id, instruction.status.value) == (dinkes.id, "terbuka")

    done = admin.post(f"/isu/tindakan/{instruction.id}/selesai", data={
        "csrf_token": token, "note": "Dua petugas loket ditambah sejak Januari"}, follow_redirects=True)
    assert "Instruksi selesai" in done.get_data(as_text=True)

    aid_url = f"/isu/{aid.id}/tindakan?node={jateng.id}&period={EVIDENCE}"
    no_unsur = admin.post(aid_url, data={"csrf_token": token, "kind": "rtl", "survey_period": str(open_period.id),
                                         "text": "x", "owner": "y", "due_date": "2026-03-31"}, follow_redirects=True)
    assert "belum dipetakan ke unsur SKM" in no_unsur.get_data(as_text=True)


def test_the_package_sheet_ranks_the_issues_and_shows_each_action_with_its_result(fresh, app, db, tmp_path):
    import openpyxl

    from app.issues import actions
    from app.issues.ranking import priority_issues
    from app.periods import Period
    from app.reports import registry
    from app.scope import Scope

    jateng, rsud, queue, _conduct, _aid = _evidence(db)
    period = Period.parse(EVIDENCE)
    issue = priority_issues(Scope.of_nodes([jateng]), period, actions.today_cutoff(), topic_id=queue.id)[0]
    action, problems = actions.start_instruction(jateng, issue, period, _node(db, "JTG-DINKES"),
                                                 "Tambah loket pagi", datetime.date(2025, 8, 31), None)
    assert problems == []
    _complaints(db, rsud, queue, datetime.date(2025, 9, 1), 3)
    db.session.commit()

    path = tmp_path / "isu.xlsx"
    with app.test_request_context():
        summary = registry.get("isu").build(jateng, Period.parse("2025"), str(path), "id")  # the year holds H1 and H2
        assert "isu" in registry.KINDS["paket"].parts
    workbook = openpyxl.load_workbook(path)
    ranking = [row for row in workbook["Isu Prioritas"].iter_rows(values_only=True) if isinstance(row[0], int)]
    assert [(row[1], row[2]) for row in ranking] == [(queue.name, 9), (_aid.name, 8), (_conduct.name, 10)]
    trail = [row for row in workbook["Tindak Lanjut Isu"].iter_rows(values_only=True) if row[0] == queue.name]
    assert trail and "Instruksi tindak lanjut ke OPD" in trail[0][1]
    assert summary["headlines"][0]["value"] == 3


def test_a_forum_may_carry_only_a_topic_of_its_own_instansi(fresh, db):
    from app.fkp.rules import forum_problems
    from app.models.fkp import FkpForm, FkpMethod, FkpPurpose

    rsud, kota = _node(db, "JTG-RSUD-MOEWARDI"), _node(db, "SMG")
    forum = FkpForum(unit=rsud, topic="Antrean", purpose=FkpPurpose.EVALUATION, form=FkpForm.TATAP_MUKA,
                     method=FkpMethod.FGD, issue_topic=_topic(db, kota, "Antrean dan waktu tunggu"))
    assert [str(p) for p in forum_problems(forum)] == ["Topik isu bukan milik instansi unit layanan forum ini."]
    forum.issue_topic = _topic(db, _node(db, "JATENG"), "Antrean dan waktu tunggu")
    assert forum_problems(forum) == []
    db.session.expunge_all()
