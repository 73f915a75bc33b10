"""The import lock: one row per import target (an instansi's complaints, an SKM period), locked while it imports."""
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Model, table_name


class ImportLock(Model):
    """Held (row lock) by the transaction that imports into ``name``; nothing references it, so holding it
    blocks no other writer."""

    __tablename__ = table_name("import_lock")

    name: Mapped[str] = mapped_column(String(60), primary_key=True)
