"""Importing respondents from a spreadsheet (XLSX/CSV, e.g. a Google Forms export), validated whole first.

The column mapping is data: lines ``field = header | other header`` where field
is a profile field (tanggal, jam, jenis_kelamin, usia, pendidikan, pekerjaan,
jenis_layanan, saran) or an unsur code. Headers are compared case- and
space-insensitively; a header ending in ``*`` matches any header that starts
with it (Google Forms puts the whole question in the header). A file with any
bad row writes nothing and the result lists every bad row with its number.
"""
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from app.extensions import db
from app.models.skm import RespondentSource
from app.skm import respondents
from app.skm.rules import open_period_problems
from app.spreadsheets import SpreadsheetError, read_rows, shorten

FIELD_NAMES = {
    "tanggal": "survey_date", "jam": "time_slot", "jenis_kelamin": "sex", "usia": "age", "pendidikan": "education",
    "pekerjaan": "occupation", "jenis_layanan": "service_type", "saran": "suggestion",
}

DEFAULT_MAPPING = """\
tanggal = tanggal | tanggal survei | timestamp | stempel waktu
jam = jam | waktu survei | jam survei
jenis_kelamin = jenis kelamin | jk
usia = usia | umur
pendidikan = pendidikan | pendidikan terakhir
pekerjaan = pekerjaan | pekerjaan utama
jenis_layanan = jenis layanan | layanan | jenis layanan yang diterima
saran = saran | saran dan masukan | saran/masukan
PERSYARATAN = persyaratan | u1 | bagaimana pendapat saudara tentang kesesuaian persyaratan*
PROSEDUR = prosedur | u2 | bagaimana pemahaman saudara tentang kemudahan prosedur*
WAKTU = waktu | waktu penyelesaian | u3 | bagaimana pendapat saudara tentang kecepatan waktu*
BIAYA = biaya | biaya/tarif | u4 | bagaimana pendapat saudara tentang kewajaran biaya*
PRODUK = produk | u5 | bagaimana pendapat saudara tentang kesesuaian produk*
KOMPETENSI = kompetensi | u6 | bagaimana pendapat saudara tentang kompetensi*
PERILAKU = perilaku | u7 | bagaimana pendapat saudara tentang perilaku*
PENGADUAN = pengaduan | penanganan pengaduan | u8 | bagaimana pendapat saudara tentang penanganan pengaduan*
SARPRAS = sarana | sarana dan prasarana | sarpras | u9 | bagaimana pendapat saudara tentang kualitas sarana*
"""


class MappingError(ValueError):
    """The column mapping text cannot be read."""


def _norm(text):
    return " ".join(str(text or "").strip().lower().split())


def parse_mapping(text, element_codes):
    """{target: [header patterns]} from mapping text; target is a profile column or an unsur code."""
    mapping = {}
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if "=" not in line:
            raise MappingError(str(_l("Pemetaan kolom baris %(n)s harus berbentuk 'bidang = judul kolom'.", n=number)))
        key, headers = line.split("=", 1)
        key = key.strip()
        target = FIELD_NAMES.get(key.lower()) or (key.upper() if key.upper() in element_codes else None)
        if target is None:
            raise MappingError(str(_l("Pemetaan kolom baris %(n)s: bidang %(key)s tidak dikenal.", n=number, key=key)))
        mapping[target] = [_norm(h) for h in headers.split("|") if _norm(h)]
    return mapping


def resolve_columns(headers, mapping):
    """{target: header in the file} for each mapped target found among ``headers``."""
    found = {}
    for target, patterns in mapping.items():
        for pattern in patterns:
            if pattern.endswith("*"):
                match = next((h for h in headers if h.startswith(pattern[:-1].strip())), None)
            else:
                match = pattern if pattern in headers else None
            if match is not None:
                found[target] = match
                break
    return found


@dataclass
class ImportResult:
    """What an import did, or why it wrote nothing."""

    total: int = 0
    written: int = 0
    errors: list = field(default_factory=list)  # (row number or None, reason)
    columns: dict = field(default_factory=dict)
    dry_run: bool = False

    @property
    def ok(self):
        return not self.errors


def mapping_for(period):
    """The mapping to offer for ``period``: its own last one, else the unit's latest one, else the default."""
    from sqlalchemy import select

    from app.models.skm import SurveyPeriod

    if period.import_mapping:
        return period.import_mapping
    earlier = db.session.execute(
        select(SurveyPeriod.import_mapping).where(SurveyPeriod.unit_id == period.unit_id,
                                                  SurveyPeriod.import_mapping.isnot(None))
        .order_by(SurveyPeriod.id.desc()).limit(1)).scalar_one_or_none()
    return earlier or DEFAULT_MAPPING


def import_file(period, filename, data, mapping_text=None, dry_run=False, max_errors=500, progress=None):
    """Validate every row of the file; write all rows only if none is bad (and not a dry run)."""
    result = ImportResult(dry_run=dry_run)
    refused = open_period_problems(period)
    if refused:
        result.errors.extend((None, str(problem)) for problem in refused)
        return result
    form = respondents.Form(period)
    codes = [e.code for e in form.elements]
    try:
        mapping = parse_mapping(mapping_text or mapping_for(period), codes)
        headers, rows = read_rows(filename, data, progress)
    except (MappingError, SpreadsheetError) as error:
        result.errors.append((None, str(error)))
        return result
    columns = resolve_columns(headers, mapping)
    result.columns = columns
    answer_columns = [code for code in codes if code in columns]
    if not answer_columns:
        result.errors.append((None, str(_l(
            "Tidak ada kolom unsur yang dikenali. Sesuaikan pemetaan kolom; judul kolom berkas: %(headers)s.",
            headers=", ".join(h for h in headers if h)))))
        return result
    cleaned = []
    try:
        for number, row in rows:
            result.total += 1
            raw = {target: row.get(header) for target, header in columns.items()}
            values, answers, problems = respondents.clean(form, raw)
            if problems:
                if len(result.errors) < max_errors:
                    result.errors.append((number, shorten(" ".join(problems))))
                continue
            if not result.errors:
                cleaned.append((values, answers))
    except SpreadsheetError as error:  # its message names the row already
        result.errors.append((None, str(error)))
        return result
    if result.total == 0:
        result.errors.append((None, str(_l("Berkas tidak berisi baris data."))))
    if result.errors or dry_run:
        return result
    result.written = respondents.bulk_save(period, cleaned, RespondentSource.IMPORT)
    if mapping_text and mapping_text.strip() != DEFAULT_MAPPING.strip():
        period.import_mapping = mapping_text
    db.session.flush()
    return result
