"""Security headers on pages and downloads, and the CSRF token on every REST write of a browser session."""
import re

from flask import Flask
from sqlalchemy import select

from app.models.org import OrgNode
from app.security.headers import init_headers
from tests.conftest import csrf_token, dashboard_page


def test_a_page_carries_csp_frame_and_referrer_headers(app, as_user):
    response = as_user("admin.instansi").get("/pengaduan/list/")
    headers = response.headers
    csp = headers["Content-Security-Policy"]
    nonce = re.search(r"script-src 'self' 'nonce-([^']+)'", csp).group(1)
    assert "frame-ancestors 'self'" in csp and "object-src 'none'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert headers["X-Frame-Options"] == "SAMEORIGIN"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "Strict-Transport-Security" not in headers
    # every script of the page is a file of Pantau's origin or carries this response's nonce
    for tag in re.findall(r"<script\b[^>]*>", response.get_data(as_text=True)):
        assert "src=" in tag or f'nonce="{nonce}"' in tag or 'type="application/json"' in tag, tag


def test_the_dashboard_has_no_inline_script(app, as_user):
    html = dashboard_page(as_user("admin.instansi"))
    assert "pantau/dashboard.js" in html
    for tag, body in re.findall(r"(<script\b[^>]*>)(.*?)</script>", html, flags=re.S):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert "onchange=" not in html


def test_a_download_is_an_attachment_that_is_not_sniffed(app, as_user):
    response = as_user("admin.instansi").get("/pengaduan/ekspor/")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_hsts_is_sent_in_production_only():
    def app_in(env):
        application = Flask(__name__)
        application.config.update(PANTAU_ENV=env, SESSION_COOKIE_SECURE=env == "production", SESSION_COOKIE_SAMESITE="Lax")
        init_headers(application)
        application.add_url_rule("/", "index", lambda: "ok")
        return application

    production = app_in("production").test_client().get("/", base_url="https://pantau.example")
    assert production.headers["Strict-Transport-Security"].startswith("max-age=")
    development = app_in("development").test_client().get("/", base_url="https://pantau.example")
    assert "Strict-Transport-Security" not in development.headers


def test_a_rest_write_with_the_session_cookie_needs_the_csrf_token(fresh, app, db, as_user):
    client = as_user("admin.instansi")
    node = db.session.execute(select(OrgNode).where(OrgNode.code == "JTG-RSUD-MOEWARDI")).scalar_one()
    refused = client.put(f"/api/v1/org/{node.id}", json={"name": "Tanpa Token"})
    assert refused.status_code == 400
    db.session.rollback()
    assert db.session.get(OrgNode, node.id).name != "Tanpa Token"
    for method in (client.post, client.delete):
        assert method(f"/api/v1/org/{node.id}" if method == client.delete else "/api/v1/org/", json={}).status_code == 400
    accepted = client.put(f"/api/v1/org/{node.id}", json={"name": "RSUD Dengan Token"},
                          headers={"X-CSRFToken": csrf_token(client)})
    assert accepted.status_code == 200, accepted.get_data(as_text=True)
    db.session.rollback()
    assert db.session.get(OrgNode, node.id).name == "RSUD Dengan Token"
