"""The menu bar is rendered once per set of roles and language and kept (app/views/menu.py): each user still sees
exactly the entries of their own roles, in their own language, and a role stored in the database is read afresh."""
import re

from tests.conftest import login


def menu_of(client, url="/"):
    """The labels of the menu bar's entries on ``url``, as the reader sees them."""
    html = client.get(url).get_data(as_text=True)
    bar = html.split('<ul class="nav navbar-nav">', 1)[1].split('<ul class="nav navbar-nav navbar-right">', 1)[0]
    return [re.sub(r"\s+", " ", label).strip() for label in re.findall(r"</i>&nbsp;([^<]+)<", bar)]


def test_each_set_of_roles_and_language_sees_its_own_entries(fresh, app, as_user):
    liaison = as_user("penghubung.dinkes")
    admin = as_user("admin.instansi")
    first = menu_of(liaison)
    assert "Dasbor" in first and "Jejak Audit" not in first
    assert "Jejak Audit" in menu_of(admin)
    assert menu_of(liaison) == first

    liaison.get("/lang/en")
    english = menu_of(liaison)
    assert "Dashboard" in english and "Dasbor" not in english and "Audit Trail" not in english
    assert "Dasbor" in menu_of(admin) and "Dashboard" not in menu_of(admin)
    assert menu_of(as_user("operator.rsud")) != first


def test_a_role_stored_in_the_database_shows_its_entries_as_they_are_now(fresh, app, db):
    from app.users import create_user

    security = app.appbuilder.sm
    role = security.add_role("Pengamat Uji")
    home = security.add_permission_view_menu("menu_access", "Beranda")
    dashboard = security.add_permission_view_menu("menu_access", "Dashboard")
    security.add_permission_role(role, home)
    security.add_permission_role(role, dashboard)
    create_user("pengamat.uji", "Pengamat", "Uji", "pengamat@pantau.test", "Rahasia#123", ["Pengamat Uji"],
                ["JTG-RSUD-MOEWARDI"])
    db.session.commit()
    client = app.test_client()
    login(client, "pengamat.uji", "Rahasia#123")
    assert menu_of(client) == ["Beranda", "Dasbor"]

    security.del_permission_role(security.find_role("Pengamat Uji"), dashboard)
    db.session.commit()
    assert menu_of(client) == ["Beranda"]
