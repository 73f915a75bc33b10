"""The dashboard reads figures the scheduler keeps per scope and year: a page never scans the complaint, respondent
or forum tables, says when its figures were computed, and shows new data after the scheduler's next pass (at once
after an import, else when the figures are older than DASHBOARD_REFRESH_SECONDS)."""
import datetime
import re

from sqlalchemy import event, select

from app.models.dashboard import DashboardFigures
from tests.conftest import compute_dashboards, dashboard_page
from tests.factories.complaints import make_complaint_row

BIG_TABLES = re.compile(r"\b(pantau_complaint|pantau_complaint_history|pantau_skm_respondent|pantau_skm_answer|"
                        r"pantau_fkp_forum)\b")


class Statements:
    """The SQL the app sends while the block runs."""

    def __init__(self, engine):
        self.engine, self.seen = engine, []

    def _record(self, conn, cursor, statement, *args):
        self.seen.append(statement)

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._record)

    def touching_big_tables(self):
        return [statement for statement in self.seen if BIG_TABLES.search(statement)]


def kpi(html, name):
    return int(re.search(rf'id="kpi-{name}">([\d.]+)', html).group(1).replace(".", ""))


def test_the_page_asks_the_scheduler_and_never_scans_the_big_tables(showcase, app, db, as_user):
    admin = as_user("admin.instansi")
    with Statements(db.engine) as sql:
        first = admin.get("/dashboard/?year=2025").get_data(as_text=True)
    assert 'id="dashboard-pending"' in first and "sedang dihitung oleh penjadwal" in first
    assert '<meta http-equiv="refresh"' in first and 'id="kpi-received"' not in first
    assert sql.touching_big_tables() == []

    compute_dashboards(app)
    with Statements(db.engine) as sql:
        html = admin.get("/dashboard/?year=2025").get_data(as_text=True)
    assert sql.touching_big_tables() == [], "the page read the complaint, respondent or forum tables"
    assert 'id="dashboard-pending"' not in html and '<meta http-equiv="refresh"' not in html
    assert re.search(r'id="dashboard-computed">Keadaan per 31/12/2025 23\.59; diperbarui \d\d/\d\d/\d{4} \d\d\.\d\d\.',
                     html)


def test_kept_figures_equal_the_figures_computed_now(showcase, app, db, as_user):
    from app.dashboard import dashboard_figures
    from app.scope import Scope
    from app.models.user import PantauUser

    html = dashboard_page(as_user("penghubung.dinkes"), "/dashboard/?year=2025")
    with app.test_request_context():
        user = db.session.execute(select(PantauUser).where(PantauUser.username == "penghubung.dinkes")).scalar_one()
        now = dashboard_figures(Scope.of_nodes(user.org_nodes), 2025)
    assert now["complaints"]["received"] > 0, "the check would prove nothing"
    assert kpi(html, "received") == now["complaints"]["received"]
    assert kpi(html, "overdue") == now["complaints"]["overdue"]
    assert kpi(html, "forums") == now["forums"]["held"]
    for unit in now["ikm_units"]:
        assert unit["name"] in html


def test_an_import_marks_the_figures_stale_and_the_next_pass_counts_it(showcase, app, db, as_user, tmp_path):
    from app.clock import today_local

    admin = as_user("admin.instansi")
    year = today_local().year
    before = kpi(dashboard_page(admin, f"/dashboard/?year={year}"), "received")
    csv = tmp_path / "lapor.csv"
    day = today_local().strftime("%d/%m/%Y")
    csv.write_text("ID Tracking,Judul,Isi Laporan,Tanggal Laporan\n"
                   f"DASH-1,Antrean panjang,Antrean di loket lama sekali,{day}\n"
                   f"DASH-2,Pungutan,Diminta membayar tanpa kuitansi,{day}\n")
    result = app.test_cli_runner().invoke(args=["complaints", "import", str(csv), "--instansi", "JATENG"])
    assert result.exit_code == 0, result.output

    stale = admin.get(f"/dashboard/?year={year}").get_data(as_text=True)
    assert kpi(stale, "received") == before, "the page shows the kept figures until the scheduler's pass"
    assert "Ada data baru yang diimpor" in stale
    compute_dashboards(app)
    after = admin.get(f"/dashboard/?year={year}").get_data(as_text=True)
    assert kpi(after, "received") == before + 2
    assert "Ada data baru yang diimpor" not in after


def test_figures_are_recomputed_when_older_than_the_refresh_interval(fresh, app, db, as_user, clock):
    from app.dashboard import refresh
    from app.models.org import OrgNode

    start = clock.set(datetime.datetime(2026, 6, 10, 3, 0))
    admin = as_user("admin.instansi")
    admin.get("/dashboard/?year=2026")
    with app.app_context():
        assert refresh(warm=False) == {"computed": 1, "left": 0}
    before = kpi(admin.get("/dashboard/?year=2026").get_data(as_text=True), "received")
    rsud = db.session.execute(select(OrgNode).where(OrgNode.code == "JTG-RSUD-MOEWARDI")).scalar_one()
    make_complaint_row(rsud, title="Baru saja masuk", received_at=datetime.datetime(2026, 6, 9, 9, 0))
    db.session.commit()

    clock.set(start + datetime.timedelta(seconds=app.config["DASHBOARD_REFRESH_SECONDS"] - 1))
    with app.app_context():
        assert refresh(warm=False) == {"computed": 0, "left": 0}
    assert kpi(admin.get("/dashboard/?year=2026").get_data(as_text=True), "received") == before

    clock.set(start + datetime.timedelta(seconds=app.config["DASHBOARD_REFRESH_SECONDS"] + 1))
    with app.app_context():
        assert refresh(warm=False) == {"computed": 1, "left": 0}
    assert kpi(admin.get("/dashboard/?year=2026").get_data(as_text=True), "received") == before + 1


def test_recent_users_scopes_are_computed_before_anyone_opens_the_dashboard(fresh, app, db, as_user):
    from app.clock import today_local
    from app.dashboard import refresh, scope_text
    from app.scope import Scope
    from app.models.user import PantauUser

    as_user("operator.rsud")  # logs in
    with app.app_context():
        refresh(budget_seconds=3600)
        user = db.session.execute(select(PantauUser).where(PantauUser.username == "operator.rsud")).scalar_one()
        text = scope_text(Scope.of_nodes(user.org_nodes))
        kept = db.session.execute(select(DashboardFigures).where(
            DashboardFigures.scope_paths == text, DashboardFigures.year == today_local().year)).scalar_one()
        assert kept.figures is not None and kept.computed_at is not None
    with Statements(db.engine) as sql:
        html = as_user("operator.rsud").get("/dashboard/").get_data(as_text=True)
    assert 'id="kpi-received"' in html and sql.touching_big_tables() == []


def test_a_pass_stops_after_its_budget_and_the_rest_waits_for_the_next(fresh, app, db, as_user):
    from app.dashboard import refresh

    admin = as_user("admin.instansi")
    for year in (2023, 2024, 2025):
        admin.get(f"/dashboard/?year={year}")
    with app.app_context():
        assert refresh(budget_seconds=0, warm=False) == {"computed": 1, "left": 2}
        assert refresh(budget_seconds=3600, warm=False) == {"computed": 2, "left": 0}


def test_the_scheduler_runs_the_dashboard_job(app):
    from apscheduler.schedulers.background import BackgroundScheduler

    from app.jobs.scheduler import DASHBOARD_EVERY_SECONDS, SchedulerService, dashboards

    service = SchedulerService(app, scheduler=BackgroundScheduler())
    service.add_fixed_jobs()
    job = service.scheduler.get_job("dashboards")
    assert list(job.args) == [dashboards] and job.trigger.interval == datetime.timedelta(seconds=DASHBOARD_EVERY_SECONDS)


def test_a_scope_that_fails_to_compute_does_not_hold_up_the_others(fresh, app, db, as_user, monkeypatch):
    from app import dashboard

    kota, dinkes = as_user("admin.kota"), as_user("penghubung.dinkes")
    kota.get("/dashboard/?year=2025")
    dinkes.get("/dashboard/?year=2025")
    real = dashboard.gather

    def gather(scope, year, now=None):
        if any("SMG" in path for path in scope.paths):
            raise RuntimeError("disk full")
        return real(scope, year, now)

    monkeypatch.setattr(dashboard, "gather", gather)
    with app.app_context():
        assert dashboard.refresh(warm=False, budget_seconds=3600) == {"computed": 1, "left": 1}
    assert 'id="dashboard-pending"' in kota.get("/dashboard/?year=2025").get_data(as_text=True)
    assert 'id="kpi-received"' in dinkes.get("/dashboard/?year=2025").get_data(as_text=True)
    monkeypatch.setattr(dashboard, "gather", real)
    with app.app_context():
        assert dashboard.refresh(warm=False, budget_seconds=3600) == {"computed": 1, "left": 0}
    assert 'id="kpi-received"' in kota.get("/dashboard/?year=2025").get_data(as_text=True)


def test_a_new_users_dashboard_is_ready_before_the_first_login(fresh, app, db):
    from app.clock import today_local
    from app.dashboard import refresh, scope_text
    from app.models.org import OrgNode
    from app.scope import Scope
    from app.users import create_user

    with app.app_context():
        unit = db.session.execute(select(OrgNode).where(OrgNode.code == "JTG-SAMSAT-SMG2")).scalar_one()  # no demo user
        create_user("operator.baru", "Operator", "Baru", "baru@example.go.id", "Sandi#Panjang2026", ["Operator Unit"],
                    ["JTG-SAMSAT-SMG2"])
        db.session.commit()
        refresh(budget_seconds=3600)
        kept = db.session.execute(select(DashboardFigures).where(
            DashboardFigures.scope_paths == scope_text(Scope.of_nodes([unit])),
            DashboardFigures.year == today_local().year)).scalar_one()
        assert kept.figures is not None
