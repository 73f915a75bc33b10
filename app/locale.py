"""Each user's interface language (kept on the user, restored at login) and the formatting of numbers and dates
for the language of the moment (Indonesian: decimal comma, thousands dot, long dates)."""
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


# --- Numbers and dates a person reads (D18) ------------------------------------------------------------------------
# The one home for them: screens, e-mail bodies and report text lines call these; workbook cells keep real numbers
# and dates instead. Outside a request they use the app's default language (Indonesian).


def current_language():
    """The language of the current request or forced locale ("id" when there is none)."""
    from flask import has_app_context
    from flask_babel import get_locale

    locale = get_locale() if has_app_context() else None
    return str(locale) if locale else "id"


def number(value, digits=None):
    """1234 -> "1.234"; 91.4817 -> "91,48"; with ``digits`` exactly that many decimals; "-" for None."""
    from babel.numbers import format_decimal

    if value is None:
        return "-"
    pattern = "#,##0.##" if digits is None else "#,##0." + "0" * digits if digits else "#,##0"
    return format_decimal(value, format=pattern, locale=current_language())


def percent(value, digits=2):
    """A percentage given as 0-100: 55.555 -> "55,56 %", 100 -> "100 %"; "-" for None."""
    from babel.numbers import format_decimal

    if value is None:
        return "-"
    pattern = "#,##0." + "#" * digits if digits else "#,##0"
    return format_decimal(value, format=pattern, locale=current_language()) + " %"


def long_date(value):
    """date(2026, 6, 30) -> "30 Juni 2026" ("30 June 2026" in English); "-" for None."""
    from babel.dates import format_date

    if value is None:
        return "-"
    if hasattr(value, "date"):
        value = value.date()
    return format_date(value, "d MMMM y", locale=current_language())


def place_line(node, day):
    """The place-and-date line above a signature: "Semarang, 30 Juni 2026" (city of the node's instansi)."""
    instansi = node.instansi
    place = getattr(instansi, "city", None) or instansi.short_name or instansi.name
    return f"{place}, {long_date(day)}"
