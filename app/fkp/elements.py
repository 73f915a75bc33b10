"""The unsur masyarakat of each instansi: the starter list and how it is seeded.

The list is data an Admin Instansi edits on the "Unsur Masyarakat" screen; the
starter list below (domain.md 2.4, unconfirmed as the regulation's exact list)
is seeded once per instansi by `flask fkp seed-elements`, by the demo, and the
first time a unit of the instansi records a forum.
"""
from sqlalchemy import select

from app.extensions import db
from app.models.fkp import FkpElement, FkpSetting
from app.models.org import OrgLevel, OrgNode

# (code, name, is_provider): "penyelenggara" is the provider side, never counted as community.
STARTER_ELEMENTS = [
    ("PENGGUNA", "Pengguna layanan", False),
    ("TOKOH", "Tokoh masyarakat", False),
    ("AKADEMISI", "Akademisi", False),
    ("LSM", "LSM/ormas", False),
    ("MEDIA", "Media", False),
    ("USAHA", "Dunia usaha", False),
    ("RENTAN", "Kelompok rentan/disabilitas", False),
    ("INSTANSI", "Instansi terkait", False),
    ("PENYELENGGARA", "Penyelenggara", True),
]
DEFAULT_MIN_FORUMS_PER_YEAR = 1


def ensure_elements(instansi):
    """Give ``instansi`` the starter list and the default frequency if it has none yet; returns rows added."""
    added = 0
    has_any = db.session.execute(select(FkpElement.id).where(FkpElement.instansi_id == instansi.id).limit(1)).first()
    if has_any is None:
        for position, (code, name, is_provider) in enumerate(STARTER_ELEMENTS, start=1):
            db.session.add(FkpElement(instansi_id=instansi.id, code=code, name=name, is_provider=is_provider, position=position))
            added += 1
    if db.session.execute(select(FkpSetting.id).where(FkpSetting.instansi_id == instansi.id)).first() is None:
        db.session.add(FkpSetting(instansi_id=instansi.id, min_forums_per_year=DEFAULT_MIN_FORUMS_PER_YEAR))
    db.session.flush()
    return added


def seed_all(codes=None):
    """Seed every instansi (or those with the given codes); returns {code: rows added}."""
    query = select(OrgNode).where(OrgNode.level == OrgLevel.INSTANSI).order_by(OrgNode.code)
    if codes:
        query = query.where(OrgNode.code.in_([code.upper() for code in codes]))
    return {node.code: ensure_elements(node) for node in db.session.execute(query).scalars()}


def min_forums_per_year(instansi_id):
    value = db.session.execute(
        select(FkpSetting.min_forums_per_year).where(FkpSetting.instansi_id == instansi_id)
    ).scalar_one_or_none()
    return DEFAULT_MIN_FORUMS_PER_YEAR if value is None else value
