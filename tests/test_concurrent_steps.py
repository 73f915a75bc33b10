"""One step at a time: moves made at the same moment on one complaint, one FKP forum or one SKM period end in exactly
one outcome; the other user is told so in Indonesian and sees the current state; follow-ups made at once are all kept.
Real threads (separate sessions and connections) against the engine under test, through the real screens."""
import datetime
import re
import threading

from sqlalchemy import create_engine, func, select

from app.models.audit import AuditLog
from app.models.complaints import Channel, Classification, Complaint, ComplaintFollowUp, ComplaintHistory, Status
from app.models.fkp import FkpForum, FkpStage
from app.models.org import OrgNode
from app.models.skm import Respondent, SurveyPeriod
from tests.conftest import DATABASE_URL, csrf_token

T = datetime.datetime
CHANGED = "telah diubah oleh pengguna lain sementara Anda membukanya"


def race(*calls):
    """Start ``calls`` at the same moment, each in its own thread; their results (an exception is a result too)."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(60)
            results[index] = call()
        except Exception as error:  # reported by the caller's assertions
            results[index] = error

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return results


def messages(response):
    html = response.get_data(as_text=True)
    return " ".join(re.sub(r"\s+", " ", m) for m in re.findall(r'class="alert[^"]*"[^>]*>(.*?)</div>', html, re.S))


def node(db, code):
    return db.session.execute(select(OrgNode).where(OrgNode.code == code)).scalar_one()


def new_complaints(app, db, count, code="JATENG", moves=()):
    """``count`` complaints received at ``code``, then moved by ``moves`` ((move, username, target code) ...)."""
    from app.complaints.workflow import Actor, apply_move, record_intake

    ids = []
    for number in range(count):
        complaint = Complaint(org=node(db, code), channel=Channel.WALK_IN, classification=Classification.PENGADUAN_TIDAK_BERKADAR,
                              title=f"Antrean {number}", content="Antrean pendaftaran sampai siang.",
                              received_at=T(2025, 3, 27, 10), rahasia=False, anonim=False)
        admin = Actor.of_user(app.appbuilder.sm.find_user(username="admin.instansi"))
        record_intake(complaint, admin, when=T(2025, 3, 27, 10))
        db.session.add(complaint)
        for move, username, target in moves:
            who = Actor.of_user(app.appbuilder.sm.find_user(username=username))
            apply_move(complaint, move, who, target=node(db, target) if target else None, note="Catatan awal.",
                       when=T(2025, 3, 28, 9))
        db.session.flush()
        ids.append(complaint.id)
    db.session.commit()
    return ids


def poster(client):
    """A function posting one move of the complaint page as the browser form does (version as shown)."""
    token = csrf_token(client)

    def post(pk, move, target=None, note=None, version=0):
        data = {"csrf_token": token, "move": move, "version": str(version)}
        if target is not None:
            data["target"] = str(target)
        if note is not None:
            data["note"] = note
        return client.post(f"/pengaduan/move/{pk}", data=data, follow_redirects=True)

    return post


def history(db, pk, action):
    db.session.rollback()  # a new transaction sees what the requests committed (MariaDB reads a snapshot)
    return db.session.execute(
        select(ComplaintHistory).where(ComplaintHistory.complaint_id == pk, ComplaintHistory.action == action)
    ).scalars().all()


def test_two_admins_verifying_the_same_complaints_at_once_route_each_once(app, db, fresh, as_user):
    ids = new_complaints(app, db, 4)
    dinkes, dinsos = node(db, "JTG-DINKES").id, node(db, "JTG-DINSOS").id
    first, second = poster(as_user("admin.instansi")), poster(as_user("admin.instansi"))

    for pk in ids:
        to_dinkes, to_dinsos = race(lambda: first(pk, "verify", dinkes), lambda: second(pk, "verify", dinsos))
        assert (to_dinkes.status_code, to_dinsos.status_code) == (200, 200)
        verified = history(db, pk, "verify")
        assert len(verified) == 1
        winner, loser = (to_dinkes, to_dinsos) if verified[0].to_node_id == dinkes else (to_dinsos, to_dinkes)
        assert "Belum Ditindaklanjuti" in messages(winner) and CHANGED not in messages(winner)
        assert CHANGED in messages(loser) and "statusnya kini Belum Ditindaklanjuti" in messages(loser)
        assert db.session.get(Complaint, pk).org_id == verified[0].to_node_id
        assert db.session.get(Complaint, pk).version == 1


def test_two_users_finishing_or_rerouting_one_complaint_at_once_record_one_step(app, db, fresh, as_user):
    processing, routed = new_complaints(app, db, 2, moves=[("verify", "admin.instansi", "JTG-DINKES")])
    admin, penghubung = poster(as_user("admin.instansi")), poster(as_user("penghubung.dinkes"))
    first_version = 1
    penghubung(processing, "followup", note="Sudah ditangani.", version=first_version)

    results = race(lambda: admin(processing, "finish", version=2), lambda: penghubung(processing, "finish", version=2))
    assert len(history(db, processing, "finish")) == 1
    assert sorted(CHANGED in messages(result) for result in results) == [False, True]
    assert db.session.get(Complaint, processing).status == Status.SELESAI

    dinsos, dpupr = node(db, "JTG-DINSOS").id, node(db, "JTG-DPUPR").id
    results = race(lambda: admin(routed, "reroute", dinsos, version=first_version),
                   lambda: admin(routed, "reroute", dpupr, version=first_version))
    rerouted = history(db, routed, "reroute")
    assert len(rerouted) == 1
    assert db.session.get(Complaint, routed).org_id == rerouted[0].to_node_id
    assert sorted(CHANGED in messages(result) for result in results) == [False, True]


def test_follow_ups_added_at_the_same_moment_are_all_kept(app, db, fresh, as_user):
    (pk,) = new_complaints(app, db, 1, moves=[("verify", "admin.instansi", "JTG-DINKES"),
                                                ("delegate", "penghubung.dinkes", "JTG-RSUD-MOEWARDI")])
    writers = [poster(as_user("operator.rsud")), poster(as_user("penghubung.dinkes")), poster(as_user("operator.rsud"))]
    results = race(*[lambda post=post, n=n: post(pk, "followup", note=f"Tindak lanjut {n}", version=2)
                     for n, post in enumerate(writers)])
    assert all(result.status_code == 200 and CHANGED not in messages(result) for result in results)
    db.session.rollback()
    texts = db.session.execute(select(ComplaintFollowUp.text).where(ComplaintFollowUp.complaint_id == pk)).scalars().all()
    assert sorted(texts) == ["Tindak lanjut 0", "Tindak lanjut 1", "Tindak lanjut 2"]
    assert len(history(db, pk, "followup")) == 3
    complaint = db.session.get(Complaint, pk)
    assert (complaint.status, complaint.version) == (Status.DIPROSES, 5)


def test_two_users_moving_one_forum_at_once_move_it_one_stage(app, db, fresh, as_user):
    from tests.factories.fkp import new_forum

    unit = node(db, "JTG-RSUD-MOEWARDI")
    pk = new_forum(unit, place="Aula RSUD", facilitator="dr. Ani").id
    db.session.commit()
    clients = [as_user("operator.rsud"), as_user("operator.rsud")]
    tokens = [csrf_token(client) for client in clients]

    results = race(*[lambda client=client, token=token: client.post(
        f"/fkpforumview/stage/{pk}", data={"csrf_token": token, "target": "pelaksanaan"}, follow_redirects=True)
        for client, token in zip(clients, tokens)])

    said = sorted(messages(result) for result in results)
    assert [result.status_code for result in results] == [200, 200]
    assert sum("Forum dipindah ke tahap Pelaksanaan" in text for text in said) == 1
    assert sum("sudah dipindah ke tahap Pelaksanaan oleh pengguna lain" in text for text in said) == 1
    db.session.rollback()
    assert db.session.get(FkpForum, pk).stage == FkpStage.PELAKSANAAN
    stage_changes = [row for row in db.session.execute(select(AuditLog).where(
        AuditLog.table_name == FkpForum.__tablename__, AuditLog.record_id == str(pk), AuditLog.event == "update")).scalars()
        if "stage" in (row.changes or {})]
    assert len(stage_changes) == 1


def test_closing_a_period_while_answers_arrive_and_another_user_closes_it_gives_one_outcome(app, db, fresh):
    """Two closers and six respondents at once: one close, the other told; no answer lands after the close."""
    from app.skm import respondents
    from app.skm.questionnaire import QuestionnaireError, close_period, create_period

    period_id = create_period(node(db, "JTG-RSUD-MOEWARDI"), "2025-Q3", 300).id
    db.session.commit()
    from app.extensions import db as database

    onlooker = create_engine(DATABASE_URL)  # counts what is committed, from outside the closer's transaction
    seen_at_close = []

    def close():
        with app.app_context():
            try:
                close_period(database.session.get(SurveyPeriod, period_id), datetime.date(2025, 10, 3))
                with onlooker.connect() as conn:
                    seen_at_close.append(conn.execute(
                        select(func.count(Respondent.id)).where(Respondent.period_id == period_id)).scalar_one())
                database.session.commit()
                return "closed"
            except QuestionnaireError as error:
                database.session.rollback()
                return str(error)
            finally:
                database.session.remove()

    def answer():
        with app.app_context():
            try:
                respondents.save(database.session.get(SurveyPeriod, period_id), {}, {"WAKTU": 4})
                database.session.commit()
                return "saved"
            except respondents.ClosedPeriodError:
                database.session.rollback()
                return "refused"
            finally:
                database.session.remove()

    results = race(close, answer, answer, close, answer, answer, answer, answer)
    onlooker.dispose()

    closes = [results[0], results[3]]
    assert sorted(result == "closed" for result in closes) == [False, True]
    assert "sudah ditutup" in next(result for result in closes if result != "closed")
    answers = [result for index, result in enumerate(results) if index not in (0, 3)]
    assert set(answers) <= {"saved", "refused"}
    db.session.rollback()
    stored = db.session.execute(select(func.count(Respondent.id)).where(Respondent.period_id == period_id)).scalar_one()
    assert stored == answers.count("saved") == seen_at_close[0]
    period = db.session.get(SurveyPeriod, period_id)
    assert not period.is_open and period.closed_on == datetime.date(2025, 10, 3)


def test_a_period_closed_meanwhile_is_not_closed_again_from_an_older_edit_form(app, db, fresh, as_user):
    from app.skm.questionnaire import create_period

    pk = create_period(node(db, "JTG-RSUD-MOEWARDI"), "2025-Q3", 300).id
    db.session.commit()
    first, second = as_user("operator.rsud"), as_user("operator.rsud")

    def open_form(client):
        html = client.get(f"/surveyperiodview/edit/{pk}").get_data(as_text=True)
        shown = re.search(r'name="status_shown"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*name="status_shown"', html)
        return client, csrf_token(client, f"/surveyperiodview/edit/{pk}"), shown.group(1) or shown.group(2)

    forms = [open_form(client) for client in (first, second)]
    assert [form[2] for form in forms] == ["open", "open"]

    def close(client, token, shown, on):
        return client.post(f"/surveyperiodview/edit/{pk}", data={
            "csrf_token": token, "population": "300", "status": "closed", "closed_on": on, "notes": "",
            "status_shown": shown}, follow_redirects=True)

    close(*forms[0], "2025-10-03")
    late = close(*forms[1], "2025-10-06")
    assert "Periode 2025-Q3 sudah ditutup pada 03/10/2025" in messages(late)
    db.session.rollback()
    assert db.session.get(SurveyPeriod, pk).closed_on == datetime.date(2025, 10, 3)
