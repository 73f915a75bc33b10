"""Two FKP pages: the agenda of upcoming and past forums, and the units with no forum in a year."""
from flask import request
from flask_appbuilder import BaseView
from flask_appbuilder.baseviews import expose
from flask_appbuilder.security.decorators import has_access, permission_name
from flask_babel import gettext as _
from sqlalchemy import or_, select

from app.clock import today_local
from app.extensions import db
from app.fkp.figures import yearly_compliance
from app.models.fkp import FkpForum
from app.scope import current_scope
from app.views.base import form_date


class FkpPagesView(BaseView):
    """The FKP agenda (upcoming and past forums) and the yearly list of units with no forum."""

    route_base = "/fkp"
    default_view = "agenda"

    @expose("/agenda")
    @has_access
    @permission_name("read")
    def agenda(self):
        """Upcoming and past forums of the units in scope, optionally within a date range."""
        today = today_local()
        start, end = form_date(request.args.get("start")), form_date(request.args.get("end"))
        query = current_scope().apply(select(FkpForum), FkpForum)
        if start:
            query = query.where(FkpForum.held_on >= start)
        if end:
            query = query.where(FkpForum.held_on <= end)
        upcoming = db.session.execute(
            query.where(or_(FkpForum.held_on >= today, FkpForum.held_on.is_(None)))
            .order_by(FkpForum.held_on.asc(), FkpForum.id).limit(200)
        ).scalars().all()
        past = db.session.execute(
            query.where(FkpForum.held_on < today).order_by(FkpForum.held_on.desc(), FkpForum.id.desc()).limit(200)
        ).scalars().all()
        return self.render_template(
            "fkp/agenda.html", upcoming=upcoming, past=past, start=start, end=end, today=today,
            title=_("Agenda Forum Konsultasi Publik"),
        )

    @expose("/tanpa-forum")
    @has_access
    @permission_name("read")
    def without_forum(self):
        """Units in scope with fewer held forums in a year than their instansi requires."""
        try:
            year = int(request.args.get("year") or today_local().year)
        except ValueError:
            year = today_local().year
        if not 2000 <= year <= 2100:
            year = today_local().year
        units, flagged = yearly_compliance(current_scope(), year)
        return self.render_template(
            "fkp/without_forum.html", year=year, flagged=flagged, unit_count=len(units),
            title=_("Unit tanpa Forum Konsultasi Publik %(year)s", year=year),
        )
