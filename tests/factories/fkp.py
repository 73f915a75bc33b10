"""Factories for the FKP area: forums and their participants, agreements and documents, unsur masyarakat, settings."""
import datetime
import io
import itertools

from PIL import Image
from sqlalchemy import select

from app.clock import utc_of
from app.extensions import db
from app.fkp import documents
from app.fkp.elements import ensure_elements
from app.models.fkp import (
    AgreementStatus, DocumentKind, FkpAgreement, FkpDocument, FkpElement, FkpForm, FkpForum, FkpMethod,
    FkpParticipant, FkpPurpose, FkpSetting,
)
from tests.factories import factory

_seq = itertools.count(1)
PDF_BYTES = b"%PDF-1.4\n% Pantau test document\n%%EOF\n"


def png_bytes(size=(640, 480), color=(30, 120, 200)):
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format="PNG")
    return out.getvalue()


def element_of(unit, code="PENGGUNA"):
    """The starter element ``code`` of ``unit``'s instansi (seeding the list if needed)."""
    ensure_elements(unit.instansi)
    return db.session.execute(
        select(FkpElement).where(FkpElement.instansi_id == unit.instansi.id, FkpElement.code == code)
    ).scalar_one()


def new_forum(unit, **fields):
    """A forum of ``unit``; one created straight at a later stage is recorded as having entered it at 18.00 local
    time on its forum date (``stage_moved_at``, UTC, to say otherwise)."""
    n = next(_seq)
    ensure_elements(unit.instansi)
    values = dict(
        unit=unit, topic=f"Forum Matriks {n}", purpose=FkpPurpose.SP_REVIEW, form=FkpForm.TATAP_MUKA,
        method=FkpMethod.FGD, held_on=datetime.date(2026, 3, 10),
    )
    values.update(fields)
    if values.get("held_on") and "stage_moved_at" not in values:
        values["stage_moved_at"] = utc_of(datetime.datetime.combine(values["held_on"], datetime.time(18)))
    forum = FkpForum(**values)
    db.session.add(forum)
    db.session.flush()
    return forum


@factory(FkpForum, form=lambda unit, view: {
    "unit": str(unit.id), "topic": f"Forum Uji {next(_seq)}", "purpose": "sp_draft", "form": "tatap_muka", "method": "fgd",
})
def make_forum(unit, view):
    return new_forum(unit)


def participant_form(unit, view):
    forum = new_forum(unit)
    db.session.commit()
    return {"forum": str(forum.id), "name": f"Peserta Uji {next(_seq)}", "element": str(element_of(unit).id), "attended": "y"}


@factory(FkpParticipant, form=participant_form)
def make_participant(unit, view):
    row = FkpParticipant(forum=new_forum(unit), name=f"Peserta Matriks {next(_seq)}", element=element_of(unit), attended=True)
    db.session.add(row)
    db.session.flush()
    return row


def agreement_form(unit, view):
    forum = new_forum(unit)
    db.session.commit()
    return {"forum": str(forum.id), "text": f"Kesepakatan Uji {next(_seq)}", "status": "belum", "due_date": "2026-06-30"}


@factory(FkpAgreement, form=agreement_form)
def make_agreement(unit, view):
    row = FkpAgreement(forum=new_forum(unit), text=f"Kesepakatan Matriks {next(_seq)}", status=AgreementStatus.BELUM,
                       due_date=datetime.date(2026, 6, 30))
    db.session.add(row)
    db.session.flush()
    documents.attach_evidence(row, "bukti.pdf", PDF_BYTES)
    db.session.flush()
    return row


@factory(FkpDocument)
def make_document(unit, view):
    """A photo (file and thumbnail) of a new forum of ``unit``."""
    return documents.add_document(new_forum(unit), DocumentKind.FOTO, "foto.png", png_bytes(), title="Foto matriks")


@factory(FkpElement)
def make_element(unit, view):
    n = next(_seq)
    ensure_elements(unit.instansi)
    row = FkpElement(instansi_id=unit.instansi.id, code=f"MX-E-{n}", name=f"Unsur Matriks {n}", is_provider=False, position=50 + n)
    db.session.add(row)
    db.session.flush()
    return row


@factory(FkpSetting)
def make_setting(unit, view):
    ensure_elements(unit.instansi)
    return db.session.execute(select(FkpSetting).where(FkpSetting.instansi_id == unit.instansi.id)).scalar_one()


def unit_by_code(code):
    from app.models.org import OrgNode

    return db.session.execute(select(OrgNode).where(OrgNode.code == code)).scalar_one()


def add_participant(forum, name, element_code, attended=True, attended_at=None):
    """A participant of ``forum``; one present is recorded so at 10.00 local time on the forum's date unless
    ``attended_at`` (UTC) says otherwise."""
    if attended and attended_at is None and forum.held_on:
        attended_at = utc_of(datetime.datetime.combine(forum.held_on, datetime.time(10)))
    row = FkpParticipant(forum=forum, name=name, element=element_of(forum.unit, element_code), attended=attended,
                         attended_at=attended_at)
    db.session.add(row)
    db.session.flush()
    return row


def add_agreement(forum, text, due_date=None, status=AgreementStatus.BELUM):
    row = FkpAgreement(forum=forum, text=text, due_date=due_date, status=status)
    db.session.add(row)
    db.session.flush()
    return row
