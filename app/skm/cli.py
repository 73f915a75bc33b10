"""`flask` commands of the SKM (Survei Kepuasan Masyarakat) area."""


def register(app):
    """Add this area's commands to the `flask` CLI."""
