"""Password-guessing limits: a lock-out per account and a throttle per address, both read from the audit trail.

The two limits answer different attacks. An account is locked after
LOGIN_MAX_FAILURES wrong passwords within LOGIN_LOCK_MINUTES, wherever they came
from, so guessing one account's password from many addresses gets nowhere; the
lock never touches other accounts, so one user's typos do not lock an office
that shares one public address. An address is throttled (HTTP 429) after
LOGIN_ADDRESS_MAX_FAILURES failures, for any accounts, within
LOGIN_ADDRESS_WINDOW_MINUTES: that bounds the guessing rate of one machine over
many accounts, and lifts by itself as the window slides. The counts come from
the audit trail, so every web worker sees the same numbers.
"""
import datetime

from flask import current_app, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.clock import now_utc
from app.extensions import db
from app.models.audit import AuditLog

ACCOUNT_LOCKED = _l(
    "Terlalu banyak percobaan masuk yang gagal. Akun dikunci sementara; coba lagi dalam %(minutes)s menit."
)
ADDRESS_THROTTLED = _l(
    "Terlalu banyak percobaan masuk yang gagal dari alamat jaringan Anda. Tunggu %(minutes)s menit, lalu coba lagi."
)


def normal_username(username):
    return (username or "").strip().lower()


def client_address():
    return request.remote_addr


def account_locked(username):
    """True when this account failed LOGIN_MAX_FAILURES times since its last login, within the lock window."""
    config = current_app.config
    name = normal_username(username)
    since = now_utc() - datetime.timedelta(minutes=config["LOGIN_LOCK_MINUTES"])
    # Audit ids grow with time, and unlike timestamps they never tie.
    last_login = db.session.execute(
        select(func.max(AuditLog.id)).where(AuditLog.event == "login", AuditLog.username == name)
    ).scalar_one()
    failures = db.session.execute(
        select(func.count(AuditLog.id)).where(
            AuditLog.event == "login_failed", AuditLog.username == name, AuditLog.created_at >= since,
            AuditLog.id > (last_login or 0),
        )
    ).scalar_one()
    return failures >= config["LOGIN_MAX_FAILURES"]


def address_throttled(address):
    """True when ``address`` failed LOGIN_ADDRESS_MAX_FAILURES times, any accounts, within its window."""
    config = current_app.config
    since = now_utc() - datetime.timedelta(minutes=config["LOGIN_ADDRESS_WINDOW_MINUTES"])
    failures = db.session.execute(
        select(func.count(AuditLog.id)).where(
            AuditLog.event == "login_failed", AuditLog.ip_address == address, AuditLog.created_at >= since
        )
    ).scalar_one()
    return failures >= config["LOGIN_ADDRESS_MAX_FAILURES"]


def locked_message():
    return str(ACCOUNT_LOCKED % {"minutes": current_app.config["LOGIN_LOCK_MINUTES"]})


def throttled_message():
    return str(ADDRESS_THROTTLED % {"minutes": current_app.config["LOGIN_ADDRESS_WINDOW_MINUTES"]})
