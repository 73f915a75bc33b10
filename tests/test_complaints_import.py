"""LAPOR! import: the whole file is checked first, bad rows are listed and nothing is written; re-import is
idempotent; a newer file moves statuses; dry run; CLI and upload screen."""
import datetime
import io

from click.testing import CliRunner
from flask_babel import force_locale
from openpyxl import Workbook
from sqlalchemy import func, select

from app.complaints.cli import complaints as complaints_cli
from app.complaints.importer import ImportRefused, import_file
from app.models.complaints import Complaint, ComplaintCategory, ComplaintHistory, Status
from app.models.org import OrgNode
from tests.conftest import csrf_token

HEADERS = ["ID Tracking", "Judul", "Isi Laporan", "Kategori", "Klasifikasi", "Status", "Tanggal Laporan",
           "Nama Pelapor", "Rahasia", "Anonim", "Disposisi"]
ROWS = [
    ["LPR-001", "Jalan rusak", "Jalan Pemuda berlubang.", "Infrastruktur", "Pengaduan Tidak Berkadar Pengawasan",
     "Belum Terverifikasi", datetime.datetime(2025, 3, 27, 10), "Budi", "Tidak", "Tidak", ""],
    ["LPR-002", "Antrean RSUD", "Antrean lama.", "Kesehatan", "Pengaduan Tidak Berkadar Pengawasan",
     "Terdisposisi Belum Ditindaklanjuti", datetime.datetime(2025, 3, 27, 11), "Sari", "Tidak", "Ya", "JTG-DINKES"],
    ["LPR-003", "Jam layanan", "Jam buka loket?", "Kesehatan", "Permintaan Informasi", "Diproses",
     datetime.datetime(2025, 3, 28, 9), "", "Ya", "Tidak", "RSUD Dr. Moewardi"],
]


def xlsx(rows, headers=HEADERS):
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def node(db, code):
    return db.session.execute(select(OrgNode).where(OrgNode.code == code)).scalar_one()


def count(db, model=Complaint):
    db.session.rollback()  # a new transaction sees what the requests committed (MariaDB REPEATABLE READ)
    return db.session.execute(select(func.count()).select_from(model)).scalar()


def test_a_file_with_bad_rows_writes_nothing_and_lists_every_bad_row(fresh, db):
    rows = [list(r) for r in ROWS] + [
        ["LPR-004", "", "Isi", "", "Aspirasi", "Selesai", "2025-04-01", "", "Tidak", "Tidak", ""],
        ["LPR-005", "Judul", "Isi", "", "Keluhan", "Diproses", "31/02/2025", "", "Mungkin", "Tidak", "DINAS ENTAH"],
        ["LPR-001", "Duplikat", "Isi", "", "Aspirasi", "Selesai", "01/04/2025", "", "Tidak", "Tidak", ""],
    ]
    try:
        import_file("lapor.xlsx", xlsx(rows), node(db, "JATENG"))
        raise AssertionError("a bad file was accepted")
    except ImportRefused as refused:
        problems = refused.result.problems
    db.session.rollback()
    assert {row for row, _ in problems} == {5, 6, 7}
    reasons = " | ".join(reason for _, reason in problems)
    for expected in ("Judul kosong", "klasifikasi 'Keluhan'", "31/02/2025", "Rahasia harus Ya atau Tidak",
                     "DINAS ENTAH", "LPR-001 sudah ada di baris 2"):
        assert expected in reasons, expected
    assert count(db) == 0 and count(db, ComplaintCategory) == 0


def test_import_creates_complaints_with_deadlines_and_reimport_changes_nothing(fresh, db):
    jateng = node(db, "JATENG")
    result = import_file("lapor.xlsx", xlsx(ROWS), jateng, when=datetime.datetime(2025, 4, 8, 9))
    db.session.commit()
    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    assert sorted(result.new_categories) == ["Infrastruktur", "Kesehatan"]
    by_id = {c.tracking_number: c for c in db.session.execute(select(Complaint)).scalars()}
    first, second, third = by_id["LPR-001"], by_id["LPR-002"], by_id["LPR-003"]
    assert first.status == Status.BELUM_TERVERIFIKASI and first.org.code == "JATENG"
    assert first.verify_due == datetime.date(2025, 4, 10) == first.active_due
    # The file gives no disposition date: it stays unknown (never the import time), and so do the deadlines
    # that count from it.
    assert second.org.code == "JTG-DINKES" and second.anonim and second.routed_at is None
    assert second.verified_at is None and second.first_followup_due is None
    assert third.org.code == "JTG-RSUD-MOEWARDI" and third.opd.code == "JTG-DINKES" and third.rahasia
    assert third.category.name == "Kesehatan" and third.imported
    assert count(db, ComplaintHistory) == 3

    again = import_file("lapor.xlsx", xlsx(ROWS), jateng, when=datetime.datetime(2025, 4, 9, 9))
    db.session.commit()
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert count(db) == 3 and count(db, ComplaintHistory) == 3 and count(db, ComplaintCategory) == 2


def test_a_newer_file_updates_statuses_and_records_history(fresh, db):
    jateng = node(db, "JATENG")
    import_file("lapor.csv", _csv(ROWS), jateng, when=datetime.datetime(2025, 4, 8, 9))
    db.session.commit()
    newer = [list(r) for r in ROWS]
    newer[1][5] = "Terdisposisi Selesai"
    result = import_file("lapor.csv", _csv(newer), jateng, when=datetime.datetime(2025, 4, 14, 9))
    db.session.commit()
    assert (result.created, result.updated, result.unchanged) == (0, 1, 2)
    complaint = db.session.execute(select(Complaint).where(Complaint.tracking_number == "LPR-002")).scalar_one()
    # No finish date in the file: unknown, so no duration and no on-time verdict (never the import time).
    assert complaint.status == Status.SELESAI and complaint.finished_at is None and complaint.routed_at is None
    assert complaint.active_due is None and complaint.days_to_finish is None and complaint.resolved_on_time is None
    assert [(h.from_status, h.to_status) for h in complaint.history][-1] == (Status.BELUM_DITINDAKLANJUTI, Status.SELESAI)


def _csv(rows):
    lines = [";".join(HEADERS)]
    for row in rows:
        lines.append(";".join(v.strftime("%d/%m/%Y %H:%M") if isinstance(v, datetime.datetime) else str(v) for v in row))
    return "\n".join(lines).encode()


def test_dry_run_counts_and_writes_nothing(fresh, db):
    jateng = node(db, "JATENG")
    import_file("lapor.xlsx", xlsx(ROWS[:1]), jateng)
    db.session.commit()
    changed = [list(r) for r in ROWS]
    changed[0][1] = "Jalan rusak parah"
    result = import_file("lapor.xlsx", xlsx(changed), jateng, dry_run=True)
    db.session.rollback()
    assert (result.created, result.updated, result.unchanged) == (2, 1, 0)
    assert count(db) == 1
    assert db.session.execute(select(Complaint.title)).scalar() == "Jalan rusak"


def test_cli_imports_with_dry_run_and_reports_bad_rows(fresh, app, db, tmp_path):
    path = tmp_path / "lapor.xlsx"
    path.write_bytes(xlsx(ROWS))
    runner = CliRunner()
    with app.app_context():
        out = runner.invoke(complaints_cli, ["import", str(path), "--instansi", "JATENG", "--dry-run"], obj=_script(app))
        assert out.exit_code == 0, out.output
        assert "akan dibuat 3" in out.output
        assert count(db) == 0
        out = runner.invoke(complaints_cli, ["import", str(path), "--instansi", "JATENG"], obj=_script(app))
        assert out.exit_code == 0 and "dibuat 3" in out.output
        bad = tmp_path / "rusak.csv"
        bad.write_text("ID Tracking,Judul,Isi Laporan,Tanggal Laporan\nLPR-9,Judul,Isi,kemarin\n")
        out = runner.invoke(complaints_cli, ["import", str(bad), "--instansi", "JATENG"], obj=_script(app))
        assert out.exit_code != 0 and "baris 2" in out.output
    db.session.rollback()  # a new transaction sees the request's commit
    assert count(db) == 3


def _script(app):
    from flask.cli import ScriptInfo

    return ScriptInfo(create_app=lambda: app)


def test_upload_screen_previews_then_imports_for_admin_instansi(fresh, db, as_user):
    client = as_user("admin.instansi")
    jateng = node(db, "JATENG")
    token = csrf_token(client, "/impor-pengaduan/")
    preview = client.post("/impor-pengaduan/", data={
        "instansi": str(jateng.id), "dry_run": "1", "file": (io.BytesIO(xlsx(ROWS)), "lapor.xlsx"), "csrf_token": token,
    }, content_type="multipart/form-data")
    assert preview.status_code == 200 and "Akan dibuat" in preview.get_data(as_text=True)
    assert count(db) == 0
    client.post("/impor-pengaduan/", data={
        "instansi": str(jateng.id), "dry_run": "0", "file": (io.BytesIO(xlsx(ROWS)), "lapor.xlsx"), "csrf_token": token,
    }, content_type="multipart/form-data")
    assert count(db) == 3
    bad = client.post("/impor-pengaduan/", data={
        "instansi": str(jateng.id), "dry_run": "0", "csrf_token": token,
        "file": (io.BytesIO(b"ID Tracking,Judul,Isi Laporan,Tanggal Laporan\nX-1,,Isi,01/01/2025\n"), "l.csv"),
    }, content_type="multipart/form-data").get_data(as_text=True)
    assert "Judul kosong" in bad and count(db) == 3
    assert as_user("penghubung.dinkes").get("/impor-pengaduan/").status_code == 403


def test_an_instansi_maps_its_own_headers_on_screen_and_the_import_follows(fresh, app, db, as_user):
    client = as_user("admin.instansi")
    token = csrf_token(client, "/importcolumnview/add")
    client.post("/importcolumnview/add", data={"org": node(db, "JATENG").id, "field": "tracking_number",
                                                "headers": "Nomor Tiket | No Tiket", "csrf_token": token})
    client.post("/importcolumnview/add", data={"org": node(db, "JATENG").id, "field": "tracking_number",
                                                "headers": "Duplikat", "csrf_token": token})
    renamed = ["Nomor Tiket"] + HEADERS[1:]
    db.session.rollback()
    result = import_file("lapor.xlsx", xlsx(ROWS, headers=renamed), node(db, "JATENG"))
    db.session.commit()
    assert result.created == 3
    assert count(db) == 3
    try:
        import_file("lapor.xlsx", xlsx(ROWS, headers=renamed), node(db, "SMG"))
        raise AssertionError("another instansi's mapping was used")
    except ImportRefused:
        db.session.rollback()
    assert count(db) == 3


def test_the_refusal_counts_its_bad_rows_as_the_reader_writes_numbers(fresh, app, db):
    bad = [[f"LPR-{n:05d}", "", "Isi", "", "Aspirasi", "Selesai", "01/04/2025", "", "Tidak", "Tidak", ""]
           for n in range(1234)]
    for language, expected in (("id", "1.234 baris bermasalah"), ("en", "1,234 ")):
        with app.test_request_context(), force_locale(language):
            try:
                import_file("lapor.csv", _csv(bad), node(db, "JATENG"))
                raise AssertionError("a bad file was accepted")
            except ImportRefused as refused:
                assert str(refused).startswith(expected), str(refused)
        db.session.rollback()
    assert count(db) == 0
