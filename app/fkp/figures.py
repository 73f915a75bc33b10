"""FKP figures for the reports: SQL aggregates over the rows in a scope (per-unit maxima folded in Python), as at a
cut-off (D15): a forum's stage is read from its stage history, never from its current stage."""
import datetime

from sqlalchemy import and_, case, distinct, func, select

from app.clock import now_local, utc_of
from app.extensions import db
from app.fkp.history import agreement_done_by, attended_by, reached_by, uploaded_by
from app.fkp.elements import DEFAULT_MIN_FORUMS_PER_YEAR
from app.models.fkp import (
    HELD_STAGES, SP_PURPOSES, DocumentKind, FkpAgreement, FkpDocument, FkpElement, FkpForum,
    FkpParticipant, FkpSetting,
)
from app.models.org import OrgLevel, OrgNode, instansi_path


def held_forum(cutoff=None):
    """SQL condition on FkpForum: held (D13) = reached pasca pelaksanaan by ``cutoff`` (naive local; None: now), with
    a community participant recorded present by then."""
    limit = utc_of(cutoff) if cutoff is not None else None
    attended = (
        select(FkpParticipant.id)
        .join(FkpElement, FkpElement.id == FkpParticipant.element_id)
        .where(FkpParticipant.forum_id == FkpForum.id, attended_by(limit), FkpElement.is_provider.is_(False))
        .exists()
    )
    return and_(reached_by(HELD_STAGES, limit), attended)


def fkp_figures(scope, start, end, as_of=None):
    """FKP figures for the units in ``scope`` between ``start`` and ``end`` (dates, both inclusive).

    A forum counts as held (D13) when its stage history shows it reached pasca pelaksanaan by ``as_of`` (a naive
    local datetime, the report's cut-off; default now), it has at least one attended participant from a community
    element, and its date lies in the range; participants, elements and agreements are those of held
    forums. Keys of the returned dict:

    - ``start``, ``end``: the range asked for (dates).
    - ``forums_held``: int, held forums in range.
    - ``forums_per_unit``: {unit_id: int}, held forums per unit (units with none are absent).
    - ``participants_by_element``: list of {"code", "name", "is_provider", "invited", "attended"},
      summed over held forums, grouped by element code and name, in element order.
    - ``elements_per_forum``: {forum_id: int}, distinct community elements (not penyelenggara) with
      at least one attended participant, for every held forum (0 included).
    - ``elements_per_unit``: {unit_id: int}, the maximum of ``elements_per_forum`` over the unit's held
      forums (the PEKPPP F-02 count of unsur masyarakat involved).
    - ``sp_elements_per_unit``: the same over the held forums whose purpose is drafting or reviewing a Standar
      Pelayanan (PEKPPP I.2).
    - ``held_forums``: list of {"forum_id", "unit_id", "held_on", "topic", "purpose", "elements", "berita_acara"}
      (berita_acara: whether the signed berita acara is uploaded), by date.
    - ``agreements``: {"total", "done", "overdue"}: agreements of held forums; done = marked done with a completion
      date on or before the cut-off's day; overdue = not done then and due before that day.
    - ``year``: the calendar year of ``end``.
    - ``units_without_forum``: list of {"unit_id", "code", "name", "forums", "required"}, every unit in
      scope whose held forums in ``year`` are fewer than its instansi's setting (default once a year, D13).
    - ``units``: {unit_id: {"code", "name"}} of every unit in scope.
    """
    as_of = as_of or now_local()
    today, limit = as_of.date(), utc_of(as_of)
    present = attended_by(limit)
    held = and_(
        scope.clause(FkpForum),
        held_forum(as_of),
        FkpForum.held_on >= start,
        FkpForum.held_on <= end,
    )
    # Every query joins the forum and repeats the conditions (rather than "forum_id IN (subquery)"):
    # PostgreSQL with stale statistics picked a nested loop for the IN form (10 s instead of 20 ms).
    per_unit = dict(db.session.execute(
        select(FkpForum.unit_id, func.count(FkpForum.id)).where(held).group_by(FkpForum.unit_id)
    ).all())

    by_element = [
        {"code": code, "name": name, "is_provider": bool(is_provider), "invited": invited, "attended": int(attended or 0)}
        for code, name, is_provider, invited, attended in db.session.execute(
            select(
                FkpElement.code, FkpElement.name, FkpElement.is_provider, func.count(FkpParticipant.id),
                func.sum(case((present, 1), else_=0)),
            )
            .join(FkpElement, FkpElement.id == FkpParticipant.element_id)
            .join(FkpForum, FkpForum.id == FkpParticipant.forum_id)
            .where(held)
            .group_by(FkpElement.code, FkpElement.name, FkpElement.is_provider)
            .order_by(func.min(FkpElement.position), FkpElement.name)
        ).all()
    ]

    community = dict(db.session.execute(
        select(FkpParticipant.forum_id, func.count(distinct(FkpParticipant.element_id)))
        .join(FkpElement, FkpElement.id == FkpParticipant.element_id)
        .join(FkpForum, FkpForum.id == FkpParticipant.forum_id)
        .where(held, present, FkpElement.is_provider.is_(False))
        .group_by(FkpParticipant.forum_id)
    ).all())
    signed = set(db.session.execute(
        select(FkpDocument.forum_id).join(FkpForum, FkpForum.id == FkpDocument.forum_id)
        .where(held, FkpDocument.kind == DocumentKind.BERITA_ACARA,
               uploaded_by(limit))
    ).scalars())
    elements_per_forum, elements_per_unit, sp_elements_per_unit, held_forums = {}, {}, {}, []
    for forum_id, unit_id, held_on, topic, purpose in db.session.execute(
        select(FkpForum.id, FkpForum.unit_id, FkpForum.held_on, FkpForum.topic, FkpForum.purpose)
        .where(held).order_by(FkpForum.held_on, FkpForum.id)
    ).all():
        count = int(community.get(forum_id, 0))
        elements_per_forum[forum_id] = count
        elements_per_unit[unit_id] = max(count, elements_per_unit.get(unit_id, 0))
        if purpose in SP_PURPOSES:
            sp_elements_per_unit[unit_id] = max(count, sp_elements_per_unit.get(unit_id, 0))
        held_forums.append({"forum_id": forum_id, "unit_id": unit_id, "held_on": held_on, "topic": topic,
                            "purpose": purpose, "elements": count, "berita_acara": forum_id in signed})

    done_by_cutoff = agreement_done_by(today)
    total, done, overdue = db.session.execute(
        select(
            func.count(FkpAgreement.id),
            func.sum(case((done_by_cutoff, 1), else_=0)),
            func.sum(case((and_(~done_by_cutoff, FkpAgreement.due_date < today), 1), else_=0)),
        ).join(FkpForum, FkpForum.id == FkpAgreement.forum_id).where(held)
    ).one()

    year = end.year
    units, without = yearly_compliance(scope, year, as_of)
    return {
        "start": start,
        "end": end,
        "forums_held": sum(per_unit.values()),
        "forums_per_unit": per_unit,
        "participants_by_element": by_element,
        "elements_per_forum": elements_per_forum,
        "elements_per_unit": elements_per_unit,
        "sp_elements_per_unit": sp_elements_per_unit,
        "held_forums": held_forums,
        "agreements": {"total": int(total or 0), "done": int(done or 0), "overdue": int(overdue or 0)},
        "year": year,
        "units_without_forum": without,
        "units": units,
    }


def yearly_compliance(scope, year, as_of=None):
    """({unit_id: {"code", "name"}}, [units in scope with fewer forums held (by ``as_of``, default now) in ``year``
    than required])."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    held_in_year = (
        select(FkpForum.unit_id.label("unit_id"), func.count(FkpForum.id).label("forums"))
        .where(held_forum(as_of), FkpForum.held_on >= start, FkpForum.held_on <= end)
        .group_by(FkpForum.unit_id)
        .subquery()
    )
    rows = db.session.execute(
        select(OrgNode.id, OrgNode.code, OrgNode.name, OrgNode.path, func.coalesce(held_in_year.c.forums, 0))
        .outerjoin(held_in_year, held_in_year.c.unit_id == OrgNode.id)
        .where(OrgNode.level == OrgLevel.UNIT, scope.clause(OrgNode))
        .order_by(OrgNode.path)
    ).all()
    required_by_instansi = dict(db.session.execute(
        select(OrgNode.path, FkpSetting.min_forums_per_year).join(OrgNode, OrgNode.id == FkpSetting.instansi_id)
    ).all())
    units, without = {}, []
    for unit_id, code, name, path, forums in rows:
        units[unit_id] = {"code": code, "name": name}
        required = required_by_instansi.get(instansi_path(path), DEFAULT_MIN_FORUMS_PER_YEAR)
        if int(forums) < required:
            without.append({"unit_id": unit_id, "code": code, "name": name, "forums": int(forums), "required": required})
    return units, without
