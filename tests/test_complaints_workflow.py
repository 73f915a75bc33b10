"""The complaint state machine: every move per tier, the refusals, history, and the Tunda clock."""
import datetime

import pytest
from sqlalchemy import select

from app.complaints.workflow import Actor, WorkflowError, allowed_moves, apply_move, record_intake
from app.models.complaints import Channel, Classification, Complaint, Status
from app.models.org import OrgNode
from tests.factories.complaints import make_complaint_row

D, T = datetime.date, datetime.datetime


def node(db, code):
    return db.session.execute(select(OrgNode).where(OrgNode.code == code)).scalar_one()


def actor(app, username):
    return Actor.of_user(app.appbuilder.sm.find_user(username=username))


def intake(app, db, username="admin.instansi", code="JATENG", when=T(2025, 3, 27, 10)):
    who, owner = actor(app, username), node(db, code)
    complaint = Complaint(org=owner, channel=Channel.WALK_IN, classification=Classification.PENGADUAN_TIDAK_BERKADAR,
                          title="Antrean RSUD", content="Antrean pendaftaran sampai siang.", received_at=when,
                          reporter_nik="3374010101010001", rahasia=False, anonim=False)
    record_intake(complaint, who, when=when)
    db.session.add(complaint)
    db.session.flush()
    return complaint


def moves(complaint, who):
    return {move.name for move in allowed_moves(complaint, who)}


def test_intake_starts_unverified_at_the_instansi_with_a_pantau_number(fresh, app, db):
    complaint = intake(app, db)
    assert complaint.status == Status.BELUM_TERVERIFIKASI
    assert complaint.tracking_number.startswith("PTU-20250327-")
    assert complaint.verify_due == D(2025, 4, 10)
    assert [h.action for h in complaint.history] == ["intake"]


def test_full_path_admin_routes_penghubung_delegates_operator_follows_up_penghubung_finishes(fresh, app, db):
    complaint = intake(app, db)
    admin, penghubung, operator = actor(app, "admin.instansi"), actor(app, "penghubung.dinkes"), actor(app, "operator.rsud")
    assert moves(complaint, admin) == {"verify", "return", "hold", "archive"}
    assert moves(complaint, penghubung) == set()  # the instansi's own complaint is outside the OPD's scope

    apply_move(complaint, "verify", admin, target=node(db, "JTG-DINKES"), when=T(2025, 4, 8, 9))
    assert complaint.status == Status.BELUM_DITINDAKLANJUTI and complaint.org.code == "JTG-DINKES"
    assert complaint.opd_id == node(db, "JTG-DINKES").id
    assert complaint.verified_on_time is True
    assert complaint.first_followup_due == D(2025, 4, 15)
    assert moves(complaint, penghubung) == {"delegate", "followup", "return"}
    assert moves(complaint, operator) == set()  # not yet at the operator's unit

    apply_move(complaint, "delegate", penghubung, target=node(db, "JTG-RSUD-MOEWARDI"), when=T(2025, 4, 9, 9))
    assert complaint.org.code == "JTG-RSUD-MOEWARDI" and complaint.opd_id == node(db, "JTG-DINKES").id
    assert moves(complaint, operator) == {"followup"}

    apply_move(complaint, "followup", operator, note="Loket tambahan dibuka.", when=T(2025, 4, 14, 9))
    assert complaint.status == Status.DIPROSES
    assert complaint.followups[0].text == "Loket tambahan dibuka." and complaint.followups[0].username == "operator.rsud"
    assert complaint.days_to_first_followup == 5  # 27 Mar -> 14 Apr
    assert complaint.followup_on_time is True
    assert complaint.autoclose_due == D(2025, 4, 29)
    assert "finish" not in moves(complaint, operator)

    apply_move(complaint, "finish", penghubung, when=T(2025, 4, 16, 9))
    assert complaint.status == Status.SELESAI and complaint.active_due is None
    assert complaint.days_to_finish == 7 and complaint.resolved_on_time is True
    assert [(h.action, h.from_status, h.to_status) for h in complaint.history] == [
        ("intake", None, Status.BELUM_TERVERIFIKASI),
        ("verify", Status.BELUM_TERVERIFIKASI, Status.BELUM_DITINDAKLANJUTI),
        ("delegate", Status.BELUM_DITINDAKLANJUTI, Status.BELUM_DITINDAKLANJUTI),
        ("followup", Status.BELUM_DITINDAKLANJUTI, Status.DIPROSES),
        ("finish", Status.DIPROSES, Status.SELESAI),
    ]
    delegate = complaint.history[2]
    assert (delegate.from_node.code, delegate.to_node.code, delegate.username) == ("JTG-DINKES", "JTG-RSUD-MOEWARDI", "penghubung.dinkes")

    apply_move(complaint, "reopen", admin, note="Pelapor belum puas.", when=T(2025, 4, 17, 9))
    assert complaint.status == Status.DIPROSES and complaint.finished_at is None
    apply_move(complaint, "finish", admin, when=T(2025, 4, 21, 9))
    apply_move(complaint, "archive", admin, note="Selesai, diarsipkan.", when=T(2025, 4, 22, 9))
    assert complaint.status == Status.ARSIP


def _refused(complaint, name, who, **kwargs):
    before = (complaint.status, complaint.org_id, len(complaint.history), len(complaint.followups))
    with pytest.raises(WorkflowError) as error:
        apply_move(complaint, name, who, **kwargs)
    assert (complaint.status, complaint.org_id, len(complaint.history), len(complaint.followups)) == before
    return str(error.value)


def test_illegal_moves_are_refused_with_a_message_and_change_nothing(fresh, app, db):
    complaint = intake(app, db)
    admin, penghubung, operator = actor(app, "admin.instansi"), actor(app, "penghubung.dinkes"), actor(app, "operator.rsud")
    pimpinan, kota = actor(app, "pimpinan"), actor(app, "admin.kota")
    assert "status" in _refused(complaint, "finish", admin).lower() or _refused(complaint, "finish", admin)
    assert "cakupan" in _refused(complaint, "verify", kota, target=node(db, "SMG-DINKES"))
    assert _refused(complaint, "verify", pimpinan, target=node(db, "JTG-DINKES"))
    assert _refused(complaint, "verify", admin)  # no target
    assert "instansi" in _refused(complaint, "verify", admin, target=node(db, "SMG-DINKES"))
    assert _refused(complaint, "verify", admin, target=node(db, "JATENG"))
    assert _refused(complaint, "hold", admin, note="")  # a hold needs a reason
    assert _refused(complaint, "fly", admin)

    apply_move(complaint, "verify", admin, target=node(db, "JTG-DINKES"), when=T(2025, 4, 8, 9))
    assert _refused(complaint, "followup", penghubung, note="")
    assert _refused(complaint, "followup", operator, note="x")  # owned by the OPD, not the unit
    assert _refused(complaint, "delegate", penghubung, target=node(db, "JTG-DUKCAPIL-PD"))  # not below Dinkes
    assert _refused(complaint, "reroute", penghubung, target=node(db, "JTG-DISDUKCAPIL"))
    assert _refused(complaint, "finish", penghubung)  # nothing followed up yet
    assert _refused(complaint, "hold", penghubung, note="x")
    assert _refused(complaint, "archive", admin, note="x")  # an open routed complaint is not archived
    assert _refused(complaint, "reroute", admin, target=node(db, "JTG-DINKES"))  # already there
    assert _refused(complaint, "followup", admin, note="x")  # the admin does not answer for the OPD
    apply_move(complaint, "followup", penghubung, note="Ditangani.", when=T(2025, 4, 9, 9))
    assert _refused(complaint, "resume", admin)
    assert _refused(complaint, "reopen", admin, note="x")


def test_penghubung_returns_as_bukan_wewenang_and_admin_reroutes(fresh, app, db):
    complaint = intake(app, db)
    admin, penghubung = actor(app, "admin.instansi"), actor(app, "penghubung.dinkes")
    apply_move(complaint, "verify", admin, target=node(db, "JTG-DINKES"), when=T(2025, 4, 8, 9))
    apply_move(complaint, "return", penghubung, note="Urusan Disdukcapil.", when=T(2025, 4, 9, 9))
    assert complaint.status == Status.BUKAN_WEWENANG and complaint.org.code == "JATENG" and complaint.opd_id is None
    assert complaint.active_due is None
    assert moves(complaint, penghubung) == set()
    apply_move(complaint, "reroute", admin, target=node(db, "JTG-DISDUKCAPIL"), when=T(2025, 4, 10, 9))
    assert complaint.status == Status.BELUM_DITINDAKLANJUTI and complaint.org.code == "JTG-DISDUKCAPIL"
    assert complaint.first_followup_due == D(2025, 4, 17)  # counted from the new disposition
    last = complaint.history[-1]
    assert (last.from_status, last.to_status, last.from_node.code, last.to_node.code) == (
        Status.BUKAN_WEWENANG, Status.BELUM_DITINDAKLANJUTI, "JATENG", "JTG-DISDUKCAPIL")


def test_tunda_stops_the_clock_and_resume_restarts_it_where_it_stopped(fresh, app, db):
    complaint = intake(app, db)
    admin = actor(app, "admin.instansi")
    apply_move(complaint, "verify", admin, target=node(db, "JTG-DINKES"), when=T(2025, 4, 8, 9))
    assert complaint.first_followup_due == D(2025, 4, 15)
    apply_move(complaint, "hold", admin, note="Menunggu data dari pelapor.", when=T(2025, 4, 9, 9))
    assert complaint.status == Status.TUNDA and complaint.active_due is None
    apply_move(complaint, "resume", admin, when=T(2025, 4, 14, 9))
    # 10, 11 and 14 April were spent on hold: every open deadline moves 3 working days.
    assert complaint.status == Status.BELUM_DITINDAKLANJUTI
    assert complaint.paused_days == 3
    assert complaint.first_followup_due == D(2025, 4, 21)
    assert complaint.resolve_due == WorkingCalendar_add(D(2025, 4, 8), 17)
    assert complaint.verify_due == D(2025, 4, 10)  # the verification step was done before the hold


def WorkingCalendar_add(start, n):
    from app.calendar import WorkingCalendar

    return WorkingCalendar().add_working_days(start, n)


def test_moves_are_refused_for_complaints_out_of_the_actor_scope(fresh, app, db):
    complaint = make_complaint_row(node(db, "JTG-DUKCAPIL-PD"))
    assert moves(complaint, actor(app, "penghubung.dinkes")) == set()
    assert moves(complaint, actor(app, "operator.rsud")) == set()
    assert "followup" in moves(complaint, Actor.system())
