"""From an issue to an action, and the trail back: evidence -> action -> its status -> the next period's figures.

Each ``start_*`` function creates the record in one step (an FKP forum with its agenda prefilled with the evidence,
an RTL item on a unit's SKM period, or an instruction to an OPD), checks it with the area's own rules, and records
an IssueAction linking it to the issue (topic, node, period) with the evidence text as it stood. They return
(action, problems); with problems nothing is added to the session.

``trail(action, scope, cutoff)`` reads what became of it and compares the issue's figures in the period after the
evidence period with the evidence period: complaints on the topic in the same node, and the NRR of the topic's
unsur over the same units.
"""
import datetime
from dataclasses import dataclass

from flask_babel import gettext as _, lazy_gettext as _l

from app.clock import today_local
from app.extensions import db
from app.fkp.rules import forum_problems
from app.issues import ranking
from app.locale import long_date, number, percent
from app.models.fkp import AgreementStatus, FkpForm, FkpForum, FkpMethod, FkpPurpose, FkpStage
from app.models.issues import ActionKind, InstructionStatus, IssueAction, IssueTopic
from app.models.org import OrgLevel
from app.models.skm import ActionStatus, FollowUpAction, SurveyPeriod
from app.periods import Period
from app.scope import Scope
from app.skm.rules import follow_up_problems


def _signed(value, digits=2):
    text = number(abs(value), digits)
    return f"+{text}" if value > 0 else f"−{text}" if value < 0 else text


def evidence_text(issue, period, node):
    """The evidence of ``issue`` in one paragraph, as an agenda or an RTL reason would cite it."""
    parts = [_("%(period)s, %(node)s: %(count)s pengaduan \"%(topic)s\"", period=period.label, node=node.name,
               count=number(issue.count), topic=issue.name)]
    if issue.previous:
        parts.append(_("periode sebelumnya %(previous)s (%(change)s)", previous=number(issue.previous),
                       change=_signed(float(issue.growth) * 100, 0) + " %"))
    parts.append(_("%(share)s terlambat ditangani", share=percent(float(issue.late_share) * 100, 0)))
    if issue.units:
        parts.append(_("unit terbanyak: %(units)s", units=", ".join(
            f"{name} ({number(count)})" for _id, name, count in issue.units[:3])))
    if issue.nrr is not None:
        text = _("NRR %(element)s %(nrr)s", element=issue.element_name, nrr=number(float(issue.nrr), 2))
        if issue.nrr_change is not None:
            text += f" ({_signed(float(issue.nrr_change))})"
        parts.append(text)
    return "; ".join(parts) + "."


def _record(node, issue, period, kind, user, **values):
    return IssueAction(node=node, node_id=node.id, topic=db.session.get(IssueTopic, issue.topic_id), period_code=period.code, kind=kind,
                       evidence=evidence_text(issue, period, node), created_by=getattr(user, "username", None),
                       **values)


def start_forum(node, issue, period, unit, held_on, user):
    """An FKP forum of ``unit`` on the issue, in preparation, its agenda the evidence."""
    if unit is None or unit.level != OrgLevel.UNIT:
        return None, [_l("Pilih unit layanan penyelenggara forum.")]
    forum = FkpForum(unit=unit, unit_id=unit.id, issue_topic=db.session.get(IssueTopic, issue.topic_id),
                     topic=_("Isu prioritas: %(topic)s", topic=issue.name)[:300],
                     purpose=FkpPurpose.SERVICE_PROBLEM, form=FkpForm.TATAP_MUKA, method=FkpMethod.DIALOG_PUBLIK,
                     held_on=held_on, stage=FkpStage.PRA,
                     description=_("Agenda: membahas isu prioritas dan menyepakati perbaikan.") + "\n"
                     + evidence_text(issue, period, node))
    problems = forum_problems(forum)
    if problems:
        db.session.expunge(forum) if forum in db.session else None
        return None, problems
    db.session.add(forum)
    action = _record(node, issue, period, ActionKind.FKP, user, forum=forum)
    db.session.add(action)
    return action, []


def start_rtl(node, issue, period, survey_period, text, owner, due_date, user):
    """An RTL item on ``survey_period`` for the unsur the issue's topic maps to."""
    if survey_period is None:
        return None, [_l("Pilih periode SKM unit.")]
    if not issue.element_code:
        return None, [_l("Topik ini belum dipetakan ke unsur SKM; petakan dulu di daftar topik.")]
    if not (text or "").strip() or not (owner or "").strip() or due_date is None:
        return None, [_l("Isi tindakan, penanggung jawab dan tenggat.")]
    followup = FollowUpAction(period=survey_period, period_id=survey_period.id, unit_id=survey_period.unit_id,
                              element_code=issue.element_code, action=text.strip(), owner=owner.strip(),
                              due_date=due_date, status=ActionStatus.PLANNED)
    problems = follow_up_problems(followup)
    if problems:
        if followup in db.session:
            db.session.expunge(followup)
        return None, problems
    db.session.add(followup)
    action = _record(node, issue, period, ActionKind.RTL, user, followup=followup)
    db.session.add(action)
    return action, []


def start_instruction(node, issue, period, opd, text, due_date, user):
    """A written follow-up instruction to ``opd``."""
    if opd is None or opd.level != OrgLevel.OPD:
        return None, [_l("Pilih perangkat daerah yang diberi instruksi.")]
    if not (text or "").strip() or due_date is None:
        return None, [_l("Isi instruksi dan tenggatnya.")]
    action = _record(node, issue, period, ActionKind.INSTRUCTION, user, opd_id=opd.id, instruction=text.strip(),
                     due_date=due_date, status=InstructionStatus.OPEN)
    db.session.add(action)
    return action, []


def finish_instruction(action, note, day=None):
    """Mark an instruction done with what was done."""
    if action.kind != ActionKind.INSTRUCTION:
        return [_l("Hanya instruksi yang ditandai selesai di sini; forum dan RTL mengikuti statusnya sendiri.")]
    if not (note or "").strip():
        return [_l("Tulis apa yang sudah dikerjakan.")]
    action.status, action.done_on, action.done_note = InstructionStatus.DONE, day or today_local(), note.strip()
    return []


@dataclass
class Trail:
    """What became of an action: its status line and the comparison of the period after with the evidence."""

    status: str
    done: bool
    next_label: str
    next_complete: bool
    count: int
    next_count: int
    nrr: object
    next_nrr: object
    summary: str


def action_status(action, today):
    """(text, done) of the action's record now."""
    if action.kind == ActionKind.FKP:
        forum = action.forum
        if forum is None:
            return str(_l("Forum sudah dihapus")), False
        agreements = list(forum.agreements)
        done = sum(1 for a in agreements if a.status == AgreementStatus.SELESAI)
        text = _("Forum %(stage)s, %(date)s; kesepakatan selesai %(done)s dari %(total)s",
                 stage=str(forum.stage.label).lower(), date=long_date(forum.held_on), done=number(done),
                 total=number(len(agreements)))
        return text, forum.stage == FkpStage.SELESAI and done == len(agreements)
    if action.kind == ActionKind.RTL:
        followup = action.followup
        if followup is None:
            return str(_l("RTL sudah dihapus")), False
        text = _("RTL %(status)s, tenggat %(due)s", status=str(followup.status.label).lower(),
                 due=long_date(followup.due_date))
        return text, followup.status == ActionStatus.DONE
    if action.status == InstructionStatus.DONE:
        return _("Instruksi selesai %(date)s: %(note)s", date=long_date(action.done_on), note=action.done_note), True
    late = action.due_date is not None and action.due_date < today
    text = _("Instruksi ke %(opd)s, tenggat %(due)s", opd=action.opd.name if action.opd else "-",
             due=long_date(action.due_date))
    return text + (" — " + _("terlambat") if late else ""), False


def trail(action, cutoff):
    """The Trail of ``action`` as it stood at ``cutoff`` (a naive local datetime), in the action's node."""
    scope = Scope.of_nodes([action.node])
    period = Period.parse(action.period_code)
    following = period.next()
    by_node = ranking.node_counts(scope, *ranking.period_bounds(period, None), cutoff, [action.topic_id])
    counts = ranking.per_topic(by_node)
    next_start, next_end = ranking.period_bounds(following, cutoff)
    next_counts = (ranking.topic_counts(scope, next_start, next_end, cutoff, action.topic_id)
                   if next_start <= cutoff else {})
    count = counts.get(action.topic_id, (0, 0))[0]
    next_count = next_counts.get(action.topic_id, (0, 0))[0]
    units = ranking.units_of(by_node, [action.topic_id]).get(action.topic_id, [])
    surveyed = ranking.survey_units(scope, units)
    code = action.topic.element_code
    nrr = ranking.skm_of(surveyed, period, None).get(code) if code else None
    next_nrr = ranking.skm_of(surveyed, following, cutoff).get(code) if code and next_start <= cutoff else None
    status, done = action_status(action, cutoff.date())
    complete = following.end <= cutoff.date()
    summary = _summary(action, following, complete, count, next_count, nrr, next_nrr)
    return Trail(status=status, done=done, next_label=following.label, next_complete=complete, count=count,
                 next_count=next_count, nrr=nrr, next_nrr=next_nrr, summary=summary)


def _summary(action, following, complete, count, next_count, nrr, next_nrr):
    """"Setelah forum FKP 12 Maret 2026, pengaduan antrean RSUD turun 60 %, NRR Waktu Penyelesaian naik 0,31"."""
    what = {ActionKind.FKP: _("forum FKP"), ActionKind.RTL: _("RTL SKM"),
            ActionKind.INSTRUCTION: _("instruksi ke OPD")}[action.kind]
    when = action.forum.held_on if action.kind == ActionKind.FKP and action.forum and action.forum.held_on \
        else action.created_at.date()
    head = _("Setelah %(what)s %(date)s", what=what, date=long_date(when))
    if not complete:
        head += " " + _("(%(period)s masih berjalan)", period=following.label)
    parts = []
    subject = _("pengaduan \"%(topic)s\" di %(node)s", topic=action.topic.name, node=action.node.name)
    if count:
        change = (next_count - count) / count * 100
        verb = _("turun") if change < 0 else _("naik") if change > 0 else _("tetap")
        parts.append(f"{subject} {verb} {percent(abs(change), 0)} ({number(count)} → {number(next_count)})"
                     if change else f"{subject} {verb} ({number(count)})")
    else:
        parts.append(f"{subject}: {number(next_count)}")
    if nrr is not None and next_nrr is not None:
        delta = float(next_nrr - nrr)
        verb = _("naik") if delta > 0 else _("turun") if delta < 0 else _("tetap")
        parts.append(_("NRR %(element)s %(verb)s %(delta)s (%(before)s → %(after)s)",
                       element=ranking.ELEMENT_NAMES.get(action.topic.element_code, action.topic.element_code),
                       verb=verb, delta=number(abs(delta), 2), before=number(float(nrr), 2),
                       after=number(float(next_nrr), 2)))
    elif nrr is not None:
        parts.append(_("NRR %(element)s periode berikutnya belum ada",
                       element=ranking.ELEMENT_NAMES.get(action.topic.element_code, action.topic.element_code)))
    return head + ", " + ", ".join(parts) + "."


def survey_periods_for(node, scope):
    """The open or planned SKM periods of the units under ``node`` in ``scope`` (for an RTL), newest first."""
    from sqlalchemy import select

    query = scope.apply(select(SurveyPeriod), SurveyPeriod).order_by(SurveyPeriod.period_code.desc())
    rows = db.session.execute(query).scalars().all()
    return [p for p in rows if p.unit.is_within(node.path)]


def today_cutoff():
    return datetime.datetime.combine(today_local(), datetime.time.max)
