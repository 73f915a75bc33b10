"""What a forum, its participants, documents and agreements, the unsur masyarakat list and the FKP setting must
satisfy, as functions returning problems.

Every door calls these: the screens (through their ``rules`` and
``delete_rules``) and the demo of `flask fkp demo`. Each returns a list of
messages in the user's language, empty when the row may be saved (or deleted).
The stage moves have their own rules in ``app/fkp/stages.py``.
"""
from flask_babel import gettext as _, lazy_gettext as _l
from sqlalchemy import or_, select

from app.extensions import db
from app.fkp.stages import missing_for
from app.models.fkp import AgreementStatus, FkpElement, FkpForum, FkpParticipant, FkpStage
from app.models.org import OrgLevel

MIN_FORUMS_PER_YEAR, MAX_FORUMS_PER_YEAR = 1, 12


def forum_problems(forum):
    """A forum belongs to a unit layanan and a service type of that unit, ends after it starts, and once held keeps
    what holding it required."""
    if forum.unit is None or forum.unit.level != OrgLevel.UNIT:
        return [_l("Forum harus milik sebuah unit layanan.")]
    problems = []
    if forum.service_type is not None and forum.service_type.unit_id != forum.unit.id:
        problems.append(_l("Jenis layanan harus milik unit layanan forum ini."))
    if forum.issue_topic is not None and forum.issue_topic.org_id != forum.unit.instansi.id:
        problems.append(_l("Topik isu bukan milik instansi unit layanan forum ini."))
    if forum.start_time and forum.end_time and forum.end_time < forum.start_time:
        problems.append(_l("Jam selesai tidak boleh sebelum jam mulai."))
    if forum.stage not in (None, FkpStage.PRA):
        missing = missing_for(forum, FkpStage.PELAKSANAAN)
        if missing:
            problems.append(_("Forum sudah dilaksanakan; data ini wajib tetap terisi: %(missing)s.",
                              missing="; ".join(missing)))
    return problems


def forum_deletion_problems(forum):
    """Only a forum still in preparation may be deleted."""
    if forum.stage != FkpStage.PRA:
        return [_l("Hanya forum pada tahap pra pelaksanaan yang dapat dihapus.")]
    return []


def _forum_of(child):
    return child.forum or (db.session.get(FkpForum, child.forum_id) if child.forum_id else None)


def closed_forum_problems(forum):
    """A forum that reached "selesai" is closed: its participants and documents are frozen."""
    if forum.stage == FkpStage.SELESAI:
        return [_l("Forum sudah selesai; datanya tidak dapat diubah lagi.")]
    return []


def open_forum_problems(child):
    """A participant or document hangs on a forum that is not closed."""
    # No autoflush: a refused new row must not be flushed through its forum's collection.
    with db.session.no_autoflush:
        forum = _forum_of(child)
    if forum is None:
        return [_l("Pilih forumnya.")]
    return closed_forum_problems(forum)


def participant_problems(participant):
    """A participant joins an open forum and represents an unsur masyarakat of that forum's instansi."""
    problems = open_forum_problems(participant)
    if problems:
        return problems
    with db.session.no_autoflush:
        forum = _forum_of(participant)
        if participant.element is None or participant.element.instansi_id != forum.unit.instansi.id:
            return [_l("Unsur masyarakat harus dari daftar instansi forum ini.")]
    return []


def settle_completion(agreement, today):
    """An agreement marked done carries its completion date (``today`` if none is given); any other has none."""
    if agreement.status == AgreementStatus.SELESAI:
        agreement.completed_on = agreement.completed_on or today
    else:
        agreement.completed_on = None


def clean_element_code(code):
    """An unsur code as stored: stripped, in capitals."""
    return (code or "").strip().upper()


def element_problems(element):
    """An unsur masyarakat belongs to an instansi, and its code and its name appear once in that instansi's list."""
    if element.instansi is None or element.instansi.level != OrgLevel.INSTANSI:
        return [_l("Unsur masyarakat harus milik sebuah instansi.")]
    duplicate = select(FkpElement.id).where(
        FkpElement.instansi_id == element.instansi.id,
        or_(FkpElement.code == clean_element_code(element.code), FkpElement.name == element.name),
    )
    if element.id is not None:
        duplicate = duplicate.where(FkpElement.id != element.id)
    with db.session.no_autoflush:
        if db.session.execute(duplicate).first() is not None:
            return [_l("Kode atau nama unsur sudah dipakai di instansi ini.")]
    return []


def element_deletion_problems(element):
    """An unsur a participant already represents stays (it may be renamed)."""
    used = db.session.execute(select(FkpParticipant.id).where(FkpParticipant.element_id == element.id).limit(1)).first()
    if used is not None:
        return [_l("Unsur ini sudah dipakai peserta forum; ubah namanya alih-alih menghapus.")]
    return []


def setting_problems(setting):
    """An instansi expects between 1 and 12 forums of each unit a year."""
    value = setting.min_forums_per_year
    if value is None or not MIN_FORUMS_PER_YEAR <= value <= MAX_FORUMS_PER_YEAR:
        return [_l("Frekuensi harus antara 1 dan 12 forum per tahun.")]
    return []
