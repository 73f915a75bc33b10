"""Tables of the SP4N-LAPOR! complaints area: complaints, their history, follow-ups, files and reminders,
and the data that drives deadlines (categories, deadline rules); the working-day calendar is in models/calendar.py."""
import datetime
from typing import List, NamedTuple, Optional

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint, select,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.clock import now_local, now_utc
from app.models.base import LabelledEnum, Model, Scoped, enum_type, table_name
from app.models.org import OrgNode
from app.uploads import StoredFile


class Status(LabelledEnum):
    """D8 statuses."""

    BELUM_TERVERIFIKASI = "belum_terverifikasi"
    BELUM_DITINDAKLANJUTI = "belum_ditindaklanjuti"
    DIPROSES = "diproses"
    SELESAI = "selesai"
    TUNDA = "tunda"
    ARSIP = "arsip"
    BUKAN_WEWENANG = "bukan_wewenang"

    @classmethod
    def labels(cls):
        return {
            cls.BELUM_TERVERIFIKASI: _l("Belum Terverifikasi"),
            cls.BELUM_DITINDAKLANJUTI: _l("Belum Ditindaklanjuti"),
            cls.DIPROSES: _l("Diproses"),
            cls.SELESAI: _l("Selesai"),
            cls.TUNDA: _l("Tunda"),
            cls.ARSIP: _l("Arsip"),
            cls.BUKAN_WEWENANG: _l("Bukan Wewenang"),
        }


class Classification(LabelledEnum):
    """D9 classifications."""

    PENGADUAN_BERKADAR = "pengaduan_berkadar"
    PENGADUAN_TIDAK_BERKADAR = "pengaduan_tidak_berkadar"
    ASPIRASI = "aspirasi"
    INFORMASI = "informasi"

    @classmethod
    def labels(cls):
        return {
            cls.PENGADUAN_BERKADAR: _l("Pengaduan Berkadar Pengawasan"),
            cls.PENGADUAN_TIDAK_BERKADAR: _l("Pengaduan Tidak Berkadar Pengawasan"),
            cls.ASPIRASI: _l("Aspirasi"),
            cls.INFORMASI: _l("Permintaan Informasi"),
        }


class Channel(LabelledEnum):
    """D9 channels."""

    LAPOR_WEB = "lapor_web"
    LAPOR_APP = "lapor_app"
    SMS_1708 = "sms_1708"
    SOSMED = "sosmed"
    WALK_IN = "walk_in"
    SURAT = "surat"
    TELEPON = "telepon"
    EMAIL = "email"
    SITUS = "situs"

    @classmethod
    def labels(cls):
        return {
            cls.LAPOR_WEB: _l("LAPOR! (situs web)"),
            cls.LAPOR_APP: _l("LAPOR! (aplikasi)"),
            cls.SMS_1708: _l("LAPOR! (SMS 1708)"),
            cls.SOSMED: _l("LAPOR! (media sosial)"),
            cls.WALK_IN: _l("Datang langsung"),
            cls.SURAT: _l("Surat"),
            cls.TELEPON: _l("Telepon"),
            cls.EMAIL: _l("Surel"),
            cls.SITUS: _l("Situs instansi"),
        }


# The channels that are SP4N-LAPOR! itself (D9, D17): web, app, SMS 1708 and LAPOR!'s social media.
LAPOR_CHANNELS = (Channel.LAPOR_WEB, Channel.LAPOR_APP, Channel.SMS_1708, Channel.SOSMED)

OPEN_STATUSES = (Status.BELUM_TERVERIFIKASI, Status.BELUM_DITINDAKLANJUTI, Status.DIPROSES)


class DueFlag(NamedTuple):
    """The deadline column of the complaint list: the waiting step's deadline and the complaint's instansi."""

    due: Optional[datetime.date]
    instansi_id: Optional[int]


class InstansiScoped(Scoped):
    """A row that belongs to an instansi (org_id is the instansi node)."""

    __scope_column__ = "org_id"
    __scope_relation__ = "org"


class ComplaintCategory(InstansiScoped, Model):
    """A category of complaints, an editable list per instansi."""

    __tablename__ = table_name("complaint_category")
    __table_args__ = (UniqueConstraint("org_id", "name", name=table_name("complaint_category_org_name_uq")),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey(table_name("org_node.id")), nullable=False, index=True)
    name: Mapped[str] = mapped_column(String(150), nullable=False)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    # The issue topic a complaint of this category counts under (isu prioritas); none: a suggested topic.
    topic_id: Mapped[Optional[int]] = mapped_column(ForeignKey(table_name("issue_topic.id")))

    org: Mapped[OrgNode] = relationship(OrgNode)
    topic = relationship("IssueTopic")

    def __repr__(self):
        return self.name


class DeadlineRule(InstansiScoped, Model):
    """Deadlines in working days for a classification (and optionally one category) of an instansi.

    A rule with a category wins over one without; without any rule the D7 defaults apply.
    An empty number keeps the default for that step.
    """

    __tablename__ = table_name("complaint_deadline_rule")
    __table_args__ = (
        UniqueConstraint("org_id", "classification", "category_id", name=table_name("complaint_deadline_rule_uq")),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey(table_name("org_node.id")), nullable=False, index=True)
    classification: Mapped[Classification] = mapped_column(
        enum_type(Classification, "pantau_complaint_classification", 32), nullable=False
    )
    category_id: Mapped[Optional[int]] = mapped_column(ForeignKey(table_name("complaint_category.id")))
    verify_days: Mapped[Optional[int]] = mapped_column(Integer)
    first_followup_days: Mapped[Optional[int]] = mapped_column(Integer)
    resolve_days: Mapped[Optional[int]] = mapped_column(Integer)
    autoclose_days: Mapped[Optional[int]] = mapped_column(Integer)

    org: Mapped[OrgNode] = relationship(OrgNode)
    category: Mapped[Optional[ComplaintCategory]] = relationship(ComplaintCategory)

    def __repr__(self):
        return f"{self.classification.label} {self.category or ''}".strip()


class ImportColumn(InstansiScoped, Model):
    """An instansi's own headers for one field of the LAPOR! import, replacing the default preset's."""

    __tablename__ = table_name("complaint_import_column")
    __table_args__ = (UniqueConstraint("org_id", "field", name=table_name("complaint_import_column_org_field_uq")),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey(table_name("org_node.id")), nullable=False, index=True)
    field: Mapped[str] = mapped_column(String(40), nullable=False)
    headers: Mapped[str] = mapped_column(String(500), nullable=False)

    org: Mapped[OrgNode] = relationship(OrgNode)

    def header_list(self):
        return [header.strip() for header in self.headers.split("|") if header.strip()]

    def __repr__(self):
        return f"{self.field}: {self.headers}"


class Complaint(Scoped, Model):
    """One complaint. ``org_id`` is its current owner: the instansi at intake, the OPD or unit it is routed to."""

    __tablename__ = table_name("complaint")
    __table_args__ = (
        UniqueConstraint("instansi_id", "tracking_number", name=table_name("complaint_tracking_uq")),
        # Complaints of a scope received in a period, with what their counts and lateness read (org_id, received_at,
        # then topic, status, deadline, on-time flag): an index-only scan for the isu prioritas and figure counts
        # (migration 0019_h15b: it replaced the index on org_id, received_at).
        Index(table_name("complaint_org_received_cover_ix"), "org_id", "received_at", "topic_id", "status", "active_due",
              "resolved_on_time"),
        Index(table_name("complaint_received_ix"), "received_at"),
        Index(table_name("complaint_instansi_received_ix"), "instansi_id", "received_at"),
        # A tier's queue counted by step, with how many are overdue (Beranda), from the index alone (0019_h15b).
        Index(table_name("complaint_status_org_due_ix"), "status", "org_id", "active_due"),
        Index(table_name("complaint_active_due_ix"), "active_due"),
        Index(table_name("complaint_opd_status_ix"), "opd_id", "status"),
        # The list's default order within a scope, the due-soon filter, the sort by number (migration 0016_h13b).
        Index(table_name("complaint_org_due_ix"), "org_id", "active_due"),
        Index(table_name("complaint_instansi_due_ix"), "instansi_id", "active_due"),
        Index(table_name("complaint_tracking_ix"), "tracking_number"),
        # Isu prioritas: complaints of one topic received in a period, per organisation node, with their lateness
        # (migration 0019_h15b: it replaced 0017_h15's index on topic_id, received_at).
        Index(table_name("complaint_topic_cover_ix"), "topic_id", "received_at", "org_id", "status", "active_due",
              "resolved_on_time"),
    )
    __scope_column__ = "org_id"
    __scope_relation__ = "org"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tracking_number: Mapped[str] = mapped_column(String(40), nullable=False)
    org_id: Mapped[int] = mapped_column(ForeignKey(table_name("org_node.id")), nullable=False)
    instansi_id: Mapped[int] = mapped_column(ForeignKey(table_name("org_node.id")), nullable=False)
    opd_id: Mapped[Optional[int]] = mapped_column(ForeignKey(table_name("org_node.id")))
    channel: Mapped[Channel] = mapped_column(enum_type(Channel, "pantau_complaint_channel", 32), nullable=False)
    classification: Mapped[Classification] = mapped_column(
        enum_type(Classification, "pantau_complaint_classification", 32), nullable=False
    )
    category_id: Mapped[Optional[int]] = mapped_column(ForeignKey(table_name("complaint_category.id")), index=True)
    # The complaint's topic (app/issues/topics.py) and where it came from: its category, a suggestion, staff.
    topic_id: Mapped[Optional[int]] = mapped_column(ForeignKey(table_name("issue_topic.id")))
    topic_source: Mapped[Optional[str]] = mapped_column(String(12))
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    content: Mapped[str] = mapped_column(Text, nullable=False)
    location: Mapped[Optional[str]] = mapped_column(String(300))
    received_at: Mapped[datetime.datetime] = mapped_column(DateTime, nullable=False)
    reporter_name: Mapped[Optional[str]] = mapped_column(String(150))
    reporter_nik: Mapped[Optional[str]] = mapped_column(String(20))
    reporter_phone: Mapped[Optional[str]] = mapped_column(String(40))
    reporter_email: Mapped[Optional[str]] = mapped_column(String(200))
    reporter_address: Mapped[Optional[str]] = mapped_column(String(300))
    rahasia: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    anonim: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    status: Mapped[Status] = mapped_column(
        enum_type(Status, "pantau_complaint_status", 32), nullable=False, default=Status.BELUM_TERVERIFIKASI
    )
    status_before_hold: Mapped[Optional[Status]] = mapped_column(enum_type(Status, "pantau_complaint_status", 32))

    verify_due: Mapped[Optional[datetime.date]] = mapped_column(Date)
    first_followup_due: Mapped[Optional[datetime.date]] = mapped_column(Date)
    resolve_due: Mapped[Optional[datetime.date]] = mapped_column(Date)
    autoclose_due: Mapped[Optional[datetime.date]] = mapped_column(Date)
    # The deadline of the step now waiting (None when nothing waits), so lists and reminders filter on one column.
    active_due: Mapped[Optional[datetime.date]] = mapped_column(Date)

    verified_at: Mapped[Optional[datetime.datetime]] = mapped_column(DateTime)
    routed_at: Mapped[Optional[datetime.datetime]] = mapped_column(DateTime)
    first_followup_at: Mapped[Optional[datetime.datetime]] = mapped_column(DateTime)
    last_followup_at: Mapped[Optional[datetime.datetime]] = mapped_column(DateTime)
    finished_at: Mapped[Optional[datetime.datetime]] = mapped_column(DateTime)
    hold_started_on: Mapped[Optional[datetime.date]] = mapped_column(Date)
    paused_days: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    # Counts the workflow moves: a move posted from a page that showed another version is refused (app/complaints/workflow.py).
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=0, server_default="0")

    # Working-day durations and on-time flags, stored when the event happens so figures are SQL aggregates.
    days_to_first_followup: Mapped[Optional[int]] = mapped_column(Integer)
    days_to_finish: Mapped[Optional[int]] = mapped_column(Integer)
    verified_on_time: Mapped[Optional[bool]] = mapped_column(Boolean)
    followup_on_time: Mapped[Optional[bool]] = mapped_column(Boolean)
    resolved_on_time: Mapped[Optional[bool]] = mapped_column(Boolean)

    created_at: Mapped[datetime.datetime] = mapped_column(DateTime, nullable=False, default=now_utc)
    imported: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)

    org: Mapped[OrgNode] = relationship(OrgNode, foreign_keys=[org_id])
    instansi: Mapped[OrgNode] = relationship(OrgNode, foreign_keys=[instansi_id])
    opd: Mapped[Optional[OrgNode]] = relationship(OrgNode, foreign_keys=[opd_id])
    category: Mapped[Optional[ComplaintCategory]] = relationship(ComplaintCategory)
    topic = relationship("IssueTopic")
    history: Mapped[List["ComplaintHistory"]] = relationship(
        "ComplaintHistory", back_populates="complaint", order_by="ComplaintHistory.id", cascade="all, delete-orphan"
    )
    followups: Mapped[List["ComplaintFollowUp"]] = relationship(
        "ComplaintFollowUp", back_populates="complaint", order_by="ComplaintFollowUp.id", cascade="all, delete-orphan"
    )
    attachments: Mapped[List["ComplaintAttachment"]] = relationship(
        "ComplaintAttachment", back_populates="complaint", order_by="ComplaintAttachment.id", cascade="all, delete-orphan"
    )

    def __repr__(self):
        return f"{self.tracking_number} {self.title}"

    def due_flag(self):
        """The list column: the waiting step's deadline and the instansi whose calendar flags it (the view draws it)."""
        return DueFlag(self.active_due, self.instansi_id)

    def status_label(self):
        return self.status.label if self.status else ""


class ComplaintChild(Scoped):
    """A row that hangs on a complaint: it is in scope when its complaint is."""

    @classmethod
    def scope_clause(cls, node_ids):
        return cls.complaint_id.in_(select(Complaint.id).where(Complaint.org_id.in_(node_ids)))

    def scope_nodes(self):
        return self.complaint.scope_nodes() if self.complaint is not None else []


class ComplaintHistory(ComplaintChild, Model):
    """One move of a complaint: status and/or owner, who, when, why."""

    __tablename__ = table_name("complaint_history")
    __audited__ = False
    # The complaints whose moves went to a node of a scope (a report as at a cut-off; migration 0021_h13d).
    __table_args__ = (Index(table_name("complaint_history_to_node_ix"), "to_node_id", "complaint_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    complaint_id: Mapped[int] = mapped_column(
        ForeignKey(table_name("complaint.id"), ondelete="CASCADE"), nullable=False, index=True
    )
    at: Mapped[datetime.datetime] = mapped_column(DateTime, nullable=False)
    user_id: Mapped[Optional[int]] = mapped_column(Integer)
    username: Mapped[Optional[str]] = mapped_column(String(128))
    action: Mapped[str] = mapped_column(String(30), nullable=False)
    from_status: Mapped[Optional[Status]] = mapped_column(enum_type(Status, "pantau_complaint_status", 32))
    to_status: Mapped[Optional[Status]] = mapped_column(enum_type(Status, "pantau_complaint_status", 32))
    from_node_id: Mapped[Optional[int]] = mapped_column(ForeignKey(table_name("org_node.id")))
    to_node_id: Mapped[Optional[int]] = mapped_column(ForeignKey(table_name("org_node.id")))
    note: Mapped[Optional[str]] = mapped_column(Text)

    complaint: Mapped[Complaint] = relationship(Complaint, back_populates="history")
    from_node: Mapped[Optional[OrgNode]] = relationship(OrgNode, foreign_keys=[from_node_id])
    to_node: Mapped[Optional[OrgNode]] = relationship(OrgNode, foreign_keys=[to_node_id])


class ComplaintFollowUp(ComplaintChild, Model):
    """A follow-up (tindak lanjut) recorded by the owning OPD or unit."""

    __tablename__ = table_name("complaint_followup")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    complaint_id: Mapped[int] = mapped_column(
        ForeignKey(table_name("complaint.id"), ondelete="CASCADE"), nullable=False, index=True
    )
    at: Mapped[datetime.datetime] = mapped_column(DateTime, nullable=False)
    user_id: Mapped[Optional[int]] = mapped_column(Integer)
    username: Mapped[Optional[str]] = mapped_column(String(128))
    node_id: Mapped[Optional[int]] = mapped_column(ForeignKey(table_name("org_node.id")))
    text: Mapped[str] = mapped_column(Text, nullable=False)

    complaint: Mapped[Complaint] = relationship(Complaint, back_populates="followups")
    node: Mapped[Optional[OrgNode]] = relationship(OrgNode)

    def __repr__(self):
        return (self.text or "")[:80]


class ComplaintAttachment(ComplaintChild, Model):
    """A file attached to a complaint (stored by app/uploads.py)."""

    __tablename__ = table_name("complaint_attachment")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    complaint_id: Mapped[int] = mapped_column(
        ForeignKey(table_name("complaint.id"), ondelete="CASCADE"), nullable=False, index=True
    )
    filename: Mapped[str] = mapped_column(String(255), nullable=False)
    stored_name: Mapped[str] = mapped_column(String(255), nullable=False)
    mime: Mapped[str] = mapped_column(String(120), nullable=False)
    size: Mapped[int] = mapped_column(Integer, nullable=False)
    # Like every complaint timestamp, local time (PANTAU_TIMEZONE).
    uploaded_at: Mapped[datetime.datetime] = mapped_column(DateTime, nullable=False, default=now_local)
    username: Mapped[Optional[str]] = mapped_column(String(128))
    stored_file = StoredFile(name="filename")

    complaint: Mapped[Complaint] = relationship(Complaint, back_populates="attachments")


class ComplaintReminder(ComplaintChild, Model):
    """A reminder claim: one row per complaint and threshold, so a reminder is never sent twice."""

    __tablename__ = table_name("complaint_reminder")
    __table_args__ = (UniqueConstraint("complaint_id", "threshold", name=table_name("complaint_reminder_uq")),)
    __audited__ = False

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    complaint_id: Mapped[int] = mapped_column(
        ForeignKey(table_name("complaint.id"), ondelete="CASCADE"), nullable=False
    )
    threshold: Mapped[str] = mapped_column(String(60), nullable=False)
    # Like every complaint timestamp, local time (PANTAU_TIMEZONE).
    sent_at: Mapped[datetime.datetime] = mapped_column(DateTime, nullable=False, default=now_local)
    recipients: Mapped[Optional[str]] = mapped_column(Text)

    complaint: Mapped[Complaint] = relationship(Complaint)
