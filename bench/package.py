"""Speed of the combined semester package for a whole instansi, on the complaint and SKM bench data.

Run:  .venv/bin/python bench/package.py [--rows 1000000] [--history 3] [--respondents 1000000] [--units 400]
      [--rounds 3] [--keep]

It recreates the PostgreSQL database ``bench_package``, loads the demo organisation, ``--rows`` complaints
with ``--history`` history rows each (the loader of bench/complaints.py) and ``--respondents`` SKM answers in
four 2025 triwulan periods of ``--units`` extra units under the JATENG instansi (the loader of bench/skm.py),
then builds the "paket" report for JATENG, 2025-H1 ``--rounds`` times, each in a fresh process, and prints the
median and the runs of:

- the wall time and the peak memory (max RSS of that process; Python's own peak by tracemalloc, taken in a
  second build because tracemalloc slows Python down);
- the SQL floor: the build's SELECT statements run again, each fetched whole by a plain cursor, after the build;
- the time xlsxwriter alone takes to write the same cells (read back from the package, written again);
- the ratio of the wall time to those two together (target: at most 1.3, with a max RSS under 250 MB).
"""
import argparse
import datetime
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc

from sqlfloor import bare_sql, recorded  # bench/sqlfloor.py

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(1, os.path.join(ROOT, "bench"))

URL = "postgresql+psycopg://postgres@127.0.0.1:5432/bench_package"


def load(args):
    from sqlalchemy import text

    import complaints as complaint_bench  # bench/complaints.py
    import skm as skm_bench  # bench/skm.py

    complaint_bench.DBNAME = "bench_package"
    skm_bench.ensure_database(URL)
    from app import create_app
    from app.demo import load_demo
    from app.extensions import db
    from app.install import prepare
    from app.models.org import OrgLevel, OrgNode
    from app.skm.questionnaire import create_period

    app = create_app()
    with app.app_context():
        prepare(load_demo_if_empty=False)
        load_demo()
        started = time.perf_counter()
        complaint_bench.load(args.rows, args.history)
        print(f"loaded {args.rows:,} complaints and {args.rows * args.history:,} history rows in "
              f"{time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        opds = db.session.query(OrgNode).filter(OrgNode.level == OrgLevel.OPD, OrgNode.path.startswith("/JATENG/")).all()
        units = []
        for i in range(args.units):
            unit = OrgNode(level=OrgLevel.UNIT, code=f"BENCH-U-{i:03d}", name=f"Unit Bench {i}", parent=opds[i % len(opds)])
            unit.path = unit.compute_path()
            db.session.add(unit)
            units.append(unit)
        db.session.flush()
        periods = [create_period(unit, f"2025-Q{q}", 5000) for unit in units for q in (1, 2, 3, 4)]
        db.session.commit()
        skm_bench.load_respondents(db, periods, args.respondents, random.Random(14))
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
        print(f"loaded {args.respondents:,} respondents in {len(periods):,} periods of {len(units)} units in "
              f"{time.perf_counter() - started:.1f} s")


def build(path, peak):
    """Build the package once (in this fresh process) and print its figures as key=value lines."""
    from sqlalchemy import select

    from app import create_app
    from app.extensions import db
    from app.models.org import OrgNode
    from app.periods import Period
    from app.reports import registry

    app = create_app()
    with app.test_request_context():
        engine = db.engine
        node = db.session.execute(select(OrgNode).where(OrgNode.code == "JATENG")).scalar_one()
        kind = registry.get("paket")
        with recorded(engine) as statements:
            started = time.perf_counter()
            kind.build(node, Period.parse("2025-H1"), path, "id")
            wall = time.perf_counter() - started
        max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        sql = bare_sql(engine, statements)
        python_peak = 0
        if peak:
            # A second build under tracemalloc for Python's own peak; tracemalloc slows Python down, so the
            # first build alone is timed.
            db.session.expunge_all()
            tracemalloc.start()
            kind.build(node, Period.parse("2025-H1"), path, "id")
            python_peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
    print(f"wall={wall:.3f}")
    print(f"sql={sql:.3f}")
    print(f"statements={len(statements)}")
    print(f"python_peak_mb={python_peak / 1048576:.1f}")
    print(f"max_rss_mb={max_rss / 1024:.1f}")


def xlsx_only(path):
    """Seconds xlsxwriter takes to write the cells of the package at ``path`` again (reading them is not timed)."""
    import openpyxl
    import xlsxwriter

    book = openpyxl.load_workbook(path, read_only=True)
    sheets = [(ws.title, [list(row) for row in ws.iter_rows(values_only=True)]) for ws in book.worksheets]
    cells = sum(len(row) for _title, rows in sheets for row in rows)
    out = tempfile.mktemp(suffix=".xlsx")
    started = time.perf_counter()
    workbook = xlsxwriter.Workbook(out, {"constant_memory": True})
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    for title, rows in sheets:
        sheet = workbook.add_worksheet(title)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, (datetime.date, datetime.datetime)):
                    sheet.write_datetime(r, c, value, date_format)
                else:
                    sheet.write(r, c, value)
    workbook.close()
    seconds = time.perf_counter() - started
    os.remove(out)
    return seconds, cells


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--history", type=int, default=3)
    parser.add_argument("--respondents", type=int, default=1_000_000)
    parser.add_argument("--units", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=3, help="builds, each in a fresh process")
    parser.add_argument("--build-only", metavar="PATH", help=argparse.SUPPRESS)
    parser.add_argument("--peak", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--keep", action="store_true", help="reuse the loaded database")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = URL
    os.environ.setdefault("UPLOAD_FOLDER", tempfile.mkdtemp(prefix="pantau-bench-package-"))
    if args.build_only:
        build(args.build_only, args.peak)
        return
    if not args.keep:
        load(args)
    path = tempfile.mktemp(suffix=".xlsx")
    rounds = []
    for number in range(args.rounds):
        command = [sys.executable, __file__, "--build-only", path] + (["--peak"] if number == 0 else [])
        output = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=os.environ.copy(),
                                check=True).stdout
        rounds.append(dict(line.split("=", 1) for line in output.splitlines() if "=" in line))
    xlsx_seconds, cells = xlsx_only(path)
    walls = [float(r["wall"]) for r in rounds]
    sqls = [float(r["sql"]) for r in rounds]
    rss = [float(r["max_rss_mb"]) for r in rounds]
    ratios = sorted(w / (q + xlsx_seconds) for w, q in zip(walls, sqls))

    def spread(values, unit=""):
        values = sorted(values)
        return f"median {statistics.median(values):.2f}{unit} (runs {', '.join(f'{v:.2f}' for v in values)})"

    print(f"package JATENG 2025-H1, {args.rounds} builds in fresh processes: wall {spread(walls, ' s')}")
    print(f"max RSS {spread(rss, ' MB')}; Python peak {rounds[0]['python_peak_mb']} MB; "
          f"file {os.path.getsize(path) / 1024:.0f} KB, {cells:,} cells")
    print(f"bare SQL of the build ({rounds[0]['statements']} statements run again): {spread(sqls, ' s')}; "
          f"xlsxwriter writing the same cells: {xlsx_seconds:.2f} s")
    print(f"wall / (SQL + xlsxwriter): median {statistics.median(ratios):.2f} (spread {ratios[0]:.2f}-{ratios[-1]:.2f}; "
          f"target <= 1.3, max RSS < 250 MB)")


if __name__ == "__main__":
    main()
