"""Limits on uploaded files: image pixels read before decoding, XLSX inflation refused before parsing, LAPOR!
values checked (case-insensitive ids, lengths, sane dates), encodings sniffed, two imports of one file at once,
and a database that drops during an import: always a message, never a traceback, nothing written."""
import datetime
import io
import struct
import threading
import time
import tracemalloc
import zipfile
import zlib

import pytest
from sqlalchemy import create_engine, event, text

from app.complaints.importer import ImportRefused, import_file
from app.models.complaints import Complaint, ComplaintHistory
from app.models.fkp import FkpDocument
from app.models.skm import Respondent
from tests.conftest import DATABASE_URL, csrf_token
from tests.factories.fkp import new_forum, unit_by_code
from tests.factories.spreadsheets import SHEET, csv_text, replace_member, xlsx_bytes
from tests.test_complaints_import import HEADERS, ROWS, count, node
from tests.test_fkp_documents import _documents, _stored_files, _upload
from tests.test_import_fuzz import _alerts
from tests.test_skm_import import GOOGLE_HEADERS
from tests.test_skm_survey import _period

WHEN = datetime.datetime(2025, 4, 8, 9)
SERVER_ONLY = pytest.mark.skipif(DATABASE_URL.startswith("sqlite"),
                                 reason="row locks and dropped connections need a database server")


def png_header_bomb(width, height):
    """A real PNG of width x height 1-bit pixels, all black: a few KB on disk, width*height bytes decoded as L."""
    def chunk(kind, payload):
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))

    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    compressor = zlib.compressobj(9)
    body = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
            + chunk(b"IDAT", body) + chunk(b"IEND", b""))


def test_a_photo_of_too_many_pixels_is_refused_before_it_is_decoded(fresh, app, db, as_user):
    forum = new_forum(unit_by_code("JTG-RSUD-MOEWARDI"))
    db.session.commit()
    client = as_user("operator.rsud")
    bomb = png_header_bomb(12_600, 12_600)
    assert len(bomb) < 5 * 1024 * 1024
    files_before, rows_before = _stored_files(app), _documents(db)
    tracemalloc.start()
    started = time.monotonic()
    message = _upload(client, forum.id, "foto", "bom.png", bomb)
    elapsed, peak = time.monotonic() - started, tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert "Gambar 12600×12600 piksel melebihi batas 40 megapiksel" in message
    assert elapsed < 5 and peak < 32 * 1024 * 1024
    assert _documents(db) == rows_before and _stored_files(app) == files_before


def test_the_pixel_limit_is_a_setting_and_an_image_under_it_is_kept(fresh, app, db, as_user):
    forum = new_forum(unit_by_code("JTG-RSUD-MOEWARDI"))
    db.session.commit()
    client = as_user("operator.rsud")
    app.config["IMAGE_MAX_MEGAPIXELS"] = 1
    try:
        assert "melebihi batas 1 megapiksel" in _upload(client, forum.id, "foto", "besar.png", png_header_bomb(1200, 900))
        _upload(client, forum.id, "foto", "pas.png", png_header_bomb(1000, 1000))
    finally:
        app.config["IMAGE_MAX_MEGAPIXELS"] = 40
    assert _documents(db) == 1
    assert db.session.query(FkpDocument).one().thumb_stored_name


def sheet_bomb(megabytes):
    """A valid workbook whose sheet XML inflates to ``megabytes`` MB (streamed, never held in memory here)."""
    data = xlsx_bytes(HEADERS, ROWS)
    xml = zipfile.ZipFile(io.BytesIO(data)).read(SHEET).decode()
    head, tail = xml.split("<sheetData>", 1)
    out = io.BytesIO(replace_member(data, SHEET, None))
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive:
        info = zipfile.ZipInfo(SHEET)
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as member:
            member.write((head + "<sheetData>").encode())
            block = b" " * (1024 * 1024)
            for _ in range(megabytes):
                member.write(block)
            member.write(tail.encode())
    return out.getvalue()


def test_an_xlsx_that_inflates_to_a_quarter_gigabyte_is_refused_before_parsing(fresh, app, db, as_user):
    bomb = sheet_bomb(256)
    assert len(bomb) < 3 * 1024 * 1024
    client = as_user("admin.instansi")
    token = csrf_token(client, "/impor-pengaduan/")
    tracemalloc.start()
    started = time.monotonic()
    response = client.post("/impor-pengaduan/", data={
        "instansi": str(node(db, "JATENG").id), "dry_run": "0", "csrf_token": token,
        "file": (io.BytesIO(bomb), "bom.xlsx")}, content_type="multipart/form-data")
    elapsed, peak = time.monotonic() - started, tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    message = _alerts(response.get_data(as_text=True))
    assert response.status_code == 200
    assert "mengembang menjadi 256 MB saat dibuka; batasnya 100 MB" in message
    assert elapsed < 5 and peak < 40 * 1024 * 1024
    assert count(db) == 0


def test_the_inflation_ratio_and_size_limits_are_settings(fresh, app, db):
    varied = [[f"LPR-{n}", f"Judul {n * 7919}", f"Isi {n * 104729} " * 20, "", "", "", "01/03/2025", "", "", "", ""]
              for n in range(3000)]
    data = xlsx_bytes(HEADERS, varied)
    app.config["IMPORT_MAX_UNCOMPRESSED_MB"] = 1
    try:
        with pytest.raises(ImportRefused, match="batasnya 1 MB"):
            import_file("besar.xlsx", data, node(db, "JATENG"), when=WHEN)
    finally:
        app.config["IMPORT_MAX_UNCOMPRESSED_MB"] = 100
    app.config["IMPORT_MAX_RATIO"] = 2
    try:
        with pytest.raises(ImportRefused, match="batasnya 2 kali"):
            import_file("besar.xlsx", data, node(db, "JATENG"), when=WHEN)
    finally:
        app.config["IMPORT_MAX_RATIO"] = 100
    db.session.rollback()
    assert count(db) == 0


def _refusal(rows, when=WHEN, data=None, name="lapor.xlsx"):
    from app.extensions import db

    try:
        import_file(name, data or xlsx_bytes(HEADERS, rows), node(db, "JATENG"), when=when)
    except ImportRefused as refused:
        db.session.rollback()
        return {row: reason for row, reason in refused.result.problems}
    raise AssertionError("the file was accepted")


def test_tracking_ids_are_compared_without_regard_to_case(fresh, db):
    import_file("lapor.xlsx", xlsx_bytes(HEADERS, ROWS), node(db, "JATENG"), when=WHEN)
    db.session.commit()
    again = [list(row) for row in ROWS]
    again[0][0] = "lpr-001"
    again[0][5] = "Selesai"
    result = import_file("lapor.xlsx", xlsx_bytes(HEADERS, again), node(db, "JATENG"), when=WHEN)
    db.session.commit()
    assert (result.created, result.updated) == (0, 1)
    assert count(db) == 3
    twice = [list(ROWS[0]), list(ROWS[0])]
    twice[1][0] = "Lpr-001"
    assert "ID Tracking Lpr-001 sudah ada di baris 2" in _refusal(twice)[3]


def test_values_longer_than_their_column_and_dates_out_of_range_are_errors_naming_the_row(fresh, app, db):
    rows = [list(row) for row in ROWS] + [list(ROWS[0]) for _ in range(6)]
    rows[3][0], rows[4][1], rows[5][2] = "T" * 41, "J" * 301, "isi " * 5001
    rows[6][6] = datetime.datetime(2999, 1, 1)
    rows[7][6] = datetime.datetime(1999, 12, 31, 23, 59)
    rows[8][6] = WHEN + datetime.timedelta(days=2)
    for index in range(4, 9):
        rows[index][0] = f"LPR-1{index}"
    problems = _refusal(rows)
    assert set(problems) == {5, 6, 7, 8, 9, 10}
    assert "Nomor pelacakan (ID Tracking) terlalu panjang: 41 karakter, batasnya 40" in problems[5]
    assert "Judul terlalu panjang: 301 karakter, batasnya 300" in problems[6]
    assert "Isi laporan terlalu panjang: 20003 karakter, batasnya 20000" in problems[7]
    assert "Tanggal laporan 01/01/2999 di luar rentang wajar" in problems[8]
    assert "31/12/1999" in problems[9] and "10/04/2025" in problems[10]
    tomorrow = [list(ROWS[0])]
    tomorrow[0][6] = WHEN + datetime.timedelta(days=1, hours=14)
    assert import_file("lapor.xlsx", xlsx_bytes(HEADERS, tomorrow), node(db, "JATENG"), when=WHEN).created == 1
    db.session.rollback()
    assert count(db) == 0


@pytest.mark.parametrize("encoding,separator", [("utf-16", ","), ("utf-16-be", ";"), ("utf-8-sig", "\t"),
                                                ("cp1252", ";")])
def test_csv_in_any_common_encoding_and_separator_is_read(fresh, db, encoding, separator):
    rows = [list(row) for row in ROWS]
    rows[0][1] = "Jalan rusak – café"
    data = csv_text(HEADERS, rows, separator).encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    result = import_file("lapor.csv", data, node(db, "JATENG"), when=WHEN)
    assert result.created == 3
    db.session.rollback()


def _many_rows(count_rows):
    return [[f"LPR-{n:05d}", "Judul", "Isi laporan", "", "", "", datetime.datetime(2025, 3, 1), "", "", "", ""]
            for n in range(count_rows)]


def _concurrently(post, data):
    barrier = threading.Barrier(2)
    answers = [None, None]

    def run(index):
        barrier.wait()
        response = post(data)
        answers[index] = (response.status_code, _alerts(response.get_data(as_text=True)))

    threads = [threading.Thread(target=run, args=(index,)) for index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return answers


@SERVER_ONLY
def test_two_imports_of_one_lapor_file_at_once_import_it_once(fresh, app, db, as_user):
    jateng = node(db, "JATENG").id
    clients = [as_user("admin.instansi"), as_user("admin.instansi")]
    tokens = [csrf_token(client, "/impor-pengaduan/") for client in clients]
    data = xlsx_bytes(HEADERS, _many_rows(3000))
    turn = iter(range(2))

    def post(payload):
        index = next(turn)
        return clients[index].post("/impor-pengaduan/", data={
            "instansi": str(jateng), "dry_run": "0", "csrf_token": tokens[index],
            "file": (io.BytesIO(payload), "lapor.xlsx")}, content_type="multipart/form-data")

    answers = _concurrently(post, data)
    assert all(status == 200 for status, _ in answers), answers
    messages = sorted(message for _, message in answers)
    assert any("Impor selesai: 3.000 baru" in message for message in messages), messages
    assert any("sedang diimpor" in message or "Impor selesai: 0 baru" in message for message in messages), messages
    assert count(db) == 3000 and count(db, ComplaintHistory) == 3000


@SERVER_ONLY
def test_two_imports_of_one_skm_file_at_once_import_it_once(fresh, app, db, as_user):
    pk = _period(db)
    clients = [as_user("operator.rsud"), as_user("operator.rsud")]
    tokens = [csrf_token(client, f"/skm/periode/{pk}/impor") for client in clients]
    row = ["14/08/2025", "Perempuan", 41, "SMA", "Wirausaha", "Rawat Jalan"] + [4] * 9 + [""]
    data = xlsx_bytes(GOOGLE_HEADERS, [row] * 3000)
    turn = iter(range(2))

    def post(payload):
        index = next(turn)
        return clients[index].post(f"/skm/periode/{pk}/impor", data={
            "csrf_token": tokens[index], "file": (io.BytesIO(payload), "jawaban.xlsx")},
            content_type="multipart/form-data")

    answers = _concurrently(post, data)
    assert all(status == 200 for status, _ in answers), answers
    messages = sorted(message for _, message in answers)
    assert sum("3.000 responden diimpor" in message for message in messages) == 1, messages
    assert any("sedang diimpor" in message for message in messages), messages
    db.session.rollback()
    assert db.session.query(Respondent).filter(Respondent.period_id == pk).count() == 3000


def _kill_connection_at(app, marker):
    """From the next statement containing ``marker`` on, the database server ends the connection running it
    (pg_terminate_backend / KILL), as a restart or a network cut would."""
    from app.extensions import db

    killer = create_engine(DATABASE_URL)
    fired = []

    def before(conn, cursor, statement, parameters, context, executemany):
        if fired or marker not in statement:
            return
        fired.append(statement)
        raw = conn.connection.driver_connection
        with killer.begin() as other:
            if conn.dialect.name == "postgresql":
                other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": raw.info.backend_pid})
            else:
                other.execute(text(f"KILL CONNECTION {int(raw.thread_id())}"))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", before)
    return lambda: (event.remove(engine, "before_cursor_execute", before), killer.dispose(), fired)


@SERVER_ONLY
def test_a_database_that_drops_during_an_import_gives_a_message(fresh, app, db, as_user):
    client = as_user("admin.instansi")
    token = csrf_token(client, "/impor-pengaduan/")
    jateng = node(db, "JATENG").id
    stop = _kill_connection_at(app, "pantau_complaint.tracking_number")
    try:
        response = client.post("/impor-pengaduan/", data={
            "instansi": str(jateng), "dry_run": "0", "csrf_token": token,
            "file": (io.BytesIO(xlsx_bytes(HEADERS, ROWS)), "lapor.xlsx")}, content_type="multipart/form-data")
    finally:
        fired = stop()[2]
    assert fired, "the import never reached the database"
    assert response.status_code == 200
    assert "Koneksi ke basis data terputus saat impor; tidak ada data yang disimpan" in _alerts(
        response.get_data(as_text=True))
    assert count(db) == 0
    again = client.post("/impor-pengaduan/", data={
        "instansi": str(jateng), "dry_run": "0", "csrf_token": token,
        "file": (io.BytesIO(xlsx_bytes(HEADERS, ROWS)), "lapor.xlsx")}, content_type="multipart/form-data")
    assert "Impor selesai: 3 baru" in _alerts(again.get_data(as_text=True))
    assert count(db, Complaint) == 3


@SERVER_ONLY
def test_a_database_that_drops_while_respondents_are_written_gives_a_message(fresh, app, db, as_user):
    pk = _period(db)
    client = as_user("operator.rsud")
    token = csrf_token(client, f"/skm/periode/{pk}/impor")
    row = ["14/08/2025", "Perempuan", 41, "SMA", "Wirausaha", "Rawat Jalan"] + [4] * 9 + [""]
    stop = _kill_connection_at(app, "INSERT INTO pantau_skm_respondent")
    try:
        response = client.post(f"/skm/periode/{pk}/impor", data={
            "csrf_token": token, "file": (io.BytesIO(xlsx_bytes(GOOGLE_HEADERS, [row] * 5)), "jawaban.xlsx")},
            content_type="multipart/form-data")
    finally:
        fired = stop()[2]
    assert fired and response.status_code == 200
    assert "Koneksi ke basis data terputus" in _alerts(response.get_data(as_text=True))
    db.session.rollback()
    assert db.session.query(Respondent).filter(Respondent.period_id == pk).count() == 0


def jpeg_claiming(width, height):
    """A small real JPEG whose frame header (SOF0) claims ``width`` x ``height`` pixels."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (16, 16), (200, 30, 30)).save(out, format="JPEG")
    data = bytearray(out.getvalue())
    sof = data.index(b"\xff\xc0")
    data[sof + 5:sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def test_every_image_upload_checks_pixels_first_a_complaint_attachment_too(fresh, app, db, as_user):
    from app.uploads import UploadError, check_upload

    with app.test_request_context():
        with pytest.raises(UploadError, match="Gambar 10000×10000 piksel melebihi batas 40 megapiksel"):
            check_upload("lampiran.jpg", jpeg_claiming(10_000, 10_000))
        with pytest.raises(UploadError, match="Gambar ≥[0-9.]+ piksel melebihi batas 40 megapiksel"):
            check_upload("peta.png", png_header_bomb(20_000, 20_000))
        assert check_upload("foto.jpg", jpeg_claiming(4000, 3000)) == "image/jpeg"
