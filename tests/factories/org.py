"""Factories for the organisation tree, users and the audit log."""
import itertools

from app.extensions import db
from app.models.audit import AuditLog
from app.models.org import OrgLevel, OrgNode, ServiceType
from app.models.user import PantauUser
from tests.factories import factory

_seq = itertools.count(1)


def node_form(unit, view):
    """An add form for a node under ``unit``'s OPD (unit views) or instansi (OPD views)."""
    level = getattr(view, "level", OrgLevel.UNIT)
    if level == OrgLevel.INSTANSI:
        return None
    n = next(_seq)
    parent = unit.parent if level == OrgLevel.UNIT else unit.parent.parent
    return {"parent": str(parent.id), "code": f"MX-F-{n}", "name": f"Node Uji {n}"}


def node_payload(unit, view):
    n = next(_seq)
    return {"code": f"MX-A-{n}", "name": f"Node API {n}", "level": "unit", "parent": unit.parent_id}


def service_payload(unit, view):
    n = next(_seq)
    return {"code": f"MX-SA-{n}", "name": f"Layanan API {n}", "unit": unit.id}


def node_refusals(unit):
    """A unit straight under an instansi; a unit with a code already used."""
    n = next(_seq)
    return [
        ("unit under an instansi", "UnitView", {"parent": str(unit.instansi.id), "code": f"MX-R-{n}", "name": "Salah tingkat"},
         {"code": f"MX-R-{n}", "name": "Salah tingkat", "level": "unit", "parent": unit.instansi.id}),
        ("code already used", "UnitView", {"parent": str(unit.parent_id), "code": unit.code, "name": "Kode kembar"},
         {"code": unit.code, "name": "Kode kembar", "level": "unit", "parent": unit.parent_id}),
    ]


@factory(OrgNode, form=node_form, api_payload=node_payload, refused=node_refusals)
def make_node(unit, view):
    """A new node at the tier the view shows: the unit's instansi, a new OPD beside its own, or a new unit."""
    n = next(_seq)
    level = getattr(view, "level", OrgLevel.UNIT)
    if level == OrgLevel.INSTANSI:
        return unit.instansi
    parent = unit.parent if level == OrgLevel.UNIT else unit.parent.parent
    node = OrgNode(level=level, code=f"MX-N-{n}", name=f"Node Matriks {n}", parent=parent)
    node.path = node.compute_path()
    db.session.add(node)
    db.session.flush()
    return node


def service_form(unit, view):
    n = next(_seq)
    return {"unit": str(unit.id), "code": f"MX-ST-F{n}", "name": f"Layanan Uji {n}"}


def service_refusals(unit):
    """A Jenis Layanan under an OPD; one with a code already used."""
    n = next(_seq)
    taken = make_service_type(unit, None).code
    return [
        ("under an OPD", "ServiceTypeView", {"unit": str(unit.parent_id), "code": f"MX-SR-{n}", "name": "Di OPD"},
         {"code": f"MX-SR-{n}", "name": "Di OPD", "unit": unit.parent_id}),
        ("code already used", "ServiceTypeView", {"unit": str(unit.id), "code": taken, "name": "Kode kembar"},
         {"code": taken, "name": "Kode kembar", "unit": unit.id}),
    ]


@factory(ServiceType, form=service_form, api_payload=service_payload, refused=service_refusals)
def make_service_type(unit, view):
    n = next(_seq)
    row = ServiceType(code=f"MX-ST-{n}", name=f"Layanan Matriks {n}", unit=unit)
    db.session.add(row)
    db.session.flush()
    return row


@factory(PantauUser)
def make_user(unit, view):
    from app.users import create_user

    n = next(_seq)
    return create_user(f"mx.user{n}", "Uji", f"Matriks {n}", f"mx{n}@pantau.test", "Rahasia#123", ["Operator Unit"], [unit.code])


@factory(AuditLog)
def make_audit(unit, view):
    row = AuditLog(event="update", username="mx", table_name="x", record_id="1", org_id=unit.id, changes={})
    db.session.add(row)
    db.session.flush()
    return row
