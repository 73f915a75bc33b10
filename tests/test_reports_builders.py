"""The report contents: the combined package's numbers, charts and dates, for one instansi and one semester."""
import datetime

import openpyxl
import pytest
from sqlalchemy import select

from app.models.complaints import Status
from app.models.fkp import FkpStage
from app.models.org import OrgNode
from app.models.skm import STANDARD_CODES, PeriodStatus, Respondent, answer_column
from app.periods import Period
from app.reports import registry
from app.skm.questionnaire import create_period
from tests.conftest import dashboard_page
from tests.factories.complaints import make_complaint_row
from tests.factories.fkp import add_participant, new_forum


def node(db, code):
    return db.session.execute(select(OrgNode).where(OrgNode.code == code)).scalar_one()


def respondent(period, value, day=datetime.date(2025, 3, 3)):
    answers = {answer_column(code): value for code in STANDARD_CODES}
    return Respondent(period_id=period.id, unit_id=period.unit_id, survey_date=day, sex="P", age=35, **answers)


@pytest.fixture
def semester(fresh, app, db):
    """RSUD Moewardi: a closed 2025-H1 survey (one respondent all 4, one all 3: IKM 87.50, B), four complaints of
    which two finished, one FKP forum with two community elements; the city of Semarang has a complaint too."""
    rsud, kota = node(db, "JTG-RSUD-MOEWARDI"), node(db, "SMG-PKM-PANDANARAN")
    period = create_period(rsud, "2025-H1", population=10)
    db.session.add_all([respondent(period, 4), respondent(period, 3)])
    period.status = PeriodStatus.CLOSED
    period.closed_on = datetime.date(2025, 7, 1)
    received = datetime.datetime(2025, 2, 3, 9, 0)
    for status in (Status.SELESAI, Status.SELESAI, Status.DIPROSES, Status.BELUM_DITINDAKLANJUTI):
        make_complaint_row(rsud, status=status, received_at=received,
                           finished_at=received + datetime.timedelta(days=10) if status == Status.SELESAI else None)
    make_complaint_row(kota, received_at=received, title="Pengaduan kota yang tidak boleh tampil")
    forum = new_forum(rsud, held_on=datetime.date(2025, 4, 15), stage=FkpStage.PASCA)
    add_participant(forum, "Ibu Sumarni", "PENGGUNA")
    add_participant(forum, "Pak Darto", "TOKOH")
    add_participant(forum, "Tamu tidak hadir", "MEDIA", attended=False)
    db.session.commit()
    return node(db, "JATENG")


def build(app, db, kind, scope_node, code, tmp_path):
    path = tmp_path / f"{kind}.xlsx"
    db.session.rollback()
    with app.test_request_context():
        summary = registry.get(kind).build(scope_node, Period.parse(code), str(path), "id")
    return openpyxl.load_workbook(path), summary


def rows_of(sheet):
    return [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]


def find_row(sheet, first_cell):
    return next(row for row in rows_of(sheet) if row and row[0] == first_cell)


def test_package_has_every_section_with_the_semester_figures(app, db, semester, tmp_path):
    book, summary = build(app, db, "paket", semester, "2025-H1", tmp_path)
    assert book.sheetnames[0] == "Sampul"
    contents = [row[1] for row in rows_of(book["Sampul"]) if row and isinstance(row[0], int)]
    assert contents[:3] == ["Survei Kepuasan Masyarakat", "Forum Konsultasi Publik", "Pengaduan SP4N-LAPOR!"]
    assert {"SKM", "FKP", "SP4N-LAPOR", "PEKPPP"} <= set(book.sheetnames)
    rsud = find_row(book["SKM"], "RSUD Dr. Moewardi")
    assert 87.5 in rsud and "B" in rsud
    assert find_row(book["SP4N-LAPOR"], "Pengaduan diterima")[1] == 4
    assert find_row(book["SP4N-LAPOR"], "Selesai")[1] == 2
    assert find_row(book["FKP"], "Forum terlaksana")[1] == 1
    fkp_unit = find_row(book["FKP"], "RSUD Dr. Moewardi")
    assert fkp_unit[2:4] == [1, 2]
    assert [s["title"] for s in summary["sections"]][:3] == ["Survei Kepuasan Masyarakat", "Forum Konsultasi Publik",
                                                              "Pengaduan SP4N-LAPOR!"]


def test_package_never_shows_another_instansi(app, db, semester, tmp_path):
    book, _summary = build(app, db, "paket", semester, "2025-H1", tmp_path)
    for sheet in book.worksheets:
        for row in rows_of(sheet):
            assert "Pengaduan kota yang tidak boleh tampil" not in row
            assert "Puskesmas Pandanaran" not in row


def test_sheets_carry_native_charts_and_real_dates(app, db, semester, tmp_path):
    book, _summary = build(app, db, "paket", semester, "2025-H1", tmp_path)
    assert book["SKM"]._charts and book["FKP"]._charts
    assert len(book["SP4N-LAPOR"]._charts) == 3, "status, deadline compliance and OPD charts"
    overdue = rows_of(book["Lewat Tenggat"])
    header = next(i for i, row in enumerate(overdue) if row and row[0] == "Nomor pelacakan")
    assert len(overdue) > header + 1, "the open complaints of February 2025 are overdue by now"
    assert isinstance(overdue[header + 1][3], datetime.datetime)


def test_pekppp_sheet_scores_the_fkp_elements_and_skm(app, db, semester, tmp_path):
    with app.app_context():
        from app.reports.catalogues import seed_catalogues

        seed_catalogues()
        db.session.commit()
    book, _summary = build(app, db, "pekppp", semester, "2025-H1", tmp_path)
    from app.models.org import OrgLevel

    units = db.session.execute(select(OrgNode).where(OrgNode.level == OrgLevel.UNIT,
                                                     OrgNode.path.startswith("/JATENG/"))).scalars().all()
    n = len(units)
    # The instansi row: every unit scored, only RSUD (2 community elements in an SP forum) above 0; the mean, not
    # the best unit's 2.
    fkp_row = next(r for r in rows_of(book["PEKPPP"]) if r[1] == "I.2")
    assert fkp_row[3:11] == [n, 2 / n, n - 1, 0, 1, 0, 0, 0]
    unit_row = next(r for r in rows_of(book["PEKPPP per Unit"]) if r[0] == "RSUD Dr. Moewardi" and r[1] == "I.2")
    assert unit_row[3:5] == [2, 2] and "2 unsur" in unit_row[5]
    # The unit's own sheet: one unit, its own score.
    book, summary = build(app, db, "pekppp", node(db, "JTG-RSUD-MOEWARDI"), "2025-H1", tmp_path)
    fkp_row = next(r for r in rows_of(book["PEKPPP"]) if r[1] == "I.2")
    assert fkp_row[3:5] == [1, 2] and fkp_row[7] == 1
    # I.1 of SKM: the closed 2025-H1 survey is named beside the score.
    skm_row = next(r for r in rows_of(book["PEKPPP per Unit"]) if r[0] == "RSUD Dr. Moewardi" and "2025-H1" in str(r[5]))
    assert skm_row[4] >= 1


def test_an_opd_report_covers_only_its_units(app, db, semester, tmp_path):
    dukcapil = node(db, "JTG-DISDUKCAPIL")
    book, _summary = build(app, db, "sp4n", dukcapil, "2025-H1", tmp_path)
    assert find_row(book["SP4N-LAPOR"], "Pengaduan diterima")[1] == 0


def test_dashboard_shows_the_units_ikm_and_complaints_of_the_scope(app, db, semester, as_user):
    html = dashboard_page(as_user("penghubung.dinkes"), "/dashboard/?year=2025")
    assert "RSUD Dr. Moewardi" in html and "87,50" in html  # Indonesian decimal comma
    assert 'id="kpi-received">4<' in html
    other = dashboard_page(as_user("operator.rsud"), "/dashboard/?year=2025")
    assert 'id="kpi-received">4<' in other
    city = dashboard_page(as_user("admin.kota"), "/dashboard/?year=2025")
    assert 'id="kpi-received">1<' in city and "RSUD Dr. Moewardi" not in city


def test_the_registry_lists_only_real_builder_modules_and_a_missing_one_stops_the_start(monkeypatch):
    import importlib.util

    from app import create_app
    from app.reports import registry

    assert all(importlib.util.find_spec(name) for name in registry.BUILDER_MODULES)
    monkeypatch.setattr(registry, "BUILDER_MODULES", registry.BUILDER_MODULES + ["app.reports.no_such_builder"])
    monkeypatch.setattr(registry, "_loaded", False)
    with pytest.raises(ModuleNotFoundError):
        create_app()


def test_a_count_chart_ticks_in_whole_numbers_from_zero(tmp_path):
    """A chart of counts (forums per unit) never labels its axis 0,2 0,4 …: whole-number steps from 0."""
    import zipfile

    import xlsxwriter

    from app.reports.layout import bar_chart, count_step

    assert [count_step(n) for n in (1, 6, 7, 13, 31, 130)] == [1, 1, 2, 5, 10, 50]
    path = tmp_path / "chart.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("FKP")
    sheet.write_row(0, 0, ["RSUD", 1])
    bar_chart(workbook, sheet, "FKP", 0, 0, 0, 1, "Forum per unit layanan", 2, largest=1)
    workbook.close()
    with zipfile.ZipFile(path) as package:
        xml = package.read("xl/charts/chart1.xml").decode()
    assert '<c:majorUnit val="1"/>' in xml and '<c:min val="0"/>' in xml and 'formatCode="#,##0"' in xml


def test_pekppp_sheet_scores_each_unit_s_standar_pelayanan_reviews(app, db, semester, tmp_path):
    """I.3 per unit, from its own service types only: RSUD has every service reviewed within a year of the cut-off
    (score 5); Tugurejo one of two (4); a unit with none reviewed scores 0."""
    from app.models.org import ServiceType
    from app.reports.catalogues import seed_catalogues

    with app.app_context():
        seed_catalogues()
        db.session.commit()
    rsud, tugurejo = node(db, "JTG-RSUD-MOEWARDI"), node(db, "JTG-RSUD-TUGUREJO")
    def types_of(unit):
        return db.session.execute(select(ServiceType).where(ServiceType.unit_id == unit.id)
                                  .order_by(ServiceType.name)).scalars().all()

    for service in types_of(rsud):
        service.sp_last_review = datetime.date(2025, 1, 10)
    first, *others = types_of(tugurejo)
    first.sp_last_review = datetime.date(2025, 3, 1)
    assert others, "Tugurejo has more than one service type"
    db.session.commit()
    book, _summary = build(app, db, "pekppp", semester, "2025-H1", tmp_path)
    scores = {r[0]: r[3:5] for r in rows_of(book["PEKPPP per Unit"]) if r[1] == "I.3"}
    assert scores["RSUD Dr. Moewardi"] == [len(types_of(rsud)), 5]
    assert scores["RSUD Tugurejo"] == [1, 4]
    assert scores[node(db, "JTG-DUKCAPIL-PD").name] == [0, 0]


def test_an_overdue_sheet_says_how_many_it_does_not_list(app, db, semester, tmp_path, monkeypatch):
    """A sheet lists at most OVERDUE_LISTED overdue complaints, the oldest deadline first, and says how many there
    are in all; the headline counts them all."""
    from app.reports import shared

    full, _summary = build(app, db, "sp4n", semester, "2025-H1", tmp_path)
    listed = [row for row in rows_of(full["Lewat Tenggat"]) if row and str(row[0]).startswith("MX-")]
    assert len(listed) == 2  # the two open complaints of February
    monkeypatch.setattr(shared, "OVERDUE_LISTED", 1)
    cut, summary = build(app, db, "sp4n", semester, "2025-H1", tmp_path)
    rows = rows_of(cut["Lewat Tenggat"])
    assert "Ditampilkan 1 pengaduan dengan tenggat terlama dari 2." in [row[0] for row in rows if row]
    assert [row for row in rows if row and str(row[0]).startswith("MX-")] == listed[:1]
    assert {h["label"]: h["value"] for h in summary["headlines"]}["Melewati tenggat"] == 2
