"""Pantau's screens on an app: added at once, or before its first request when the command line builds the app
for a command that shows no screen."""
import threading

_screens_lock = threading.Lock()
# Commands of the flask command line that use the screens: they serve pages, list routes or sync permissions.
SCREEN_COMMANDS = {"run", "routes", "shell", "fab", "limiter"}


def init_screens(app):
    """Add Pantau's screens, APIs and menu to ``app``, once; FAB then knows every view and its permissions."""
    with _screens_lock:
        if app.extensions.get("pantau_screens"):
            return
        with app.app_context():
            from app.views import init_views

            init_views(app.appbuilder)
            app.appbuilder.post_init()
        app.extensions["pantau_screens"] = True
        keep_out_of_collections()


def keep_out_of_collections():
    """Leave what is built so far (the app, FAB, SQLAlchemy's mappers: some 300,000 objects that live as long as the
    process) out of Python's full garbage collections. Each full collection walked them all: 200 ms, in three of
    ten ``flask skm ikm`` runs. Under gunicorn --preload the workers also stop touching, and so copying, the
    parent's pages for it."""
    import gc

    gc.freeze()


def command_without_screens():
    """True when the flask command line builds the app to find or run one of Pantau's own commands (``flask skm
    ikm``, ``flask scheduler`` ...): those import neither the views nor Alembic (about a quarter of their start-up).
    ``SCREEN_COMMANDS`` get the screens at once; ``flask pantau init`` adds them itself, ``flask db`` its Alembic."""
    import click

    context = click.get_current_context(silent=True)
    if context is None:
        return False
    while context.parent is not None and context.parent.parent is not None:
        context = context.parent
    return context.parent is None or context.info_name not in SCREEN_COMMANDS


class ScreensBeforeFirstRequest:
    """WSGI wrapper of an app built without its screens: adds them before the first request is handled."""

    def __init__(self, app, wsgi_app):
        self.app = app
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        init_screens(self.app)
        return self.wsgi_app(environ, start_response)

