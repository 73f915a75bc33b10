"""Load bench: gunicorn serving Pantau on a million complaints, with many logged-in sessions browsing at once.

Run:  .venv/bin/python bench/web.py [--build] [--database bench_web] [--sessions 50] [--seconds 60] [--rounds 3]
                                    [--workers 4] [--rows 1000000] [--history 3]
``--build`` (re)creates the PostgreSQL database with the complaint bench's loader (bench/complaints.py: the demo
organisation, ``--rows`` complaints and ``--history`` history rows each, by COPY); without it the database is
used as it is (e.g. one a previous ``--build`` left). The scheduler's work is done before the load, as its process
would have done it: every demo user logs in once and the dashboards of their scopes are computed
(app/dashboard.py). Then gunicorn starts (``--workers`` sync workers, ``--preload``, loopback only), the sessions
log in (the six demo users in turn) and, for ``--seconds``, each does what staff do: the home page, the complaint
list (plain and filtered), a complaint's page, its queue, the dashboard, the priority issues and now and then an
export, one request after another without pauses (``--think S``: with pauses of S seconds on average, as a person
reads a page before the next click). Each round prints the throughput, the errors, and p50/p95/p99
per page; the last lines give the median and spread of the rounds' throughput and p95s.
"""
import argparse
import http.cookiejar
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
sys.path.insert(0, ROOT)
sys.path.insert(0, BENCH)

SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"
USERS = ["admin.instansi", "penghubung.dinkes", "operator.rsud", "pimpinan", "admin.kota", "admin"]
# (page name, weight, path; {id} is a complaint in the user's scope)
PAGES = [
    ("home", 10, "/"),
    ("list", 25, "/pengaduan/list/"),
    ("list filtered", 10, "/pengaduan/list/?_flt_0_status=diproses"),
    ("detail", 25, "/pengaduan/show/{id}"),
    ("queue", 10, "/antrean-pengaduan/list/"),
    ("dashboard", 10, "/dashboard/"),
    ("issues", 5, "/isu/"),
    ("export", 1, "/pengaduan/ekspor/?_flt_0_status=tunda"),
]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare_database(args, url):
    """Build (``--build``) or open the database; log every demo user in once and compute their dashboards, as the
    scheduler would have; return {username: [complaint ids in that user's scope]}."""
    from sqlalchemy import func, select

    from app import create_app
    from app.dashboard import refresh
    from app.demo import DEMO_PASSWORD
    from app.extensions import db
    from app.install import prepare
    from app.models.complaints import Complaint
    from app.models.user import PantauUser
    from app.scope import Scope

    if args.build:
        from complaints import load, recreate_database

        recreate_database(SERVER, args.database)
    app = create_app()
    ids = {}
    with app.app_context():
        prepare(load_demo_if_empty=True)
        if args.build:
            seconds = load(args.rows, args.history)
            print(f"load: {args.rows:,} complaints + {args.rows * args.history:,} history rows in {seconds:.0f} s")
        total = db.session.execute(select(func.count()).select_from(Complaint)).scalar()
        print(f"database {args.database}: {total:,} complaints")
        app.config["WTF_CSRF_ENABLED"] = False
        client = app.test_client()
        for username in USERS:
            client.post("/login/", data={"username": username, "password": DEMO_PASSWORD})
            client.get("/logout/")
        started = time.perf_counter()
        done = refresh(budget_seconds=24 * 3600)
        print(f"dashboards computed as the scheduler does: {done['computed']} in {time.perf_counter() - started:.0f} s")
        for username in USERS:
            user = db.session.execute(select(PantauUser).where(PantauUser.username == username)).scalar_one()
            query = Scope.of_user(user).apply(select(Complaint.id), Complaint).order_by(Complaint.id.desc()).limit(500)
            ids[username] = list(db.session.execute(query).scalars())
        db.session.remove()
    return ids


def start_gunicorn(args, url, port, log):
    environment = dict(os.environ, DATABASE_URL=url, MAIL_DRY_RUN="true", PANTAU_ENV="development")
    command = [os.path.join(os.path.dirname(sys.executable), "gunicorn"), "--preload", "--workers", str(args.workers),
               "--bind", f"127.0.0.1:{port}", "--timeout", "600", "app:create_app()"]
    process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=5).read()
            return process
        except (urllib.error.URLError, ConnectionError, socket.timeout):
            if process.poll() is not None:
                raise SystemExit("gunicorn stopped; see its log")
            time.sleep(0.5)
    process.kill()
    raise SystemExit("gunicorn did not answer within 120 s")


class Session:
    """One logged-in browser: its own cookies, one request at a time."""

    def __init__(self, base, username, password):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        page = self.opener.open(f"{base}/login/", timeout=120).read().decode()
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page) or re.search(
            r'value="([^"]+)"[^>]*name="csrf_token"', page)
        data = urllib.parse.urlencode({"username": username, "password": password,
                                       "csrf_token": token.group(1) if token else ""}).encode()
        landed = self.opener.open(f"{base}/login/", data=data, timeout=120)
        if "/login" in landed.geturl():
            raise SystemExit(f"login of {username} failed")

    def get(self, path):
        """(seconds, ok) of one request; the body is read whole, as a browser would."""
        started = time.perf_counter()
        try:
            response = self.opener.open(self.base + path, timeout=300)
            response.read()
            ok = response.status < 400 and "/login" not in response.geturl()
        except (urllib.error.URLError, ConnectionError, socket.timeout):
            ok = False
        return time.perf_counter() - started, ok


def browse(session, username, ids, until, results, rng, think=0.0):
    names, weights = [p[0] for p in PAGES], [p[1] for p in PAGES]
    paths = {name: path for name, _weight, path in PAGES}
    while time.monotonic() < until:
        if think:  # a person reading the page before the next click: exponential pauses of mean ``think`` seconds
            time.sleep(min(rng.expovariate(1 / think), max(0.0, until - time.monotonic())))
            if time.monotonic() >= until:
                break
        name = rng.choices(names, weights)[0]
        if name == "detail" and not ids:
            continue
        path = paths[name].format(id=rng.choice(ids) if ids else 0)
        seconds, ok = session.get(path)
        results.append((name, seconds, ok, username))


def _stat(pid):
    """(parent pid, command name, CPU seconds) of a process from /proc, or None when it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            text = handle.read()
    except OSError:
        return None
    name = text[text.index("(") + 1:text.rindex(")")]
    fields = text[text.rindex(")") + 2:].split()  # fields[0] is the state, the 3rd field of the line
    return int(fields[1]), name, (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_by_side(server_pid):
    """CPU seconds used so far by the server (gunicorn and its workers), the database (every postgres process on
    this machine) and this client, to split a round's CPU per request among them."""
    server = database = 0.0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        stat = _stat(int(entry))
        if stat is None:
            continue
        parent, name, seconds = stat
        if int(entry) == server_pid or parent == server_pid:
            server += seconds
        elif name == "postgres":
            database += seconds
    times = os.times()
    return server, database, times.user + times.system


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def one_round(base, args, ids, password, number, server_pid):
    sessions = []
    for index in range(args.sessions):
        username = USERS[index % len(USERS)]
        sessions.append((Session(base, username, password), username))
    results = []
    until = time.monotonic() + args.seconds
    threads = [threading.Thread(target=browse, args=(s, u, ids[u], until, results, random.Random(number * 1000 + i),
                                                     args.think))
               for i, (s, u) in enumerate(sessions)]
    started = time.monotonic()
    cpu_before = cpu_by_side(server_pid)
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    cpu = [(after - before) * 1000 / max(len(results), 1) for before, after in zip(cpu_before, cpu_by_side(server_pid))]
    errors = sum(not ok for _name, _seconds, ok, _user in results)
    throughput = len(results) / elapsed
    print(f"round {number}: {len(results):,} requests in {elapsed:.0f} s = {throughput:.1f} req/s, errors {errors}, "
          f"load average {os.getloadavg()[0]:.1f}")
    print(f"  CPU per request: server {cpu[0]:.1f} ms, database {cpu[1]:.1f} ms, client {cpu[2]:.1f} ms "
          f"({os.cpu_count()} cores)")
    p95s = {}
    for name, _weight, _path in PAGES:
        times = [seconds for page, seconds, _ok, _user in results if page == name]
        if not times:
            continue
        p95s[name] = percentile(times, 0.95)
        print(f"  {name:14} n={len(times):5}  p50 {percentile(times, 0.5) * 1000:7.0f} ms  "
              f"p95 {p95s[name] * 1000:7.0f} ms  p99 {percentile(times, 0.99) * 1000:7.0f} ms")
    return throughput, errors, p95s


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", action="store_true", help="(re)create and load the database first")
    parser.add_argument("--database", default="bench_web")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--history", type=int, default=3)
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--think", type=float, default=0.0,
                        help="mean pause in seconds between a session's requests (0: none, the machine saturated)")
    args = parser.parse_args()
    url = f"{SERVER}/{args.database}"
    tmp = tempfile.mkdtemp(prefix="pantau-bench-web-")
    os.environ.update(DATABASE_URL=url, MAIL_DRY_RUN="true", UPLOAD_FOLDER=os.path.join(tmp, "uploads"))
    os.environ.setdefault("PASSWORD_HASH_METHOD", "pbkdf2:sha256:1000")
    ids = prepare_database(args, url)
    if args.rounds < 1:  # --build --rounds 0: build the database only
        return

    from app.demo import DEMO_PASSWORD

    port = free_port()
    with open(os.path.join(tmp, "gunicorn.log"), "w") as log:
        server = start_gunicorn(args, url, port, log)
        try:
            print(f"gunicorn: {args.workers} workers on 127.0.0.1:{port}; {args.sessions} sessions of "
                  f"{', '.join(USERS)} in turn; {args.seconds} s per round; "
                  + (f"pauses of {args.think:g} s on average between clicks" if args.think else "no pauses"))
            rounds = [one_round(f"http://127.0.0.1:{port}", args, ids, DEMO_PASSWORD, n, server.pid)
                      for n in range(1, args.rounds + 1)]
        finally:
            server.terminate()
            server.wait(30)
    rates = [rate for rate, _errors, _p95s in rounds]
    print(f"throughput: median {statistics.median(rates):.1f} req/s, spread {min(rates):.1f}-{max(rates):.1f} over "
          f"{len(rates)} rounds; errors {sum(errors for _rate, errors, _p95s in rounds)}")
    for name, _weight, _path in PAGES:
        values = [p95s[name] * 1000 for _rate, _errors, p95s in rounds if name in p95s]
        if values:
            print(f"p95 {name}: median {statistics.median(values):.0f} ms, spread {min(values):.0f}-{max(values):.0f} ms")


if __name__ == "__main__":
    main()
