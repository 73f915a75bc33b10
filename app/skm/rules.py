"""What a survey period, its respondents, its follow-up actions (RTL) and its publications must satisfy, as
functions returning problems.

Every door calls these: the screens (through their ``rules`` and
``delete_rules``), the staff entry and public survey pages, the spreadsheet
importer and `flask skm ...`. Each returns a list of messages in the user's
language, empty when the row may be saved (or deleted). The answers themselves
are read and checked by ``app/skm/respondents.clean``, the questionnaire and its
weights by ``app/skm/questionnaire.py``.
"""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.extensions import db
from app.models.org import OrgLevel
from app.models.skm import ActionStatus, FollowUpAction, PeriodStatus, Publication, Respondent, SurveyPeriod
from app.periods import Period, PeriodError


def clean_period_code(code):
    """A period code as stored, in the one spelling of ``app/periods.py`` (call after ``period_problems``)."""
    return Period.parse(code).code


def period_problems(period):
    """A period belongs to a unit layanan, has a readable code that unit has not used yet, and a positive N."""
    if period.unit is None or period.unit.level != OrgLevel.UNIT:
        return [_l("SKM dilaksanakan per unit layanan: pilih unit layanan.")]
    try:
        code = clean_period_code(period.period_code)
    except PeriodError as error:
        return [str(error)]
    problems = []
    if period.population is not None and period.population < 1:
        problems.append(_l("Populasi (N) harus bilangan bulat positif."))
    query = select(SurveyPeriod.id).where(SurveyPeriod.unit_id == period.unit.id, SurveyPeriod.period_code == code)
    if period.id is not None:
        query = query.where(SurveyPeriod.id != period.id)
    with db.session.no_autoflush:
        if db.session.execute(query).first() is not None:
            problems.append(_l("Unit ini sudah memiliki survei untuk periode %(code)s.", code=code))
    return problems


def period_deletion_problems(period):
    """A period that holds respondents, follow-up actions or publications stays."""
    for model in (Respondent, FollowUpAction, Publication):
        if db.session.execute(select(model.id).where(model.period_id == period.id).limit(1)).first():
            return [_l("Periode yang sudah berisi responden, tindak lanjut atau publikasi tidak dapat dihapus.")]
    return []


def open_period_problems(period):
    """A closed period takes no new answers and loses none."""
    if not period.is_open:
        return [_l("Periode survei ini sudah ditutup; jawaban baru tidak diterima.")]
    return []


def respondent_deletion_problems(respondent):
    """A respondent leaves only an open period."""
    return open_period_problems(respondent.period)


def clean_element_code(code):
    """An unsur code as stored: stripped, in capitals."""
    return (code or "").strip().upper()


def follow_up_problems(action):
    """An RTL action belongs to a period and names an unsur of that period's questionnaire."""
    if action.period is None:
        return [_l("Pilih periode SKM.")]
    code = clean_element_code(action.element_code)
    if code not in {element.code for element in action.period.elements}:
        return [_l("Kode unsur %(code)s tidak ada dalam kuesioner periode ini.", code=code)]
    return []


def settle_done_on(action, today):
    """An RTL action marked done carries the day it was done (``today`` if none is given)."""
    if action.status == ActionStatus.DONE and action.done_on is None:
        action.done_on = today


def publication_problems(publication):
    """Only a closed period's results are published."""
    if publication.period is None:
        return [_l("Pilih periode SKM.")]
    if publication.period.status != PeriodStatus.CLOSED:
        return [_l("Hasil hanya dapat dipublikasikan setelah periode ditutup.")]
    return []
