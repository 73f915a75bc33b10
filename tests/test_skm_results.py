"""Results screen, export, RTL, publications, figures, the public results page, and scoping."""
import datetime
import io
from decimal import Decimal

from openpyxl import load_workbook
from sqlalchemy import select

from app.models.org import OrgNode
from app.models.skm import (
    STANDARD_CODES,
    ActionStatus,
    FollowUpAction,
    PeriodStatus,
    Publication,
    PublicationMedium,
    Respondent,
    SurveyPeriod,
    answer_column,
)
from app.scope import Scope
from app.skm.figures import skm_figures
from app.skm.questionnaire import create_period
from tests.conftest import csrf_token


def _unit(db, code):
    return db.session.execute(select(OrgNode).where(OrgNode.code == code)).scalar_one()


def _survey(db, unit_code, period_code, answer_rows, closed=False, population=1000, **profile):
    unit = _unit(db, unit_code)
    period = create_period(unit, period_code, population)
    for row in answer_rows:
        db.session.add(Respondent(period_id=period.id, unit_id=unit.id, **profile,
                                  **{answer_column(c): v for c, v in zip(STANDARD_CODES, row)}))
    if closed:
        period.status = PeriodStatus.CLOSED
        period.closed_on = period.period.end + datetime.timedelta(days=5)
    db.session.commit()
    return period.id


# 10 respondents: NRR 4,4,4,4,3.8,3,3,3,3 -> IKM 88.33 (A)
HAND_SET = [[4, 4, 4, 4, 4 if i < 8 else 3, 3, 3, 3, 3] for i in range(10)]


def test_the_results_screen_shows_the_ikm_to_the_hundredth(db, fresh, as_user):
    _survey(db, "JTG-RSUD-MOEWARDI", "2025-Q2", [[3] * 9] * 4, closed=True)
    pk = _survey(db, "JTG-RSUD-MOEWARDI", "2025-Q3", HAND_SET, sex="P", age=33, education="S1")
    html = as_user("operator.rsud").get(f"/skm/periode/{pk}/hasil").get_data(as_text=True)
    assert 'id="skm-ikm">88,33<' in html  # Indonesian decimal comma
    assert "Mutu A" in html and "Sangat Baik" in html
    assert "3,800" in html  # NRR of PRODUK to 3 decimals, Indonesian decimal comma
    assert "Sampel belum memadai: 10 responden dari minimal 278" in html
    assert "Triwulan II 2025" in html and "75,00" in html and "+13,33" in html  # previous period and change
    assert "Perempuan" in html and "30–39 tahun" in html
    assert 'id="skm-chart"' in html and "terendah" in html


def test_operators_reach_only_their_unit_results(db, fresh, as_user):
    mine = _survey(db, "JTG-RSUD-MOEWARDI", "2025-Q3", HAND_SET)
    other = _survey(db, "JTG-DUKCAPIL-PD", "2025-Q3", HAND_SET)
    client = as_user("operator.rsud")
    assert client.get(f"/skm/periode/{mine}/hasil").status_code == 200
    assert client.get(f"/skm/periode/{other}/hasil").status_code == 404
    assert client.get(f"/skm/periode/{other}/ekspor").status_code == 404
    listing = client.get("/surveyperiodview/list/").get_data(as_text=True)
    assert "JTG-DUKCAPIL-PD" not in listing and "Bidang Pelayanan Pendaftaran Penduduk" not in listing
    boss = as_user("pimpinan")
    assert boss.get(f"/skm/periode/{other}/hasil").status_code == 200
    assert boss.get(f"/skm/periode/{other}/isi").status_code == 403  # read-only tier
    assert as_user("admin.kota").get(f"/skm/periode/{mine}/hasil").status_code == 404


def test_the_export_holds_results_and_raw_respondents(db, fresh, as_user):
    pk = _survey(db, "JTG-RSUD-MOEWARDI", "2025-Q3", HAND_SET, sex="L", age=40)
    response = as_user("operator.rsud").get(f"/skm/periode/{pk}/ekspor")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    results, raw = book.worksheets
    values = {row[0]: row[1] for row in results.iter_rows(min_row=3, max_row=8, values_only=True)}
    assert values["IKM unit pelayanan (25–100)"] == 88.33 and values["Mutu pelayanan"] == "A"
    assert raw.max_row == 11  # header + 10 respondents
    header = [c.value for c in raw[1]]
    assert raw.cell(row=2, column=header.index("PRODUK") + 1).value == 4


def test_rtl_progress_publications_and_pekppp_figures(db, fresh):
    pk = _survey(db, "JTG-RSUD-MOEWARDI", "2025-Q1", HAND_SET * 28, closed=True, population=278)
    period = db.session.get(SurveyPeriod, pk)
    closed_on = period.closed_on  # 5 April 2025
    db.session.add_all([
        FollowUpAction(period_id=pk, unit_id=period.unit_id, element_code="WAKTU", action="Loket tambahan",
                       owner="Kasi", due_date=datetime.date(2025, 6, 30), status=ActionStatus.DONE,
                       done_on=closed_on + datetime.timedelta(days=61)),
        FollowUpAction(period_id=pk, unit_id=period.unit_id, element_code="SARPRAS", action="Ruang tunggu",
                       owner="Kasubag", due_date=datetime.date(2025, 9, 30), status=ActionStatus.IN_PROGRESS),
        Publication(period_id=pk, unit_id=period.unit_id, medium=PublicationMedium.WEBSITE,
                    published_on=datetime.date(2025, 4, 10)),
        Publication(period_id=pk, unit_id=period.unit_id, medium=PublicationMedium.BOARD,
                    published_on=datetime.date(2025, 4, 10)),
    ])
    db.session.commit()
    figures = skm_figures(Scope.everything(), "2025")
    unit = next(u for u in figures["units"] if u["unit_code"] == "JTG-RSUD-MOEWARDI")
    assert unit["ikm_converted"] == Decimal("88.33") and unit["respondents"] == 280
    assert unit["required_sample"] == 162 and not unit["sample_short"]  # N = 278 -> 162 (formula)
    assert unit["rtl"]["share_done"] == Decimal("50.0") and unit["rtl"]["months_to_followup"] == Decimal("2.0")
    assert unit["publications"] == 2
    assert unit["pekppp"]["skm_per_rule"] == 5 and unit["pekppp"]["rtl_score"] == 3
    assert unit["pekppp"]["followup_speed_score"] == 4
    jateng = next(g for g in figures["groups"] if g["code"] == "JATENG")
    assert jateng["pooled"]["ikm_converted"] == Decimal("88.33") and jateng["mean_ikm_converted"] == Decimal("88.33")


def test_group_figures_pool_respondents_and_average_units(db, fresh):
    _survey(db, "JTG-RSUD-MOEWARDI", "2025-Q3", [[4] * 9] * 3, closed=True)  # 100.00
    _survey(db, "JTG-RSUD-TUGUREJO", "2025-Q3", [[2] * 9], closed=True)  # 50.00
    _survey(db, "SMG-PKM-PANDANARAN", "2025-Q3", [[1] * 9], closed=True)  # another instansi
    figures = skm_figures(Scope.of_nodes([_unit(db, "JTG-DINKES")]), "2025-Q3")
    assert [u["unit_code"] for u in figures["units"]] == ["JTG-RSUD-MOEWARDI", "JTG-RSUD-TUGUREJO"]
    dinkes = next(g for g in figures["groups"] if g["code"] == "JTG-DINKES")
    assert dinkes["pooled"]["ikm_converted"] == Decimal("87.50") and dinkes["mean_ikm_converted"] == Decimal("75.00")
    assert dinkes["respondents"] == 4


def test_the_public_results_page_shows_only_closed_periods_of_that_instansi(app, db, fresh):
    _survey(db, "JTG-RSUD-MOEWARDI", "2025-Q2", HAND_SET, closed=True)
    _survey(db, "JTG-RSUD-MOEWARDI", "2025-Q3", [[1] * 9] * 5)  # open: not published
    _survey(db, "JTG-DUKCAPIL-PD", "2025-Q3", [[2] * 9] * 2)  # open only: the unit does not appear
    _survey(db, "SMG-PKM-PANDANARAN", "2025-Q2", [[3] * 9], closed=True)  # another instansi
    client = app.test_client()
    html = client.get("/publik/skm/ikm/JATENG").get_data(as_text=True)
    assert "RSUD Dr. Moewardi" in html and "88.33" in html and "Triwulan II 2025" in html
    assert "1 unit layanan, 10 responden" in html  # the instansi headline pools closed periods only
    assert "25.00" not in html and "Triwulan III 2025" not in html
    assert "Bidang Pelayanan Pendaftaran Penduduk" not in html
    assert "Puskesmas Pandanaran" not in html
    assert "Puskesmas Pandanaran" in client.get("/publik/skm/ikm/SMG").get_data(as_text=True)
    assert client.get("/publik/skm/ikm/JTG-DINKES").status_code == 404


def test_rtl_and_publications_are_recorded_through_their_screens(db, fresh, as_user):
    open_pk = _survey(db, "JTG-RSUD-MOEWARDI", "2025-Q3", HAND_SET)
    closed_pk = _survey(db, "JTG-RSUD-MOEWARDI", "2025-Q2", HAND_SET, closed=True)
    client = as_user("operator.rsud")
    token = csrf_token(client, "/publicationview/add")
    html = client.post("/publicationview/add", data={"csrf_token": token, "period": str(open_pk), "medium": "website",
                                                     "published_on": "2025-10-01"}, follow_redirects=True
                       ).get_data(as_text=True)
    assert "setelah periode ditutup" in html
    client.post("/publicationview/add", data={"csrf_token": token, "period": str(closed_pk), "medium": "website",
                                              "published_on": "2025-07-10", "link": "https://rsud.example/ikm"})
    db.session.commit()  # a new transaction sees the request's writes (MariaDB snapshots)
    publication = db.session.execute(select(Publication)).scalar_one()
    assert publication.unit.code == "JTG-RSUD-MOEWARDI"
    token = csrf_token(client, "/followupview/add")
    client.post("/followupview/add", data={"csrf_token": token, "period": str(closed_pk), "element_code": "sarpras",
                                           "action": "Perbaikan ruang tunggu", "owner": "Kasubag Umum",
                                           "due_date": "2025-09-30", "status": "done"})
    db.session.commit()  # a new transaction sees the request's writes (MariaDB snapshots)
    action = db.session.execute(select(FollowUpAction)).scalar_one()
    assert action.element_code == "SARPRAS" and action.done_on is not None
    upload = client.post(f"/skm/rtl/{action.id}/bukti", data={"csrf_token": csrf_token(client),
                                                              "file": (io.BytesIO(b"%PDF-1.4 bukti"), "bukti.pdf")},
                         content_type="multipart/form-data")
    assert upload.status_code == 302
    download = client.get(f"/skm/rtl/{action.id}/bukti")
    assert download.status_code == 200 and download.data == b"%PDF-1.4 bukti"
    assert as_user("admin.kota").get(f"/skm/rtl/{action.id}/bukti").status_code == 404


def test_only_closed_periods_count_and_open_ones_are_apart(db, fresh):
    _survey(db, "JTG-RSUD-MOEWARDI", "2025-Q1", HAND_SET, closed=True)  # 88.33
    _survey(db, "JTG-RSUD-MOEWARDI", "2025-Q2", [[1] * 9] * 3)  # still open: 25.00
    scope = Scope.everything()
    counted = skm_figures(scope, "2025-H1")
    assert [u["ikm_converted"] for u in counted["units"]] == [Decimal("88.33")]
    assert counted["units"][0]["survey_periods"] == ["2025-Q1"]
    jateng = next(g for g in counted["groups"] if g["code"] == "JATENG")
    assert jateng["pooled"]["ikm_converted"] == Decimal("88.33")  # the open period does not pull it to C
    apart = skm_figures(scope, "2025-H1", provisional=True)
    assert [(u["survey_periods"], u["ikm_converted"]) for u in apart["units"]] == [(["2025-Q2"], Decimal("25.00"))]


def test_pekppp_counts_distinct_outlets_and_a_period_without_follow_up_as_zero(db, fresh):
    q1 = db.session.get(SurveyPeriod, _survey(db, "JTG-RSUD-MOEWARDI", "2025-Q1", HAND_SET, closed=True))
    q2 = db.session.get(SurveyPeriod, _survey(db, "JTG-RSUD-MOEWARDI", "2025-Q2", HAND_SET, closed=True))
    day = datetime.date(2025, 7, 10)
    db.session.add_all([
        # Two pages of one site are one outlet; a second site and a notice board make three.
        Publication(period_id=q1.id, unit_id=q1.unit_id, medium=PublicationMedium.WEBSITE, published_on=day,
                    link="https://rsmoewardi.jatengprov.go.id/skm-2025-q1"),
        Publication(period_id=q1.id, unit_id=q1.unit_id, medium=PublicationMedium.WEBSITE, published_on=day,
                    link="https://www.rsmoewardi.jatengprov.go.id/berita/ikm"),
        Publication(period_id=q2.id, unit_id=q2.unit_id, medium=PublicationMedium.WEBSITE, published_on=day,
                    link="https://dinkes.jatengprov.go.id/ikm"),
        Publication(period_id=q2.id, unit_id=q2.unit_id, medium=PublicationMedium.BOARD, published_on=day),
        # Q1 followed up one month after closing (5 April -> 5 May: score 5); Q2 never: the indicator is 0.
        FollowUpAction(period_id=q1.id, unit_id=q1.unit_id, element_code="WAKTU", action="Loket tambahan",
                       owner="Kasi", due_date=day, status=ActionStatus.DONE, done_on=datetime.date(2025, 5, 5)),
    ])
    db.session.commit()
    pekppp = skm_figures(Scope.everything(), "2025")["units"][0]["pekppp"]
    assert pekppp["publication_media"] == 3 and pekppp["publication_media_score"] == 3
    assert pekppp["periods_without_followup"] == 1 and pekppp["followup_speed_score"] == 0


def test_the_pekppp_sheet_reads_each_unit_s_skm_as_at_the_report_cut_off(db, fresh):
    """A unit's SKM indicators on the PEKPPP sheet are read from the report's SKM figures as at its cut-off: an RTL
    action finished, or a result published, after 30 June does not count in the 2025-H1 sheet; and each unit's
    values equal those of its own figures."""
    from app.cutoff import end_of_day
    from app.periods import Period
    from app.reports.pekppp import Answers, unit_skm

    pk = _survey(db, "JTG-RSUD-MOEWARDI", "2025-Q1", HAND_SET * 28, closed=True, population=278)
    period = db.session.get(SurveyPeriod, pk)
    db.session.add_all([
        FollowUpAction(period_id=pk, unit_id=period.unit_id, element_code="WAKTU", action="Loket tambahan",
                       owner="Kasi", due_date=datetime.date(2025, 6, 30), status=ActionStatus.DONE,
                       done_on=datetime.date(2025, 5, 20)),
        FollowUpAction(period_id=pk, unit_id=period.unit_id, element_code="SARPRAS", action="Ruang tunggu",
                       owner="Kasubag", due_date=datetime.date(2025, 6, 30), status=ActionStatus.DONE,
                       done_on=datetime.date(2025, 8, 1)),
        Publication(period_id=pk, unit_id=period.unit_id, medium=PublicationMedium.WEBSITE,
                    published_on=datetime.date(2025, 4, 10)),
        Publication(period_id=pk, unit_id=period.unit_id, medium=PublicationMedium.BOARD,
                    published_on=datetime.date(2025, 9, 1)),
    ])
    db.session.commit()
    semester, as_of = Period.parse("2025-H1"), end_of_day(datetime.date(2025, 6, 30))
    rsud, tugurejo = _unit(db, "JTG-RSUD-MOEWARDI"), _unit(db, "JTG-RSUD-TUGUREJO")
    rows = {row["unit_id"]: row for row in skm_figures(Scope.of_nodes([_unit(db, "JATENG")]), semester, as_of=as_of,
                                                       with_demographics=True)["units"]}
    for unit in (rsud, tugurejo):
        own, view = skm_figures(Scope.of_nodes([unit]), semester, as_of=as_of), unit_skm(rows.get(unit.id))
        assert view["pekppp"] == own["pekppp"]
        assert [u["survey_periods"] for u in view["units"]] == [u["survey_periods"] for u in own["units"]]
        assert (view["publications"], view["publication_media"]) == (own["publications"], own["publication_media"])
        assert {key: view["rtl"][key] for key in own["rtl"]} == own["rtl"]
    answers = Answers(rsud, semester, as_of, unit_skm(rows[rsud.id]), None, False, None)
    assert answers.answer("skm_rtl_percent")[:2] == (50.0, 3)  # one of two actions done by 30 June
    assert answers.answer("skm_publication_media") == (1, 1, "1 catatan publikasi hasil SKM")  # the board: September
    assert answers.answer("skm_conducted")[0] == 1
