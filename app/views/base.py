"""Base classes every Pantau screen and API is built on: they apply the organisation scope.

FAB's ``base_filters`` cover list, count, show, edit and delete. These classes add
the rest: relation drop-downs in add, edit and search forms, a check before any
add, edit or delete (so a forged POST cannot create or move a row outside the
scope), FAB's row actions (which load rows without the base filters), and file
downloads. Every ModelView and ModelRestApi of Pantau derives from these.
"""
from flask import abort, g, redirect, request, url_for
from flask_appbuilder import ModelRestApi, ModelView
from flask_appbuilder.baseviews import expose
from flask_appbuilder.security.decorators import has_access
from flask_babel import gettext as _, lazy_gettext as _l
from flask_wtf.csrf import CSRFError, validate_csrf
from werkzeug.exceptions import BadRequest
from wtforms import ValidationError

from app.extensions import db
from app.locale import format_utc_datetime, readable, record_name
from app.models.base import Scoped
from app.scope import SCOPE_FILTER, ScopeError, current_scope

OUT_OF_SCOPE = _l("Data berada di luar cakupan organisasi Anda.")


def scoped_relations(datamodel, columns):
    """Relation columns among ``columns`` whose related model is scoped."""
    result = []
    for column in columns or []:
        if datamodel.is_relation(column):
            related = datamodel.get_related_model(column)
            if issubclass(related, Scoped):
                result.append(column)
    return result


def with_scope_filters(rel_fields, datamodel, columns):
    """``rel_fields`` plus the scope filter on every scoped relation among ``columns``."""
    merged = {key: list(value) for key, value in (rel_fields or {}).items()}
    for column in scoped_relations(datamodel, columns):
        filters = merged.setdefault(column, [])
        if SCOPE_FILTER not in filters:
            filters.append(SCOPE_FILTER)
    return merged


def require_csrf():
    """Refuse a hand-written form POST without a valid CSRF token (FAB checks only its own forms)."""
    try:
        validate_csrf(request.form.get("csrf_token"))
    except (ValidationError, CSRFError):
        abort(400, description=str(_l("Formulir kedaluwarsa atau tidak sah; muat ulang halaman dan kirim lagi.")))


def enum_label(enum_class, value):
    """The label of the member of ``enum_class`` whose value is ``value`` (its code if it has no label)."""
    if value is None:
        return ""
    try:
        member = enum_class(value)
    except ValueError:
        return value
    label = getattr(member, "label", None)
    return str(label) if label is not None else member.value


def check_in_scope(item):
    """Raise ScopeError if ``item`` would lie outside the current user's scope."""
    if not current_scope().contains(item):
        db.session.rollback()
        raise ScopeError(str(OUT_OF_SCOPE))


class ScopedViewMixin:
    """The organisation scope for a FAB CRUD view."""

    utc_columns = ()  # naive UTC timestamp columns, shown in local time

    def _init_properties(self):
        self.base_filters = [SCOPE_FILTER] + [f for f in (self.base_filters or []) if f is not SCOPE_FILTER]
        super()._init_properties()
        self.add_form_query_rel_fields = with_scope_filters(
            self.add_form_query_rel_fields, self.datamodel, self.add_columns
        )
        self.edit_form_query_rel_fields = with_scope_filters(
            self.edit_form_query_rel_fields, self.datamodel, self.edit_columns
        )
        self.search_form_query_rel_fields = with_scope_filters(
            self.search_form_query_rel_fields, self.datamodel, self.search_columns
        )
        self.formatters_columns = {
            **{column: self._display_formatter(column) for column in (self.list_columns or []) + (self.show_columns or [])},
            **(self.formatters_columns or {}),
        }

    def _display_formatter(self, column):
        """How a person sees a value: an enum's translated label (FAB gives its code), else as app/locale.py
        writes it (an empty cell for none, Ya/Tidak, the one date format, the language's number separators)."""
        if column in self.utc_columns:
            return format_utc_datetime
        enum_class = None
        if self.datamodel.is_enum(column):
            enum_class = getattr(self.datamodel.list_columns[column].type, "enum_class", None)
        if enum_class is None:
            return readable
        return lambda value: enum_label(enum_class, value)

    # After a save, the user lands on the saved record's page, told in words which record it was.
    # FAB flashes add_row_message / edit_row_message right after post_add / post_update.

    def post_add(self, item):
        g.pantau_saved = item

    def post_update(self, item):
        g.pantau_saved = item

    @property
    def add_row_message(self):
        return self._saved_message()

    @property
    def edit_row_message(self):
        return self._saved_message()

    def _saved_message(self):
        item = g.get("pantau_saved")
        if item is None:
            return _("Data tersimpan.")
        return _("Tersimpan: %(record)s.", record=record_name(item, self.show_title))

    def post_add_redirect(self):
        return self._to_saved_record() or super().post_add_redirect()

    def post_edit_redirect(self):
        return self._to_saved_record() or super().post_edit_redirect()

    def _to_saved_record(self):
        item = g.get("pantau_saved")
        if item is None or (self.include_route_methods is not None and "show" not in self.include_route_methods):
            return None
        if not self.appbuilder.sm.has_access("can_show", self.class_permission_name):
            return None
        return redirect(url_for(f"{self.endpoint}.show", pk=self.datamodel.get_pk_value(item)))

    def pre_add(self, item):
        check_in_scope(item)

    def pre_update(self, item):
        check_in_scope(item)

    def pre_delete(self, item):
        check_in_scope(item)

    def get_scoped_item(self, pk):
        """The row with ``pk`` if the user may reach it, else 404."""
        item = self.datamodel.get(self._deserialize_pk_if_composite(pk), self._base_filters)
        if item is None:
            abort(404)
        return item

    @expose("/action/<string:name>/<pk>", methods=["GET", "POST"])
    def action(self, name, pk):
        """Run a single-row action, on a row in scope only."""
        self.get_scoped_item(pk)
        return super().action(name, pk)

    @expose("/action_post", methods=["POST"])
    def action_post(self):
        """Run a list action, refusing the whole request if any row is out of scope."""
        for pk in request.form.getlist("rowid"):
            self.get_scoped_item(pk)
        return super().action_post()

    @expose("/download/<string:filename>")
    @has_access
    def download(self, filename):
        """FAB's unscoped file download is not offered; each area serves its files itself."""
        abort(404)


class ScopedModelView(ScopedViewMixin, ModelView):
    """A CRUD screen over a scoped model. Set the four titles (FAB's defaults are not translatable)."""

    page_size = 25


class ScopedModelRestApi(ModelRestApi):
    """A REST API over a scoped model: same filter, same checks, 404 for rows out of scope."""

    allow_browser_login = True
    # A browser session may call the API, so writes need the CSRF token (X-CSRFToken header).
    csrf_exempt = False

    def _init_properties(self):
        self.base_filters = [SCOPE_FILTER] + [f for f in (self.base_filters or []) if f is not SCOPE_FILTER]
        super()._init_properties()
        self.add_query_rel_fields = with_scope_filters(self.add_query_rel_fields, self.datamodel, self.add_columns)
        self.edit_query_rel_fields = with_scope_filters(self.edit_query_rel_fields, self.datamodel, self.edit_columns)
        self.search_query_rel_fields = with_scope_filters(
            getattr(self, "search_query_rel_fields", None), self.datamodel, self.search_columns
        )

    def _check(self, item):
        # FAB's API wrapper turns any other exception (abort included) into a 500.
        try:
            check_in_scope(item)
        except ScopeError as error:
            raise BadRequest(description=str(error))

    def pre_add(self, item):
        self._check(item)

    def pre_update(self, item):
        self._check(item)

    def pre_delete(self, item):
        self._check(item)


class ReferenceModelView(ModelView):
    """National reference data that every tier reads and only Admin Sistem changes.

    Use only for rows that belong to no organisation node (an evaluation
    instrument, a national catalogue). The tiers' roles grant read permissions
    on such views, never write ones; the authorisation matrix checks that.
    """

    page_size = 25
