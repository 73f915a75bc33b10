"""Every response's security headers (flask-talisman) and the CSRF check on every write.

The Content-Security-Policy allows scripts from Pantau's own origin and, for
FAB's few inline scripts, only with the per-request nonce FAB's templates
already print (``csp_nonce()``); Pantau's own scripts live in app/static.
Inline styles stay allowed: FAB's templates use style attributes throughout.
Pages may be framed by Pantau itself only. HSTS is sent in production only
(and there only over HTTPS, as the proxy reports it).

CSRFProtect checks every POST, PUT, PATCH and DELETE: forms send the
``csrf_token`` field, REST calls from the browser session the ``X-CSRFToken``
header. Pantau's REST APIs accept no other credential (no JWT is issued).
"""
from flask_talisman import Talisman
from flask_wtf.csrf import CSRFProtect

CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data:",
    "font-src": "'self' data:",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'self'",
}

def init_headers(app):
    """Security headers on every response of ``app``, and the CSRF check on every write."""
    production = app.config["PANTAU_ENV"] == "production"
    Talisman(
        app,
        force_https=False,  # TLS ends at the reverse proxy (README, Produksi)
        strict_transport_security=production,
        content_security_policy=CONTENT_SECURITY_POLICY,
        content_security_policy_nonce_in=["script-src"],
        referrer_policy="strict-origin-when-cross-origin",
        frame_options="SAMEORIGIN",
        session_cookie_secure=app.config["SESSION_COOKIE_SECURE"],
        session_cookie_samesite=app.config["SESSION_COOKIE_SAMESITE"],
        permissions_policy={"camera": "()", "microphone": "()", "geolocation": "()"},
    )
    CSRFProtect(app)
