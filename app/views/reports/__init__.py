"""Screens of the compliance reports, one module per screen family; ``register`` adds them to the menu."""
from flask_babel import lazy_gettext as _l

from app.views.reports.catalogues import (
    McpEvidenceItemView, McpIndicatorView, PekpppAspectView, PekpppBandView, PekpppIndicatorView,
    PekpppInstrumentView,
)
from app.views.reports.background import BackgroundRunView
from app.views.reports.evidence import McpEvidenceView
from app.views.reports.runs import ReportDeliveryView, ReportRunView, ReportScheduleView


def register(appbuilder):
    """Add this area's views and menu entries."""
    reports = dict(category="Compliance Reports", category_label=_l("Laporan Kepatuhan"), category_icon="fa-file-excel")
    appbuilder.add_view(ReportRunView, "Report Runs", label=_l("Laporan"), icon="fa-file-excel", **reports)
    appbuilder.add_view(ReportScheduleView, "Report Schedules", label=_l("Jadwal Laporan"), icon="fa-clock", **reports)
    appbuilder.add_view(ReportDeliveryView, "Report Deliveries", label=_l("Pengiriman Laporan"), icon="fa-envelope",
                        **reports)
    appbuilder.add_view_no_menu(BackgroundRunView)
    appbuilder.add_view(McpEvidenceView, "MCP Evidence", label=_l("Bukti MCP/MCSP"), icon="fa-folder-open", **reports)
    catalogues = dict(category="Compliance Catalogues", category_label=_l("Katalog Kepatuhan"), category_icon="fa-book")
    appbuilder.add_view(PekpppInstrumentView, "PEKPPP Instruments", label=_l("Instrumen PEKPPP"), icon="fa-book",
                        **catalogues)
    appbuilder.add_view(PekpppAspectView, "PEKPPP Aspects", label=_l("Aspek PEKPPP"), icon="fa-balance-scale",
                        **catalogues)
    appbuilder.add_view(PekpppIndicatorView, "PEKPPP Indicators", label=_l("Indikator PEKPPP"), icon="fa-list-ol",
                        **catalogues)
    appbuilder.add_view(PekpppBandView, "IPP Categories", label=_l("Kategori IPP"), icon="fa-tags", **catalogues)
    appbuilder.add_view(McpIndicatorView, "MCP Indicators", label=_l("Indikator MCP/MCSP"), icon="fa-shield-alt",
                        **catalogues)
    appbuilder.add_view(McpEvidenceItemView, "MCP Evidence Items", label=_l("Butir Bukti MCP/MCSP"), icon="fa-check-square",
                        **catalogues)
