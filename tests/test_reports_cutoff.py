"""A period report is computed as at one cut-off (D15): stated on every sheet, the cover and the e-mail; the same
cut-off gives the same workbook whenever it is built; a cut-off outside the period's reach is refused."""
import datetime

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.models.reports import ReportRun
from app.reports.runs import RunError, build_now, queue_run
from tests.test_complaints_cutoff import T, history_world, move, node
from tests.test_reports_scheduler import DUE, jateng, make_schedule, smtp  # noqa: F401 (fixtures)


def cells(path):
    """Every non-empty cell value of every sheet, as {sheet: [(row, column, value)]}."""
    book = load_workbook(path)
    return {sheet.title: [(c.row, c.column, c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
            for sheet in book.worksheets}


def test_rebuilding_after_later_events_gives_the_same_workbook(fresh, db, tmp_path):
    w = history_world(db)
    jateng = node(db, "JATENG")
    first = build_now("paket", jateng, "2025-H1", str(tmp_path / "first.xlsx"))
    move(w["c"], "followup", T(2025, 8, 1, 9))
    move(w["c"], "finish", T(2025, 8, 2, 9))
    move(w["a"], "reopen", T(2025, 8, 3, 9))
    db.session.commit()
    second = build_now("paket", jateng, "2025-H1", str(tmp_path / "second.xlsx"))
    assert first == second
    assert cells(tmp_path / "first.xlsx") == cells(tmp_path / "second.xlsx")
    assert first["as_of"] == "Keadaan per 30 Juni 2025"
    sp4n = next(s for s in first["sections"] if s["title"] == "Pengaduan SP4N-LAPOR!")
    assert {h["label"]: h["value"] for h in sp4n["headlines"]}["Selesai"] == 1  # a finished only in July


def test_every_sheet_and_the_cover_state_the_cut_off(fresh, db, tmp_path):
    history_world(db)
    path = tmp_path / "paket.xlsx"
    build_now("paket", node(db, "JATENG"), "2025-H1", str(path))
    for sheet, values in cells(path).items():
        assert "Keadaan per 30 Juni 2025" in [v for _r, _c, v in values], sheet


def test_a_chosen_cut_off_date_moves_the_figures(fresh, db, tmp_path):
    history_world(db)
    summary = build_now("sp4n", node(db, "JATENG"), "2025-H1", str(tmp_path / "july.xlsx"),
                        as_of=datetime.date(2025, 7, 10))
    assert summary["as_of"] == "Keadaan per 10 Juli 2025"
    assert {h["label"]: h["value"] for h in summary["headlines"]}["Selesai"] == 2


def test_a_cut_off_before_the_period_or_after_today_is_refused_and_nothing_is_queued(fresh, db, tmp_path):
    jateng = node(db, "JATENG")
    with pytest.raises(RunError, match="sebelum awal periode"):
        build_now("sp4n", jateng, "2025-H1", str(tmp_path / "x.xlsx"), as_of=datetime.date(2024, 12, 31))
    with pytest.raises(RunError, match="belum lewat"):
        queue_run("sp4n", jateng, "2025-H1", as_of_date=datetime.date.today() + datetime.timedelta(days=2))
    db.session.rollback()
    assert db.session.execute(select(func.count()).select_from(ReportRun)).scalar_one() == 0


def test_the_e_mail_states_the_cut_off_and_writes_numbers_the_indonesian_way(app, db, smtp, jateng):
    from app.jobs.scheduler import tick

    history_world(db)
    make_schedule(db, jateng, kind="sp4n", rule="PREVIOUS_SEMESTER", created=datetime.datetime(2025, 6, 1))
    tick(datetime.datetime(2025, 7, 7, 1, 0))  # Monday 7 July 08:00 WIB, the 5th working day after Semester I
    body = smtp.messages[0][1].get_body(("plain",)).get_content()
    assert "Keadaan per 30 Juni 2025." in body
    assert "- Persentase selesai: 50 %" in body  # b finished, of a and b verified


def test_a_schedule_as_at_build_time_queues_runs_that_say_so(app, db, smtp, jateng, as_user):
    from app.jobs.scheduler import tick

    schedule = make_schedule(db, jateng, kind="sp4n")
    schedule.as_at_build = True
    db.session.commit()
    tick(DUE)
    run = db.session.execute(select(ReportRun)).scalar_one()
    assert run.as_at_build and run.summary["as_of"].startswith("Keadaan per ")
    assert "pukul" in run.summary["as_of"]
    html = as_user("admin.instansi").get("/reportscheduleview/list/").get_data(as_text=True)
    assert "Keadaan saat laporan dibuat" in html
