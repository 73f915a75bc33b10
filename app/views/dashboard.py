"""The dashboard page: the viewer's scope at a glance, charts drawn in the browser from local static files.

The page reads the figures the scheduler keeps for the viewer's scope and year (app/dashboard.py) and says when they
were computed; it never scans the complaint, respondent or forum tables itself."""
from flask import request, url_for
from flask_appbuilder import BaseView, expose
from flask_appbuilder.security.decorators import has_access
from flask_babel import lazy_gettext as _l

from app.clock import today_local
from app.dashboard import kept
from app.scope import current_scope
from app.views.issues import nodes_in_scope

PENDING_RELOAD_SECONDS = 15


class DashboardView(BaseView):
    """IKM per unit, complaints by status and OPD, overdue counts, deadline compliance, forums, priority issues."""

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
        scope = current_scope()
        dashboard = kept(scope, year)
        issues = dashboard.figures["issues"] if dashboard.figures else []
        # An issue's page is opened at the viewer's highest node in the topic's instansi.
        home = {}
        for node in nodes_in_scope(scope) if issues else []:
            home.setdefault(node.instansi.id, node.id)
        return self.render_template(
            "dashboard/index.html",
            title=_l("Dasbor"),
            year=year,
            figures=dashboard.figures,
            computed_at=dashboard.computed_at,
            stale=dashboard.stale,
            reload_seconds=PENDING_RELOAD_SECONDS,
            issues=issues,
            issue_link=(lambda issue: url_for("IssueView.show", topic_id=issue["topic_id"], node=home[issue["org_id"]],
                                              period=str(year))) if self.appbuilder.sm.has_access(
                "can_read", "IssueView") else None,
            years=list(range(this_year, this_year - 5, -1)),
        )
