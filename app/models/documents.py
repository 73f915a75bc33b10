"""Tables of the Word documents: an instansi's own templates, its document settings, the berita acara numbers."""
import datetime
from typing import Optional

from sqlalchemy import DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Model, Scoped, table_name
from app.models.org import OrgNode
from app.clock import now_utc
from app.uploads import StoredFile

DEFAULT_NUMBER_PATTERN = "{seq}/BA-FKP/{unit}/{year}"


class DocumentTemplate(Scoped, Model):
    """The Word template an instansi uses for one document kind instead of the default shipped with Pantau."""

    __tablename__ = table_name("document_template")
    __table_args__ = (UniqueConstraint("instansi_id", "kind", name=table_name("document_template_kind_uq")),)
    __scope_column__ = "instansi_id"
    __scope_relation__ = "instansi"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instansi_id: Mapped[int] = mapped_column(ForeignKey(table_name("org_node.id")), nullable=False, index=True)
    kind: Mapped[str] = mapped_column(String(40), nullable=False)
    stored_name: Mapped[str] = mapped_column(String(255), nullable=False)
    file_name: Mapped[str] = mapped_column(String(255), nullable=False)
    size: Mapped[int] = mapped_column(Integer, nullable=False)
    uploaded_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("ab_user.id"), index=True)
    uploaded_at: Mapped[datetime.datetime] = mapped_column(DateTime, nullable=False, default=now_utc)
    stored_file = StoredFile(mime=None)

    instansi: Mapped[OrgNode] = relationship(OrgNode)
    uploaded_by = relationship("PantauUser")


class DocumentSetting(Scoped, Model):
    """An instansi's document settings: the berita acara numbering pattern."""

    __tablename__ = table_name("document_setting")
    __table_args__ = (UniqueConstraint("instansi_id", name=table_name("document_setting_instansi_uq")),)
    __scope_column__ = "instansi_id"
    __scope_relation__ = "instansi"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instansi_id: Mapped[int] = mapped_column(ForeignKey(table_name("org_node.id")), nullable=False)
    number_pattern: Mapped[str] = mapped_column(String(120), nullable=False, default=DEFAULT_NUMBER_PATTERN)

    instansi: Mapped[OrgNode] = relationship(OrgNode)


class DocumentNumber(Model):
    """The number given to a forum's berita acara: once given it stays, whatever the pattern becomes later."""

    __tablename__ = table_name("document_number")
    __table_args__ = (
        UniqueConstraint("instansi_id", "year", "seq", name=table_name("document_number_seq_uq")),
        UniqueConstraint("forum_id", name=table_name("document_number_forum_uq")),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instansi_id: Mapped[int] = mapped_column(ForeignKey(table_name("org_node.id")), nullable=False, index=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey(table_name("fkp_forum.id"), ondelete="CASCADE"), nullable=False)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    seq: Mapped[int] = mapped_column(Integer, nullable=False)
    number: Mapped[str] = mapped_column(String(200), nullable=False)
    created_at: Mapped[datetime.datetime] = mapped_column(DateTime, nullable=False, default=now_utc)
