"""Topics of complaints: default topics, a category's topic, suggestions learned from staff choices, and the
complaint page where staff confirm or change a topic. Real database, real classifier, no mocks.

The complaints of known topic come from tests/topic_sentences.py: 50 per default topic, built from sentence templates
whose words are mostly not the topics' seed words.
"""
import re

from sqlalchemy import func, select

from app.issues.topics import add_default_topics, set_topic, topic_pass
from app.models.audit import AuditLog
from app.models.complaints import Complaint, ComplaintCategory
from app.models.issues import IssueTopic
from app.models.org import OrgLevel, OrgNode
from tests.conftest import csrf_token
from tests.factories.complaints import make_complaint_row
from tests.topic_sentences import TOPIC_SENTENCES, complaints, split


def node(db, code):
    return db.session.execute(select(OrgNode).where(OrgNode.code == code)).scalar_one()


def topics_by_name(db, instansi):
    return {topic.name: topic for topic in db.session.execute(
        select(IssueTopic).where(IssueTopic.org_id == instansi.id)).scalars()}


def complaint(db, owner, title, content, topic=None, source=None, **values):
    return make_complaint_row(owner, title=title, content=content, topic_id=topic.id if topic else None,
                              topic_source=source, **values)


def load(db, rows, topics, source=None):
    """Complaints of the RSUD for ``rows``; with ``source`` they carry their topic as chosen that way (with
    "category": through a category named after the topic and mapped to it)."""
    owner = node(db, "JTG-RSUD-MOEWARDI")
    categories = {}
    if source == "category":
        for name, topic in topics.items():
            categories[name] = ComplaintCategory(org_id=owner.instansi.id, name=name, active=True, topic_id=topic.id)
            db.session.add(categories[name])
        db.session.flush()
    made = [(complaint(db, owner, title, content, topics[name] if source else None, source,
                       category_id=categories[name].id if categories else None), name)
            for title, content, name in rows]
    db.session.commit()
    return [(row.id, name) for row, name in made]


def accuracy(db, held, topics):
    db.session.expire_all()
    right = sum(db.session.get(Complaint, pk).topic_id == topics[name].id for pk, name in held)
    return right / len(held)


def jateng_topics(db):
    add_default_topics()
    return topics_by_name(db, node(db, "JATENG"))


def test_every_instansi_gets_the_default_topics_once(fresh, db):
    """The demo's instansi got theirs when they were made; one made later (no topic at all) gets them from the
    scheduler's pass, once."""
    assert set(topics_by_name(db, node(db, "JATENG"))) == set(TOPIC_SENTENCES)
    db.session.add(OrgNode(level=OrgLevel.INSTANSI, code="KAB-BARU", name="Pemerintah Kabupaten Baru", path="/KAB-BARU/"))
    db.session.commit()
    assert topic_pass()["default_topics"] == 8
    assert topic_pass()["default_topics"] == 0
    assert set(topics_by_name(db, node(db, "KAB-BARU"))) == set(TOPIC_SENTENCES)


def test_seed_words_alone_suggest_the_right_topic_for_most_complaints(fresh, db):
    """Day one, no complaint has a chosen topic: 81 % of the 120 held-back complaints get theirs (measured 0.808:
    97 of 120)."""
    topics = jateng_topics(db)
    _training, held = split(complaints())
    held = load(db, held, topics)
    counts = topic_pass(node(db, "JATENG").id)
    assert counts["suggested"] + counts["unknown"] == len(held)
    assert accuracy(db, held, topics) >= 0.75


def test_suggestions_trained_on_seventy_percent_get_the_held_back_thirty_percent_right(fresh, db):
    """Trained on 280 complaints whose topic came from their category, the pass gets 119 of the 120 held-back
    complaints right (measured 0.992); the held-back texts differ from every training text."""
    topics = jateng_topics(db)
    training, held = split(complaints())
    assert not {row[:2] for row in training} & {row[:2] for row in held}
    load(db, training, topics, source="category")
    held = load(db, held, topics)
    topic_pass(node(db, "JATENG").id)
    assert accuracy(db, held, topics) >= 0.95
    db.session.expire_all()
    assert {db.session.get(Complaint, pk).topic_source for pk, _name in held} == {"suggested"}


def test_complaints_worded_unlike_any_training_example_still_mostly_get_their_topic(fresh, db):
    """Trained on staff choices over seven of the ten statements of each topic, the pass gets 89 % of the complaints
    made of the other three right (measured 0.887: 110 of 124)."""
    topics = jateng_topics(db)
    rows = complaints()
    unseen = {statement.capitalize()[:80] for statements, _details in TOPIC_SENTENCES.values()
              for statement in statements[7:]}
    load(db, [row for row in rows if row[0] not in unseen], topics, source="staff")
    held = load(db, [row for row in rows if row[0] in unseen], topics)
    topic_pass(node(db, "JATENG").id)
    assert accuracy(db, held, topics) >= 0.8


def test_a_staff_correction_changes_the_suggestion_for_a_similar_complaint(fresh, db):
    topics = jateng_topics(db)
    training, _held = split(complaints())
    load(db, training, topics, source="category")
    owner = node(db, "JTG-RSUD-MOEWARDI")
    first = complaint(db, owner, "Sertifikat vaksin belum terbit", "Sertifikat vaksinasi anak saya belum terbit.")
    db.session.commit()
    topic_pass(owner.instansi.id)
    db.session.expire_all()
    suggested = db.session.get(Complaint, first.id).topic
    right = next(topic for name, topic in topics.items() if name != suggested.name)

    set_topic(db.session.get(Complaint, first.id), right)
    db.session.commit()
    later = complaint(db, owner, "Vaksin", "Sudah sebulan sertifikat vaksin ibu saya tidak terbit.")
    db.session.commit()
    topic_pass(owner.instansi.id)
    db.session.expire_all()
    assert db.session.get(Complaint, later.id).topic_id == right.id
    assert db.session.get(Complaint, later.id).topic_source == "suggested"


def test_the_category_topic_wins_over_a_suggestion_and_a_staff_choice_is_never_overwritten(fresh, db):
    topics = jateng_topics(db)
    jateng = node(db, "JATENG")
    owner = node(db, "JTG-RSUD-MOEWARDI")
    queue, fees, staff_topic = (topics["Antrean dan waktu tunggu"], topics["Biaya dan pungutan liar"],
                                topics["Perilaku petugas"])
    category = ComplaintCategory(org_id=jateng.id, name="Antrean Pelayanan", active=True, topic_id=queue.id)
    db.session.add(category)
    db.session.flush()
    suggested = complaint(db, owner, "Pungli", "Ada pungutan liar di loket.", fees, "suggested", category_id=category.id)
    empty = complaint(db, owner, "Pungli", "Ada pungutan liar di loket.", category_id=category.id)
    chosen = complaint(db, owner, "Pungli", "Ada pungutan liar di loket.", staff_topic, "staff", category_id=category.id)
    no_category = complaint(db, owner, "Antre", "Antrean lama sekali.", staff_topic, "staff")
    db.session.commit()

    counts = topic_pass(jateng.id)
    topic_pass(jateng.id, again=True)
    db.session.expire_all()
    assert counts["from_category"] == 2
    for row in (suggested, empty):
        assert (db.session.get(Complaint, row.id).topic_id, db.session.get(Complaint, row.id).topic_source) == (
            queue.id, "category")
    for row in (chosen, no_category):
        assert (db.session.get(Complaint, row.id).topic_id, db.session.get(Complaint, row.id).topic_source) == (
            staff_topic.id, "staff")

    db.session.get(ComplaintCategory, category.id).topic_id = None
    db.session.commit()
    counts = topic_pass(jateng.id)
    db.session.expire_all()
    assert counts["released"] == 2  # the category no longer says; the pass suggests one instead
    assert db.session.get(Complaint, empty.id).topic_source == "suggested"
    assert db.session.get(Complaint, chosen.id).topic_source == "staff"


def test_the_cli_suggests_topics_for_one_instansi_only(fresh, app, db):
    owner = node(db, "JTG-RSUD-MOEWARDI")
    city = node(db, "SMG-PKM-PANDANARAN")
    ours = complaint(db, owner, "Jalan rusak", "Jalan berlubang di depan puskesmas.")
    theirs = complaint(db, city, "Jalan rusak", "Jalan berlubang di depan puskesmas.")
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["issues", "suggest-topics", "--instansi", "jateng"])
    assert result.exit_code == 0, result.output
    assert "disarankan" in result.output
    db.session.expire_all()
    assert db.session.get(Complaint, ours.id).topic.name == "Jalan dan infrastruktur"
    assert db.session.get(Complaint, theirs.id).topic_id is None
    assert app.test_cli_runner().invoke(args=["issues", "suggest-topics", "--instansi", "NOPE"]).exit_code != 0


def test_the_scheduler_runs_the_topic_pass_every_ten_minutes(app):
    from apscheduler.schedulers.background import BackgroundScheduler

    from app.jobs.scheduler import SchedulerService

    service = SchedulerService(app, scheduler=BackgroundScheduler(timezone="Asia/Jakarta"))
    service.add_fixed_jobs()
    job = service.scheduler.get_job("topics")
    assert job is not None and job.trigger.interval.total_seconds() == 600


def _suggested(db, code="JTG-RSUD-MOEWARDI", **values):
    topics = jateng_topics(db)
    row = complaint(db, node(db, code), "Antrean panjang", "Antrean di loket sangat panjang.",
                    topics["Antrean dan waktu tunggu"], "suggested", **values)
    db.session.commit()
    return row, topics


def test_staff_confirm_a_suggested_topic_with_one_click(fresh, db, as_user):
    row, topics = _suggested(db)
    client = as_user("admin.instansi")
    page = client.get(f"/pengaduan/show/{row.id}").get_data(as_text=True)
    assert re.search(r"Topik:\s*<strong>Antrean dan waktu tunggu</strong> \(saran sistem\)", page)
    assert ">Benar</button>" in page and "Ubah topik" in page
    response = client.post(f"/pengaduan/topik/{row.id}", data={
        "topic": str(topics["Antrean dan waktu tunggu"].id), "csrf_token": csrf_token(client, f"/pengaduan/show/{row.id}")})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/pengaduan/show/{row.id}")
    page = client.get(f"/pengaduan/show/{row.id}").get_data(as_text=True)
    assert "topik Antrean dan waktu tunggu ditetapkan" in page
    assert "(ditetapkan petugas)" in page and ">Benar</button>" not in page
    db.session.rollback()
    assert db.session.get(Complaint, row.id).topic_source == "staff"
    trail = db.session.execute(select(AuditLog).where(
        AuditLog.table_name == "pantau_complaint", AuditLog.record_id == str(row.id),
        AuditLog.event == "update")).scalars().all()
    assert any(entry.username == "admin.instansi" and entry.changes.get("topic_source") == ["suggested", "staff"]
               for entry in trail)


def test_staff_change_a_topic_and_a_topic_of_another_instansi_is_refused(fresh, db, as_user):
    row, topics = _suggested(db, rahasia=True)
    city_topic = topics_by_name(db, node(db, "SMG-PKM-PANDANARAN").instansi)["Bantuan sosial"]
    client = as_user("penghubung.dinkes")
    token = csrf_token(client, f"/pengaduan/show/{row.id}")
    client.post(f"/pengaduan/topik/{row.id}", data={"topic": str(topics["Perilaku petugas"].id), "csrf_token": token})
    db.session.rollback()
    saved = db.session.get(Complaint, row.id)
    assert (saved.topic.name, saved.topic_source) == ("Perilaku petugas", "staff")

    client.post(f"/pengaduan/topik/{row.id}", data={"topic": str(city_topic.id), "csrf_token": token})
    page = client.get(f"/pengaduan/show/{row.id}").get_data(as_text=True)
    assert "Topik itu bukan milik instansi pengaduan ini." in page
    db.session.rollback()
    assert db.session.get(Complaint, row.id).topic.name == "Perilaku petugas"


def test_a_topic_out_of_scope_or_without_permission_or_csrf_changes_nothing(fresh, db, as_user):
    row, topics = _suggested(db)
    other = str(topics["Bantuan sosial"].id)
    city = as_user("admin.kota")
    assert city.post(f"/pengaduan/topik/{row.id}", data={"topic": other, "csrf_token": csrf_token(city)}).status_code == 404
    reader = as_user("pimpinan")
    page = reader.get(f"/pengaduan/show/{row.id}").get_data(as_text=True)
    assert "(saran sistem)" in page and "Ubah topik" not in page
    assert reader.post(f"/pengaduan/topik/{row.id}", data={"topic": other, "csrf_token": csrf_token(reader)}).status_code == 403
    assert as_user("admin.instansi").post(f"/pengaduan/topik/{row.id}", data={"topic": other}).status_code == 400
    db.session.rollback()
    saved = db.session.get(Complaint, row.id)
    assert (saved.topic.name, saved.topic_source) == ("Antrean dan waktu tunggu", "suggested")


def test_the_complaint_page_never_computes_a_suggestion(fresh, db, as_user):
    add_default_topics()
    row = complaint(db, node(db, "JTG-RSUD-MOEWARDI"), "Jalan rusak", "Jalan berlubang di depan rumah sakit.")
    db.session.commit()
    page = as_user("operator.rsud").get(f"/pengaduan/show/{row.id}").get_data(as_text=True)
    assert "belum ada topik" in page and "Ubah topik" in page
    db.session.rollback()
    assert db.session.get(Complaint, row.id).topic_id is None
