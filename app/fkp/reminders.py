"""Reminders about FKP agreements that fall due or are overdue: one digest per recipient, never twice.

Recipients of an agreement are the active users of its forum's unit and the
Pejabat Penghubung of that unit's OPD. Each (agreement, user, kind, due date)
is claimed in FkpReminderSent before the mail goes out; the unique key makes
a second run (or a second process) skip it. A claim whose mail fails (or is
not sent in dry-run mode) is released so a later run tries again.
"""
import datetime
import logging

from flask import current_app
from flask_babel import force_locale, gettext as _
from sqlalchemy import and_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from app import mail
from app.clock import now_utc, today_local
from app.extensions import db
from app.locale import format_date, number
from app.models.fkp import AgreementStatus, FkpAgreement, FkpForum, FkpReminderSent
from app.models.user import PantauUser, user_org
from app.security.tiers import PEJABAT_PENGHUBUNG

log = logging.getLogger(__name__)

DUE = "due"
OVERDUE = "overdue"
DEFAULT_DAYS_AHEAD = 7


def open_agreements(today, days_ahead):
    """[(agreement, kind)] not done whose due date has passed (overdue) or comes within ``days_ahead`` days (due)."""
    horizon = today + datetime.timedelta(days=days_ahead)
    rows = db.session.execute(
        select(FkpAgreement)
        .join(FkpForum, FkpForum.id == FkpAgreement.forum_id)
        .where(FkpAgreement.status != AgreementStatus.SELESAI, FkpAgreement.due_date.is_not(None),
               FkpAgreement.due_date <= horizon)
        .options(joinedload(FkpAgreement.forum).joinedload(FkpForum.unit))
        .order_by(FkpAgreement.due_date, FkpAgreement.id)
    ).unique().scalars()
    return [(a, OVERDUE if a.due_date < today else DUE) for a in rows]


def recipients_of(unit):
    """Active users with an e-mail address: those of ``unit``, and the Pejabat Penghubung of its OPD."""
    from flask_appbuilder.security.sqla.models import Role, assoc_user_role

    of_unit = select(user_org.c.user_id).where(user_org.c.org_id == unit.id)
    liaisons = (
        select(user_org.c.user_id)
        .join(assoc_user_role, assoc_user_role.c.user_id == user_org.c.user_id)
        .join(Role, Role.id == assoc_user_role.c.role_id)
        .where(and_(user_org.c.org_id == unit.parent_id, Role.name == PEJABAT_PENGHUBUNG))
    )
    query = select(PantauUser).where(
        PantauUser.id.in_(of_unit.union(liaisons)), PantauUser.active.is_(True), PantauUser.email.is_not(None)
    ).order_by(PantauUser.id)
    return list(db.session.execute(query).scalars())


def digests(today, days_ahead):
    """{user: [(agreement, kind)]} of the reminders not sent yet."""
    per_user, recipients_cache = {}, {}
    for agreement, kind in open_agreements(today, days_ahead):
        unit = agreement.forum.unit
        if unit.id not in recipients_cache:
            recipients_cache[unit.id] = recipients_of(unit)
        for user in recipients_cache[unit.id]:
            per_user.setdefault(user, []).append((agreement, kind))
    result = {}
    for user, items in per_user.items():
        sent = set(tuple(row) for row in db.session.execute(
            select(FkpReminderSent.agreement_id, FkpReminderSent.kind, FkpReminderSent.due_date)
            .where(FkpReminderSent.user_id == user.id)
        ).all())
        fresh = [(a, kind) for a, kind in items if (a.id, kind, a.due_date) not in sent]
        if fresh:
            result[user] = fresh
    return result


def _claim(user, items, now):
    """Insert the claim rows for ``items``; False if another run claimed any of them first."""
    try:
        with db.session.begin_nested():
            for agreement, kind in items:
                db.session.add(FkpReminderSent(agreement_id=agreement.id, user_id=user.id, kind=kind,
                                               due_date=agreement.due_date, sent_at=now))
        db.session.commit()
        return True
    except IntegrityError:
        db.session.rollback()
        return False


def _release(user, items):
    for agreement, kind in items:
        db.session.execute(FkpReminderSent.__table__.delete().where(and_(
            FkpReminderSent.agreement_id == agreement.id, FkpReminderSent.user_id == user.id,
            FkpReminderSent.kind == kind, FkpReminderSent.due_date == agreement.due_date,
        )))
    db.session.commit()


def _line(agreement):
    forum = agreement.forum
    return _("- %(text)s | Forum: %(topic)s (%(unit)s, %(date)s) | Penanggung jawab: %(owner)s | Batas waktu: %(due)s | Status: %(status)s",
             text=agreement.text, topic=forum.topic, unit=forum.unit.name,
             date=format_date(forum.held_on) or "-", owner=agreement.owner or "-",
             due=format_date(agreement.due_date), status=agreement.status.label)


def build_digest(user, items, today):
    """The subject and text of the digest for ``user``."""
    overdue = [a for a, kind in items if kind == OVERDUE]
    due = [a for a, kind in items if kind == DUE]
    subject = _("[Pantau] Pengingat kesepakatan FKP per %(date)s: %(overdue)s lewat batas waktu, %(due)s segera jatuh tempo",
                date=format_date(today), overdue=number(len(overdue)), due=number(len(due)))
    lines = [_("Yth. %(name)s,", name=user.get_full_name()), "",
             _("Berikut kesepakatan Forum Konsultasi Publik yang perlu ditindaklanjuti."), ""]
    if overdue:
        lines += [_("Lewat batas waktu:")] + [_line(a) for a in overdue] + [""]
    if due:
        lines += [_("Segera jatuh tempo:")] + [_line(a) for a in due] + [""]
    lines.append(_("Perbarui status dan unggah bukti tindak lanjut di Pantau, menu Forum Konsultasi Publik > Kesepakatan."))
    return subject, "\n".join(lines)


def send_reminders(today=None, days_ahead=None):
    """Send one digest per recipient of every due or overdue agreement not reminded yet.

    Returns {"messages": mails sent, "items": reminders in them, "skipped": digests not sent (dry run or failure)}.
    """
    today = today or today_local()
    if days_ahead is None:
        days_ahead = current_app.config.get("FKP_REMINDER_DAYS_AHEAD", DEFAULT_DAYS_AHEAD)
    now = now_utc()
    default_locale = current_app.config.get("BABEL_DEFAULT_LOCALE", "id")
    result = {"messages": 0, "items": 0, "skipped": 0}
    for user, items in digests(today, days_ahead).items():
        if not _claim(user, items, now):
            continue
        with force_locale(user.locale or default_locale):
            subject, text = build_digest(user, items, today)
        try:
            delivered = mail.send(mail.build_message([user.email], subject, text))
        except mail.MailError as error:
            log.error("FKP reminder to %s failed: %s", user.email, error)
            delivered = False
        if delivered:
            result["messages"] += 1
            result["items"] += len(items)
        else:
            _release(user, items)
            result["skipped"] += 1
    return result
