"""Screens and APIs of the SKM (Survei Kepuasan Masyarakat) area."""


def register(appbuilder):
    """Add this area's views and menu entries."""
