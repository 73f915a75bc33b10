"""List filters of the complaint screens: enum value, overdue, due soon, my queue."""
from flask import g
from flask_appbuilder.models.filters import BaseFilter
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, false, or_

from app.clock import today_local
from app.complaints.deadlines import due_soon_clause
from app.complaints.workflow import waiting_statuses
from app.models.complaints import Complaint
from app.security.tiers import PIMPINAN


class FilterEnum(BaseFilter):
    """Equal-to filter on an enum column, by its stored value."""

    name = _l("Sama dengan")
    arg_name = "eq"

    def apply(self, query, value):
        enum_class = self.datamodel.list_columns[self.column_name].type.enum_class
        try:
            member = enum_class(value)
        except ValueError:
            return query.filter(false())
        return query.filter(getattr(self.model, self.column_name) == member)


class FilterOverdue(BaseFilter):
    name = _l("Terlambat")
    arg_name = "overdue"

    def apply(self, query, value):
        return query.filter(Complaint.active_due < today_local())


class FilterDueSoon(BaseFilter):
    """Due today or by the next working day of the complaint's instansi."""

    name = _l("Jatuh tempo ≤ 1 hari kerja")
    arg_name = "soon"

    def apply(self, query, value):
        return query.filter(due_soon_clause(today_local()))


class FilterMyQueue(BaseFilter):
    """The complaints waiting for a move the current user's tier(s) may make (from the workflow's MOVES)."""

    name = "Antrean saya"
    arg_name = "my_queue"

    def apply(self, query, value):
        tiers = {role.name for role in getattr(g.user, "roles", [])}
        conditions = []
        statuses = waiting_statuses(tiers)
        if statuses:
            conditions.append(Complaint.status.in_(statuses))
        if PIMPINAN in tiers:  # oversight: what is overdue, whoever holds it
            conditions.append(and_(Complaint.active_due.is_not(None), Complaint.active_due < today_local()))
        return query.filter(or_(*conditions) if conditions else false())
