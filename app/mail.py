"""Sending e-mail over SMTP with the settings of config.py (STARTTLS or SSL, login, sender)."""
import logging
import smtplib
import time
from email.message import EmailMessage

from flask import current_app

log = logging.getLogger(__name__)


class MailError(RuntimeError):
    """The message could not be delivered after every attempt."""


def build_message(recipients, subject, text, html=None, attachments=()):
    """An EmailMessage; ``attachments`` are (filename, bytes, mime type) triples."""
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_DEFAULT_SENDER"]
    message["To"] = ", ".join(recipients)
    message["Subject"] = subject
    message.set_content(text)
    if html:
        message.add_alternative(html, subtype="html")
    for filename, data, mime in attachments:
        maintype, subtype = mime.split("/", 1)
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return message


def _deliver(message):
    config = current_app.config
    host, port = config["MAIL_SERVER"], config["MAIL_PORT"]
    if config["MAIL_USE_SSL"]:
        smtp = smtplib.SMTP_SSL(host, port, timeout=30)
    else:
        smtp = smtplib.SMTP(host, port, timeout=30)
    with smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
        smtp.send_message(message)


def send(message, attempts=3, backoff_seconds=2.0):
    """Send ``message``, retrying with exponential backoff. Returns False in dry-run mode (nothing sent)."""
    if current_app.config.get("MAIL_DRY_RUN"):
        log.info("dry run: not sending %r to %s", message["Subject"], message["To"])
        return False
    last_error = None
    for attempt in range(1, attempts + 1):
        try:
            _deliver(message)
            return True
        except (smtplib.SMTPException, OSError) as error:
            last_error = error
            log.warning("mail attempt %s/%s failed: %s", attempt, attempts, error)
            if attempt < attempts:
                time.sleep(backoff_seconds * 2 ** (attempt - 1))
    raise MailError(str(last_error))
