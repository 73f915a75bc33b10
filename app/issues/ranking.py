"""Isu prioritas: the issues of a scope and period, each joining complaints, SKM and FKP, ranked by a visible rule.

An issue is a complaint topic with at least one complaint received in the period (up to the cut-off) in the scope.
For each issue:

- complaints: the count, the count of the previous period of the same length and the trend, the share late (a
  complaint of the period still open past its deadline at the cut-off, or finished after it), the units concerned
  (the owners of its complaints, most first) and up to three example titles (never of a rahasia complaint, never
  a reporter's name);
- SKM: the NRR of the unsur the topic maps to, over the survey periods of the units concerned that overlap the
  period, and its change from the periods overlapping the previous one; the weakest unsur of those units;
- FKP: the forums on the topic in the scope and their agreements done of agreed;
- the actions started from it (app/issues/actions.py).

The ranking rule (RULE_TEXT, shown on the page and in the sheet):

    skor = jumlah pengaduan x faktor tren x faktor keterlambatan x faktor SKM
    faktor tren          = 1 + kenaikan dari periode sebelumnya, dibatasi 0..1  (1 sampai 2)
    faktor keterlambatan = 1 + bagian pengaduan yang terlambat                   (1 sampai 2)
    faktor SKM           = 1 + (4 - NRR unsur terkait) / 3, 1 bila tanpa NRR     (1 sampai 2)

Ties go to the larger count, then the topic name.
"""
import datetime
from dataclasses import dataclass, field
from fractions import Fraction

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, func, or_, select

from app.extensions import db
from app.models.complaints import Complaint, Status
from app.models.fkp import AgreementStatus, FkpAgreement, FkpForum
from app.models.issues import IssueAction, IssueTopic
from app.models.org import OrgLevel, OrgNode
from app.models.skm import STANDARD_CODES, STANDARD_ELEMENTS, SurveyPeriod
from app.periods import Period
from app.skm import ikm as ikm_math

RULE_TEXT = _l(
    "Skor = jumlah pengaduan × faktor tren × faktor keterlambatan × faktor SKM; faktor tren = 1 + kenaikan jumlah "
    "dari periode sebelumnya (0 sampai 100 %, 2 bila periode sebelumnya tanpa pengaduan); faktor keterlambatan = 1 + "
    "bagian pengaduan yang terlambat; faktor SKM = 1 + (4 − NRR unsur terkait) ÷ 3, atau 1 bila unsur itu belum "
    "disurvei; skor sama: jumlah pengaduan terbanyak lebih dulu."
)
ELEMENT_NAMES = {code: name for code, name, _labels in STANDARD_ELEMENTS}
FINISHED = (Status.SELESAI, Status.ARSIP)
EXAMPLES = 3
UNITS_SHOWN = 5


@dataclass
class Issue:
    """One ranked issue: a topic's evidence across the three instruments in one scope and period."""

    topic_id: int
    org_id: int  # the topic's instansi
    name: str
    element_code: str
    count: int
    previous: int
    late: int
    units: list = field(default_factory=list)  # [(node_id, name, count)]
    examples: list = field(default_factory=list)
    nrr: Fraction = None
    nrr_previous: Fraction = None
    weakest: list = field(default_factory=list)  # [(code, name, nrr)]
    forums: list = field(default_factory=list)  # [ForumLine]
    actions: list = field(default_factory=list)
    rank: int = 0

    @property
    def element_name(self):
        return str(ELEMENT_NAMES[self.element_code]) if self.element_code in ELEMENT_NAMES else None

    @property
    def growth(self):
        """(count - previous) / previous; None with no complaint in the previous period."""
        return Fraction(self.count - self.previous, self.previous) if self.previous else None

    @property
    def late_share(self):
        return Fraction(self.late, self.count) if self.count else Fraction(0)

    @property
    def nrr_change(self):
        return self.nrr - self.nrr_previous if self.nrr is not None and self.nrr_previous is not None else None

    @property
    def trend_factor(self):
        if self.previous == 0:
            return Fraction(2) if self.count else Fraction(1)
        return 1 + min(max(self.growth, Fraction(0)), Fraction(1))

    @property
    def late_factor(self):
        return 1 + self.late_share

    @property
    def skm_factor(self):
        return 1 + (4 - self.nrr) / 3 if self.nrr is not None else Fraction(1)

    @property
    def score(self):
        return self.count * self.trend_factor * self.late_factor * self.skm_factor


@dataclass
class ForumLine:
    id: int
    topic: str
    unit: str
    held_on: datetime.date
    stage: object
    agreements: int
    done: int


def period_bounds(period, cutoff):
    """(first moment, last moment) of ``period`` as naive local datetimes, the end no later than ``cutoff``."""
    start = datetime.datetime.combine(period.start, datetime.time.min)
    end = datetime.datetime.combine(period.end, datetime.time.max)
    return start, min(end, cutoff) if cutoff is not None else end


def _late(cutoff):
    """SQL: the complaint is late at ``cutoff`` (open past its deadline, or finished after it)."""
    return or_(
        Complaint.resolved_on_time.is_(False),
        and_(Complaint.status.not_in(FINISHED), Complaint.active_due.is_not(None),
             Complaint.active_due < cutoff.date()),
    )


def node_counts(scope, start, end, cutoff, topic_ids=None):
    """{(topic_id, node_id): (count, late at ``cutoff``)} of the complaints in ``scope`` received from ``start`` to
    ``end`` (of ``topic_ids`` only, if given). One grouped read of an index alone (migration 0019_h15b): it counts
    rows, not ids, and lateness reads only columns the (org_id, received_at, ...) and (topic_id, received_at, ...)
    indexes carry."""
    query = (select(Complaint.topic_id, Complaint.org_id, func.count(), func.sum(case((_late(cutoff), 1), else_=0)))
             .where(scope.listed_clause(Complaint), Complaint.received_at >= start, Complaint.received_at <= end)
             .group_by(Complaint.topic_id, Complaint.org_id))
    if topic_ids is None:
        query = query.where(Complaint.topic_id.is_not(None))
    else:
        query = query.where(Complaint.topic_id.in_(topic_ids))
    return {(row[0], row[1]): (int(row[2]), int(row[3] or 0)) for row in db.session.execute(query)}


def per_topic(by_node):
    """{topic_id: (count, late)} from node_counts."""
    result = {}
    for (topic, _node), (count, late) in by_node.items():
        old = result.get(topic, (0, 0))
        result[topic] = (old[0] + count, old[1] + late)
    return result


def topic_counts(scope, start, end, cutoff, topic_id=None):
    """{topic_id: (count, late)} of the complaints in ``scope`` received from ``start`` to ``end``."""
    return per_topic(node_counts(scope, start, end, cutoff, None if topic_id is None else [topic_id]))


def units_of(by_node, topic_ids):
    """{topic_id: [(node_id, name, count)]} most first, from node_counts."""
    wanted = set(topic_ids)
    counted = {key: count for key, (count, _late) in by_node.items() if key[0] in wanted}
    if not counted:
        return {}
    names = dict(db.session.execute(select(OrgNode.id, OrgNode.name).where(
        OrgNode.id.in_({node_id for _topic, node_id in counted}))).all())
    result = {}
    for (topic_id, node_id), count in counted.items():
        result.setdefault(topic_id, []).append((node_id, names[node_id], count))
    for rows in result.values():
        rows.sort(key=lambda row: (-row[2], row[1]))
    return result


def _examples(scope, start, end, topic_id):
    """Up to three titles of the newest complaints of the topic that are not rahasia."""
    query = (select(Complaint.title)
             .where(scope.clause(Complaint), Complaint.received_at >= start, Complaint.received_at <= end,
                    Complaint.topic_id == topic_id, Complaint.rahasia.is_(False))
             .order_by(Complaint.received_at.desc()).limit(EXAMPLES))
    return list(db.session.execute(query).scalars())


def _overlapping_periods(unit_ids, period, cutoff):
    """Ids of the survey periods of ``unit_ids`` whose own period overlaps ``period`` and began by ``cutoff``."""
    if not unit_ids:
        return []
    rows = db.session.execute(
        select(SurveyPeriod.id, SurveyPeriod.period_code).where(
            SurveyPeriod.unit_id.in_(unit_ids),
            or_(*[SurveyPeriod.period_code.like(f"{year}%") for year in {period.start.year, period.end.year}]))
    ).all()
    ids = []
    for period_id, code in rows:
        own = Period.parse(code)
        if own.start <= period.end and own.end >= period.start and (cutoff is None or own.start <= cutoff.date()):
            ids.append(period_id)
    return ids


def skm_of(unit_ids, period, cutoff):
    """{code: NRR} pooled over the respondents of ``unit_ids`` in the survey periods overlapping ``period``."""
    sums = {}
    for _respondents, unit in ikm_math.unit_sums(_overlapping_periods(unit_ids, period, cutoff)).values():
        for code, (total, count) in unit.items():
            old = sums.get(code, (0, 0))
            sums[code] = (old[0] + total, old[1] + count)
    return {code: Fraction(total, count) for code, (total, count) in sums.items() if count}


def survey_units(scope, units):
    """The unit layanan an issue's SKM figures are read over: the units among the owners of its complaints, and
    the units under an OPD that owns some; never outside ``scope``."""
    node_ids = [node_id for node_id, _name, _count in units]
    if not node_ids:
        return []
    rows = db.session.execute(select(OrgNode.id, OrgNode.level, OrgNode.parent_id).where(
        or_(OrgNode.id.in_(node_ids), OrgNode.parent_id.in_(node_ids)), scope.clause(OrgNode))).all()
    return sorted({row.id for row in rows if row.level == OrgLevel.UNIT})


def forums_on(scope, topic_id, cutoff):
    """The FKP forums on the topic in ``scope`` held by ``cutoff`` or not held yet, newest first, with agreements."""
    done = func.sum(case((FkpAgreement.status == AgreementStatus.SELESAI, 1), else_=0))
    query = (select(FkpForum.id, FkpForum.topic, OrgNode.name, FkpForum.held_on, FkpForum.stage,
                    func.count(FkpAgreement.id), done)
             .join(OrgNode, OrgNode.id == FkpForum.unit_id)
             .outerjoin(FkpAgreement, FkpAgreement.forum_id == FkpForum.id)
             .where(scope.clause(FkpForum), FkpForum.issue_topic_id == topic_id)
             .group_by(FkpForum.id, FkpForum.topic, OrgNode.name, FkpForum.held_on, FkpForum.stage)
             .order_by(FkpForum.held_on.desc(), FkpForum.id.desc()))
    if cutoff is not None:
        query = query.where(or_(FkpForum.held_on.is_(None), FkpForum.held_on <= cutoff.date()))
    return [ForumLine(row[0], row[1], row[2], row[3], row[4], int(row[5]), int(row[6] or 0))
            for row in db.session.execute(query)]


def priority_issues(scope, period, cutoff, topic_id=None, detail=True):
    """The ranked issues of ``scope`` in ``period`` (a Period) as they stood at ``cutoff`` (naive local datetime).

    ``topic_id`` narrows to one issue (its page). ``detail`` adds the examples, forums and actions (the page);
    the sheet and documents take the ranking and the figures.
    """
    start, end = period_bounds(period, cutoff)
    previous = period.previous()
    by_node = node_counts(scope, start, end, cutoff, None if topic_id is None else [topic_id])
    counts = per_topic(by_node)
    if not counts:
        return []
    before = topic_counts(scope, *period_bounds(previous, None), cutoff, topic_id)
    topics = {t.id: t for t in db.session.execute(select(IssueTopic).where(IssueTopic.id.in_(counts))).scalars()}
    units = units_of(by_node, counts)
    issues = []
    for topic_id_, (count, late) in counts.items():
        topic = topics[topic_id_]
        issue = Issue(topic_id=topic.id, org_id=topic.org_id, name=topic.name, element_code=topic.element_code, count=count,
                      previous=before.get(topic.id, (0, 0))[0], late=late, units=units.get(topic.id, []))
        surveyed = survey_units(scope, issue.units)
        now = skm_of(surveyed, period, cutoff)
        if topic.element_code:
            issue.nrr = now.get(topic.element_code)
            issue.nrr_previous = skm_of(surveyed, previous, cutoff).get(topic.element_code)
        standard = {code: nrr for code, nrr in now.items() if code in STANDARD_CODES}
        if standard:
            low = min(standard.values())
            issue.weakest = [(code, str(ELEMENT_NAMES[code]), nrr) for code, nrr in standard.items() if nrr == low]
        if detail:
            issue.examples = _examples(scope, start, end, topic.id)
            issue.forums = forums_on(scope, topic.id, cutoff)
            issue.actions = actions_on(scope, topic.id)
        issues.append(issue)
    issues.sort(key=lambda i: (-i.score, -i.count, i.name))
    for rank, issue in enumerate(issues, start=1):
        issue.rank = rank
    return issues


def actions_on(scope, topic_id):
    """The actions started from the topic's issue in ``scope``, newest first."""
    query = scope.apply(select(IssueAction), IssueAction).where(IssueAction.topic_id == topic_id).order_by(
        IssueAction.created_at.desc(), IssueAction.id.desc())
    return list(db.session.execute(query).scalars())
