"""Import of LAPOR! exports (XLSX or CSV) into an instansi, keyed on the tracking ID.

The column mapping is data: the default preset ``DEFAULT_MAPPING`` (field ->
accepted headers), with the fields an instansi set itself in its "Kolom Impor
LAPOR!" screen (``ImportColumn`` rows) replacing the preset's; on the CLI a JSON
file of the same shape can replace the whole mapping. The whole file is validated first:
if any row is bad nothing is written and every bad row is listed with its row
number and reason. Rows whose tracking ID is new are created, rows whose
tracking ID exists are updated when something changed (a newer file moves
statuses forward), and unchanged rows are left alone, so a re-import changes
nothing. Imported complaints get their deadlines like typed ones. Writes use
bulk INSERT/UPDATE statements; status changes add history rows.

Lifecycle timestamps: taken from the optional columns (Tanggal Disposisi,
Tanggal Tindak Lanjut, Tanggal Selesai); when a status implies an event the
file has no date for, the time of the import is used.
"""
import datetime
import re
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import Enum, bindparam, select

from app.calendar import calendar_for
from app.clock import now_local
from app.complaints.deadlines import compute_deadlines, rules_for
from app.extensions import db
from app.locale import format_date, number as numeral
from app.models.complaints import (
    Channel, Classification, Complaint, ComplaintCategory, ComplaintHistory, ImportColumn, Status,
)
from app.models.org import OrgLevel, OrgNode
from app.spreadsheets import SpreadsheetError, read_rows, shorten

DEFAULT_MAPPING = {
    "tracking_number": ["id tracking", "tracking id", "nomor tracking", "no. tracking", "id laporan"],
    "title": ["judul", "judul laporan"],
    "content": ["isi laporan", "isi"],
    "category": ["kategori"],
    "classification": ["klasifikasi"],
    "status": ["status"],
    "received_at": ["tanggal laporan", "tanggal", "waktu laporan"],
    "reporter_name": ["nama pelapor", "pelapor"],
    "rahasia": ["rahasia"],
    "anonim": ["anonim"],
    "target": ["disposisi", "instansi tujuan", "unit tujuan"],
    "channel": ["kanal", "sumber", "media"],
    "location": ["lokasi"],
    "routed_at": ["tanggal disposisi"],
    "first_followup_at": ["tanggal tindak lanjut", "tanggal tindak lanjut pertama"],
    "finished_at": ["tanggal selesai"],
}
REQUIRED = ("tracking_number", "title", "content", "received_at")

CLASSIFICATIONS = {
    "pengaduan berkadar pengawasan": Classification.PENGADUAN_BERKADAR,
    "berkadar pengawasan": Classification.PENGADUAN_BERKADAR,
    "pengaduan tidak berkadar pengawasan": Classification.PENGADUAN_TIDAK_BERKADAR,
    "tidak berkadar pengawasan": Classification.PENGADUAN_TIDAK_BERKADAR,
    "pengaduan": Classification.PENGADUAN_TIDAK_BERKADAR,
    "aspirasi": Classification.ASPIRASI,
    "permintaan informasi": Classification.INFORMASI,
    "permohonan informasi": Classification.INFORMASI,
    "informasi": Classification.INFORMASI,
}
STATUSES = {
    "belum terverifikasi": Status.BELUM_TERVERIFIKASI,
    "laporan belum terverifikasi": Status.BELUM_TERVERIFIKASI,
    "belum ditindaklanjuti": Status.BELUM_DITINDAKLANJUTI,
    "terdisposisi belum ditindaklanjuti": Status.BELUM_DITINDAKLANJUTI,
    "terverifikasi": Status.BELUM_DITINDAKLANJUTI,
    "diproses": Status.DIPROSES,
    "proses": Status.DIPROSES,
    "sedang diproses": Status.DIPROSES,
    "terdisposisi sedang diproses": Status.DIPROSES,
    "selesai": Status.SELESAI,
    "terdisposisi selesai": Status.SELESAI,
    "tunda": Status.TUNDA,
    "tertunda": Status.TUNDA,
    "laporan tertunda": Status.TUNDA,
    "arsip": Status.ARSIP,
    "laporan arsip": Status.ARSIP,
    "bukan wewenang": Status.BUKAN_WEWENANG,
}
CHANNELS = {
    "": Channel.LAPOR_WEB, "web": Channel.LAPOR_WEB, "website": Channel.LAPOR_WEB, "lapor!": Channel.LAPOR_WEB,
    "lapor": Channel.LAPOR_WEB, "aplikasi": Channel.LAPOR_APP, "android": Channel.LAPOR_APP, "ios": Channel.LAPOR_APP,
    "mobile": Channel.LAPOR_APP, "sms": Channel.SMS_1708, "sms 1708": Channel.SMS_1708, "twitter": Channel.SOSMED,
    "media sosial": Channel.SOSMED, "facebook": Channel.SOSMED, "instagram": Channel.SOSMED,
}
TRUE = {"ya", "y", "1", "true", "benar", "yes"}
FALSE = {"", "tidak", "t", "0", "false", "no", "n", "salah"}
# Fields compared to decide whether an existing complaint changed.
COMPARED = ("title", "content", "classification", "category_id", "status", "rahasia", "anonim", "location",
            "reporter_name", "org_id")
CHUNK = 5000
# Column sizes of the complaint table: a longer value is an error naming its row, never cut.
MAX_LENGTHS = {"tracking_number": 40, "title": 300, "location": 300, "reporter_name": 150, "category": 150}
EARLIEST = datetime.datetime(2000, 1, 1)
MAX_PROBLEMS_SHOWN = 1000
MAX_PROBLEMS_KEPT = 10_000


class ImportRefused(ValueError):
    """The file was not imported; ``result.problems`` lists every bad row."""

    def __init__(self, message, result):
        super().__init__(message)
        self.result = result


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list = field(default_factory=list)
    new_categories: list = field(default_factory=list)
    dry_run: bool = False


def _text(value):
    if type(value) is str:
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def tracking_key(value):
    """Tracking ids are compared case-insensitively: LAPOR! shows them upper-case, spreadsheets may not."""
    return value.casefold()


def _key(value):
    return " ".join(_text(value).lower().split())


DATE_PATTERN = re.compile(
    r"^(?:(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})|(?P<Y>\d{4})-(?P<M>\d{1,2})-(?P<D>\d{1,2}))"
    r"(?:[ T](?P<H>\d{1,2})[:.](?P<I>\d{2})(?:[:.](?P<S>\d{2}))?)?$"
)


def parse_datetime(value):
    """A date or date-time cell: a real Excel date, dd/mm/yyyy [hh:mm[:ss]] or yyyy-mm-dd [hh:mm[:ss]]."""
    if isinstance(value, datetime.datetime):
        return value.replace(tzinfo=None, microsecond=0)
    if isinstance(value, datetime.date):
        return datetime.datetime(value.year, value.month, value.day)
    text = _text(value)
    match = DATE_PATTERN.match(text)
    if match:
        parts = match.groupdict()
        try:
            return datetime.datetime(
                int(parts["y"] or parts["Y"]), int(parts["m"] or parts["M"]), int(parts["d"] or parts["D"]),
                int(parts["H"] or 0), int(parts["I"] or 0), int(parts["S"] or 0),
            )
        except ValueError:
            pass
    raise ValueError(str(_l("tanggal '%(value)s' tidak dikenali (pakai dd/mm/yyyy atau yyyy-mm-dd)", value=text)))


def _bool(value, label):
    key = value.lower() if type(value) is str else _key(value)
    if key in TRUE:
        return True
    if key in FALSE:
        return False
    raise ValueError(str(_l("%(field)s harus Ya atau Tidak, bukan '%(value)s'", field=label, value=_text(value))))


FIELD_LABELS = {
    "tracking_number": _l("Nomor pelacakan (ID Tracking)"), "title": _l("Judul"), "content": _l("Isi laporan"),
    "category": _l("Kategori"), "classification": _l("Klasifikasi"), "status": _l("Status"),
    "received_at": _l("Tanggal laporan"), "reporter_name": _l("Nama pelapor"), "rahasia": _l("Rahasia"),
    "anonim": _l("Anonim"), "target": _l("Disposisi / instansi tujuan"), "channel": _l("Kanal"),
    "location": _l("Lokasi"), "routed_at": _l("Tanggal disposisi"),
    "first_followup_at": _l("Tanggal tindak lanjut pertama"), "finished_at": _l("Tanggal selesai"),
}


def mapping_for(instansi):
    """The column mapping of ``instansi``: the default preset, with the fields it set itself replaced."""
    mapping = {name: list(headers) for name, headers in DEFAULT_MAPPING.items()}
    rows = db.session.execute(select(ImportColumn).where(ImportColumn.org_id == instansi.id)).scalars()
    for row in rows:
        if row.field in mapping and row.header_list():
            mapping[row.field] = row.header_list()
    return mapping


def _columns(headers, mapping):
    """{field: header present in the file}."""
    present = set(headers)
    found = {}
    for name, candidates in mapping.items():
        for candidate in candidates:
            if _key(candidate) in present:
                found[name] = _key(candidate)
                break
    return found


class _Row:
    """A complaint being built, with the attributes compute_deadlines reads."""

    category = None

    def __init__(self, **values):
        self.__dict__.update(values)


def _targets(instansi):
    """{lower code or name: node} of the OPD and units of the instansi."""
    nodes = db.session.execute(
        select(OrgNode).where(OrgNode.path.startswith(instansi.path), OrgNode.level != OrgLevel.INSTANSI)
    ).scalars().all()
    result = {}
    for node in nodes:
        result[_key(node.code)] = node
        result[_key(node.name)] = node
        if node.short_name:
            result.setdefault(_key(node.short_name), node)
    return result


def _parse_row(number, values, columns, targets, categories, new_categories, earliest, latest):
    """(fields, problems) for one row; dates must fall in [earliest, latest)."""
    problems = []
    texts = {name: _text(values.get(header)) for name, header in columns.items()}

    def get(name):
        return values.get(columns[name]) if name in columns else None

    row = {}
    for name in REQUIRED:
        if not texts[name]:
            problems.append(str(_l("kolom %(field)s kosong", field=name_label(name))))
    for name, limit in dict(MAX_LENGTHS, content=current_app.config.get("IMPORT_MAX_BODY_CHARS", 20_000)).items():
        if len(texts.get(name, "")) > limit:
            problems.append(str(_l("%(field)s terlalu panjang: %(length)s karakter, batasnya %(max)s",
                                   field=FIELD_LABELS[name], length=len(texts[name]), max=limit)))
    row["tracking_number"] = texts["tracking_number"]
    row["title"] = texts["title"]
    row["content"] = texts["content"]
    row["location"] = texts.get("location", "") or None
    row["reporter_name"] = texts.get("reporter_name", "") or None
    for name in ("received_at", "routed_at", "first_followup_at", "finished_at"):
        row[name] = None
        if texts.get(name):
            try:
                row[name] = parse_datetime(get(name))
            except ValueError as error:
                problems.append(f"{name_label(name)}: {error}")
            else:
                if not earliest <= row[name] < latest:
                    problems.append(str(_l(
                        "%(field)s %(value)s di luar rentang wajar (1 Januari 2000 sampai besok)",
                        field=FIELD_LABELS[name], value=format_date(row[name]))))
    keys = {name: " ".join(texts[name].lower().split()) for name in
            ("classification", "status", "channel", "target", "category") if name in texts}
    classification = keys.get("classification", "")
    row["classification"] = CLASSIFICATIONS.get(classification, Classification.PENGADUAN_TIDAK_BERKADAR if not classification else None)
    if row["classification"] is None:
        problems.append(str(_l("klasifikasi '%(value)s' tidak dikenal", value=texts["classification"])))
    status = keys.get("status", "")
    row["status"] = STATUSES.get(status, Status.BELUM_TERVERIFIKASI if not status else None)
    if row["status"] is None:
        problems.append(str(_l("status '%(value)s' tidak dikenal", value=texts["status"])))
    row["channel"] = CHANNELS.get(keys.get("channel", ""))
    if row["channel"] is None:
        problems.append(str(_l("kanal '%(value)s' tidak dikenal", value=texts["channel"])))
    for name in ("rahasia", "anonim"):
        try:
            row[name] = _bool(texts.get(name, ""), name_label(name))
        except ValueError as error:
            problems.append(str(error))
    target = keys.get("target")
    row["target"] = None
    if target:
        row["target"] = targets.get(target)
        if row["target"] is None:
            problems.append(str(_l("tujuan disposisi '%(value)s' bukan perangkat daerah/unit instansi ini",
                                   value=texts["target"])))
    category = texts.get("category", "")
    row["category"] = category or None
    key = keys.get("category")
    if category and key not in categories and key not in new_categories:
        new_categories[key] = category
    return row, problems


def name_label(name):
    return DEFAULT_MAPPING.get(name, [name])[0].title()


def _lifecycle(row, status, when, existing=None):
    """Timestamps implied by ``status``: kept if already known, else from the file, else unknown (None).

    Never the import time (D16): a step whose date the file does not give counts by its status but stays out of
    durations and on-time rates ("tanpa tanggal").
    """
    old = existing or {}

    def pick(name):
        return old.get(name) or row.get(name)

    values = {name: old.get(name) for name in ("verified_at", "routed_at", "first_followup_at", "last_followup_at",
                                               "finished_at")}
    routed = status in (Status.BELUM_DITINDAKLANJUTI, Status.DIPROSES, Status.SELESAI) or row["target"] is not None
    if routed and status not in (Status.BELUM_TERVERIFIKASI, Status.BUKAN_WEWENANG):
        values["routed_at"] = pick("routed_at")
        values["verified_at"] = old.get("verified_at") or values["routed_at"]
    if status in (Status.DIPROSES, Status.SELESAI):
        values["first_followup_at"] = pick("first_followup_at")
        values["last_followup_at"] = old.get("last_followup_at") or values["first_followup_at"]
    if status == Status.SELESAI:
        values["finished_at"] = pick("finished_at")
    else:
        values["finished_at"] = None
    return values


def import_file(filename, data, instansi, dry_run=False, actor=None, mapping=None, when=None, progress=None):
    """Validate and import one LAPOR! file into ``instansi``. Returns an ImportResult; raises ImportRefused.

    Does not commit: the caller commits (or rolls back a dry run).
    """
    result = ImportResult(dry_run=dry_run)
    when = when or now_local()
    try:
        headers, rows = read_rows(filename, data, progress)
    except SpreadsheetError as error:
        raise ImportRefused(str(error), result)
    columns = _columns(headers, mapping or mapping_for(instansi))
    missing = [name_label(name) for name in REQUIRED if name not in columns]
    if missing:
        raise ImportRefused(str(_l("Kolom wajib tidak ada: %(columns)s.", columns=", ".join(missing))), result)

    targets = _targets(instansi)
    categories = {
        _key(name): cid for cid, name in db.session.execute(
            select(ComplaintCategory.id, ComplaintCategory.name).where(ComplaintCategory.org_id == instansi.id)
        )
    }
    parsed, seen, new_categories, bad_rows = [], {}, {}, set()
    latest = datetime.datetime.combine(when.date() + datetime.timedelta(days=2), datetime.time())
    try:
        for number, values in rows:
            result.rows += 1
            row, problems = _parse_row(number, values, columns, targets, categories, new_categories, EARLIEST, latest)
            tracking = tracking_key(row["tracking_number"])
            if tracking:
                if tracking in seen:
                    problems.append(str(_l("ID Tracking %(id)s sudah ada di baris %(row)s",
                                           id=row["tracking_number"], row=seen[tracking])))
                seen.setdefault(tracking, number)
            if problems:
                bad_rows.add(number)
            for problem in problems:
                if len(result.problems) < MAX_PROBLEMS_KEPT:
                    result.problems.append((number, shorten(problem)))
            if not problems and not result.problems:
                parsed.append(row)
    except SpreadsheetError as error:
        result.problems.append((error.row, str(error)))
        raise ImportRefused(str(error), result)
    result.new_categories = list(new_categories.values())
    if result.rows == 0:
        raise ImportRefused(str(_l("Berkas tidak berisi baris data.")), result)
    if result.problems:
        raise ImportRefused(str(_l("%(count)s baris bermasalah; tidak ada data yang disimpan.",
                                   count=numeral(len(bad_rows)))), result)

    existing = _existing(instansi.id)
    creates, updates = [], []
    for row in parsed:
        old = existing.get(tracking_key(row["tracking_number"]))
        (updates if old is not None else creates).append((row, old))
    result.created = len(creates)

    if not dry_run:
        for name in result.new_categories:
            category = ComplaintCategory(org_id=instansi.id, name=name, active=True)
            db.session.add(category)
            db.session.flush()
            categories[_key(name)] = category.id
    calendar, rules = calendar_for(instansi.id), rules_for(instansi.id)

    def owner_of(row, status):
        if status == Status.BUKAN_WEWENANG or row["target"] is None:
            return instansi, None
        node = row["target"]
        return node, node.id if node.level == OrgLevel.OPD else node.parent_id

    def build(row, old):
        status = row["status"]
        node, opd_id = owner_of(row, status)
        values = dict(
            tracking_number=row["tracking_number"], org_id=node.id, instansi_id=instansi.id, opd_id=opd_id,
            channel=row["channel"], classification=row["classification"],
            category_id=categories.get(_key(row["category"])) if row["category"] else None,
            title=row["title"], content=row["content"], location=row["location"],
            received_at=row["received_at"], reporter_name=row["reporter_name"],
            rahasia=row["rahasia"], anonim=row["anonim"], status=status,
        )
        values.update(_lifecycle(row, status, when, old))
        if status == Status.TUNDA:
            values["status_before_hold"] = (old or {}).get("status_before_hold") or (
                Status.BELUM_DITINDAKLANJUTI if values["routed_at"] else Status.BELUM_TERVERIFIKASI)
            values["hold_started_on"] = (old or {}).get("hold_started_on") or when.date()
        else:
            values["status_before_hold"] = None
            values["hold_started_on"] = None
        target = _Row(**values)
        compute_deadlines(target, calendar, rules, holds=[])
        for name in ("verify_due", "first_followup_due", "resolve_due", "autoclose_due", "active_due", "paused_days",
                     "days_to_first_followup", "days_to_finish", "verified_on_time", "followup_on_time",
                     "resolved_on_time"):
            values[name] = getattr(target, name)
        return values

    def compared(row):
        """The COMPARED fields of ``row`` as they would be stored (-1: a category not created yet)."""
        node, _opd = owner_of(row, row["status"])
        category_id = None
        if row["category"]:
            category_id = categories.get(_key(row["category"]), -1)
        return (row["title"], row["content"], row["classification"], category_id, row["status"], row["rahasia"],
                row["anonim"], row["location"], row["reporter_name"], node.id)

    changed = []
    for row, old in updates:
        if compared(row) == tuple(old[name] for name in COMPARED):
            result.unchanged += 1
        else:
            changed.append((build(row, old), old))
    result.updated = len(changed)
    if dry_run:
        return result

    username = actor.username if actor else "import"
    user_id = actor.user_id if actor else None
    complaints = Complaint.__table__
    new_rows = [build(row, None) for row, _ in creates]
    for values in new_rows:
        values.update(imported=True, created_at=when)
    _insert_many(complaints, new_rows)
    if new_rows:
        ids = _ids(instansi.id)
        note = str(_l("Diimpor dari LAPOR!"))
        history = [
            dict(complaint_id=ids[v["tracking_number"]], at=when, user_id=user_id, username=username, action="import",
                 from_status=None, to_status=v["status"], from_node_id=None, to_node_id=v["org_id"], note=note)
            for v in new_rows
        ]
        _insert_many(ComplaintHistory.__table__, history)
    if changed:
        note = str(_l("Diperbarui dari impor LAPOR!"))
        names = sorted(changed[0][0])
        statement = complaints.update().where(complaints.c.id == bindparam("row_id")).values(
            {name: bindparam(f"new_{name}") for name in names})
        for start in range(0, len(changed), CHUNK):
            chunk = changed[start:start + CHUNK]
            db.session.execute(statement, [
                dict({f"new_{name}": values[name] for name in names}, row_id=old["id"]) for values, old in chunk])
            db.session.execute(ComplaintHistory.__table__.insert(), [
                dict(complaint_id=old["id"], at=when, user_id=user_id, username=username, action="import",
                     from_status=old["status"], to_status=values["status"], from_node_id=old["org_id"],
                     to_node_id=values["org_id"], note=note)
                for values, old in chunk
            ])
    db.session.flush()
    return result


def _insert_many(table, rows):
    """Insert many rows fast: COPY on PostgreSQL (psycopg sends an executemany row by row), else executemany
    (PyMySQL rewrites it into multi-row INSERTs; SQLite runs in-process)."""
    if not rows:
        return
    connection = db.session.connection()
    if connection.dialect.name != "postgresql":
        for start in range(0, len(rows), CHUNK):
            connection.execute(table.insert(), rows[start:start + CHUNK])
        return
    names = list(rows[0])
    quoted = ", ".join(connection.dialect.identifier_preparer.quote(name) for name in names)
    target = connection.dialect.identifier_preparer.format_table(table)
    enums = [index for index, name in enumerate(names) if isinstance(table.c[name].type, Enum)]
    cursor = connection.connection.driver_connection.cursor()
    with cursor.copy(f"COPY {target} ({quoted}) FROM STDIN") as copy:
        for row in rows:
            values = [row[name] for name in names]
            for index in enums:
                if values[index] is not None:
                    values[index] = values[index].value
            copy.write_row(values)


def _existing(instansi_id):
    """{tracking number: {column: value}} of the instansi's complaints."""
    names = ("id", "tracking_number", "status_before_hold", "hold_started_on", "verified_at", "routed_at",
             "first_followup_at", "last_followup_at", "finished_at") + COMPARED
    columns = [getattr(Complaint, name) for name in dict.fromkeys(names)]
    result = {}
    for values in db.session.execute(select(*columns).where(Complaint.instansi_id == instansi_id)):
        row = dict(values._mapping)
        result[tracking_key(row["tracking_number"])] = row
    return result


def _ids(instansi_id):
    return dict(db.session.execute(
        select(Complaint.tracking_number, Complaint.id).where(Complaint.instansi_id == instansi_id)
    ).all())
