"""Screens of the SKM (Survei Kepuasan Masyarakat) area, one module per screen family; ``register`` adds them to the menu."""
from flask_babel import lazy_gettext as _l

from app.views.skm.pages import SkmPageView
from app.views.skm.public import SkmPublicView
from app.views.skm.records import FollowUpView, PublicationView, RespondentView, SurveyPeriodView


def register(appbuilder):
    """Add this area's views and menu entries."""
    category = dict(category="SKM", category_label=_l("Survei Kepuasan"), category_icon="fa-smile")
    appbuilder.add_view(SurveyPeriodView, "Periode SKM", label=_l("Periode SKM"), icon="fa-calendar", **category)
    appbuilder.add_view(RespondentView, "Responden SKM", label=_l("Responden"), icon="fa-users", **category)
    appbuilder.add_view(FollowUpView, "Tindak Lanjut SKM", label=_l("Rencana Tindak Lanjut"), icon="fa-tasks",
                        **category)
    appbuilder.add_view(PublicationView, "Publikasi SKM", label=_l("Publikasi Hasil"), icon="fa-bullhorn",
                        **category)
    appbuilder.add_view_no_menu(SkmPageView)
    appbuilder.add_view_no_menu(SkmPublicView)
