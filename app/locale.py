"""Each user's interface language (kept on the user, restored at login), and how values are written for a person."""
import datetime

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


# How Pantau writes dates, times and numbers for a person: one format everywhere (pages, charts, the
# visible text of exports and mails), Indonesian separators. Spreadsheet cells keep real dates and numbers.
DATE_FORMAT = "dd/MM/yyyy"
DATETIME_FORMAT = "dd/MM/yyyy HH.mm"
NUMBER_LOCALE = "id"


def format_date(value):
    """15/09/2026"""
    import babel.dates

    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date()
    return babel.dates.format_date(value, DATE_FORMAT, locale=NUMBER_LOCALE)


def format_datetime(value):
    """15/09/2026 14.06 (a naive value is shown as it is stored: Pantau stores local time)."""
    import babel.dates

    if value is None:
        return ""
    if not isinstance(value, datetime.datetime):
        return format_date(value)
    return babel.dates.format_datetime(value, DATETIME_FORMAT, locale=NUMBER_LOCALE)


def format_number(value, decimals=None):
    """12.345 or 12.345,67: Indonesian separators whatever the interface language."""
    import babel.numbers

    if value is None:
        return ""
    if decimals is None:
        return babel.numbers.format_decimal(value, locale=NUMBER_LOCALE)
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return babel.numbers.format_decimal(value, format=pattern, locale=NUMBER_LOCALE, decimal_quantization=True)


def format_percent(value, decimals=1):
    """50,0%"""
    return "" if value is None else f"{format_number(value, decimals)}%"


def language_name(code):
    """'id' -> 'Bahasa Indonesia', in the interface language; an unknown code is shown as it is."""
    from flask_babel import gettext as _

    names = {"id": _("Bahasa Indonesia"), "en": _("Bahasa Inggris")}
    return names.get(code, code or "")


def readable(value):
    """Any value of a model, as a person reads it: Ya/Tidak, a date, a number with Indonesian separators."""
    from decimal import Decimal

    from flask_babel import gettext as _
    from markupsafe import Markup

    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    if isinstance(value, bool):
        return _("Ya") if value else _("Tidak")
    if isinstance(value, datetime.datetime):
        return format_datetime(value)
    if isinstance(value, datetime.date):
        return format_date(value)
    if isinstance(value, (float, Decimal)):
        return format_number(value)
    return value


def init_formatting(app):
    """The template filters: ``|tanggal``, ``|waktu``, ``|angka``, ``|persen``, ``|bahasa``, ``|terbaca``."""
    app.add_template_filter(format_date, "tanggal")
    app.add_template_filter(format_datetime, "waktu")
    app.add_template_filter(format_number, "angka")
    app.add_template_filter(format_percent, "persen")
    app.add_template_filter(language_name, "bahasa")
    app.add_template_filter(readable, "terbaca")
