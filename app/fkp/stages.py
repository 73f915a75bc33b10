"""The FKP stage rules: what a forum needs before it may move to the next stage.

A forum moves forward one stage at a time (pra pelaksanaan > pelaksanaan >
pasca pelaksanaan > selesai). Each move is checked here; a refused move
raises StageError with every missing item named and changes nothing. A move
locks the forum row and checks the committed stage, so of two users moving the
same forum at once one moves it and the other is told it moved meanwhile.
"""
from flask_babel import gettext as _
from sqlalchemy import and_, func, select

from app.extensions import db
from app.models.base import lock
from app.models.fkp import DocumentKind, FkpAgreement, FkpDocument, FkpElement, FkpParticipant, FkpStage


class StageError(ValueError):
    """The move was refused; the message lists what is missing, in the user's language."""


def attended_count(forum, community_only=False):
    """Participants of ``forum`` marked present (only community elements, i.e. not penyelenggara, if asked)."""
    query = select(func.count(FkpParticipant.id)).where(
        FkpParticipant.forum_id == forum.id, FkpParticipant.attended.is_(True)
    )
    if community_only:
        query = query.join(FkpElement, FkpElement.id == FkpParticipant.element_id).where(FkpElement.is_provider.is_(False))
    return db.session.execute(query).scalar_one()


def agreement_count(forum):
    return db.session.execute(select(func.count(FkpAgreement.id)).where(FkpAgreement.forum_id == forum.id)).scalar_one()


def has_signed_berita_acara(forum):
    query = select(func.count(FkpDocument.id)).where(
        and_(FkpDocument.forum_id == forum.id, FkpDocument.kind == DocumentKind.BERITA_ACARA,
             FkpDocument.stored_name.is_not(None))
    )
    return db.session.execute(query).scalar_one() > 0


def missing_for(forum, target):
    """What ``forum`` still lacks to enter stage ``target`` (empty list: it may move)."""
    missing = []
    if target == FkpStage.PELAKSANAAN:
        if forum.held_on is None:
            missing.append(_("tanggal pelaksanaan belum diisi"))
        if not (forum.place or "").strip() and not (forum.meeting_link or "").strip():
            missing.append(_("tempat atau tautan rapat belum diisi"))
        if not (forum.facilitator or "").strip():
            missing.append(_("fasilitator/moderator belum diisi"))
    elif target == FkpStage.PASCA:
        if attended_count(forum) == 0:
            missing.append(_("belum ada peserta yang ditandai hadir"))
        if agreement_count(forum) == 0:
            missing.append(_("belum ada kesepakatan yang dicatat"))
    elif target == FkpStage.SELESAI:
        if not has_signed_berita_acara(forum):
            missing.append(_("pindaian berita acara bertanda tangan belum diunggah"))
        if attended_count(forum, community_only=True) == 0:
            missing.append(_("belum ada peserta unsur masyarakat (selain penyelenggara) yang hadir"))
    return missing


def move(forum, target):
    """Move ``forum`` to ``target`` if that is its next stage and nothing is missing; else raise StageError.

    The caller asks for the stage after the one it showed; if the committed stage is another one by now,
    someone moved the forum meanwhile and the message says where it stands.
    """
    lock(forum)
    if forum.stage.next != target and forum.stage.order >= target.order:
        raise StageError(_("Forum ini sudah dipindah ke tahap %(current)s oleh pengguna lain sementara Anda "
                           "membukanya; langkah Anda tidak disimpan.", current=forum.stage.label))
    if forum.stage.next != target:
        raise StageError(_("Forum pada tahap %(current)s tidak dapat dipindah ke tahap %(target)s.",
                           current=forum.stage.label, target=target.label))
    missing = missing_for(forum, target)
    if missing:
        raise StageError(_("Tidak dapat pindah ke tahap %(target)s: %(missing)s.",
                           target=target.label, missing="; ".join(missing)))
    forum.stage = target
    return forum
