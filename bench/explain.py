"""The plan of every list page's queries on a big PostgreSQL database: no sequential scan of a big table.

Run:  DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/<a 1M database> .venv/bin/python bench/explain.py
      [--analyze] [--requests 20]
The database is one built by the complaint and SKM loaders (1,000,000 complaints, 1,000,000 respondents) and
migrated to head (`flask db upgrade`). For each list page of tests/test_big_lists.py (the same users and URLs), it
opens the page once as that demo user through the test client, records the SELECTs sent on the list's table (its
rows and its capped count) and prints their EXPLAIN (with --analyze: EXPLAIN ANALYZE, actual times). It ends with the
pages' median and p95 over --requests requests each, and a line per sequential scan of a complaint or respondent
table (none expected). The machine is shared: read the times as medians beside the load average printed with them.
"""
import argparse
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

BIG_TABLES = ("pantau_complaint", "pantau_skm_respondent")


def record_selects(engine):
    """A list that receives every SELECT sent through ``engine`` (statement, parameters)."""
    from sqlalchemy import event

    statements = []

    def record(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    return statements


def explain(engine, sql, params, analyze):
    options = "ANALYZE, BUFFERS" if analyze else "COSTS"
    with engine.connect() as conn:
        rows = conn.connection.driver_connection.execute(f"EXPLAIN ({options}) " + sql, params).fetchall()
        conn.rollback()
    return [row[0] for row in rows]


def timed(client, url, requests):
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        assert client.get(url).status_code == 200
        times.append(time.perf_counter() - started)
    times.sort()
    return statistics.median(times), times[max(0, int(0.95 * requests) - 1)], times[0], times[-1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--analyze", action="store_true", help="EXPLAIN ANALYZE (runs each query once more)")
    parser.add_argument("--requests", type=int, default=20, help="timed requests per page")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgresql"):
        sys.exit("set DATABASE_URL to a PostgreSQL database with the 1M rows")
    os.environ["MAIL_DRY_RUN"] = "true"

    from app import create_app
    from app.extensions import db

    app = create_app()
    # Imported after the app is built: tests/conftest.py points DATABASE_URL at the test database when imported.
    from tests.conftest import login
    from tests.test_big_lists import LIST_PAGES

    with app.app_context():
        engine = db.engine
        statements = record_selects(engine)
    clients, seq_scans, timings = {}, [], []
    for username, url, table in LIST_PAGES:
        if username not in clients:
            clients[username] = app.test_client()
            assert login(clients[username], username).status_code == 302, f"login {username} failed"
        client = clients[username]
        client.get(url)  # warm-up: the first request of a session loads the user, menus and catalogues
        statements.clear()
        assert client.get(url).status_code == 200, url
        print(f"\n=== {username} {url}")
        for sql, params in [(sql, params) for sql, params in statements if f"FROM {table}" in sql]:
            print("--- " + " ".join(sql.split())[:300])
            with app.app_context():
                plan = explain(engine, sql, params, args.analyze)
            print("\n".join(plan))
            seq_scans += [f"{url}: {line.strip()}" for line in plan
                          if "Seq Scan on" in line and any(f" {big} " in line + " " for big in BIG_TABLES)]
        timings.append((username, url, timed(client, url, args.requests)))

    print(f"\n=== list pages, {args.requests} requests each (ms: median, p95, min, max); "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for username, url, (median, p95, fastest, slowest) in timings:
        print(f"{median * 1000:7.0f} {p95 * 1000:7.0f} {fastest * 1000:7.0f} {slowest * 1000:7.0f}  {username} {url}")
    print(f"\nsequential scans of {', '.join(BIG_TABLES)}: {len(seq_scans)}")
    for line in seq_scans:
        print("  " + line)


if __name__ == "__main__":
    main()
