"""The menu bar: Beranda, Dasbor and six groups (Pengaduan, SKM, FKP, Isu, Laporan, Pengaturan) on one row at 1366 px.

Areas register their views in their own categories (the category names are what the tiers' menu_access
rules grant). Here the bar is only rearranged: short labels, and small categories folded into a bigger
one behind a divider. A moved entry keeps its own name, so who sees it does not change; the host category
is one that every tier seeing the moved entries already reaches.
"""
from flask import current_app, render_template, request
from flask_appbuilder.menu import MenuItem
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup

HOME = "Beranda"

# category name -> short label on the bar
LABELS = {
    "Pengaduan": _l("Pengaduan"),
    "SKM": _l("SKM"),
    "FKP": _l("FKP"),
    "Isu Prioritas": _l("Isu"),
    "Compliance Reports": _l("Laporan"),
    "Organisation": _l("Pengaturan"),
}

# host category <- categories folded into it, each behind a divider
FOLDS = {
    "Compliance Reports": ["Compliance Catalogues"],
    "Organisation": ["Security", "Privacy", "Backup"],
}

ORDER = [HOME, "Dashboard", "Pengaduan", "SKM", "FKP", "Isu Prioritas", "Compliance Reports", "Organisation"]


def arrange_menu(appbuilder):
    """Fold, relabel and order the categories of ``appbuilder.menu``; its entries then render through
    ``menu_entries``."""
    menu = appbuilder.menu
    for host_name, folded in FOLDS.items():
        host = menu.find(host_name)
        for name in folded:
            category = menu.find(name)
            if host is None or category is None:
                continue
            host.childs.append(MenuItem("-"))
            host.childs.extend(category.childs)
            menu.menu.remove(category)
    for name, label in LABELS.items():
        item = menu.find(name)
        if item is not None:
            item.label = label
    settings = menu.find("Organisation")
    if settings is not None:
        settings.icon = "fa-cog"
    rank = {name: position for position, name in enumerate(ORDER)}
    menu.menu.sort(key=lambda item: rank.get(item.name, len(ORDER)))
    current_app.jinja_env.globals["menu_entries"] = menu_entries


def menu_entries():
    """The menu bar's entries for the current user, as HTML, rendered once per set of roles and language.

    Which entries a user sees depends on nothing but the roles' ``menu_access`` permissions. Pantau's roles are FAB
    builtin roles (app/security/roles.py): their permissions are regular expressions fixed for the life of the
    process, so the entries render the same on every page for every user with the same roles, and are kept. A user
    holding a role stored in the database (one an administrator created on FAB's role screens) gets them rendered
    afresh on each page. Rendering them took a third to a half of the home page's and the dashboard's CPU time.
    """
    security = current_app.appbuilder.sm
    if current_user.is_authenticated:
        roles = security.get_user_roles(current_user)
    else:
        roles = [security.get_public_role()]
    names = tuple(sorted(role.name for role in roles if role is not None))
    if len(names) != len(roles) or not all(name in security.builtin_roles for name in names):
        return _render(security.appbuilder)
    rendered = current_app.extensions.setdefault("pantau_menu_entries", {})  # (roles, language, root) -> HTML
    key = (names, str(get_locale()), request.script_root)
    html = rendered.get(key)
    if html is None:
        html = rendered[key] = _render(security.appbuilder)
    return html


def _render(appbuilder):
    return Markup(render_template("pantau/menu_entries.html", menu=appbuilder.menu, appbuilder=appbuilder))
