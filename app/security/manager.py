"""Pantau's security manager: its user model, scoped user screens, login audit and lock-out."""
import datetime

from flask import current_app, flash, g, redirect, request, session
from flask_appbuilder.security.sqla.manager import SecurityManager
from flask_appbuilder.security.views import AuthDBView
from flask_appbuilder.security.forms import LoginForm_db
from flask_appbuilder.baseviews import expose
from flask_appbuilder.utils.base import get_safe_redirect
from flask_babel import lazy_gettext as _l
from flask_login import login_user
from sqlalchemy import func, or_, select

from app.audit import record_event
from app.clock import now_utc
from app.extensions import db
from app.models.audit import AuditLog
from app.models.user import PantauUser
from app.security.views import PantauResetPasswordView, PantauUserView

LOCKED_MESSAGE = _l(
    "Terlalu banyak percobaan masuk yang gagal. Akun dikunci sementara; coba lagi dalam %(minutes)s menit."
)


def client_ip():
    return request.remote_addr if request else None


def login_locked(username):
    """True when this username or this address failed too often within the lock window."""
    config = current_app.config
    since = now_utc() - datetime.timedelta(minutes=config["LOGIN_LOCK_MINUTES"])
    name = (username or "").strip().lower()
    query = select(func.count(AuditLog.id)).where(
        AuditLog.event == "login_failed",
        AuditLog.created_at >= since,
        or_(AuditLog.username == name, AuditLog.ip_address == client_ip()),
    )
    return db.session.execute(query).scalar_one() >= config["LOGIN_MAX_FAILURES"]


class PantauAuthDBView(AuthDBView):
    """FAB's login form, with a lock-out after repeated failures."""

    @expose("/login/", methods=["GET", "POST"])
    def login(self):
        """Log a user in; refuse while the username or address is locked out."""
        if g.user is not None and g.user.is_authenticated:
            return redirect(self._get_safe_next_url())
        form = LoginForm_db()
        if form.validate_on_submit():
            next_url = get_safe_redirect(request.args.get("next", ""))
            if login_locked(form.username.data):
                record_event("login_locked", username=(form.username.data or "").strip().lower())
                db.session.commit()
                flash(str(LOCKED_MESSAGE % {"minutes": current_app.config["LOGIN_LOCK_MINUTES"]}), "danger")
                return redirect(self.appbuilder.get_url_for_login_with(next_url))
            user = self.appbuilder.sm.auth_user_db(form.username.data, form.password.data)
            if not user:
                flash(str(self.invalid_login_message), "warning")
                return redirect(self.appbuilder.get_url_for_login_with(next_url))
            login_user(user, remember=False)
            session["locale"] = user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]
            return redirect(next_url)
        return self.render_template(self.login_template, title=self.title, form=form, appbuilder=self.appbuilder)


class PantauSecurityManager(SecurityManager):
    """FAB's SQLAlchemy security manager with Pantau's user, screens and login audit."""

    user_model = PantauUser
    userdbmodelview = PantauUserView
    resetpasswordview = PantauResetPasswordView
    authdbview = PantauAuthDBView

    def auth_user_db(self, username, password):
        user = super().auth_user_db(username, password)
        if user is None:
            record_event("login_failed", username=(username or "").strip().lower())
            db.session.commit()
        return user

    def on_user_login(self, user):
        record_event("login", user=user)
        db.session.commit()

    def on_user_logout(self, user):
        record_event("logout", user=user)
        db.session.commit()
