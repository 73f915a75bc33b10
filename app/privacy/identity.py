"""The personal data Pantau holds (reporters' identity and contacts, respondents' profiles) and how it is cleared.

Anonymising clears those fields with one UPDATE per batch and leaves everything the
figures are computed from (dates, statuses, owners, answers) as it was. The ORM
audit hook is bypassed on purpose: it would store the old values, i.e. the very
identity being removed. Instead each cleared record gets an audit row that names
the cleared fields with masked values, and each complaint a note in its history.
"""
from flask_babel import gettext as _
from sqlalchemy import or_, select, update

from app.audit import current_actor, record_action
from app.clock import now_local
from app.complaints.export import mask
from app.extensions import db
from app.locale import number
from app.models.complaints import Complaint, ComplaintHistory
from app.models.skm import Respondent

IDENTITY_FIELDS = ("reporter_name", "reporter_nik", "reporter_phone", "reporter_email", "reporter_address")
PROFILE_FIELDS = ("sex", "age", "education", "occupation")
MASKED = "***"
BATCH = 500


def has_identity():
    """SQL: the complaint still holds some identity field."""
    return or_(*[getattr(Complaint, field).is_not(None) for field in IDENTITY_FIELDS])


def has_profile():
    return or_(*[getattr(Respondent, field).is_not(None) for field in PROFILE_FIELDS])


def anonymise_complaints(ids, note, event):
    """Clear the identity fields of the complaints ``ids``; a history note and an audit row each. Returns the count.

    The caller commits.
    """
    user_id, username = current_actor()
    when = now_local()
    done = 0
    ids = list(ids)
    for start in range(0, len(ids), BATCH):
        chunk = ids[start:start + BATCH]
        rows = db.session.execute(
            select(Complaint.id, Complaint.org_id, Complaint.status, Complaint.tracking_number,
                   *[getattr(Complaint, field) for field in IDENTITY_FIELDS])
            .where(Complaint.id.in_(chunk), has_identity())
        ).all()
        if not rows:
            continue
        db.session.execute(
            update(Complaint).where(Complaint.id.in_([row.id for row in rows]))
            # A page opened before the anonymisation must not save the old identity back: count it as a move.
            .values({**{field: None for field in IDENTITY_FIELDS}, "version": Complaint.version + 1})
            .execution_options(synchronize_session=False)
        )
        for row in rows:
            db.session.add(ComplaintHistory(
                complaint_id=row.id, at=when, user_id=user_id, username=username, action="anonymise",
                from_status=row.status, to_status=row.status, from_node_id=row.org_id, to_node_id=row.org_id,
                note=note,
            ))
            cleared = {field: [MASKED, None] for field in IDENTITY_FIELDS if getattr(row, field) is not None}
            record_action(event, Complaint.__tablename__, row.id, row.tracking_number, row.org_id, cleared)
        done += len(rows)
    db.session.flush()
    db.session.expire_all()
    return done


def anonymise_respondents(period_id, unit_id, event):
    """Clear the profile of every respondent of a survey period; one audit row for the period. Returns the count."""
    ids = db.session.execute(
        select(Respondent.id).where(Respondent.period_id == period_id, has_profile())
    ).scalars().all()
    if not ids:
        return 0
    for start in range(0, len(ids), BATCH):
        db.session.execute(
            update(Respondent).where(Respondent.id.in_(ids[start:start + BATCH]))
            .values({field: None for field in PROFILE_FIELDS}).execution_options(synchronize_session=False)
        )
    record_action(event, Respondent.__tablename__, None,
                  _("Profil %(count)s responden periode #%(period)s dihapus", count=number(len(ids)), period=period_id),
                  unit_id, {field: [MASKED, None] for field in PROFILE_FIELDS})
    db.session.flush()
    db.session.expire_all()
    return len(ids)


def masked_identifier(value):
    """How a searched NIK, phone or e-mail appears in the audit trail: its last 4 characters only (D10)."""
    return mask(value)
