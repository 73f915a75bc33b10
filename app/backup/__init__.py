"""Backups of Pantau's database and upload folder, their restore, and the scheduled backups."""
