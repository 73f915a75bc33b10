"""The SQL floor of a piece of work: the statements it ran, run again by a plain cursor and fetched whole."""
import contextlib
import time

from sqlalchemy import event


@contextlib.contextmanager
def recorded(engine):
    """Collect [(statement, parameters)] of everything run on ``engine`` inside the block."""
    statements = []

    def _record(conn, cursor, statement, parameters, context, executemany):
        statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", _record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", _record)


def bare_sql(engine, statements):
    """Seconds the database takes to run the SELECT statements of ``statements`` (``recorded``) again, each fetched
    whole by a plain cursor: the work's SQL floor (timing its own statements would miss the rows a streamed result
    fetches later). Its SET statements (a report's planner settings) are run again too, in their order."""
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        started = time.perf_counter()
        for statement, parameters in statements:
            if statement.lstrip().upper().startswith("SET "):
                cursor.execute(statement, parameters)
            elif statement.lstrip().upper().startswith(("SELECT", "WITH")):
                cursor.execute(statement, parameters)
                cursor.fetchall()
        return time.perf_counter() - started
    finally:
        raw.rollback()
        raw.close()
