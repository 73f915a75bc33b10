"""Numbers and dates a person reads are written the Indonesian way (D18), English on request."""
import datetime

from flask_babel import force_locale

from app.locale import long_date, number, percent, place_line


def test_numbers_use_decimal_comma_and_thousands_dot(app):
    with app.test_request_context(), force_locale("id"):
        assert number(1234) == "1.234"
        assert number(91.4817) == "91,48"
        assert number(3, digits=2) == "3,00"
        assert percent(55.555) == "55,56 %"
        assert percent(100) == "100 %"
        assert percent(None) == "-"


def test_english_keeps_its_own_separators(app):
    with app.test_request_context(), force_locale("en"):
        assert number(1234.5) == "1,234.5"
        assert percent(78.947) == "78.95 %"
        assert long_date(datetime.date(2026, 6, 30)) == "30 June 2026"


def test_long_date_and_place_line_name_the_city_of_the_instansi(app, db):
    from app.models.org import OrgNode

    with app.test_request_context(), force_locale("id"):
        assert long_date(datetime.date(2026, 6, 30)) == "30 Juni 2026"
        instansi = OrgNode.query.filter_by(code="JATENG").one()
        assert place_line(instansi, datetime.date(2026, 6, 30)).endswith(", 30 Juni 2026")


def test_list_values_counts_and_screens_write_thousands_with_a_dot_and_years_plain(fresh, app, db, as_user):
    """A count of 12.345 on a list, 1.234 on a results page, and a year as 2026 (never "2.026")."""
    import re

    from sqlalchemy import select

    from app.locale import plain_year, readable

    with app.test_request_context(), force_locale("id"):
        assert readable(1234) == "1.234" and readable(True) == "Ya" and plain_year(2026) == "2026"
    with app.test_request_context(), force_locale("en"):
        assert readable(1234) == "1,234"
    from app.models.org import OrgNode
    from app.skm.questionnaire import create_period

    unit = db.session.execute(select(OrgNode).where(OrgNode.code == "JTG-RSUD-MOEWARDI")).scalar_one()
    period = create_period(unit, "2025-Q1", population=12345)
    db.session.commit()
    client = as_user("admin")
    listing = client.get("/surveyperiodview/list/?psize_SurveyPeriodView=100").get_data(as_text=True)
    assert "<td>12.345</td>" in listing and not re.search(r">\s*12345\s*<", listing)
    shown = client.get(f"/surveyperiodview/show/{period.id}").get_data(as_text=True)
    assert "12.345" in shown and "12345" not in shown
