"""The state of complaints at a cut-off moment C (D15), and each step's deadline verdict at C (D16).

A complaint with no history after C is, at C, what its row says now: its columns are read as they are. Any other
complaint is replayed from its history up to C (status, owner, routing, follow-ups, finish, holds) and its
deadlines are recomputed from that replay with the instansi's calendar and rules, so a finish, re-route or
follow-up recorded after C changes nothing at C.

An imported complaint's history row is dated at the import; the import row takes effect at the date the file gave
for the event its status implies, and the file's dated events (disposition, first follow-up, finish) are replayed
at their own dates. A date the file did not give stays unknown (None): the step counts as done by its status but
is left out of durations and on-time rates, as "tanpa tanggal".
"""
import datetime
from dataclasses import dataclass, fields
from types import SimpleNamespace

from sqlalchemy import and_, case, exists, func, or_, select

from app.calendar import calendar_for
from app.complaints.deadlines import compute_deadlines, rules_for
from app.extensions import db
from app.models.complaints import Complaint, ComplaintHistory, Status
from app.models.org import OrgLevel, OrgNode

STEPS = ("verify", "first_followup", "resolve")
ON_TIME, LATE, NOT_YET_DUE, EXCLUDED, UNDATED = "on_time", "late", "not_yet_due", "excluded", "undated"
VERDICTS = (ON_TIME, LATE, NOT_YET_DUE, EXCLUDED, UNDATED)
WAITING = (Status.BELUM_TERVERIFIKASI, Status.BELUM_DITINDAKLANJUTI, Status.DIPROSES)
LEFT_FLOW = (Status.BUKAN_WEWENANG, Status.ARSIP)
VERIFIED_BY_STATUS = (Status.BELUM_DITINDAKLANJUTI, Status.DIPROSES, Status.SELESAI)
FOLLOWED_BY_STATUS = (Status.DIPROSES, Status.SELESAI)
BATCH = 500
STREAM_ROWS = 20000
MOVED_BY_ID = 20_000  # moved complaints left out of a Cut's SELECTs by their ids; more by an anti-join
REPORT_WORK_MEM = "64MB"  # PostgreSQL's memory for a Cut's sorts and hash tables

COLUMNS = (
    "id", "tracking_number", "title", "rahasia", "received_at", "channel", "classification", "category_id",
    "status", "org_id", "opd_id", "verified_at", "routed_at", "first_followup_at", "finished_at", "hold_started_on",
    "verify_due", "first_followup_due", "resolve_due", "active_due", "days_to_first_followup", "days_to_finish",
)


@dataclass(slots=True)
class ComplaintAt:
    """One complaint as it stood at the cut-off."""

    id: int
    tracking_number: str
    title: str
    rahasia: bool
    received_at: datetime.datetime
    channel: object
    classification: object
    category_id: int
    status: Status
    org_id: int
    opd_id: int
    verified_at: datetime.datetime
    routed_at: datetime.datetime
    first_followup_at: datetime.datetime
    finished_at: datetime.datetime
    hold_started_on: datetime.date
    verify_due: datetime.date
    first_followup_due: datetime.date
    resolve_due: datetime.date
    active_due: datetime.date
    days_to_first_followup: int
    days_to_finish: int

    def steps_done(self):
        """Whether each of STEPS was done at the cut-off (its date may still be unknown), in order. Its twin in SQL
        is ``steps_done_clauses``."""
        status = self.status
        return (self.verified_at is not None or status in VERIFIED_BY_STATUS,
                self.first_followup_at is not None or status in FOLLOWED_BY_STATUS,
                status is Status.SELESAI)


def _verdict(done, done_at, due, left_flow, held_since, day):
    """The D16 verdict of a step: ``done`` (and when, if known), its deadline ``due``, whether the complaint had left
    the flow, the day its hold began (when on hold), the cut-off day."""
    if done:
        if done_at is None or due is None:
            return UNDATED
        return ON_TIME if done_at.date() <= due else LATE
    if left_flow:
        return EXCLUDED
    if due is None:
        return NOT_YET_DUE
    if held_since is not None:
        # The clock stopped at the hold: late only if the deadline had passed before it.
        return LATE if due < held_since else NOT_YET_DUE
    return LATE if due < day else NOT_YET_DUE


def overdue_at(status, active_due, day):
    """True when the step waiting at the cut-off day ``day`` (``status``, its deadline ``active_due``) was past it.
    Its twin in SQL, for the complaints whose columns are their state at the cut-off, is ``overdue_clause``."""
    return status in WAITING and active_due is not None and active_due < day


def overdue_clause(day):
    """``overdue_at`` as an SQL condition on Complaint's own columns."""
    return and_(Complaint.status.in_(WAITING), Complaint.active_due < day)


def verdicts(state, day, done=None):
    """The D16 verdicts (on_time, late, not_yet_due, excluded or undated) of STEPS, in order, at the cut-off day
    ``day``; ``done``: ``state.steps_done()``, when the caller has it already. Its twin in SQL is
    ``verdict_clauses``."""
    verified, followed, resolved = done or state.steps_done()
    status = state.status
    left_flow = status in LEFT_FLOW
    held_since = state.hold_started_on if status is Status.TUNDA else None
    return (_verdict(verified, state.verified_at, state.verify_due, left_flow, held_since, day),
            _verdict(followed, state.first_followup_at, state.first_followup_due, left_flow, held_since, day),
            _verdict(resolved, state.finished_at, state.resolve_due, left_flow, held_since, day))


def steps_done_clauses():
    """``ComplaintAt.steps_done`` as SQL conditions on Complaint's own columns."""
    status = Complaint.status
    return (or_(Complaint.verified_at.isnot(None), status.in_(VERIFIED_BY_STATUS)),
            or_(Complaint.first_followup_at.isnot(None), status.in_(FOLLOWED_BY_STATUS)),
            status == Status.SELESAI)


def verdict_clauses(day):
    """``verdicts`` as SQL over Complaint's own columns (the complaints whose columns are their state at the cut-off
    day ``day``): per step of STEPS, the place of its verdict in VERDICTS. ``_verdict`` and ``steps_done`` read
    as CASE branches in the same order; tests/test_complaints_cutoff.py checks the twins agree."""
    status, held_since = Complaint.status, Complaint.hold_started_on
    done = steps_done_clauses()
    steps = ((Complaint.verified_at, Complaint.verify_due), (Complaint.first_followup_at, Complaint.first_followup_due),
             (Complaint.finished_at, Complaint.resolve_due))
    place = VERDICTS.index
    return tuple(
        case(
            (step_done, case((or_(done_at.is_(None), due.is_(None)), place(UNDATED)),
                             (func.date(done_at) <= due, place(ON_TIME)), else_=place(LATE))),
            (status.in_(LEFT_FLOW), place(EXCLUDED)),
            (due.is_(None), place(NOT_YET_DUE)),
            (and_(status == Status.TUNDA, held_since.isnot(None)),
             case((due < held_since, place(LATE)), else_=place(NOT_YET_DUE))),
            (due < day, place(LATE)),
            else_=place(NOT_YET_DUE),
        )
        for step_done, (done_at, due) in zip(done, steps)
    )


def _window(cutoff, received_from, received_to):
    """Received by the cut-off, from ``received_from`` to ``received_to`` (dates, inclusive; None = open)."""
    window = [Complaint.received_at <= cutoff]
    if received_from is not None:
        window.append(Complaint.received_at >= datetime.datetime.combine(received_from, datetime.time.min))
    if received_to is not None:
        window.append(Complaint.received_at < datetime.datetime.combine(received_to + datetime.timedelta(days=1),
                                                                        datetime.time.min))
    return window


def _moved_after(cutoff):
    # EXISTS, not IN: "NOT IN (complaints moved after C)" is a row-by-row search of that list once it outgrows
    # PostgreSQL's hash memory (a semester report as at 30 June on a million complaints ran for 19 minutes);
    # NOT EXISTS is an anti-join on every engine.
    return exists().where(ComplaintHistory.complaint_id == Complaint.id, ComplaintHistory.at > cutoff)


def stream(statement, rows=STREAM_ROWS):
    """The rows of ``statement``, fetched ``rows`` at a time (a server-side cursor on PostgreSQL and MariaDB), so a
    report over a million complaints never holds them all. Read the rows to the end before the next statement: on
    MariaDB the connection is busy until then."""
    # On the statement, not the connection: Connection.execution_options() changes the session's connection in place.
    result = db.session.connection().execute(statement.execution_options(yield_per=rows))
    try:
        for partition in result.partitions():
            yield from partition
    finally:
        result.close()


def _searches_lists_fast(dialect):
    """Whether the engine looks a value up in a long constant NOT IN list by hash or by order: PostgreSQL from 15,
    MariaDB/MySQL (a sorted list) and SQLite (a temporary index); PostgreSQL before 15 reads the list row by row."""
    if dialect.name != "postgresql":
        return True
    return (dialect.server_version_info or (0,)) >= (15,)


class Cut:
    """The complaints of ``scope`` received from ``received_from`` to ``received_to`` (dates, inclusive; None =
    open) as they stood at ``cutoff``. Those with history after the cut-off (moved) are found once and replayed by
    ``moved_states``; the SELECTs of ``unmoved`` read the others from their columns, which are their state at the
    cut-off, leaving the moved ones out by their ids (up to MOVED_BY_ID of them) or by an anti-join on the history.

    On PostgreSQL the transaction's big scans are planned for a report: hash aggregation in memory (work_mem), no
    JIT compilation (150 ms a statement, more than these statements gain from it), and a streamed cursor planned for
    reading every row (cursor_tuple_fraction; the default plans for the first tenth and chose plans three to six
    times slower for the grouped and sorted reads)."""

    def __init__(self, scope, cutoff, received_from=None, received_to=None):
        self.scope, self.cutoff, self.received_from, self.received_to = scope, cutoff, received_from, received_to
        connection = db.session.connection()
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql("SET LOCAL jit = off")
            connection.exec_driver_sql(f"SET LOCAL work_mem = '{REPORT_WORK_MEM}'")
            connection.exec_driver_sql("SET LOCAL cursor_tuple_fraction = 1.0")
        self._in_scope_then = None
        moved = select(Complaint.id).where(*_window(cutoff, received_from, received_to), _moved_after(cutoff))
        if scope.unrestricted:
            ids = db.session.execute(moved).scalars().all()
        elif scope.whole_instansi():
            # A complaint never leaves its instansi (a move's target is in the same instansi), so the complaints
            # that were in a whole instansi at the cut-off are those in it now.
            ids = db.session.execute(moved.where(scope.clause(Complaint))).scalars().all()
        else:
            # Held in scope now, or passed through a node of the scope on the way: two queries, each a semi-join (as
            # one query with OR, PostgreSQL searched the history row by row for every complaint of the period).
            self._in_scope_then = set(scope.node_id_list())
            passed_through = select(ComplaintHistory.complaint_id).where(
                ComplaintHistory.to_node_id.in_(self._in_scope_then))
            ids = set(db.session.execute(moved.where(scope.clause(Complaint))).scalars()) \
                | set(db.session.execute(moved.where(Complaint.id.in_(passed_through))).scalars())
        self.moved_ids = sorted(ids)
        if len(self.moved_ids) <= MOVED_BY_ID and _searches_lists_fast(connection.dialect):
            self._unmoved = Complaint.id.not_in(self.moved_ids) if self.moved_ids else None
        else:
            self._unmoved = ~_moved_after(cutoff)

    def unmoved(self, received_from, received_to, *columns):
        """A SELECT of ``columns`` over the complaints in scope with no history after the cut-off, received from
        ``received_from`` to ``received_to`` (within the cut's own window)."""
        where = [*_window(self.cutoff, received_from, received_to), self.scope.clause(Complaint)]
        if self._unmoved is not None:
            where.append(self._unmoved)
        return select(*columns).where(*where)

    def moved_states(self):
        """[ComplaintAt] of the moved complaints, replayed up to the cut-off; the owner at the cut-off decides the
        scope."""
        return _replayed(self.moved_ids, self.cutoff, self._in_scope_then)


REPLAYED_COLUMNS = (
    "id", "tracking_number", "title", "rahasia", "received_at", "channel", "classification", "category_id", "org_id",
    "instansi_id", "imported", "verified_at", "routed_at", "first_followup_at", "last_followup_at", "finished_at",
    "days_to_first_followup", "days_to_finish",
)
HISTORY_COLUMNS = ("complaint_id", "at", "action", "to_status", "to_node_id")


def _replayed(ids, cutoff, in_scope_then):
    """[ComplaintAt] of the complaints ``ids`` at ``cutoff``, those held by a node of ``in_scope_then`` (a set;
    None: all). The columns replay reads are read as plain rows (the complaint and its history in id order), not as
    ORM objects: thousands of them are replayed for a report as at a past day."""
    if not ids:
        return []
    parents = dict(db.session.execute(select(OrgNode.id, OrgNode.parent_id)).all())
    levels = dict(db.session.execute(select(OrgNode.id, OrgNode.level)).all())
    calendars, rules, result = {}, {}, []
    for start in range(0, len(ids), BATCH):
        batch = ids[start:start + BATCH]
        history = {}
        for entry in db.session.execute(
                select(*[getattr(ComplaintHistory, name) for name in HISTORY_COLUMNS])
                .where(ComplaintHistory.complaint_id.in_(batch))
                .order_by(ComplaintHistory.complaint_id, ComplaintHistory.id)):
            history.setdefault(entry.complaint_id, []).append(entry)
        for row in db.session.execute(
                select(*[getattr(Complaint, name) for name in REPLAYED_COLUMNS]).where(Complaint.id.in_(batch))
                .order_by(Complaint.id)):
            complaint = SimpleNamespace(**row._asdict(), history=history.get(row.id, []))
            instansi = complaint.instansi_id
            if instansi not in calendars:
                calendars[instansi], rules[instansi] = calendar_for(instansi), rules_for(instansi)
            state = replay(complaint, cutoff, calendars[instansi], rules[instansi], parents, levels)
            if in_scope_then is None or state.org_id in in_scope_then:
                result.append(state)
    return result


def _implied_date(complaint, status):
    """The date the import file gave for the event ``status`` implies (None when unknown)."""
    return {
        Status.BELUM_TERVERIFIKASI: complaint.received_at,
        Status.BELUM_DITINDAKLANJUTI: complaint.routed_at,
        Status.DIPROSES: complaint.first_followup_at,
        Status.SELESAI: complaint.finished_at,
    }.get(status)


def _events(complaint):
    """(moment, history row or None, status, owner) in time order, imported rows at the dates of their file."""
    intake_owner = complaint.history[0].to_node_id if complaint.history else complaint.org_id
    events = [(complaint.received_at, 0, None, Status.BELUM_TERVERIFIKASI, intake_owner)]
    for order, entry in enumerate(complaint.history, start=1):
        moment = entry.at
        if entry.action == "import":
            moment = _implied_date(complaint, entry.to_status) or entry.at
        events.append((moment, order, entry, entry.to_status, entry.to_node_id))
    if complaint.imported:
        owner = next((e.to_node_id for e in complaint.history if e.action == "import"), complaint.org_id)
        for moment, status in ((complaint.routed_at, Status.BELUM_DITINDAKLANJUTI),
                               (complaint.first_followup_at, Status.DIPROSES)):
            if moment is not None:
                events.append((moment, 0, None, status, owner))
    events.sort(key=lambda event: (event[0], event[1]))
    return events


def replay(complaint, cutoff, calendar, rules, parents, levels):
    """The ComplaintAt of ``complaint`` at ``cutoff``, from its history and the dates it carries."""
    status, owner = Status.BELUM_TERVERIFIKASI, complaint.org_id
    hold_start, holds = None, []
    routed = finished = last_followup = None
    for moment, _order, entry, to_status, to_node in _events(complaint):
        if moment > cutoff:
            break
        if to_status == Status.TUNDA and status != Status.TUNDA:
            hold_start = moment.date()
        elif status == Status.TUNDA and to_status != Status.TUNDA and hold_start is not None:
            holds.append((hold_start, moment.date()))
            hold_start = None
        if entry is not None and entry.action in ("verify", "reroute"):
            routed = moment
        if entry is not None and entry.action == "followup":
            last_followup = moment
        if entry is not None and entry.action == "finish":
            finished = moment
        status = to_status or status
        owner = to_node or owner

    def known(moment):
        return moment if moment is not None and moment <= cutoff else None

    if known(complaint.routed_at):
        routed = complaint.routed_at
    if status == Status.SELESAI and known(complaint.finished_at):
        finished = complaint.finished_at
    first_followup = known(complaint.first_followup_at)
    if known(complaint.last_followup_at):
        last_followup = complaint.last_followup_at
    shadow = SimpleNamespace(
        classification=complaint.classification, category_id=complaint.category_id, category=None,
        received_at=complaint.received_at, routed_at=routed, verified_at=known(complaint.verified_at),
        first_followup_at=first_followup, last_followup_at=last_followup or first_followup,
        finished_at=finished if status == Status.SELESAI else None, status=status, history=[],
    )
    compute_deadlines(shadow, calendar, rules, holds=holds)
    # A step the row records as done at or before C keeps the duration the row records for it: that is the figure
    # of every complaint read from its columns (no history after C), so a note written after C (an anonymisation,
    # a comment) cannot move an average, and a calendar edited after the finish does not rewrite a closed case.
    if shadow.finished_at is not None and shadow.finished_at == complaint.finished_at \
            and complaint.days_to_finish is not None:
        shadow.days_to_finish = complaint.days_to_finish
    if first_followup is not None and complaint.days_to_first_followup is not None:
        shadow.days_to_first_followup = complaint.days_to_first_followup
    opd = owner if levels.get(owner) == OrgLevel.OPD else parents.get(owner) if levels.get(owner) == OrgLevel.UNIT else None
    return ComplaintAt(
        id=complaint.id, tracking_number=complaint.tracking_number, title=complaint.title, rahasia=complaint.rahasia,
        received_at=complaint.received_at, channel=complaint.channel, classification=complaint.classification,
        category_id=complaint.category_id, status=status, org_id=owner, opd_id=opd,
        verified_at=shadow.verified_at, routed_at=routed, first_followup_at=first_followup,
        finished_at=shadow.finished_at, hold_started_on=hold_start if status == Status.TUNDA else None,
        verify_due=shadow.verify_due, first_followup_due=shadow.first_followup_due, resolve_due=shadow.resolve_due,
        active_due=shadow.active_due, days_to_first_followup=shadow.days_to_first_followup,
        days_to_finish=shadow.days_to_finish,
    )


assert tuple(f.name for f in fields(ComplaintAt))[:len(COLUMNS)] == COLUMNS, "ComplaintAt(*row) reads COLUMNS in order"
