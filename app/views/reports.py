"""Screens and APIs of the compliance reports, schedules and the scheduler area."""


def register(appbuilder):
    """Add this area's views and menu entries."""
