"""A survey period's questionnaire: the 9 standard unsur (D1), unsur a unit adds, and their weights.

Weights are exact fractions: either none is given (equal weights), or every
unsur has one and together they make exactly 1; anything else is refused with a
message that says what the weights add up to.
"""
from fractions import Fraction

from flask_babel import lazy_gettext as _l

from app.extensions import db
from app.locale import format_date
from app.models.base import lock
from app.models.skm import STANDARD_ELEMENTS, PeriodStatus, SurveyElement, SurveyPeriod
from app.skm.ikm import parse_weight
from app.skm.rules import clean_period_code, period_problems


class QuestionnaireError(ValueError):
    """A questionnaire or period that cannot be saved; the message says why."""


def standard_elements():
    """New SurveyElement rows for the 9 standard unsur, in regulation order."""
    return [
        SurveyElement(code=code, name=str(name), position=index, weight=None,
                      label_1=str(labels[0]), label_2=str(labels[1]), label_3=str(labels[2]), label_4=str(labels[3]))
        for index, (code, name, labels) in enumerate(STANDARD_ELEMENTS, start=1)
    ]


def check_period(period):
    """Refuse a period the rules refuse (QuestionnaireError), else write its code in the one spelling."""
    problems = period_problems(period)
    if problems:
        raise QuestionnaireError(" ".join(str(problem) for problem in problems))
    period.period_code = clean_period_code(period.period_code)


def start_period(period):
    """What every new period gets, whichever door makes it (the screen, ``flask skm create-period``): its code in
    the one spelling, open, and the standard questionnaire. Call after the rules accepted it."""
    period.period_code = clean_period_code(period.period_code)
    period.status = PeriodStatus.OPEN
    period.elements = standard_elements()


def create_period(unit, period_code, population=None):
    """A new open period of ``unit`` with the standard questionnaire (added to the session and flushed)."""
    period = SurveyPeriod(unit=unit, unit_id=unit.id, period_code=period_code, population=population)
    check_period(period)
    start_period(period)
    db.session.add(period)
    db.session.flush()
    return period


def close_period(period, on):
    """Close ``period`` as of date ``on``: it takes no more answers. Refused if it is closed already.

    The period row is locked first (a respondent being saved holds the same lock), so an answer is either in
    before the close or refused after it, and of two users closing at once the second is told it was done.
    """
    lock(period)
    if not period.is_open:
        raise QuestionnaireError(str(_l("Periode %(code)s sudah ditutup pada %(date)s, mungkin oleh pengguna lain "
                                         "sementara Anda membukanya.", code=period.period_code,
                                         date=format_date(period.closed_on) or "-")))
    period.status = PeriodStatus.CLOSED
    period.closed_on = on
    return period


def check_weights(weights):
    """Refuse weights that are not all empty or all given and summing to exactly 1. Returns {code: Fraction}."""
    given = {code: (text or "").strip() for code, text in weights.items()}
    if all(not text for text in given.values()):
        return {}
    missing = [code for code, text in given.items() if not text]
    if missing:
        raise QuestionnaireError(str(_l(
            "Bobot harus diisi untuk semua unsur atau dikosongkan semuanya (bobot sama). Belum diisi: %(codes)s.",
            codes=", ".join(missing))))
    parsed = {}
    for code, text in given.items():
        try:
            value = parse_weight(text)
        except (ValueError, ZeroDivisionError):
            raise QuestionnaireError(str(_l("Bobot unsur %(code)s tidak terbaca: %(text)s. Contoh: 1/9 atau 0,125.",
                                            code=code, text=text)))
        if value <= 0:
            raise QuestionnaireError(str(_l("Bobot unsur %(code)s harus lebih dari 0.", code=code)))
        parsed[code] = value
    total = sum(parsed.values(), Fraction(0))
    if total != 1:
        raise QuestionnaireError(str(_l(
            "Jumlah bobot harus tepat 1; sekarang %(total)s. Gunakan pecahan (mis. 1/9) bila perlu.",
            total=_fraction_text(total))))
    return parsed


def _fraction_text(value):
    return str(value) if value.denominator == 1 else f"{value.numerator}/{value.denominator} (≈ {float(value):.6f})"


def save_questionnaire(period, rows):
    """Apply edited unsur to ``period``: ``rows`` is a list of dicts (code, name, weight, label_1..4).

    A row with a new code adds an unsur; a row for a standard unsur may change only its weight.
    Nothing is written if the rows are refused.
    """
    existing = {e.code: e for e in period.elements}
    cleaned = []
    for row in rows:
        code = (row.get("code") or "").strip().upper()
        if not code:
            continue
        name = (row.get("name") or "").strip()
        labels = [(row.get(f"label_{n}") or "").strip() for n in range(1, 5)]
        if code not in existing:
            if not name or not all(labels):
                raise QuestionnaireError(str(_l(
                    "Unsur tambahan %(code)s memerlukan nama dan keempat label jawaban.", code=code)))
            if len(code) > 40 or not code.replace("_", "").replace("-", "").isalnum():
                raise QuestionnaireError(str(_l("Kode unsur %(code)s tidak sah (huruf, angka, - dan _).", code=code)))
        cleaned.append((code, name, labels, row.get("weight")))
    codes = [c[0] for c in cleaned]
    if len(set(codes)) != len(codes):
        raise QuestionnaireError(str(_l("Kode unsur tidak boleh ganda.")))
    missing_standard = [code for code in existing if code not in codes]
    if missing_standard:
        raise QuestionnaireError(str(_l("Unsur tidak boleh dihapus: %(codes)s.", codes=", ".join(missing_standard))))
    check_weights({code: weight for code, _name, _labels, weight in cleaned})
    position = max((e.position for e in period.elements), default=0)
    for code, name, labels, weight in cleaned:
        element = existing.get(code)
        if element is None:
            position += 1
            element = SurveyElement(code=code, position=position)
            period.elements.append(element)
        if not element.is_standard:
            element.name = name or element.name
            element.label_1, element.label_2, element.label_3, element.label_4 = [
                label or old for label, old in zip(labels, element.labels if element.label_1 else labels)]
        element.weight = (weight or "").strip() or None
    db.session.flush()
    return period
