"""Spreadsheet import: validated whole, a bad file writes nothing and lists its bad rows; labels accepted."""
import io
import os

from click.testing import CliRunner
from openpyxl import Workbook
from sqlalchemy import func, select

from app.models.skm import STANDARD_CODES, Respondent, RespondentSource
from app.skm.cli import skm as skm_cli
from tests.conftest import csrf_token
from tests.test_skm_survey import _count, _period

GOOGLE_HEADERS = [
    "Timestamp", "Jenis Kelamin", "Usia", "Pendidikan", "Pekerjaan", "Jenis Layanan",
    "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?",
    "Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
    "Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?",
    "Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?",
    "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan?",
    "Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?",
    "Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?",
    "Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?",
    "Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?",
    "Saran",
]
GOOD_ROW = ["14/08/2025 09:12:01", "Perempuan", 41, "SMA", "Wirausaha", "Rawat Jalan", "Sangat sesuai", "Mudah",
            "Kurang cepat", "Gratis", "Sesuai", "Kompeten", "Sangat sopan dan ramah", "Dikelola dengan baik", "Baik",
            "Parkir sempit"]


def _xlsx(rows, headers=GOOGLE_HEADERS):
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _post(client, pk, data, name="jawaban.xlsx", **extra):
    token = csrf_token(client, f"/skm/periode/{pk}/impor")
    return client.post(f"/skm/periode/{pk}/impor", data={"csrf_token": token, "file": (io.BytesIO(data), name), **extra},
                       content_type="multipart/form-data")


def test_a_google_forms_export_with_label_answers_is_imported(db, fresh, as_user):
    pk = _period(db)
    client = as_user("operator.rsud")
    numeric = ["2025-09-30", "L", 25, "S1", "PNS", "", 4, 4, 4, 4, 4, 4, 4, 4, 4, ""]
    html = _post(client, pk, _xlsx([GOOD_ROW, numeric])).get_data(as_text=True)
    assert "2 responden diimpor" in html
    db.session.commit()
    rows = db.session.execute(select(Respondent).where(Respondent.period_id == pk).order_by(Respondent.id)).scalars().all()
    first = rows[0]
    assert [getattr(first, f"a_{c.lower()}") for c in STANDARD_CODES] == [4, 3, 2, 4, 3, 3, 4, 4, 3]
    assert first.sex == "P" and first.age == 41 and first.service_type.name == "Rawat Jalan"
    assert first.suggestion == "Parkir sempit" and first.source == RespondentSource.IMPORT
    assert rows[1].a_sarpras == 4 and rows[1].service_type_id is None


def test_a_bad_file_writes_nothing_and_lists_each_bad_row(db, fresh, as_user):
    pk = _period(db)
    client = as_user("operator.rsud")
    bad_answer = list(GOOD_ROW)
    bad_answer[8] = "Lumayan"
    bad_date = list(GOOD_ROW)
    bad_date[0] = "01/01/2026 10:00:00"
    bad_age = list(GOOD_ROW)
    bad_age[2] = "dua puluh"
    html = _post(client, pk, _xlsx([GOOD_ROW, bad_answer, GOOD_ROW, bad_date, bad_age])).get_data(as_text=True)
    assert "tidak ada yang disimpan" in html
    assert "Baris 3" in html and "Waktu Penyelesaian tidak sah (lumayan)" in html
    assert "Baris 5" in html and "di luar periode" in html
    assert "Baris 6" in html and "Usia harus angka" in html
    assert "Baris 2:" not in html and "Baris 4:" not in html
    assert _count(db, pk) == 0


def test_an_editable_mapping_reads_a_csv_with_other_headers(db, fresh, as_user):
    pk = _period(db)
    client = as_user("operator.rsud")
    csv = ("tgl;kelamin;" + ";".join(f"q{i}" for i in range(1, 10)) + "\n"
           "01/08/2025;L;4;4;4;4;4;4;4;4;4\n02/08/2025;P;3;3;3;3;3;3;3;3;\n").encode()
    mapping = "tanggal = tgl\njenis_kelamin = kelamin\n" + "\n".join(
        f"{code} = q{i}" for i, code in enumerate(STANDARD_CODES, start=1))
    html = _post(client, pk, csv, name="data.csv", mapping=mapping).get_data(as_text=True)
    assert "2 responden diimpor" in html
    db.session.commit()
    assert db.session.execute(select(func.count(Respondent.a_sarpras)).where(Respondent.period_id == pk)).scalar_one() == 1
    # The mapping is kept and offered again, also for the unit's next period.
    next_pk = _period(db, code="2025-Q4")
    assert "tanggal = tgl" in client.get(f"/skm/periode/{next_pk}/impor").get_data(as_text=True)
    csv_q4 = csv.replace(b"01/08/2025", b"01/11/2025").replace(b"02/08/2025", b"02/11/2025")
    assert "2 responden diimpor" in _post(client, next_pk, csv_q4, name="data.csv").get_data(as_text=True)


def test_the_cli_import_has_a_dry_run_and_refuses_a_bad_file(app, db, fresh, tmp_path):
    _period(db)
    good = tmp_path / "baik.xlsx"
    good.write_bytes(_xlsx([GOOD_ROW] * 3))
    bad = tmp_path / "buruk.xlsx"
    broken = list(GOOD_ROW)
    broken[6] = 9
    bad.write_bytes(_xlsx([GOOD_ROW, broken]))
    runner = CliRunner()
    args = ["--unit", "JTG-RSUD-MOEWARDI", "--period", "2025-Q3"]
    result = runner.invoke(skm_cli, ["import", str(good), *args, "--dry-run"], obj=_script_info(app))
    assert result.exit_code == 0 and "3 baris sah" in result.output
    result = runner.invoke(skm_cli, ["import", str(bad), *args], obj=_script_info(app))
    assert result.exit_code != 0 and "Baris 3" in result.output
    result = runner.invoke(skm_cli, ["import", str(good), *args], obj=_script_info(app))
    assert result.exit_code == 0 and "3 responden diimpor" in result.output
    db.session.commit()  # a new transaction sees the request's writes (MariaDB snapshots)
    assert db.session.execute(select(func.count(Respondent.id))).scalar_one() == 3
    os.remove(good)


def _script_info(app):
    from flask.cli import ScriptInfo

    return ScriptInfo(create_app=lambda: app)


def test_a_closed_period_refuses_an_import(db, fresh, as_user):
    pk = _period(db, closed=True)
    html = _post(as_user("operator.rsud"), pk, _xlsx([GOOD_ROW])).get_data(as_text=True)
    assert "sudah ditutup" in html
    assert _count(db, pk) == 0


def test_an_import_into_a_closed_period_is_refused_by_the_rule_the_entry_screen_checks(app, db, fresh, tmp_path):
    from app.models.skm import SurveyPeriod
    from app.skm.importer import import_file
    from app.skm.rules import open_period_problems

    pk = _period(db, closed=True)
    period = db.session.get(SurveyPeriod, pk)
    refused = [str(problem) for problem in open_period_problems(period)]
    assert refused == ["Periode survei ini sudah ditutup; jawaban baru tidak diterima."]
    assert import_file(period, "jawaban.xlsx", _xlsx([GOOD_ROW])).errors == [(None, refused[0])]
    db.session.rollback()
    file = tmp_path / "jawaban.xlsx"
    file.write_bytes(_xlsx([GOOD_ROW]))
    result = CliRunner().invoke(skm_cli, ["import", str(file), "--unit", "JTG-RSUD-MOEWARDI", "--period", "2025-Q3"],
                                obj=_script_info(app))
    assert result.exit_code != 0 and refused[0] in result.output
    assert _count(db, pk) == 0


def test_an_answer_outside_1_to_4_is_refused_alike_by_the_entry_screen_and_the_cli_import(app, db, fresh, as_user,
                                                                                          tmp_path):
    from app.models.skm import SurveyPeriod
    from app.skm import respondents

    pk = _period(db)
    _values, _answers, problems = respondents.clean(respondents.Form(db.session.get(SurveyPeriod, pk)), {"WAKTU": "5"})
    assert problems == ["Jawaban unsur Waktu Penyelesaian tidak sah (5): isi 1–4 atau label jawabannya."]
    db.session.rollback()
    client = as_user("operator.rsud")
    page = client.post(f"/skm/periode/{pk}/isi", data={"csrf_token": csrf_token(client), "u_WAKTU": "5"})
    assert problems[0] in page.get_data(as_text=True)
    file = tmp_path / "jawaban.csv"
    file.write_text("tanggal,waktu\n14/08/2025,5\n", encoding="utf-8")
    result = CliRunner().invoke(skm_cli, ["import", str(file), "--unit", "JTG-RSUD-MOEWARDI", "--period", "2025-Q3"],
                                obj=_script_info(app))
    assert result.exit_code != 0 and f"Baris 2: {problems[0]}" in result.output
    assert _count(db, pk) == 0
