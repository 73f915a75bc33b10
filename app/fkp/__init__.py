"""FKP (Forum Konsultasi Publik): the logic that is neither a table nor a screen."""


def local_today():
    """Today's date in Pantau's time zone (PANTAU_TIMEZONE, Asia/Jakarta by default)."""
    import datetime
    from zoneinfo import ZoneInfo

    from flask import current_app

    return datetime.datetime.now(ZoneInfo(current_app.config.get("PANTAU_TIMEZONE", "Asia/Jakarta"))).date()
