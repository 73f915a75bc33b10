"""Pantau's release version, written into every backup manifest beside the Alembic revision."""
VERSION = "1.0"
