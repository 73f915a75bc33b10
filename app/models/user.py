"""Pantau's user: FAB's user plus the organisation nodes it belongs to and its language."""
import datetime
from typing import List, Optional

from flask_appbuilder.security.sqla.models import User
from sqlalchemy import (
    BigInteger, Column, DateTime, ForeignKey, Integer, String, Table, UniqueConstraint, and_, exists, not_,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Model, Scoped, table_name
from app.models.org import OrgNode

user_org = Table(
    table_name("user_org"),
    Model.metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("ab_user.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("org_id", Integer, ForeignKey(table_name("org_node.id"), ondelete="CASCADE"), nullable=False, index=True),
    UniqueConstraint("user_id", "org_id", name=table_name("user_org_uq")),
)


class PantauUser(Scoped, User):
    """A person who logs in. Sees the records of the subtrees of its ``org_nodes``."""

    __tablename__ = "ab_user"

    locale: Mapped[Optional[str]] = mapped_column(String(8))
    nip: Mapped[Optional[str]] = mapped_column(String(30))
    position: Mapped[Optional[str]] = mapped_column(String(200))
    phone: Mapped[Optional[str]] = mapped_column(String(40))
    org_nodes: Mapped[List[OrgNode]] = relationship(OrgNode, secondary=user_org, order_by=OrgNode.path)
    # Two-factor login (app/security/totp.py): the TOTP secret, when it was confirmed, the last time step used.
    totp_secret: Mapped[Optional[str]] = mapped_column(String(64))
    totp_confirmed_at: Mapped[Optional[datetime.datetime]] = mapped_column(DateTime)
    totp_last_step: Mapped[Optional[int]] = mapped_column(BigInteger)

    @classmethod
    def scope_clause(cls, node_ids):
        """A user is in scope when it has nodes and every one of them is in scope."""
        has_node_in_scope = exists().where(and_(user_org.c.user_id == cls.id, user_org.c.org_id.in_(node_ids)))
        has_node_outside = exists().where(and_(user_org.c.user_id == cls.id, not_(user_org.c.org_id.in_(node_ids))))
        return and_(has_node_in_scope, not_(has_node_outside))

    def scope_nodes(self):
        return list(self.org_nodes)

    def __repr__(self):
        return self.get_full_name()


class RecoveryCode(Model):
    """A one-time recovery code of a user's two-factor login, stored hashed like a password."""

    __tablename__ = table_name("recovery_code")
    __audited__ = False  # enrolment and use are audited as events, not row by row

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("ab_user.id", ondelete="CASCADE"), nullable=False, index=True)
    code_hash: Mapped[str] = mapped_column(String(256), nullable=False)
    used_at: Mapped[Optional[datetime.datetime]] = mapped_column(DateTime)
