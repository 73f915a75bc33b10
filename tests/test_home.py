"""The home page (Beranda): each tier's queue by step with overdue first, what falls due soon, shortcuts; scoped."""
from sqlalchemy import select

from app.models.org import OrgNode


def page(client):
    response = client.get("/")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_admin_instansi_sees_complaints_waiting_for_verification_with_the_overdue_row_first(showcase, as_user):
    html = page(as_user("admin.instansi"))
    queue = html[html.index('id="home-queue"'):html.index('id="home-due"')]
    assert "Menunggu tindakan Anda" in queue
    assert queue.index("Lewat tenggat") < queue.index("Belum Terverifikasi") < queue.index("Tunda")
    assert "/antrean-pengaduan/list/?_flt_0_status=belum_terverifikasi" in queue
    for shortcut in ("Antrean Saya", "Catat Pengaduan", "Buat Laporan", "Jadwal Laporan"):
        assert shortcut in html


def test_the_queue_counts_are_scoped_to_the_users_instansi(showcase, app, db):
    from app import home
    from app.clock import today_local
    from app.models.complaints import Complaint, Status
    from app.scope import Scope
    from sqlalchemy import func

    semarang = db.session.execute(select(OrgNode).where(OrgNode.code == "SMG")).scalar_one()
    scope = Scope.of_nodes([semarang])
    waiting = Complaint.status == Status.BELUM_TERVERIFIKASI
    queue = home.my_queue(scope, waiting, today_local())
    in_semarang = db.session.execute(select(func.count(Complaint.id)).where(
        Complaint.instansi_id == semarang.id, waiting)).scalar()
    everywhere = db.session.execute(select(func.count(Complaint.id)).where(waiting)).scalar()
    assert queue.total == in_semarang == 2
    assert everywhere > in_semarang
    assert queue.overdue == 1, "one complaint of the demo waits for verification past its deadline"


def test_city_admin_home_shows_only_its_own_forums_and_periods(showcase, as_user):
    html = page(as_user("admin.kota"))
    assert "Puskesmas Pandanaran" in html
    assert "RSUD Dr. Moewardi" not in html
    assert "Rawat Inap" not in html


def test_operator_gets_entry_buttons_for_its_open_survey_and_no_complaint_intake(showcase, as_user):
    html = page(as_user("operator.rsud"))
    assert "Periode SKM terbuka" in html and "Entri responden" in html
    assert "/skm/periode/" in html
    assert "Catat Pengaduan" not in html
    assert "Puskesmas Halmahera" not in html


def test_liaison_sees_the_overdue_agreement_of_its_opd(showcase, as_user):
    html = page(as_user("penghubung.dinkes"))
    assert "Kesepakatan lewat tenggat" in html
    assert "Jalur pemandu" in html


def test_pimpinan_home_has_dashboard_and_reports_shortcuts_and_no_write_shortcut(showcase, as_user):
    html = page(as_user("pimpinan"))
    shortcuts = html[html.index('id="pantau-shortcuts"'):html.index('id="home-queue"') if 'id="home-queue"' in html
                     else html.index('id="home-due"')]
    assert "Dasbor" in shortcuts and "Laporan" in shortcuts
    assert "Catat Pengaduan" not in shortcuts and "Buat Laporan" not in shortcuts


def test_scheduled_reports_that_fell_due_before_the_schedule_existed_are_not_shown(showcase, app, db):
    from app import home
    from app.clock import today_local
    from app.scope import Scope

    for schedule, period, day in home.reports_due(Scope.everything(), today_local()):
        assert day >= schedule.created_at.date()


def test_anonymous_visitor_gets_the_login_button(client):
    html = page(client)
    assert "Masuk" in html and "Menunggu tindakan Anda" not in html

