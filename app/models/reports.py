"""Tables of the compliance reports: PEKPPP and MCP catalogues, MCP evidence, report runs, schedules, claims, deliveries."""
import datetime
from typing import List, Optional

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON, Boolean, Date, DateTime, ForeignKey, Index, Integer, Numeric, String, Text, UniqueConstraint, select,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.clock import now_utc
from app.models.base import LabelledEnum, Model, Scoped, enum_type, table_name
from app.models.org import OrgNode
from app.uploads import StoredFile


# --- PEKPPP instrument (D11): reference data, one instrument per year -------------------------------------------


class PekpppInstrument(Model):
    """A PEKPPP evaluation instrument (PermenPANRB 29/2022 for 2022 onwards); a new year is new data."""

    __tablename__ = table_name("pekppp_instrument")
    __table_args__ = (UniqueConstraint("year", name=table_name("pekppp_instrument_year_uq")),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    legal_basis: Mapped[Optional[str]] = mapped_column(String(300))
    note: Mapped[Optional[str]] = mapped_column(Text)

    aspects: Mapped[List["PekpppAspect"]] = relationship(
        "PekpppAspect", back_populates="instrument", order_by="PekpppAspect.position", cascade="all, delete-orphan"
    )
    bands: Mapped[List["PekpppBand"]] = relationship(
        "PekpppBand", back_populates="instrument", order_by="PekpppBand.min_score.desc()", cascade="all, delete-orphan"
    )

    def __repr__(self):
        return f"{self.name} ({self.year})"


class PekpppAspect(Model):
    """One of the six aspects with its weight in percent (section 5.2)."""

    __tablename__ = table_name("pekppp_aspect")
    __table_args__ = (UniqueConstraint("instrument_id", "code", name=table_name("pekppp_aspect_code_uq")),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instrument_id: Mapped[int] = mapped_column(ForeignKey(table_name("pekppp_instrument.id")), nullable=False, index=True)
    code: Mapped[str] = mapped_column(String(10), nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    weight: Mapped[float] = mapped_column(Numeric(5, 2), nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    indicators_luring: Mapped[Optional[int]] = mapped_column(Integer)
    indicators_daring: Mapped[Optional[int]] = mapped_column(Integer)

    instrument: Mapped[PekpppInstrument] = relationship(PekpppInstrument, back_populates="aspects")
    indicators: Mapped[List["PekpppIndicator"]] = relationship(
        "PekpppIndicator", back_populates="aspect", order_by="PekpppIndicator.position", cascade="all, delete-orphan"
    )

    def __repr__(self):
        return f"{self.code}. {self.name}"


class PekpppIndicator(Model):
    """An indicator scored 0-5 with one descriptor per level; ``machine_key`` names the figure Pantau computes for it."""

    __tablename__ = table_name("pekppp_indicator")
    __table_args__ = (UniqueConstraint("aspect_id", "code", name=table_name("pekppp_indicator_code_uq")),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    aspect_id: Mapped[int] = mapped_column(ForeignKey(table_name("pekppp_aspect.id")), nullable=False, index=True)
    code: Mapped[str] = mapped_column(String(20), nullable=False)
    text: Mapped[str] = mapped_column(String(500), nullable=False)
    variant: Mapped[str] = mapped_column(String(10), nullable=False, default="luring")
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    level_0: Mapped[Optional[str]] = mapped_column(String(300))
    level_1: Mapped[Optional[str]] = mapped_column(String(300))
    level_2: Mapped[Optional[str]] = mapped_column(String(300))
    level_3: Mapped[Optional[str]] = mapped_column(String(300))
    level_4: Mapped[Optional[str]] = mapped_column(String(300))
    level_5: Mapped[Optional[str]] = mapped_column(String(300))
    evidence: Mapped[Optional[str]] = mapped_column(Text)
    machine_key: Mapped[Optional[str]] = mapped_column(String(60))
    source: Mapped[Optional[str]] = mapped_column(String(300))

    aspect: Mapped[PekpppAspect] = relationship(PekpppAspect, back_populates="indicators")

    def levels(self):
        return [self.level_0, self.level_1, self.level_2, self.level_3, self.level_4, self.level_5]

    def __repr__(self):
        return f"{self.code} {self.text}"


class PekpppBand(Model):
    """An IPP category band on the 0-5 scale (unconfirmed values, editable)."""

    __tablename__ = table_name("pekppp_band")
    __table_args__ = (UniqueConstraint("instrument_id", "code", name=table_name("pekppp_band_code_uq")),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instrument_id: Mapped[int] = mapped_column(ForeignKey(table_name("pekppp_instrument.id")), nullable=False, index=True)
    code: Mapped[str] = mapped_column(String(5), nullable=False)
    label: Mapped[str] = mapped_column(String(100), nullable=False)
    min_score: Mapped[float] = mapped_column(Numeric(4, 2), nullable=False)
    max_score: Mapped[float] = mapped_column(Numeric(4, 2), nullable=False)

    instrument: Mapped[PekpppInstrument] = relationship(PekpppInstrument, back_populates="bands")

    def __repr__(self):
        return f"{self.code} ({self.label})"


# --- MCP / MCSP KPK catalogue (D12) -----------------------------------------------------------------------


class McpIndicator(Model):
    """An MCP/MCSP indicator of one year and intervention area, with its score levels."""

    __tablename__ = table_name("mcp_indicator")
    __table_args__ = (UniqueConstraint("year", "code", name=table_name("mcp_indicator_code_uq")),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer, nullable=False, index=True)
    area: Mapped[str] = mapped_column(String(120), nullable=False)
    code: Mapped[str] = mapped_column(String(30), nullable=False)
    text: Mapped[str] = mapped_column(String(500), nullable=False)
    score_levels: Mapped[Optional[str]] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    is_example: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    note: Mapped[Optional[str]] = mapped_column(Text)

    evidence_items: Mapped[List["McpEvidenceItem"]] = relationship(
        "McpEvidenceItem", back_populates="indicator", order_by="McpEvidenceItem.position", cascade="all, delete-orphan"
    )

    def __repr__(self):
        return f"{self.year} {self.code} {self.text}"


class McpEvidenceItem(Model):
    """One entry of an indicator's evidence checklist."""

    __tablename__ = table_name("mcp_evidence_item")
    __table_args__ = (UniqueConstraint("indicator_id", "code", name=table_name("mcp_evidence_item_code_uq")),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey(table_name("mcp_indicator.id")), nullable=False, index=True)
    code: Mapped[str] = mapped_column(String(30), nullable=False)
    text: Mapped[str] = mapped_column(String(500), nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    # Which Pantau record can serve as evidence (skm_result, fkp_minutes, complaint_recap, sp_decree, report_run).
    pantau_source: Mapped[Optional[str]] = mapped_column(String(40))

    indicator: Mapped[McpIndicator] = relationship(McpIndicator, back_populates="evidence_items")

    def __repr__(self):
        return f"{self.indicator.code if self.indicator else ''} {self.code}: {self.text}"


class EvidenceStatus(LabelledEnum):
    MISSING = "belum"
    IN_PROGRESS = "proses"
    COMPLETE = "lengkap"
    VERIFIED = "terverifikasi"

    @classmethod
    def labels(cls):
        return EVIDENCE_STATUS_LABELS


EVIDENCE_STATUS_LABELS = {
    EvidenceStatus.MISSING: _l("Belum ada"),
    EvidenceStatus.IN_PROGRESS: _l("Sedang disiapkan"),
    EvidenceStatus.COMPLETE: _l("Lengkap"),
    EvidenceStatus.VERIFIED: _l("Terverifikasi"),
}


class McpEvidence(Scoped, Model):
    """An instansi's evidence for one checklist item: status, note, an uploaded file, a link to a Pantau record."""

    __tablename__ = table_name("mcp_evidence")
    __table_args__ = (UniqueConstraint("instansi_id", "item_id", name=table_name("mcp_evidence_item_uq")),)
    __scope_column__ = "instansi_id"
    __scope_relation__ = "instansi"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instansi_id: Mapped[int] = mapped_column(ForeignKey(table_name("org_node.id")), nullable=False, index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey(table_name("mcp_evidence_item.id")), nullable=False, index=True)
    status: Mapped[EvidenceStatus] = mapped_column(
        enum_type(EvidenceStatus, "pantau_mcp_evidence_status", 20), nullable=False, default=EvidenceStatus.MISSING
    )
    note: Mapped[Optional[str]] = mapped_column(Text)
    file_name: Mapped[Optional[str]] = mapped_column(String(255))
    stored_name: Mapped[Optional[str]] = mapped_column(String(255))
    mime: Mapped[Optional[str]] = mapped_column(String(120))
    size: Mapped[Optional[int]] = mapped_column(Integer)
    report_run_id: Mapped[Optional[int]] = mapped_column(ForeignKey(table_name("report_run.id")), index=True)
    record_link: Mapped[Optional[str]] = mapped_column(String(300))
    stored_file = StoredFile()
    updated_at: Mapped[datetime.datetime] = mapped_column(DateTime, nullable=False, default=now_utc, onupdate=now_utc)

    instansi: Mapped[OrgNode] = relationship(OrgNode)
    item: Mapped[McpEvidenceItem] = relationship(McpEvidenceItem)
    report_run: Mapped[Optional["ReportRun"]] = relationship("ReportRun")


# --- Report runs, schedules, claims, deliveries -----------------------------------------------------------


class RunStatus(LabelledEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"

    @classmethod
    def labels(cls):
        return RUN_STATUS_LABELS


RUN_STATUS_LABELS = {
    RunStatus.QUEUED: _l("Dalam antrean"),
    RunStatus.RUNNING: _l("Sedang dibuat"),
    RunStatus.DONE: _l("Selesai"),
    RunStatus.FAILED: _l("Gagal"),
}


class ReportRun(Scoped, Model):
    """One report of a kind for an organisation node and a period: queued, built by the scheduler process, stored."""

    __tablename__ = table_name("report_run")
    __table_args__ = (Index(table_name("report_run_status_ix"), "status", "created_at"),)
    __scope_column__ = "org_id"
    __scope_relation__ = "org"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey(table_name("org_node.id")), nullable=False, index=True)
    kind: Mapped[str] = mapped_column(String(40), nullable=False)
    period_code: Mapped[str] = mapped_column(String(10), nullable=False)
    # The cut-off (D15): the end of as_of_date, or the moment of the build, or (neither) the end of the period.
    as_of_date: Mapped[Optional[datetime.date]] = mapped_column(Date)
    as_at_build: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    language: Mapped[str] = mapped_column(String(5), nullable=False, default="id")
    requested_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("ab_user.id"), index=True)
    schedule_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey(table_name("report_schedule.id"), ondelete="SET NULL"), index=True
    )
    status: Mapped[RunStatus] = mapped_column(
        enum_type(RunStatus, "pantau_report_run_status", 20), nullable=False, default=RunStatus.QUEUED
    )
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    created_at: Mapped[datetime.datetime] = mapped_column(DateTime, nullable=False, default=now_utc)
    started_at: Mapped[Optional[datetime.datetime]] = mapped_column(DateTime)
    finished_at: Mapped[Optional[datetime.datetime]] = mapped_column(DateTime)
    heartbeat_at: Mapped[Optional[datetime.datetime]] = mapped_column(DateTime)
    # Who builds it ("scheduler@host:pid" or "host:pid"), so a dead builder's run is taken back at once.
    worker: Mapped[Optional[str]] = mapped_column(String(120))
    error: Mapped[Optional[str]] = mapped_column(Text)
    stored_name: Mapped[Optional[str]] = mapped_column(String(255))
    file_name: Mapped[Optional[str]] = mapped_column(String(255))
    size: Mapped[Optional[int]] = mapped_column(Integer)
    summary: Mapped[Optional[dict]] = mapped_column(JSON)
    # The forum of a document about one FKP forum (laporan-fkp, berita-acara); None for period reports.
    forum_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey(table_name("fkp_forum.id"), ondelete="CASCADE"), index=True
    )
    # Background imports and exports (app/background.py): their input, settings and rows done so far.
    params: Mapped[Optional[dict]] = mapped_column(JSON)
    input_stored_name: Mapped[Optional[str]] = mapped_column(String(255))
    progress_done: Mapped[Optional[int]] = mapped_column(Integer)
    progress_total: Mapped[Optional[int]] = mapped_column(Integer)

    org: Mapped[OrgNode] = relationship(OrgNode)
    forum = relationship("FkpForum")
    files: Mapped[List["ReportFile"]] = relationship(
        "ReportFile", back_populates="run", order_by="ReportFile.id", cascade="all, delete-orphan"
    )
    requested_by = relationship("PantauUser")
    schedule: Mapped[Optional["ReportSchedule"]] = relationship("ReportSchedule")
    deliveries: Mapped[List["ReportDelivery"]] = relationship(
        "ReportDelivery", back_populates="run", order_by="ReportDelivery.id", cascade="all, delete-orphan"
    )

    def __repr__(self):
        return f"#{self.id} {self.kind} {self.period_code}"


class ReportFile(Scoped, Model):
    """A further file of a run: the PDF of a document, or a document a scheduled package carries beside its workbook."""

    __tablename__ = table_name("report_file")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey(table_name("report_run.id"), ondelete="CASCADE"), nullable=False,
                                        index=True)
    kind: Mapped[str] = mapped_column(String(40), nullable=False)
    stored_name: Mapped[str] = mapped_column(String(255), nullable=False)
    file_name: Mapped[str] = mapped_column(String(255), nullable=False)
    mime: Mapped[str] = mapped_column(String(120), nullable=False)
    size: Mapped[int] = mapped_column(Integer, nullable=False)

    run: Mapped[ReportRun] = relationship(ReportRun, back_populates="files")

    @classmethod
    def scope_clause(cls, node_ids):
        return cls.run_id.in_(select(ReportRun.id).where(ReportRun.org_id.in_(node_ids)))

    def scope_nodes(self):
        return self.run.scope_nodes() if self.run is not None else []


class PeriodRule(LabelledEnum):
    PREVIOUS_QUARTER = "previous_quarter"
    PREVIOUS_SEMESTER = "previous_semester"
    PREVIOUS_YEAR = "previous_year"

    @classmethod
    def labels(cls):
        return PERIOD_RULE_LABELS


PERIOD_RULE_LABELS = {
    PeriodRule.PREVIOUS_QUARTER: _l("Triwulan sebelumnya"),
    PeriodRule.PREVIOUS_SEMESTER: _l("Semester sebelumnya"),
    PeriodRule.PREVIOUS_YEAR: _l("Tahun sebelumnya"),
}


class ReportSchedule(Scoped, Model):
    """A report sent by e-mail for each period of a rule, once it is due (N working days after the period)."""

    __tablename__ = table_name("report_schedule")
    __scope_column__ = "org_id"
    __scope_relation__ = "org"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey(table_name("org_node.id")), nullable=False, index=True)
    kind: Mapped[str] = mapped_column(String(40), nullable=False)
    period_rule: Mapped[PeriodRule] = mapped_column(enum_type(PeriodRule, "pantau_report_period_rule", 20), nullable=False)
    due_working_days: Mapped[int] = mapped_column(Integer, nullable=False, default=5)
    cron: Mapped[str] = mapped_column(String(100), nullable=False, default="0 7 * * 1-5")
    recipients: Mapped[str] = mapped_column(Text, nullable=False)
    language: Mapped[str] = mapped_column(String(5), nullable=False, default="id")
    as_at_build: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    # Word documents the e-mail carries beside the workbook: report kinds separated by commas (rekap-sp4n, ...).
    documents: Mapped[Optional[str]] = mapped_column(String(200))
    created_at: Mapped[datetime.datetime] = mapped_column(DateTime, nullable=False, default=now_utc)
    changed_at: Mapped[datetime.datetime] = mapped_column(DateTime, nullable=False, default=now_utc, onupdate=now_utc)

    org: Mapped[OrgNode] = relationship(OrgNode)

    def document_kinds(self):
        return [part.strip() for part in (self.documents or "").split(",") if part.strip()]

    def recipient_list(self):
        """The recipients' addresses, each once (compared case-insensitively), in their order."""
        seen, addresses = set(), []
        for part in (self.recipients or "").split(","):
            address = part.strip()
            if address and address.lower() not in seen:
                seen.add(address.lower())
                addresses.append(address)
        return addresses

    def __repr__(self):
        return f"{self.kind} {self.period_rule.value if self.period_rule else ''} ({self.org})"


class ScheduleClaim(Model):
    """Who sends (schedule, period): the unique constraint lets exactly one process win, however many try."""

    __tablename__ = table_name("report_claim")
    __table_args__ = (UniqueConstraint("schedule_id", "period_code", name=table_name("report_claim_uq")),)
    __audited__ = False

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    schedule_id: Mapped[int] = mapped_column(
        ForeignKey(table_name("report_schedule.id"), ondelete="CASCADE"), nullable=False, index=True
    )
    period_code: Mapped[str] = mapped_column(String(10), nullable=False)
    fire_time: Mapped[datetime.datetime] = mapped_column(DateTime, nullable=False)
    claimed_at: Mapped[datetime.datetime] = mapped_column(DateTime, nullable=False, default=now_utc)
    claimed_by: Mapped[Optional[str]] = mapped_column(String(120))
    run_id: Mapped[Optional[int]] = mapped_column(ForeignKey(table_name("report_run.id")))


class DeliveryStatus(LabelledEnum):
    PENDING = "pending"
    SENDING = "sending"
    RETRYING = "retrying"
    SENT = "sent"
    FAILED = "failed"
    DRY_RUN = "dry_run"

    @classmethod
    def labels(cls):
        return DELIVERY_STATUS_LABELS


DELIVERY_STATUS_LABELS = {
    DeliveryStatus.PENDING: _l("Menunggu"),
    DeliveryStatus.SENDING: _l("Sedang dikirim"),
    DeliveryStatus.RETRYING: _l("Akan dicoba lagi"),
    DeliveryStatus.SENT: _l("Terkirim"),
    DeliveryStatus.FAILED: _l("Gagal"),
    DeliveryStatus.DRY_RUN: _l("Uji coba (tidak dikirim)"),
}


class ReportDelivery(Scoped, Model):
    """One e-mail of a finished run to one of the schedule's recipients, with every attempt's outcome.

    The unique (run, recipient) pair lets the row exist once however many processes create it at the same moment.
    """

    __tablename__ = table_name("report_delivery")
    __table_args__ = (
        Index(table_name("report_delivery_status_ix"), "status", "next_attempt_at"),
        UniqueConstraint("run_id", "recipient", name=table_name("report_delivery_run_recipient_uq")),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey(table_name("report_run.id")), nullable=False, index=True)
    recipient: Mapped[str] = mapped_column(String(254), nullable=False)
    language: Mapped[str] = mapped_column(String(5), nullable=False, default="id")
    subject: Mapped[Optional[str]] = mapped_column(String(300))
    status: Mapped[DeliveryStatus] = mapped_column(
        enum_type(DeliveryStatus, "pantau_report_delivery_status", 20), nullable=False, default=DeliveryStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    next_attempt_at: Mapped[Optional[datetime.datetime]] = mapped_column(DateTime)
    last_attempt_at: Mapped[Optional[datetime.datetime]] = mapped_column(DateTime)
    error: Mapped[Optional[str]] = mapped_column(Text)
    sent_at: Mapped[Optional[datetime.datetime]] = mapped_column(DateTime)
    created_at: Mapped[datetime.datetime] = mapped_column(DateTime, nullable=False, default=now_utc)

    run: Mapped[ReportRun] = relationship(ReportRun, back_populates="deliveries")

    @classmethod
    def scope_clause(cls, node_ids):
        return cls.run_id.in_(select(ReportRun.id).where(ReportRun.org_id.in_(node_ids)))

    def scope_nodes(self):
        return self.run.scope_nodes() if self.run is not None else []
