"""Working days and complaint deadlines across Idul Fitri 2025 and its cuti bersama, with local calendar changes."""
import datetime

from sqlalchemy import select

from app.calendar import WorkingCalendar, add_working_days, calendar_for, working_days_between
from app.complaints.deadlines import refresh
from app.models.calendar import CalendarChange, CalendarChangeKind
from app.models.complaints import Classification, Complaint, DeadlineRule, Status
from app.models.org import OrgNode
from tests.conftest import csrf_token
from tests.factories.complaints import make_complaint_row

D = datetime.date


def node(db, code):
    return db.session.execute(select(OrgNode).where(OrgNode.code == code)).scalar_one()


def test_five_working_days_after_27_march_2025_is_14_april():
    # 28 Mar cuti Nyepi, 31 Mar-1 Apr Idul Fitri, 2-7 Apr cuti bersama are skipped; day 1 is 8 April.
    calendar = WorkingCalendar()
    assert calendar.add_working_days(D(2025, 3, 27), 1) == D(2025, 4, 8)
    assert calendar.add_working_days(D(2025, 3, 27), 5) == D(2025, 4, 14)
    assert calendar.working_days_between(D(2025, 3, 27), D(2025, 4, 14)) == 5
    assert calendar.working_days_between(D(2025, 4, 14), D(2025, 3, 27)) == -5
    assert not calendar.is_working_day(D(2025, 4, 2))  # cuti bersama counts as a day off
    assert calendar.add_working_days(D(2025, 3, 27), 0) == D(2025, 3, 27)


def test_an_event_on_a_holiday_counts_from_the_next_working_day():
    assert WorkingCalendar().add_working_days(D(2025, 4, 5), 1) == D(2025, 4, 8)  # Saturday in the cuti bersama
    assert WorkingCalendar().add_working_days(datetime.datetime(2025, 12, 31, 23, 0), 1) == D(2026, 1, 2)


def test_local_changes_apply_to_their_instansi_only(fresh, db):
    jateng, smg = node(db, "JATENG"), node(db, "SMG")
    db.session.add_all([
        CalendarChange(org_id=jateng.id, day=D(2025, 4, 8), kind=CalendarChangeKind.EXTRA_HOLIDAY, description="Libur daerah"),
        CalendarChange(org_id=jateng.id, day=D(2025, 4, 7), kind=CalendarChangeKind.CANCELLED_HOLIDAY),
        CalendarChange(org_id=jateng.id, day=D(2025, 4, 12), kind=CalendarChangeKind.WORKING_SATURDAY),
    ])
    db.session.commit()
    # Jateng: 7 Apr worked (cuti cancelled), 8 Apr off, Saturday 12 Apr worked.
    assert add_working_days(D(2025, 3, 27), 1, jateng) == D(2025, 4, 7)
    assert add_working_days(D(2025, 3, 27), 2, jateng) == D(2025, 4, 9)
    assert add_working_days(D(2025, 3, 27), 5, jateng.id) == D(2025, 4, 12)
    assert working_days_between(D(2025, 3, 27), D(2025, 4, 14), jateng) == 6
    assert add_working_days(D(2025, 3, 27), 5, smg) == D(2025, 4, 14)
    assert calendar_for(jateng.id).is_working_day(D(2025, 4, 12))


def test_deadlines_of_a_complaint_follow_d7_across_idul_fitri(fresh, db):
    dinkes = node(db, "JTG-DINKES")
    complaint = make_complaint_row(dinkes, status=Status.BELUM_TERVERIFIKASI, received_at=datetime.datetime(2025, 3, 27, 10))
    assert complaint.verify_due == D(2025, 4, 10)
    assert complaint.active_due == D(2025, 4, 10)
    complaint.routed_at = complaint.verified_at = datetime.datetime(2025, 4, 8, 9)
    complaint.status = Status.BELUM_DITINDAKLANJUTI
    refresh(complaint)
    assert complaint.first_followup_due == D(2025, 4, 15)
    assert complaint.resolve_due == D(2025, 4, 29)  # 14 working days; 18 Apr (Wafat Yesus Kristus) skipped
    assert complaint.active_due == D(2025, 4, 15)
    assert complaint.verified_on_time is True


def test_resolution_days_depend_on_classification_and_rules(fresh, db):
    dinkes, jateng = node(db, "JTG-DINKES"), node(db, "JATENG")
    routed = datetime.datetime(2025, 6, 2, 9)
    info = make_complaint_row(dinkes, classification=Classification.INFORMASI, received_at=routed)
    berkadar = make_complaint_row(dinkes, classification=Classification.PENGADUAN_BERKADAR, received_at=routed)
    # 6 June Idul Adha and 9 June cuti bersama are skipped.
    assert info.resolve_due == WorkingCalendar().add_working_days(D(2025, 6, 2), 5) == D(2025, 6, 11)
    assert berkadar.resolve_due == WorkingCalendar().add_working_days(D(2025, 6, 2), 60)
    db.session.add(DeadlineRule(org_id=jateng.id, classification=Classification.INFORMASI, resolve_days=2))
    db.session.flush()
    refresh(info)
    assert info.resolve_due == D(2025, 6, 4)
    assert info.first_followup_due == D(2025, 6, 11)  # unchanged: the rule leaves it empty


def test_saving_a_calendar_row_on_screen_recomputes_open_deadlines(fresh, db, as_user):
    dinkes, jateng = node(db, "JTG-DINKES"), node(db, "JATENG")
    complaint = make_complaint_row(dinkes, received_at=datetime.datetime(2025, 6, 2, 9))
    done = make_complaint_row(dinkes, status=Status.SELESAI, received_at=datetime.datetime(2025, 6, 2, 9))
    db.session.commit()
    assert complaint.first_followup_due == D(2025, 6, 11)
    client = as_user("admin.instansi")
    response = client.post("/calendarchangeview/add", data={
        "org": str(jateng.id), "day": "2025-06-03", "kind": "extra_holiday", "description": "Hari jadi provinsi",
        "csrf_token": csrf_token(client, "/calendarchangeview/add"),
    })
    assert response.status_code == 302
    db.session.rollback()  # a new transaction sees the request's commit
    assert db.session.get(Complaint, complaint.id).first_followup_due == D(2025, 6, 12)
    assert db.session.get(Complaint, done.id).first_followup_due == D(2025, 6, 11)  # closed complaints keep theirs


def test_due_soon_means_by_the_next_working_day_of_the_complaints_own_instansi(fresh, db, as_user, clock):
    """A local holiday on Monday 14 July 2025: on Friday a Tuesday deadline is due soon in Jateng, not in Semarang."""
    clock.set(datetime.datetime(2025, 7, 11, 3, 0, tzinfo=datetime.timezone.utc))  # Friday, 10:00 in Jakarta
    jateng = node(db, "JATENG")
    db.session.add(CalendarChange(org_id=jateng.id, day=D(2025, 7, 14), kind=CalendarChangeKind.EXTRA_HOLIDAY))
    in_jateng = make_complaint_row(node(db, "JTG-DINKES"), title="Tenggat Selasa Jateng")
    in_semarang = make_complaint_row(node(db, "SMG-PKM-PANDANARAN"), title="Tenggat Selasa Semarang")
    in_jateng.active_due = in_semarang.active_due = D(2025, 7, 15)
    db.session.commit()

    soon = as_user("admin").get("/pengaduan/list/?_flt_1_active_due=1").get_data(as_text=True)
    assert "Tenggat Selasa Jateng" in soon and "Tenggat Selasa Semarang" not in soon
    assert "Segera jatuh tempo" in soon
    assert "Jatuh tempo 15/07/2025" in as_user("admin").get(f"/pengaduan/show/{in_jateng.id}").get_data(as_text=True)
    assert "Jatuh tempo" not in as_user("admin").get(f"/pengaduan/show/{in_semarang.id}").get_data(as_text=True)
