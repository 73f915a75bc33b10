"""Screens of the SP4N-LAPOR! complaints area, one module per screen family; ``register`` adds them to the menu."""
from flask_babel import lazy_gettext as _l

from app.views.complaints.imports import ComplaintImportView
from app.views.complaints.records import ComplaintQueueView, ComplaintView
from app.views.complaints.settings import CalendarChangeView, ComplaintCategoryView, DeadlineRuleView, ImportColumnView

CATEGORY = "Pengaduan"


def register(appbuilder):
    """Add this area's views and menu entries."""
    appbuilder.add_view(
        ComplaintQueueView, "Antrean Saya", label=_l("Antrean Saya"), icon="fa-inbox",
        category=CATEGORY, category_label=_l("Pengaduan"), category_icon="fa-bullhorn",
    )
    appbuilder.add_view(ComplaintView, "Daftar Pengaduan", label=_l("Daftar Pengaduan"), icon="fa-list",
                        category=CATEGORY)
    appbuilder.add_link("Catat Pengaduan", label=_l("Catat Pengaduan"), href="/pengaduan/add", icon="fa-plus",
                        category=CATEGORY)
    appbuilder.add_view(ComplaintImportView, "Impor LAPOR!", label=_l("Impor LAPOR!"), icon="fa-upload",
                        category=CATEGORY)
    appbuilder.add_view(ComplaintCategoryView, "Kategori Pengaduan", label=_l("Kategori Pengaduan"), icon="fa-tags",
                        category=CATEGORY)
    appbuilder.add_view(DeadlineRuleView, "Aturan Batas Waktu", label=_l("Aturan Batas Waktu"), icon="fa-clock",
                        category=CATEGORY)
    appbuilder.add_view(ImportColumnView, "Kolom Impor LAPOR!", label=_l("Kolom Impor LAPOR!"), icon="fa-columns",
                        category=CATEGORY)
    appbuilder.add_view(CalendarChangeView, "Kalender Kerja", label=_l("Kalender Kerja"), icon="fa-calendar",
                        category=CATEGORY)
