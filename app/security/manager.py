"""Pantau's security manager: its user model, scoped user screens, login audit and lock-out."""
import datetime

from flask import current_app, flash, g, redirect, request, session, url_for
from flask_appbuilder.api import BaseApi
from flask_appbuilder.security.sqla.manager import SecurityManager
from flask_appbuilder.security.views import AuthDBView
from flask_appbuilder.security.forms import LoginForm_db
from flask_appbuilder.baseviews import expose
from flask_appbuilder.utils.base import get_safe_redirect
from flask_babel import lazy_gettext as _l
from flask_login import login_user
from werkzeug.exceptions import TooManyRequests

from app.audit import record_event
from app.clock import now_utc
from app.extensions import db
from app.models.user import PantauUser
from app.security import logins, totp
from app.security.views import PantauResetPasswordView, PantauUserView, TotpView

PENDING = "totp_pending"
PENDING_MINUTES = 5
RECOVERY_USED = _l(
    "Anda masuk dengan kode pemulihan; sisa %(left)s kode. Buat kode baru di menu Verifikasi dua langkah bila hampir habis."
)


class NoTokenLoginApi(BaseApi):
    """Stands where FAB's JWT security API would (stack note P19): no routes, so no token is ever issued.

    FAB 5.3 registers ``POST /api/v1/security/login`` even with the security API
    switched off; Pantau has one login path, the form, with its lock-out and
    throttle. The REST APIs are for the logged-in browser session only.
    """

    resource_name = "security"


class PantauAuthDBView(AuthDBView):
    """FAB's login form, with the account lock-out and address throttle of app/security/logins.py,
    and the second step of a two-factor login (app/security/totp.py)."""

    @expose("/login/", methods=["GET", "POST"])
    def login(self):
        """Log a user in; refuse while the account is locked, slow down an address that guesses."""
        if g.user is not None and g.user.is_authenticated:
            return redirect(self._get_safe_next_url())
        form = LoginForm_db()
        if form.validate_on_submit():
            next_url = get_safe_redirect(request.args.get("next", ""))
            username = logins.normal_username(form.username.data)
            refused = self._refuse_guessing(username, self.appbuilder.get_url_for_login_with(next_url))
            if refused is not None:
                return refused
            user = self.appbuilder.sm.auth_user_db(form.username.data, form.password.data)
            if not user:
                flash(str(self.invalid_login_message), "warning")
                return redirect(self.appbuilder.get_url_for_login_with(next_url))
            if totp.enabled(user):
                session[PENDING] = {"user": user.id, "next": next_url, "at": now_utc().isoformat()}
                return redirect(url_for(".second_step"))
            return self._finish(user, next_url)
        return self.render_template(self.login_template, title=self.title, form=form, appbuilder=self.appbuilder)

    @expose("/login/kode/", methods=["GET", "POST"])
    def second_step(self):
        """Ask the code of the authenticator app (or a recovery code) of a user whose password was right."""
        user = self._pending_user()
        if user is None:
            session.pop(PENDING, None)
            return redirect(self.appbuilder.get_url_for_login)
        if request.method == "POST":
            next_url = session[PENDING]["next"]
            refused = self._refuse_guessing(user.username, url_for(".login"))
            if refused is not None:
                session.pop(PENDING, None)
                return refused
            code = request.form.get("code", "")
            if totp.verify(user, code):
                return self._finish(user, next_url)
            if totp.use_recovery_code(user, code):
                record_event("recovery_code_used", user=user)
                flash(str(RECOVERY_USED % {"left": len(totp.unused_codes(user))}), "warning")
                return self._finish(user, next_url)
            record_event("login_failed", username=user.username)
            db.session.commit()
            flash(str(totp.WRONG_CODE), "warning")
            return redirect(url_for(".second_step"))
        return self.render_template("pantau/login_code.html", title=str(totp.TITLE), appbuilder=self.appbuilder)

    def _pending_user(self):
        """The user who passed the password step less than PENDING_MINUTES ago, else None."""
        pending = session.get(PENDING)
        if not pending:
            return None
        started = datetime.datetime.fromisoformat(pending["at"])
        if now_utc() - started > datetime.timedelta(minutes=PENDING_MINUTES):
            return None
        user = db.session.get(PantauUser, pending["user"])
        return user if user is not None and user.is_active and totp.enabled(user) else None

    def _refuse_guessing(self, username, back_url):
        """The 429 or lock-out answer when this address or account guessed too often; None otherwise."""
        if logins.address_throttled(logins.client_address()):
            record_event("login_throttled", username=username)
            db.session.commit()
            raise TooManyRequests(
                description=logins.throttled_message(),
                retry_after=60 * current_app.config["LOGIN_ADDRESS_WINDOW_MINUTES"],
            )
        if logins.account_locked(username):
            record_event("login_locked", username=username)
            db.session.commit()
            flash(logins.locked_message(), "danger")
            return redirect(back_url)
        return None

    def _finish(self, user, next_url):
        """The user is in: session, language, audit entry, and enrolment first when two-factor is required."""
        session.pop(PENDING, None)
        login_user(user, remember=False)
        record_event("login", user=user)
        db.session.commit()
        session["locale"] = user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]
        if totp.required(user) and not totp.enabled(user):
            return redirect(url_for("TotpView.enrol"))
        return redirect(next_url)


class PantauSecurityManager(SecurityManager):
    """FAB's SQLAlchemy security manager with Pantau's user, screens and login audit."""

    security_api = NoTokenLoginApi

    user_model = PantauUser
    userdbmodelview = PantauUserView
    resetpasswordview = PantauResetPasswordView
    authdbview = PantauAuthDBView

    def register_views(self):
        super().register_views()
        self.appbuilder.add_view_no_menu(TotpView)

    def auth_user_db(self, username, password):
        user = super().auth_user_db(username, password)
        if user is None:
            record_event("login_failed", username=logins.normal_username(username))
            db.session.commit()
        return user

    def on_user_login(self, user):
        """The password was right; the "login" event is written once the login is complete (see _finish)."""
        if totp.enabled(user):
            record_event("password_ok", user=user)
            db.session.commit()

    def on_user_logout(self, user):
        record_event("logout", user=user)
        db.session.commit()
