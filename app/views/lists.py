"""List pages over big tables: a row count that stops at a cap, and rows without a value sorted last.

FAB counts every row in scope before showing 25 of them: on a million complaints that count is nearly all of the
page's time. These lists count only as far as they show page numbers (``COUNT_CAP`` rows, or a few pages past the
one open) and say "lebih dari 1.000" beyond. Next and previous keep working past the cap, since the cap moves with
the page.
"""
from flask_appbuilder.models.sqla.filters import SQLAFilterConverter
from flask_appbuilder.models.sqla.interface import SQLAInterface
from sqlalchemy import asc, literal

COUNT_CAP = 1000
PAGES_AHEAD = 4


class CappedCount(int):
    """The rows of a list, counted no further than ``cap + 1``: ``capped`` when there are more than ``cap``."""

    def __new__(cls, counted, cap):
        count = super().__new__(cls, counted)
        count.cap = cap
        count.capped = counted > cap
        return count


def count_cap(page, page_size):
    """How far to count: ``COUNT_CAP`` rows, or up to a few pages past a deep ``page``."""
    return max(COUNT_CAP, ((page or 0) + 1 + PAGES_AHEAD) * (page_size or 0))


class KeptFilterConverter(SQLAFilterConverter):
    """FAB's filter converter, remembering per model and column which filter classes apply.

    FAB converts every column of the model (a dozen type checks each) whenever it builds a set of filters, and it
    builds one for every query, including each related field's choices: about a thousand filters a list page.
    The classes depend only on the column's type, so they are worked out once; the filters are new each time.
    """

    _classes = {}

    def convert(self, col_name):
        key = (self.datamodel.obj, col_name)
        classes = self._classes.get(key)
        if classes is None:
            classes = self._classes[key] = tuple(type(f) for f in super().convert(col_name) or ())
        return [cls(col_name, self.datamodel) for cls in classes] or None


class BigListInterface(SQLAInterface):
    """FAB's model interface for a list over a big table: a capped count, empty values last in ascending order."""

    filter_converter_class = KeptFilterConverter

    def query(self, filters=None, order_column="", order_direction="", page=None, page_size=None,
              select_columns=None, outer_default_load=False):
        """One page of rows and a ``CappedCount`` of them (FAB's list page passes no ``select_columns``).

        Asked for no page (the choices of a related field's select, through ``get_related_interface``): every row,
        and their number is the count, with no counting query."""
        if page is None and page_size is None:
            rows = self.apply_all(self.session.query(self.obj), filters, order_column, order_direction,
                                  select_columns=select_columns, outer_default_load=outer_default_load).all()
            return CappedCount(len(rows), len(rows)), rows
        cap = count_cap(page, page_size)
        inner = self._apply_inner_all(self.session.query(self.obj), filters, select_columns=select_columns,
                                      aliases_mapping={})
        counted = inner.with_entities(literal(1)).limit(cap + 1).count()
        rows = self.apply_all(self.session.query(self.obj), filters, order_column, order_direction, page, page_size,
                              select_columns, outer_default_load).all()
        return CappedCount(counted, cap), rows

    def apply_order_by(self, query, order_column, order_direction, aliases_mapping=None, bypass_many_to_many=False,
                       add_pk=False):
        """FAB's order, except that ascending on a nullable column puts the empty values last on every engine
        (PostgreSQL does so already; SQLite and MariaDB put them first), e.g. finished complaints after the open ones
        when the list is sorted by the waiting step's deadline."""
        column = self.obj.__mapper__.columns.get(order_column) if order_direction == "asc" else None
        if column is None or not column.nullable or self.session.get_bind().dialect.name == "postgresql":
            return super().apply_order_by(query, order_column, order_direction, aliases_mapping,
                                          bypass_many_to_many, add_pk)
        return query.order_by(column.is_(None), asc(column), asc(self.get_pk()))
