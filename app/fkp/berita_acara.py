"""The participants of a forum grouped by unsur masyarakat, and the download name of its berita acara.

The berita acara itself is a Word document rendered from the instansi's template (app/documents/, kind
"berita-acara"); after signing, its scan is uploaded back as a document of kind "berita acara bertanda tangan".
"""
from sqlalchemy import select

from app.extensions import db
from app.models.fkp import FkpElement, FkpParticipant


def participants_by_element(forum):
    """[(element, [participants])] in the instansi's element order; only elements with participants."""
    rows = db.session.execute(
        select(FkpParticipant, FkpElement)
        .join(FkpElement, FkpElement.id == FkpParticipant.element_id)
        .where(FkpParticipant.forum_id == forum.id)
        .order_by(FkpElement.position, FkpElement.name, FkpParticipant.name)
    ).all()
    groups = []
    for participant, element in rows:
        if not groups or groups[-1][0].id != element.id:
            groups.append((element, []))
        groups[-1][1].append(participant)
    return groups


def download_name(forum):
    date = forum.held_on.isoformat() if forum.held_on else "tanpa-tanggal"
    return f"berita-acara-fkp-{forum.unit.code.lower()}-{date}-{forum.id}.docx"
