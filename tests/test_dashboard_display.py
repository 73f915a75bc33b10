"""The dashboard as a person reads it: month names on the axis, long names cut with the full name kept, an empty
state instead of bare axes."""
from app.dashboard import label_lines
from tests.conftest import dashboard_page


def test_a_long_unit_name_becomes_at_most_two_short_lines():
    lines = label_lines("Balai Rehabilitasi Sosial Penyandang Disabilitas Provinsi Jawa Tengah")
    assert len(lines) == 2 and all(len(line) <= 22 for line in lines)
    assert lines[-1].endswith("…")
    assert label_lines("RSUD Tugurejo") == ["RSUD Tugurejo"]


def test_a_year_without_data_shows_words_not_empty_charts(fresh, as_user):
    html = dashboard_page(as_user("admin.instansi"), "/dashboard/?year=2022")
    assert html.count("Belum ada data untuk tahun ini.") == 3
    assert 'id="chart-opd"' not in html and 'id="chart-status"' not in html


def test_compliance_months_carry_their_names(fresh, app):
    from app.dashboard import dashboard_figures
    from app.scope import Scope

    with app.test_request_context():
        months = dashboard_figures(Scope.everything(), 2025)["compliance"]
    assert [row["month_label"] for row in months[:3]] == ["Jan", "Feb", "Mar"]
    assert months[4]["month_label"] == "Mei"
