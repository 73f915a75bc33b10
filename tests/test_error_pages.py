"""Every error a person can meet gets a page in Pantau's layout and language, never Werkzeug's English one."""
import pytest
from sqlalchemy.engine import make_url

from tests.conftest import DATABASE_URL, csrf_token


def english(client):
    client.get("/lang/en")
    return client


def test_a_missing_page_is_an_indonesian_404_in_the_layout(app):
    response = app.test_client().get("/tidak-ada-halaman-ini")
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in page and 'id="pantau-error"' in page
    assert "navbar" in page and "Not Found" not in page


def test_a_missing_page_is_english_when_the_user_chose_english(app):
    page = english(app.test_client()).get("/tidak-ada-halaman-ini").get_data(as_text=True)
    assert "Page not found" in page and "Halaman tidak ditemukan" not in page


def test_a_screen_without_permission_is_a_403_page_in_both_languages(fresh, app, as_user):
    client = as_user("operator.rsud")
    response = client.get("/auditlogview/list/")
    assert response.status_code == 403
    assert "Akses ditolak" in response.get_data(as_text=True)
    assert "Access denied" in english(client).get("/auditlogview/list/").get_data(as_text=True)


def test_an_expired_form_is_a_400_page_with_a_way_back(fresh, app, as_user):
    client = as_user("admin.instansi")
    back = "http://localhost/pengaduan/list/"
    response = client.post("/userinfoeditview/form", data={"first_name": "X"}, headers={"Referer": back})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Formulir kedaluwarsa atau tidak sah" in page
    assert 'href="/pengaduan/list/"' in page or f'href="{back}"' in page
    english(client)
    assert "The form has expired or is invalid" in client.post("/userinfoeditview/form", data={}).get_data(as_text=True)


def test_a_foreign_referer_is_not_offered_as_the_way_back(app, as_user):
    client = as_user("admin.instansi")
    page = client.post("/userinfoeditview/form", data={}, headers={"Referer": "https://evil.example/x"}).get_data(as_text=True)
    assert "evil.example" not in page


def test_a_too_large_upload_is_a_413_page_naming_the_limit(app, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 1024 * 1024)
    client = app.test_client()
    response = client.post("/login/", data={"csrf_token": "x", "berkas": "a" * (2 * 1024 * 1024)})
    page = response.get_data(as_text=True)
    assert response.status_code == 413
    assert "Berkas terlalu besar" in page and "batas 1 MB" in page
    english(client)
    assert "exceeds the 1 MB limit" in client.post("/login/", data={"x": "a" * (2 * 1024 * 1024)}).get_data(as_text=True)


def test_an_unknown_api_path_answers_json(app):
    response = app.test_client().get("/api/v1/tidak-ada/")
    assert response.status_code == 404
    assert response.get_json()["message"]


def unreachable(url):
    """The test engine's URL pointed at a server that does not answer (or a SQLite file that cannot exist)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return "sqlite:////nonexistent-folder/pantau/down.db"
    return parsed.set(host="127.0.0.1", port=1).render_as_string(hide_password=False)


@pytest.fixture(scope="module")
def app_without_database():
    """A second Pantau app whose database is down, with a route that fails, as a crash would."""
    from app import create_app
    from config import Config, engine_options

    settings = Config()
    settings.SQLALCHEMY_DATABASE_URI = unreachable(DATABASE_URL)
    settings.SQLALCHEMY_ENGINE_OPTIONS = {**engine_options(settings.SQLALCHEMY_DATABASE_URI, None), "pool_pre_ping": False}
    application = create_app(settings)
    application.config.update(TESTING=True, PROPAGATE_EXCEPTIONS=False)

    def crash():
        raise RuntimeError("a bug")

    application.add_url_rule("/uji-galat", "crash", crash)
    yield application
    from app.extensions import db

    with application.app_context():
        db.engine.dispose()


def test_a_database_outage_is_an_indonesian_503_page(app, app_without_database, as_user):
    logged_in = as_user("operator.rsud")
    client = app_without_database.test_client()
    client.set_cookie("session", logged_in.get_cookie("session").value)
    response = client.get("/pengaduan/list/")
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "Layanan sedang terganggu" in page and "Traceback" not in page
    assert response.headers["Retry-After"] == "30"


def test_a_database_outage_page_is_english_for_an_english_visitor(app_without_database):
    client = english(app_without_database.test_client())
    response = client.get("/publik/skm/ikm/JTG")
    assert response.status_code == 503
    assert "The service is disrupted" in response.get_data(as_text=True)


def test_a_crash_is_a_500_page_without_a_traceback(app_without_database):
    response = app_without_database.test_client().get("/uji-galat")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Terjadi kesalahan pada server" in page and "a bug" not in page and "Traceback" not in page
