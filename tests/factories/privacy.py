"""Factories for the personal-data area: the retention policy of the unit's instansi (one per instansi)."""
from sqlalchemy import select

from app.extensions import db
from app.models.privacy import RetentionPolicy
from tests.factories import factory


@factory(RetentionPolicy)
def make_retention_policy(unit, view):
    instansi = unit.instansi
    row = db.session.execute(select(RetentionPolicy).where(RetentionPolicy.org_id == instansi.id)).scalar()
    if row is None:
        row = RetentionPolicy(org_id=instansi.id, complaint_identity_years=5, respondent_profile_years=5)
        db.session.add(row)
        db.session.flush()
    return row
