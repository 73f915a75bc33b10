"""Where the Word documents appear: the templates screen, the run page, the forum page, schedules and their e-mail."""
import datetime
import io
import re

from sqlalchemy import func, select

from app.models.documents import DocumentSetting, DocumentTemplate
from app.models.reports import ReportFile, ReportRun, RunStatus
from tests.conftest import csrf_token
from tests.factories.fkp import unit_by_code
from tests.test_documents import _default, _with_paragraph, crafted_skm, forum_with_agreements, node, text_of


def _messages(html):
    return " ".join(re.sub(r"\s+", " ", m) for m in re.findall(r'class="alert[^"]*"[^>]*>(.*?)</div>', html, re.S))


def _upload(client, code, kind, data, filename="templat.docx"):
    token = csrf_token(client, f"/documenttemplates/{code}")
    response = client.post(f"/documenttemplates/{code}/upload/{kind}", content_type="multipart/form-data",
                           data={"csrf_token": token, "file": (io.BytesIO(data), filename)}, follow_redirects=True)
    assert response.status_code == 200
    return _messages(response.get_data(as_text=True))


def test_admin_instansi_uploads_a_template_sees_a_broken_one_refused_and_restores_the_default(fresh, app, db, as_user):
    client = as_user("admin.instansi")
    assert client.get("/documenttemplates/").headers["Location"].endswith("/documenttemplates/JATENG")
    default = client.get("/documenttemplates/JATENG/default/berita-acara")
    assert default.status_code == 200 and default.data == _default("berita-acara")

    good = _with_paragraph(_default("berita-acara"), "KOP BIRO ORGANISASI {{ nomor }}")
    assert "tersimpan dan dipakai" in _upload(client, "JATENG", "berita-acara", good, "ba-jateng.docx")
    db.session.rollback()
    row = db.session.execute(select(DocumentTemplate)).scalar_one()
    assert (row.file_name, row.kind) == ("ba-jateng.docx", "berita-acara")
    assert client.get("/documenttemplates/JATENG/current/berita-acara").data == good

    broken = _with_paragraph(_default("berita-acara"), "Nomor {{ nomor_salah }}")
    message = _upload(client, "JATENG", "berita-acara", broken, "ba-rusak.docx")
    assert "Templat tidak dapat dipakai: baris" in message and "nomor_salah" in message
    db.session.rollback()
    assert db.session.execute(select(DocumentTemplate.file_name)).scalar_one() == "ba-jateng.docx"
    assert "Templat harus berkas Word .docx" in _upload(client, "JATENG", "berita-acara", good, "makro.docm")

    # The forum's berita acara now uses the instansi's own template.
    forum = forum_with_agreements(db, unit_by_code("JTG-RSUD-MOEWARDI"))
    db.session.commit()
    lines = text_of(as_user("operator.rsud").get(f"/fkpforumview/berita_acara/{forum.id}").data)
    assert "KOP BIRO ORGANISASI 1/BA-FKP/JTG-RSUD-MOEWARDI/2026" in lines

    token = csrf_token(client, "/documenttemplates/JATENG")
    client.post("/documenttemplates/JATENG/restore/berita-acara", data={"csrf_token": token})
    db.session.rollback()
    assert db.session.execute(select(func.count(DocumentTemplate.id))).scalar_one() == 0
    lines = text_of(as_user("operator.rsud").get(f"/fkpforumview/berita_acara/{forum.id}").data)
    assert not any("KOP BIRO" in line for line in lines)


def test_the_numbering_pattern_is_checked_before_it_is_saved(fresh, app, db, as_user):
    client = as_user("admin.instansi")
    token = csrf_token(client, "/documenttemplates/JATENG")
    response = client.post("/documenttemplates/JATENG/settings", follow_redirects=True,
                           data={"csrf_token": token, "number_pattern": "BA/{tahun}"})
    assert "Pola nomor harus memuat {seq}" in _messages(response.get_data(as_text=True))
    db.session.rollback()
    assert db.session.execute(select(func.count(DocumentSetting.id))).scalar_one() == 0
    response = client.post("/documenttemplates/JATENG/settings", follow_redirects=True,
                           data={"csrf_token": token, "number_pattern": "{seq}/BA/{opd}/{year}"})
    assert "Pengaturan dokumen tersimpan" in _messages(response.get_data(as_text=True))
    db.session.rollback()
    setting = db.session.execute(select(DocumentSetting)).scalar_one()
    assert setting.number_pattern == "{seq}/BA/{opd}/{year}"


def test_a_forum_document_is_queued_from_the_forum_page_and_built_by_the_scheduler(fresh, app, db, as_user):
    from app.documents.pdf import soffice
    from app.reports.runs import execute_queued

    forum = forum_with_agreements(db, unit_by_code("JTG-RSUD-MOEWARDI"))
    db.session.commit()
    client = as_user("operator.rsud")
    page = client.get(f"/fkpforumview/show/{forum.id}").get_data(as_text=True)
    assert f"/reportrunview/forum/{forum.id}/berita-acara" in page
    token = csrf_token(client, f"/fkpforumview/show/{forum.id}")
    response = client.post(f"/reportrunview/forum/{forum.id}/berita-acara", data={"csrf_token": token})
    assert response.status_code == 302
    run_id = int(response.headers["Location"].rstrip("/").split("/")[-1])
    db.session.rollback()
    execute_queued()
    db.session.rollback()
    run = db.session.get(ReportRun, run_id)
    assert run.status == RunStatus.DONE, run.error
    assert run.file_name == f"berita-acara_JTG-RSUD-MOEWARDI_forum-{forum.id}.docx"
    status = client.get(f"/reportrunview/status/{run_id}").get_json()
    download = client.get(status["download_url"])
    assert "Nomor: 1/BA-FKP/JTG-RSUD-MOEWARDI/2026" in text_of(download.data)
    if soffice():
        assert [f["file_name"] for f in status["files"]] == [f"berita-acara_JTG-RSUD-MOEWARDI_forum-{forum.id}.pdf"]
        assert client.get(status["files"][0]["download_url"]).data.startswith(b"%PDF-")
        assert status["pdf_hint"] is None
    else:
        assert "libreoffice-writer-nogui" in status["pdf_hint"]


def test_without_libreoffice_the_run_page_says_which_debian_package_to_install(fresh, app, db, as_user, monkeypatch):
    from app.documents import pdf
    from app.reports.runs import execute_queued, queue_run

    monkeypatch.setattr(pdf, "soffice", lambda: None)  # the machine without LibreOffice, not a mock of a service
    rsud = node(db, "JTG-RSUD-MOEWARDI")
    crafted_skm(db, rsud)
    run = queue_run("laporan-skm", rsud, "2025-Q3")
    db.session.commit()
    execute_queued()
    db.session.rollback()
    status = as_user("operator.rsud").get(f"/reportrunview/status/{run.id}").get_json()
    assert status["status"] == "done" and status["files"] == []
    assert "apt-get install libreoffice-writer-nogui" in status["pdf_hint"]
    assert "91,48" in "\n".join(text_of(as_user("operator.rsud").get(status["download_url"]).data))


def test_a_scheduled_package_mail_carries_the_word_documents(fresh, app, db, inbox):
    from app.jobs.scheduler import tick
    from app.models.reports import PeriodRule, ReportSchedule
    from app.reports.catalogues import seed_catalogues
    from app.reports.schedules import validate

    seed_catalogues()
    jateng = node(db, "JATENG")
    schedule = ReportSchedule(org=jateng, kind="pekppp_catalogue", period_rule=PeriodRule.PREVIOUS_QUARTER,
                              due_working_days=5, cron="0 7 * * 1-5", recipients="biro.org@jatengprov.go.id",
                              language="id", active=True, created_at=datetime.datetime(2025, 9, 1),
                              documents="rekap-sp4n ; laporan-skm")
    validate(schedule)
    assert schedule.documents == "rekap-sp4n, laporan-skm"
    db.session.add(schedule)
    db.session.commit()
    tick(datetime.datetime(2025, 10, 7, 1, 0))
    assert len(inbox.messages) == 1
    _recipients, message = inbox.messages[0]
    names = [part.get_filename() for part in message.iter_attachments()]
    assert names == ["pekppp_catalogue_JATENG_2025-Q3.xlsx", "rekap-sp4n_JATENG_2025-Q3.docx",
                     "laporan-skm_JATENG_2025-Q3.docx"]
    rekap = next(part for part in message.iter_attachments() if part.get_filename().startswith("rekap"))
    assert "Keadaan per 30 September 2025" in text_of(rekap.get_payload(decode=True))
    assert "Dokumen Word: rekap-sp4n_JATENG_2025-Q3.docx" in message.get_body(("plain",)).get_content()
    db.session.rollback()
    assert db.session.execute(select(func.count(ReportFile.id)).where(ReportFile.mime.like("%word%"))).scalar_one() == 2


def test_a_schedule_refuses_a_document_it_cannot_carry(fresh, app, db):
    import pytest

    from app.models.reports import PeriodRule, ReportSchedule
    from app.reports.schedules import ScheduleError, validate

    rsud = node(db, "JTG-RSUD-MOEWARDI")
    schedule = ReportSchedule(org=rsud, kind="skm", period_rule=PeriodRule.PREVIOUS_QUARTER, due_working_days=5,
                              cron="0 7 * * 1-5", recipients="a@b.go.id", language="id", active=True,
                              documents="berita-acara")
    with app.test_request_context():
        with pytest.raises(ScheduleError, match="berita-acara tidak dapat dilampirkan"):
            validate(schedule)
        schedule.documents = "rekap-sp4n"
        with pytest.raises(ScheduleError, match="tidak dapat dibuat untuk tingkat"):
            validate(schedule)
