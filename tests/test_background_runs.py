"""Large imports and exports run in the scheduler process through the report-run queue: the request returns at
once to a page with progress, the page shows the file or the import result when done; small ones stay
immediate; a background run is its requester's alone."""
import datetime
import io
import os
import threading
import time

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from app import background
from app.models.complaints import Complaint
from app.models.reports import ReportRun, RunStatus
from app.models.skm import Respondent
from app.reports import runs
from tests.conftest import csrf_token
from tests.factories.spreadsheets import csv_text, xlsx_bytes
from tests.test_complaints_import import HEADERS, ROWS, count, node
from tests.test_import_fuzz import _alerts
from tests.test_import_limits import SERVER_ONLY
from tests.test_skm_import import GOOGLE_HEADERS
from tests.test_skm_survey import _period

SKM_ROW = ["14/08/2025", "Perempuan", 41, "SMA", "Wirausaha", "Rawat Jalan"] + [4] * 9 + [""]


@pytest.fixture
def low_thresholds(app):
    """Files over 1 KB and exports over 2 rows go to the background (defaults: 1024 KB, 5.000 rows)."""
    app.config.update(BACKGROUND_IMPORT_KB=1, BACKGROUND_EXPORT_ROWS=2)
    yield
    app.config.update(BACKGROUND_IMPORT_KB=1024, BACKGROUND_EXPORT_ROWS=5000)


def _lapor_rows(n):
    return [[f"LPR-{i:05d}", "Jalan rusak", "Jalan berlubang di depan pasar.", "", "", "", "01/03/2025 10:00", "",
             "", "", ""] for i in range(n)]


def _post_lapor(client, db, data, name="lapor.csv", dry_run="0"):
    token = csrf_token(client, "/impor-pengaduan/")
    return client.post("/impor-pengaduan/", data={
        "instansi": str(node(db, "JATENG").id), "dry_run": dry_run, "csrf_token": token,
        "file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def _run_queue(app):
    """What the scheduler process does on its next tick."""
    from app.extensions import db

    with app.app_context():
        finished = runs.execute_queued()
        db.session.remove()
    return finished


def _run_id(response):
    assert response.status_code == 302, response.status_code
    location = response.headers["Location"]
    assert "/proses/" in location
    return int(location.rstrip("/").rsplit("/", 1)[-1])


def test_a_large_lapor_import_is_queued_and_its_page_shows_the_result(fresh, app, db, as_user, low_thresholds):
    client = as_user("admin.instansi")
    data = csv_text(HEADERS, _lapor_rows(40)).encode()
    pk = _run_id(_post_lapor(client, db, data))
    page = client.get(f"/proses/{pk}").get_data(as_text=True)
    assert "Dalam antrean" in page or "antre" in page.lower()
    assert "baris 0 dari 40" in page
    assert count(db) == 0

    _run_queue(app)
    page = client.get(f"/proses/{pk}").get_data(as_text=True)
    assert "Impor selesai: 40 baru, 0 diperbarui." in _alerts(page)
    assert "baris 40 dari 40" in page
    assert count(db) == 40
    db.session.rollback()
    run = db.session.get(ReportRun, pk)
    assert run.status == RunStatus.DONE and run.stored_name is None
    assert not os.path.exists(os.path.join(app.config["UPLOAD_FOLDER"], run.input_stored_name))
    assert f"/reportrunview/show/{pk}" not in client.get("/reportrunview/list/").get_data(as_text=True)
    assert client.get(f"/reportrunview/show/{pk}").status_code == 404


def test_a_refused_background_import_lists_its_bad_rows_and_writes_nothing(fresh, app, db, as_user, low_thresholds):
    client = as_user("admin.instansi")
    rows = _lapor_rows(40)
    rows[17][6] = "01/01/2999"
    pk = _run_id(_post_lapor(client, db, csv_text(HEADERS, rows).encode()))
    _run_queue(app)
    page = client.get(f"/proses/{pk}").get_data(as_text=True)
    assert "1 baris bermasalah; tidak ada data yang disimpan." in _alerts(page)
    assert "<td>19</td><td>Tanggal laporan 01/01/2999 di luar rentang wajar" in page
    assert count(db) == 0


def test_small_imports_and_exports_stay_immediate(fresh, app, db, as_user):
    client = as_user("admin.instansi")
    response = _post_lapor(client, db, xlsx_bytes(HEADERS, ROWS), name="lapor.xlsx")
    assert response.status_code == 200 and "Impor selesai: 3 baru" in _alerts(response.get_data(as_text=True))
    export = client.get("/pengaduan/ekspor/")
    assert export.status_code == 200 and export.data.startswith(b"PK")
    db.session.rollback()
    assert db.session.execute(select(func.count(ReportRun.id))).scalar() == 0


def test_progress_shows_while_the_scheduler_reads_a_large_file(fresh, app, db, as_user, low_thresholds, monkeypatch):
    monkeypatch.setattr(background, "PROGRESS_SECONDS", 0)
    client = as_user("admin.instansi")
    total = 20_000
    pk = _run_id(_post_lapor(client, db, csv_text(HEADERS, _lapor_rows(total)).encode()))
    assert client.get(f"/proses/{pk}/status").get_json()["progress"] == "baris 0 dari 20.000"
    worker = threading.Thread(target=_run_queue, args=(app,))
    worker.start()
    seen = set()
    while worker.is_alive():
        state = client.get(f"/proses/{pk}/status").get_json()
        seen.add((state["progress_done"], state["progress"]))
        time.sleep(0.05)
    worker.join()
    between = [text for done, text in seen if 0 < (done or 0) < total]
    assert between, seen
    assert any(text.startswith("baris ") and text.endswith(" dari 20.000") and "." in text.split()[1]
               for text in between), between
    final = client.get(f"/proses/{pk}/status").get_json()
    assert final["finished"] and final["progress"] == "baris 20.000 dari 20.000"
    assert count(db) == total


def test_a_large_complaint_export_is_built_by_the_scheduler_for_its_requester_only(fresh, app, db, as_user,
                                                                                   low_thresholds):
    from app.complaints.importer import import_file

    import_file("lapor.xlsx", xlsx_bytes(HEADERS, ROWS), node(db, "JATENG"), when=datetime.datetime(2025, 4, 8, 9))
    db.session.commit()
    client = as_user("admin.instansi")
    pk = _run_id(client.get("/pengaduan/ekspor/"))
    assert client.get(f"/proses/{pk}/berkas").status_code == 404  # not built yet
    _run_queue(app)
    state = client.get(f"/proses/{pk}/status").get_json()
    assert state["finished"] and state["progress"] == "baris 3 dari 3"
    download = client.get(state["download_url"])
    assert download.status_code == 200 and "attachment" in download.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(download.data), read_only=True).worksheets[0]
    numbers = [row[0] for row in sheet.iter_rows(min_row=4, values_only=True) if row[0]]
    assert sorted(numbers) == ["LPR-001", "LPR-002", "LPR-003"]
    other = as_user("pimpinan")
    for url in (f"/proses/{pk}", f"/proses/{pk}/status", f"/proses/{pk}/berkas", f"/reportrunview/file/{pk}"):
        assert other.get(url).status_code == 404, url


def test_a_large_skm_export_and_import_run_in_the_background(fresh, app, db, as_user, low_thresholds):
    pk = _period(db)
    client = as_user("operator.rsud")
    token = csrf_token(client, f"/skm/periode/{pk}/impor")
    response = client.post(f"/skm/periode/{pk}/impor", data={
        "csrf_token": token, "file": (io.BytesIO(xlsx_bytes(GOOGLE_HEADERS, [SKM_ROW] * 200)), "jawaban.xlsx")},
        content_type="multipart/form-data")
    run_id = _run_id(response)
    _run_queue(app)
    assert "200 responden diimpor." in _alerts(client.get(f"/proses/{run_id}").get_data(as_text=True))
    db.session.rollback()
    assert db.session.query(Respondent).filter(Respondent.period_id == pk).count() == 200

    export_id = _run_id(client.get(f"/skm/periode/{pk}/ekspor"))
    _run_queue(app)
    state = client.get(f"/proses/{export_id}/status").get_json()
    assert state["finished"] and state["progress"] == "baris 200 dari 200"
    workbook = load_workbook(io.BytesIO(client.get(state["download_url"]).data), read_only=True)
    assert sum(1 for row in workbook.worksheets[1].iter_rows(min_row=2, values_only=True) if row[0]) == 200


@SERVER_ONLY
def test_a_background_import_waits_while_the_same_target_is_being_imported(fresh, app, db, as_user, low_thresholds):
    from app.extensions import db as database
    from app.imports import hold, lock_name

    client = as_user("admin.instansi")
    pk = _run_id(_post_lapor(client, db, csv_text(HEADERS, _lapor_rows(40)).encode()))
    hold(lock_name("lapor", node(db, "JATENG").id))  # another import holds the instansi
    _run_queue(app)
    database.session.rollback()
    state = client.get(f"/proses/{pk}/status").get_json()
    assert state["status"] == "queued" and state["error"].startswith("Berkas sedang diimpor oleh proses lain")
    _run_queue(app)
    assert "Impor selesai: 40 baru" in _alerts(client.get(f"/proses/{pk}").get_data(as_text=True))
