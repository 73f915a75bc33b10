"""SKM speed figures: the IKM of every unit for a year over a million respondents, and spreadsheet import rate.

Run: .venv/bin/python bench/skm.py [--respondents 1000000] [--units 400] [--import-rows 50000] [--keep]
Uses PostgreSQL database ``bench_skm`` (created if missing, emptied at start; ``--keep`` reuses what an earlier run
loaded) unless DATABASE_URL is set.
Prints: load time, the bare SQL aggregate time, the time of the IKM of every unit plus the instansi pooled
IKM through app/skm/ikm.py (target < 3 s and <= 1.5x the bare aggregate), the time of ``flask skm ikm --period
2025`` run in-process (every unit and group printed) against the same bare aggregate (target <= 1.5x, median of
interleaved rounds), peak memory, and the import rate.
"""
import argparse
import datetime
import io
import os
import random
import resource
import sys
import tempfile
import time
import tracemalloc

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/bench_skm"


def ensure_database(url):
    """Create the bench database if missing and empty it."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        return
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": parsed.database}).first() is None:
            conn.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    admin.dispose()
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def build_org(db, units_wanted):
    """An instansi BENCH with 20 OPDs and ``units_wanted`` units spread over them."""
    from app.models.org import OrgLevel, OrgNode

    root = OrgNode(level=OrgLevel.INSTANSI, code="BENCH", name="Instansi Bench")
    root.path = root.compute_path()
    db.session.add(root)
    opds = []
    for i in range(20):
        opd = OrgNode(level=OrgLevel.OPD, code=f"BENCH-OPD-{i:02d}", name=f"OPD Bench {i}", parent=root)
        opd.path = opd.compute_path()
        db.session.add(opd)
        opds.append(opd)
    units = []
    for i in range(units_wanted):
        unit = OrgNode(level=OrgLevel.UNIT, code=f"BENCH-U-{i:03d}", name=f"Unit Bench {i}", parent=opds[i % 20])
        unit.path = unit.compute_path()
        db.session.add(unit)
        units.append(unit)
    db.session.flush()
    return root, units


def load_respondents(db, periods, total, rng):
    """COPY ``total`` respondents with 9 answers each, spread over the periods (PostgreSQL), else bulk insert."""
    from sqlalchemy import insert

    from app.models.skm import STANDARD_CODES, Respondent, answer_column

    columns = ["period_id", "unit_id", "survey_date", "time_slot", "sex", "age", "education", "occupation",
               "source", "created_at"] + [answer_column(c) for c in STANDARD_CODES]
    educations = ["SD", "SMP", "SMA", "D3", "S1", "S2"]
    occupations = ["PNS", "SWASTA", "WIRAUSAHA", "LAINNYA"]
    now = datetime.datetime(2025, 12, 31, 12, 0)
    dialect = db.engine.dialect.name

    def rows():
        for i in range(total):
            period = periods[i % len(periods)]
            start = period.period.start
            answers = [rng.choices((1, 2, 3, 4), weights=(2, 8, 50, 40))[0] for _ in STANDARD_CODES]
            yield [period.id, period.unit_id, start + datetime.timedelta(days=i % 80), "08-12" if i % 2 else "13-17",
                   "L" if i % 3 else "P", 18 + i % 60, educations[i % 6], occupations[i % 4], "import", now] + answers

    db.session.commit()
    if dialect == "postgresql":
        raw = db.engine.raw_connection()
        try:
            cursor = raw.cursor()
            with cursor.copy(f"COPY {Respondent.__tablename__} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows():
                    copy.write_row(row)
            raw.commit()
        finally:
            raw.close()
    else:
        batch = []
        for row in rows():
            batch.append(dict(zip(columns, row)))
            if len(batch) == 10000:
                db.session.execute(insert(Respondent), batch)
                batch = []
        if batch:
            db.session.execute(insert(Respondent), batch)
        db.session.commit()


def make_spreadsheet(rows, rng):
    """A Google-Forms-like XLSX of ``rows`` answers given as label text (written like Excel/Sheets do)."""
    import xlsxwriter

    from app.models.skm import STANDARD_ELEMENTS

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["Timestamp", "Jenis Kelamin", "Usia", "Pendidikan", "Pekerjaan"]
                    + [str(name) for _code, name, _labels in STANDARD_ELEMENTS] + ["Saran"])
    for i in range(rows):
        labels = [str(lab[rng.choice((2, 3, 3, 3))]) for _code, _name, lab in STANDARD_ELEMENTS]
        sheet.write_row(i + 1, 0, [f"{1 + i % 28:02d}/07/2026 10:{i % 60:02d}:00",
                                   "Perempuan" if i % 2 else "Laki-laki", 20 + i % 50, "SMA", "Swasta"] + labels + [""])
    book.close()
    return buffer.getvalue()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--respondents", type=int, default=1_000_000)
    parser.add_argument("--units", type=int, default=400)
    parser.add_argument("--import-rows", type=int, default=50_000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="reuse the respondents an earlier run loaded")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("UPLOAD_FOLDER", tempfile.mkdtemp(prefix="pantau-bench-skm-"))
    if not args.keep:
        ensure_database(url)

    from sqlalchemy import func, select, text, update

    from app import create_app
    from app.extensions import db
    from app.install import prepare
    from app.models.skm import STANDARD_CODES, PeriodStatus, SurveyPeriod, answer_column
    from app.skm import ikm
    from app.skm.importer import import_file
    from app.skm.questionnaire import create_period

    app = create_app()
    with app.app_context():
        prepare(load_demo_if_empty=False)
        rng = random.Random(14)
        from app.models.skm import Respondent

        if args.keep and db.session.execute(select(func.count()).select_from(Respondent)).scalar():
            print(f"engine: {db.engine.dialect.name}; reusing the loaded respondents (--keep)")
        else:
            started = time.perf_counter()
            root, units = build_org(db, args.units)
            periods = [create_period(unit, f"2025-Q{q}", 5000) for unit in units for q in (1, 2, 3, 4)]
            db.session.commit()
            load_respondents(db, periods, args.respondents, rng)
            if db.engine.dialect.name == "postgresql":
                with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                    conn.execute(text("VACUUM ANALYZE pantau_skm_respondent"))
                    conn.execute(text("ANALYZE pantau_skm_period"))
            load_seconds = time.perf_counter() - started
            print(f"engine: {db.engine.dialect.name}; loaded {args.respondents:,} respondents in {len(periods):,} "
                  f"periods of {len(units)} units in {load_seconds:.1f} s")

        # The year's surveys are closed: only closed periods count in the figures (D15).
        db.session.execute(update(SurveyPeriod).where(SurveyPeriod.period_code.like("2025%"))
                           .values(status=PeriodStatus.CLOSED))
        db.session.commit()
        year_ids = [row[0] for row in db.session.execute(
            select(SurveyPeriod.id).where(SurveyPeriod.period_code.like("2025%")))]

        def bare_query():
            """The floor: per unit, the respondent count and SUM/COUNT of each unsur's column, nothing else."""
            columns = [Respondent.unit_id, func.count(Respondent.id)]
            for code in STANDARD_CODES:
                columns += [func.sum(getattr(Respondent, answer_column(code))),
                            func.count(getattr(Respondent, answer_column(code)))]
            return select(*columns).where(Respondent.period_id.in_(year_ids)).group_by(Respondent.unit_id)

        # Warm the cache once so both timings read from memory.
        db.session.execute(bare_query()).all()

        def bare():
            with db.engine.connect() as conn:
                sql = str(bare_query().compile(conn, compile_kwargs={"literal_binds": True}))
                t0 = time.perf_counter()
                rows = conn.execute(text(sql)).all()
                return time.perf_counter() - t0, len(rows)

        def full():
            db.session.expunge_all()
            t0 = time.perf_counter()
            year = db.session.execute(
                select(SurveyPeriod.id, SurveyPeriod.unit_id, SurveyPeriod.period_code)
                .where(SurveyPeriod.period_code.like("2025%"))).all()
            results = ikm.results_by_unit(year)
            group = ikm.group_result(results)
            figures = {unit_id: (r.converted, r.grade) for unit_id, r in results.items()}
            elapsed = time.perf_counter() - t0
            return elapsed, figures, group

        from click.testing import CliRunner
        from sqlalchemy import event

        from app.skm.cli import skm as skm_cli

        def command():
            """``flask skm ikm --period 2025`` run in this process (its output kept in memory): no start-up."""
            db.session.expunge_all()
            statements = []
            listen = lambda *a, **k: statements.append(1)  # noqa: E731
            event.listen(db.engine, "before_cursor_execute", listen)
            t0 = time.perf_counter()
            try:
                output = CliRunner().invoke(skm_cli, ["ikm", "--period", "2025"], catch_exceptions=False).output
            finally:
                elapsed = time.perf_counter() - t0
                event.remove(db.engine, "before_cursor_execute", listen)
            return elapsed, len(statements), sum(1 for line in output.splitlines() if line.startswith("  BENCH-U-"))

        bare_times, full_times, command_times, command_bare = [], [], [], []
        for _ in range(args.rounds):  # interleaved, so both see the same machine load
            bare_times.append(bare()[0])
            elapsed, figures, group = full()
            full_times.append(elapsed)
            command_bare.append(bare()[0])
            elapsed, statements, unit_count = command()
            command_times.append(elapsed)
        tracemalloc.start()
        _elapsed, figures, group = full()
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        bare_best, full_best = min(bare_times), min(full_times)
        median = sorted(f / b for f, b in zip(full_times, bare_times))[len(full_times) // 2]
        print(f"bare SQL aggregate (one query, {len(figures)} units): best {bare_best:.3f} s "
              f"(runs: {', '.join(f'{t:.3f}' for t in bare_times)})")
        print(f"IKM of every unit for 2025 + instansi pooled IKM via app/skm/ikm.py: best {full_best:.3f} s "
              f"(runs: {', '.join(f'{t:.3f}' for t in full_times)}); ratio of bests {full_best / bare_best:.2f}x, "
              f"median per-round ratio {median:.2f}x")
        ratios = sorted(c / b for c, b in zip(command_times, command_bare))
        print(f"flask skm ikm --period 2025 in-process ({unit_count} units printed, {statements} statements): median "
              f"{sorted(command_times)[len(command_times) // 2]:.3f} s (runs: {', '.join(f'{t:.3f}' for t in command_times)}); "
              f"per-round ratio to the bare aggregate: median {ratios[len(ratios) // 2]:.2f}x "
              f"(spread {ratios[0]:.2f}-{ratios[-1]:.2f}x)")
        print(f"instansi pooled IKM {group.pooled.converted} ({group.pooled.grade}), mean of unit IKM "
              f"{group.mean_converted} ({group.mean_grade}), respondents {group.pooled.respondents:,}")
        print(f"peak Python memory during the IKM run (tracemalloc): {peak / 1048576:.1f} MB; "
              f"process max RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")

        from app.models.org import OrgNode

        unit = db.session.execute(select(OrgNode).where(OrgNode.code == "BENCH-U-000")).scalar_one()
        if db.session.execute(select(SurveyPeriod.id).where(SurveyPeriod.unit_id == unit.id,
                                                            SurveyPeriod.period_code == "2026-Q3")).first():
            print("import rate: not measured (an earlier run imported already; run without --keep)")
            return
        target = create_period(unit, "2026-Q3", 100000)
        db.session.commit()
        data = make_spreadsheet(args.import_rows, rng)
        t0 = time.perf_counter()
        result = import_file(target, "bench.xlsx", data)
        db.session.commit()
        seconds = time.perf_counter() - t0
        print(f"import of a {args.import_rows:,}-row XLSX ({len(data) / 1048576:.1f} MB, label answers): "
              f"{result.written:,} rows in {seconds:.1f} s = {result.written / seconds:,.0f} rows/s "
              f"(errors: {len(result.errors)})")


if __name__ == "__main__":
    main()
