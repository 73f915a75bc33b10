"""Tables of the working-day calendar: an instansi's local changes to the national calendar (app/calendar.py reads them)."""
import datetime
from typing import Optional

from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import LabelledEnum, Model, Scoped, enum_type, table_name
from app.models.org import OrgNode


class CalendarChangeKind(LabelledEnum):
    """A local change to the national working-day calendar."""

    EXTRA_HOLIDAY = "extra_holiday"
    CANCELLED_HOLIDAY = "cancelled_holiday"
    WORKING_SATURDAY = "working_saturday"

    @classmethod
    def labels(cls):
        return {
            cls.EXTRA_HOLIDAY: _l("Libur tambahan (libur daerah)"),
            cls.CANCELLED_HOLIDAY: _l("Libur dibatalkan (tetap masuk kerja)"),
            cls.WORKING_SATURDAY: _l("Sabtu/Minggu masuk kerja"),
        }


class CalendarChange(Scoped, Model):
    """A local change to the working-day calendar of an instansi (libur daerah, cancelled holiday, working Saturday)."""

    __tablename__ = table_name("calendar_change")
    __table_args__ = (UniqueConstraint("org_id", "day", name=table_name("calendar_change_org_day_uq")),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey(table_name("org_node.id")), nullable=False, index=True)
    day: Mapped[datetime.date] = mapped_column(Date, nullable=False)
    kind: Mapped[CalendarChangeKind] = mapped_column(
        enum_type(CalendarChangeKind, "pantau_calendar_change_kind", 32), nullable=False
    )
    description: Mapped[Optional[str]] = mapped_column(String(200))

    org: Mapped[OrgNode] = relationship(OrgNode)

    def __repr__(self):
        return f"{self.day:%d/%m/%Y} {self.kind.label}"
