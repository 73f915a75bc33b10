"""Tables of the priority-issue area (isu prioritas): topics of complaints, their SKM unsur, and the actions taken.

A topic belongs to an instansi and maps to at most one SKM unsur (the mapping the Admin Instansi edits). A complaint
carries its topic and where the topic came from: its category (a category maps to a topic), a suggestion of the
scheduler, or a member of staff (a confirmation or a change). Confirmed topics are the examples the suggestions
learn from, so staff choices are stored as data, in the complaints themselves.

An action is what staff started from an issue: an FKP forum, an RTL item on an SKM period, or a written instruction
to an OPD. It keeps the evidence it was started from (the topic, the node and the period) so the issue page can
show the trail: evidence, action, its status, and the next period's figures for the same topic and unsur.
"""
import datetime
from typing import Optional

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.clock import now_utc
from app.extensions import db
from app.models.base import LabelledEnum, Model, Scoped, enum_type, table_name
from app.models.org import OrgNode


class TopicSource(LabelledEnum):
    CATEGORY = "category"
    SUGGESTED = "suggested"
    STAFF = "staff"

    @classmethod
    def labels(cls):
        return {cls.CATEGORY: _l("dari kategori"), cls.SUGGESTED: _l("saran sistem"), cls.STAFF: _l("ditetapkan petugas")}


class ActionKind(LabelledEnum):
    FKP = "fkp"
    RTL = "rtl"
    INSTRUCTION = "instruksi"

    @classmethod
    def labels(cls):
        return {cls.FKP: _l("Forum Konsultasi Publik"), cls.RTL: _l("Rencana tindak lanjut SKM"),
                cls.INSTRUCTION: _l("Instruksi tindak lanjut ke OPD")}


class InstructionStatus(LabelledEnum):
    OPEN = "terbuka"
    DONE = "selesai"

    @classmethod
    def labels(cls):
        return {cls.OPEN: _l("Belum selesai"), cls.DONE: _l("Selesai")}


class IssueTopic(Scoped, Model):
    """A topic of complaints of one instansi, with the SKM unsur it maps to and the words that suggest it."""

    __tablename__ = table_name("issue_topic")
    __table_args__ = (UniqueConstraint("org_id", "name", name=table_name("issue_topic_org_name_uq")),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey(table_name("org_node.id")), nullable=False, index=True)
    name: Mapped[str] = mapped_column(String(150), nullable=False)
    element_code: Mapped[Optional[str]] = mapped_column(String(40))
    keywords: Mapped[Optional[str]] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)

    org: Mapped[OrgNode] = relationship(OrgNode)

    def __repr__(self):
        return self.name


class IssueAction(Scoped, Model):
    """One action started from an issue (topic x node x period), and what became of it."""

    __tablename__ = table_name("issue_action")
    __scope_column__ = "node_id"
    __scope_relation__ = "node"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    node_id: Mapped[int] = mapped_column(ForeignKey(table_name("org_node.id")), nullable=False, index=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey(table_name("issue_topic.id")), nullable=False, index=True)
    period_code: Mapped[str] = mapped_column(String(10), nullable=False)
    kind: Mapped[ActionKind] = mapped_column(enum_type(ActionKind, table_name("issue_action_kind"), 12), nullable=False)
    evidence: Mapped[str] = mapped_column(Text, nullable=False)
    forum_id: Mapped[Optional[int]] = mapped_column(ForeignKey(table_name("fkp_forum.id"), ondelete="SET NULL"), index=True)
    followup_id: Mapped[Optional[int]] = mapped_column(ForeignKey(table_name("skm_followup.id"), ondelete="SET NULL"),
                                                       index=True)
    instruction: Mapped[Optional[str]] = mapped_column(Text)
    opd_id: Mapped[Optional[int]] = mapped_column(ForeignKey(table_name("org_node.id")))
    due_date: Mapped[Optional[datetime.date]] = mapped_column(Date)
    status: Mapped[Optional[InstructionStatus]] = mapped_column(
        enum_type(InstructionStatus, table_name("issue_instruction_status"), 12))
    done_on: Mapped[Optional[datetime.date]] = mapped_column(Date)
    done_note: Mapped[Optional[str]] = mapped_column(Text)
    created_by: Mapped[Optional[str]] = mapped_column(String(128))
    created_at: Mapped[datetime.datetime] = mapped_column(DateTime, nullable=False, default=now_utc)

    node: Mapped[OrgNode] = relationship(OrgNode, foreign_keys=[node_id])
    opd: Mapped[Optional[OrgNode]] = relationship(OrgNode, foreign_keys=[opd_id])
    topic: Mapped[IssueTopic] = relationship(IssueTopic)
    forum = relationship("FkpForum")
    followup = relationship("FollowUpAction")

    def __repr__(self):
        topic = self.topic or (db.session.get(IssueTopic, self.topic_id) if self.topic_id else None)
        return f"{self.kind.label}: {topic.name if topic else '-'}"
