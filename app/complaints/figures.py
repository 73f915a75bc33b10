"""Complaint figures for a scope and a period as at a cut-off (D15, D16), from the states of app/complaints/states.py.

``complaint_figures(scope, start, end, as_of=None, min_rank_count=5, listed=None)`` looks at the *cohort*: complaints in
``scope`` (an app.scope.Scope) received from ``start`` to ``end`` (dates, both inclusive), as they stood at the
cut-off ``as_of`` (a naive local datetime; default: the end of ``end``). Every number is what a reader could
have counted at the cut-off; building again later with the same cut-off gives the same dict. The database counts
the complaints whose columns are their state at the cut-off (grouped scans); those replayed from their history are
added one at a time; both fold into a ``Tally``, so no figure holds the cohort in memory:

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
- ``overdue``: [Overdue] of the cohort whose waiting step was past its deadline at the cut-off, oldest deadline
  first; only the first ``listed`` of them when ``listed`` is given; ``overdue_count``: how many there are
- ``older_overdue``, ``older_overdue_count``: the same for complaints received before ``start`` (tunggakan periode
  sebelumnya)
- ``backlog_by_opd``: [{"opd_id", "name", "open", "overdue"}] at the cut-off, over every complaint received by
  then and waiting (Belum Ditindaklanjuti, Diproses) at an OPD
- ``ranking``: OPDs with at least ``min_rank_count`` complaints in the cohort, best first (pct_finished, then
  pct_resolved_on_time, then name): [{"rank", "opd_id", "name", "count", "finished", "pct_finished",
  "resolved_on_time", "resolved_late", "pct_resolved_on_time"}]; ``not_ranked``: [{"opd_id", "name", "count"}]
- ``by_node``: {node id: {"received", "verified", "finished", "pct_finished", "hours_to_first_followup", "lapor"}}
  by the node holding the complaint at the cut-off (a unit's own figures, as its PEKPPP scores read them)
"""
import datetime
import statistics
from array import array
from collections import Counter
from dataclasses import dataclass
from operator import attrgetter

from sqlalchemy import case, extract, func, select

from app.complaints.states import (
    LATE, ON_TIME, STEPS, VERDICTS, WAITING, Cut, overdue_at, overdue_clause, steps_done_clauses, stream,
    verdict_clauses, verdicts,
)
from app.cutoff import end_of_day
from app.extensions import db
from app.models.complaints import LAPOR_CHANNELS, Channel, Classification, Complaint, ComplaintCategory, Status
from app.models.org import OrgNode

OPEN_ROUTED = (Status.BELUM_DITINDAKLANJUTI, Status.DIPROSES)
OLDEST_FIRST = attrgetter("active_due", "id")
OVERDUE_COLUMNS = ("id", "tracking_number", "title", "rahasia", "status", "received_at", "active_due")


def _pct(part, whole):
    return round(part * 100.0 / whole, 2) if whole else None


@dataclass(slots=True, frozen=True)
class Overdue:
    """A complaint whose waiting step was past its deadline at the cut-off, as the overdue lists show it."""

    id: int
    tracking_number: str
    title: str
    rahasia: bool
    status: Status
    received_at: datetime.datetime
    active_due: datetime.date


class OldestFirst:
    """The overdue complaints: ``count`` of them (their counter adds to it), ``items`` the ``listed`` with the oldest
    deadline (all when ``listed`` is None), oldest first. Ask ``wants`` of each, and ``add`` the complaint only when
    it says so: once the list is full, a complaint due later than its last is not kept."""

    def __init__(self, listed):
        self.listed, self.count, self._items, self._last = listed, 0, [], None

    def wants(self, due, complaint_id):
        if self.listed == 0:
            return False
        return self._last is None or (due, complaint_id) < self._last

    def add(self, item):
        self._items.append(item)
        if self.listed is not None and len(self._items) >= 2 * self.listed + 1000:
            self._trim()

    def _trim(self):
        self._items.sort(key=OLDEST_FIRST)
        if self.listed is not None and len(self._items) >= self.listed:
            del self._items[self.listed:]
            if self._items:
                self._last = OLDEST_FIRST(self._items[-1])

    @property
    def items(self):
        self._trim()
        return self._items


def _overdue(state):
    return Overdue(state.id, state.tracking_number, state.title, state.rahasia, state.status, state.received_at,
                   state.active_due)


def _compliance(counts):
    """{step: {verdict counts, "pct_on_time"}} from a Counter of verdict tuples (STEPS order)."""
    result = {}
    for index, step in enumerate(STEPS):
        row = dict.fromkeys(VERDICTS, 0)
        for key, count in counts.items():
            row[key[index]] += count
        row["pct_on_time"] = _pct(row[ON_TIME], row[ON_TIME] + row[LATE])
        result[step] = row
    return result


def _node_figures(received=0, verified=0, finished=0, lapor_received=0, lapor_verified=0, lapor_finished=0, hours=()):
    return {
        "received": received, "verified": verified, "finished": finished, "pct_finished": _pct(finished, verified),
        "hours_to_first_followup": _hours(hours),
        "lapor": {"received": lapor_received, "verified": lapor_verified, "finished": lapor_finished,
                  "pct_finished": _pct(lapor_finished, lapor_verified)},
    }


def node_figures(figures, node_id):
    """The ``by_node`` figures of ``node_id`` in ``figures`` (complaint_figures' dict); zeros when it held none."""
    return figures["by_node"].get(node_id) or _node_figures()


# The places of the fields in Tally's group key.
CLASSIFICATION, CHANNEL, STATUS, CATEGORY, OPD, ROUTED, VERIFIED, FOLLOWED, FOUND = range(9)


class Tally:
    """complaint_figures' counts, folded a group of complaints at a time (the database's GROUP BY) or one complaint
    at a time (a complaint replayed from its history), so a cohort of any size is never held whole: each group adds
    its count to a group of the figures (the fields they count by, with the step verdicts), to the node that held
    it, to its OPD's backlog; each duration goes to its distribution."""

    def __init__(self, day, listed):
        self.day = day
        self.groups = Counter()  # (classification, channel, status, category, OPD, routed, verified, followed, verdicts)
        self.nodes = Counter()  # (node holding it at the cut-off, through LAPOR!, verified, finished)
        self.node_hours = {}  # node -> hours to the first follow-up
        self.to_followup, self.to_finish = Counter(), Counter()  # working days -> complaints
        self.hours = array("d")
        self.backlog = {}  # OPD -> [open, overdue], with the older complaints still waiting
        self.overdue = OldestFirst(listed)
        self.older_overdue = OldestFirst(listed)

    def add_group(self, classification, channel, status, category_id, opd_id, org_id, routed, done, found, late,
                  count):
        """Count ``count`` complaints of the cohort alike in these fields at the cut-off: ``done`` whether each step
        was done, ``found`` their step verdicts, ``late`` whether the step waiting was overdue (the overdue ones
        listed are added apart)."""
        verified, followed, _finished = done
        self.groups[(classification, channel, status, category_id, opd_id, routed, verified, followed, found)] += count
        self.nodes[(org_id, channel in LAPOR_CHANNELS, verified, status is Status.SELESAI)] += count
        if late:
            self.overdue.count += count
        self._backlog(opd_id, status, count, count if late else 0)

    def add_days(self, to_followup, to_finish, count):
        """``count`` complaints that took ``to_followup`` working days to the first follow-up and ``to_finish``
        to the finish (None: not done or not known)."""
        if to_followup is not None:
            self.to_followup[to_followup] += count
        if to_finish is not None:
            self.to_finish[to_finish] += count

    def add_hours(self, org_id, received_at, first_followup_at):
        """The calendar hours from receipt to the first follow-up of a complaint held by ``org_id``."""
        hours = (first_followup_at - received_at).total_seconds() / 3600
        self.hours.append(hours)
        node_hours = self.node_hours.get(org_id)
        if node_hours is None:
            node_hours = self.node_hours[org_id] = array("d")
        node_hours.append(hours)

    def add(self, state):
        """Count one complaint of the cohort."""
        late, done = overdue_at(state.status, state.active_due, self.day), state.steps_done()
        self.add_group(state.classification, state.channel, state.status, state.category_id, state.opd_id,
                       state.org_id, state.routed_at is not None, done, verdicts(state, self.day, done), late, 1)
        self.add_days(state.days_to_first_followup, state.days_to_finish if state.status is Status.SELESAI else None, 1)
        if state.first_followup_at is not None:
            self.add_hours(state.org_id, state.received_at, state.first_followup_at)
        if late and self.overdue.wants(state.active_due, state.id):
            self.overdue.add(_overdue(state))

    def add_older(self, state):
        """Count one complaint received before the period that was still waiting at the cut-off."""
        late = overdue_at(state.status, state.active_due, self.day)
        self.add_older_counts(state.opd_id, state.status, 1, int(late))
        if late and self.older_overdue.wants(state.active_due, state.id):
            self.older_overdue.add(_overdue(state))

    def add_older_counts(self, opd_id, status, count, overdue):
        """add_older for ``count`` complaints of one OPD and status, ``overdue`` of them overdue; the overdue ones
        listed are added to ``older_overdue`` apart."""
        self.older_overdue.count += overdue
        self._backlog(opd_id, status, count, overdue)

    def _backlog(self, opd_id, status, count, overdue):
        """Add ``count`` complaints (``overdue`` of them overdue) to their OPD's backlog when they wait there."""
        if opd_id is not None and status in OPEN_ROUTED:
            row = self.backlog.get(opd_id)
            if row is None:
                row = self.backlog[opd_id] = [0, 0]
            row[0] += count
            row[1] += overdue

    def count(self, index, value=True):
        """Complaints whose group key holds ``value`` at ``index``."""
        return sum(n for key, n in self.groups.items() if key[index] == value)

    def by(self, index):
        counts = Counter()
        for key, n in self.groups.items():
            counts[key[index]] += n
        return counts

    def by_node(self):
        """{node: its figures} (``_node_figures``)."""
        counts = {}
        for (node, lapor, verified, finished), n in self.nodes.items():
            row = counts.setdefault(node, [0] * 6)
            row[0] += n
            row[1] += n * verified
            row[2] += n * finished
            if lapor:
                row[3] += n
                row[4] += n * verified
                row[5] += n * finished
        return {node: _node_figures(*row, hours=self.node_hours.get(node, ())) for node, row in counts.items()}


def _oldest_overdue(query, listed):
    """The overdue complaints of ``query`` (an ``unmoved`` SELECT of OVERDUE_COLUMNS), oldest deadline first, the
    first ``listed`` of them (all when None)."""
    query = query.order_by(Complaint.active_due, Complaint.id)
    return (Overdue(*row) for row in stream(query.limit(listed) if listed is not None else query))


def complaint_figures(scope, start, end, as_of=None, min_rank_count=5, listed=None):
    """The figures described in the module docstring."""
    cutoff = as_of or end_of_day(end)
    tally = Tally(cutoff.date(), listed)
    cut = Cut(scope, cutoff, received_to=end)
    late = overdue_clause(tally.day)
    # The cohort's complaints whose columns are their state at the cut-off, counted in the database: one grouped
    # scan (the step verdicts are verdict_clauses, the twin of verdicts), one of the working days, the hours of
    # those followed up, and the overdue rows listed.
    keys = (Complaint.classification, Complaint.channel, Complaint.status, Complaint.category_id, Complaint.opd_id,
            Complaint.org_id, Complaint.routed_at.isnot(None), *steps_done_clauses()[:2],
            *verdict_clauses(tally.day), late)
    for (classification, channel, status, category_id, opd_id, org_id, routed, verified, followed, verify, followup,
         resolve, overdue, count) in stream(cut.unmoved(start, end, *keys, func.count()).group_by(*keys)):
        tally.add_group(classification, channel, status, category_id, opd_id, org_id, bool(routed),
                        (bool(verified), bool(followed), status is Status.SELESAI),
                        (VERDICTS[verify], VERDICTS[followup], VERDICTS[resolve]), bool(overdue), count)
    days = (Complaint.days_to_first_followup, case((Complaint.status == Status.SELESAI, Complaint.days_to_finish)))
    for to_followup, to_finish, count in stream(cut.unmoved(start, end, *days, func.count()).group_by(*days)):
        tally.add_days(to_followup, to_finish, count)
    followed_up = cut.unmoved(start, end, Complaint.org_id, Complaint.received_at, Complaint.first_followup_at)
    for org_id, received_at, first_followup_at in stream(followed_up.where(Complaint.first_followup_at.isnot(None))):
        tally.add_hours(org_id, received_at, first_followup_at)
    columns = [getattr(Complaint, name) for name in OVERDUE_COLUMNS]
    for item in _oldest_overdue(cut.unmoved(start, end, *columns).where(late), listed):
        tally.overdue.add(item)
    # Received before the period: only those waiting at the cut-off count (backlog and tunggakan).
    before = start - datetime.timedelta(days=1)
    for opd_id, status, count, overdue in stream(
            cut.unmoved(None, before, Complaint.opd_id, Complaint.status, func.count(), func.sum(case((late, 1), else_=0)))
            .where(Complaint.status.in_(WAITING)).group_by(Complaint.opd_id, Complaint.status)):
        tally.add_older_counts(opd_id, status, count, int(overdue or 0))
    for item in _oldest_overdue(cut.unmoved(None, before, *columns).where(late), listed):
        tally.older_overdue.add(item)
    first_day = datetime.datetime.combine(start, datetime.time.min)
    for state in cut.moved_states():
        if state.received_at >= first_day:
            tally.add(state)
        elif state.status in WAITING:
            tally.add_older(state)
    return _figures(tally, cutoff, start, end, min_rank_count)


def _figures(tally, cutoff, start, end, min_rank_count):
    opds = tally.by(OPD)
    names = _names(set(opds) | set(tally.backlog))
    received = sum(tally.groups.values())

    def grouped(index, enum_class):
        counts = tally.by(index)
        return {member.value: counts.get(member, 0) for member in enum_class}

    categories = tally.by(CATEGORY)
    category_names = dict(db.session.execute(
        select(ComplaintCategory.id, ComplaintCategory.name).where(ComplaintCategory.id.in_(
            [cid for cid in categories if cid is not None]))
    ).all()) if categories else {}
    by_category = sorted(
        ({"category_id": cid, "name": category_names.get(cid), "count": count} for cid, count in categories.items()),
        key=lambda row: (-row["count"], row["name"] or ""),
    )
    by_opd = sorted(({"opd_id": opd, "name": names.get(opd), "count": count} for opd, count in opds.items()),
                    key=lambda row: (-row["count"], row["name"] or ""))
    statuses = tally.by(STATUS)
    verified, followed_up, finished = tally.count(VERIFIED), tally.count(FOLLOWED), statuses.get(Status.SELESAI, 0)
    by_node = tally.by_node()
    lapor = _node_figures(0, 0, 0, *[sum(node["lapor"][name] for node in by_node.values())
                                     for name in ("received", "verified", "finished")])["lapor"]
    backlog = sorted(({"opd_id": opd, "name": names.get(opd), "open": row[0], "overdue": row[1]}
                      for opd, row in tally.backlog.items()), key=lambda row: (-row["open"], row["name"] or ""))
    return {
        "as_of": cutoff,
        "period": {"start": start, "end": end},
        "received": received,
        "verified": verified,
        "routed": tally.count(ROUTED),
        "followed_up": followed_up,
        "finished": finished,
        "by_classification": grouped(CLASSIFICATION, Classification),
        "by_channel": grouped(CHANNEL, Channel),
        "by_status": {member.value: statuses.get(member, 0) for member in Status},
        "by_category": by_category,
        "by_opd": by_opd,
        "pct_followed_up": _pct(followed_up, verified),
        "pct_finished": _pct(finished, verified),
        "days_to_first_followup": _distribution(tally.to_followup),
        "days_to_finish": _distribution(tally.to_finish),
        "hours_to_first_followup": _hours(tally.hours),
        "compliance": _compliance(tally.by(FOUND)),
        "lapor": lapor,
        "overdue": tally.overdue.items,
        "overdue_count": tally.overdue.count,
        "older_overdue": tally.older_overdue.items,
        "older_overdue_count": tally.older_overdue.count,
        "backlog_by_opd": backlog,
        "by_node": by_node,
        **_ranking(tally, names, min_rank_count),
    }


def _names(ids):
    ids = [opd_id for opd_id in ids if opd_id is not None]
    if not ids:
        return {}
    return dict(db.session.execute(select(OrgNode.id, OrgNode.name).where(OrgNode.id.in_(ids))).all())


def _distribution(counts):
    """Count, mean and median of working days, from {days: complaints}."""
    total = sum(counts.values())
    if not total:
        return {"count": 0, "mean": None, "median": None}
    mean = sum(days * n for days, n in counts.items()) / total
    middle, seen = [], 0
    # The median: the middle value, or the mean of the two middle ones.
    wanted = ((total - 1) // 2, total // 2)
    for days in sorted(counts):
        first, seen = seen, seen + counts[days]
        for position in wanted:
            if first <= position < seen:
                middle.append(days)
    return {"count": total, "mean": round(mean, 2), "median": round(statistics.fmean(middle), 2)}


def _hours(values):
    if not values:
        return {"count": 0, "median": None, "max": None}
    return {"count": len(values), "median": round(statistics.median(values), 2), "max": round(max(values), 2)}


def _ranking(tally, names, min_rank_count):
    per_opd = {}  # OPD -> [complaints, finished, resolved on time, resolved late]
    for key, n in tally.groups.items():
        if key[OPD] is None:
            continue
        row = per_opd.setdefault(key[OPD], [0, 0, 0, 0])
        row[0] += n
        row[1] += n * (key[STATUS] is Status.SELESAI)
        row[2] += n * (key[FOUND][2] == ON_TIME)
        row[3] += n * (key[FOUND][2] == LATE)
    ranked, not_ranked = [], []
    for opd_id, (count, done, on_time, late) in per_opd.items():
        if count < min_rank_count:
            not_ranked.append({"opd_id": opd_id, "name": names.get(opd_id), "count": count})
            continue
        ranked.append({
            "opd_id": opd_id, "name": names.get(opd_id), "count": count, "finished": done,
            "pct_finished": _pct(done, count), "resolved_on_time": on_time, "resolved_late": late,
            "pct_resolved_on_time": _pct(on_time, on_time + late),
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
    day = cutoff.date()
    by_month = {number: Counter() for number in range(1, 13)}
    cut = Cut(scope, cutoff, datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    keys = (extract("month", Complaint.received_at), *verdict_clauses(day))
    for month, verify, followup, resolve, count in stream(
            cut.unmoved(cut.received_from, cut.received_to, *keys, func.count()).group_by(*keys)):
        by_month[int(month)][(VERDICTS[verify], VERDICTS[followup], VERDICTS[resolve])] += count
    for state in cut.moved_states():
        by_month[state.received_at.month][verdicts(state, day)] += 1
    return [{"month": number, "received": sum(counts.values()), **_compliance(counts)}
            for number, counts in by_month.items()]
