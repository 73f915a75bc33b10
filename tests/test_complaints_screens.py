"""The complaint screens: intake, list and queue in scope, the complaint page's moves, files and the XLSX export."""
import datetime
import io
import re

from openpyxl import load_workbook
from sqlalchemy import select, update

from app.clock import now_local, today_local
from app.jobs.reminders import send_complaint_reminders
from app.models.complaints import Complaint, ComplaintAttachment, Status
from app.models.org import OrgNode
from tests.conftest import csrf_token, dashboard_page
from tests.factories.complaints import make_complaint_row


def node(db, code):
    return db.session.execute(select(OrgNode).where(OrgNode.code == code)).scalar_one()


def test_staff_intake_creates_an_unverified_complaint_with_deadline_and_history(fresh, db, as_user):
    client = as_user("penghubung.dinkes")
    dinkes = node(db, "JTG-DINKES")
    response = client.post("/pengaduan/add", data={
        "org": str(dinkes.id), "channel": "telepon", "classification": "informasi", "title": "Jadwal vaksin",
        "content": "Kapan jadwal imunisasi?", "received_at": "2025-03-27 10:00:00", "reporter_nik": "3374010101010001",
        "csrf_token": csrf_token(client, "/pengaduan/add"),
    })
    assert response.status_code == 302
    db.session.rollback()
    complaint = db.session.execute(select(Complaint).where(Complaint.title == "Jadwal vaksin")).scalar_one()
    assert complaint.status == Status.BELUM_TERVERIFIKASI and complaint.org_id == dinkes.id
    assert complaint.instansi.code == "JATENG" and complaint.tracking_number.startswith("PTU-20250327-")
    assert complaint.verify_due == datetime.date(2025, 4, 10)
    assert complaint.history[0].username == "penghubung.dinkes"


def test_intake_refuses_a_bad_nik_and_writes_nothing(fresh, db, as_user):
    client = as_user("admin.instansi")
    client.post("/pengaduan/add", data={
        "org": str(node(db, "JATENG").id), "channel": "surat", "classification": "aspirasi", "title": "Usul taman",
        "content": "Mohon taman kota.", "reporter_nik": "12345", "csrf_token": csrf_token(client, "/pengaduan/add"),
    })
    db.session.rollback()
    assert db.session.execute(select(Complaint).where(Complaint.title == "Usul taman")).first() is None


def test_lists_and_queue_show_only_complaints_in_scope_with_due_flags(fresh, db, as_user):
    rsud = make_complaint_row(node(db, "JTG-RSUD-MOEWARDI"), title="Antrean RSUD lama",
                              received_at=datetime.datetime(2025, 6, 2, 9))
    dukcapil = make_complaint_row(node(db, "JTG-DUKCAPIL-PD"), title="KTP belum jadi")
    kota = make_complaint_row(node(db, "SMG-PKM-PANDANARAN"), title="Puskesmas kota")
    make_complaint_row(node(db, "JTG-DINKES"), status=Status.BELUM_TERVERIFIKASI, title="Belum diverifikasi")
    make_complaint_row(node(db, "JTG-DINKES"), title="Baru masuk hari ini", received_at=now_local())
    db.session.commit()

    page = as_user("penghubung.dinkes").get("/pengaduan/list/").get_data(as_text=True)
    assert "Antrean RSUD lama" in page and "Belum diverifikasi" in page
    assert "KTP belum jadi" not in page and "Puskesmas kota" not in page
    assert "Terlambat" in page  # its first follow-up deadline (11 June 2025) has passed

    admin = as_user("admin.instansi")
    page = admin.get("/pengaduan/list/").get_data(as_text=True)
    assert "KTP belum jadi" in page and "Puskesmas kota" not in page
    queue = admin.get("/antrean-pengaduan/list/").get_data(as_text=True)
    assert "Belum diverifikasi" in queue and "Antrean RSUD lama" not in queue  # routed ones wait for the OPD

    operator_queue = as_user("operator.rsud").get("/antrean-pengaduan/list/").get_data(as_text=True)
    assert "Antrean RSUD lama" in operator_queue and "Belum diverifikasi" not in operator_queue

    filtered = admin.get("/pengaduan/list/?_flt_0_status=belum_terverifikasi").get_data(as_text=True)
    assert "Belum diverifikasi" in filtered and "KTP belum jadi" not in filtered
    overdue = admin.get("/pengaduan/list/?_flt_0_active_due=1").get_data(as_text=True)
    assert "Antrean RSUD lama" in overdue and "Baru masuk hari ini" not in overdue
    assert as_user("operator.rsud").get(f"/pengaduan/show/{dukcapil.id}").status_code == 404
    assert as_user("admin.kota").get(f"/pengaduan/show/{rsud.id}").status_code == 404
    assert as_user("admin.kota").get(f"/antrean-pengaduan/show/{rsud.id}").status_code == 404
    assert kota.id


def test_complaint_page_offers_only_allowed_moves_and_a_move_needs_csrf(fresh, db, as_user):
    complaint = make_complaint_row(node(db, "JTG-DINKES"))
    db.session.commit()
    client = as_user("penghubung.dinkes")
    page = client.get(f"/pengaduan/show/{complaint.id}").get_data(as_text=True)
    assert 'value="followup"' in page and 'value="delegate"' in page
    assert 'value="verify"' not in page and 'value="hold"' not in page

    response = client.post(f"/pengaduan/move/{complaint.id}", data={"move": "followup", "note": "Tanpa token"})
    assert response.status_code == 400
    token = csrf_token(client, f"/pengaduan/show/{complaint.id}")
    client.post(f"/pengaduan/move/{complaint.id}", data={"move": "hold", "note": "x", "csrf_token": token})
    db.session.rollback()  # a new transaction sees the request's commit
    assert db.session.get(Complaint, complaint.id).status == Status.BELUM_DITINDAKLANJUTI
    page = client.get(f"/pengaduan/show/{complaint.id}").get_data(as_text=True)
    assert "tidak boleh" in page  # the refusal is flashed

    response = client.post(f"/pengaduan/move/{complaint.id}", data={
        "move": "followup", "note": "Sudah dihubungi.", "csrf_token": token})
    assert response.status_code == 302
    db.session.rollback()  # a new transaction sees the request's commit
    saved = db.session.get(Complaint, complaint.id)
    assert saved.status == Status.DIPROSES and saved.followups[0].text == "Sudah dihubungi."
    reader = as_user("pimpinan")
    assert reader.post(f"/pengaduan/move/{complaint.id}", data={
        "move": "finish", "csrf_token": csrf_token(reader)}).status_code == 403


def test_attachments_upload_and_download_in_scope_only(fresh, db, as_user):
    complaint = make_complaint_row(node(db, "JTG-RSUD-MOEWARDI"))
    db.session.commit()
    client = as_user("operator.rsud")
    token = csrf_token(client, f"/pengaduan/show/{complaint.id}")
    client.post(f"/pengaduan/attach/{complaint.id}", data={
        "file": (io.BytesIO(b"%PDF-1.4 surat balasan"), "balasan.pdf"), "csrf_token": token,
    }, content_type="multipart/form-data")
    client.post(f"/pengaduan/attach/{complaint.id}", data={
        "file": (io.BytesIO(b"MZ not a pdf"), "virus.pdf"), "csrf_token": token,
    }, content_type="multipart/form-data")
    db.session.rollback()
    attachments = db.session.execute(select(ComplaintAttachment)).scalars().all()
    assert [a.filename for a in attachments] == ["balasan.pdf"]
    download = client.get(f"/pengaduan/lampiran/{attachments[0].id}")
    assert download.status_code == 200 and download.data == b"%PDF-1.4 surat balasan"
    assert as_user("admin.kota").get(f"/pengaduan/lampiran/{attachments[0].id}").status_code == 404


def _export(client, query=""):
    response = client.get("/pengaduan/ekspor/" + query)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).worksheets[0]
    rows = list(sheet.iter_rows(min_row=3))
    header = [cell.value for cell in rows[0]]
    return header, {row[0].value: dict(zip(header, row)) for row in rows[1:]}


def test_export_masks_nik_hides_anonim_reporters_and_writes_real_dates(fresh, db, as_user):
    dinkes = node(db, "JTG-DINKES")
    make_complaint_row(dinkes, tracking_number="EXP-1", reporter_name="Siti Aminah", reporter_nik="3374010101010001",
                       reporter_phone="081234567890", received_at=datetime.datetime(2025, 6, 2, 9))
    make_complaint_row(dinkes, tracking_number="EXP-2", reporter_name="Rahasia Sekali", anonim=True,
                       reporter_nik="3374010101019999")
    make_complaint_row(node(db, "JTG-DUKCAPIL-PD"), tracking_number="EXP-3")
    db.session.commit()

    header, rows = _export(as_user("admin.instansi"))
    assert set(rows) == {"EXP-1", "EXP-2", "EXP-3"}
    assert rows["EXP-1"]["NIK"].value == "************0001"
    assert rows["EXP-1"]["Telepon"].value == "********7890"
    assert rows["EXP-2"]["Nama pelapor"].value == "Rahasia Sekali"  # the instansi's admin sees anonim reporters
    received = rows["EXP-1"]["Diterima"]
    assert received.value == datetime.datetime(2025, 6, 2, 9) and received.is_date
    assert rows["EXP-1"]["Didisposisikan"].is_date

    header, rows = _export(as_user("penghubung.dinkes"))
    assert set(rows) == {"EXP-1", "EXP-2"}
    assert rows["EXP-2"]["Nama pelapor"].value == "(disembunyikan)" and rows["EXP-2"]["NIK"].value is None
    assert rows["EXP-1"]["NIK"].value == "************0001"

    header, rows = _export(as_user("pimpinan"))
    assert rows["EXP-1"]["NIK"].value is None and rows["EXP-1"]["Nama pelapor"].value == "Siti Aminah"
    assert "3374010101010001" not in str([[c.value for c in r.values()] for r in rows.values()])

    header, rows = _export(as_user("admin.instansi"), "?_flt_0_tracking_number=EXP-3")
    assert set(rows) == {"EXP-3"}


def test_a_deadline_rule_saved_on_screen_moves_open_deadlines(fresh, db, as_user):
    complaint = make_complaint_row(node(db, "JTG-DINKES"), received_at=datetime.datetime(2025, 6, 2, 9))
    db.session.commit()
    assert complaint.resolve_due == datetime.date(2025, 6, 24)  # 14 working days
    client = as_user("admin.instansi")
    response = client.post("/deadlineruleview/add", data={
        "org": str(node(db, "JATENG").id), "classification": "pengaduan_tidak_berkadar", "resolve_days": "3",
        "csrf_token": csrf_token(client, "/deadlineruleview/add"),
    })
    assert response.status_code == 302
    db.session.rollback()
    assert db.session.get(Complaint, complaint.id).resolve_due == datetime.date(2025, 6, 5)
    assert as_user("penghubung.dinkes").get("/deadlineruleview/add").status_code == 403


def test_admin_edits_the_classification_and_the_deadline_follows(fresh, db, as_user):
    complaint = make_complaint_row(node(db, "JTG-DINKES"), received_at=datetime.datetime(2025, 6, 2, 9))
    db.session.commit()
    client = as_user("admin.instansi")
    response = client.post(f"/pengaduan/edit/{complaint.id}", data={
        "classification": "informasi", "title": complaint.title, "content": complaint.content,
        "csrf_token": csrf_token(client, f"/pengaduan/edit/{complaint.id}"),
    })
    assert response.status_code == 302
    db.session.rollback()
    saved = db.session.get(Complaint, complaint.id)
    assert saved.resolve_due == datetime.date(2025, 6, 11)  # information request: 5 working days
    assert as_user("penghubung.dinkes").get(f"/pengaduan/edit/{complaint.id}").status_code == 403


def test_every_complaint_screen_renders_for_the_tiers_that_may_open_it(fresh, db, as_user):
    unverified = make_complaint_row(node(db, "JATENG"), status=Status.BELUM_TERVERIFIKASI)
    routed = make_complaint_row(node(db, "JTG-RSUD-MOEWARDI"))
    db.session.commit()
    admin = as_user("admin.instansi")
    page = admin.get(f"/pengaduan/show/{unverified.id}").get_data(as_text=True)
    assert 'value="verify"' in page
    assert "Dinas Kesehatan" in page  # a disposition target
    for url in ("/pengaduan/list/", "/pengaduan/add", "/antrean-pengaduan/list/", "/impor-pengaduan/",
                "/complaintcategoryview/list/", "/deadlineruleview/list/", "/calendarchangeview/list/",
                f"/pengaduan/edit/{routed.id}"):
        assert admin.get(url).status_code == 200, url
    pimpinan = as_user("pimpinan")
    assert pimpinan.get(f"/pengaduan/show/{routed.id}").status_code == 200
    assert 'name="move"' not in pimpinan.get(f"/pengaduan/show/{routed.id}").get_data(as_text=True)
    assert pimpinan.get("/pengaduan/add").status_code == 403
    operator = as_user("operator.rsud")
    assert operator.get("/antrean-pengaduan/list/").status_code == 200
    assert operator.get("/pengaduan/add").status_code == 403
    assert as_user("admin").get(f"/antrean-pengaduan/show/{routed.id}").status_code == 302


def test_the_complaint_page_hides_an_anonim_reporter_from_the_opd_but_not_from_the_admin(fresh, db, as_user):
    complaint = make_complaint_row(node(db, "JTG-DINKES"), reporter_name="Siti Rahasia", anonim=True,
                                   reporter_nik="3374010101010001")
    open_one = make_complaint_row(node(db, "JTG-DINKES"), reporter_name="Budi Terbuka", reporter_nik="3374010101012222")
    db.session.commit()
    opd_page = as_user("penghubung.dinkes").get(f"/pengaduan/show/{complaint.id}").get_data(as_text=True)
    assert "Siti Rahasia" not in opd_page and "*0001" not in opd_page and "anonim" in opd_page
    admin_page = as_user("admin.instansi").get(f"/pengaduan/show/{complaint.id}").get_data(as_text=True)
    assert "Siti Rahasia" in admin_page and "************0001" in admin_page
    assert "3374010101010001" not in admin_page
    open_page = as_user("penghubung.dinkes").get(f"/pengaduan/show/{open_one.id}").get_data(as_text=True)
    assert "Budi Terbuka" in open_page and "************2222" in open_page


def test_complaints_are_archived_not_deleted_by_the_admin_instansi(fresh, db, as_user):
    complaint = make_complaint_row(node(db, "JTG-DINKES"))
    db.session.commit()
    client = as_user("admin.instansi")
    response = client.post(f"/pengaduan/delete/{complaint.id}", data={"csrf_token": csrf_token(client)})
    assert response.status_code == 403
    db.session.rollback()
    assert db.session.get(Complaint, complaint.id) is not None


def test_a_utc_server_at_18_utc_counts_the_same_overdue_complaints_on_every_screen(fresh, db, as_user, clock, inbox):
    """At 18:00 UTC it is already tomorrow in Jakarta: a deadline of 'today UTC' has passed on every screen."""
    utc_day = datetime.datetime.now(datetime.timezone.utc).date()
    clock.set(datetime.datetime.combine(utc_day, datetime.time(18, 0), tzinfo=datetime.timezone.utc))
    jakarta_day = utc_day + datetime.timedelta(days=1)
    db.session.execute(update(Complaint).where(Complaint.active_due.is_not(None))
                       .values(active_due=jakarta_day + datetime.timedelta(days=60)))
    late = make_complaint_row(node(db, "JTG-RSUD-MOEWARDI"), status=Status.DIPROSES, title="Tenggat kemarin Jakarta")
    on_time = make_complaint_row(node(db, "JTG-RSUD-MOEWARDI"), status=Status.DIPROSES, title="Tenggat bulan depan")
    late.active_due, on_time.active_due = utc_day, jakarta_day + datetime.timedelta(days=30)
    db.session.commit()

    admin = as_user("admin.instansi")
    overdue_list = admin.get("/pengaduan/list/?_flt_0_active_due=1").get_data(as_text=True)
    assert "Tenggat kemarin Jakarta" in overdue_list and "Tenggat bulan depan" not in overdue_list
    assert re.search(r"Jumlah Data:</strong>\s*1\b", overdue_list)
    assert re.search(r'id="kpi-overdue">1<', dashboard_page(admin))
    queue = as_user("pimpinan").get("/antrean-pengaduan/list/").get_data(as_text=True)
    assert "Tenggat kemarin Jakarta" in queue and "Tenggat bulan depan" not in queue
    assert "Terlambat: batas waktu" in admin.get(f"/pengaduan/show/{late.id}").get_data(as_text=True)
    assert "Terlambat" not in admin.get(f"/pengaduan/show/{on_time.id}").get_data(as_text=True)

    result = send_complaint_reminders(today_local())
    subjects = {message["Subject"] for _recipients, message in inbox.take()}
    assert result["complaints"] == 1 and subjects and all(subject.endswith("1 terlambat") for subject in subjects)
