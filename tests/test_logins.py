"""One login path, a lock-out per account and a throttle per address, both in Indonesian and audited."""
from sqlalchemy import select

from app.demo import DEMO_PASSWORD
from app.models.audit import AuditLog
from tests.conftest import csrf_token


def attempt(client, username, password, address):
    """A login form POST from network ``address``, as a browser sends it."""
    token = csrf_token(client, "/login/")
    return client.post(
        "/login/", data={"username": username, "password": password, "csrf_token": token},
        environ_base={"REMOTE_ADDR": address},
    )


def logged_in(response):
    return response.status_code == 302 and "/login" not in response.headers["Location"]


def events(db, event):
    db.session.rollback()
    return db.session.execute(select(AuditLog).where(AuditLog.event == event)).scalars().all()


def test_the_jwt_login_api_is_not_registered_and_issues_no_token(fresh, app):
    client = app.test_client()
    for path in ("/api/v1/security/login", "/api/v1/security/refresh"):
        response = client.post(path, json={"username": "admin", "password": DEMO_PASSWORD, "provider": "db"})
        assert response.status_code in (404, 405), (path, response.status_code)
        assert "access_token" not in response.get_data(as_text=True)
    assert not [rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/v1/security")]


def test_five_wrong_passwords_lock_that_account_only_not_its_office(fresh, app, db):
    office = "10.31.0.7"
    client = app.test_client()
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        assert not logged_in(attempt(client, "pimpinan", "tebakan-salah", office))
    locked = attempt(client, "pimpinan", DEMO_PASSWORD, office)
    assert not logged_in(locked)
    assert "Terlalu banyak percobaan masuk yang gagal" in client.get(locked.headers["Location"]).get_data(as_text=True)
    colleague = app.test_client()
    assert logged_in(attempt(colleague, "operator.rsud", DEMO_PASSWORD, office))
    assert [e.username for e in events(db, "login_locked")] == ["pimpinan"]


def test_the_account_lock_counts_failures_from_every_address(fresh, app, db):
    client = app.test_client()
    for n in range(app.config["LOGIN_MAX_FAILURES"]):
        attempt(client, "penghubung.dinkes", "tebakan-salah", f"10.32.0.{n + 1}")
    assert not logged_in(attempt(client, "penghubung.dinkes", DEMO_PASSWORD, "10.32.9.9"))
    assert events(db, "login_locked")[0].ip_address == "10.32.9.9"


def test_a_successful_login_clears_earlier_failures(fresh, app):
    client = app.test_client()
    for _ in range(app.config["LOGIN_MAX_FAILURES"] - 1):
        attempt(client, "operator.rsud", "tebakan-salah", "10.33.0.1")
    assert logged_in(attempt(client, "operator.rsud", DEMO_PASSWORD, "10.33.0.1"))
    client.get("/logout/")
    attempt(client, "operator.rsud", "tebakan-salah", "10.33.0.1")
    assert logged_in(attempt(client, "operator.rsud", DEMO_PASSWORD, "10.33.0.1"))


def test_an_address_guessing_many_accounts_is_slowed_with_a_429_page(fresh, app, db):
    guesser = "10.34.0.66"
    client = app.test_client()
    for n in range(app.config["LOGIN_ADDRESS_MAX_FAILURES"]):
        attempt(client, f"tebakan.{n}", "sandi-salah", guesser)
    response = attempt(client, "operator.rsud", DEMO_PASSWORD, guesser)
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) == 60 * app.config["LOGIN_ADDRESS_WINDOW_MINUTES"]
    page = response.get_data(as_text=True)
    assert "Terlalu banyak percobaan masuk yang gagal dari alamat jaringan Anda" in page
    assert 'id="pantau-error"' in page
    throttled = events(db, "login_throttled")
    assert [(e.username, e.ip_address) for e in throttled] == [("operator.rsud", guesser)]
    # no account was locked by it, and another address logs the same user in
    assert logged_in(attempt(app.test_client(), "operator.rsud", DEMO_PASSWORD, "10.34.0.1"))


def test_the_throttle_page_is_english_for_an_english_browser(fresh, app):
    guesser = "10.35.0.66"
    client = app.test_client()
    client.get("/lang/en")
    for n in range(app.config["LOGIN_ADDRESS_MAX_FAILURES"]):
        attempt(client, f"tebakan.{n}", "sandi-salah", guesser)
    response = attempt(client, "admin", DEMO_PASSWORD, guesser)
    assert response.status_code == 429
    assert "Too many failed login attempts from your network address" in response.get_data(as_text=True)
