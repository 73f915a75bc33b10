"""The user screens of Pantau: FAB's, narrowed to the organisation scope of the administrator."""
from flask import abort, g, request
from flask_appbuilder.security.views import ResetPasswordView, UserDBModelView
from flask_appbuilder.models.filters import BaseFilter
from flask_appbuilder.models.sqla.interface import SQLAInterface
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, exists, not_, or_

from app.models.user import PantauUser
from app.scope import current_scope
from app.security.tiers import ADMIN_SISTEM, DELEGABLE_BY_ADMIN_INSTANSI
from app.views.base import ScopedViewMixin, check_in_scope
from app.scope import ScopeError


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
            raise ScopeError(str(_l("Pilih minimal satu peran.")))
        scope = current_scope()
        if not scope.unrestricted:
            if any(role.name not in DELEGABLE_BY_ADMIN_INSTANSI for role in item.roles):
                raise ScopeError(str(_l("Anda tidak boleh memberikan peran Admin Sistem.")))
            check_in_scope(item)
        if item.locale and item.locale not in ("id", "en"):
            raise ScopeError(str(_l("Bahasa harus id atau en.")))

    def pre_add(self, item):
        self._check_user(item)

    def pre_update(self, item):
        if item.id == getattr(g.user, "id", None) and not current_scope().unrestricted:
            raise ScopeError(str(_l("Ubah data Anda sendiri melalui menu profil.")))
        self._check_user(item)

    def pre_delete(self, item):
        if item.id == getattr(g.user, "id", None):
            raise ScopeError(str(_l("Anda tidak dapat menghapus akun Anda sendiri.")))
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
