"""Getting answers in: the staff entry screen, the public survey page and closed periods."""
import datetime

import pytest
from sqlalchemy import func, select

from app.models.org import OrgNode
from app.models.skm import STANDARD_CODES, PeriodStatus, Respondent, RespondentSource, SurveyPeriod
from app.skm import respondents
from app.skm.questionnaire import create_period
from tests.conftest import csrf_token

PUBLIC = "/publik/skm/survei/JTG-RSUD-MOEWARDI/2025-Q3"


def _unit(db, code="JTG-RSUD-MOEWARDI"):
    return db.session.execute(select(OrgNode).where(OrgNode.code == code)).scalar_one()


def _period(db, code="2025-Q3", unit="JTG-RSUD-MOEWARDI", closed=False):
    period = create_period(_unit(db, unit), code, 300)
    if closed:
        period.status = PeriodStatus.CLOSED
        period.closed_on = datetime.date(2025, 10, 5)
    db.session.commit()
    return period.id


def _count(db, period_id, source=None):
    db.session.commit()  # a new transaction sees the request's writes (MariaDB snapshots)
    query = select(func.count(Respondent.id)).where(Respondent.period_id == period_id)
    if source is not None:
        query = query.where(Respondent.source == source)
    return db.session.execute(query).scalar_one()


def _complete(**overrides):
    data = {f"u_{code}": "4" for code in STANDARD_CODES}
    data.update({"sex": "P", "age": "34", "education": "S1", "occupation": "SWASTA"})
    data.update(overrides)
    return data


def test_a_closed_period_refuses_new_answers_everywhere(app, db, fresh, as_user):
    pk = _period(db, closed=True)
    period = db.session.get(SurveyPeriod, pk)
    with pytest.raises(respondents.ClosedPeriodError):
        respondents.save(period, {}, {"WAKTU": 4})
    db.session.rollback()  # the refused save held the period's lock, as a request does until it ends
    client = as_user("operator.rsud")
    page = client.post(f"/skm/periode/{pk}/isi", data={"csrf_token": csrf_token(client), "u_WAKTU": "4"})
    assert "sudah ditutup" in page.get_data(as_text=True)
    public = app.test_client()
    response = public.post(PUBLIC, data={"csrf_token": csrf_token(public, "/login/"), **_complete()})
    assert response.status_code == 409
    assert _count(db, pk) == 0


def test_staff_enter_a_paper_form_and_get_an_empty_form_back(db, fresh, as_user):
    pk = _period(db)
    client = as_user("operator.rsud")
    token = csrf_token(client, f"/skm/periode/{pk}/isi")
    response = client.post(f"/skm/periode/{pk}/isi", data={
        "csrf_token": token, "survey_date": "2025-08-14", "time_slot": "08-12", "sex": "L", "age": "51",
        "u_PERSYARATAN": "3", "u_WAKTU": "2", "suggestion": "Antrean terlalu panjang"})
    assert response.status_code == 302 and "tanggal=2025-08-14" in response.headers["Location"]
    db.session.commit()
    row = db.session.execute(select(Respondent).where(Respondent.period_id == pk)).scalar_one()
    assert (row.a_persyaratan, row.a_waktu, row.a_biaya) == (3, 2, None)
    assert row.survey_date == datetime.date(2025, 8, 14) and row.source == RespondentSource.STAFF


def test_staff_entry_refuses_a_date_outside_the_period_and_out_of_range_answers(db, fresh, as_user):
    pk = _period(db)
    client = as_user("operator.rsud")
    token = csrf_token(client, f"/skm/periode/{pk}/isi")
    html = client.post(f"/skm/periode/{pk}/isi", data={
        "csrf_token": token, "survey_date": "2025-12-01", "u_WAKTU": "5"}).get_data(as_text=True)
    assert "di luar periode" in html and "tidak sah" in html
    assert _count(db, pk) == 0


def test_the_public_page_takes_a_complete_answer_without_login(app, db, fresh):
    pk = _period(db)
    client = app.test_client()
    page = client.get(PUBLIC)
    assert page.status_code == 200
    assert "Sangat sopan dan ramah" in page.get_data(as_text=True)
    response = client.post(PUBLIC, data={"csrf_token": csrf_token(client, PUBLIC), **_complete()},
                           environ_base={"REMOTE_ADDR": "10.1.1.1"})
    assert response.status_code == 200 and "Terima kasih" in response.get_data(as_text=True)
    assert _count(db, pk, RespondentSource.PUBLIC) == 1


def test_the_public_page_refuses_incomplete_and_out_of_range_answers_with_a_message(app, db, fresh):
    pk = _period(db)
    client = app.test_client()
    token = csrf_token(client, PUBLIC)
    incomplete = _complete()
    del incomplete["u_BIAYA"]
    response = client.post(PUBLIC, data={"csrf_token": token, **incomplete})
    assert response.status_code == 422
    assert "Unsur Biaya/Tarif belum dijawab" in response.get_data(as_text=True)
    response = client.post(PUBLIC, data={"csrf_token": token, **_complete(u_WAKTU="7")})
    assert response.status_code == 422 and "tidak sah" in response.get_data(as_text=True)
    response = client.post(PUBLIC, data={"csrf_token": token, **_complete(age="")})
    assert response.status_code == 422 and "Usia wajib diisi" in response.get_data(as_text=True)
    assert _count(db, pk) == 0


def test_the_public_page_needs_the_csrf_token(app, db, fresh):
    pk = _period(db)
    client = app.test_client()
    client.get(PUBLIC)
    assert client.post(PUBLIC, data=_complete()).status_code == 400
    assert _count(db, pk) == 0


def test_a_bot_filling_the_honeypot_is_thanked_and_nothing_is_kept(app, db, fresh):
    pk = _period(db)
    client = app.test_client()
    response = client.post(PUBLIC, data={"csrf_token": csrf_token(client, PUBLIC), "website": "http://spam.example",
                                         **_complete()})
    assert response.status_code == 200 and "Terima kasih" in response.get_data(as_text=True)
    assert _count(db, pk) == 0


def test_an_address_may_submit_ten_times_an_hour(app, db, fresh):
    pk = _period(db)
    client = app.test_client()
    token = csrf_token(client, PUBLIC)
    for _ in range(10):
        response = client.post(PUBLIC, data={"csrf_token": token, **_complete()},
                               environ_base={"REMOTE_ADDR": "10.9.9.9"})
        assert response.status_code == 200
    response = client.post(PUBLIC, data={"csrf_token": token, **_complete()}, environ_base={"REMOTE_ADDR": "10.9.9.9"})
    assert response.status_code == 429 and "Terlalu banyak kiriman" in response.get_data(as_text=True)
    other = client.post(PUBLIC, data={"csrf_token": token, **_complete()}, environ_base={"REMOTE_ADDR": "10.9.9.10"})
    assert other.status_code == 200
    assert _count(db, pk) == 11


def test_the_rate_limit_window_is_one_hour(app, db, fresh):
    with app.test_request_context():
        start = datetime.datetime(2025, 8, 1, 9, 0)
        for minute in range(10):
            assert respondents.allow_submission("10.0.0.1", "s", now=start + datetime.timedelta(minutes=minute))
        assert not respondents.allow_submission("10.0.0.1", "s", now=start + datetime.timedelta(minutes=30))
        assert respondents.allow_submission("10.0.0.1", "s", now=start + datetime.timedelta(minutes=61))
        db.session.rollback()


def test_an_unknown_unit_or_period_has_no_public_page(app, db, fresh):
    _period(db)
    client = app.test_client()
    assert client.get("/publik/skm/survei/JTG-RSUD-MOEWARDI/2024-Q1").status_code == 404
    assert client.get("/publik/skm/survei/JTG-DINKES/2025-Q3").status_code == 404  # an OPD, not a unit


def test_the_poster_carries_a_qr_code_of_the_public_page(db, fresh, as_user):
    pk = _period(db)
    client = as_user("operator.rsud")
    html = client.get(f"/skm/periode/{pk}/poster").get_data(as_text=True)
    assert "<svg" in html and "/publik/skm/survei/JTG-RSUD-MOEWARDI/2025-Q3" in html
    png = client.get(f"/skm/periode/{pk}/qr.png")
    assert png.status_code == 200 and png.data.startswith(b"\x89PNG")


def test_adding_a_period_twice_for_a_unit_is_refused_with_a_message(db, fresh, as_user):
    _period(db)
    client = as_user("operator.rsud")
    unit = _unit(db)
    token = csrf_token(client, "/surveyperiodview/add")
    response = client.post("/surveyperiodview/add", data={"csrf_token": token, "unit": str(unit.id),
                                                          "period_code": "2025-q3", "population": "10"},
                           follow_redirects=True)
    assert "sudah memiliki survei untuk periode 2025-Q3" in response.get_data(as_text=True)
    response = client.post("/surveyperiodview/add", data={"csrf_token": token, "unit": str(unit.id),
                                                          "period_code": "2025-q4", "population": "10"})
    db.session.commit()  # a new transaction sees the request's writes (MariaDB snapshots)
    period = db.session.execute(select(SurveyPeriod).where(SurveyPeriod.period_code == "2025-Q4")).scalar_one()
    assert [e.code for e in period.elements] == STANDARD_CODES


def test_the_questionnaire_screen_refuses_weights_that_do_not_sum_to_one(db, fresh, as_user):
    pk = _period(db)
    client = as_user("operator.rsud")
    url = f"/skm/periode/{pk}/kuesioner"
    token = csrf_token(client, url)
    data = {"csrf_token": token, **{f"code_{i}": code for i, code in enumerate(STANDARD_CODES)},
            **{f"weight_{i}": "0.111" for i in range(9)}}
    html = client.post(url, data=data, follow_redirects=True).get_data(as_text=True)
    assert "Jumlah bobot harus tepat 1; sekarang 999/1000" in html
    db.session.commit()
    assert all(e.weight is None for e in db.session.get(SurveyPeriod, pk).elements)
    data.update({f"weight_{i}": "1/9" for i in range(9)})
    client.post(url, data=data)
    db.session.commit()
    assert [e.weight for e in db.session.get(SurveyPeriod, pk).elements] == ["1/9"] * 9


def test_a_period_with_respondents_cannot_be_deleted(db, fresh, as_user):
    pk = _period(db)
    period = db.session.get(SurveyPeriod, pk)
    respondents.save(period, {}, {"WAKTU": 3})
    db.session.commit()
    client = as_user("operator.rsud")
    html = client.post(f"/surveyperiodview/delete/{pk}", data={"csrf_token": csrf_token(client)},
                       follow_redirects=True).get_data(as_text=True)
    assert "tidak dapat dihapus" in html
    db.session.commit()
    assert db.session.get(SurveyPeriod, pk) is not None


def test_staff_type_a_paper_form_as_a_digit_string(db, fresh, as_user):
    pk = _period(db)
    client = as_user("operator.rsud")
    token = csrf_token(client, f"/skm/periode/{pk}/isi")
    response = client.post(f"/skm/periode/{pk}/isi", data={"csrf_token": token, "quick": "4334 03344", "sex": "P"})
    assert response.status_code == 302
    db.session.commit()
    row = db.session.execute(select(Respondent).where(Respondent.period_id == pk)).scalar_one()
    assert [getattr(row, f"a_{c.lower()}") for c in STANDARD_CODES] == [4, 3, 3, 4, None, 3, 3, 4, 4]
    html = client.post(f"/skm/periode/{pk}/isi", data={"csrf_token": token, "quick": "4334433455"}).get_data(as_text=True)
    assert "lebih dari 9 angka" in html and "tidak sah (5)" in html
    assert _count(db, pk) == 1


def test_the_period_rules_are_checked_by_the_screen_and_by_flask_skm_create_period(app, db, fresh):
    from app.skm.rules import period_deletion_problems, period_problems

    pk = _period(db)
    unit = _unit(db)
    assert [str(p) for p in period_problems(SurveyPeriod(unit=_unit(db, "JTG-DINKES"), period_code="2025-Q4"))] == [
        "SKM dilaksanakan per unit layanan: pilih unit layanan."]
    assert [str(p) for p in period_problems(SurveyPeriod(unit=unit, period_code="2025-q3", population=0))] == [
        "Populasi (N) harus bilangan bulat positif.", "Unit ini sudah memiliki survei untuk periode 2025-Q3."]
    assert period_problems(SurveyPeriod(unit=unit, period_code="2025-q4", population=10)) == []
    assert period_problems(db.session.get(SurveyPeriod, pk)) == [], "a period is not its own duplicate"
    db.session.rollback()
    respondents.save(db.session.get(SurveyPeriod, pk), {}, {"WAKTU": 3})
    assert len(period_deletion_problems(db.session.get(SurveyPeriod, pk))) == 1
    db.session.rollback()

    runner = app.test_cli_runner()
    args = ["skm", "create-period", "--unit", "JTG-RSUD-MOEWARDI"]
    result = runner.invoke(args=[*args, "--period", "2025-Q4", "--population", "0"])
    assert result.exit_code != 0 and "Populasi (N) harus bilangan bulat positif." in result.output
    result = runner.invoke(args=[*args, "--period", "2025-q3"])
    assert result.exit_code != 0 and "Unit ini sudah memiliki survei untuk periode 2025-Q3." in result.output
    result = runner.invoke(args=["skm", "create-period", "--unit", "JTG-DINKES", "--period", "2025-Q4"])
    assert result.exit_code != 0
    db.session.rollback()
    assert db.session.execute(select(func.count(SurveyPeriod.id)).where(SurveyPeriod.period_code == "2025-Q4")).scalar_one() == 0


def test_an_rtl_names_an_unsur_of_its_period_and_only_a_closed_period_is_published(db, fresh):
    from app.models.skm import ActionStatus, FollowUpAction, Publication, PublicationMedium
    from app.skm.rules import (
        follow_up_problems, open_period_problems, publication_problems, respondent_deletion_problems, settle_done_on,
    )

    open_period = db.session.get(SurveyPeriod, _period(db))
    closed = db.session.get(SurveyPeriod, _period(db, "2025-Q2", closed=True))
    assert [str(p) for p in follow_up_problems(FollowUpAction(element_code="WAKTU"))] == ["Pilih periode SKM."]
    assert [str(p) for p in follow_up_problems(FollowUpAction(period=open_period, element_code=" parkir "))] == [
        "Kode unsur PARKIR tidak ada dalam kuesioner periode ini."]
    assert follow_up_problems(FollowUpAction(period=open_period, element_code=" waktu ")) == []
    action = FollowUpAction(status=ActionStatus.DONE)
    settle_done_on(action, datetime.date(2025, 11, 3))
    assert action.done_on == datetime.date(2025, 11, 3)
    assert [str(p) for p in publication_problems(Publication(period=open_period, medium=PublicationMedium.WEBSITE))] == [
        "Hasil hanya dapat dipublikasikan setelah periode ditutup."]
    assert publication_problems(Publication(period=closed, medium=PublicationMedium.WEBSITE)) == []
    assert open_period_problems(open_period) == []
    assert [str(p) for p in respondent_deletion_problems(Respondent(period=closed))] == [
        "Periode survei ini sudah ditutup; jawaban baru tidak diterima."]
    db.session.rollback()
