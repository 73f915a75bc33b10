"""The user screens of Pantau: FAB's, narrowed to the organisation scope of the administrator; two-factor login."""
import functools

from flask import abort, flash, g, redirect, request, session, url_for
from flask_appbuilder import BaseView
from flask_appbuilder.baseviews import expose
from flask_appbuilder.security.views import ResetPasswordView, UserDBModelView
from flask_appbuilder.models.filters import BaseFilter
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, exists, not_, or_

from markupsafe import Markup

from app.audit import record_event
from app.extensions import db
from app.models.user import PantauUser
from app.security import totp
from app.scope import current_scope
from app.security.tiers import ADMIN_SISTEM, DELEGABLE_BY_ADMIN_INSTANSI
from app.views.base import FormRefused, ScopedViewMixin, check_in_scope


def _has_role(model, role_name):
    from flask_appbuilder.security.sqla.models import Role, assoc_user_role

    return exists().where(
        and_(assoc_user_role.c.user_id == model.id, assoc_user_role.c.role_id == Role.id, Role.name == role_name)
    )


class FilterManageableUsers(BaseFilter):
    """Users in the administrator's scope, never an Admin Sistem unless the viewer is one; and oneself."""

    name = "Dapat dikelola"

    def apply(self, query, value):
        scope = current_scope()
        if scope.unrestricted:
            return query
        own_id = getattr(getattr(g, "user", None), "id", None)
        return query.filter(
            or_(PantauUser.id == own_id, and_(scope.clause(PantauUser), not_(_has_role(PantauUser, ADMIN_SISTEM))))
        )


class FilterDelegableRoles(BaseFilter):
    """The roles an administrator may give: all for Admin Sistem, the lower tiers for others."""

    name = "Dapat diberikan"

    def apply(self, query, value):
        if current_scope().unrestricted:
            return query
        return query.filter(self.model.name.in_(DELEGABLE_BY_ADMIN_INSTANSI))


USER_SCOPE_FILTER = ["id", FilterManageableUsers, None]
ENROL_SECRET = "totp_enrol_secret"
TOTP_REQUIRED_MESSAGE = _l("Verifikasi dua langkah wajib untuk peran Anda dan tidak dapat dinonaktifkan.")


def own_account(view):
    """A page about the logged-in user's own account: anyone logged in, nobody else."""
    @functools.wraps(view)
    def wrapper(self, *args, **kwargs):
        if g.user is None or not g.user.is_authenticated:
            return redirect(self.appbuilder.get_url_for_login_with(request.full_path))
        return view(self, *args, **kwargs)
    return wrapper
ROLE_FILTER = [["name", FilterDelegableRoles, None]]


class PantauUserView(ScopedViewMixin, UserDBModelView):
    """Users, each with its roles and organisation nodes."""

    list_title = _l("Daftar Pengguna")
    show_title = _l("Detail Pengguna")
    add_title = _l("Tambah Pengguna")
    edit_title = _l("Ubah Pengguna")
    list_columns = ["username", "first_name", "last_name", "email", "roles", "org_nodes", "active"]
    search_columns = ["username", "first_name", "last_name", "email", "roles", "org_nodes", "active"]
    add_columns = [
        "first_name", "last_name", "username", "active", "email", "nip", "position", "phone",
        "roles", "org_nodes", "locale", "password", "conf_password",
    ]
    edit_columns = [
        "first_name", "last_name", "username", "active", "email", "nip", "position", "phone",
        "roles", "org_nodes", "locale",
    ]
    show_fieldsets = [
        (_l("Akun"), {"fields": ["username", "active", "roles", "org_nodes", "login_count", "locale"]}),
        (_l("Data pribadi"), {"fields": ["first_name", "last_name", "email", "nip", "position", "phone"]}),
        (_l("Riwayat"), {"fields": ["last_login", "fail_login_count", "created_on", "changed_on"]}),
    ]
    label_columns = {
        "username": _l("Nama pengguna"),
        "first_name": _l("Nama depan"),
        "last_name": _l("Nama belakang"),
        "email": _l("Surel"),
        "roles": _l("Peran"),
        "org_nodes": _l("Organisasi"),
        "active": _l("Aktif"),
        "nip": _l("NIP"),
        "position": _l("Jabatan"),
        "phone": _l("Telepon"),
        "locale": _l("Bahasa"),
        "login_count": _l("Jumlah masuk"),
        "last_login": _l("Terakhir masuk"),
        "fail_login_count": _l("Gagal masuk"),
        "created_on": _l("Dibuat"),
        "changed_on": _l("Diubah"),
        "password": _l("Kata sandi"),
        "conf_password": _l("Ulangi kata sandi"),
    }
    description_columns = {
        "org_nodes": _l("Pengguna melihat data node ini dan semua yang ada di bawahnya."),
        "locale": _l("Kode bahasa antarmuka: id atau en."),
    }
    validators_columns = {}
    add_form_query_rel_fields = {"roles": ROLE_FILTER}
    edit_form_query_rel_fields = {"roles": ROLE_FILTER}

    def _init_properties(self):
        super()._init_properties()
        self.base_filters = [USER_SCOPE_FILTER]
        self._base_filters = self.datamodel.get_filters().add_filter_list(self.base_filters)

    def _check_user(self, item):
        if not item.roles:
            raise FormRefused([_l("Pilih minimal satu peran.")])
        scope = current_scope()
        if not scope.unrestricted:
            if any(role.name not in DELEGABLE_BY_ADMIN_INSTANSI for role in item.roles):
                raise FormRefused([_l("Anda tidak boleh memberikan peran Admin Sistem.")])
            check_in_scope(item)
        if item.locale and item.locale not in ("id", "en"):
            raise FormRefused([_l("Bahasa harus id atau en.")])

    def pre_add(self, item):
        self._check_user(item)

    def pre_update(self, item):
        if item.id == getattr(g.user, "id", None) and not current_scope().unrestricted:
            raise FormRefused([_l("Ubah data Anda sendiri melalui menu profil.")])
        self._check_user(item)

    def pre_delete(self, item):
        if item.id == getattr(g.user, "id", None):
            raise FormRefused([_l("Anda tidak dapat menghapus akun Anda sendiri.")])
        check_in_scope(item)


class PantauResetPasswordView(ResetPasswordView):
    """Reset another user's password: only a user the administrator may manage."""

    form_title = _l("Atur Ulang Kata Sandi")
    message = _l("Kata sandi telah diubah")

    def _target(self):
        from app.extensions import db
        from sqlalchemy import select

        try:
            pk = int(request.args.get("pk", ""))
        except ValueError:
            abort(404)
        query = FilterManageableUsers("id", SQLAInterface(PantauUser)).apply(
            select(PantauUser).where(PantauUser.id == pk), None
        )
        if db.session.execute(query).scalar_one_or_none() is None:
            abort(404)
        return pk

    def form_get(self, form):
        self._target()

    def form_post(self, form):
        self._target()
        super().form_post(form)


class TotpView(BaseView):
    """A user's own two-factor login: enrol with a QR code, new recovery codes, switch off."""

    route_base = "/dua-faktor"
    default_view = "index"

    @expose("/")
    @own_account
    def index(self):
        """Whether two-factor login is on, and how many recovery codes are left."""
        user = g.user
        return self.render_template(
            "pantau/totp.html", enabled=totp.enabled(user), required=totp.required(user),
            codes_left=len(totp.unused_codes(user)) if totp.enabled(user) else 0, title=str(totp.TITLE),
        )

    @expose("/daftar", methods=["GET", "POST"])
    @own_account
    def enrol(self):
        """Show the QR code of a new secret; switch two-factor login on once a code from the app matches."""
        user = g.user
        if totp.enabled(user):
            return redirect(url_for(".index"))
        secret = session.get(ENROL_SECRET) or totp.new_secret()
        session[ENROL_SECRET] = secret
        if request.method == "POST":
            codes = totp.confirm(user, secret, request.form.get("code"))
            if codes is None:
                flash(str(totp.WRONG_CODE), "warning")
            else:
                session.pop(ENROL_SECRET, None)
                record_event("totp_enabled", user=user)
                db.session.commit()
                return self._show_codes(codes)
        uri = totp.provisioning_uri(user, secret)
        return self.render_template(
            "pantau/totp_enrol.html", qr=Markup(totp.qr_svg(uri)), secret=secret, required=totp.required(user),
            title=str(totp.TITLE),
        )

    @expose("/kode-pemulihan", methods=["POST"])
    @own_account
    def new_codes(self):
        """Ten new recovery codes (the old ones stop working), after a current code from the app."""
        user = g.user
        if not totp.enabled(user) or not totp.verify(user, request.form.get("code")):
            flash(str(totp.WRONG_CODE), "warning")
            return redirect(url_for(".index"))
        codes = totp.replace_recovery_codes(user)
        record_event("recovery_codes_new", user=user)
        db.session.commit()
        return self._show_codes(codes)

    @expose("/nonaktif", methods=["POST"])
    @own_account
    def switch_off(self):
        """Switch two-factor login off, after a current code; refused where the setting requires it."""
        user = g.user
        if totp.required(user):
            flash(str(TOTP_REQUIRED_MESSAGE), "danger")
        elif not totp.enabled(user) or not totp.verify(user, request.form.get("code")):
            flash(str(totp.WRONG_CODE), "warning")
        else:
            totp.switch_off(user)
            record_event("totp_disabled", user=user)
            db.session.commit()
            flash(str(_l("Verifikasi dua langkah dinonaktifkan.")), "info")
        return redirect(url_for(".index"))

    def _show_codes(self, codes):
        response = self.render_template("pantau/totp_codes.html", codes=codes, title=str(totp.TITLE))
        return response, 200, {"Cache-Control": "no-store"}
