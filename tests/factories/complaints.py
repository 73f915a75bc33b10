"""Factories for the complaints area: complaints (owned by the unit), categories, deadline rules, calendar changes."""
import datetime
import itertools

from app.complaints.deadlines import refresh
from app.complaints.workflow import set_owner
from app.extensions import db
from app.models.calendar import CalendarChange, CalendarChangeKind
from app.models.complaints import (
    Channel, Classification, Complaint, ComplaintCategory, DeadlineRule,
    ImportColumn, Status,
)
from app.complaints.importer import FIELD_LABELS
from tests.factories import factory

_seq = itertools.count(1)


def make_complaint_row(node, status=Status.BELUM_DITINDAKLANJUTI, received_at=None, **values):
    """A complaint owned by ``node`` (an OPD or unit), verified and routed there, with its deadlines."""
    n = next(_seq)
    received_at = received_at or datetime.datetime(2025, 6, 2, 9, 0)
    complaint = Complaint(
        tracking_number=values.pop("tracking_number", f"MX-{n:06d}"), instansi=node.instansi,
        instansi_id=node.instansi.id, channel=values.pop("channel", Channel.LAPOR_WEB),
        classification=values.pop("classification", Classification.PENGADUAN_TIDAK_BERKADAR),
        title=values.pop("title", f"Pengaduan matriks {n}"), content=values.pop("content", "Isi pengaduan uji."),
        received_at=received_at, status=status, paused_days=0,
        verified_at=received_at if status != Status.BELUM_TERVERIFIKASI else None,
        routed_at=received_at if status != Status.BELUM_TERVERIFIKASI else None,
        **values,
    )
    set_owner(complaint, node)
    db.session.add(complaint)
    refresh(complaint)
    db.session.flush()
    return complaint


def complaint_form(unit, view):
    n = next(_seq)
    return {"org": str(unit.parent.id), "channel": "walk_in", "classification": "aspirasi",
            "title": f"Pengaduan uji {n}", "content": "Antrean loket terlalu panjang."}


@factory(Complaint, form=complaint_form)
def make_complaint(unit, view):
    return make_complaint_row(unit)


def category_form(unit, view):
    return {"org": str(unit.instansi.id), "name": f"Kategori Uji {next(_seq)}", "active": "y"}


@factory(ComplaintCategory, form=category_form)
def make_category(unit, view):
    row = ComplaintCategory(org_id=unit.instansi.id, name=f"Kategori Matriks {next(_seq)}", active=True)
    db.session.add(row)
    db.session.flush()
    return row


@factory(DeadlineRule)
def make_rule(unit, view):
    category = make_category(unit, view)
    row = DeadlineRule(org_id=unit.instansi.id, classification=Classification.ASPIRASI, category_id=category.id,
                       resolve_days=10)
    db.session.add(row)
    db.session.flush()
    return row


def _free_day():
    return datetime.date(2031, 1, 1) + datetime.timedelta(days=next(_seq))


def calendar_form(unit, view):
    return {"org": str(unit.instansi.id), "day": _free_day().isoformat(), "kind": "extra_holiday",
            "description": "Libur daerah uji"}


@factory(CalendarChange, form=calendar_form)
def make_calendar_change(unit, view):
    row = CalendarChange(org_id=unit.instansi.id, day=_free_day(), kind=CalendarChangeKind.EXTRA_HOLIDAY,
                         description="Libur daerah matriks")
    db.session.add(row)
    db.session.flush()
    return row


_fields = itertools.cycle(FIELD_LABELS)


def import_column_form(unit, view):
    return {"org": str(unit.instansi.id), "field": next(_fields), "headers": "Kolom Uji | Kolom Lain"}


@factory(ImportColumn, form=import_column_form)
def make_import_column(unit, view):
    row = ImportColumn(org_id=unit.instansi.id, field=next(_fields), headers="Kolom Matriks")
    db.session.add(row)
    db.session.flush()
    return row
