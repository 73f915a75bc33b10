"""Report scheduler speed figures: one scheduler pass over many schedules, and the build + (dry-run) send rate.

Run: .venv/bin/python bench/reports.py [--schedules 300] [--runs 50]
Uses a fresh SQLite file in a temporary folder unless DATABASE_URL is set (that database is migrated and must be
a scratch one: the demo data is loaded into it). Mail is in dry-run mode.
Prints: the time of a pass that claims every schedule, of a pass that finds nothing new (the every-minute cost),
and the time per built-and-delivered catalogue report.
"""
import argparse
import datetime
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--schedules", type=int, default=300)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="pantau-bench-reports-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder}/bench.db")
    os.environ.update(PANTAU_ENV="test", MAIL_DRY_RUN="1", UPLOAD_FOLDER=os.path.join(folder, "uploads"))

    from sqlalchemy import select

    from app import create_app
    from app.extensions import db
    from app.install import prepare
    from app.models.org import OrgLevel, OrgNode
    from app.models.reports import PeriodRule, ReportSchedule
    from app.reports import delivery, runs, schedules
    from app.reports.catalogues import seed_catalogues

    app = create_app()
    with app.app_context():
        prepare(load_demo_if_empty=True)
        seed_catalogues()
        units = db.session.execute(select(OrgNode).where(OrgNode.level == OrgLevel.UNIT)).scalars().all()
        created = datetime.datetime(2025, 1, 1)
        for number in range(args.schedules):
            db.session.add(ReportSchedule(
                org=units[number % len(units)], kind="mcp_catalogue" if number % 2 else "pekppp_catalogue",
                period_rule=PeriodRule.PREVIOUS_QUARTER, due_working_days=5, cron="0 7 * * 1-5",
                recipients="bench@pantau.test", language="id", active=True, created_at=created,
            ))
        db.session.commit()
        now = datetime.datetime(2025, 10, 7, 1, 0)

        start = time.perf_counter()
        queued = schedules.claim_due(now)
        claim_seconds = time.perf_counter() - start

        start = time.perf_counter()
        again = schedules.claim_due(now + datetime.timedelta(minutes=1))
        idle_seconds = time.perf_counter() - start

        start = time.perf_counter()
        built = len(runs.execute_queued(now, limit=args.runs))
        sent = len(delivery.send_pending(now))
        build_seconds = time.perf_counter() - start
        backend = db.engine.url.get_backend_name()

    print(f"database: {backend}")
    print(f"claim pass, {args.schedules} schedules due: {claim_seconds:.2f} s ({len(queued)} claimed, "
          f"{1000 * claim_seconds / max(1, len(queued)):.1f} ms per schedule)")
    print(f"idle pass, nothing new: {idle_seconds:.2f} s ({len(again)} claimed)")
    print(f"build + dry-run delivery: {built} reports, {sent} deliveries in {build_seconds:.2f} s "
          f"({1000 * build_seconds / max(1, built):.0f} ms per report)")


if __name__ == "__main__":
    main()
