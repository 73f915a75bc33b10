"""The dashboard page: the viewer's scope at a glance, charts drawn in the browser from local static files."""
from flask import request
from flask_appbuilder import BaseView, expose
from flask_appbuilder.security.decorators import has_access
from flask_babel import lazy_gettext as _l

from app.clock import today_local
from app.dashboard import dashboard_figures
from app.scope import current_scope


class DashboardView(BaseView):
    """IKM per unit, complaints by status and OPD, overdue counts, deadline compliance, forums."""

    route_base = "/dashboard"
    default_view = "index"
    base_permissions = ["can_index"]

    @expose("/")
    @has_access
    def index(self):
        """Show the dashboard of the user's scope for the chosen year (default: this year)."""
        this_year = today_local().year
        try:
            year = int(request.args.get("year", this_year))
        except ValueError:
            year = this_year
        year = min(max(year, 2000), this_year + 1)
        figures = dashboard_figures(current_scope(), year)
        return self.render_template(
            "dashboard/index.html",
            title=_l("Dasbor"),
            figures=figures,
            years=list(range(this_year, this_year - 5, -1)),
        )
