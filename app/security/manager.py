"""Pantau's security manager: its user model, scoped user screens, login audit and lock-out."""
from flask import current_app, flash, g, redirect, request, session
from flask_appbuilder.api import BaseApi
from flask_appbuilder.security.sqla.manager import SecurityManager
from flask_appbuilder.security.views import AuthDBView
from flask_appbuilder.security.forms import LoginForm_db
from flask_appbuilder.baseviews import expose
from flask_appbuilder.utils.base import get_safe_redirect
from flask_login import login_user
from werkzeug.exceptions import TooManyRequests

from app.audit import record_event
from app.extensions import db
from app.models.user import PantauUser
from app.security import logins
from app.security.views import PantauResetPasswordView, PantauUserView


class NoTokenLoginApi(BaseApi):
    """Stands where FAB's JWT security API would (stack note P19): no routes, so no token is ever issued.

    FAB 5.3 registers ``POST /api/v1/security/login`` even with the security API
    switched off; Pantau has one login path, the form, with its lock-out and
    throttle. The REST APIs are for the logged-in browser session only.
    """

    resource_name = "security"


class PantauAuthDBView(AuthDBView):
    """FAB's login form, with the account lock-out and the address throttle of app/security/logins.py."""

    @expose("/login/", methods=["GET", "POST"])
    def login(self):
        """Log a user in; refuse while the account is locked, slow down an address that guesses."""
        if g.user is not None and g.user.is_authenticated:
            return redirect(self._get_safe_next_url())
        form = LoginForm_db()
        if form.validate_on_submit():
            next_url = get_safe_redirect(request.args.get("next", ""))
            username = logins.normal_username(form.username.data)
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

    security_api = NoTokenLoginApi

    user_model = PantauUser
    userdbmodelview = PantauUserView
    resetpasswordview = PantauResetPasswordView
    authdbview = PantauAuthDBView

    def auth_user_db(self, username, password):
        user = super().auth_user_db(username, password)
        if user is None:
            record_event("login_failed", username=logins.normal_username(username))
            db.session.commit()
        return user

    def on_user_login(self, user):
        record_event("login", user=user)
        db.session.commit()

    def on_user_logout(self, user):
        record_event("logout", user=user)
        db.session.commit()
