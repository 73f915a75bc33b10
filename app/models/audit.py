"""The append-only audit trail: record changes with old and new values, and logins."""
import datetime
from typing import Optional

from sqlalchemy import JSON, DateTime, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.clock import now_utc
from app.models.base import Model, Scoped, table_name


class AuditLog(Scoped, Model):
    """One event. Rows are only ever inserted; no screen edits or deletes them."""

    __tablename__ = table_name("audit_log")
    __table_args__ = (
        Index(table_name("audit_log_event_time_ix"), "event", "created_at"),
        Index(table_name("audit_log_record_ix"), "table_name", "record_id"),
    )
    __audited__ = False

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime.datetime] = mapped_column(
        DateTime, nullable=False, default=now_utc, index=True
    )
    event: Mapped[str] = mapped_column(String(20), nullable=False)
    user_id: Mapped[Optional[int]] = mapped_column(Integer, index=True)
    username: Mapped[Optional[str]] = mapped_column(String(128))
    ip_address: Mapped[Optional[str]] = mapped_column(String(64))
    table_name: Mapped[Optional[str]] = mapped_column(String(80))
    record_id: Mapped[Optional[str]] = mapped_column(String(64))
    record_label: Mapped[Optional[str]] = mapped_column(String(300))
    org_id: Mapped[Optional[int]] = mapped_column(Integer, index=True)
    changes: Mapped[Optional[dict]] = mapped_column(JSON)

    def scope_nodes(self):
        from app.extensions import db
        from app.models.org import OrgNode

        node = db.session.get(OrgNode, self.org_id) if self.org_id else None
        return [node] if node else []
