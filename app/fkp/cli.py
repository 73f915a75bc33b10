"""`flask` commands of the FKP (Forum Konsultasi Publik) area."""


def register(app):
    """Add this area's commands to the `flask` CLI."""
