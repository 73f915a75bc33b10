"""What every Pantau table shares: the table-name prefix and the organisation scope hooks."""
import enum

from flask_appbuilder import Model
from sqlalchemy import Enum, inspect, select, update

from app.extensions import db

# Fixed, because the migrations name the tables: to keep Pantau apart from tables of the same name,
# give it a PostgreSQL schema (PANTAU_DB_SCHEMA) or a database of its own.
TABLE_PREFIX = "pantau_"


def table_name(name):
    """The prefixed name of a Pantau table, so it never collides with a table already there."""
    return TABLE_PREFIX + name


def enum_type(enum_class, name, length):
    """A portable column type for ``enum_class``: the members' values in a VARCHAR of ``length``
    (no native ENUM, so SQLite, PostgreSQL and MariaDB store it alike)."""
    return Enum(enum_class, name=name, values_callable=lambda e: [m.value for m in e], native_enum=False, length=length)


class LabelledEnum(enum.Enum):
    """An enum whose members show a translated label: a subclass's ``labels()`` maps each member to it."""

    @property
    def label(self):
        return type(self).labels()[self]

    @classmethod
    def labels(cls):
        raise NotImplementedError

    def __str__(self):
        return str(self.label)

    # Members are singletons compared by identity, so the identity hash agrees with equality; Enum's own hashes the
    # member's name in Python, a function call for every dict or Counter key (a report counts a million of them).
    __hash__ = object.__hash__


class Scoped:
    """A model whose rows belong to one organisation node.

    ``__scope_column__`` names the column holding that node's id, and
    ``__scope_relation__`` the relationship to it. A model whose node is further
    away (through a parent row) overrides ``scope_clause`` and ``scope_node``.
    """

    __scope_column__ = "org_id"
    __scope_relation__ = "org"

    @classmethod
    def scope_clause(cls, node_ids):
        """SQL condition: the row's node is one of ``node_ids`` (a subquery)."""
        return getattr(cls, cls.__scope_column__).in_(node_ids)

    def scope_nodes(self):
        """The organisation node(s) this row belongs to, for checks in Python."""
        node = getattr(self, self.__scope_relation__, None)
        if node is None:
            node_id = getattr(self, self.__scope_column__, None)
            # The node's class is read from the relationship, so this module need not import models/org.py.
            node_class = inspect(type(self)).relationships[self.__scope_relation__].mapper.class_
            node = db.session.get(node_class, node_id) if node_id is not None else None
        return [node] if node is not None else []


def lock(row):
    """Hold ``row`` for the rest of the transaction and reload it as committed, so a step re-checks what is true now.

    PostgreSQL and MariaDB take the row lock with SELECT ... FOR UPDATE, whose
    locking read also sees rows committed after this transaction began (MariaDB
    otherwise reads its first snapshot). SQLite has no row locks: a no-op UPDATE
    takes its database write lock first. A second transaction locking the same
    row waits until the first commits or rolls back, then sees its outcome.
    Unflushed changes of this transaction are flushed first, not lost.
    """
    db.session.flush()
    if db.session.get_bind().dialect.name == "sqlite":
        table = type(row).__table__
        db.session.execute(update(table).where(table.c.id == row.id).values(id=table.c.id))
    db.session.refresh(row, with_for_update=True)
    return row


__all__ = ["LabelledEnum", "Model", "Scoped", "enum_type", "lock", "table_name", "select"]
