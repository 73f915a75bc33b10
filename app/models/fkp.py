"""Tables of the FKP (Forum Konsultasi Publik) area: forums and their stage history, participants, agreements,
documents, the per-instansi list of unsur masyarakat, the frequency setting and the log of sent reminders."""
import datetime
from typing import List, Optional

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Boolean, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint, select,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import LabelledEnum, Model, Scoped, enum_type, table_name
from app.models.org import OrgNode, ServiceType
from app.uploads import StoredFile


class FkpPurpose(LabelledEnum):
    SP_DRAFT = "sp_draft"
    SP_REVIEW = "sp_review"
    POLICY = "policy"
    EVALUATION = "evaluation"
    SERVICE_PROBLEM = "service_problem"

    @classmethod
    def labels(cls):
        return {
            cls.SP_DRAFT: _l("Penyusunan rancangan Standar Pelayanan"),
            cls.SP_REVIEW: _l("Peninjauan Standar Pelayanan"),
            cls.POLICY: _l("Kebijakan"),
            cls.EVALUATION: _l("Evaluasi"),
            cls.SERVICE_PROBLEM: _l("Permasalahan pelayanan"),
        }


class FkpForm(LabelledEnum):
    TATAP_MUKA = "tatap_muka"
    NON_TATAP_MUKA = "non_tatap_muka"

    @classmethod
    def labels(cls):
        return {cls.TATAP_MUKA: _l("Tatap muka"), cls.NON_TATAP_MUKA: _l("Non tatap muka")}


class FkpMethod(LabelledEnum):
    DIALOG_PUBLIK = "dialog_publik"
    FGD = "fgd"
    SARASEHAN = "sarasehan"
    FORUM_PENGGUNA = "forum_pengguna"
    WORKSHOP = "workshop"
    ONLINE_MEETING = "online_meeting"

    @classmethod
    def labels(cls):
        return {
            cls.DIALOG_PUBLIK: _l("Dialog publik"),
            cls.FGD: _l("Diskusi kelompok terfokus (FGD)"),
            cls.SARASEHAN: _l("Sarasehan"),
            cls.FORUM_PENGGUNA: _l("Forum pengguna layanan"),
            cls.WORKSHOP: _l("Lokakarya (workshop)"),
            cls.ONLINE_MEETING: _l("Rapat daring"),
        }


class FkpStage(LabelledEnum):
    """The stages, in order; a forum moves forward one stage at a time (app/fkp/stages.py)."""

    PRA = "pra_pelaksanaan"
    PELAKSANAAN = "pelaksanaan"
    PASCA = "pasca_pelaksanaan"
    SELESAI = "selesai"

    @classmethod
    def labels(cls):
        return {
            cls.PRA: _l("Pra pelaksanaan"),
            cls.PELAKSANAAN: _l("Pelaksanaan"),
            cls.PASCA: _l("Pasca pelaksanaan"),
            cls.SELESAI: _l("Selesai"),
        }

    @property
    def order(self):
        return list(FkpStage).index(self)

    @property
    def next(self):
        members = list(FkpStage)
        return members[self.order + 1] if self.order + 1 < len(members) else None


# A forum counts as held (D13) once it reached pasca pelaksanaan, with at least one attended community participant
# (app/fkp/figures.py held_forum: reached as its stage history says, by the report's cut-off).
HELD_STAGES = (FkpStage.PASCA, FkpStage.SELESAI)
# Forums that count for PEKPPP I.2 (public involvement in drafting or changing a Standar Pelayanan).
SP_PURPOSES = (FkpPurpose.SP_DRAFT, FkpPurpose.SP_REVIEW)


class AgreementStatus(LabelledEnum):
    BELUM = "belum"
    PROSES = "proses"
    SELESAI = "selesai"

    @classmethod
    def labels(cls):
        return {cls.BELUM: _l("Belum ditindaklanjuti"), cls.PROSES: _l("Dalam proses"), cls.SELESAI: _l("Selesai")}


class DocumentKind(LabelledEnum):
    FOTO = "foto"
    BERITA_ACARA = "berita_acara"
    DAFTAR_HADIR = "daftar_hadir"
    NOTULEN = "notulen"
    VIDEO = "video"

    @classmethod
    def labels(cls):
        return {
            cls.FOTO: _l("Foto kegiatan"),
            cls.BERITA_ACARA: _l("Berita acara bertanda tangan"),
            cls.DAFTAR_HADIR: _l("Daftar hadir"),
            cls.NOTULEN: _l("Notulen"),
            cls.VIDEO: _l("Tautan video"),
        }


class FkpElement(Model):
    """An unsur masyarakat of one instansi (editable list); ``is_provider`` marks "penyelenggara".

    Its screen is scoped to the instansi like any Scoped row, but it is not a
    ``Scoped`` subclass on purpose: the participant form offers the elements of
    the user's instansi (above a unit operator's own subtree), so the automatic
    subtree filter on relation drop-downs must not apply to it (see
    app/views/fkp.py ElementsOfUserInstansi).
    """

    __tablename__ = table_name("fkp_element")
    __table_args__ = (
        UniqueConstraint("instansi_id", "code", name=table_name("fkp_element_code_uq")),
        UniqueConstraint("instansi_id", "name", name=table_name("fkp_element_name_uq")),
    )
    __scope_column__ = "instansi_id"
    __scope_relation__ = "instansi"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instansi_id: Mapped[int] = mapped_column(ForeignKey(table_name("org_node.id")), nullable=False, index=True)
    code: Mapped[str] = mapped_column(String(40), nullable=False)
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    is_provider: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)

    instansi: Mapped[OrgNode] = relationship(OrgNode)

    scope_clause = classmethod(Scoped.scope_clause.__func__)
    scope_nodes = Scoped.scope_nodes

    def __repr__(self):
        return self.name


class FkpSetting(Scoped, Model):
    """The FKP frequency an instansi expects of each unit (default: once a year, D13)."""

    __tablename__ = table_name("fkp_setting")
    __table_args__ = (UniqueConstraint("instansi_id", name=table_name("fkp_setting_instansi_uq")),)
    __scope_column__ = "instansi_id"
    __scope_relation__ = "instansi"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instansi_id: Mapped[int] = mapped_column(ForeignKey(table_name("org_node.id")), nullable=False)
    min_forums_per_year: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    instansi: Mapped[OrgNode] = relationship(OrgNode)

    def __repr__(self):
        return f"{self.instansi}: {self.min_forums_per_year}"


class FkpForum(Scoped, Model):
    """One Forum Konsultasi Publik of a unit layanan."""

    __tablename__ = table_name("fkp_forum")
    __scope_column__ = "unit_id"
    __scope_relation__ = "unit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey(table_name("org_node.id")), nullable=False, index=True)
    service_type_id: Mapped[Optional[int]] = mapped_column(ForeignKey(table_name("service_type.id")), index=True)
    topic: Mapped[str] = mapped_column(String(300), nullable=False)
    # The priority issue (complaint topic) the forum discusses, if any (app/issues).
    issue_topic_id: Mapped[Optional[int]] = mapped_column(ForeignKey(table_name("issue_topic.id")), index=True)
    purpose: Mapped[FkpPurpose] = mapped_column(enum_type(FkpPurpose, table_name("fkp_purpose"), 24), nullable=False)
    description: Mapped[Optional[str]] = mapped_column(Text)
    form: Mapped[FkpForm] = mapped_column(enum_type(FkpForm, table_name("fkp_form"), 24), nullable=False)
    method: Mapped[FkpMethod] = mapped_column(enum_type(FkpMethod, table_name("fkp_method"), 24), nullable=False)
    held_on: Mapped[Optional[datetime.date]] = mapped_column(Date, index=True)
    # "HH:MM" (24 h, local time of the unit); text because FAB has no filter for Time columns.
    start_time: Mapped[Optional[str]] = mapped_column(String(5))
    end_time: Mapped[Optional[str]] = mapped_column(String(5))
    place: Mapped[Optional[str]] = mapped_column(String(300))
    meeting_link: Mapped[Optional[str]] = mapped_column(String(500))
    facilitator: Mapped[Optional[str]] = mapped_column(String(150))
    note_taker: Mapped[Optional[str]] = mapped_column(String(150))
    provider_signatory: Mapped[Optional[str]] = mapped_column(String(150))
    provider_signatory_position: Mapped[Optional[str]] = mapped_column(String(200))
    stage: Mapped[FkpStage] = mapped_column(enum_type(FkpStage, table_name("fkp_stage"), 24), nullable=False, default=FkpStage.PRA, index=True)
    # Not stored: the UTC moment the next stage change is recorded at instead of now (demo data and tests backdate
    # with it); app/fkp/history.py reads it and clears it.
    stage_moved_at = None

    unit: Mapped[OrgNode] = relationship(OrgNode)
    service_type: Mapped[Optional[ServiceType]] = relationship(ServiceType)
    issue_topic = relationship("IssueTopic")
    participants: Mapped[List["FkpParticipant"]] = relationship(
        "FkpParticipant", back_populates="forum", cascade="all, delete-orphan", order_by="FkpParticipant.id"
    )
    agreements: Mapped[List["FkpAgreement"]] = relationship(
        "FkpAgreement", back_populates="forum", cascade="all, delete-orphan", order_by="FkpAgreement.id"
    )
    documents: Mapped[List["FkpDocument"]] = relationship(
        "FkpDocument", back_populates="forum", cascade="all, delete-orphan", order_by="FkpDocument.id"
    )
    stage_events: Mapped[List["FkpStageEvent"]] = relationship(
        "FkpStageEvent", back_populates="forum", cascade="all, delete-orphan",
        order_by="(FkpStageEvent.at, FkpStageEvent.id)",
    )

    def __repr__(self):
        from app.locale import format_date

        return f"{self.topic} ({format_date(self.held_on) or '-'})"


class ForumChild:
    """A row that belongs to a forum: in scope when the forum's unit is."""

    @classmethod
    def scope_clause(cls, node_ids):
        return cls.forum_id.in_(select(FkpForum.id).where(FkpForum.unit_id.in_(node_ids)))

    def scope_nodes(self):
        from app.extensions import db

        forum = self.forum if self.forum is not None else (
            db.session.get(FkpForum, self.forum_id) if self.forum_id is not None else None
        )
        return forum.scope_nodes() if forum is not None else []


class FkpStageEvent(ForumChild, Scoped, Model):
    """One stage a forum entered: from which stage (None when the forum was created), when (UTC) and by whom.

    Written for every change of ``FkpForum.stage`` by app/fkp/history.py, whatever door made it; the reports
    replay these rows to know a forum's stage at their cut-off. ``estimated`` marks a moment the migration
    that created this table could only estimate for a forum recorded before it (0015_h11).
    """

    __tablename__ = table_name("fkp_stage_event")
    __audited__ = False

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey(table_name("fkp_forum.id"), ondelete="CASCADE"), nullable=False, index=True)
    from_stage: Mapped[Optional[FkpStage]] = mapped_column(enum_type(FkpStage, table_name("fkp_stage"), 24))
    to_stage: Mapped[FkpStage] = mapped_column(enum_type(FkpStage, table_name("fkp_stage"), 24), nullable=False)
    at: Mapped[datetime.datetime] = mapped_column(DateTime, nullable=False, index=True)
    user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("ab_user.id", ondelete="SET NULL"), index=True)
    username: Mapped[Optional[str]] = mapped_column(String(128))
    estimated: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)

    forum: Mapped[FkpForum] = relationship(FkpForum, back_populates="stage_events")

    def __repr__(self):
        return f"{self.to_stage} {self.at:%Y-%m-%d %H:%M}"


class FkpParticipant(ForumChild, Scoped, Model):
    """A person invited to a forum, with the unsur masyarakat they represent."""

    __tablename__ = table_name("fkp_participant")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey(table_name("fkp_forum.id"), ondelete="CASCADE"), nullable=False, index=True)
    name: Mapped[str] = mapped_column(String(150), nullable=False)
    organisation: Mapped[Optional[str]] = mapped_column(String(200))
    element_id: Mapped[int] = mapped_column(ForeignKey(table_name("fkp_element.id")), nullable=False, index=True)
    contact: Mapped[Optional[str]] = mapped_column(String(150))
    attended: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    # When the attendance was recorded (UTC), set by app/fkp/history.py: a report as at an earlier cut-off does not
    # count it (D15).
    attended_at: Mapped[Optional[datetime.datetime]] = mapped_column(DateTime)

    forum: Mapped[FkpForum] = relationship(FkpForum, back_populates="participants")
    element: Mapped[FkpElement] = relationship(FkpElement)

    def __repr__(self):
        return self.name


class FkpAgreement(ForumChild, Scoped, Model):
    """A kesepakatan of a forum and its follow-up."""

    __tablename__ = table_name("fkp_agreement")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey(table_name("fkp_forum.id"), ondelete="CASCADE"), nullable=False, index=True)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    follow_up: Mapped[Optional[str]] = mapped_column(Text)
    owner: Mapped[Optional[str]] = mapped_column(String(150))
    due_date: Mapped[Optional[datetime.date]] = mapped_column(Date, index=True)
    status: Mapped[AgreementStatus] = mapped_column(
        enum_type(AgreementStatus, table_name("fkp_agreement_status"), 24), nullable=False, default=AgreementStatus.BELUM, index=True
    )
    completed_on: Mapped[Optional[datetime.date]] = mapped_column(Date)
    evidence_stored_name: Mapped[Optional[str]] = mapped_column(String(200))
    evidence_filename: Mapped[Optional[str]] = mapped_column(String(255))
    evidence_mime: Mapped[Optional[str]] = mapped_column(String(120))
    evidence_size: Mapped[Optional[int]] = mapped_column(Integer)
    stored_file = StoredFile("evidence_stored_name", "evidence_filename", "evidence_mime", "evidence_size")

    forum: Mapped[FkpForum] = relationship(FkpForum, back_populates="agreements")

    def is_overdue(self, today):
        return self.status != AgreementStatus.SELESAI and self.due_date is not None and self.due_date < today

    def __repr__(self):
        return self.text[:80]


class FkpDocument(ForumChild, Scoped, Model):
    """A document of a forum: an uploaded file (with a thumbnail for photos) or a video link."""

    __tablename__ = table_name("fkp_document")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey(table_name("fkp_forum.id"), ondelete="CASCADE"), nullable=False, index=True)
    kind: Mapped[DocumentKind] = mapped_column(enum_type(DocumentKind, table_name("fkp_document_kind"), 24), nullable=False, index=True)
    title: Mapped[Optional[str]] = mapped_column(String(200))
    url: Mapped[Optional[str]] = mapped_column(String(500))
    stored_name: Mapped[Optional[str]] = mapped_column(String(200))
    filename: Mapped[Optional[str]] = mapped_column(String(255))
    mime: Mapped[Optional[str]] = mapped_column(String(120))
    size: Mapped[Optional[int]] = mapped_column(Integer)
    thumb_stored_name: Mapped[Optional[str]] = mapped_column(String(200))
    uploaded_at: Mapped[Optional[datetime.datetime]] = mapped_column(DateTime)
    stored_file = StoredFile(name="filename")
    stored_thumbnail = StoredFile("thumb_stored_name", name=None, mime=None, size=None)

    forum: Mapped[FkpForum] = relationship(FkpForum, back_populates="documents")

    def __repr__(self):
        return self.title or self.filename or self.url or str(self.kind)


class FkpReminderSent(Model):
    """One reminder about one agreement sent to one user; the unique key stops a second send."""

    __tablename__ = table_name("fkp_reminder_sent")
    __table_args__ = (
        UniqueConstraint("agreement_id", "user_id", "kind", "due_date", name=table_name("fkp_reminder_sent_uq")),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agreement_id: Mapped[int] = mapped_column(
        ForeignKey(table_name("fkp_agreement.id"), ondelete="CASCADE"), nullable=False, index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("ab_user.id", ondelete="CASCADE"), nullable=False, index=True)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    due_date: Mapped[datetime.date] = mapped_column(Date, nullable=False)
    sent_at: Mapped[datetime.datetime] = mapped_column(DateTime, nullable=False)
