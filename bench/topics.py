"""Topic-suggestion throughput: complaints per second of the scheduler's topic pass (app/issues/topics.py).

Run:  .venv/bin/python bench/topics.py [--rows 20000] [--runs 3] [--batch 2000] [--url DATABASE_URL] [--pages 10]
                                       [--pages-only]
Without --url it builds a SQLite file in a temporary folder; with a PostgreSQL URL it (re)creates that database
first, e.g. for a million complaints:
      .venv/bin/python bench/topics.py --rows 1000000 --url postgresql+psycopg://postgres@127.0.0.1:5432/bench_topics
It loads the demo organisation and ``--rows`` complaints of the JATENG instansi worded from the sentence templates of
tests/topic_sentences.py, 30 % of them with a topic chosen by staff or through a category (the training data) and the
rest without one. Each run clears the suggested topics, then times one pass over the instansi (training included),
and prints the throughput of each run, their median and spread, and the accuracy of the suggestions against the
templates' topics. Then it times the isu prioritas pages over those complaints (the ranked list, one issue, and the
dashboard with its issue panel) as admin.instansi; ``--pages-only`` times only the pages, on the database a previous
run left at ``--url``. The machine is shared: read the figures beside the load average
printed with them.
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

CHUNK = 10_000
TRAINING_SHARE = 0.3


def recreate_postgres(url):
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    target = make_url(url)
    engine = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {target.database} WITH (FORCE)"))
        conn.execute(text(f"CREATE DATABASE {target.database}"))
    engine.dispose()


def generated(rows, seed=2025):
    """(title, content, topic name) for ``rows`` complaints, drawn from the templates (repeats allowed)."""
    from tests.topic_sentences import OPENINGS, PLACES, TOPIC_SENTENCES

    rng = random.Random(seed)
    names = list(TOPIC_SENTENCES)
    for _ in range(rows):
        name = rng.choice(names)
        statements, details = TOPIC_SENTENCES[name]
        statement = rng.choice(statements)
        yield (statement.capitalize()[:80],
               f"{rng.choice(OPENINGS)} {statement} {rng.choice(PLACES)}. {rng.choice(details).capitalize()}.", name)


def load(rows, instansi, owners, topics):
    """Insert ``rows`` complaints in chunks; returns {complaint id: topic id it was written about} and seconds."""
    from sqlalchemy import func, insert, select

    from app.extensions import db
    from app.models.complaints import Complaint

    started = time.perf_counter()
    rng = random.Random(15)
    first = (db.session.execute(select(func.max(Complaint.id))).scalar() or 0) + 1
    truth, chunk = {}, []
    received = datetime.datetime(2025, 1, 1, 8)
    step = datetime.timedelta(days=700) / rows  # spread over 2025 and most of 2026, whatever the row count
    for offset, (title, content, name) in enumerate(generated(rows)):
        complaint_id = first + offset
        truth[complaint_id] = topics[name]
        chosen = rng.random() < TRAINING_SHARE
        chunk.append({
            "id": complaint_id, "tracking_number": f"TPK-{complaint_id:08d}", "org_id": rng.choice(owners),
            "instansi_id": instansi, "channel": "lapor_web", "classification": "pengaduan_tidak_berkadar",
            "title": title, "content": content, "received_at": received + step * offset,
            "rahasia": False, "anonim": False, "status": "selesai", "paused_days": 0, "version": 0,
            "created_at": received, "imported": True,
            "topic_id": topics[name] if chosen else None,
            "topic_source": rng.choice(["staff", "category", "category"]) if chosen else None,
        })
        if len(chunk) == CHUNK:
            db.session.execute(insert(Complaint.__table__), chunk)
            chunk = []
    if chunk:
        db.session.execute(insert(Complaint.__table__), chunk)
    db.session.commit()
    return truth, time.perf_counter() - started


def run_once(instansi, batch):
    """Clear the suggestions, time one topic pass; (complaints suggested, seconds, seconds spent training)."""
    from sqlalchemy import update

    from app.extensions import db
    from app.issues.topics import suggest_topics, train
    from app.models.complaints import Complaint

    db.session.execute(update(Complaint).where(Complaint.topic_source == "suggested")
                       .values(topic_id=None, topic_source=None))
    db.session.commit()
    started = time.perf_counter()
    model = train(instansi)
    trained = time.perf_counter() - started
    suggested, unknown = suggest_topics(instansi, model=model, batch=batch)
    return suggested + unknown, time.perf_counter() - started, trained


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--batch", type=int, default=2000)
    parser.add_argument("--url", help="database URL (PostgreSQL: recreated); default a temporary SQLite file")
    parser.add_argument("--pages", type=int, default=10, help="times each isu prioritas page is requested")
    parser.add_argument("--pages-only", action="store_true",
                        help="time the pages on the database --url already holds (a previous run's), nothing else")
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="pantau-bench-topics-")
    url = args.url or f"sqlite:///{tmp}/pantau.db"
    if args.pages_only and not args.url:
        parser.error("--pages-only needs --url")
    if url.startswith("postgresql") and not args.pages_only:
        recreate_postgres(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("UPLOAD_FOLDER", os.path.join(tmp, "uploads"))
    os.environ["MAIL_DRY_RUN"] = "true"
    os.environ.setdefault("PASSWORD_HASH_METHOD", "pbkdf2:sha256:1000")

    from sqlalchemy import select

    from app import create_app
    from app.extensions import db
    from app.install import prepare
    from app.issues.topics import add_default_topics
    from app.models.complaints import Complaint
    from app.models.issues import IssueTopic
    from app.models.org import OrgNode

    app = create_app()
    with app.app_context():
        prepare(load_demo_if_empty=True)
        add_default_topics()
        jateng = db.session.execute(select(OrgNode).where(OrgNode.code == "JATENG")).scalar_one()
        owners = db.session.execute(select(OrgNode.id).where(OrgNode.path.startswith(jateng.path))).scalars().all()
        topics = {topic.name: topic.id for topic in db.session.execute(
            select(IssueTopic).where(IssueTopic.org_id == jateng.id)).scalars()}
        if args.pages_only:
            print(f"{db.engine.dialect.name}: {db.session.query(Complaint).count():,} complaints already there")
            time_pages(app, jateng, topics, args.pages)
            return
        truth, seconds = load(args.rows, jateng.id, owners, topics)
        print(f"{db.engine.dialect.name}: {args.rows:,} complaints loaded in {seconds:.1f} s "
              f"({TRAINING_SHARE:.0%} with a chosen topic)")
        rates = []
        for run in range(1, args.runs + 1):
            count, seconds, trained = run_once(jateng.id, args.batch)
            rates.append(count / seconds)
            print(f"run {run}: {count:,} complaints in {seconds:.1f} s (training {trained:.1f} s): "
                  f"{rates[-1]:,.0f} complaints/s")
        right = total = 0
        for complaint_id, topic_id in db.session.execute(
                select(Complaint.id, Complaint.topic_id).where(Complaint.topic_source == "suggested")):
            if complaint_id in truth:
                total += 1
                right += topic_id == truth[complaint_id]
        print(f"throughput: median {statistics.median(rates):,.0f} complaints/s, "
              f"spread {min(rates):,.0f}-{max(rates):,.0f} over {len(rates)} runs; "
              f"load average {os.getloadavg()[0]:.2f}")
        print(f"suggestions matching the templates' topic: {right / max(total, 1):.1%} of {total:,}")
        if args.pages:
            time_pages(app, jateng, topics, args.pages)


def time_pages(app, jateng, topics, times):
    """Request the issue list, one issue and the dashboard as admin.instansi ``times`` times each (after one warm-up
    request); print the median and spread of the server time, and how long the scheduler took to compute the
    dashboard's kept figures."""
    from app.demo import DEMO_PASSWORD

    app.config["WTF_CSRF_ENABLED"] = False
    client = app.test_client()
    client.post("/login/", data={"username": "admin.instansi", "password": DEMO_PASSWORD})
    topic = topics["Antrean dan waktu tunggu"]
    # The dashboard reads the figures the scheduler keeps: the first visit asks, the scheduler's pass computes.
    from sqlalchemy import select

    from app.dashboard import refresh
    from app.extensions import db
    from app.models.dashboard import DashboardFigures

    client.get("/dashboard/?year=2026")
    DashboardFigures.mark_stale()
    db.session.commit()
    refresh(warm=False, budget_seconds=3600)
    kept = db.session.execute(select(DashboardFigures).where(DashboardFigures.year == 2026)).scalars().all()
    print(f"dashboard 2026 figures computed by the scheduler: {', '.join(f'{row.seconds:.2f} s' for row in kept)}")
    for name, url in (("issue list 2026-H1", f"/isu/?node={jateng.id}&period=2026-H1"),
                      ("one issue 2026-H1", f"/isu/{topic}?node={jateng.id}&period=2026-H1"),
                      ("dashboard 2026", "/dashboard/?year=2026")):
        assert client.get(url).status_code == 200, url
        seconds = []
        for _ in range(times):
            started = time.perf_counter()
            response = client.get(url)
            seconds.append(time.perf_counter() - started)
            assert response.status_code == 200
        print(f"{name}: median {statistics.median(seconds) * 1000:,.0f} ms, "
              f"spread {min(seconds) * 1000:,.0f}-{max(seconds) * 1000:,.0f} ms over {times} requests; "
              f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
