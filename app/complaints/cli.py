"""`flask` commands of the SP4N-LAPOR! complaints area."""


def register(app):
    """Add this area's commands to the `flask` CLI."""
