"""Retention of personal data per instansi (UU 27/2022 PDP): how long identity and profiles are kept."""
from sqlalchemy import ForeignKey, Integer, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Model, Scoped, table_name
from app.models.org import OrgNode

DEFAULT_YEARS = 5


class RetentionPolicy(Scoped, Model):
    """Years an instansi keeps reporters' identity and contacts after a complaint is closed, and respondents'
    profiles after a survey period is published. Without a row, DEFAULT_YEARS applies to both."""

    __tablename__ = table_name("retention_policy")
    __table_args__ = (UniqueConstraint("org_id", name=table_name("retention_policy_org_uq")),)
    __scope_column__ = "org_id"
    __scope_relation__ = "org"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey(table_name("org_node.id")), nullable=False)
    complaint_identity_years: Mapped[int] = mapped_column(Integer, nullable=False, default=DEFAULT_YEARS)
    respondent_profile_years: Mapped[int] = mapped_column(Integer, nullable=False, default=DEFAULT_YEARS)

    org: Mapped[OrgNode] = relationship(OrgNode)

    def __repr__(self):
        return str(self.org.name) if self.org else str(self.org_id)
