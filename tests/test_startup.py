"""The flask command line starts without the screens: a command imports what it needs, not every view.

Each test runs the real ``flask`` entry point in a fresh interpreter and reads which modules it imported.
"""
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Imported by the screens, Flask-Migrate or a Word document build only; a command that needs none must not pay.
# (Pillow is no longer in the list: FAB's own command group imports it for every flask command.)
HEAVY = ("app.views.complaints", "app.views.skm", "app.views.reports", "app.views.fkp", "alembic", "flask_migrate",
         "docxtpl")
# Imported when the app is built: a command's help, read before the app exists, must not build it.
APP = ("app.models", "app.extensions")


def run_flask(tmp_path, *args):
    """Run ``flask args`` as the command line does; return (exit code, output, the heavy modules it imported)."""
    code = (
        "import atexit, json, sys\n"
        f"heavy = {HEAVY!r}\n"
        f"app = {APP!r}\n"
        "atexit.register(lambda: sys.stderr.write('\\nLOADED ' + json.dumps(sorted(\n"
        "    m for m in sys.modules if m.split('.')[0] in heavy or m.startswith(heavy + app)))))\n"
        "from flask.cli import main\n"
        f"sys.argv = ['flask', *{list(args)!r}]\n"
        "main()\n"
    )
    env = {**os.environ, "FLASK_APP": "app", "DATABASE_URL": f"sqlite:///{tmp_path}/cli.db",
           "UPLOAD_FOLDER": str(tmp_path / "uploads")}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    loaded = json.loads(done.stderr.rpartition("LOADED ")[2])
    return done.returncode, done.stdout, loaded


def screens_or_alembic(loaded):
    return [name for name in loaded if not name.startswith(APP)]


def test_a_command_help_does_not_build_the_app(tmp_path):
    """Pantau's groups are entry points of the flask command: their help is read without the app (`pip install -e .`)."""
    code, output, loaded = run_flask(tmp_path, "skm", "ikm", "--help")
    assert code == 0
    assert "--period" in output
    assert loaded == []


def test_the_backup_command_help_does_not_build_the_app(tmp_path):
    code, output, loaded = run_flask(tmp_path, "pantau", "backup", "--help")
    assert code == 0
    assert "--output" in output
    assert loaded == []


def test_a_command_builds_the_lean_app_when_it_runs(tmp_path):
    code, output, loaded = run_flask(tmp_path, "reports", "kinds")
    assert code == 0
    assert "rekap-sp4n" in output
    assert "app.models" in loaded and screens_or_alembic(loaded) == []


def test_the_command_list_still_names_every_group(tmp_path):
    code, output, loaded = run_flask(tmp_path, "--help")
    assert code == 0
    for group in ("db", "fab", "pantau", "skm", "fkp", "reports", "scheduler", "routes"):
        assert f"  {group} " in output
    assert screens_or_alembic(loaded) == []


def test_the_routes_command_gets_the_screens(tmp_path):
    code, output, loaded = run_flask(tmp_path, "routes")
    assert code == 0
    assert "ComplaintView.list" in output
    assert "app.views.complaints" in loaded


def test_flask_db_loads_alembic_when_used(tmp_path):
    code, output, loaded = run_flask(tmp_path, "db", "heads")
    assert code == 0
    assert "(head)" in output
    assert "alembic" in loaded and "app.views.complaints" not in loaded
