"""Each user's interface language: kept on the user and restored at login."""
from flask import current_app, g, request, session


def init_locale(app):
    """Save the language a logged-in user picks through /lang/<code> on its user record."""

    @app.after_request
    def remember_language(response):
        if request.endpoint == "LocaleView.index":
            user = getattr(g, "user", None)
            chosen = session.get("locale")
            if user is not None and user.is_authenticated and chosen in current_app.config["LANGUAGES"]:
                if user.locale != chosen:
                    from app.extensions import db

                    user.locale = chosen
                    db.session.commit()
        return response
