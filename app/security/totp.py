"""Two-factor login with time-based one-time codes (TOTP, RFC 6238, through pyotp) and recovery codes.

A user enrols by scanning a QR code into an authenticator app and typing one
code back; from then on the login form asks for a code after the password.
Each code is accepted once (the last used time step is kept), and a wrong code
counts as a failed login, so the account lock-out bounds code guessing too.
Ten recovery codes are shown once at enrolment; they are stored hashed like
passwords and each works once. With TOTP_REQUIRED on, Admin Sistem and Admin
Instansi must enrol before they can use anything else.
"""
import datetime
import secrets

import pyotp
import segno
from flask import current_app, flash, g, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from app.clock import now_utc
from app.extensions import db
from app.models.user import RecoveryCode
from app.security.tiers import ADMIN_INSTANSI, ADMIN_SISTEM

TITLE = _l("Verifikasi dua langkah")
WRONG_CODE = _l("Kode salah atau sudah dipakai. Masukkan kode yang sedang tampil di aplikasi autentikator.")
ISSUER = "Pantau"
REQUIRED_TIERS = {ADMIN_SISTEM, ADMIN_INSTANSI}
RECOVERY_CODES = 10
# A code of the previous or next 30-second step is accepted too: phones' clocks drift.
VALID_WINDOW = 1


# What a user who must enrol may still open: the enrolment itself, logging out, the language switch, files.
ENROLMENT_ENDPOINTS = {"TotpView.index", "TotpView.enrol", "PantauAuthDBView.logout", "LocaleView.index",
                       "static", "appbuilder.static"}
MUST_ENROL = _l("Peran Anda wajib memakai verifikasi dua langkah. Aktifkan dulu sebelum melanjutkan.")


def init_totp(app):
    """With TOTP_REQUIRED, send Admin Sistem and Admin Instansi without two-factor login to the enrolment page."""

    @app.before_request
    def require_enrolment():
        if not app.config["TOTP_REQUIRED"] or request.endpoint in ENROLMENT_ENDPOINTS:
            return None
        user = getattr(g, "user", None)
        if user is None or not user.is_authenticated or enabled(user) or not required(user):
            return None
        flash(str(MUST_ENROL), "warning")
        return redirect(url_for("TotpView.enrol"))


def new_secret():
    return pyotp.random_base32()


def enabled(user):
    return user is not None and user.totp_confirmed_at is not None and bool(user.totp_secret)


def required(user):
    """True when the setting TOTP_REQUIRED makes two-factor login compulsory for this user's tier."""
    if not current_app.config["TOTP_REQUIRED"]:
        return False
    return any(role.name in REQUIRED_TIERS for role in user.roles)


def provisioning_uri(user, secret):
    return pyotp.TOTP(secret).provisioning_uri(name=user.username, issuer_name=ISSUER)


def qr_svg(uri):
    """The otpauth:// address as an inline SVG QR code for the authenticator app to scan."""
    return segno.make(uri, error="m").svg_inline(scale=5, border=2)


def matching_step(secret, code, after=None):
    """The time step ``code`` belongs to if it is valid now (and later than ``after``), else None."""
    code = "".join(ch for ch in (code or "") if ch.isdigit())
    if len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    step = totp.timecode(now_utc().replace(tzinfo=datetime.timezone.utc))  # aware: pyotp reads naive as local
    for candidate in range(step - VALID_WINDOW, step + VALID_WINDOW + 1):
        if secrets.compare_digest(totp.generate_otp(candidate), code) and (after is None or candidate > after):
            return candidate
    return None


def confirm(user, secret, code):
    """Switch two-factor login on for ``user`` if ``code`` matches ``secret``; the new recovery codes, or None."""
    step = matching_step(secret, code)
    if step is None:
        return None
    user.totp_secret, user.totp_confirmed_at, user.totp_last_step = secret, now_utc(), step
    return replace_recovery_codes(user)


def verify(user, code):
    """True, and the code spent, when ``code`` is ``user``'s current code and was not used before."""
    step = matching_step(user.totp_secret, code, after=user.totp_last_step)
    if step is None:
        return False
    user.totp_last_step = step
    return True


def use_recovery_code(user, code):
    """True, and the recovery code spent, when ``code`` is one of ``user``'s unused recovery codes."""
    code = (code or "").strip().lower()
    if not code:
        return False
    for row in unused_codes(user):
        if check_password_hash(row.code_hash, code):
            row.used_at = now_utc()
            return True
    return False


def unused_codes(user):
    return db.session.execute(
        select(RecoveryCode).where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    ).scalars().all()


def replace_recovery_codes(user):
    """Ten new recovery codes for ``user`` (the old ones stop working); the plain codes, to show once."""
    db.session.query(RecoveryCode).filter(RecoveryCode.user_id == user.id).delete()
    method = current_app.config["FAB_PASSWORD_HASH_METHOD"]
    codes = [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _ in range(RECOVERY_CODES)]
    for code in codes:
        db.session.add(RecoveryCode(user_id=user.id, code_hash=generate_password_hash(code, method=method)))
    return codes


def switch_off(user):
    """Two-factor login off for ``user``: secret and recovery codes removed."""
    user.totp_secret = user.totp_confirmed_at = user.totp_last_step = None
    db.session.query(RecoveryCode).filter(RecoveryCode.user_id == user.id).delete()
