"""Factories for the compliance reports area: runs, schedules, deliveries, MCP evidence."""
import itertools
import os
import uuid

from flask import current_app

from app.extensions import db
from app.models.reports import (
    DeliveryStatus, EvidenceStatus, McpEvidence, McpEvidenceItem, McpIndicator, PeriodRule, ReportDelivery, ReportRun,
    ReportSchedule, RunStatus,
)
from tests.factories import factory

_seq = itertools.count(1)


def stored_file(data=b"PK\x03\x04 pantau matrix"):
    """A file under UPLOAD_FOLDER/reports, as a finished run or an upload leaves it."""
    stored_name = f"reports/{uuid.uuid4().hex}.xlsx"
    path = os.path.join(current_app.config["UPLOAD_FOLDER"], stored_name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(data)
    return stored_name


def run_form(unit, view):
    return {"kind": "mcp_catalogue", "org": str(unit.id), "period_code": "2025-H1", "language": "id"}


@factory(ReportRun, form=run_form)
def make_run(unit, view):
    """A finished run of the unit, with its file, so downloads can be probed."""
    run = ReportRun(kind="mcp_catalogue", org=unit, period_code="2025-Q3", language="id", status=RunStatus.DONE,
                    stored_name=stored_file(), file_name=f"mcp_catalogue_{unit.code}_2025-Q3.xlsx", size=20,
                    summary={"title": "x", "headlines": []})
    db.session.add(run)
    db.session.flush()
    return run


def schedule_form(unit, view):
    return {"kind": "mcp_catalogue", "org": str(unit.id), "period_rule": "previous_quarter", "due_working_days": "5",
            "cron": "0 7 * * 1-5", "recipients": "kepala@unit.go.id", "language": "id", "active": "y"}


@factory(ReportSchedule, form=schedule_form)
def make_schedule(unit, view):
    row = ReportSchedule(org=unit, kind="mcp_catalogue", period_rule=PeriodRule.PREVIOUS_QUARTER, due_working_days=5,
                         cron="0 7 * * 1-5", recipients=f"kepala{next(_seq)}@unit.go.id", language="id", active=False)
    db.session.add(row)
    db.session.flush()
    return row


@factory(ReportDelivery)
def make_delivery(unit, view):
    run = make_run(unit, view)
    row = ReportDelivery(run=run, recipient="kepala@unit.go.id", language="id", status=DeliveryStatus.SENT, attempts=1)
    db.session.add(row)
    db.session.flush()
    return row


def evidence_item():
    n = next(_seq)
    indicator = McpIndicator(year=2025, area="Pelayanan Publik", code=f"MX.{n}", text=f"Indikator matriks {n}")
    item = McpEvidenceItem(indicator=indicator, code=f"MX.{n}.a", text=f"Bukti matriks {n}")
    db.session.add_all([indicator, item])
    db.session.flush()
    return item


@factory(McpEvidence)
def make_evidence(unit, view):
    """Evidence of the unit's instansi (MCP evidence is kept per instansi), with an uploaded file."""
    row = McpEvidence(instansi=unit.instansi, item=evidence_item(), status=EvidenceStatus.COMPLETE,
                      stored_name=stored_file(b"%PDF-1.4 matrix"), file_name="bukti.pdf", mime="application/pdf", size=15)
    db.session.add(row)
    db.session.flush()
    return row
