"""Complaint figures for a scope and a period, computed with SQL aggregates (no loop over complaint rows).

``complaint_figures(scope, start, end, min_rank_count=5, today=None)`` looks at
the *cohort*: complaints in ``scope`` (an app.scope.Scope) received from
``start`` to ``end`` (dates, both inclusive). It returns a dict:

- ``period``: {"start": date, "end": date}
- ``received``: complaints in the cohort
- ``verified``, ``routed``, ``followed_up``, ``finished``: of the cohort, how many were verified, routed
  (disposisi), have at least one follow-up, are Selesai now
- ``by_classification``, ``by_channel``, ``by_status``: {enum value: count} over the cohort (every member
  present, zeros included); labels via app.models.complaints (``Status("selesai").label``)
- ``by_category``: [{"category_id", "name", "count"}], largest first; category None = no category
- ``by_opd``: [{"opd_id", "name", "count"}], largest first; opd None = not routed to an OPD
- ``pct_followed_up``: followed_up / verified x 100 (None when nothing was verified); ``pct_finished``:
  finished / verified x 100. Percentages are floats rounded to 2 decimals.
- ``days_to_first_followup``, ``days_to_finish``: {"count", "mean", "median"} in working days from receipt
  (hold time excluded), over the cohort rows that reached the event; None values when count is 0
- ``pct_within``: {"verify", "first_followup", "resolve"}: % of the cohort rows that reached the step on or
  before its deadline, among those that reached it (None when none did)
- ``backlog_by_opd``: [{"opd_id", "name", "open", "overdue"}] now (not limited to the period): routed
  complaints in scope still Belum Ditindaklanjuti or Diproses; overdue = deadline before ``today``
- ``ranking``: [{"rank", "opd_id", "name", "count", "finished", "pct_finished", "pct_resolved_on_time"}] of the
  OPDs with at least ``min_rank_count`` complaints in the cohort, best first (pct_finished, then
  pct_resolved_on_time, then name)
- ``not_ranked``: [{"opd_id", "name", "count"}] OPDs below ``min_rank_count``
"""
import datetime

from sqlalchemy import case, func, select

from app.clock import today_local
from app.extensions import db
from app.models.complaints import Channel, Classification, Complaint, ComplaintCategory, Status
from app.models.org import OrgNode

OPEN_ROUTED = (Status.BELUM_DITINDAKLANJUTI, Status.DIPROSES)


def _pct(part, whole):
    return round(part * 100.0 / whole, 2) if whole else None


def _count_true(column):
    return func.sum(case((column.is_(True), 1), else_=0))


def complaint_figures(scope, start, end, min_rank_count=5, today=None):
    """The figures described in the module docstring."""
    today = today or today_local()
    cohort = [
        scope.clause(Complaint),
        Complaint.received_at >= datetime.datetime.combine(start, datetime.time.min),
        Complaint.received_at < datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min),
    ]

    totals = db.session.execute(
        select(
            func.count(Complaint.id),
            func.count(Complaint.verified_at),
            func.count(Complaint.routed_at),
            func.count(Complaint.first_followup_at),
            func.sum(case((Complaint.status == Status.SELESAI, 1), else_=0)),
            _count_true(Complaint.verified_on_time), func.count(Complaint.verified_on_time),
            _count_true(Complaint.followup_on_time), func.count(Complaint.followup_on_time),
            _count_true(Complaint.resolved_on_time), func.count(Complaint.resolved_on_time),
        ).where(*cohort)
    ).one()
    received, verified, routed, followed_up, finished = (int(v or 0) for v in totals[:5])
    on_time = [int(v or 0) for v in totals[5:]]

    def grouped(column, enum_class):
        counts = {member.value: 0 for member in enum_class}
        for value, count in db.session.execute(select(column, func.count()).where(*cohort).group_by(column)):
            counts[value.value] = count
        return counts

    by_category = [
        {"category_id": cid, "name": name, "count": count}
        for cid, name, count in db.session.execute(
            select(Complaint.category_id, ComplaintCategory.name, func.count())
            .outerjoin(ComplaintCategory, ComplaintCategory.id == Complaint.category_id)
            .where(*cohort)
            .group_by(Complaint.category_id, ComplaintCategory.name)
            .order_by(func.count().desc(), ComplaintCategory.name)
        )
    ]

    opd_rows = db.session.execute(
        select(
            Complaint.opd_id, OrgNode.name, func.count(),
            func.sum(case((Complaint.status == Status.SELESAI, 1), else_=0)),
            _count_true(Complaint.resolved_on_time), func.count(Complaint.resolved_on_time),
        )
        .outerjoin(OrgNode, OrgNode.id == Complaint.opd_id)
        .where(*cohort)
        .group_by(Complaint.opd_id, OrgNode.name)
        .order_by(func.count().desc(), OrgNode.name)
    ).all()
    by_opd = [{"opd_id": opd_id, "name": name, "count": count} for opd_id, name, count, *_ in opd_rows]

    ranked, not_ranked = [], []
    for opd_id, name, count, done, in_time, resolved in opd_rows:
        if opd_id is None:
            continue
        if count < min_rank_count:
            not_ranked.append({"opd_id": opd_id, "name": name, "count": count})
            continue
        ranked.append({
            "opd_id": opd_id, "name": name, "count": count, "finished": int(done or 0),
            "pct_finished": _pct(int(done or 0), count), "pct_resolved_on_time": _pct(int(in_time or 0), resolved),
        })
    ranked.sort(key=lambda r: (-(r["pct_finished"] or 0), -(r["pct_resolved_on_time"] or 0), r["name"]))
    for position, row in enumerate(ranked, start=1):
        row["rank"] = position

    backlog = [
        {"opd_id": opd_id, "name": name, "open": count, "overdue": int(late or 0)}
        for opd_id, name, count, late in db.session.execute(
            select(
                Complaint.opd_id, OrgNode.name, func.count(),
                func.sum(case((Complaint.active_due < today, 1), else_=0)),
            )
            .join(OrgNode, OrgNode.id == Complaint.opd_id)
            .where(scope.clause(Complaint), Complaint.status.in_(OPEN_ROUTED))
            .group_by(Complaint.opd_id, OrgNode.name)
            .order_by(func.count().desc(), OrgNode.name)
        )
    ]

    return {
        "period": {"start": start, "end": end},
        "received": received,
        "verified": verified,
        "routed": routed,
        "followed_up": followed_up,
        "finished": finished,
        "by_classification": grouped(Complaint.classification, Classification),
        "by_channel": grouped(Complaint.channel, Channel),
        "by_status": grouped(Complaint.status, Status),
        "by_category": by_category,
        "by_opd": by_opd,
        "pct_followed_up": _pct(followed_up, verified),
        "pct_finished": _pct(finished, verified),
        "days_to_first_followup": _distribution(Complaint.days_to_first_followup, cohort),
        "days_to_finish": _distribution(Complaint.days_to_finish, cohort),
        "pct_within": {
            "verify": _pct(on_time[0], on_time[1]),
            "first_followup": _pct(on_time[2], on_time[3]),
            "resolve": _pct(on_time[4], on_time[5]),
        },
        "backlog_by_opd": backlog,
        "ranking": ranked,
        "not_ranked": not_ranked,
    }


def _distribution(column, cohort):
    """Count, mean and median of a working-day duration; the median by ORDER BY/LIMIT/OFFSET (portable)."""
    count, mean = db.session.execute(select(func.count(column), func.avg(column)).where(*cohort)).one()
    if not count:
        return {"count": 0, "mean": None, "median": None}
    middle = db.session.execute(
        select(column).where(*cohort, column.is_not(None)).order_by(column)
        .offset((count - 1) // 2).limit(2 if count % 2 == 0 else 1)
    ).scalars().all()
    return {"count": count, "mean": round(float(mean), 2), "median": round(sum(middle) / len(middle), 2)}


def monthly_compliance(scope, year):
    """[{"month", "received", "verify", "resolve"}] for each month of ``year``: the same ``pct_within`` as
    ``complaint_figures`` of that month, for all twelve months in one grouped query."""
    month = func.extract("month", Complaint.received_at)
    rows = db.session.execute(
        select(
            month, func.count(Complaint.id),
            _count_true(Complaint.verified_on_time), func.count(Complaint.verified_on_time),
            _count_true(Complaint.resolved_on_time), func.count(Complaint.resolved_on_time),
        )
        .where(
            scope.clause(Complaint),
            Complaint.received_at >= datetime.datetime(year, 1, 1),
            Complaint.received_at < datetime.datetime(year + 1, 1, 1),
        )
        .group_by(month)
    ).all()
    by_month = {int(m): (int(n), int(v or 0), int(vn), int(r or 0), int(rn)) for m, n, v, vn, r, rn in rows}
    result = []
    for number in range(1, 13):
        received, verified, verify_all, resolved, resolve_all = by_month.get(number, (0, 0, 0, 0, 0))
        result.append({"month": number, "received": received, "verify": _pct(verified, verify_all),
                       "resolve": _pct(resolved, resolve_all)})
    return result
