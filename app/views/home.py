"""The landing page after login: who you are, what you reach."""
from flask import g
from flask_appbuilder import IndexView, expose

from app.scope import current_scope


class HomeView(IndexView):
    """Greets the user with its roles and organisation nodes."""

    index_template = "pantau/index.html"

    @expose("/")
    def index(self):
        user = g.user if getattr(g, "user", None) is not None and g.user.is_authenticated else None
        return self.render_template(
            self.index_template,
            appbuilder=self.appbuilder,
            user=user,
            unrestricted=current_scope().unrestricted if user else False,
        )
