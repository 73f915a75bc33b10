"""Reminder digests for complaints whose waiting step is due within one working day or overdue.

Each responsible person gets ONE message listing their complaints: the users of
the owning node with the tier that makes the awaited move there (from the
workflow's MOVES: Admin Instansi at the instansi, Pejabat Penghubung at an OPD,
Operator Unit at a unit), else the Admin Instansi of the instansi. Each (complaint, threshold) is claimed by inserting a row under
a unique constraint before anything is sent, so two runs (or two processes)
never send the same reminder twice. A threshold names the step, its deadline and
whether it is 'soon' or 'overdue'; a complaint that becomes overdue after its
'soon' reminder is reminded once more.
"""
import logging
from collections import defaultdict

from flask_appbuilder.security.sqla.models import Role
from flask_babel import gettext as _
from sqlalchemy import and_, exists, select
from sqlalchemy.exc import IntegrityError

from app.complaints.due import soon_horizon
from app.clock import now_local, today_local
from app.complaints.workflow import acting_tiers
from app.extensions import db
from app.locale import format_date, number
from app.mail import MailError, build_message, send
from app.models.complaints import OPEN_STATUSES, Complaint, ComplaintReminder
from app.models.user import PantauUser, user_org
from app.security.tiers import ADMIN_INSTANSI

log = logging.getLogger(__name__)


def _users_of(node_id, tiers):
    query = (
        select(PantauUser)
        .join(user_org, user_org.c.user_id == PantauUser.id)
        .where(user_org.c.org_id == node_id, PantauUser.active.is_(True), PantauUser.roles.any(Role.name.in_(tiers)))
    )
    return [user for user in db.session.execute(query).scalars() if user.email]


def responsible(complaint, cache):
    """E-mail addresses of the people who must act on ``complaint`` now."""
    key = (complaint.org_id, complaint.status)
    if key not in cache:
        tiers = acting_tiers(complaint.status, complaint.org.level)
        users = _users_of(complaint.org_id, tiers) if tiers else []
        if not users:
            users = _users_of(complaint.instansi_id, [ADMIN_INSTANSI])
        cache[key] = sorted({user.email for user in users})
    return cache[key]


def _candidates(today):
    """(complaint, threshold) pairs due within one working day of each instansi's calendar, not yet claimed."""
    instansi_ids = db.session.execute(
        select(Complaint.instansi_id).where(Complaint.status.in_(OPEN_STATUSES), Complaint.active_due.is_not(None))
        .distinct()
    ).scalars().all()
    for instansi_id in instansi_ids:
        horizon = soon_horizon(instansi_id, today)
        complaints = db.session.execute(
            select(Complaint).where(
                Complaint.instansi_id == instansi_id, Complaint.status.in_(OPEN_STATUSES),
                Complaint.active_due <= horizon,
            ).order_by(Complaint.active_due, Complaint.id)
        ).scalars().all()
        for complaint in complaints:
            kind = "overdue" if complaint.active_due < today else "soon"
            threshold = f"{complaint.status.value}:{complaint.active_due.isoformat()}:{kind}"
            already = db.session.execute(
                select(exists().where(and_(ComplaintReminder.complaint_id == complaint.id,
                                           ComplaintReminder.threshold == threshold)))
            ).scalar()
            if not already:
                yield complaint, threshold


def _claim(complaint, threshold, recipients):
    """Insert the claim row; False if another run claimed it first."""
    try:
        with db.session.begin_nested():
            db.session.add(ComplaintReminder(complaint_id=complaint.id, threshold=threshold,
                                             sent_at=now_local(), recipients=", ".join(recipients)))
        return True
    except IntegrityError:
        return False


def _digest(items, today):
    lines = [_("Pengaduan berikut menunggu tindakan Anda (per %(date)s):", date=format_date(today)), ""]
    for complaint, kind in items:
        flag = _("TERLAMBAT") if kind == "overdue" else _("segera jatuh tempo")
        lines.append(f"- {complaint.tracking_number}: {complaint.title} [{complaint.status.label}] "
                     f"{_('batas')} {complaint.active_due:%d/%m/%Y} ({flag}) /pengaduan/show/{complaint.id}")
    lines += ["", _("Pesan ini dikirim otomatis oleh Pantau.")]
    return "\n".join(lines)


def send_reminders(today=None):
    """Claim and send the digests for ``today`` (default: local today). Returns {"messages", "complaints", "failed"}."""
    today = today or today_local()
    per_recipient = defaultdict(list)
    cache, claimed = {}, 0
    for complaint, threshold in list(_candidates(today)):
        recipients = responsible(complaint, cache)
        if not recipients or not _claim(complaint, threshold, recipients):
            continue
        claimed += 1
        for email in recipients:
            per_recipient[email].append((complaint, threshold.rsplit(":", 1)[1]))
    db.session.commit()
    messages = failed = 0
    for email, items in sorted(per_recipient.items()):
        overdue = sum(1 for _c, kind in items if kind == "overdue")
        subject = _("Pengingat pengaduan %(date)s: %(count)s menunggu, %(late)s terlambat",
                    date=format_date(today), count=number(len(items)), late=number(overdue))
        try:
            if send(build_message([email], subject, _digest(items, today))):
                messages += 1
        except MailError as error:
            failed += 1
            log.error("complaint reminder to %s failed: %s", email, error)
    return {"messages": messages, "complaints": claimed, "failed": failed}
