"""Base classes every Pantau screen and API is built on: they apply the organisation scope.

FAB's ``base_filters`` cover list, count, show, edit and delete. These classes add
the rest: relation drop-downs in add, edit and search forms, a check before any
add, edit or delete (so a forged POST cannot create or move a row outside the
scope), FAB's row actions (which load rows without the base filters), and file
downloads. Every ModelView and ModelRestApi of Pantau derives from these.

They are also the one place a refused write is handled. The rules themselves
live in the areas (``app/models/org.py``, ``app/complaints/rules.py``,
``app/fkp/rules.py``, ``app/skm/rules.py`` ...) as plain functions returning
problems, named in a view's or API's ``rules`` (and ``delete_rules``) so that
the screen, the REST API, the importer and the CLI refuse the same things. A
screen refuses with ``FormRefused`` (FAB flashes its message), an API with 400;
either way the session is rolled back here, once.
``ScopeError`` means out of scope and nothing else.
"""
import contextlib
import datetime
import functools

from flask import abort, flash, g, redirect, request, url_for
from flask_appbuilder import ModelRestApi, ModelView
from flask_appbuilder.baseviews import expose
from flask_appbuilder.fieldwidgets import Select2Widget
from flask_appbuilder.security.decorators import has_access
from flask_babel import gettext as _, lazy_gettext as _l
from flask_wtf.csrf import CSRFError, validate_csrf
from werkzeug.exceptions import BadRequest
from wtforms import SelectField, ValidationError
from wtforms.validators import InputRequired, Optional

from app.extensions import db
from app.locale import format_utc_datetime, plain_year, readable, record_name
from app.models.base import Scoped
from app.scope import SCOPE_FILTER, ScopeError, current_scope

OUT_OF_SCOPE = _l("Data berada di luar cakupan organisasi Anda.")


class FormRefused(Exception):
    """The area's rules refuse what a form would write; ``problems`` say why, in the user's language."""

    def __init__(self, problems):
        self.problems = [str(problem) for problem in problems]
        super().__init__(" ".join(self.problems))


def refuse_if(problems):
    """Raise FormRefused when the rules found ``problems``."""
    if problems:
        raise FormRefused(problems)


class Attempt:
    """The outcome of ``attempt``: ``refused`` holds the refusal, None when the change was committed."""

    refused = None


@contextlib.contextmanager
def attempt(*refusals):
    """Run one change of a hand-written POST: commit it, or roll it back and flash why one of ``refusals`` stopped it
    (any other error is rolled back too, and raised)."""
    outcome = Attempt()
    try:
        yield outcome
        db.session.commit()
    except refusals as error:
        db.session.rollback()
        outcome.refused = error
        flash(str(error), "danger")
    except Exception:
        db.session.rollback()
        raise


def _rolled_back_when_refused(hook):
    """Wrap a pre_add/pre_update/pre_delete hook: a refusal rolls the session back, so nothing half-made is written."""

    @functools.wraps(hook)
    def guarded(self, item):
        try:
            return hook(self, item)
        except (FormRefused, ScopeError):
            db.session.rollback()
            raise

    return guarded


def _refused_as_bad_request(hook):
    """Wrap an API hook: a refusal rolls back and answers 400 (FAB's API turns any other exception into a 500)."""

    @functools.wraps(hook)
    def guarded(self, item):
        try:
            return hook(self, item)
        except (FormRefused, ScopeError) as error:
            db.session.rollback()
            raise BadRequest(description=str(error))

    return guarded


class RefusalHandling:
    """Wraps every pre_add/pre_update/pre_delete a subclass defines with ``wrapper``; runs the ``rules``."""

    refusal_wrapper = staticmethod(_rolled_back_when_refused)
    # Domain functions (item -> list of problems) checked before every add and edit, the same ones every door calls.
    rules = ()
    # The same, checked before every delete.
    delete_rules = ()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for name in ("pre_add", "pre_update", "pre_delete"):
            hook = cls.__dict__.get(name)
            if hook is not None and not getattr(hook, "refusal_handled", False):
                wrapped = cls.refusal_wrapper(hook)
                wrapped.refusal_handled = True
                setattr(cls, name, wrapped)

    def check_rules(self, item, rules=None):
        """Raise FormRefused with every problem the ``rules`` (or the given ones) find in ``item``."""
        refuse_if([problem for rule in (self.rules if rules is None else rules) for problem in rule(item)])


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


def form_date(value):
    """A date typed in a form or query string as YYYY-MM-DD (an <input type="date">), or None (empty or not a date)."""
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


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


class EnumSelectField(SelectField):
    """The one drop-down of an enum column: shows each member's label and submits its stored value (what the
    database, the REST API and the list filters use). A forged or stale value is a field message, never a 500."""

    def __init__(self, enum_class, label=None, required=True, **kwargs):
        self.enum_class = enum_class
        kwargs.setdefault("widget", Select2Widget())
        super().__init__(label, [InputRequired()] if required else [Optional()], coerce=self._member,
                         choices=[(member.value, member.label) for member in enum_class], **kwargs)

    def _member(self, value):
        if value is None or value == "" or isinstance(value, self.enum_class):
            return value or None
        return self.enum_class(value)  # ValueError for an unknown value: WTForms turns it into the field's message

    def pre_validate(self, form):
        if self.data is not None:  # an empty optional field has no choice to check
            super().pre_validate(form)


class EnumFormFields:
    """Gives every enum column of a screen's add, edit and search forms the one EnumSelectField (FAB's own
    EnumField submits member names); a field a view declares itself is left as it is."""

    def _init_properties(self):
        super()._init_properties()
        for kind, columns in (("add", self.add_columns), ("edit", self.edit_columns), ("search", self.search_columns)):
            declared = getattr(self, f"{kind}_form_extra_fields") or {}
            fields = {column: EnumSelectField(self.datamodel.list_columns[column].type.enum_class,
                                              self.label_columns.get(column),
                                              required=kind != "search" and not self.datamodel.is_nullable(column))
                      for column in columns or [] if column not in declared and self.datamodel.is_enum(column)}
            setattr(self, f"{kind}_form_extra_fields", {**fields, **declared})


def check_in_scope(item):
    """Raise ScopeError if ``item`` would lie outside the current user's scope."""
    if not current_scope().contains(item):
        db.session.rollback()
        raise ScopeError(str(OUT_OF_SCOPE))


class ScopedViewMixin(EnumFormFields, RefusalHandling):
    """The organisation scope for a FAB CRUD view, and its rules."""

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
        if column.rsplit(".", 1)[-1].endswith("year"):
            return plain_year
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
        self.check_rules(item)

    def pre_update(self, item):
        check_in_scope(item)
        self.check_rules(item)

    def pre_delete(self, item):
        check_in_scope(item)
        self.check_rules(item, self.delete_rules)

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


class ScopedModelRestApi(RefusalHandling, ModelRestApi):
    """A REST API over a scoped model: same filter, same rules, 404 for rows out of scope, 400 for a refused write."""

    refusal_wrapper = staticmethod(_refused_as_bad_request)

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

    def pre_add(self, item):
        check_in_scope(item)
        self.check_rules(item)

    def pre_update(self, item):
        check_in_scope(item)
        self.check_rules(item)

    def pre_delete(self, item):
        check_in_scope(item)
        self.check_rules(item, self.delete_rules)


class ReferenceModelView(EnumFormFields, ModelView):
    """National reference data that every tier reads and only Admin Sistem changes.

    Use only for rows that belong to no organisation node (an evaluation
    instrument, a national catalogue). The tiers' roles grant read permissions
    on such views, never write ones; the authorisation matrix checks that.
    """

    page_size = 25
