"""Screens and APIs of the SP4N-LAPOR! complaints area."""


def register(appbuilder):
    """Add this area's views and menu entries."""
