"""Personal data (UU 27/2022): retention per instansi anonymises what passed its time and keeps the figures;
a data subject's request finds, exports and anonymises within the administrator's scope, audited without the NIK."""
import datetime
import io
import json

import openpyxl
import pytest
from sqlalchemy import func, select

from app.models.audit import AuditLog
from app.models.complaints import Complaint, ComplaintHistory, Status
from app.models.org import OrgNode
from tests.conftest import csrf_token

TODAY = datetime.date(2026, 12, 2)
NIK = "3374011203900004"
OTHER_NIK = "3374011203900099"


def _node(db, code):
    return db.session.execute(select(OrgNode).where(OrgNode.code == code)).scalar_one()


def _closed(db, node, status, closed_at, **identity):
    """A complaint of ``node`` closed (its last move) at ``closed_at``, with the reporter's identity."""
    from tests.factories.complaints import make_complaint_row

    complaint = make_complaint_row(node, status=status, received_at=closed_at - datetime.timedelta(days=30),
                                   reporter_name="Siti Rahayu", reporter_nik=identity.pop("nik", NIK),
                                   reporter_phone=identity.pop("phone", "0812-3456-7890"),
                                   reporter_email=identity.pop("email", "siti@contoh.id"),
                                   reporter_address="Jl. Pemuda 1", **identity)
    if status in (Status.SELESAI, Status.ARSIP):
        complaint.finished_at = closed_at
        complaint.days_to_finish = 12
    db.session.add(ComplaintHistory(complaint_id=complaint.id, at=closed_at, action="finish",
                                    from_status=Status.DIPROSES, to_status=status,
                                    from_node_id=node.id, to_node_id=node.id))
    db.session.flush()
    return complaint


def _audit_since(db, first_id):
    return db.session.execute(select(AuditLog).where(AuditLog.id > first_id).order_by(AuditLog.id)).scalars().all()


def _last_audit_id(db):
    db.session.rollback()  # a fresh read: MariaDB reads repeatably within one transaction
    return db.session.execute(select(func.max(AuditLog.id))).scalar() or 0


def test_retention_clears_identity_of_complaints_closed_past_their_time_and_keeps_figures(fresh, db):
    from app.complaints.figures import complaint_figures
    from app.models.privacy import RetentionPolicy
    from app.models.skm import Publication, PublicationMedium, Respondent
    from app.privacy.retention import anonymise_expired
    from app.scope import Scope
    from tests.factories.skm import make_survey_period

    rsud, kota = _node(db, "JTG-RSUD-MOEWARDI"), _node(db, "SMG-PKM-PANDANARAN")
    old = _closed(db, rsud, Status.SELESAI, datetime.datetime(2020, 3, 10, 10, 0))
    archived = _closed(db, rsud, Status.ARSIP, datetime.datetime(2021, 11, 30, 15, 0))
    recent = _closed(db, rsud, Status.SELESAI, datetime.datetime(2023, 5, 2, 9, 0))
    still_open = _closed(db, rsud, Status.DIPROSES, datetime.datetime(2019, 1, 7, 9, 0))
    other_instansi = _closed(db, kota, Status.SELESAI, datetime.datetime(2020, 3, 10, 10, 0))
    db.session.add(RetentionPolicy(org_id=kota.instansi.id, complaint_identity_years=10, respondent_profile_years=10))

    published = make_survey_period(rsud, closed=True, code="2020")
    db.session.add(Publication(period_id=published.id, unit_id=rsud.id, medium=PublicationMedium.WEBSITE,
                               published_on=datetime.date(2021, 2, 1)))
    unpublished = make_survey_period(rsud, closed=True, code="2019")
    for period in (published, unpublished):
        db.session.add(Respondent(period_id=period.id, unit_id=rsud.id, sex="P", age=41, education="S1",
                                  occupation="PNS", a_persyaratan=3, a_waktu=4))
    db.session.commit()

    scope = Scope.everything()
    span = (datetime.date(2018, 1, 1), datetime.date(2024, 12, 31))
    figures_before = complaint_figures(scope, *span, as_of=datetime.datetime.combine(TODAY, datetime.time.max))
    first_audit = _last_audit_id(db)

    result = anonymise_expired(today=TODAY)
    db.session.rollback()

    assert result == {"complaints": 2, "respondents": 1}
    for complaint in (old, archived):
        row = db.session.get(Complaint, complaint.id)
        assert (row.reporter_name, row.reporter_nik, row.reporter_phone, row.reporter_email,
                row.reporter_address) == (None, None, None, None, None)
        assert row.status in (Status.SELESAI, Status.ARSIP) and row.days_to_finish == 12
        assert row.history[-1].action == "anonymise" and "5 tahun" in row.history[-1].note
        assert row.history[-1].to_status == row.status
        assert row.version == 1  # a page opened before cannot post the old identity back
    for complaint in (recent, still_open, other_instansi):
        row = db.session.get(Complaint, complaint.id)
        assert row.reporter_nik == NIK and row.reporter_name == "Siti Rahayu"
        assert all(item.action != "anonymise" for item in row.history)
    assert complaint_figures(scope, *span, as_of=datetime.datetime.combine(TODAY, datetime.time.max)) == figures_before

    respondents = {r.period_id: r for r in db.session.execute(select(Respondent).where(
        Respondent.period_id.in_([published.id, unpublished.id]))).scalars()}
    assert (respondents[published.id].sex, respondents[published.id].age, respondents[published.id].education) == (None, None, None)
    assert (respondents[published.id].a_persyaratan, respondents[published.id].a_waktu) == (3, 4)
    assert respondents[unpublished.id].sex == "P" and respondents[unpublished.id].age == 41

    written = _audit_since(db, first_audit)
    assert {row.event for row in written} == {"retention"}
    assert {row.record_id for row in written if row.table_name == "pantau_complaint"} == {str(old.id), str(archived.id)}
    dumped = json.dumps([[row.record_label, row.changes] for row in written])
    assert NIK not in dumped and "siti@contoh.id" not in dumped and "3456" not in dumped

    assert anonymise_expired(today=TODAY) == {"complaints": 0, "respondents": 0}


def test_retention_policy_is_per_instansi_and_must_be_sensible(fresh, db):
    from app.models.privacy import RetentionPolicy
    from app.privacy.retention import RetentionError, validate

    with pytest.raises(RetentionError):
        validate(RetentionPolicy(org=_node(db, "JTG-RSUD-MOEWARDI"), complaint_identity_years=5, respondent_profile_years=5))
    with pytest.raises(RetentionError):
        validate(RetentionPolicy(org=_node(db, "JATENG"), complaint_identity_years=0, respondent_profile_years=5))
    validate(RetentionPolicy(org=_node(db, "JATENG"), complaint_identity_years=3, respondent_profile_years=10))


@pytest.fixture
def subjects(fresh, db):
    rsud, dukcapil, kota = (_node(db, code) for code in ("JTG-RSUD-MOEWARDI", "JTG-DUKCAPIL-PD", "SMG-PKM-PANDANARAN"))
    made = {
        "rsud": _closed(db, rsud, Status.SELESAI, datetime.datetime(2025, 3, 10, 10, 0), phone=None),
        "dukcapil": _closed(db, dukcapil, Status.DIPROSES, datetime.datetime(2025, 4, 1, 10, 0),
                            phone="+62 812-3456-7890", email="Siti@Contoh.id"),
        "kota": _closed(db, kota, Status.SELESAI, datetime.datetime(2025, 3, 10, 10, 0)),
        "someone_else": _closed(db, rsud, Status.SELESAI, datetime.datetime(2025, 3, 12, 10, 0), nik=OTHER_NIK,
                                phone="0899 1111 2222", email="budi@contoh.id"),
    }
    db.session.commit()
    return {key: (complaint.id, complaint.tracking_number) for key, complaint in made.items()}


def test_a_data_subject_request_finds_exports_and_anonymises_within_scope_only(subjects, db, as_user):
    client = as_user("admin.instansi")
    first_audit = _last_audit_id(db)
    token = csrf_token(client, "/data-pribadi/")

    html = client.post("/data-pribadi/cari", data={"identifier": NIK, "csrf_token": token}).get_data(as_text=True)
    assert subjects["rsud"][1] in html and subjects["dukcapil"][1] in html
    assert subjects["kota"][1] not in html and subjects["someone_else"][1] not in html
    assert "2 pengaduan ditemukan" in html

    by_phone = client.post("/data-pribadi/cari", data={"identifier": "6281234567890", "csrf_token": token})
    assert subjects["dukcapil"][1] in by_phone.get_data(as_text=True)
    assert subjects["kota"][1] not in by_phone.get_data(as_text=True)
    by_mail = client.post("/data-pribadi/cari", data={"identifier": "siti@contoh.ID", "csrf_token": token})
    assert subjects["dukcapil"][1] in by_mail.get_data(as_text=True)
    assert "Masukkan NIK" in client.post("/data-pribadi/cari", data={"identifier": "siti", "csrf_token": token}
                                         ).get_data(as_text=True)

    export = client.post("/data-pribadi/ekspor", data={"identifier": NIK, "csrf_token": token})
    assert export.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(export.data))
    cells = {str(cell) for row in workbook["Pengaduan"].iter_rows(values_only=True) for cell in row}
    assert {subjects["rsud"][1], subjects["dukcapil"][1], NIK, "Siti Rahayu"} <= cells
    assert subjects["kota"][1] not in cells
    assert workbook["Riwayat"].max_row > 1

    unconfirmed = client.post("/data-pribadi/anonimkan", data={"identifier": NIK, "csrf_token": token})
    assert "Centang konfirmasi" in unconfirmed.get_data(as_text=True)
    db.session.rollback()
    assert db.session.get(Complaint, subjects["rsud"][0]).reporter_nik == NIK

    done = client.post("/data-pribadi/anonimkan", data={"identifier": NIK, "csrf_token": token, "confirm": "1"})
    assert "dari 2 pengaduan" in done.get_data(as_text=True)
    db.session.rollback()
    for key in ("rsud", "dukcapil"):
        row = db.session.get(Complaint, subjects[key][0])
        assert (row.reporter_name, row.reporter_nik, row.reporter_phone, row.reporter_email) == (None, None, None, None)
        assert "permintaan pemilik data" in row.history[-1].note
        assert row.history[-1].username == "admin.instansi"
    assert db.session.get(Complaint, subjects["kota"][0]).reporter_nik == NIK
    assert db.session.get(Complaint, subjects["someone_else"][0]).reporter_nik == OTHER_NIK

    written = _audit_since(db, first_audit)
    events = [row.event for row in written]
    assert events.count("subject_search") == 3 and "subject_export" in events and "subject_anonymise" in events
    assert all(row.username == "admin.instansi" for row in written), [(row.event, row.username) for row in written]
    assert json.dumps([[row.record_label, row.changes] for row in written]).count("0004") >= 3
    dumped = json.dumps([[row.record_label, row.changes] for row in written])
    assert NIK not in dumped and "siti@contoh.id" not in dumped.lower() and "81234567890" not in dumped
    trail = client.get("/auditlogview/list/?psize_AuditLogView=100").get_data(as_text=True)
    assert "subject_search" in trail and "subject_anonymise" in trail


def test_another_instansi_never_finds_the_records(subjects, as_user):
    client = as_user("admin.kota")
    token = csrf_token(client, "/data-pribadi/")
    html = client.post("/data-pribadi/cari", data={"identifier": NIK, "csrf_token": token}).get_data(as_text=True)
    assert subjects["kota"][1] in html
    assert subjects["rsud"][1] not in html and subjects["dukcapil"][1] not in html


def test_other_tiers_and_forged_posts_are_refused(subjects, app, as_user):
    for username in ("operator.rsud", "penghubung.dinkes", "pimpinan"):
        client = as_user(username)
        assert client.get("/data-pribadi/").status_code == 403
        assert client.post("/data-pribadi/cari", data={"identifier": NIK, "csrf_token": csrf_token(client)}
                           ).status_code == 403
    assert app.test_client().get("/data-pribadi/").status_code == 302
    admin = as_user("admin.instansi")
    assert admin.post("/data-pribadi/anonimkan", data={"identifier": NIK, "confirm": "1"}).status_code == 400
