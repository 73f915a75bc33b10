"""Probes for endpoints that are not plain scoped CRUD screens or APIs (downloads, pages, exports).

``PROBES`` maps an endpoint name to ``probe(app, client, username, world, visible)``,
which requests that endpoint for rows in and out of the user's scope and
asserts what the user must (not) get. Each area adds a module here; every
module in this package is loaded by ``load_all``.
"""
import importlib
import pkgutil

PROBES = {}


def probe(*endpoints):
    """Register ``fn`` as the probe of each endpoint."""
    def register(fn):
        for endpoint in endpoints:
            PROBES[endpoint] = fn
        return fn

    return register


def load_all():
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
    return PROBES
