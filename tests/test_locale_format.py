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
