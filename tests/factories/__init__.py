"""Record factories for the authorisation matrix, one module per area.

Each scoped model that a screen or API shows registers a factory here with
``@factory(Model)``: a function ``make(unit, view) -> row`` that creates (and
flushes) one row belonging to the given Unit Layanan node (or to the node the
model hangs on, derived from the unit: its OPD or instansi). A model shown by a
view without a factory fails the matrix, so no screen escapes it.

A factory may also give ``form(unit, view) -> dict or None``: the fields of a
valid add form of ``view`` for a row under ``unit``, so the matrix can prove that an add with an
out-of-scope relation is refused and an in-scope one is accepted.
"""
import importlib
import pkgutil

FACTORIES = {}


class Factory:
    def __init__(self, model, make, form=None, api_payload=None):
        self.model = model
        self.make = make
        self.form = form
        self.api_payload = api_payload


def factory(model, form=None, api_payload=None):
    def register(make):
        FACTORIES[model] = Factory(model, make, form, api_payload)
        return make

    return register


def load_all():
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
    return FACTORIES
