"""The dashboard's kept figures: one row per viewer scope and year, computed by the scheduler process.

A web request reads the row of its scope and year and never scans the complaint, respondent or forum tables
(app/dashboard.py). A scope is written as its node paths (or "*" for Admin Sistem); ``scope_hash`` is the digest of
that text, so the unique key stays short on every engine. A row without figures is a request: the scheduler computes
it on its next pass. ``stale`` is set after an import so the next pass recomputes the figures before they are due.
"""
import datetime
from typing import Optional

from sqlalchemy import Boolean, DateTime, Float, Integer, String, Text, UniqueConstraint, update
from sqlalchemy.dialects.mysql import MEDIUMTEXT
from sqlalchemy.orm import Mapped, mapped_column

from app.clock import now_utc
from app.extensions import db
from app.models.base import Model, table_name


class DashboardFigures(Model):
    """The dashboard of one scope and year: its figures as JSON, when they were computed and last asked for."""

    __tablename__ = table_name("dashboard_figures")
    __table_args__ = (UniqueConstraint("scope_hash", "year", name=table_name("dashboard_figures_scope_year_uq")),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scope_hash: Mapped[str] = mapped_column(String(40), nullable=False)
    scope_paths: Mapped[str] = mapped_column(Text, nullable=False)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    figures: Mapped[Optional[str]] = mapped_column(Text().with_variant(MEDIUMTEXT(), "mysql", "mariadb"))
    computed_at: Mapped[Optional[datetime.datetime]] = mapped_column(DateTime)  # UTC
    seconds: Mapped[Optional[float]] = mapped_column(Float)  # how long the computation took
    requested_at: Mapped[datetime.datetime] = mapped_column(DateTime, nullable=False, default=now_utc)  # UTC
    stale: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)

    @classmethod
    def mark_stale(cls):
        """Have every kept dashboard recomputed on the scheduler's next pass (after an import: in its transaction)."""
        db.session.execute(update(cls).values(stale=True))

    def __repr__(self):
        return f"<DashboardFigures {self.year} {self.scope_paths!r}>"
