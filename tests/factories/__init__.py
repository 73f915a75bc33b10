"""Record factories for the authorisation matrix, one module per area.

Each scoped model that a screen or API shows registers a factory here with
``@factory(Model)``: a function ``make(unit, view) -> row`` that creates (and
flushes) one row belonging to the given Unit Layanan node (or to the node the
model hangs on, derived from the unit: its OPD or instansi). A model shown by a
view without a factory fails the matrix, so no screen escapes it.

A factory may also give ``form(unit, view) -> dict or None``: the fields of a
valid add form of ``view`` for a row under ``unit``, so the matrix can prove that an add with an
out-of-scope relation is refused and an in-scope one is accepted.

A model that has both a screen and a REST API also gives ``refused(unit) -> [(why, view name, form, payload)]``:
writes inside the scope that the area's rules refuse, so the matrix proves the API refuses what the screen refuses.
"""
import importlib
import pkgutil

FACTORIES = {}


class Factory:
    def __init__(self, model, make, form=None, api_payload=None, refused=None):
        self.model = model
        self.make = make
        self.form = form
        self.api_payload = api_payload
        self.refused = refused


def factory(model, form=None, api_payload=None, refused=None):
    def register(make):
        FACTORIES[model] = Factory(model, make, form, api_payload, refused)
        return make

    return register


def load_all():
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
    return FACTORIES
