"""Reminders: one digest per responsible person over real SMTP, each (complaint, threshold) sent once."""
import datetime

from click.testing import CliRunner
from flask.cli import ScriptInfo
from sqlalchemy import func, select

from app.complaints.cli import complaints as complaints_cli
from app.jobs.reminders import send_complaint_reminders
from app.models.complaints import ComplaintReminder, Status
from app.models.org import OrgNode
from tests.conftest import plain_bodies
from tests.factories.complaints import make_complaint_row

D, T = datetime.date, datetime.datetime


def node(db, code):
    return db.session.execute(select(OrgNode).where(OrgNode.code == code)).scalar_one()


def world(db):
    rows = {
        # Routed 2 June: first follow-up due 11 June (6 June Idul Adha, 9 June cuti bersama).
        "soon_dinkes": make_complaint_row(node(db, "JTG-DINKES"), tracking_number="R-SOON", received_at=T(2025, 6, 2, 9)),
        "late_rsud": make_complaint_row(node(db, "JTG-RSUD-MOEWARDI"), tracking_number="R-LATE", received_at=T(2025, 5, 20, 9)),
        # No operator is linked to this unit: its reminder goes to the Admin Instansi.
        "late_dukcapil": make_complaint_row(node(db, "JTG-DUKCAPIL-PD"), tracking_number="R-FALLBACK",
                                            received_at=T(2025, 5, 20, 9)),
        "unverified": make_complaint_row(node(db, "JATENG"), status=Status.BELUM_TERVERIFIKASI, tracking_number="R-VERIFY",
                                         received_at=T(2025, 6, 4, 9)),
        "later": make_complaint_row(node(db, "JTG-DINKES"), tracking_number="R-LATER", received_at=T(2025, 6, 10, 9)),
        "done": make_complaint_row(node(db, "JTG-DINKES"), status=Status.SELESAI, tracking_number="R-DONE",
                                   received_at=T(2025, 5, 1, 9), finished_at=T(2025, 5, 30, 9)),
    }
    db.session.commit()
    return rows


def test_each_person_gets_one_digest_and_never_the_same_reminder_twice(fresh, db, inbox):
    world(db)
    result = send_complaint_reminders(today=D(2025, 6, 10))
    assert result == {"messages": 3, "complaints": 4, "failed": 0}
    raw = inbox.take()
    bodies = plain_bodies(raw)
    assert set(bodies) == {"penghubung.dinkes@pantau.example.id", "operator.rsud@pantau.example.id",
                           "admin.instansi@pantau.example.id"}
    assert "R-SOON" in bodies["penghubung.dinkes@pantau.example.id"]
    assert "R-LATE" in bodies["operator.rsud@pantau.example.id"]
    admin = bodies["admin.instansi@pantau.example.id"]
    assert "R-FALLBACK" in admin and "R-VERIFY" in admin and "TERLAMBAT" in admin
    assert "R-LATER" not in str(bodies) and "R-DONE" not in str(bodies)
    subjects = {message["Subject"] for _, message in raw}
    assert "Pengingat pengaduan 10/06/2025: 2 menunggu, 1 terlambat" in subjects

    assert send_complaint_reminders(today=D(2025, 6, 10)) == {"messages": 0, "complaints": 0, "failed": 0}
    assert plain_bodies(inbox.take()) == {}

    # Two days later the 'soon' ones are overdue: one more reminder each, the overdue ones stay quiet.
    send_complaint_reminders(today=D(2025, 6, 12))
    bodies = plain_bodies(inbox.take())
    assert set(bodies) == {"penghubung.dinkes@pantau.example.id", "admin.instansi@pantau.example.id"}
    assert "R-SOON" in bodies["penghubung.dinkes@pantau.example.id"]
    assert "R-VERIFY" in bodies["admin.instansi@pantau.example.id"]
    assert "R-FALLBACK" not in bodies["admin.instansi@pantau.example.id"]
    assert db.session.execute(select(func.count()).select_from(ComplaintReminder)).scalar() == 6


def test_cli_remind_sends_the_digests(fresh, app, db, inbox):
    world(db)
    with app.app_context():
        out = CliRunner().invoke(complaints_cli, ["remind", "--today", "2025-06-10"],
                                 obj=ScriptInfo(create_app=lambda: app))
    assert out.exit_code == 0, out.output
    assert "3 surel dikirim untuk 4 pengaduan" in out.output
    assert len(inbox.take()) == 3


def test_an_unverified_complaint_at_an_opd_reminds_the_admin_instansi_who_verifies_it(fresh, db, inbox):
    # Who acts comes from the workflow: verifying is Admin Instansi's move, wherever the complaint was taken in.
    make_complaint_row(node(db, "JTG-DINKES"), status=Status.BELUM_TERVERIFIKASI, tracking_number="R-OPD-VERIFY",
                       received_at=T(2025, 6, 4, 9))
    db.session.commit()
    assert send_complaint_reminders(today=D(2025, 6, 30))["complaints"] == 1
    bodies = plain_bodies(inbox.take())
    assert set(bodies) == {"admin.instansi@pantau.example.id"}, set(bodies)
    assert "R-OPD-VERIFY" in bodies["admin.instansi@pantau.example.id"]
