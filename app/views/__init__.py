"""Registers every screen, API and menu entry of Pantau."""


def init_views(appbuilder):
    """Add the views of each area, then arrange the menu bar. The areas are imported here, not at the top, so a
    command that needs no screen (and imports ``app.views.home`` for FAB's index) does not import them."""
    from flask_babel import lazy_gettext as _l

    from app.views import complaints, documents, fkp, reports, skm
    from app.views.audit import AuditLogView
    from app.views.backup import BackupRunView, BackupScheduleView
    from app.views.dashboard import DashboardView
    from app.views.menu import HOME, arrange_menu
    from app.views.org import InstansiView, OpdView, OrgNodeApi, ServiceTypeApi, ServiceTypeView, UnitView
    from app.views.privacy import DataSubjectView, RetentionPolicyView

    appbuilder.add_link(HOME, label=_l("Beranda"), href="/", icon="fa-home")
    appbuilder.add_view(DashboardView, "Dashboard", label=_l("Dasbor"), icon="fa-chart-bar")
    appbuilder.add_view(
        InstansiView, "Instansi", label=_l("Instansi"), icon="fa-landmark",
        category="Organisation", category_label=_l("Organisasi"), category_icon="fa-sitemap",
    )
    appbuilder.add_view(OpdView, "Perangkat Daerah", label=_l("Perangkat Daerah"), icon="fa-building", category="Organisation")
    appbuilder.add_view(UnitView, "Unit Layanan", label=_l("Unit Layanan"), icon="fa-door-open", category="Organisation")
    appbuilder.add_view(ServiceTypeView, "Jenis Layanan", label=_l("Jenis Layanan"), icon="fa-list", category="Organisation")
    appbuilder.add_view(AuditLogView, "Audit Trail", label=_l("Jejak Audit"), icon="fa-history", category="Security")
    appbuilder.add_api(OrgNodeApi)
    appbuilder.add_api(ServiceTypeApi)
    for area in (complaints, skm, fkp, reports, documents):
        area.register(appbuilder)
    from app.views.issues import IssueTopicView, IssueView

    appbuilder.add_view(IssueView, "Daftar Isu", label=_l("Daftar Isu"), icon="fa-fire", category="Isu Prioritas",
                        category_label=_l("Isu Prioritas"), category_icon="fa-bullseye")
    appbuilder.add_view(IssueTopicView, "Topik Isu", label=_l("Topik Isu"), icon="fa-tags", category="Isu Prioritas")
    appbuilder.add_view(
        RetentionPolicyView, "Retention Policies", label=_l("Kebijakan Retensi"), icon="fa-user-clock",
        category="Privacy", category_label=_l("Data Pribadi"), category_icon="fa-user-shield",
    )
    appbuilder.add_view(DataSubjectView, "Data Subject Requests", label=_l("Permintaan Pemilik Data"),
                        icon="fa-id-card", category="Privacy")
    appbuilder.add_view(
        BackupScheduleView, "Backup Schedules", label=_l("Jadwal Cadangan"), icon="fa-clock",
        category="Backup", category_label=_l("Cadangan"), category_icon="fa-database",
    )
    appbuilder.add_view(BackupRunView, "Backup Runs", label=_l("Riwayat Cadangan"), icon="fa-list", category="Backup")
    arrange_menu(appbuilder)
