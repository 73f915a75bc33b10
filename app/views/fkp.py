"""Screens and APIs of the FKP (Forum Konsultasi Publik) area."""


def register(appbuilder):
    """Add this area's views and menu entries."""
