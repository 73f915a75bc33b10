"""Factories for the SKM area: survey periods, respondents, RTL actions, publications."""
import datetime
import itertools

from app.extensions import db
from app.models.skm import (
    ActionStatus,
    FollowUpAction,
    PeriodStatus,
    Publication,
    PublicationMedium,
    Respondent,
    SurveyPeriod,
)
from app.skm.questionnaire import create_period
from app.uploads import store
from tests.factories import factory

_seq = itertools.count(1)
PDF = b"%PDF-1.4\n% uji\n"


def make_survey_period(unit, closed=False, code=None, population=100):
    n = next(_seq)
    period = create_period(unit, code or f"{2100 + n}", population)
    if closed:
        period.status = PeriodStatus.CLOSED
        period.closed_on = datetime.date(2100 + n, 12, 31)
    db.session.flush()
    return period


def period_form(unit, view):
    n = next(_seq)
    return {"unit": str(unit.id), "period_code": f"{2300 + n}-Q2", "population": "150"}


@factory(SurveyPeriod, form=period_form)
def make_period(unit, view):
    return make_survey_period(unit)


@factory(Respondent)
def make_respondent(unit, view):
    period = make_survey_period(unit)
    row = Respondent(period_id=period.id, unit_id=unit.id, sex="L", age=30, a_persyaratan=3, a_waktu=4)
    db.session.add(row)
    db.session.flush()
    return row


def followup_form(unit, view):
    period = make_survey_period(unit)
    db.session.commit()
    return {"period": str(period.id), "element_code": "WAKTU", "action": "Tambah loket antrean",
            "owner": "Kepala Seksi Pelayanan", "due_date": "2026-03-31", "status": "planned"}


@factory(FollowUpAction, form=followup_form)
def make_followup(unit, view):
    period = make_survey_period(unit, closed=True)
    stored, mime, _size = store("skm", "bukti.pdf", PDF)
    row = FollowUpAction(period_id=period.id, unit_id=unit.id, element_code="WAKTU", action="Tambah loket",
                         owner="Kasi Pelayanan", due_date=datetime.date(2026, 3, 31), status=ActionStatus.DONE,
                         done_on=datetime.date(2026, 2, 1), evidence_file=stored, evidence_name="bukti.pdf",
                         evidence_mime=mime)
    db.session.add(row)
    db.session.flush()
    return row


def publication_form(unit, view):
    period = make_survey_period(unit, closed=True)
    db.session.commit()
    return {"period": str(period.id), "medium": "website", "published_on": "2026-01-15",
            "link": "https://contoh.go.id/ikm"}


@factory(Publication, form=publication_form)
def make_publication(unit, view):
    period = make_survey_period(unit, closed=True)
    stored, mime, _size = store("skm", "kliping.pdf", PDF)
    row = Publication(period_id=period.id, unit_id=unit.id, medium=PublicationMedium.WEBSITE,
                      published_on=datetime.date(2026, 1, 15), link="https://contoh.go.id/ikm",
                      file=stored, file_name="kliping.pdf", file_mime=mime)
    db.session.add(row)
    db.session.flush()
    return row
