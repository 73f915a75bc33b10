"""Complaint figures for a scope and a period as at a cut-off (D15, D16), from the states of app/complaints/states.py.

``complaint_figures(scope, start, end, as_of=None, min_rank_count=5)`` looks at the *cohort*: complaints in
``scope`` (an app.scope.Scope) received from ``start`` to ``end`` (dates, both inclusive), as they stood at the
cut-off ``as_of`` (a naive local datetime; default: the end of ``end``). Every number is what a reader could
have counted at the cut-off; building again later with the same cut-off gives the same dict:

- ``as_of``: the cut-off; ``period``: {"start", "end"}
- ``received``: complaints in the cohort
- ``verified``, ``routed``, ``followed_up``, ``finished``: of the cohort, how many had been verified, routed
  (disposisi), followed up at least once, were Selesai, at the cut-off
- ``by_classification``, ``by_channel``, ``by_status`` (status at the cut-off): {enum value: count}, zeros included
- ``by_category``: [{"category_id", "name", "count"}], largest first; category None = no category
- ``by_opd``: [{"opd_id", "name", "count"}] by the OPD holding the complaint at the cut-off; None = not routed
- ``pct_followed_up`` = followed_up / verified x 100, ``pct_finished`` = finished / verified x 100 (None when
  nothing was verified); percentages are floats rounded to 2 decimals
- ``days_to_first_followup``, ``days_to_finish``: {"count", "mean", "median"} in working days from receipt (hold
  time excluded), over the complaints whose event date is known
- ``hours_to_first_followup``: {"count", "median", "max"} in calendar hours from receipt (PEKPPP V.D2)
- ``lapor``: {"received", "verified", "finished", "pct_finished"} over the cohort's complaints that came through
  SP4N-LAPOR! channels (PEKPPP V.4)
- ``compliance``: per step ("verify", "first_followup", "resolve") {"on_time", "late", "not_yet_due",
  "excluded", "undated", "pct_on_time"}: the D16 split; pct_on_time = on_time / (on_time + late) x 100
- ``overdue``: [ComplaintAt] of the cohort whose waiting step was past its deadline at the cut-off
- ``older_overdue``: the same for complaints received before ``start`` (tunggakan periode sebelumnya)
- ``backlog_by_opd``: [{"opd_id", "name", "open", "overdue"}] at the cut-off, over every complaint received by
  then and waiting (Belum Ditindaklanjuti, Diproses) at an OPD
- ``ranking``: OPDs with at least ``min_rank_count`` complaints in the cohort, best first (pct_finished, then
  pct_resolved_on_time, then name): [{"rank", "opd_id", "name", "count", "finished", "pct_finished",
  "resolved_on_time", "resolved_late", "pct_resolved_on_time"}]; ``not_ranked``: [{"opd_id", "name", "count"}]
"""
import datetime
import statistics
from collections import Counter

from sqlalchemy import select

from app.complaints.states import LATE, ON_TIME, STEPS, VERDICTS, states_at
from app.cutoff import end_of_day
from app.extensions import db
from app.models.complaints import LAPOR_CHANNELS, Channel, Classification, ComplaintCategory, Status
from app.models.org import OrgNode

OPEN_ROUTED = (Status.BELUM_DITINDAKLANJUTI, Status.DIPROSES)


def _pct(part, whole):
    return round(part * 100.0 / whole, 2) if whole else None


def compliance_of(states):
    """{step: {"on_time", "late", "not_yet_due", "excluded", "undated", "pct_on_time"}} over ``states``."""
    result = {}
    for step in STEPS:
        counts = Counter(state.verdicts[step] for state in states)
        row = {name: counts.get(name, 0) for name in VERDICTS}
        row["pct_on_time"] = _pct(row[ON_TIME], row[ON_TIME] + row[LATE])
        result[step] = row
    return result


def complaint_figures(scope, start, end, as_of=None, min_rank_count=5):
    """The figures described in the module docstring."""
    cutoff = as_of or end_of_day(end)
    cohort = states_at(scope, cutoff, start, end)
    older = states_at(scope, cutoff, received_to=start - datetime.timedelta(days=1), open_only=True)
    names = _names(cohort + older)

    def grouped(attribute, enum_class):
        counts = Counter(getattr(state, attribute) for state in cohort)
        return {member.value: counts.get(member, 0) for member in enum_class}

    categories = Counter(state.category_id for state in cohort)
    category_names = dict(db.session.execute(
        select(ComplaintCategory.id, ComplaintCategory.name).where(ComplaintCategory.id.in_(
            [cid for cid in categories if cid is not None]))
    ).all()) if categories else {}
    by_category = sorted(
        ({"category_id": cid, "name": category_names.get(cid), "count": count} for cid, count in categories.items()),
        key=lambda row: (-row["count"], row["name"] or ""),
    )
    opds = Counter(state.opd_id for state in cohort)
    by_opd = sorted(({"opd_id": opd, "name": names.get(opd), "count": count} for opd, count in opds.items()),
                    key=lambda row: (-row["count"], row["name"] or ""))

    verified = sum(state.done("verify") for state in cohort)
    followed_up = sum(state.done("first_followup") for state in cohort)
    finished = sum(state.status == Status.SELESAI for state in cohort)
    overdue = sorted((s for s in cohort if s.overdue(cutoff)), key=lambda s: (s.active_due, s.id))
    lapor = [state for state in cohort if state.channel in LAPOR_CHANNELS]
    lapor_verified = sum(state.done("verify") for state in lapor)
    lapor_finished = sum(state.status == Status.SELESAI for state in lapor)
    older_overdue = sorted((s for s in older if s.overdue(cutoff)), key=lambda s: (s.active_due, s.id))
    return {
        "as_of": cutoff,
        "period": {"start": start, "end": end},
        "received": len(cohort),
        "verified": verified,
        "routed": sum(state.routed_at is not None for state in cohort),
        "followed_up": followed_up,
        "finished": finished,
        "by_classification": grouped("classification", Classification),
        "by_channel": grouped("channel", Channel),
        "by_status": grouped("status", Status),
        "by_category": by_category,
        "by_opd": by_opd,
        "pct_followed_up": _pct(followed_up, verified),
        "pct_finished": _pct(finished, verified),
        "days_to_first_followup": _distribution([s.days_to_first_followup for s in cohort]),
        "days_to_finish": _distribution([s.days_to_finish for s in cohort if s.status == Status.SELESAI]),
        "hours_to_first_followup": _hours([s.hours_to_first_followup() for s in cohort]),
        "compliance": compliance_of(cohort),
        "lapor": {"received": len(lapor), "verified": lapor_verified, "finished": lapor_finished,
                  "pct_finished": _pct(lapor_finished, lapor_verified)},
        "overdue": overdue,
        "older_overdue": older_overdue,
        "backlog_by_opd": _backlog(cohort + older, cutoff, names),
        **_ranking(cohort, names, min_rank_count),
    }


def _names(states):
    ids = {state.opd_id for state in states if state.opd_id is not None}
    if not ids:
        return {}
    return dict(db.session.execute(select(OrgNode.id, OrgNode.name).where(OrgNode.id.in_(ids))).all())


def _distribution(values):
    """Count, mean and median of the known values (working days)."""
    known = [value for value in values if value is not None]
    if not known:
        return {"count": 0, "mean": None, "median": None}
    return {"count": len(known), "mean": round(statistics.fmean(known), 2), "median": round(statistics.median(known), 2)}


def _hours(values):
    known = [value for value in values if value is not None]
    if not known:
        return {"count": 0, "median": None, "max": None}
    return {"count": len(known), "median": round(statistics.median(known), 2), "max": round(max(known), 2)}


def _backlog(states, cutoff, names):
    rows = {}
    for state in states:
        if state.opd_id is None or state.status not in OPEN_ROUTED:
            continue
        row = rows.setdefault(state.opd_id, {"opd_id": state.opd_id, "name": names.get(state.opd_id), "open": 0,
                                             "overdue": 0})
        row["open"] += 1
        row["overdue"] += state.overdue(cutoff)
    return sorted(rows.values(), key=lambda row: (-row["open"], row["name"] or ""))


def _ranking(cohort, names, min_rank_count):
    per_opd = {}
    for state in cohort:
        if state.opd_id is not None:
            per_opd.setdefault(state.opd_id, []).append(state)
    ranked, not_ranked = [], []
    for opd_id, states in per_opd.items():
        if len(states) < min_rank_count:
            not_ranked.append({"opd_id": opd_id, "name": names.get(opd_id), "count": len(states)})
            continue
        resolve = compliance_of(states)["resolve"]
        done = sum(state.status == Status.SELESAI for state in states)
        ranked.append({
            "opd_id": opd_id, "name": names.get(opd_id), "count": len(states), "finished": done,
            "pct_finished": _pct(done, len(states)), "resolved_on_time": resolve[ON_TIME],
            "resolved_late": resolve[LATE], "pct_resolved_on_time": resolve["pct_on_time"],
        })
    ranked.sort(key=lambda r: (-(r["pct_finished"] or 0), -(r["pct_resolved_on_time"] or 0), r["name"]))
    for position, row in enumerate(ranked, start=1):
        row["rank"] = position
    not_ranked.sort(key=lambda row: (-row["count"], row["name"] or ""))
    return {"ranking": ranked, "not_ranked": not_ranked}


def monthly_compliance(scope, year, as_of=None):
    """[{"month", "received", "verify", "first_followup", "resolve"}] for each month of ``year``: per step the same
    D16 split as ``complaint_figures`` of that month (a dict with the counts and pct_on_time), at one cut-off
    (default: the end of the year), read in one pass."""
    cutoff = as_of or end_of_day(datetime.date(year, 12, 31))
    states = states_at(scope, cutoff, datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    by_month = {}
    for state in states:
        by_month.setdefault(state.received_at.month, []).append(state)
    result = []
    for number in range(1, 13):
        month_states = by_month.get(number, [])
        result.append({"month": number, "received": len(month_states), **compliance_of(month_states)})
    return result
