"""Each user's interface language (kept on the user, restored at login) and the formatting of numbers and dates
for the language of the moment (Indonesian: decimal comma, thousands dot, long dates)."""
import datetime

from flask import current_app, g, request, session


def init_locale(app):
    """Save the language a logged-in user picks through /lang/<code> on its user record; templates translate through
    ``translations``."""
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: translations().ugettext(s),
        ngettext=lambda s, p, n: translations().ungettext(s, p, n),
        pgettext=lambda c, s: translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: translations().unpgettext(c, s, p, n),
        newstyle=True,
    )

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


def translations():
    """The catalogue of the moment's language, as flask_babel's ``get_translations`` gives it, looked up once per
    request and language: a list page translates some 300 strings, and each lookup through flask_babel took three
    trips through its context and a locale rendered as text. A forced locale (``force_locale``) is another locale
    object, so it gets its own catalogue."""
    from flask import has_app_context
    from flask_babel import get_locale, get_translations

    if not has_app_context():
        return get_translations()
    locale = get_locale()
    kept = g.get("pantau_translations")
    if kept is None or kept[0] is not locale:
        kept = g.pantau_translations = (locale, get_translations())
    return kept[1]


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


# The short date and date-time of every screen, chart and export text (a long date is for letters and covers):
# one numeric format in every language, chosen once.
DATE_FORMAT = "dd/MM/yyyy"
DATETIME_FORMAT = "dd/MM/yyyy HH.mm"


def format_date(value):
    """15/09/2026"""
    import babel.dates

    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date()
    return babel.dates.format_date(value, DATE_FORMAT, locale="id")


def format_datetime(value):
    """15/09/2026 14.06 (a naive value is shown as it is stored: Pantau stores local time)."""
    import babel.dates

    if value is None:
        return ""
    if not isinstance(value, datetime.datetime):
        return format_date(value)
    return babel.dates.format_datetime(value, DATETIME_FORMAT, locale="id")


def format_utc_datetime(value):
    """A naive UTC timestamp (report, delivery, login columns) as local time in the one format."""
    from app.clock import local_of

    if value is None:
        return ""
    return format_datetime(local_of(value))


def month_name(number):
    """3 -> "Mar" (the short month name of the interface language, for chart axes)."""
    from babel.dates import get_month_names

    return get_month_names("abbreviated", locale=current_language())[number]


def language_name(code):
    """'id' -> 'Bahasa Indonesia', in the interface language; an unknown code is shown as it is."""
    from flask_babel import gettext as _

    names = {"id": _("Bahasa Indonesia"), "en": _("Bahasa Inggris")}
    return names.get(code, code or "")


def readable(value):
    """Any value of a model, as a person reads it: Ya/Tidak, a date, a number with the language's separators (a year
    is not a number in this sense: see ``plain_year``)."""
    from decimal import Decimal

    from flask_babel import gettext as _
    from markupsafe import Markup

    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    if isinstance(value, bool):
        return _("Ya") if value else _("Tidak")
    if isinstance(value, int):
        return number(value)
    if isinstance(value, datetime.datetime):
        return format_datetime(value)
    if isinstance(value, datetime.date):
        return format_date(value)
    if isinstance(value, Decimal) and value.is_finite():
        return number(value, max(0, -value.as_tuple().exponent))  # as many decimals as the column stores
    if isinstance(value, (float, Decimal)):
        return number(value)
    return value


def plain_year(value):
    """A year as written, without a thousands separator: 2026, not "2.026"; empty for none."""
    return "" if value is None else str(value)


def record_name(item, title=""):
    """How a message or the audit trail names a record: its own text (tracking number and title, unit and period,
    ...), or the screen's title (else the table's name) and its number when the model has no text of its own."""
    from flask_babel import gettext as _

    if type(item).__repr__ is not object.__repr__:
        return repr(item)
    title = title or getattr(item, "__tablename__", type(item).__name__).removeprefix("pantau_").replace("_", " ")
    return _("%(title)s nomor %(id)s", title=title, id=getattr(item, "id", "?"))


def init_formatting(app):
    """The template filters: ``|tanggal``, ``|waktu``, ``|waktu_utc``, ``|tanggal_panjang``, ``|angka``, ``|persen``, ``|bahasa``,
    ``|terbaca``."""
    app.add_template_filter(format_date, "tanggal")
    app.add_template_filter(format_datetime, "waktu")
    app.add_template_filter(format_utc_datetime, "waktu_utc")
    app.add_template_filter(long_date, "tanggal_panjang")
    app.add_template_filter(number, "angka")
    app.add_template_filter(percent, "persen")
    app.add_template_filter(language_name, "bahasa")
    app.add_template_filter(readable, "terbaca")
