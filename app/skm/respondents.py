"""Checking and saving respondents, the same for the staff screen, the public page and imports.

``clean`` turns raw values (typed, posted, or read from a spreadsheet) into
column values and a list of problems in Indonesian; ``save`` writes one
respondent; closed periods refuse every new answer.
"""
import datetime
import hashlib
import re

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, insert, select

from app.clock import now_utc
from app.extensions import db
from app.locale import format_date
from app.models.base import lock
from app.models.skm import (
    EDUCATIONS,
    OCCUPATIONS,
    SEXES,
    STANDARD_CODES,
    TIME_SLOTS,
    Answer,
    Respondent,
    RespondentSource,
    Submission,
    answer_column,
)
from app.skm.rules import open_period_problems

PROFILE_FIELDS = ["survey_date", "time_slot", "sex", "age", "education", "occupation", "service_type", "suggestion"]
LETTERS = {"a": 1, "b": 2, "c": 3, "d": 4}
SEX_WORDS = {"l": "L", "laki-laki": "L", "laki laki": "L", "pria": "L", "p": "P", "perempuan": "P", "wanita": "P"}
EDUCATION_WORDS = {"sd": "SD", "smp": "SMP", "sltp": "SMP", "sma": "SMA", "slta": "SMA", "smk": "SMA",
                   "sma/sederajat": "SMA", "d1": "D3", "d2": "D3", "d3": "D3", "d1-d3": "D3", "d1–d3": "D3",
                   "diploma": "D3", "d4": "S1", "s1": "S1", "s1/d4": "S1", "s2": "S2", "s3": "S3"}
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M:%S",
                "%m/%d/%Y %H:%M:%S", "%d.%m.%Y"]
RATE_LIMIT = 10
RATE_WINDOW = datetime.timedelta(hours=1)


class ClosedPeriodError(ValueError):
    """The period is closed: it takes no new answers."""


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).strip().split())


def _norm(value):
    return _text(value).lower()


class Form:
    """What ``clean`` needs to know about a period: its unsur with labels, and the unit's service types."""

    def __init__(self, period):
        self.period = period
        self.elements = list(period.elements)
        self.service_types = {st.name.strip().lower(): st.id for st in period.unit.service_types}
        self.service_type_ids = set(self.service_types.values())
        self.labels = {e.code: {_norm(label): n for n, label in enumerate(e.labels, start=1)} for e in self.elements}


def parse_answer(value, labels):
    """1–4 from a number, a letter a–d or the answer's label text; None for empty; ValueError otherwise."""
    text = _norm(value)
    if text == "":
        return None
    if re.fullmatch(r"[1-4](\.0+)?", text):
        return int(float(text))
    if text in LETTERS:
        return LETTERS[text]
    if text in labels:
        return labels[text]
    raise ValueError(text)


def parse_date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def clean(form, raw, require_all=False, check_dates=True):
    """(values for a Respondent, {code: answer}, problems) from raw values keyed by PROFILE_FIELDS and unsur codes."""
    problems = []
    values = {}
    answers = {}
    for element in form.elements:
        try:
            answer = parse_answer(raw.get(element.code), form.labels[element.code])
        except ValueError as error:
            problems.append(str(_l("Jawaban unsur %(name)s tidak sah (%(value)s): isi 1–4 atau label jawabannya.",
                                   name=element.name, value=str(error))))
            continue
        if answer is None and require_all:
            problems.append(str(_l("Unsur %(name)s belum dijawab.", name=element.name)))
        answers[element.code] = answer
    if not problems and all(v is None for v in answers.values()):
        problems.append(str(_l("Belum ada unsur yang dijawab.")))

    date_text = _text(raw.get("survey_date"))
    if raw.get("survey_date") not in (None, "") and date_text:
        try:
            values["survey_date"] = parse_date(raw.get("survey_date"))
        except ValueError:
            problems.append(str(_l("Tanggal %(value)s tidak terbaca (contoh: 31/07/2025).", value=date_text)))
        else:
            if check_dates and not form.period.period.contains(values["survey_date"]):
                problems.append(str(_l("Tanggal %(value)s di luar periode %(period)s.",
                                       value=format_date(values["survey_date"]),
                                       period=form.period.period_label)))
    slot = _norm(raw.get("time_slot")).replace(".", "").replace(":", "").replace("00", "").replace(" ", "")
    if slot:
        slot = slot.replace("–", "-")
        values["time_slot"] = {"8-12": "08-12", "08-12": "08-12", "13-17": "13-17"}.get(slot)
        if values["time_slot"] is None:
            problems.append(str(_l("Waktu survei harus 08.00–12.00 atau 13.00–17.00.")))
    sex = _norm(raw.get("sex"))
    if sex:
        values["sex"] = SEX_WORDS.get(sex)
        if values["sex"] is None:
            problems.append(str(_l("Jenis kelamin harus L atau P.")))
    elif require_all:
        problems.append(str(_l("Jenis kelamin wajib diisi.")))
    age = _text(raw.get("age"))
    if age:
        try:
            values["age"] = int(float(age))
            if not 10 <= values["age"] <= 120:
                raise ValueError
        except ValueError:
            problems.append(str(_l("Usia harus angka tahun antara 10 dan 120 (%(value)s).", value=age)))
    elif require_all:
        problems.append(str(_l("Usia wajib diisi.")))
    education = _norm(raw.get("education"))
    if education:
        values["education"] = EDUCATION_WORDS.get(education) or (education.upper() if education.upper() in EDUCATIONS else None)
        if values["education"] is None:
            problems.append(str(_l("Pendidikan tidak dikenal: %(value)s.", value=_text(raw.get("education")))))
    elif require_all:
        problems.append(str(_l("Pendidikan wajib diisi.")))
    occupation = _text(raw.get("occupation")).upper()
    if occupation:
        values["occupation"] = occupation if occupation in OCCUPATIONS else "LAINNYA"
    elif require_all:
        problems.append(str(_l("Pekerjaan wajib diisi.")))
    service = raw.get("service_type")
    if service not in (None, ""):
        service_id = _service_id(form, service)
        if service_id is None:
            problems.append(str(_l("Jenis layanan %(value)s bukan layanan unit ini.", value=_text(service))))
        values["service_type_id"] = service_id
    suggestion = (str(raw.get("suggestion") or "")).strip()
    if suggestion:
        values["suggestion"] = suggestion[:4000]
    return values, answers, problems


def _service_id(form, value):
    if isinstance(value, int) or _text(value).isdigit():
        number = int(_text(value))
        return number if number in form.service_type_ids else None
    return form.service_types.get(_norm(value))


def respondent_row(form, values, answers, source):
    """Column values of a respondent (standard answers included) as a dict for insert."""
    row = {"period_id": form.period.id, "unit_id": form.period.unit_id, "source": source,
           "created_at": now_utc()}
    row.update(values)
    for code in STANDARD_CODES:
        row[answer_column(code)] = answers.get(code)
    return row


def save(period, values, answers, source=RespondentSource.STAFF):
    """Write one respondent (ORM, so it is audited). Refuses a closed period."""
    refused = open_period_problems(lock(period))  # a close at the same moment waits, or is seen
    if refused:
        raise ClosedPeriodError(str(refused[0]))
    form = Form(period)
    row = respondent_row(form, values, answers, source)
    respondent = Respondent(**row)
    elements = {e.code: e for e in form.elements}
    for code, value in answers.items():
        if code not in STANDARD_CODES and value is not None:
            respondent.extra_answers.append(Answer(element_id=elements[code].id, value=value))
    db.session.add(respondent)
    db.session.flush()
    return respondent


def bulk_save(period, cleaned_rows, source=RespondentSource.IMPORT, chunk=2000):
    """Insert many cleaned (values, answers) rows fast; added unsur go through the ORM. Returns the count."""
    refused = open_period_problems(lock(period))  # a close at the same moment waits, or is seen
    if refused:
        raise ClosedPeriodError(str(refused[0]))
    form = Form(period)
    extras = [e for e in form.elements if e.code not in STANDARD_CODES]
    count = 0
    if extras:
        for values, answers in cleaned_rows:
            save(period, values, answers, source)
            count += 1
        return count
    batch = []
    for values, answers in cleaned_rows:
        batch.append(respondent_row(form, values, answers, source))
        if len(batch) >= chunk:
            db.session.execute(insert(Respondent), batch)
            count += len(batch)
            batch = []
    if batch:
        db.session.execute(insert(Respondent), batch)
        count += len(batch)
    return count


def address_hash(address, secret):
    return hashlib.sha256(f"{secret}:{address}".encode()).hexdigest()


def allow_submission(address, secret, now=None, limit=RATE_LIMIT):
    """Record a public submission from ``address`` unless it already made ``limit`` in the last hour.

    Stored in a table, so every gunicorn worker sees the same count.
    """
    now = now or now_utc()
    key = address_hash(address, secret)
    since = now - RATE_WINDOW
    count = db.session.execute(
        select(func.count(Submission.id)).where(Submission.address_hash == key, Submission.created_at > since)
    ).scalar_one()
    if count >= limit:
        return False
    db.session.add(Submission(address_hash=key, created_at=now))
    db.session.execute(delete(Submission).where(Submission.created_at < now - datetime.timedelta(days=1)))
    return True


def time_slot_at(moment):
    return "08-12" if moment.hour < 13 else "13-17"


__all__ = ["Form", "clean", "save", "bulk_save", "allow_submission", "ClosedPeriodError", "PROFILE_FIELDS",
           "SEXES", "TIME_SLOTS", "EDUCATIONS", "OCCUPATIONS"]
