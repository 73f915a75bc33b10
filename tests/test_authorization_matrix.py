"""The authorisation matrix: every registered endpoint, every tier, in-scope and out-of-scope rows.

The endpoints are discovered from the app's URL map, so a new screen, API or
download cannot escape: an endpoint that is neither public (declared with a
reason in app/security/public.py), nor admin-only, nor served by a scoped view
or API, nor covered by a probe below, fails ``test_every_endpoint_is_covered``.
"""
import re

import pytest
from sqlalchemy import func, not_, select


from app.models.org import OrgNode
from app.scope import Scope
from app.security.public import PUBLIC_ENDPOINTS
from app.views.base import ReferenceModelView, ScopedModelRestApi, ScopedViewMixin, scoped_relations
from tests.conftest import csrf_token, login, reset_data
from tests.authz_probes import load_all as load_probes
from tests.factories import load_all

# FAB's own security screens: Admin Sistem only. Every other tier must be refused.
ADMIN_ONLY_VIEWS = {
    "RoleModelView", "PermissionModelView", "ViewMenuModelView", "PermissionViewModelView",
    "GroupModelView", "UserGroupModelView", "UserStatsChartView", "SecurityApi", "OpenApi", "SwaggerView",
    "BackupScheduleView", "BackupRunView",
}
# Endpoints of a logged-in user about itself, answering the same for every tier.
SELF_ENDPOINTS = {
    "UserInfoEditView.this_form_get", "UserInfoEditView.this_form_post",
    "ResetMyPasswordView.this_form_get", "ResetMyPasswordView.this_form_post",
    "PantauUserView.userinfo", "MenuApi.get_menu_data",
    "TotpView.index", "TotpView.enrol", "TotpView.new_codes", "TotpView.switch_off",
}

# FAB's own CRUD endpoints, which the scoped base classes cover and the tests below exercise.
# Any other endpoint of a scoped view (an export, a download, a custom page) needs a probe.
STANDARD_VIEW_METHODS = {"list", "show", "add", "edit", "delete", "action", "action_post", "download"}
STANDARD_API_METHODS = {"get", "get_list", "info", "post", "put", "delete"}

UNITS = {"rsud": "JTG-RSUD-MOEWARDI", "dukcapil": "JTG-DUKCAPIL-PD", "kota": "SMG-PKM-PANDANARAN"}
# Which of the three rows each demo user may reach.
VISIBLE = {
    "admin": {"rsud", "dukcapil", "kota"},
    "admin.instansi": {"rsud", "dukcapil"},
    "pimpinan": {"rsud", "dukcapil"},
    "penghubung.dinkes": {"rsud"},
    "operator.rsud": {"rsud"},
    "tanpa.node": set(),
}
DENIED = (302, 403, 404)


def appbuilder_views(app):
    return {view.__class__.__name__: view for view in app.appbuilder.baseviews}


def scoped_views(app):
    return [v for v in app.appbuilder.baseviews if isinstance(v, ScopedViewMixin)]


def scoped_apis(app):
    return [v for v in app.appbuilder.baseviews if isinstance(v, ScopedModelRestApi)]


def test_every_endpoint_is_covered(app):
    """Each URL rule is public with a reason, admin-only, self-service, scoped, or probed."""
    views = appbuilder_views(app)
    probed = load_probes()
    uncovered = []
    for rule in app.url_map.iter_rules():
        endpoint = rule.endpoint
        owner = endpoint.split(".")[0]
        if endpoint in ("static", "appbuilder.static") or endpoint in PUBLIC_ENDPOINTS:
            continue
        if endpoint in SELF_ENDPOINTS or owner in ADMIN_ONLY_VIEWS or endpoint in probed:
            continue
        view = views.get(owner)
        method = endpoint.split(".", 1)[-1]
        if isinstance(view, (ScopedViewMixin, ReferenceModelView)) and method in STANDARD_VIEW_METHODS:
            continue
        if isinstance(view, ScopedModelRestApi) and method in STANDARD_API_METHODS:
            continue
        uncovered.append(f"{endpoint} {rule.rule}")
    assert not uncovered, "endpoints without a scope declaration or probe:\n" + "\n".join(uncovered)


def test_every_scoped_model_has_a_factory(app):
    factories = load_all()
    missing = {v.datamodel.obj.__name__ for v in scoped_views(app) + scoped_apis(app) if v.datamodel.obj not in factories}
    assert not missing, f"add a factory in tests/factories/ for: {sorted(missing)}"


@pytest.fixture(scope="module")
def world(app):
    """Three rows per scoped view: in every Jateng tier's scope, in the instansi only, in another instansi."""
    reset_data(app)
    factories = load_all()
    from app.extensions import db

    with app.app_context():
        from app.models.user import PantauUser
        from werkzeug.security import generate_password_hash

        units = {key: db.session.execute(select(OrgNode).where(OrgNode.code == code)).scalar_one() for key, code in UNITS.items()}
        nobody = PantauUser(
            username="tanpa.node", first_name="Tanpa", last_name="Node", email="tanpa.node@pantau.test",
            active=True, password=generate_password_hash("Pantau#Demo2026", method="pbkdf2:sha256:1000"),
            roles=[app.appbuilder.sm.find_role("Operator Unit")],
        )
        db.session.add(nobody)
        rows = {}
        for view in scoped_views(app) + scoped_apis(app):
            make = factories[view.datamodel.obj].make
            rows[view.__class__.__name__] = {key: _pk(make(unit, view)) for key, unit in units.items()}
        db.session.commit()
        unit_ids = {key: unit.id for key, unit in units.items()}
    yield {"rows": rows, "units": unit_ids, "factories": factories}
    reset_data(app)


def _pk(row):
    return row.id


@pytest.fixture(scope="module")
def clients(app, world):
    result = {}
    for username in VISIBLE:
        client = app.test_client()
        response = login(client, username)
        assert response.status_code == 302 and "/login" not in response.headers["Location"], username
        result[username] = client
    return result


def _count(db, model):
    db.session.rollback()
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


@pytest.mark.parametrize("username", list(VISIBLE))
def test_scoped_screens_show_only_rows_in_scope(app, db, world, clients, username):
    client = clients[username]
    checked = 0
    for view in scoped_views(app):
        name = view.__class__.__name__
        base = view.route_base
        rows = world["rows"][name]
        listing = client.get(f"{base}/list/?psize_{view.__class__.__name__}=100")
        if listing.status_code in DENIED:
            for pk in rows.values():
                assert client.get(f"{base}/show/{pk}").status_code in DENIED, (name, username, pk)
            continue
        assert listing.status_code == 200, (name, username, listing.status_code)
        html = listing.get_data(as_text=True)
        for key, pk in rows.items():
            show = client.get(f"{base}/show/{pk}")
            if reachable(app, db, username, view.datamodel.obj, pk, key):
                assert show.status_code in (200, 403, 302), (name, username, key, show.status_code)
            else:
                checked += 1
                assert show.status_code in DENIED, f"{username} reaches out-of-scope {name} {pk} via show"
                assert f'{base}/show/{pk}"' not in html, f"{username} lists out-of-scope {name} {pk}"
                assert client.get(f"{base}/edit/{pk}").status_code in DENIED, f"{username} edits {name} {pk}"
                token = csrf_token(client)
                before = db.session.get(view.datamodel.obj, pk)
                assert before is not None
                post = client.post(f"{base}/delete/{pk}", data={"csrf_token": token})
                assert post.status_code in DENIED, f"{username} deletes out-of-scope {name} {pk}"
                action = client.post(f"{base}/action_post", data={"action": "muldelete", "rowid": [str(pk)], "csrf_token": token})
                assert action.status_code in DENIED, f"{username} runs an action on out-of-scope {name} {pk}"
                db.session.rollback()
                assert db.session.get(view.datamodel.obj, pk) is not None, f"{username} deleted {name} {pk}"
    if username != "admin":
        assert checked > 0


def reachable(app, db, username, model, pk, key):
    """The matrix's expectation: the row's unit is visible to the user (table above), and the row is
    not above the user's node (an instansi row is not in an OPD liaison's subtree)."""
    if key not in VISIBLE[username]:
        return False
    if username == "admin":
        return True
    user = app.appbuilder.sm.find_user(username=username)
    return Scope.of_user(user).contains(db.session.get(model, pk))


def may(app, username, permission, view_name):
    """Whether the user's tiers grant ``permission`` on ``view_name`` (FAB builtin roles)."""
    sm = app.appbuilder.sm
    user = sm.find_user(username=username)
    return any(
        role.name == app.config["AUTH_ROLE_ADMIN"] or sm._has_access_builtin_roles(role, permission, view_name)
        for role in user.roles
    )


def _options(html, field):
    match = re.search(rf'<select[^>]*id="{field}"[^>]*>(.*?)</select>', html, re.S)
    return set(re.findall(r'value="(\d+)"', match.group(1))) if match else None


@pytest.mark.parametrize("username", list(VISIBLE))
def test_add_forms_offer_and_accept_only_rows_in_scope(app, db, world, clients, username):
    client = clients[username]
    user = app.appbuilder.sm.find_user(username=username)
    scope = Scope.of_user(user) if username != "admin" else Scope.everything()
    for view in scoped_views(app):
        base = view.route_base
        form_page = client.get(f"{base}/add")
        if form_page.status_code != 200:
            continue
        html = form_page.get_data(as_text=True)
        for column in scoped_relations(view.datamodel, view.add_columns):
            related = view.datamodel.get_related_model(column)
            outside = set(
                str(pk) for pk in db.session.execute(select(related.id).where(not_(scope.clause(related))).limit(200)).scalars()
            )
            offered = _options(html, column) or set()
            assert not (offered & outside), f"{username}: {view.__class__.__name__}.{column} offers out-of-scope ids {offered & outside}"
        make_form = world["factories"][view.datamodel.obj].form
        if make_form is None:
            continue
        units = {key: db.session.get(OrgNode, pk) for key, pk in world["units"].items()}
        outside_form, inside_form = make_form(units["kota"], view), make_form(units["rsud"], view)
        if outside_form is None:
            continue
        model = view.datamodel.obj
        token = csrf_token(client, f"{base}/add")
        before = _count(db, model)
        if "kota" not in VISIBLE[username]:
            client.post(f"{base}/add", data={**outside_form, "csrf_token": token})
            db.session.rollback()
            assert _count(db, model) == before, f"{username} created a {model.__name__} in another instansi through {base}/add"
        if "rsud" in VISIBLE[username]:
            client.post(f"{base}/add", data={**inside_form, "csrf_token": token})
            db.session.rollback()
            assert _count(db, model) == before + 1, f"{username} could not add a {model.__name__} in its own scope"


@pytest.mark.parametrize("username", list(VISIBLE))
def test_scoped_apis_answer_404_out_of_scope(app, db, world, clients, username):
    client = clients[username]
    token = csrf_token(client)
    for api in scoped_apis(app):
        name = api.__class__.__name__
        base = f"/api/v1/{api.resource_name}"
        rows = world["rows"][name]
        listing = client.get(f"{base}/?q=(page_size:100)")
        if listing.status_code in (401, 403):
            continue
        assert listing.status_code == 200, (name, username, listing.status_code)
        listed = set(listing.get_json()["ids"])
        for key, pk in rows.items():
            if reachable(app, db, username, api.datamodel.obj, pk, key):
                continue
            assert pk not in listed, f"{username} lists out-of-scope {name} {pk}"
            assert client.get(f"{base}/{pk}").status_code in (401, 403, 404)
            assert client.delete(f"{base}/{pk}", headers={"X-CSRFToken": token}).status_code in (401, 403, 404)
            assert client.put(f"{base}/{pk}", json={"name": "x"}, headers={"X-CSRFToken": token}).status_code in (400, 401, 403, 404, 422)
            db.session.rollback()
            assert db.session.get(api.datamodel.obj, pk) is not None
        payload = world["factories"][api.datamodel.obj].api_payload
        if payload is None:
            continue
        units = {key: db.session.get(OrgNode, pk) for key, pk in world["units"].items()}
        model = api.datamodel.obj
        before = _count(db, model)
        if "kota" not in VISIBLE[username]:
            response = client.post(f"{base}/", json=payload(units["kota"], api), headers={"X-CSRFToken": token})
            db.session.rollback()
            assert response.status_code in (400, 401, 403, 404, 422), (name, username, response.status_code)
            assert _count(db, model) == before, f"{username} created a {model.__name__} in another instansi via {base}/"
        if "rsud" in VISIBLE[username] and may(app, username, "can_post", name):
            response = client.post(f"{base}/", json=payload(units["rsud"], api), headers={"X-CSRFToken": token})
            db.session.rollback()
            assert response.status_code == 201, (name, username, response.status_code, response.get_data(as_text=True))
            assert _count(db, model) == before + 1


@pytest.mark.parametrize("username", [u for u in VISIBLE if u != "admin"])
def test_admin_only_screens_refuse_other_tiers(app, clients, username):
    client = clients[username]
    for view in app.appbuilder.baseviews:
        name = view.__class__.__name__
        if name in ADMIN_ONLY_VIEWS and hasattr(view, "route_base") and "list" in getattr(view, "base_permissions", ["can_list"]) or name in ADMIN_ONLY_VIEWS and name.endswith("ModelView"):
            assert client.get(f"{view.route_base}/list/").status_code in (302, 403, 404), (username, name)


@pytest.mark.parametrize("username", [u for u in VISIBLE if u != "admin"])
def test_reference_data_is_read_only_for_tiers(app, clients, username):
    client = clients[username]
    for view in app.appbuilder.baseviews:
        if isinstance(view, ReferenceModelView):
            assert client.get(f"{view.route_base}/add").status_code in (302, 403), (username, view)


@pytest.mark.parametrize("username", list(VISIBLE))
def test_probed_endpoints_keep_scope(app, db, world, clients, username):
    for probe in set(load_probes().values()):
        probe(app, clients[username], username, world, VISIBLE[username])


def screens_and_apis_per_model(app):
    """{model: (its scoped screens, its scoped APIs)} for every model that has both."""
    pairs = {}
    for view in scoped_views(app) + scoped_apis(app):
        screens, apis = pairs.setdefault(view.datamodel.obj, ([], []))
        (apis if isinstance(view, ScopedModelRestApi) else screens).append(view)
    return {model: pair for model, pair in pairs.items() if pair[0] and pair[1]}


def test_a_model_with_a_screen_and_an_api_checks_the_same_rules_at_both(app):
    pairs = screens_and_apis_per_model(app)
    assert pairs, "no model has both a screen and an API: the parity check below would prove nothing"
    for model, (screens, apis) in pairs.items():
        rules = {rule for screen in screens for rule in screen.rules}
        for api in apis:
            assert set(api.rules) == rules, f"{api.__class__.__name__} checks other rules than the {model.__name__} screens"
        assert load_all()[model].refused, f"give the {model.__name__} factory refused cases (tests/factories/)"


def test_what_the_screen_refuses_the_api_refuses(app, db, world, clients):
    """For every model with both doors, each write the rules refuse is refused by the screen and by the API alike."""
    client = clients["admin"]  # Admin Sistem: the whole tree is in scope, so only the rules can refuse
    token = csrf_token(client)
    views = appbuilder_views(app)
    unit = db.session.get(OrgNode, world["units"]["rsud"])
    for model, (screens, apis) in screens_and_apis_per_model(app).items():
        cases = load_all()[model].refused(unit)
        db.session.commit()
        for why, view_name, form, payload in cases:
            before = _count(db, model)
            screen = views[view_name]
            page = client.post(f"{screen.route_base}/add", data={**form, "csrf_token": csrf_token(client, f"{screen.route_base}/add")})
            assert _count(db, model) == before, f"the {view_name} screen accepted a {model.__name__} {why}"
            assert page.status_code in (200, 302)
            for api in apis:
                response = client.post(f"/api/v1/{api.resource_name}/", json=payload, headers={"X-CSRFToken": token})
                assert response.status_code in (400, 422), (api.__class__.__name__, why, response.status_code,
                                                             response.get_data(as_text=True))
                assert _count(db, model) == before, f"{api.__class__.__name__} accepted a {model.__name__} {why}"


def test_the_parity_check_fails_when_an_api_skips_a_domain_rule(app, monkeypatch):
    from app.models.org import code_problems
    from app.views.org import ServiceTypeApi

    monkeypatch.setattr(ServiceTypeApi, "rules", (code_problems,))  # service_type_problems left out
    with pytest.raises(AssertionError, match="ServiceTypeApi checks other rules"):
        test_a_model_with_a_screen_and_an_api_checks_the_same_rules_at_both(app)
