"""Import fuzz: 110 malformed files per importer (bombs among them), each uploaded through the import screen,
each answered with a message on a normal page; no row written; no file needs more than a bounded peak of memory."""
import datetime
import io
import re
import time
import tracemalloc

import pytest
from sqlalchemy import func, select

from app.models.complaints import Complaint, ComplaintCategory, ComplaintHistory
from app.models.skm import Respondent
from tests.conftest import csrf_token
from tests.factories.spreadsheets import malformed
from tests.test_complaints_import import HEADERS as LAPOR_HEADERS
from tests.test_complaints_import import ROWS as LAPOR_ROWS
from tests.test_complaints_import import node
from tests.test_skm_import import GOOD_ROW, GOOGLE_HEADERS
from tests.test_skm_survey import _period

FILES_PER_IMPORTER = 110
# A guard against a bomb that is inflated after all (seconds for one importer's files; about 12 s on SQLite and
# 23 s on PostgreSQL on an idle 2-core machine, with tracemalloc on).
TIME_BUDGET = 120
PEAK_MEMORY_LIMIT = 64 * 1024 * 1024
LAPOR_BAD = {
    "ID Tracking": ["X" * 41, "LPR-" + "9" * 60],
    "Judul": ["J" * 301],
    "Isi Laporan": ["isi " * 5001],
    "Tanggal Laporan": [datetime.datetime(2999, 1, 1), datetime.datetime(1999, 12, 31), "31/12/1899", "2999-01-01"],
    "Nama Pelapor": ["N" * 151],
    "Status": ["hilang entah ke mana"],
}
SKM_BAD = {
    "Timestamp": ["01/01/2999", "bukan tanggal"],
    "Usia": ["seratus tahun lebih"],
    "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?": ["7", "Luar biasa"],
}


def _alerts(html):
    return " ".join(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", m))
                    for m in re.findall(r'class="alert[^"]*"[^>]*>(.*?)</div>', html, re.S)).strip()


def _counts(db, *models):
    db.session.rollback()  # see what the requests committed (MariaDB reads repeatably)
    return [db.session.execute(select(func.count()).select_from(model)).scalar_one() for model in models]


def _fuzz(app, post, files, expect_in_message):
    """Post every file; return the failures as (label, reason). Memory is traced per file."""
    failures = []
    tracemalloc.start()
    try:
        for label, name, data in files:
            tracemalloc.reset_peak()
            response = post(name, data)
            peak = tracemalloc.get_traced_memory()[1]
            html = response.get_data(as_text=True)
            message = _alerts(html)
            if response.status_code != 200 or "Traceback" in html:
                failures.append((label, f"status {response.status_code}"))
            elif not expect_in_message(message):
                failures.append((label, f"no refusal message: {message[:200]!r}"))
            elif peak > PEAK_MEMORY_LIMIT:
                failures.append((label, f"peak memory {peak // 1048576} MB"))
    finally:
        tracemalloc.stop()
    return failures


@pytest.fixture
def low_row_limit(app):
    """A row limit a test file can reach quickly (the default is 200.000)."""
    app.config["IMPORT_MAX_ROWS"] = 20
    yield
    app.config.pop("IMPORT_MAX_ROWS")


def test_every_malformed_lapor_file_gets_a_message_and_writes_nothing(fresh, app, db, as_user, low_row_limit):
    client = as_user("admin.instansi")
    jateng = node(db, "JATENG").id
    token = csrf_token(client, "/impor-pengaduan/")
    files = malformed(LAPOR_HEADERS, LAPOR_ROWS, LAPOR_BAD, FILES_PER_IMPORTER)
    files.append(("row-limit", "banyak.csv", ("\r\n".join(
        [",".join(LAPOR_HEADERS)] + [f"LPR-{n},Judul,Isi,,,,01/03/2025,,,," for n in range(25)])).encode()))
    before = _counts(db, Complaint, ComplaintHistory, ComplaintCategory)

    def post(name, data):
        return client.post("/impor-pengaduan/", data={"instansi": str(jateng), "dry_run": "0", "csrf_token": token,
                                                       "file": (io.BytesIO(data), name)},
                           content_type="multipart/form-data")

    started = time.monotonic()
    failures = _fuzz(app, post, files, lambda message: "Impor selesai" not in message and len(message) > 10)
    elapsed = time.monotonic() - started
    assert failures == []
    assert _counts(db, Complaint, ComplaintHistory, ComplaintCategory) == before
    assert elapsed < TIME_BUDGET, f"{len(files)} files took {elapsed:.1f} s"


def test_every_malformed_skm_file_gets_a_message_and_writes_nothing(fresh, app, db, as_user, low_row_limit):
    pk = _period(db)
    client = as_user("operator.rsud")
    token = csrf_token(client, f"/skm/periode/{pk}/impor")
    rows = [GOOD_ROW, ["2025-09-30", "L", 25, "S1", "PNS", "", 4, 4, 4, 4, 4, 4, 4, 4, 4, ""]]
    files = malformed(GOOGLE_HEADERS, rows, SKM_BAD, FILES_PER_IMPORTER)
    files.append(("row-limit", "banyak.csv", ("\r\n".join(
        ["Timestamp,Usia,u1"] + ["01/08/2025,30,4"] * 25)).encode()))
    before = _counts(db, Respondent)

    def post(name, data):
        return client.post(f"/skm/periode/{pk}/impor", data={"csrf_token": token, "file": (io.BytesIO(data), name)},
                           content_type="multipart/form-data")

    started = time.monotonic()
    failures = _fuzz(app, post, files, lambda message: "Berkas ditolak" in message or "sedang diimpor" in message)
    elapsed = time.monotonic() - started
    assert failures == []
    assert _counts(db, Respondent) == before
    assert elapsed < TIME_BUDGET, f"{len(files)} files took {elapsed:.1f} s"
