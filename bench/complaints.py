"""Complaint speed figures on PostgreSQL: list page of a Pejabat Penghubung, figures of an instansi for a year,
and the LAPOR! import rate.

Run:  .venv/bin/python bench/complaints.py [--rows 1000000] [--history 3] [--import-rows 100000] [--keep]
It (re)creates the PostgreSQL database ``bench_complaints`` (``--url`` to change the server), loads the demo
organisation, ``--rows`` complaints and ``--history`` history rows per complaint with COPY, then prints:
load time, p95 of 20 list pages for penghubung.dinkes (FAB list through the test client), the figures of the
whole JATENG instansi for 2025 and 2025-H1 as at each period's end against their floor (``--rounds`` interleaved
rounds; ``--keep --figures-only`` measures these alone), and the import rate of a ``--import-rows`` LAPOR! CSV (first import,
then the unchanged re-import). ``--keep`` reuses the loaded database instead of recreating it; ``--database`` names
another one (e.g. a copy of the shared 1M template, migrated to head).
"""
import argparse
import datetime
import os
import random
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"
DBNAME = "bench_complaints"
STATUS_WEIGHTS = [("selesai", 55), ("diproses", 15), ("belum_ditindaklanjuti", 10), ("belum_terverifikasi", 8),
                  ("arsip", 5), ("tunda", 3), ("bukan_wewenang", 4)]
CLASSES = ["pengaduan_tidak_berkadar", "pengaduan_berkadar", "aspirasi", "informasi"]
CHANNELS = ["lapor_web", "lapor_app", "sms_1708", "sosmed", "walk_in", "surat", "telepon", "email", "situs"]


def recreate_database(server, name):
    from sqlalchemy import create_engine, text

    engine = create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        conn.execute(text(f"CREATE DATABASE {name}"))
    engine.dispose()


def load(rows, history_per):
    """COPY ``rows`` complaints and ``rows * history_per`` history rows; returns seconds."""
    from sqlalchemy import select, text

    from app.extensions import db
    from app.models.org import OrgLevel, OrgNode

    nodes = db.session.execute(select(OrgNode).where(OrgNode.level != OrgLevel.INSTANSI)).scalars().all()
    owners = [(n.id, n.instansi.id, n.id if n.level == OrgLevel.OPD else n.parent_id, n.code) for n in nodes]
    # Dinkes and its units get a fifth of the complaints, as a large OPD would.
    weights = [8 if code.startswith(("JTG-DINKES", "JTG-RSUD", "JTG-RSJD", "JTG-PKM", "JTG-LABKESDA")) else 1
               for *_rest, code in owners]
    calendars, rules = {}, {}
    rng = random.Random(2025)
    statuses = [s for s, w in STATUS_WEIGHTS for _ in range(w)]
    columns = ["id", "tracking_number", "org_id", "instansi_id", "opd_id", "channel", "classification", "title",
               "content", "received_at", "reporter_name", "reporter_nik", "rahasia", "anonim", "status",
               "verify_due", "first_followup_due", "resolve_due", "autoclose_due", "active_due", "verified_at",
               "routed_at", "first_followup_at", "last_followup_at", "finished_at", "paused_days",
               "days_to_first_followup", "days_to_finish", "verified_on_time", "followup_on_time", "resolved_on_time",
               "created_at", "imported"]
    hcols = ["complaint_id", "at", "username", "action", "from_status", "to_status", "from_node_id", "to_node_id"]
    start = time.perf_counter()
    raw = db.engine.raw_connection()
    try:
        cursor = raw.cursor()
        chunk = 100_000
        cursor.execute("SELECT coalesce(max(id), 0) FROM pantau_complaint")
        offset = cursor.fetchone()[0]  # the demo may hold a few complaints already
        for first_id in range(offset + 1, offset + rows + 1, chunk):
            history = []
            with cursor.copy(f"COPY pantau_complaint ({', '.join(columns)}) FROM STDIN") as copy:
                for i in range(first_id, min(first_id + chunk, offset + rows + 1)):
                    copy.write_row(_complaint(i, rng, owners, weights, statuses, calendars, rules, history, history_per))
            _copy_history(raw, hcols, history)
        cursor.execute("SELECT setval('pantau_complaint_id_seq', (SELECT max(id) FROM pantau_complaint))")
        cursor.execute("SELECT setval('pantau_complaint_history_id_seq', (SELECT max(id) FROM pantau_complaint_history))")
        raw.commit()
    finally:
        raw.close()
    with db.engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("VACUUM ANALYZE"))
    return time.perf_counter() - start


def _complaint(i, rng, owners, weights, statuses, calendars, rules, history, history_per):
    """One generated complaint row (and its history rows appended to ``history``)."""
    from app.calendar import calendar_for
    from app.complaints.deadlines import compute_deadlines, rules_for
    from app.complaints.importer import _Row
    from app.models.complaints import Classification, Status

    base = datetime.datetime(2024, 1, 1, 7)
    day = datetime.timedelta(days=1)
    org_id, instansi_id, opd_id, _code = rng.choices(owners, weights)[0]
    status = rng.choice(statuses)
    received = base + datetime.timedelta(minutes=rng.randrange(730 * 24 * 60))
    routed = first = finished = None
    if status not in ("belum_terverifikasi", "bukan_wewenang") and not (status in ("arsip", "tunda") and i % 2):
        routed = received + day * rng.randint(0, 4)
    if routed and status in ("diproses", "selesai", "arsip"):
        first = routed + day * rng.randint(1, 9)
    if first and status in ("selesai", "arsip"):
        finished = first + day * rng.randint(0, 25)
    if routed is None:
        org_id, opd_id = instansi_id, None
    row = _Row(received_at=received, routed_at=routed, verified_at=routed, first_followup_at=first,
               last_followup_at=first, finished_at=finished, status=Status(status),
               classification=Classification(rng.choice(CLASSES)), category_id=None, instansi_id=instansi_id)
    if instansi_id not in calendars:
        calendars[instansi_id], rules[instansi_id] = calendar_for(instansi_id), rules_for(instansi_id)
    compute_deadlines(row, calendars[instansi_id], rules[instansi_id], holds=[])
    history.append((i, received, "bench", "intake", None, "belum_terverifikasi", None, instansi_id))
    for n in range(1, history_per):
        history.append((i, received + day * n, "bench", "note", status, status, org_id, org_id))
    return (
        i, f"LPR-{i:08d}", org_id, instansi_id, opd_id, rng.choice(CHANNELS), row.classification.value,
        f"Laporan warga nomor {i}", "Isi laporan untuk uji kecepatan.", received, f"Pelapor {i % 5000}",
        f"3374{i:012d}", i % 17 == 0, i % 11 == 0, status, row.verify_due, row.first_followup_due,
        row.resolve_due, row.autoclose_due, row.active_due, routed, routed, first, first, finished, 0,
        row.days_to_first_followup, row.days_to_finish, row.verified_on_time, row.followup_on_time,
        row.resolved_on_time, received, True,
    )


def _copy_history(raw, columns, rows):
    with raw.cursor().copy(f"COPY pantau_complaint_history ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def list_page_p95(app, username, path="/pengaduan/list/", requests=20):
    from tests.conftest import login

    client = app.test_client()
    response = login(client, username)
    assert response.status_code == 302, "login failed"
    assert client.get(path).status_code == 200  # warm-up
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        page = client.get(path)
        times.append(time.perf_counter() - started)
        assert page.status_code == 200
    times.sort()
    return times[int(0.95 * requests) - 1], statistics.median(times)


def lapor_csv(rows, units):
    lines = ["ID Tracking;Judul;Isi Laporan;Kategori;Klasifikasi;Status;Tanggal Laporan;Nama Pelapor;Rahasia;Anonim;Disposisi"]
    statuses = ["Belum Terverifikasi", "Terdisposisi Belum Ditindaklanjuti", "Diproses", "Selesai"]
    classes = ["Pengaduan Tidak Berkadar Pengawasan", "Aspirasi", "Permintaan Informasi", "Pengaduan Berkadar Pengawasan"]
    rng = random.Random(1708)
    for i in range(rows):
        status = statuses[i % 4]
        target = "" if status == "Belum Terverifikasi" else rng.choice(units)
        when = datetime.datetime(2025, 1, 1, 8) + datetime.timedelta(minutes=rng.randrange(365 * 24 * 60))
        lines.append(f"IMP-{i:07d};Laporan impor {i};Isi laporan impor {i};Kategori {i % 12};{classes[i % 4]};{status};"
                     f"{when:%d/%m/%Y %H:%M};Warga {i};{'Ya' if i % 13 == 0 else 'Tidak'};Tidak;{target}")
    return "\n".join(lines).encode()


def figures_against_floor(rounds):
    """The JATENG figures of 2025 and 2025-H1 as at each period's end, against their floor: the cohort's rows (the
    columns the figures read) fetched through the same session, which any count as at a cut-off must read. The
    figures are those every report and document reads: the overdue lists cut to the OVERDUE_LISTED oldest. A second
    floor is the figures' own statements run again by a plain cursor (bench/sqlfloor.py), as the package bench
    measures its floor. Interleaved rounds; prints the median and spread of the per-round ratios."""
    from sqlalchemy import select

    from sqlfloor import bare_sql, recorded  # bench/sqlfloor.py

    from app.complaints.figures import complaint_figures
    from app.complaints.states import COLUMNS
    from app.reports.shared import OVERDUE_LISTED
    from app.extensions import db
    from app.models.complaints import Complaint
    from app.models.org import OrgNode
    from app.scope import Scope

    scope = Scope.of_nodes([db.session.execute(select(OrgNode).where(OrgNode.code == "JATENG")).scalar_one()])
    for label, start, end in (("2025", datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)),
                              ("2025-H1", datetime.date(2025, 1, 1), datetime.date(2025, 6, 30))):
        floor = select(*[getattr(Complaint, name) for name in COLUMNS]).where(
            scope.clause(Complaint), Complaint.received_at >= datetime.datetime.combine(start, datetime.time.min),
            Complaint.received_at < datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min))
        floors, times, own = [], [], []
        for _ in range(rounds):
            db.session.expunge_all()
            started = time.perf_counter()
            rows = len(db.session.execute(floor).all())
            floors.append(time.perf_counter() - started)
            db.session.rollback()
            db.session.expunge_all()
            with recorded(db.engine) as statements:
                started = time.perf_counter()
                figures = complaint_figures(scope, start, end, listed=OVERDUE_LISTED)
                times.append(time.perf_counter() - started)
            db.session.rollback()
            own.append(bare_sql(db.engine, statements))
        ratios = sorted(t / f for t, f in zip(times, floors))
        own_ratios = sorted(t / f for t, f in zip(times, own))
        print(f"figures JATENG {label} as at its end: median {statistics.median(times):.2f} s "
              f"(runs: {', '.join(f'{t:.2f}' for t in times)}) over {figures['received']:,} complaints; floor (the "
              f"cohort's {rows:,} rows fetched) median {statistics.median(floors):.2f} s; per-round ratio median "
              f"{statistics.median(ratios):.2f}x (spread {ratios[0]:.2f}-{ratios[-1]:.2f}x); the figures' own "
              f"{len(statements)} statements run again by a plain cursor: median {statistics.median(own):.2f} s, "
              f"ratio median {statistics.median(own_ratios):.2f}x (spread {own_ratios[0]:.2f}-{own_ratios[-1]:.2f}x)")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--history", type=int, default=3)
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument("--url", default=SERVER, help="PostgreSQL server URL without the database name")
    parser.add_argument("--keep", action="store_true", help="reuse the loaded database")
    parser.add_argument("--database", default=DBNAME, help="database name (with --keep: a copy of a loaded one)")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds of the figures and their floor")
    parser.add_argument("--figures-only", action="store_true", help="with --keep: the figures against their floor only")
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="pantau-bench-complaints-")
    os.environ["DATABASE_URL"] = f"{args.url}/{args.database}"
    os.environ.setdefault("UPLOAD_FOLDER", os.path.join(tmp, "uploads"))
    os.environ["MAIL_DRY_RUN"] = "true"
    os.environ.setdefault("PASSWORD_HASH_METHOD", "pbkdf2:sha256:1000")
    if not args.keep:
        recreate_database(args.url, args.database)

    from sqlalchemy import delete, func, select

    from app import create_app
    from app.complaints.figures import complaint_figures
    from app.complaints.importer import import_file
    from app.extensions import db
    from app.install import prepare
    from app.models.complaints import Complaint, ComplaintHistory
    from app.models.org import OrgLevel, OrgNode
    from app.scope import Scope

    app = create_app()
    with app.app_context():
        prepare(load_demo_if_empty=True)
        if not args.keep:
            seconds = load(args.rows, args.history)
            print(f"load: {args.rows:,} complaints + {args.rows * args.history:,} history rows by COPY in {seconds:.1f} s")
        total = db.session.execute(select(func.count()).select_from(Complaint)).scalar()
        history = db.session.execute(select(func.count()).select_from(ComplaintHistory)).scalar()
        print(f"database: {total:,} complaints, {history:,} history rows")
        db.session.remove()

    if args.figures_only:
        with app.app_context():
            figures_against_floor(args.rounds)
        return
    for username in ("penghubung.dinkes", "admin.instansi"):
        p95, median = list_page_p95(app, username)
        print(f"list page /pengaduan/list/ as {username}: p95 {p95 * 1000:.0f} ms, median {median * 1000:.0f} ms (20 requests)")
    p95, median = list_page_p95(app, "penghubung.dinkes", "/antrean-pengaduan/list/")
    print(f"my queue as penghubung.dinkes: p95 {p95 * 1000:.0f} ms, median {median * 1000:.0f} ms (20 requests)")

    with app.app_context():
        figures_against_floor(args.rounds)

    with app.app_context():
        smg = db.session.execute(select(OrgNode).where(OrgNode.code == "SMG")).scalar_one()
        units = [n.code for n in db.session.execute(
            select(OrgNode).where(OrgNode.path.startswith(smg.path), OrgNode.level != OrgLevel.INSTANSI)).scalars()]
        data = lapor_csv(args.import_rows, units)
        # A --keep run imports the same file again: remove the earlier import first so the rate is of creates.
        db.session.execute(delete(Complaint).where(Complaint.instansi_id == smg.id,
                                                   Complaint.tracking_number.like("IMP-%")))
        db.session.commit()
        for label in ("first import", "re-import (unchanged)"):
            started, cpu = time.perf_counter(), time.process_time()
            result = import_file("lapor.csv", data, smg)
            db.session.commit()
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
            print(f"LAPOR! {label} of {args.import_rows:,} rows: {seconds:.1f} s = {args.import_rows / seconds:,.0f} rows/s "
                  f"(created {result.created:,}, updated {result.updated:,}, unchanged {result.unchanged:,}; "
                  f"Python CPU {cpu:.1f} s, load average {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
