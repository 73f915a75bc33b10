"""Screens of the FKP (Forum Konsultasi Publik) area, one module per screen family; ``register`` adds them to the menu."""
from flask_babel import lazy_gettext as _l

from app.views.fkp.fields import CATEGORY, CATEGORY_LABEL
from app.views.fkp.forums import FkpAgreementView, FkpDocumentView, FkpForumView, FkpParticipantView
from app.views.fkp.pages import FkpPagesView
from app.views.fkp.settings import FkpElementView, FkpSettingView


def register(appbuilder):
    """Add this area's views and menu entries."""
    appbuilder.add_view(
        FkpForumView, "Forum FKP", label=_l("Forum"), icon="fa-users",
        category=CATEGORY, category_label=CATEGORY_LABEL, category_icon="fa-comments",
    )
    appbuilder.add_view(FkpPagesView, "Agenda FKP", label=_l("Agenda"), icon="fa-calendar", category=CATEGORY)
    appbuilder.add_link(
        "Unit tanpa FKP", label=_l("Unit tanpa FKP"), href="/fkp/tanpa-forum", icon="fa-flag", category=CATEGORY,
    )
    appbuilder.add_view(FkpAgreementView, "Kesepakatan FKP", label=_l("Kesepakatan"), icon="fa-handshake", category=CATEGORY)
    appbuilder.add_view(FkpElementView, "Unsur Masyarakat", label=_l("Unsur Masyarakat"), icon="fa-tags", category=CATEGORY)
    appbuilder.add_view(FkpSettingView, "Pengaturan FKP", label=_l("Pengaturan"), icon="fa-cog", category=CATEGORY)
    appbuilder.add_view_no_menu(FkpParticipantView)
    appbuilder.add_view_no_menu(FkpDocumentView)
