"""A data subject's request (UU 27/2022): find every record holding a NIK, phone number or e-mail in a scope,
export it for the person, anonymise it on request.

The complaints' reporter fields are the only place Pantau keeps a citizen's NIK,
phone or e-mail (respondents give none; staff accounts are not data subjects here).
Every search, export and anonymisation is audited with the identifier masked to its
last 4 characters, never in plain.
"""
import os
import re
import tempfile

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.audit import record_action
from app.extensions import db
from app.models.complaints import Complaint
from app.privacy.identity import anonymise_complaints, masked_identifier
from app.xlsx import open_workbook, write_table

NIK = re.compile(r"^\d{16}$")
PHONE = re.compile(r"^\+?[\d\s().-]{8,20}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class SubjectError(ValueError):
    """The identifier is not a NIK, phone number or e-mail address; the message says so."""


def phone_digits(value):
    """A phone number as comparable digits: +62 / 62 / 0 prefixes become 0."""
    digits = re.sub(r"\D", "", value or "")
    if digits.startswith("62"):
        digits = "0" + digits[2:]
    return digits


def identify(text):
    """(kind, normalised value) of an identifier typed by staff: 'nik', 'email' or 'phone'; SubjectError otherwise."""
    value = (text or "").strip()
    if NIK.match(value):
        return "nik", value
    if EMAIL.match(value):
        return "email", value.lower()
    if PHONE.match(value) and len(phone_digits(value)) >= 8:
        return "phone", phone_digits(value)
    raise SubjectError(str(_l("Masukkan NIK (16 angka), nomor telepon, atau alamat surel.")))


def _matching(kind, value, scope):
    query = select(Complaint).where(scope.clause(Complaint)).order_by(Complaint.received_at, Complaint.id)
    if kind == "nik":
        return db.session.execute(query.where(Complaint.reporter_nik == value)).scalars().all()
    if kind == "email":
        return db.session.execute(query.where(func.lower(Complaint.reporter_email) == value)).scalars().all()
    # Stored numbers carry spaces, dashes and +62; narrow by the last digits in order, then compare exactly.
    pattern = "%" + "%".join(value[-4:]) + "%"
    candidates = db.session.execute(query.where(Complaint.reporter_phone.like(pattern))).scalars().all()
    return [complaint for complaint in candidates if phone_digits(complaint.reporter_phone) == value]


def find(text, scope, audit=True):
    """The complaints in ``scope`` holding the identifier ``text``; the search is audited."""
    kind, value = identify(text)
    found = _matching(kind, value, scope)
    if audit:
        record_action("subject_search", Complaint.__tablename__, None, masked_identifier(value), None,
                      {"identifier": [None, masked_identifier(value)], "kind": [None, kind], "found": [None, len(found)]})
        db.session.commit()
    return found


EXPORT_COLUMNS = [
    (_l("Nomor pelacakan"), None), (_l("Diterima"), "datetime"), (_l("Judul"), "wrap"), (_l("Isi"), "wrap"),
    (_l("Lokasi"), None), (_l("Status"), None), (_l("Nama pelapor"), None), (_l("NIK"), None), (_l("Telepon"), None),
    (_l("Surel"), None), (_l("Alamat"), None), (_l("Rahasia"), None), (_l("Anonim"), None),
]
HISTORY_COLUMNS = [
    (_l("Nomor pelacakan"), None), (_l("Waktu"), "datetime"), (_l("Dari status"), None), (_l("Ke status"), None),
    (_l("Catatan"), "wrap"),
]
FOLLOWUP_COLUMNS = [(_l("Nomor pelacakan"), None), (_l("Waktu"), "datetime"), (_l("Tindak lanjut"), "wrap")]


def export(text, scope):
    """An XLSX for the person of everything held about them in ``scope``; returns (path, count). Audited."""
    kind, value = identify(text)
    found = _matching(kind, value, scope)
    handle, path = tempfile.mkstemp(suffix=".xlsx", prefix="data-pribadi-")
    os.close(handle)
    workbook = open_workbook(path, constant_memory=False)
    formats = workbook.pantau_formats
    sheet = workbook.add_worksheet(_("Pengaduan"))
    write_table(sheet, [(str(h), f) for h, f in EXPORT_COLUMNS], [
        [c.tracking_number, c.received_at, c.title, c.content, c.location, str(c.status.label), c.reporter_name,
         c.reporter_nik, c.reporter_phone, c.reporter_email, c.reporter_address, c.rahasia, c.anonim]
        for c in found
    ], formats)
    sheet = workbook.add_worksheet(_("Riwayat"))
    write_table(sheet, [(str(h), f) for h, f in HISTORY_COLUMNS], [
        [c.tracking_number, item.at, str(item.from_status.label) if item.from_status else None,
         str(item.to_status.label) if item.to_status else None, item.note]
        for c in found for item in c.history
    ], formats)
    sheet = workbook.add_worksheet(_("Tindak lanjut"))
    write_table(sheet, [(str(h), f) for h, f in FOLLOWUP_COLUMNS], [
        [c.tracking_number, item.at, item.text] for c in found for item in c.followups
    ], formats)
    workbook.close()
    record_action("subject_export", Complaint.__tablename__, None, masked_identifier(value), None,
                  {"identifier": [None, masked_identifier(value)], "kind": [None, kind], "found": [None, len(found)]})
    db.session.commit()
    return path, len(found)


def anonymise(text, scope):
    """Clear the identity of every complaint in ``scope`` holding the identifier, on the person's request."""
    kind, value = identify(text)
    found = _matching(kind, value, scope)
    note = _("Identitas dan kontak pelapor dihapus atas permintaan pemilik data (UU 27/2022).")
    count = anonymise_complaints([complaint.id for complaint in found], note, "subject_anonymise")
    record_action("subject_anonymise", Complaint.__tablename__, None, masked_identifier(value), None,
                  {"identifier": [None, masked_identifier(value)], "kind": [None, kind], "anonymised": [None, count]})
    db.session.commit()
    return count
