"""Endpoints anyone may reach without logging in, each with the reason it is public.

Everything else requires a login and a tier's permission, and its rows are
limited by the organisation scope. The authorisation matrix test reads this
list: an endpoint missing from it and not scoped fails the test.
"""
PUBLIC_ENDPOINTS = {
    "HomeView.index": "landing page; shows the login button, or the user's own roles and scope",
    "PantauAuthDBView.login": "the login form",
    "PantauAuthDBView.logout": "ends the session",
    "PantauAuthDBView.second_step": "second login step (TOTP code); serves only a user whose password was right minutes ago",
    "LocaleView.index": "switches the interface language",
    "UtilView.back": "FAB's back-navigation redirect; shows no data",
    "SkmPublicView.survey": "SKM public survey form of a unit's period (PermenPANRB 14/2017); CSRF, rate limit, honeypot; shows no data",
    "SkmPublicView.published": "published IKM of an instansi's units, latest closed period only (transparency principle)",
}
