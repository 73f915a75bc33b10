"""The one organisation scope: which rows a user may see and touch.

A user belongs to one or more organisation nodes. A row is in the user's scope
when its node lies in the subtree of one of them (OR); a user with no node sees
nothing. Admin Sistem sees everything. Every screen, API, download, chart and
export asks this module, through ``current_scope()``.
"""
from flask import abort, current_app, g, has_request_context
from flask_appbuilder.models.filters import BaseFilter
from sqlalchemy import false, or_, select, true

from app.models.org import OrgNode, instansi_path


class Scope:
    """The set of organisation subtrees one actor may reach."""

    def __init__(self, paths=(), unrestricted=False):
        self.paths = tuple(paths)
        self.unrestricted = unrestricted
        self._node_id_list = None

    def __repr__(self):
        return "Scope(everything)" if self.unrestricted else f"Scope({', '.join(self.paths)})"

    @classmethod
    def everything(cls):
        """For the system itself: CLI commands and scheduled jobs."""
        return cls(unrestricted=True)

    @classmethod
    def of_nodes(cls, nodes):
        return cls(paths=[node.path for node in nodes])

    @classmethod
    def of_user(cls, user):
        if user is None or not getattr(user, "is_authenticated", False):
            return cls()
        admin_role = current_app.config.get("AUTH_ROLE_ADMIN")
        if any(role.name == admin_role for role in user.roles):
            return cls.everything()
        return cls.of_nodes(getattr(user, "org_nodes", []))

    def node_ids(self):
        """A subquery of the ids of every node in scope."""
        query = select(OrgNode.id)
        if self.unrestricted:
            return query
        if not self.paths:
            return query.where(false())
        return query.where(or_(*[OrgNode.path.startswith(path, autoescape=True) for path in self.paths]))

    def clause(self, model):
        """SQL condition that keeps only the rows of ``model`` in scope."""
        if self.unrestricted:
            return true()
        if not self.paths:
            return false()
        return model.scope_clause(self.node_ids().scalar_subquery())

    def whole_instansi(self):
        """True when every path of the scope is an instansi's own."""
        return bool(self.paths) and all(instansi_path(path) == path for path in self.paths)

    def node_id_list(self):
        """The ids of every node in scope, read once for this scope (a request's scope lives as long as the request)."""
        from app.extensions import db

        if self._node_id_list is None:
            self._node_id_list = list(db.session.execute(self.node_ids()).scalars())
        return self._node_id_list

    def listed_clause(self, model):
        """``clause`` with the node ids written out. PostgreSQL then estimates the rows of each id from its
        statistics, so a list page or a capped count stops after its rows; given the subquery it may plan a scan
        of the whole table (a million complaints) for an OPD's page."""
        if self.unrestricted:
            return true()
        return model.scope_clause(self.node_id_list())

    def apply(self, query, model):
        """``query`` (a Select or Query over ``model``) narrowed to the scope."""
        if self.unrestricted:
            return query
        return query.filter(self.clause(model))

    def contains_node(self, node):
        if node is None:
            return False
        if self.unrestricted:
            return True
        return any(node.is_within(path) for path in self.paths)

    def contains(self, obj):
        """True if every node ``obj`` belongs to is in scope (and it belongs to one)."""
        if self.unrestricted:
            return True
        nodes = obj.scope_nodes()
        return bool(nodes) and all(self.contains_node(node) for node in nodes)

    def get_or_404(self, model, pk):
        """The row of ``model`` with primary key ``pk``, or 404 if it is missing or out of scope."""
        from app.extensions import db

        try:
            pk = int(pk)
        except (TypeError, ValueError):
            abort(404)
        query = self.apply(select(model).where(model.id == pk), model)
        obj = db.session.execute(query).scalar_one_or_none()
        if obj is None:
            abort(404)
        return obj


def current_scope():
    """The scope of the user of this request; the whole system outside a request."""
    if not has_request_context():
        return Scope.everything()
    if "pantau_scope" not in g:
        g.pantau_scope = Scope.of_user(getattr(g, "user", None))
    return g.pantau_scope


class FilterInScope(BaseFilter):
    """FAB filter that narrows any scoped model to the user's scope, evaluated per request."""

    name = "Dalam cakupan"
    arg_name = "in_scope"

    def apply(self, query, value):
        scope = current_scope()
        return query if scope.unrestricted else query.filter(scope.listed_clause(self.model))


SCOPE_FILTER = ["id", FilterInScope, None]


class ScopeError(Exception):
    """A change would put a row outside the user's scope."""
