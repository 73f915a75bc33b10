"""In Chromium, on the full demo: each tier does its main job starting from the home page, by the menu and the
home page's shortcuts only, and ends on the saved record; every menu entry of every tier reads as a person
would read it; the staff pages pass axe-core's WCAG 2 A/AA rules; the menu stays on one row at 1366 px."""
import re
import threading

import pytest
from werkzeug.serving import make_server

from tests.conftest import compute_dashboards
from tests.test_browser import CHROMIUM, CHROMIUM_ARGS, browser, log_in  # noqa: F401  (browser is a fixture)

WIDE = {"width": 1366, "height": 768}
TIERS = ["admin", "admin.instansi", "penghubung.dinkes", "operator.rsud", "pimpinan"]


@pytest.fixture(scope="module")
def server(app):
    """The app on a real port, with the whole demo (every complaint status, open surveys, forums, reports)."""
    from app.demo_records import load_demo_records
    from app.extensions import db
    from tests.conftest import reset_data

    reset_data(app)
    with app.app_context():
        load_demo_records()
        db.session.commit()
        db.session.remove()
    http = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{http.server_port}"
    http.shutdown()
    reset_data(app)


@pytest.fixture
def page_as(server, browser):
    pages = []

    def open_as(username):
        context = browser.new_context(viewport=WIDE)
        page = context.new_page()
        log_in(page, server, username)
        pages.append(context)
        return page

    yield open_as
    for context in pages:
        context.close()


def menu(page, group, entry):
    """Open menu ``group`` and click its ``entry``, as a person does."""
    page.locator(".navbar-nav > li > a.dropdown-toggle", has_text=group).first.click()
    page.locator(".navbar-nav .dropdown-menu a", has_text=entry).first.click()
    page.wait_for_load_state()


def flash(page):
    return page.locator(".alert-success").first.inner_text()


# --- Each tier's main job, from the home page ---------------------------------------------------------------------

def test_admin_instansi_records_a_walk_in_complaint_and_lands_on_it(page_as):
    page = page_as("admin.instansi")
    page.get_by_role("link", name="Catat Pengaduan").first.click()
    page.select_option("select[name=channel]", label="Datang langsung")
    page.fill("input[name=title]", "Antrean loket Samsat tanpa nomor urut")
    page.fill("textarea[name=content]", "Pelapor datang ke loket; antrean tidak memakai nomor urut.")
    page.fill("input[name=reporter_name]", "Rahmat Hidayat")
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_url(re.compile(r"/pengaduan/show/\d+$"))
    assert "Tersimpan: PTU-" in flash(page) and "Antrean loket Samsat tanpa nomor urut" in flash(page)
    assert "Detail Pengaduan" in page.inner_text("body")
    assert "Belum Terverifikasi" in page.inner_text("body")


def test_liaison_follows_up_a_complaint_from_its_queue(page_as):
    page = page_as("penghubung.dinkes")
    page.locator("#home-queue a", has_text="Belum Ditindaklanjuti").click()
    page.locator("table.table-hover a[href*='/show/'], table.table a[href*='/show/']").first.click()
    page.wait_for_url(re.compile(r"/pengaduan/show/\d+$"))
    page.fill("textarea[name=note]", "Petugas farmasi menambah stok; pelapor dihubungi.")
    page.get_by_role("button", name="Catat tindak lanjut").click()
    page.wait_for_url(re.compile(r"/pengaduan/show/\d+$"))
    body = page.inner_text("body")
    assert "Diproses" in body and "Petugas farmasi menambah stok" in body


def test_operator_enters_a_respondent_from_the_home_page(page_as):
    page = page_as("operator.rsud")
    page.locator("#home-skm a", has_text="Entri responden").first.click()
    before = int(page.locator("#skm-entry p strong").first.inner_text())
    page.fill("#quick", "433443344")
    page.get_by_role("button", name="Simpan dan isi berikutnya").click()
    page.wait_for_load_state()
    assert "Tersimpan: responden nomor" in flash(page)
    assert int(page.locator("#skm-entry p strong").first.inner_text()) == before + 1
    page.locator(".alert-success a").click()
    page.wait_for_url(re.compile(r"/show/\d+$"))
    assert "RSUD Dr. Moewardi" in page.inner_text("body")


def test_operator_adds_a_forum_and_lands_on_it(page_as):
    page = page_as("operator.rsud")
    page.get_by_role("link", name="Tambah Forum FKP").click()
    page.fill("input[name=topic]", "Konsultasi jam layanan poliklinik sore")
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_url(re.compile(r"/show/\d+$"))
    assert "Konsultasi jam layanan poliklinik sore" in flash(page)
    assert "Pra pelaksanaan" in page.inner_text("body")


def test_admin_queues_a_report_and_lands_on_its_progress_page(page_as):
    page = page_as("admin")
    page.get_by_role("link", name="Buat Laporan").click()
    page.select_option("select[name=kind]", index=1)
    page.fill("input[name=period_code]", "2026-H1")
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_url(re.compile(r"/show/\d+$"))
    assert "Tersimpan:" in flash(page)
    assert "Dalam antrean" in page.inner_text("body")


def test_pimpinan_reads_the_dashboard_and_opens_the_finished_report(app, page_as):
    page = page_as("pimpinan")
    compute_dashboards(app)  # the scheduler's pass: this year's dashboard of a user who just logged in
    page.get_by_role("link", name="Dasbor").first.click()
    page.wait_for_url("**/dashboard/")
    assert "Pengaduan diterima" in page.inner_text("body")
    page.wait_for_function("() => window.Chart && document.readyState === 'complete'")
    drawn = page.evaluate("() => ['chart-ikm', 'chart-status', 'chart-opd', 'chart-compliance']"
                          ".filter(id => document.getElementById(id) && Chart.getChart(document.getElementById(id)))")
    assert drawn == ["chart-ikm", "chart-status", "chart-opd", "chart-compliance"], "drawn under the CSP, from static JS"
    assert "Jan" in page.evaluate("() => Chart.getChart(document.getElementById('chart-compliance')).data.labels")
    ikm_axis = page.evaluate("() => { const x = Chart.getChart(document.getElementById('chart-ikm')).scales.x;"
                             " return [x.min, x.max]; }")
    assert ikm_axis == [0, 100], "IKM on its own 0-100 scale, as in the workbook"
    menu(page, "Laporan", "Laporan")
    page.locator("tr", has_text="Selesai").locator("a[href*='/show/']").first.click()
    page.wait_for_url(re.compile(r"/show/\d+$"))
    download = page.get_by_role("link", name="Unduh laporan")
    download.wait_for()
    with page.expect_download() as waiting:
        download.click()
    assert waiting.value.suggested_filename.endswith(".xlsx")


# --- Every menu entry reads as a person would read it --------------------------------------------------------------

RAW_VALUE = re.compile(r"\b(True|False|None)\b|__None")
PYTHON_REPR = re.compile(r"<[A-Za-z_][\w.]* (object at 0x[0-9a-f]+|\d+)>|InstrumentedList|\bdatetime\.(date|datetime)\(")
MICROSECONDS = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}\.\d+")
# FAB's own strings that show when its catalogue is not used (the English of its screens)
FAB_ENGLISH = re.compile(r"\b(Record Count|No records found|Add a new record|Added Row|Changed Row|Deleted Row|"
                         r"Show record|Edit record|Delete record|Refresh|Search|Actions|Filter|Back|Save|List)\b")
ERROR_PAGE = re.compile(r"Internal Server Error|Werkzeug|Traceback \(most recent call last\)|404 Not Found|"
                        r"Method Not Allowed")


def menu_links(page):
    """The menu's entries (not the language switch or log-out, which leave the page's language or session)."""
    links = page.eval_on_selector_all(".navbar-nav a[href]", "links => links.map(a => a.getAttribute('href'))")
    return sorted({href for href in links if href and href != "#" and not href.startswith(("/lang/", "/logout"))})


def problems_on(page, url):
    text = page.inner_text("body")
    found = []
    for name, pattern in (("raw value", RAW_VALUE), ("Python repr", PYTHON_REPR), ("ISO timestamp", MICROSECONDS),
                          ("FAB English", FAB_ENGLISH), ("error page", ERROR_PAGE)):
        if pattern is FAB_ENGLISH and url.startswith("/roles/"):
            continue  # the role pages list permission identifiers ("menu access on List Users"), data not labels
        match = pattern.search(text)
        if match:
            found.append(f"{url}: {name} {match.group(0)!r}")
    return found


@pytest.mark.parametrize("username", TIERS)
def test_every_menu_entry_reads_as_a_person_reads_it(page_as, server, username):
    page = page_as(username)
    problems = []
    for href in menu_links(page):
        response = page.goto(server + href if href.startswith("/") else href)
        assert response.status < 400, f"{username} {href}: {response.status}"
        problems += problems_on(page, href)
        detail = page.locator("table a[href*='/show/']").first
        if detail.count():
            target = detail.get_attribute("href")
            page.goto(server + target)
            problems += problems_on(page, target)
    assert problems == [], "\n".join(problems)


# --- Accessibility: axe-core (bundled by axe-playwright-python), WCAG 2 A/AA ---------------------------------------

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
AXE_PAGES = [
    "/",
    "/pengaduan/list/", "/pengaduan/add", "/pengaduan/show/{complaint}",
    "/surveyperiodview/list/", "/surveyperiodview/add", "/skm/periode/{period}/isi", "/skm/periode/{period}/hasil",
    "/fkpforumview/list/", "/fkpforumview/add", "/fkpforumview/show/{forum}",
    "/reportrunview/list/", "/reportrunview/add", "/reportrunview/show/{run}",
    "/unitview/list/", "/unitview/add", "/unitview/show/{unit}",
    "/dashboard/",
]


def first_ids(app):
    from sqlalchemy import select

    from app.extensions import db
    from app.models.complaints import Complaint
    from app.models.fkp import FkpForum
    from app.models.org import OrgLevel, OrgNode
    from app.models.reports import ReportRun
    from app.models.skm import PeriodStatus, SurveyPeriod

    with app.app_context():
        first = lambda query: db.session.execute(query.limit(1)).scalar_one()  # noqa: E731
        ids = dict(
            complaint=first(select(Complaint.id).order_by(Complaint.id)),
            period=first(select(SurveyPeriod.id).where(SurveyPeriod.status == PeriodStatus.OPEN)),
            forum=first(select(FkpForum.id).order_by(FkpForum.id)),
            run=first(select(ReportRun.id).order_by(ReportRun.id)),
            unit=first(select(OrgNode.id).where(OrgNode.level == OrgLevel.UNIT)),
        )
        db.session.remove()
    return ids


def axe_violations(page):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=WCAG).response["violations"]
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:3]]}" for v in results]


def test_login_page_has_no_wcag_violation(server, browser):
    context = browser.new_context(viewport=WIDE)
    page = context.new_page()
    page.goto(f"{server}/login/")
    assert axe_violations(page) == []
    context.close()


def test_staff_pages_have_no_wcag_violation(app, server, page_as):
    ids = first_ids(app)
    page = page_as("admin")
    compute_dashboards(app)
    found = {}
    for path in AXE_PAGES:
        url = path.format(**ids)
        response = page.goto(server + url)
        assert response.status == 200, url
        page.wait_for_load_state("networkidle")
        violations = axe_violations(page)
        if violations:
            found[url] = violations
    assert found == {}, "\n".join(f"{url}: {v}" for url, v in found.items())


# --- Layout -------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("username", ["admin", "admin.instansi"])
def test_menu_stays_on_one_row_at_1366_pixels(page_as, username):
    page = page_as(username)
    height = page.locator("header .navbar").bounding_box()["height"]
    assert height < 60, f"the menu bar is {height}px high: it wraps"
