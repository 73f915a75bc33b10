"""Indonesian by default for every string a person reads, English one switch away and remembered per user."""
import os
import re

from babel.messages.pofile import read_po

from tests.conftest import login

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def catalogue(language):
    with open(os.path.join(ROOT, "translations", language, "LC_MESSAGES", "messages.po"), encoding="utf-8") as handle:
        return read_po(handle)


def origin(message):
    """'fab' for strings of Flask-AppBuilder's own screens, 'app' for Pantau's."""
    paths = [path for path, _line in message.locations]
    return "fab" if paths and all("flask_appbuilder" in path for path in paths) else "app"


def untranslated(language, wanted_origin):
    missing = []
    for message in catalogue(language):
        if not message.id or origin(message) != wanted_origin:
            continue
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        if not all(strings) or message.fuzzy:
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    return missing


def test_every_framework_string_has_an_indonesian_translation():
    assert untranslated("id", "fab") == []


def test_every_pantau_string_has_an_english_translation():
    assert untranslated("en", "app") == []


def test_screens_are_indonesian_by_default(app, as_user):
    html = as_user("operator.rsud").get("/unitview/list/").get_data(as_text=True)
    assert "Daftar Unit Layanan" in html
    assert "Tambah Filter" in html or "Cari" in html
    assert "List Users" not in html and "Add Filter" not in html


def test_english_choice_is_remembered_for_the_user(fresh, app, db, as_user):
    client = as_user("pimpinan")
    client.get("/lang/en")
    assert "Service Units" in client.get("/unitview/list/").get_data(as_text=True)
    assert app.appbuilder.sm.find_user(username="pimpinan").locale == "en"
    other_browser = app.test_client()
    login(other_browser, "pimpinan")
    assert "Service Units" in other_browser.get("/unitview/list/").get_data(as_text=True)


def test_enum_values_are_translated(app, as_user):
    from flask_babel import force_locale

    from app.models.org import OrgLevel

    with app.test_request_context():
        with force_locale("id"):
            assert str(OrgLevel.OPD.label) == "Perangkat Daerah"
        with force_locale("en"):
            assert str(OrgLevel.OPD.label) == "Regional Agency"


def test_lists_show_enum_labels_not_codes(fresh, app, db, as_user):
    from sqlalchemy import select

    from app.models.complaints import Status
    from app.models.org import OrgNode
    from tests.factories.complaints import make_complaint_row

    rsud = db.session.execute(select(OrgNode).where(OrgNode.code == "JTG-RSUD-MOEWARDI")).scalar_one()
    make_complaint_row(rsud, status=Status.BELUM_DITINDAKLANJUTI)
    db.session.commit()
    html = as_user("admin.instansi").get("/pengaduan/list/").get_data(as_text=True)
    assert "Belum Ditindaklanjuti" in html
    assert not re.search(r">\s*belum_ditindaklanjuti\s*<", html)
    units = as_user("admin.instansi").get("/users/list/").get_data(as_text=True)
    assert "None<" not in units


def test_report_runs_show_their_status_in_words(fresh, app, db, as_user):
    from sqlalchemy import select

    from app.models.org import OrgNode
    from tests.factories.reports import make_run

    rsud = db.session.execute(select(OrgNode).where(OrgNode.code == "JTG-RSUD-MOEWARDI")).scalar_one()
    make_run(rsud, None)
    db.session.commit()
    html = as_user("admin.instansi").get("/reportrunview/list/").get_data(as_text=True)
    assert "Selesai" in html
    assert not re.search(r">\s*done\s*<", html)


def test_catalogues_cover_every_string_in_the_code(tmp_path):
    """A string added to the code without a catalogue update would show untranslated: extract and compare."""
    import subprocess
    import sys

    pot = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-k", "lazy_gettext",
         "-k", "_l", "-o", str(pot), "app"],
        cwd=ROOT, check=True, capture_output=True,
    )
    with open(pot, "rb") as handle:
        in_code = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    english = {m.id if isinstance(m.id, str) else m.id[0]: m.string for m in catalogue("en") if m.id}
    missing = sorted(msgid for msgid in in_code if not english.get(msgid))
    assert missing == [], "run `flask translate update` and translate: " + "; ".join(missing[:20])


def test_templates_follow_a_forced_language_within_one_request(app):
    """Templates translate through the catalogue kept for the request (app/locale.py translations); a language
    forced for a while (an e-mail in its reader's language) has its own, and the request's comes back after it."""
    from flask import render_template_string
    from flask_babel import force_locale

    page = "{{ _('Dasbor') }}|{{ ngettext('%(num)s berkas', '%(num)s berkas', 2) }}"
    with app.test_request_context("/"):
        assert render_template_string(page) == "Dasbor|2 berkas"
        with force_locale("en"):
            assert render_template_string(page).startswith("Dashboard|")
        assert render_template_string(page) == "Dasbor|2 berkas"
