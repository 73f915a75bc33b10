"""The menu bar: Beranda, Dasbor and six groups (Pengaduan, SKM, FKP, Isu, Laporan, Pengaturan) on one row at 1366 px.

Areas register their views in their own categories (the category names are what the tiers' menu_access
rules grant). Here the bar is only rearranged: short labels, and small categories folded into a bigger
one behind a divider. A moved entry keeps its own name, so who sees it does not change; the host category
is one that every tier seeing the moved entries already reaches.
"""
from flask_appbuilder.menu import MenuItem
from flask_babel import lazy_gettext as _l

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
    """Fold, relabel and order the categories of ``appbuilder.menu``."""
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
