"""The Word documents: rendered from crafted data and read back with python-docx; templates per instansi; refusals."""
import datetime
import io
import os
import shutil
import subprocess
import zipfile

import docx
import docx.table
import pytest
from sqlalchemy import func, select

from app.models.complaints import Status
from app.models.documents import DocumentSetting, DocumentTemplate
from app.models.fkp import AgreementStatus, FkpStage
from app.models.org import OrgNode
from app.models.skm import STANDARD_CODES, PeriodStatus, Respondent, answer_column
from app.periods import Period
from app.reports import registry
from app.skm.questionnaire import create_period
from tests.factories.complaints import make_complaint_row
from tests.factories.fkp import add_agreement, add_participant, new_forum

# 15 respondents, 135 answers summing to 494: IKM = 25 x 494 / 135 = 91.4814... -> "91,48", grade A.
ANSWERS_91_48 = ["444444444"] * 9 + ["444444443"] + ["333333333"] * 5


def node(db, code):
    return db.session.execute(select(OrgNode).where(OrgNode.code == code)).scalar_one()


def text_of(path_or_bytes):
    """The header, then the body in document order: each paragraph a line, each table row "cell | cell | ..."."""
    document = docx.Document(io.BytesIO(path_or_bytes) if isinstance(path_or_bytes, bytes) else path_or_bytes)
    lines = [p.text for section in document.sections for p in section.header.paragraphs]
    for block in document.iter_inner_content():
        if isinstance(block, docx.table.Table):
            lines += [" | ".join(cell.text for cell in row.cells) for row in block.rows]
        else:
            lines.append(block.text)
    return lines


def headings_of(path):
    return [p.text for p in docx.Document(path).paragraphs if p.style.name.startswith("Heading")]


def build(app, db, kind, scope_node, code, tmp_path, forum=None):
    path = tmp_path / f"{kind}-{scope_node.code}.docx"
    db.session.flush()
    with app.test_request_context():
        kwargs = {"forum": forum} if forum is not None else {}
        summary = registry.get(kind).build(scope_node, Period.parse(code), str(path), "id", **kwargs)
    return str(path), summary


def crafted_skm(db, unit, code="2025-Q3"):
    period = create_period(unit, code, population=20)
    for row, answers in enumerate(ANSWERS_91_48):
        values = {answer_column(c): int(a) for c, a in zip(STANDARD_CODES, answers)}
        db.session.add(Respondent(period_id=period.id, unit_id=unit.id, survey_date=datetime.date(2025, 8, 1 + row),
                                  sex="P" if row % 2 else "L", age=30 + row, **values))
    period.status = PeriodStatus.CLOSED
    period.closed_on = datetime.date(2025, 10, 1)
    db.session.flush()
    return period


def test_laporan_skm_has_bab_i_to_v_and_the_ikm_91_48_grade_a_of_a_crafted_respondent_set(fresh, app, db, tmp_path):
    rsud = node(db, "JTG-RSUD-MOEWARDI")
    crafted_skm(db, rsud)
    path, summary = build(app, db, "laporan-skm", rsud, "2025-Q3", tmp_path)

    headings = headings_of(path)
    for bab in ("BAB I PENDAHULUAN", "BAB II PENGUMPULAN DATA", "BAB III HASIL PENGOLAHAN DATA",
                "BAB IV ANALISIS HASIL SKM", "BAB V KESIMPULAN", "LAMPIRAN"):
        assert bab in headings
    lines = text_of(path)
    assert "IKM (NRR tertimbang x 25) | : 91,48" in lines
    assert "Mutu pelayanan | : A (Sangat Baik)" in lines
    assert "IKM RSUD Dr. Moewardi Triwulan III 2025 sebesar 91,48 dengan mutu pelayanan A (Sangat Baik)." in lines
    assert "Responden terkumpul | : 15 responden" in lines
    assert "Dewi Lestari | Pengumpul dan pengolah data" in lines  # the unit's operator, from its user record
    # The one 3 of respondent 10 is on Sarana dan Prasarana: NRR 54/15 = 3,600 -> 90,00, the weakest unsur.
    assert "9 | Sarana dan Prasarana | 3,600 | 0,111 | 0,400 | 90,00 | A" in lines
    assert "1 | Persyaratan | 3,667 | 0,111 | 0,407 | 91,67 | A" in lines
    assert summary["headlines"][0]["value"] == "91,48"
    assert len(docx.Document(path).inline_shapes) >= 1  # the NRR chart


def test_combined_laporan_skm_of_an_opd_pools_respondents_and_lists_its_units(fresh, app, db, tmp_path):
    rsud = node(db, "JTG-RSUD-MOEWARDI")
    crafted_skm(db, rsud)
    path, _summary = build(app, db, "laporan-skm", rsud.parent, "2025-Q3", tmp_path)
    lines = text_of(path)
    assert "3.3 IKM per Unit Layanan" in headings_of(path)
    assert any(line.startswith("1 | RSUD Dr. Moewardi |") and line.endswith("| 15 | 91,48 | A") for line in lines)


def forum_with_agreements(db, unit, held_on=datetime.date(2026, 3, 2)):
    forum = new_forum(unit, topic="Waktu tunggu rawat jalan", held_on=held_on, place="Aula RSUD", stage=FkpStage.PASCA)
    add_participant(forum, "Ibu Sumarni", "PENGGUNA")
    add_participant(forum, "Pak Darto", "TOKOH")
    add_agreement(forum, "Waktu tunggu poliklinik paling lama 60 menit", due_date=datetime.date(2026, 4, 30))
    add_agreement(forum, "Papan antrean elektronik di loket", status=AgreementStatus.SELESAI)
    return forum


def test_berita_acara_carries_its_number_the_agreements_and_three_signature_blocks(fresh, app, db, tmp_path):
    rsud = node(db, "JTG-RSUD-MOEWARDI")
    first, second = forum_with_agreements(db, rsud), forum_with_agreements(db, rsud)
    path, summary = build(app, db, "berita-acara", rsud, "2026", tmp_path, forum=first)
    lines = text_of(path)
    assert "Nomor: 1/BA-FKP/JTG-RSUD-MOEWARDI/2026" in lines
    assert any("Waktu tunggu poliklinik paling lama 60 menit" in line for line in lines)
    assert any("Papan antrean elektronik di loket" in line for line in lines)
    assert any(line.startswith("Pada hari ini, Senin, 2 Maret 2026, bertempat di Aula RSUD") for line in lines)
    signatures = " ".join(lines)
    for block in ("Wakil Penyelenggara", "Wakil Masyarakat", "Mengetahui,"):
        assert block in signatures
    assert "PEMERINTAH PROVINSI JAWA TENGAH" in lines  # kop surat
    # The next forum gets the next number; building again keeps the number given.
    _path, second_summary = build(app, db, "berita-acara", rsud, "2026", tmp_path, forum=second)
    assert second_summary["headlines"][0]["value"] == "2/BA-FKP/JTG-RSUD-MOEWARDI/2026"
    _path, again = build(app, db, "berita-acara", rsud, "2026", tmp_path, forum=first)
    assert again["headlines"][0]["value"] == summary["headlines"][0]["value"]


def test_numbering_pattern_is_the_instansis_own(fresh, app, db, tmp_path):
    rsud = node(db, "JTG-RSUD-MOEWARDI")
    db.session.add(DocumentSetting(instansi_id=rsud.instansi.id, number_pattern="800/{seq}/FKP/{month_roman}/{year}"))
    forum = forum_with_agreements(db, rsud)
    path, summary = build(app, db, "laporan-fkp", rsud, "2026", tmp_path, forum=forum)
    lines = text_of(path)
    assert summary["headlines"][1]["value"] == "800/1/FKP/III/2026"
    assert any("Waktu tunggu poliklinik paling lama 60 menit" in line for line in lines)


def test_rekap_sp4n_keeps_reporters_out_and_withholds_rahasia_titles(fresh, app, db, tmp_path):
    rsud, kota = node(db, "JTG-RSUD-MOEWARDI"), node(db, "SMG-PKM-PANDANARAN")
    received = datetime.datetime(2025, 2, 3, 9, 0)
    make_complaint_row(rsud, status=Status.DIPROSES, received_at=received, title="Antrean obat lama",
                       reporter_name="Budi Santoso", reporter_nik="3372019876547788", reporter_phone="081298761234")
    make_complaint_row(rsud, status=Status.DIPROSES, received_at=received, title="Dugaan pungutan di loket",
                       rahasia=True, tracking_number="RHS-000001")
    make_complaint_row(kota, received_at=received, title="Pengaduan kota yang tidak boleh tampil")
    make_complaint_row(rsud, status=Status.DIPROSES, received_at=datetime.datetime(2024, 11, 4, 9, 0),
                       title="Tunggakan tahun lalu", tracking_number="OLD-000001")
    path, summary = build(app, db, "rekap-sp4n", rsud.instansi, "2025-H1", tmp_path)
    text = "\n".join(text_of(path))
    assert "Antrean obat lama" in text  # overdue at the cut-off 30 Juni 2025
    assert "RHS-000001 | (rahasia)" in text and "Dugaan pungutan" not in text
    for secret in ("Budi Santoso", "7788", "081298761234", "Pengaduan kota"):
        assert secret not in text
    assert "Keadaan per 30 Juni 2025" in text
    lines = text_of(path)
    older = lines.index("F. Tunggakan Periode Sebelumnya")
    assert any(line.startswith("1 | OLD-000001 | Tunggakan tahun lalu") for line in lines[older:])
    assert not any("OLD-000001" in line for line in lines[:older])
    assert summary["headlines"][0]["value"] == "2"


def test_rekap_sp4n_lists_the_oldest_overdue_and_says_how_many_in_all(fresh, app, db, tmp_path, monkeypatch):
    """The overdue lists of the Rekap hold at most OVERDUE_LISTED complaints, the oldest deadline first; the summary
    counts them all and says what the list leaves out."""
    import app.documents.sp4n as rekap

    rsud = node(db, "JTG-RSUD-MOEWARDI")
    for day, number in ((3, 1), (4, 2), (5, 3)):
        make_complaint_row(rsud, status=Status.DIPROSES, received_at=datetime.datetime(2025, 2, day, 9, 0),
                           tracking_number=f"LATE-{number}")
    monkeypatch.setattr(rekap, "OVERDUE_LISTED", 2)
    path, _summary = build(app, db, "rekap-sp4n", rsud.instansi, "2025-H1", tmp_path)
    text = "\n".join(text_of(path))
    assert "LATE-1" in text and "LATE-2" in text and "LATE-3" not in text
    assert "terdapat 3 pengaduan yang melewati tenggat" in text
    assert "Daftar pengaduan periode ini yang melewati tenggat memuat 2 dengan tenggat terlama dari 3." in text


def test_period_documents_state_the_cut_off_of_their_build_like_the_workbooks(fresh, app, db, tmp_path, clock):
    """D15: a Laporan SKM or Rekap SP4N of 2025-Q3 built in December is as at 30 September unless asked otherwise."""
    from app.reports.runs import build_now

    clock.set(datetime.datetime(2025, 12, 2, 10, 0))
    rsud = node(db, "JTG-RSUD-MOEWARDI")
    crafted_skm(db, rsud)
    make_complaint_row(rsud, status=Status.DIPROSES, received_at=datetime.datetime(2025, 8, 4, 9, 0),
                       title="Antrean obat lama")
    db.session.commit()
    with app.test_request_context():
        for kind, scope in (("laporan-skm", rsud), ("rekap-sp4n", rsud.instansi)):
            default = tmp_path / f"{kind}.docx"
            build_now(kind, scope, "2025-Q3", str(default))
            text = "\n".join(text_of(str(default)))
            assert "Keadaan per 30 September 2025" in text and "Keadaan per 2 Desember 2025" not in text
            chosen = tmp_path / f"{kind}-chosen.docx"
            build_now(kind, scope, "2025-Q3", str(chosen), as_of=datetime.date(2025, 9, 15))
            assert "Keadaan per 15 September 2025" in "\n".join(text_of(str(chosen)))


def _with_paragraph(data, text):
    """A copy of the template ``data`` with one more paragraph at the end of the body."""
    document = docx.Document(io.BytesIO(data))
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _default(kind):
    from app.documents.templates import default_path

    with open(default_path(kind), "rb") as handle:
        return handle.read()


def test_a_custom_template_is_used_for_its_instansi_and_not_for_another(fresh, app, db, tmp_path):
    from app.documents.kinds import SAMPLES
    from app.documents.templates import install

    jateng, smg = node(db, "JATENG"), node(db, "SMG")
    custom = _with_paragraph(_default("rekap-sp4n"), "Templat khusus Biro Organisasi {{ nama }}")
    with app.test_request_context():
        install("rekap-sp4n", jateng, "rekap-jateng.docx", custom, SAMPLES["rekap-sp4n"])
    db.session.commit()
    path, _summary = build(app, db, "rekap-sp4n", jateng, "2025-H1", tmp_path)
    assert "Templat khusus Biro Organisasi Pemerintah Provinsi Jawa Tengah" in text_of(path)
    path, _summary = build(app, db, "rekap-sp4n", smg, "2025-H1", tmp_path)
    assert not any("Templat khusus" in line for line in text_of(path))


@pytest.mark.parametrize("filename, mutate, reason", [
    ("rusak.docx", lambda data: _with_paragraph(data, "{{ nama_yang_salah }}"),
     "penanda tidak dikenal: 'nama_yang_salah' is undefined"),
    ("rusak.docx", lambda data: _with_paragraph(data, "{% for x in %}"), "Templat tidak dapat dipakai: baris"),
    ("makro.docm", lambda data: data, "Templat harus berkas Word .docx"),
    ("bukan.docx", lambda data: b"%PDF-1.4 bukan word", "bukan arsip zip"),
    ("makro.docx", lambda data: _add_part(data, "word/vbaProject.bin", b"\x00" * 16), "makro"),
    ("kosong.docx", lambda data: _zip_of({"hello.txt": b"x"}), "word/document.xml tidak ada"),
])
def test_a_broken_template_is_refused_with_the_reason_and_the_previous_one_stays(fresh, app, db, tmp_path, filename,
                                                                               mutate, reason):
    from app.documents.kinds import SAMPLES
    from app.documents.templates import TemplateRefused, install

    jateng = node(db, "JATENG")
    good = _with_paragraph(_default("berita-acara"), "Versi lama {{ nomor }}")
    with app.test_request_context():
        install("berita-acara", jateng, "ba.docx", good, SAMPLES["berita-acara"])
        db.session.commit()
        before = db.session.execute(select(DocumentTemplate.stored_name)).scalar_one()
        files_before = sorted(os.listdir(os.path.join(app.config["UPLOAD_FOLDER"], "templates")))
        with pytest.raises(TemplateRefused) as refused:
            install("berita-acara", jateng, filename, mutate(_default("berita-acara")), SAMPLES["berita-acara"])
        db.session.rollback()
    assert reason in str(refused.value)
    assert db.session.execute(select(DocumentTemplate.stored_name)).scalar_one() == before
    assert db.session.execute(select(func.count(DocumentTemplate.id))).scalar_one() == 1
    assert sorted(os.listdir(os.path.join(app.config["UPLOAD_FOLDER"], "templates"))) == files_before


def _add_part(data, name, content):
    source = zipfile.ZipFile(io.BytesIO(data))
    return _zip_of({**{info.filename: source.read(info.filename) for info in source.infolist()}, name: content})


def _zip_of(parts):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


def test_default_templates_are_what_the_committed_script_writes(tmp_path):
    from app.documents.default_templates import TEMPLATES, write_all
    from app.documents.templates import default_path

    for path in write_all(str(tmp_path)):
        kind = os.path.basename(path)[:-5]
        assert kind in TEMPLATES
        with open(path, "rb") as written, open(default_path(kind), "rb") as committed:
            assert written.read() == committed.read(), f"run: python -m app.documents.default_templates ({kind})"


def test_every_default_document_converts_to_pdf_with_libreoffice(fresh, app, db, tmp_path):
    """CI installs libreoffice-writer-nogui; elsewhere the test is skipped when soffice is absent."""
    from app.documents import pdf

    if pdf.soffice() is None:
        if os.environ.get("CI"):
            pytest.fail("soffice missing on CI: .ci/run must apt-install libreoffice-writer-nogui")
        pytest.skip("LibreOffice (soffice) is not installed")
    rsud = node(db, "JTG-RSUD-MOEWARDI")
    crafted_skm(db, rsud)
    forum = forum_with_agreements(db, rsud)
    make_complaint_row(rsud, status=Status.DIPROSES, received_at=datetime.datetime(2025, 8, 4, 9, 0))
    documents = [build(app, db, "laporan-skm", rsud, "2025-Q3", tmp_path)[0],
                 build(app, db, "laporan-skm", rsud.instansi, "2025-Q3", tmp_path)[0],
                 build(app, db, "rekap-sp4n", rsud.instansi, "2025-Q3", tmp_path)[0],
                 build(app, db, "laporan-fkp", rsud, "2026", tmp_path, forum=forum)[0],
                 build(app, db, "berita-acara", rsud, "2026", tmp_path, forum=forum)[0]]
    for source in documents:
        target = source[:-5] + ".pdf"
        pdf.convert(source, target)
        assert open(target, "rb").read(5) == b"%PDF-"
        if shutil.which("pdftotext"):
            text = subprocess.run(["pdftotext", target, "-"], capture_output=True, text=True, check=True).stdout
            assert "{{" not in text and "{%" not in text, source
            assert "PEMERINTAH PROVINSI JAWA TENGAH" in text
