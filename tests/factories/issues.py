"""Factories of the isu prioritas rows: a topic of the unit's instansi."""
import itertools

from app.extensions import db
from app.models.issues import IssueTopic
from tests.factories import factory

_seq = itertools.count(1)


def topic_form(unit, view):
    return {"org": str(unit.instansi.id), "name": f"Topik Uji {next(_seq)}", "element_code": "WAKTU",
            "keywords": "antre lama", "active": "y"}


@factory(IssueTopic, form=topic_form)
def make_topic(unit, view):
    row = IssueTopic(org_id=unit.instansi.id, name=f"Topik Matriks {next(_seq)}", element_code="WAKTU", active=True)
    db.session.add(row)
    db.session.flush()
    return row
