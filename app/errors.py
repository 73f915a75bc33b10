"""Pantau's error pages: each HTTP error a person can meet, in Pantau's layout and the user's language.

Pages for 400 (an expired or missing form token among them), 403, 404, 413,
429, 500 and 503. A database that cannot be reached answers 503 "layanan
sedang terganggu" instead of a traceback; that page and the 500 page are drawn
without the menu, which needs the database. Under /api/ the same message comes
as JSON, as FAB's APIs answer.
"""
import logging

from flask import current_app, jsonify, render_template, request
from flask_appbuilder.utils.base import get_safe_redirect
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable

log = logging.getLogger(__name__)

TITLES = {
    400: _l("Permintaan tidak dapat diproses"),
    403: _l("Akses ditolak"),
    404: _l("Halaman tidak ditemukan"),
    405: _l("Cara permintaan tidak diizinkan"),
    413: _l("Berkas terlalu besar"),
    429: _l("Terlalu banyak permintaan"),
    500: _l("Terjadi kesalahan pada server"),
    503: _l("Layanan sedang terganggu"),
}
MESSAGES = {
    400: _l("Permintaan tidak lengkap atau tidak sah."),
    403: _l("Anda tidak memiliki izin untuk membuka halaman ini."),
    404: _l("Alamat yang Anda buka tidak ada, atau data berada di luar cakupan organisasi Anda."),
    405: _l("Alamat ini tidak menerima permintaan dengan cara tersebut."),
    429: _l("Terlalu banyak permintaan dalam waktu singkat. Tunggu sebentar, lalu coba lagi."),
    500: _l("Kesalahan ini sudah dicatat. Coba lagi nanti; bila berulang, hubungi administrator."),
    503: _l("Layanan sedang terganggu: basis data tidak dapat dihubungi. Coba lagi beberapa saat lagi."),
}
CSRF_EXPIRED = _l(
    "Formulir kedaluwarsa atau tidak sah (token keamanan hilang). Kembali ke halaman sebelumnya, muat ulang, lalu kirim lagi."
)
TOO_LARGE = _l("Berkas atau kiriman melebihi batas %(mb)s MB. Perkecil berkasnya atau bagi menjadi beberapa kiriman.")
# Pages drawn without the menu: the menu reads the user and permissions from the database.
PLAIN = {500, 503}


def init_errors(app):
    """Register the error pages on ``app``."""
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(CSRFError, csrf_error)
    app.register_error_handler(OperationalError, database_unreachable)
    app.register_error_handler(InterfaceError, database_unreachable)
    app.register_error_handler(InternalServerError, server_error)


def _description(error):
    """The error's own description if a view wrote one for the user, else the page's standard text."""
    code = error.code
    if code == 413:
        return str(TOO_LARGE % {"mb": current_app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)})
    own = error.description
    if own and own != type(error).description:
        return str(own)
    return str(MESSAGES.get(code, MESSAGES[400] if code < 500 else MESSAGES[500]))


def error_page(code, message, headers=None):
    """The response for error ``code`` with ``message``: JSON under /api/, else the page."""
    if request.path.startswith("/api/"):
        response = jsonify(message=message)
    else:
        title = str(TITLES.get(code, TITLES[400] if code < 500 else TITLES[500]))
        back = get_safe_redirect(request.referrer) if request.referrer else "/"
        context = dict(
            appbuilder=current_app.appbuilder, code=code, title=title, message=message, back=back, plain=code in PLAIN
        )
        response = current_app.make_response(_render(context))
    response.status_code = code
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _render(context):
    """The error page; plain pages skip the context processors, which load the user from the database."""
    if not context["plain"]:
        try:
            return render_template("pantau/error.html", **context)
        except Exception:  # the menu could not be drawn (the database went away meanwhile)
            log.exception("error page %s drawn without the menu", context["code"])
            context["plain"] = True
    return current_app.jinja_env.get_template("pantau/error.html").render(context)


def http_error(error):
    if error.code is None or error.code < 400:
        return error
    headers = {key: value for key, value in error.get_headers() if key.lower() in ("retry-after", "allow")}
    return error_page(error.code, _description(error), headers)


def csrf_error(error):
    return error_page(400, str(CSRF_EXPIRED))


def server_error(error):
    return error_page(500, str(MESSAGES[500]))


def database_unreachable(error):
    """A lost or refused database connection: 503, never a traceback."""
    log.error("database unreachable: %s", error.__class__.__name__)
    from app.extensions import db

    try:
        db.session.rollback()
    except Exception:  # the connection is gone; the session is discarded at the end of the request
        pass
    return error_page(ServiceUnavailable.code, str(MESSAGES[503]), {"Retry-After": "30"})
