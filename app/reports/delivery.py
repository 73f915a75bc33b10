"""E-mailing finished scheduled runs: the message (subject with the period label, body from the summary, XLSX
attached), attempts with backoff across scheduler ticks, and every outcome recorded on the delivery row.

Each e-mail once, whoever runs the queue: a delivery row exists once per (run, recipient) (a unique constraint),
and a process sends it only after winning the compare-and-set from pending to sending (``_take``)."""
import datetime
import logging
import os

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from app import mail
from app.clock import now_utc
from app.extensions import db
from app.locale import number, percent
from app.models.reports import DeliveryStatus, ReportDelivery, ReportRun, RunStatus
from app.periods import Period
from app.reports import registry

log = logging.getLogger(__name__)

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# Wait before attempt 2, 3, 4; after the last one the delivery is failed.
BACKOFF = [datetime.timedelta(minutes=2), datetime.timedelta(minutes=10), datetime.timedelta(minutes=60)]
MAX_ATTEMPTS = len(BACKOFF) + 1
SENDING_STALE_AFTER = datetime.timedelta(minutes=15)


def deliveries_for(run, now=None):
    """The deliveries of a finished scheduled run, one per recipient ([] for a run without schedule).

    All rows of a run are created in one transaction; the unique (run, recipient) pair makes a second process
    doing the same at the same moment fail as a whole, and it then reads the rows the first one made.
    """
    if run.schedule is None or run.status != RunStatus.DONE:
        return []
    existing = _of_run(run.id)
    if existing:
        return existing
    subject = subject_for(run)
    for recipient in run.schedule.recipient_list():
        db.session.add(ReportDelivery(run=run, recipient=recipient, language=run.language, status=DeliveryStatus.PENDING,
                                      next_attempt_at=now or now_utc(), subject=subject))
    try:
        db.session.commit()
    except IntegrityError:  # another process created them first
        db.session.rollback()
    return _of_run(run.id)


def _of_run(run_id):
    return db.session.execute(
        select(ReportDelivery).where(ReportDelivery.run_id == run_id).order_by(ReportDelivery.id)
    ).scalars().all()


def subject_for(run):
    """E.g. 'Laporan Paket Kepatuhan - Pemerintah Provinsi Jawa Tengah - Triwulan III 2025'."""
    with force_locale(run.language):
        return _("Laporan %(kind)s - %(org)s - %(period)s", kind=registry.label_of(run.kind), org=run.org.name,
                 period=Period.parse(run.period_code).label)


def sections_of(summary):
    """The summary as a list of sections, whether it came from one section or a package."""
    summary = summary or {}
    if "sections" in summary:
        return summary["sections"]
    return [summary] if summary else []


def shown(item):
    """A headline value as a person reads it in the language of the moment ("55,56 %", "1.234")."""
    value = item.get("value")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return "-" if value is None else value
    return percent(value) if item.get("format") == "pct" else number(value)


def build_message(delivery):
    run = delivery.run
    with force_locale(delivery.language):
        context = {
            "run": run,
            "org": run.org,
            "period_label": Period.parse(run.period_code).label,
            "kind_label": str(registry.label_of(run.kind)),
            "sections": sections_of(run.summary),
            "file_name": run.file_name,
            "as_of": (run.summary or {}).get("as_of"),
            "shown": shown,
            "documents": [row.file_name for row in run.files if row.mime == DOCX_MIME],
        }
        text = render_template("reports/mail/body_text.html", **context)
        html = render_template("reports/mail/body.html", **context)
    return mail.build_message([delivery.recipient], delivery.subject or subject_for(run), text, html,
                              attachments_of(run))


def attachments_of(run):
    """The run's own file, then the Word documents its schedule carries (their PDFs stay on the run page)."""
    files = [(run.file_name, run.stored_name, mime_of(run.file_name))]
    files += [(row.file_name, row.stored_name, row.mime) for row in run.files if row.mime == DOCX_MIME]
    attachments = []
    for name, stored_name, mime in files:
        with open(os.path.join(current_app.config["UPLOAD_FOLDER"], stored_name), "rb") as handle:
            attachments.append((name, handle.read(), mime))
    return attachments


def mime_of(file_name):
    return {"docx": DOCX_MIME, "pdf": "application/pdf"}.get(file_name.rsplit(".", 1)[-1].lower(), XLSX_MIME)


def _take(delivery_id, now):
    """Compare-and-set to 'sending', so two processes never send the same delivery."""
    result = db.session.execute(
        update(ReportDelivery)
        .where(ReportDelivery.id == delivery_id,
               ReportDelivery.status.in_([DeliveryStatus.PENDING, DeliveryStatus.RETRYING]),
               ReportDelivery.next_attempt_at <= now)
        .values(status=DeliveryStatus.SENDING, last_attempt_at=now, attempts=ReportDelivery.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount == 1


def attempt(delivery_id, now=None):
    """One attempt to send a delivery; records sent, dry run, retry with its time, or failure."""
    now = now or now_utc()
    if not _take(delivery_id, now):
        return None
    delivery = db.session.get(ReportDelivery, delivery_id)
    db.session.refresh(delivery)
    try:
        message = build_message(delivery)
        sent = mail.send(message, attempts=1)
    except (mail.MailError, OSError) as error:
        delivery.error = f"{type(error).__name__}: {error}"
        if delivery.attempts >= MAX_ATTEMPTS:
            delivery.status = DeliveryStatus.FAILED
            delivery.next_attempt_at = None
        else:
            delivery.status = DeliveryStatus.RETRYING
            delivery.next_attempt_at = now + BACKOFF[delivery.attempts - 1]
        log.warning("delivery %s attempt %s failed: %s", delivery.id, delivery.attempts, error)
    else:
        delivery.status = DeliveryStatus.SENT if sent else DeliveryStatus.DRY_RUN
        delivery.sent_at = now if sent else None
        delivery.next_attempt_at = None
        delivery.error = None
    db.session.commit()
    return delivery


def send_pending(now=None):
    """Create deliveries for finished scheduled runs and attempt every delivery that is due. Returns those attempted."""
    now = now or now_utc()
    stale = now - SENDING_STALE_AFTER
    db.session.execute(
        update(ReportDelivery)
        .where(ReportDelivery.status == DeliveryStatus.SENDING, ReportDelivery.last_attempt_at < stale)
        .values(status=DeliveryStatus.RETRYING, next_attempt_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    without = select(ReportRun).where(
        ReportRun.status == RunStatus.DONE, ReportRun.schedule_id.is_not(None),
        ~ReportRun.id.in_(select(ReportDelivery.run_id)),
    )
    for run in db.session.execute(without).scalars().all():
        deliveries_for(run, now)
    due = db.session.execute(
        select(ReportDelivery.id).where(
            ReportDelivery.status.in_([DeliveryStatus.PENDING, DeliveryStatus.RETRYING]),
            ReportDelivery.next_attempt_at <= now,
        ).order_by(ReportDelivery.id)
    ).scalars().all()
    return [result for result in (attempt(delivery_id, now) for delivery_id in due) if result is not None]
