"""The stage history of forums: every change of a forum's stage is recorded, and read back as at a cut-off; so is
the moment each participant's attendance was recorded.

A hook on the session writes one FkpStageEvent for each forum created or moved, whichever door moved it (the
stage action of the screen, the demo, a test, any later API or importer), with the acting user as the audit
trail names it. Reports never read ``FkpForum.stage`` for a past moment: they ask this module which stages a
forum had reached by their cut-off (D15), so a forum that reached pasca pelaksanaan after the cut-off is not
held in that report, however late it is built. Likewise a participant marked present after the cut-off does not
make the forum held, nor count among its attendees, in that report.
"""
from sqlalchemy import and_, event, inspect, or_, select
from sqlalchemy.orm import Session

from app.clock import local_of, now_utc, utc_of
from app.models.fkp import (
    AgreementStatus, FkpAgreement, FkpDocument, FkpForum, FkpParticipant, FkpStage, FkpStageEvent,
)


def reached_by(stages, cutoff_utc):
    """SQL condition on FkpForum: it entered one of ``stages`` at or before ``cutoff_utc`` (None: ever)."""
    query = select(FkpStageEvent.id).where(FkpStageEvent.forum_id == FkpForum.id, FkpStageEvent.to_stage.in_(stages))
    if cutoff_utc is not None:
        query = query.where(FkpStageEvent.at <= cutoff_utc)
    return query.exists()


def attended_by(cutoff_utc):
    """SQL condition on FkpParticipant: marked present, and recorded so at or before ``cutoff_utc`` (None: ever).
    Its twin for one loaded participant is ``present_by``."""
    if cutoff_utc is None:
        return FkpParticipant.attended.is_(True)
    return and_(FkpParticipant.attended.is_(True), FkpParticipant.attended_at <= cutoff_utc)


def present_by(participant, cutoff_utc):
    """``attended_by`` for one loaded participant: marked present, and recorded so by ``cutoff_utc`` (None: ever)."""
    if not participant.attended:
        return False
    return cutoff_utc is None or (participant.attended_at is not None and participant.attended_at <= cutoff_utc)


def uploaded_by(cutoff_utc):
    """SQL condition on FkpDocument: uploaded at or before ``cutoff_utc`` (a document without an upload moment,
    recorded before moments were kept, counts as uploaded). Its twin for one loaded document is
    ``document_uploaded_by``."""
    return or_(FkpDocument.uploaded_at.is_(None), FkpDocument.uploaded_at <= cutoff_utc)


def document_uploaded_by(document, cutoff_utc):
    """``uploaded_by`` for one loaded document (None: ever)."""
    return cutoff_utc is None or document.uploaded_at is None or document.uploaded_at <= cutoff_utc


def agreement_done_by(day):
    """SQL condition on FkpAgreement: followed up by ``day``: marked done with a completion date on or before it; an
    agreement marked done without one (recorded before dates were kept) counts as done. Its twin for one loaded
    agreement is ``done_by``."""
    return and_(FkpAgreement.status == AgreementStatus.SELESAI,
                or_(FkpAgreement.completed_on.is_(None), FkpAgreement.completed_on <= day))


def done_by(agreement, day):
    """``agreement_done_by`` for one loaded agreement."""
    return agreement.status == AgreementStatus.SELESAI and (agreement.completed_on is None
                                                            or agreement.completed_on <= day)


def stages_reached(forum, cutoff=None):
    """[(stage, local datetime it was entered, estimated?, username)] of ``forum`` in stage order, as at the naive
    local ``cutoff`` (None: now); a stage entered twice keeps its first moment."""
    limit = utc_of(cutoff) if cutoff is not None else None
    first = {}
    for row in forum.stage_events:
        if limit is not None and row.at > limit:
            continue
        first.setdefault(row.to_stage, row)
    return [(stage, local_of(first[stage].at), first[stage].estimated, first[stage].username)
            for stage in FkpStage if stage in first]


def stage_at(forum, cutoff):
    """The stage ``forum`` stood at at the naive local ``cutoff`` (None if it did not exist yet)."""
    reached = stages_reached(forum, cutoff)
    return max((stage for stage, *_rest in reached), key=lambda stage: stage.order, default=None)


def _changed_stage(forum):
    """(from, to) when ``forum``'s stage changed in this flush, else None."""
    state = inspect(forum)
    if state.pending or state.transient:
        return None, forum.stage or FkpStage.PRA
    history = state.attrs.stage.history
    if not history.added or (history.deleted and history.deleted[0] == history.added[0]):
        return None
    return (history.deleted[0] if history.deleted else None), history.added[0]


@event.listens_for(Session, "before_flush")
def _record_stage_changes(session, flush_context, instances):
    from app.audit import current_actor

    for row in list(session.new) + list(session.dirty):
        if isinstance(row, FkpParticipant):
            _stamp_attendance(row)
    for forum in list(session.new) + list(session.dirty):
        if not isinstance(forum, FkpForum):
            continue
        change = _changed_stage(forum)
        if change is None:
            continue
        user_id, username = current_actor()
        session.add(FkpStageEvent(
            forum=forum, from_stage=change[0], to_stage=change[1], at=forum.stage_moved_at or now_utc(),
            user_id=user_id, username=username,
        ))
        forum.stage_moved_at = None


def _stamp_attendance(participant):
    """Keep ``attended_at`` with ``attended``: now when the participant is marked present (unless the caller gave
    the moment, as the demo does), none when unmarked."""
    if not participant.attended:
        participant.attended_at = None
        return
    state = inspect(participant)
    marked_again = state.attrs.attended.history.deleted == [False]
    moment_given = bool(state.attrs.attended_at.history.added)
    if participant.attended_at is None or (marked_again and not moment_given):
        participant.attended_at = now_utc()
