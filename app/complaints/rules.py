"""What a complaint and an instansi's complaint settings must satisfy, as functions returning problems.

Every door calls these: the screens (through their ``rules``), the LAPOR!
importer and the CLI. Each returns a list of messages in the user's language,
empty when the row may be saved.
"""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.extensions import db
from app.models.calendar import CalendarChange, CalendarChangeKind
from app.models.complaints import ComplaintCategory, DeadlineRule, ImportColumn

MAX_WORKING_DAYS = 365


def clean_nik(nik):
    """A NIK as stored: stripped, None when empty."""
    return (nik or "").strip() or None


def nik_problems(nik):
    """A NIK, when given, is 16 digits."""
    nik = clean_nik(nik)
    if nik and (len(nik) != 16 or not nik.isdigit()):
        return [_l("NIK harus 16 angka.")]
    return []


def category_problems(category, instansi_id):
    """A complaint category used by a row of instansi ``instansi_id`` must be that instansi's own."""
    if category is not None and category.org_id != instansi_id:
        return [_l("Kategori bukan milik instansi ini.")]
    return []


def complaint_problems(complaint):
    """A complaint needs its receiving node, a well-formed NIK and a category of its own instansi."""
    if complaint.org is None:
        return [_l("Pilih node penerima.")]
    instansi_id = complaint.instansi_id or complaint.org.instansi.id
    return nik_problems(complaint.reporter_nik) + category_problems(complaint.category, instansi_id)


def _taken(model, item, *conditions):
    query = select(model.id).where(*conditions)
    if item.id is not None:
        query = query.where(model.id != item.id)
    with db.session.no_autoflush:
        return db.session.execute(query).first() is not None


def _instansi_id(item):
    return item.org.id if item.org is not None else item.org_id


def complaint_category_problems(category):
    """A category name appears once per instansi."""
    if _taken(ComplaintCategory, category, ComplaintCategory.org_id == _instansi_id(category),
              ComplaintCategory.name == category.name):
        return [_l("Kategori %(name)s sudah ada.", name=category.name)]
    if category.topic is not None and category.topic.org_id != _instansi_id(category):
        return [_l("Topik isu bukan milik instansi ini.")]
    return []


def deadline_rule_problems(rule):
    """A deadline rule: a category of its own instansi, once per (classification, category), 1-365 working days."""
    instansi_id = _instansi_id(rule)
    problems = category_problems(rule.category, instansi_id)
    category_id = rule.category.id if rule.category is not None else None
    if _taken(DeadlineRule, rule, DeadlineRule.org_id == instansi_id, DeadlineRule.classification == rule.classification,
              DeadlineRule.category_id == category_id if category_id is not None else DeadlineRule.category_id.is_(None)):
        problems.append(_l("Aturan untuk klasifikasi dan kategori ini sudah ada."))
    days = (rule.verify_days, rule.first_followup_days, rule.resolve_days, rule.autoclose_days)
    if any(value is not None and not 0 < value <= MAX_WORKING_DAYS for value in days):
        problems.append(_l("Jumlah hari kerja harus 1 sampai 365."))
    return problems


def calendar_change_problems(change):
    """One change per day per instansi; a working weekend day falls on a Saturday or Sunday."""
    problems = []
    if _taken(CalendarChange, change, CalendarChange.org_id == _instansi_id(change), CalendarChange.day == change.day):
        problems.append(_l("Tanggal %(day)s sudah ada di kalender instansi ini.", day=change.day))
    if change.kind == CalendarChangeKind.WORKING_SATURDAY and change.day is not None and change.day.weekday() < 5:
        problems.append(_l("Hari kerja pengganti harus hari Sabtu atau Minggu."))
    return problems


def import_column_problems(column):
    """At least one header, and one setting per field per instansi."""
    problems = [] if column.header_list() else [_l("Isi minimal satu judul kolom.")]
    if _taken(ImportColumn, column, ImportColumn.org_id == _instansi_id(column), ImportColumn.field == column.field):
        problems.append(_l("Kolom untuk data ini sudah diatur; ubah baris yang ada."))
    return problems
