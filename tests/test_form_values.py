"""A value outside a drop-down's choices (a forged or stale form) is a field message, never a 500.

Every enum drop-down is the one field of app/views/base.py and submits the member's stored value."""
from wtforms import SelectField, SelectMultipleField
from wtforms.fields.core import UnboundField

from tests.conftest import csrf_token


def form_classes(app):
    """(url, form class) of every add, edit and search form of every screen."""
    for view in app.appbuilder.baseviews:
        if not hasattr(view, "route_base"):
            continue
        for kind in ("add", "edit", "search"):
            form_class = getattr(view, f"{kind}_form", None)
            if form_class is not None:
                yield f"{view.route_base}/{kind}", form_class


def choice_fields(form_class):
    """Names of the plain drop-downs of ``form_class`` (not relation pickers, whose values are ids)."""
    fields = [(name, getattr(form_class, name)) for name in dir(form_class) if not name.startswith("_")]
    return [name for name, field in fields
            if isinstance(field, UnboundField) and issubclass(field.field_class, SelectField)
            and not issubclass(field.field_class, SelectMultipleField)]


def test_an_unknown_status_on_the_follow_up_form_is_a_field_message(fresh, app, as_user):
    client = as_user("admin.instansi")
    response = client.post("/followupview/add", data={"status": "PLANNED", "csrf_token": csrf_token(client)})
    assert response.status_code == 200
    assert "Pilihan tidak sah: nilai ini tidak ada dalam daftar." in response.get_data(as_text=True)


def test_no_form_answers_500_to_a_value_outside_its_choices(fresh, app, as_user):
    client = as_user("admin")
    token = csrf_token(client)
    checked = []
    for view in app.appbuilder.baseviews:
        for kind in ("add", "edit"):
            form_class = getattr(view, f"{kind}_form", None)
            if form_class is None or not hasattr(view, "route_base"):
                continue
            fields = choice_fields(form_class)
            if not fields:
                continue
            url = f"{view.route_base}/add" if kind == "add" else f"{view.route_base}/edit/1"
            response = client.post(url, data={**{name: "planned" for name in fields}, "csrf_token": token})
            assert response.status_code != 500, (url, fields)
            checked.append(url)
    assert "/followupview/add" in checked, checked


def test_every_enum_drop_down_is_the_one_field_and_offers_stored_values(app):
    from app.views.base import EnumSelectField

    seen = set()
    for url, form_class in form_classes(app):
        for name in choice_fields(form_class):
            unbound = getattr(form_class, name)
            if issubclass(unbound.field_class, EnumSelectField):
                enum_class = unbound.args[0]
                with app.test_request_context():
                    offered = [value for value, _label, *_rest in form_class(meta={"csrf": False})[name].iter_choices()]
                assert offered == [member.value for member in enum_class], (url, name)
                seen.add(enum_class.__name__)
                continue
            assert unbound.field_class is SelectField, (url, name, unbound.field_class)  # not FAB's EnumField
    # one field for the four areas: complaints, FKP, SKM and reports (and the backups)
    assert {"Classification", "AgreementStatus", "DocumentKind", "ActionStatus", "PublicationMedium", "RespondentSource",
            "EvidenceStatus", "PeriodRule", "BackupStatus"} <= seen, seen

