"""The home page (Beranda): what waits for me, what falls due soon, and shortcuts to my tier's main jobs."""
from dataclasses import dataclass

from flask import g, url_for
from flask_appbuilder import IndexView, expose
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app import home
from app.clock import today_local
from app.extensions import db
from app.models.complaints import Complaint
from app.models.skm import PeriodStatus, SurveyPeriod
from app.scope import current_scope
from app.security.tiers import ADMIN_INSTANSI, ADMIN_SISTEM, OPERATOR_UNIT, PEJABAT_PENGHUBUNG, PIMPINAN


@dataclass(frozen=True)
class Shortcut:
    label: object
    endpoint: str
    permission: str
    view: str
    icon: str


QUEUE = Shortcut(_l("Antrean Saya"), "ComplaintQueueView.list", "can_list", "ComplaintQueueView", "fa-inbox")
RECORD = Shortcut(_l("Catat Pengaduan"), "ComplaintView.add", "can_add", "ComplaintView", "fa-plus")
COMPLAINTS = Shortcut(_l("Daftar Pengaduan"), "ComplaintView.list", "can_list", "ComplaintView", "fa-list")
SKM_PERIODS = Shortcut(_l("Periode SKM"), "SurveyPeriodView.list", "can_list", "SurveyPeriodView", "fa-calendar")
NEW_FORUM = Shortcut(_l("Tambah Forum FKP"), "FkpForumView.add", "can_add", "FkpForumView", "fa-comments")
AGREEMENTS = Shortcut(_l("Kesepakatan FKP"), "FkpAgreementView.list", "can_list", "FkpAgreementView", "fa-handshake")
NEW_REPORT = Shortcut(_l("Buat Laporan"), "ReportRunView.add", "can_add", "ReportRunView", "fa-file-excel")
REPORTS = Shortcut(_l("Laporan"), "ReportRunView.list", "can_list", "ReportRunView", "fa-file-excel")
SCHEDULES = Shortcut(_l("Jadwal Laporan"), "ReportScheduleView.list", "can_list", "ReportScheduleView", "fa-clock")
DASHBOARD = Shortcut(_l("Dasbor"), "DashboardView.index", "can_index", "DashboardView", "fa-chart-bar")
USERS = Shortcut(_l("Pengguna"), "PantauUserView.list", "can_list", "PantauUserView", "fa-users")
BACKUPS = Shortcut(_l("Riwayat Cadangan"), "BackupRunView.list", "can_list", "BackupRunView", "fa-database")

# Each tier's main jobs, most frequent first.
SHORTCUTS = {
    ADMIN_SISTEM: [USERS, BACKUPS, COMPLAINTS, NEW_REPORT, DASHBOARD],
    ADMIN_INSTANSI: [QUEUE, RECORD, COMPLAINTS, NEW_REPORT, SCHEDULES, DASHBOARD],
    PEJABAT_PENGHUBUNG: [QUEUE, RECORD, AGREEMENTS, SKM_PERIODS, DASHBOARD],
    OPERATOR_UNIT: [SKM_PERIODS, NEW_FORUM, QUEUE, AGREEMENTS],
    PIMPINAN: [DASHBOARD, REPORTS, COMPLAINTS, QUEUE],
}


def waiting_for_me():
    """The complaint queue's condition for the current user (the one rule the queue list uses)."""
    from flask_appbuilder.models.sqla.interface import SQLAInterface

    from app.views.complaints.filters import FilterMyQueue

    return FilterMyQueue("id", SQLAInterface(Complaint)).apply(select(Complaint.id), None).whereclause


class HomeView(IndexView):
    """Greets the user; for a logged-in user, its tasks, what falls due and its shortcuts."""

    index_template = "pantau/index.html"

    @expose("/")
    def index(self):
        user = g.user if getattr(g, "user", None) is not None and g.user.is_authenticated else None
        if user is None:
            return self.render_template(self.index_template, appbuilder=self.appbuilder, user=None)
        scope = current_scope()
        today = today_local()
        sm = self.appbuilder.sm
        can = sm.has_access
        context = dict(appbuilder=self.appbuilder, user=user, unrestricted=scope.unrestricted, today=today,
                       shortcuts=self.shortcuts(user))
        if can("can_list", "ComplaintQueueView"):
            waiting = waiting_for_me()
            context["queue"] = home.my_queue(scope, waiting, today)
            context["complaints_soon"] = home.complaints_due_soon(scope, waiting, today)
        if can("can_list", "SurveyPeriodView"):
            context["periods_to_close"] = home.skm_periods_to_close(scope, today)
            if can("can_add", "RespondentView"):
                context["open_periods"] = list(db.session.execute(
                    select(SurveyPeriod).where(scope.clause(SurveyPeriod), SurveyPeriod.status == PeriodStatus.OPEN)
                    .order_by(SurveyPeriod.period_code.desc(), SurveyPeriod.id).limit(home.SHOWN)
                ).scalars())
        if can("can_list", "FkpForumView"):
            context["forums"] = home.forums_this_month(scope, today)
        if can("can_list", "FkpAgreementView"):
            context["agreements"] = home.agreements_overdue(scope, today)
        if can("can_list", "ReportScheduleView"):
            context["reports"] = home.reports_due(scope, today)
        if can("can_list", "BackupRunView"):
            context["backup"] = home.backup_state()
        return self.render_template(self.index_template, **context)

    def shortcuts(self, user):
        """The shortcuts of the user's tiers that it may open, each once, as (label, url, icon)."""
        seen, found = set(), []
        for role in user.roles:
            for shortcut in SHORTCUTS.get(role.name, []):
                if shortcut.endpoint in seen or not self.appbuilder.sm.has_access(shortcut.permission, shortcut.view):
                    continue
                seen.add(shortcut.endpoint)
                found.append((shortcut.label, url_for(shortcut.endpoint), shortcut.icon))
        return found
