"""In a real browser (Playwright driving Debian's Chromium): a liaison logs in and sees its OPD's units only."""
import threading

import pytest
from werkzeug.serving import make_server

from app.demo import DEMO_PASSWORD
from tests.conftest import compute_dashboards

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


@pytest.fixture(scope="module")
def server(app):
    from tests.conftest import reset_data

    reset_data(app)
    http = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{http.server_port}"
    http.shutdown()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def log_in(page, server, username):
    page.goto(f"{server}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("input[type=submit], button[type=submit]")
    page.wait_for_url(f"{server}/")


def test_liaison_sees_its_opd_units_and_not_another_opd(server, browser):
    page = browser.new_page()
    log_in(page, server, "penghubung.dinkes")
    assert "Budi Santoso" in page.inner_text("#pantau-whoami")
    page.goto(f"{server}/unitview/list/?psize_UnitView=100")
    page.get_by_text("RSUD Dr. Moewardi").first.wait_for(state="visible")
    listing = page.inner_text("body")
    assert "RSUD Tugurejo" in listing and "Puskesmas Halmahera" in listing
    assert "Bidang Pelayanan Pendaftaran Penduduk" not in listing
    assert "Puskesmas Pandanaran" not in listing
    assert "Daftar Unit Layanan" in page.content()
    page.close()


def test_interface_is_indonesian_and_english_is_one_click_away(server, browser):
    page = browser.new_page()
    log_in(page, server, "operator.rsud")
    page.goto(f"{server}/unitview/list/")
    assert "Daftar Unit Layanan" in page.content()
    page.goto(f"{server}/lang/en")
    page.goto(f"{server}/unitview/list/")
    assert "Service Units" in page.content()
    page.goto(f"{server}/lang/id")
    page.close()


MAIN_PAGES = [
    "/", "/dashboard/", "/pengaduan/list/", "/pengaduan/add", "/antrean-pengaduan/list/", "/unitview/list/",
    "/reportrunview/list/", "/auditlogview/list/", "/users/list/", "/dua-faktor/", "/dua-faktor/daftar", "/tidak-ada",
    "/login/",
]


def test_main_pages_run_under_the_csp_and_the_dashboard_draws_its_charts(app, server, browser):
    page = browser.new_page()
    refused = []
    page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None)
    page.on("pageerror", lambda error: refused.append(str(error)))
    log_in(page, server, "admin.instansi")
    compute_dashboards(app)  # the scheduler's pass: this year's dashboard of a user who just logged in
    page.goto(f"{server}/dashboard/")
    page.wait_for_function("() => window.Chart && document.readyState === 'complete'")
    # A chart with data is drawn; one without (this demo has no records) is replaced by words, never bare axes.
    # tests/test_browser_tiers.py checks that all four draw on the full demo.
    states = page.evaluate(
        "() => ['chart-ikm', 'chart-status', 'chart-opd', 'chart-compliance'].map(id => {"
        " const canvas = document.getElementById(id); return canvas ? (Chart.getChart(canvas) ? 'drawn' : 'blank') : 'absent'; })"
    )
    assert "blank" not in states
    if "absent" in states:
        assert "Belum ada data untuk tahun ini." in page.inner_text("body")
    with page.expect_navigation():  # the change submits the form; wait for that page before leaving it
        page.select_option("#year", index=0)
    for path in MAIN_PAGES:
        page.goto(f"{server}{path}")
        page.wait_for_load_state("load")
    assert refused == []
    page.close()


def _refusal(page, selector):
    """The message the browser gives for ``selector`` when its form is sent (the bubble's text)."""
    return page.evaluate("(s) => { const f = document.querySelector(s); f.form.reportValidity(); return f.validationMessage; }",
                         selector)


def _open_survey(app):
    """The public survey address of an open period (one is opened for the test if the demo has none)."""
    from sqlalchemy import select

    from app.clock import today_local
    from app.extensions import db
    from app.models.org import OrgNode
    from app.models.skm import PeriodStatus, SurveyPeriod
    from app.periods import Period
    from app.skm.questionnaire import create_period

    with app.app_context():
        period = db.session.execute(select(SurveyPeriod).where(SurveyPeriod.status == PeriodStatus.OPEN)
                                    .order_by(SurveyPeriod.id)).scalars().first()
        if period is None:
            unit = db.session.execute(select(OrgNode).where(OrgNode.code == "JTG-RSUD-MOEWARDI")).scalar_one()
            period = create_period(unit, Period.containing(today_local(), "Q").code)
            db.session.commit()
        address = f"/publik/skm/survei/{period.unit.code}/{period.period_code}"
        db.session.remove()
    return address


def test_the_browser_s_own_form_checks_speak_indonesian_on_indonesian_pages(app, server, browser):
    page = browser.new_page(locale="en-US")  # a browser in English, as Chromium is by default
    page.goto(f"{server}/login/")
    page.click("input[type=submit], button[type=submit]")
    assert page.url.startswith(f"{server}/login/"), "an empty form is stopped by the browser"
    assert _refusal(page, "input[name=username]") == "Isian ini wajib diisi."
    log_in(page, server, "operator.rsud")
    page.goto(f"{server}/fkpforumview/add")
    assert _refusal(page, "#topic") == "Isian ini wajib diisi."
    page.fill("#topic", "Forum uji")
    assert page.evaluate("() => document.querySelector('#topic').validity.valid"), "editing clears the message"
    page.goto(f"{server}{_open_survey(app)}")
    assert _refusal(page, "input[name=age]") == "Isian ini wajib diisi."
    page.fill("input[name=age]", "5")
    assert _refusal(page, "input[name=age]") == "Nilai paling kecil 10."
    page.goto(f"{server}/lang/en")
    page.goto(f"{server}/fkpforumview/add")
    assert _refusal(page, "#topic") == "Please fill out this field."  # English pages keep the browser's own words
    page.goto(f"{server}/lang/id")
    page.close()
