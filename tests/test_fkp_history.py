"""The stage history of forums: every move is recorded with its moment and user, and the reports replay it, so a
forum is held in a report only if it had reached pasca pelaksanaan by the report's cut-off (D13, D15)."""
import datetime

from docx import Document
from openpyxl import load_workbook
from sqlalchemy import select

from app.clock import utc_of
from app.cutoff import end_of_day
from app.fkp import stages
from app.fkp.figures import fkp_figures
from app.fkp.documents import add_document
from app.models.fkp import AgreementStatus, DocumentKind, FkpForum, FkpStage, FkpStageEvent
from app.models.org import OrgNode
from app.reports.runs import build_now
from app.scope import Scope
from tests.conftest import csrf_token
from tests.factories.fkp import add_agreement, add_participant, new_forum, png_bytes, unit_by_code
from tests.test_fkp_stages import _add_forum, _move

D = datetime.date
UTC = datetime.timezone.utc


def _local(*args):
    """A local (Asia/Jakarta) moment as the UTC the history stores."""
    return utc_of(datetime.datetime(*args))


def _events(db, forum_id):
    db.session.rollback()
    return [(e.from_stage, e.to_stage, e.at, e.username) for e in db.session.execute(
        select(FkpStageEvent).where(FkpStageEvent.forum_id == forum_id).order_by(FkpStageEvent.id)).scalars()]


def test_the_screens_record_each_stage_a_forum_enters_with_its_moment_and_user(fresh, db, as_user, clock):
    client = as_user("operator.rsud")
    unit = unit_by_code("JTG-RSUD-MOEWARDI")
    clock.set(datetime.datetime(2026, 3, 2, 2, 0))
    _add_forum(client, unit)
    db.session.rollback()
    forum = db.session.execute(select(FkpForum).where(FkpForum.topic == "Peninjauan SP Rawat Jalan")).scalar_one()
    forum.held_on, forum.place, forum.facilitator = D(2026, 3, 10), "Aula RSUD", "Dr. Sari"
    db.session.commit()
    clock.set(datetime.datetime(2026, 3, 10, 1, 30))
    assert "Forum dipindah ke tahap Pelaksanaan" in _move(client, forum.id, "pelaksanaan")
    assert "tidak dapat dipindah" in _move(client, forum.id, "selesai")  # a refused move records nothing
    assert _events(db, forum.id) == [
        (None, FkpStage.PRA, datetime.datetime(2026, 3, 2, 2, 0), "operator.rsud"),
        (FkpStage.PRA, FkpStage.PELAKSANAAN, datetime.datetime(2026, 3, 10, 1, 30), "operator.rsud"),
    ]


def _pasca_in_july(db):
    """A forum held on 20 June 2025 whose results were recorded (pasca pelaksanaan) only on 5 July 2025."""
    unit = unit_by_code("JTG-RSUD-MOEWARDI")
    forum = new_forum(unit, held_on=D(2025, 6, 20), stage=FkpStage.PELAKSANAAN, place="Aula", facilitator="Dr. Sari",
                      stage_moved_at=_local(2025, 6, 20, 9))
    add_participant(forum, "Siti", "PENGGUNA")
    add_agreement(forum, "Antrean daring", due_date=D(2025, 8, 1))
    db.session.flush()
    forum.stage_moved_at = _local(2025, 7, 5, 10)
    stages.move(forum, FkpStage.PASCA)
    db.session.commit()
    return forum


def _jateng(db):
    return Scope.of_nodes([db.session.execute(select(OrgNode).where(OrgNode.code == "JATENG")).scalar_one()])


def test_a_forum_that_reached_pasca_after_the_cut_off_is_not_held_at_it(fresh, db):
    forum = _pasca_in_july(db)
    june = fkp_figures(_jateng(db), D(2025, 1, 1), D(2025, 6, 30), as_of=end_of_day(D(2025, 6, 30)))
    assert june["forums_held"] == 0 and june["held_forums"] == [] and june["agreements"]["total"] == 0
    july = fkp_figures(_jateng(db), D(2025, 1, 1), D(2025, 6, 30), as_of=end_of_day(D(2025, 7, 5)))
    assert [f["forum_id"] for f in july["held_forums"]] == [forum.id]
    # The moment counts in local time: 5 July 10.00 WIB is not yet reached at the end of 4 July, nor at 09.59.
    assert fkp_figures(_jateng(db), D(2025, 1, 1), D(2025, 6, 30), as_of=end_of_day(D(2025, 7, 4)))["forums_held"] == 0
    assert fkp_figures(_jateng(db), D(2025, 1, 1), D(2025, 6, 30),
                       as_of=datetime.datetime(2025, 7, 5, 9, 59))["forums_held"] == 0


def _sheet_values(path, title):
    sheet = load_workbook(path)[title]
    return [c.value for row in sheet.iter_rows() for c in row if c.value is not None]


def test_rebuilding_after_later_forum_events_gives_the_same_figures(fresh, db, tmp_path):
    held = new_forum(unit_by_code("JTG-RSUD-MOEWARDI"), held_on=D(2025, 6, 10), stage=FkpStage.PASCA,
                     stage_moved_at=_local(2025, 6, 11, 14))
    add_participant(held, "Siti", "PENGGUNA")
    agreement = add_agreement(held, "Papan informasi tarif", due_date=D(2025, 9, 30))
    running = _pasca_in_july(db)
    running_stage_before = running.stage
    late = new_forum(unit_by_code("JTG-DUKCAPIL-PD"), held_on=D(2025, 6, 25), stage=FkpStage.PELAKSANAAN,
                     place="Aula", facilitator="Dr. Sari", stage_moved_at=_local(2025, 6, 25, 9))
    add_participant(late, "Budi", "PENGGUNA")
    add_agreement(late, "Loket prioritas", due_date=D(2025, 7, 31))
    db.session.commit()
    jateng = db.session.execute(select(OrgNode).where(OrgNode.code == "JATENG")).scalar_one()
    first = build_now("paket", jateng, "2025-H1", str(tmp_path / "first.xlsx"))

    # After the cut-off: the late forum reaches pasca today, the agreement is done, the held forum is closed.
    stages.move(late, FkpStage.PASCA)
    agreement.status, agreement.completed_on = AgreementStatus.SELESAI, D(2025, 7, 15)
    db.session.commit()
    second = build_now("paket", jateng, "2025-H1", str(tmp_path / "second.xlsx"))

    assert running_stage_before == FkpStage.PASCA and late.stage == FkpStage.PASCA
    assert first == second
    fkp = next(s for s in first["sections"] if s["title"] == "Forum Konsultasi Publik")
    headlines = {h["label"]: h["value"] for h in fkp["headlines"]}
    assert headlines["Forum terlaksana"] == 1 and headlines["Kesepakatan selesai"] == "0/1"
    for title in ("FKP", "PEKPPP"):
        assert _sheet_values(tmp_path / "first.xlsx", title) == _sheet_values(tmp_path / "second.xlsx", title)
    values = _sheet_values(tmp_path / "first.xlsx", "FKP")
    assert held.topic in values and running.topic not in values and late.topic not in values


def test_the_forum_report_lists_each_stage_reached_with_its_date(fresh, db, tmp_path):
    forum = _pasca_in_july(db)
    path = tmp_path / "laporan.docx"
    build_now("laporan-fkp", forum.unit, None, str(path), forum=forum)
    table = next(t for t in Document(str(path)).tables if t.rows[0].cells[0].text == "Tahap")
    rows = [[cell.text for cell in row.cells] for row in table.rows[1:]]
    assert [row[:2] for row in rows] == [
        ["Pra pelaksanaan", "-"], ["Pelaksanaan", "20 Juni 2025"], ["Pasca pelaksanaan", "5 Juli 2025"],
        ["Selesai", "-"],
    ]
    assert rows[3][2] == "Belum"
    # Asked as at 30 June 2025, the report stops at pelaksanaan.
    build_now("laporan-fkp", forum.unit, None, str(path), forum=forum, as_of=D(2025, 6, 30))
    table = next(t for t in Document(str(path)).tables if t.rows[0].cells[0].text == "Tahap")
    assert [[cell.text for cell in row.cells][1] for row in table.rows[1:]] == ["-", "20 Juni 2025", "-", "-"]


def test_the_forum_report_states_the_moment_it_shows(fresh, db, tmp_path, clock):
    """Its stages, attendance and follow-up are those of one moment (D15): the report prints it under its title."""
    forum = _pasca_in_july(db)
    path = tmp_path / "laporan.docx"
    build_now("laporan-fkp", forum.unit, None, str(path), forum=forum, as_of=D(2025, 6, 30))
    texts = [p.text for p in Document(str(path)).paragraphs]
    assert "Keadaan per 30 Juni 2025" in texts
    clock.set(_local(2026, 7, 6, 14, 5))
    build_now("laporan-fkp", forum.unit, None, str(path), forum=forum)
    assert "Keadaan per 6 Juli 2026 pukul 14.05" in [p.text for p in Document(str(path)).paragraphs]


def test_attendance_recorded_after_the_cut_off_does_not_make_the_forum_held_at_it(fresh, db, as_user, clock):
    """20 June 2025: the forum moves to pasca pelaksanaan with only the organiser's staff marked present. 5 July:
    the community participant's attendance is recorded. As at 30 June the forum is not held (D13 asks for a
    community attendee); as at 5 July it is, and the 30 June figures stay as they were."""
    forum = new_forum(unit_by_code("JTG-RSUD-MOEWARDI"), held_on=D(2025, 6, 20), stage=FkpStage.PELAKSANAAN,
                      place="Aula", facilitator="Dr. Sari", stage_moved_at=_local(2025, 6, 20, 9))
    staff = add_participant(forum, "Petugas", "PENYELENGGARA", attended_at=_local(2025, 6, 20, 9))
    siti = add_participant(forum, "Siti", "PENGGUNA", attended=False)
    add_agreement(forum, "Antrean daring", due_date=D(2025, 8, 1))
    forum.stage_moved_at = _local(2025, 6, 20, 15)
    stages.move(forum, FkpStage.PASCA)
    db.session.commit()
    assert siti.attended_at is None and staff.attended_at == _local(2025, 6, 20, 9)

    clock.set(_local(2025, 7, 5, 10))  # the screen marks Siti present on 5 July
    client = as_user("operator.rsud")
    page = client.post(f"/fkpparticipantview/edit/{siti.id}", data={
        "csrf_token": csrf_token(client, f"/fkpparticipantview/edit/{siti.id}"), "forum": str(forum.id), "name": "Siti",
        "element": str(siti.element_id), "attended": "y"}, follow_redirects=True)
    assert page.status_code == 200
    db.session.rollback()
    assert db.session.get(type(siti), siti.id).attended_at == _local(2025, 7, 5, 10)

    def held(day):
        figures = fkp_figures(_jateng(db), D(2025, 1, 1), D(2025, 6, 30), as_of=end_of_day(day))
        attended = {e["code"]: e["attended"] for e in figures["participants_by_element"]}
        return figures["forums_held"], figures["elements_per_forum"].get(forum.id), attended.get("PENGGUNA")

    assert held(D(2025, 6, 30)) == (0, None, None)
    assert held(D(2025, 7, 5)) == (1, 1, 1)
    assert held(D(2025, 6, 30)) == (0, None, None)

    # Unmarked again later: no longer present, and its moment goes with it.
    siti = db.session.get(type(siti), siti.id)
    siti.attended = False
    db.session.commit()
    assert siti.attended_at is None and held(D(2025, 7, 5)) == (0, None, None)


def test_the_forum_report_as_at_a_cut_off_shows_attendance_and_follow_up_as_they_stood(fresh, db, tmp_path, clock):
    """Siti's attendance was recorded on 25 June, Budi's only on 5 July; the agreement was finished on 10 July and a
    photo uploaded on 5 July. As at 30 June the Laporan Pelaksanaan shows Siti present and Budi not, the agreement
    not yet finished and no photo; as at 31 July both present, the agreement finished and the photo. Its counts are
    those of the report's figures as at the same moment."""
    forum = new_forum(unit_by_code("JTG-RSUD-MOEWARDI"), held_on=D(2025, 6, 20), stage=FkpStage.PELAKSANAAN,
                      place="Aula", facilitator="Dr. Sari", stage_moved_at=_local(2025, 6, 20, 9))
    add_participant(forum, "Siti", "PENGGUNA", attended_at=_local(2025, 6, 25, 9))
    add_participant(forum, "Budi", "PENGGUNA", attended_at=_local(2025, 7, 5, 9))
    agreement = add_agreement(forum, "Antrean daring", due_date=D(2025, 8, 1), status=AgreementStatus.SELESAI)
    agreement.completed_on = D(2025, 7, 10)
    forum.stage_moved_at = _local(2025, 6, 25, 10)
    stages.move(forum, FkpStage.PASCA)
    clock.set(_local(2025, 7, 5, 9))
    add_document(forum, DocumentKind.FOTO, "diskusi.png", png_bytes(), title="Sesi diskusi")
    db.session.commit()
    clock.set(_local(2025, 8, 15, 9))
    path = tmp_path / "laporan.docx"

    def shown(day):
        build_now("laporan-fkp", forum.unit, None, str(path), forum=forum, as_of=day)
        document = Document(str(path))
        cells = {tuple(cell.text for cell in row.cells) for table in document.tables for row in table.rows}
        present = {row[1]: row[-1] for row in cells if row[1:2] in (("Siti",), ("Budi",))}
        agreement_status = next(row[-1] for row in cells if "Antrean daring" in row)
        closing = [p.text for p in document.paragraphs if p.text.startswith("Forum menghasilkan")]
        figures = fkp_figures(_jateng(db), D(2025, 1, 1), D(2025, 12, 31), as_of=end_of_day(day))
        attended = {e["code"]: e["attended"] for e in figures["participants_by_element"]}["PENGGUNA"]
        photos.append(len(document.inline_shapes))
        return present, agreement_status, closing, attended, figures["agreements"]["done"]

    photos = []
    present, status, closing, attended, done = shown(D(2025, 6, 30))
    assert present == {"Siti": "Hadir", "Budi": "Tidak hadir"} and attended == 1
    assert status == "Belum selesai" and done == 0
    assert closing == ["Forum menghasilkan 1 kesepakatan; 0 di antaranya telah selesai ditindaklanjuti."]
    present, status, closing, attended, done = shown(D(2025, 7, 31))
    assert present == {"Siti": "Hadir", "Budi": "Hadir"} and attended == 2
    assert status == "Selesai" and done == 1
    assert closing == ["Forum menghasilkan 1 kesepakatan; 1 di antaranya telah selesai ditindaklanjuti."]
    assert photos[1] == photos[0] + 1, "the photo uploaded on 5 July shows only as at 31 July"
