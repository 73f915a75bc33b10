"""`flask` commands of the compliance reports, schedules and the scheduler area."""


def register(app):
    """Add this area's commands to the `flask` CLI."""
