"""Retention of personal data per instansi, and the daily job that anonymises what has passed its time.

A complaint's reporter identity and contacts are kept ``complaint_identity_years``
after the complaint was closed (Selesai or Arsip: its last move); a survey period's
respondent profiles ``respondent_profile_years`` after its first publication.
Without a policy row an instansi keeps both DEFAULT_YEARS (5). Open complaints,
unpublished periods and anything within its time are never touched; the figures
(counts, durations, deadlines, IKM) do not change, only who the people were.
"""
import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.clock import today_local
from app.complaints.deadlines import CLOSED_STATUSES
from app.extensions import db
from app.models.complaints import Complaint, ComplaintHistory
from app.models.org import OrgLevel, OrgNode
from app.models.privacy import DEFAULT_YEARS, RetentionPolicy
from app.models.skm import Publication, Respondent, SurveyPeriod
from app.privacy.identity import anonymise_complaints, anonymise_respondents, has_identity, has_profile

MAX_YEARS = 100
EVENT = "retention"


class RetentionError(ValueError):
    """A retention policy value is invalid; the message says which."""


def validate(policy):
    """Check a policy: an instansi node, whole years between 1 and MAX_YEARS."""
    node = policy.org or (db.session.get(OrgNode, policy.org_id) if policy.org_id else None)
    if node is None or node.level != OrgLevel.INSTANSI:
        raise RetentionError(str(_l("Kebijakan retensi berlaku per instansi: pilih node instansi.")))
    for value in (policy.complaint_identity_years, policy.respondent_profile_years):
        if value is None or not 1 <= value <= MAX_YEARS:
            raise RetentionError(str(_l("Masa simpan harus antara 1 dan %(max)s tahun.", max=MAX_YEARS)))
    return policy


def years_back(day, years):
    """``day`` minus whole ``years`` (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def policy_for(instansi_id):
    """(identity years, profile years) of an instansi."""
    policy = db.session.execute(select(RetentionPolicy).where(RetentionPolicy.org_id == instansi_id)).scalar()
    if policy is None:
        return DEFAULT_YEARS, DEFAULT_YEARS
    return policy.complaint_identity_years, policy.respondent_profile_years


def closed_on():
    """SQL: the moment a complaint was closed, i.e. its last move (received_at for one without history)."""
    last_move = select(func.max(ComplaintHistory.at)).where(ComplaintHistory.complaint_id == Complaint.id)
    return func.coalesce(last_move.scalar_subquery(), Complaint.received_at)


def expired_complaints(instansi_id, cutoff):
    """Ids of the instansi's closed complaints, closed before ``cutoff`` (a date), still holding identity."""
    limit = datetime.datetime.combine(cutoff, datetime.time(0, 0))
    return db.session.execute(
        select(Complaint.id).where(
            Complaint.instansi_id == instansi_id, Complaint.status.in_(CLOSED_STATUSES), has_identity(),
            closed_on() < limit,
        ).order_by(Complaint.id)
    ).scalars().all()


def expired_periods(instansi, cutoff):
    """(period id, unit id) of the instansi's survey periods first published before ``cutoff``, with profiles left."""
    first_published = (
        select(Publication.period_id, func.min(Publication.published_on).label("first"))
        .group_by(Publication.period_id).subquery()
    )
    units = select(OrgNode.id).where(OrgNode.path.startswith(instansi.path))
    with_profiles = select(Respondent.period_id).where(has_profile()).distinct()
    return db.session.execute(
        select(SurveyPeriod.id, SurveyPeriod.unit_id)
        .join(first_published, first_published.c.period_id == SurveyPeriod.id)
        .where(SurveyPeriod.unit_id.in_(units), first_published.c.first < cutoff, SurveyPeriod.id.in_(with_profiles))
        .order_by(SurveyPeriod.id)
    ).all()


def anonymise_expired(today=None):
    """The daily job: anonymise, per instansi, what passed its retention time. Returns counts."""
    today = today or today_local()
    result = {"complaints": 0, "respondents": 0}
    instansi_nodes = db.session.execute(
        select(OrgNode).where(OrgNode.level == OrgLevel.INSTANSI).order_by(OrgNode.id)
    ).scalars().all()
    for instansi in instansi_nodes:
        identity_years, profile_years = policy_for(instansi.id)
        ids = expired_complaints(instansi.id, years_back(today, identity_years))
        if ids:
            note = _("Identitas dan kontak pelapor dihapus: masa simpan %(years)s tahun setelah pengaduan ditutup "
                     "telah lewat (UU 27/2022).", years=identity_years)
            result["complaints"] += anonymise_complaints(ids, note, EVENT)
        for period_id, unit_id in expired_periods(instansi, years_back(today, profile_years)):
            result["respondents"] += anonymise_respondents(period_id, unit_id, EVENT)
        db.session.commit()
    return result
