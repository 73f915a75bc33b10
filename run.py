"""Start Pantau on one machine: migrate, sync roles, load the demo on first start, then serve the web app
with exactly one scheduler process beside it (queued reports, schedules, reminders).

The scheduler is a child process (`flask scheduler`); it is started after the database is ready and
stopped with the web app (Ctrl-C or SIGTERM stops both). If the scheduler stops on its own, the web app
stops too, so that nothing half-runs. `python run.py --no-scheduler` serves the web app only, for a
machine where the scheduler already runs elsewhere (production runs it as its own service).
"""
import os
import signal
import subprocess
import sys
import threading

from app import create_app

app = create_app()


def start_scheduler():
    """The one scheduler process of this database, as a child sharing our environment and terminal."""
    environment = dict(os.environ, FLASK_APP="app")
    return subprocess.Popen(
        [sys.executable, "-m", "flask", "scheduler"],
        env=environment,
        cwd=os.path.dirname(os.path.abspath(__file__)),
        start_new_session=True,  # Ctrl-C reaches only us; we stop the child with SIGTERM
    )


STOPPING = threading.Event()


def stop(child, timeout=10):
    """Ask the child to stop (SIGTERM: the scheduler shuts down cleanly), kill it if it lingers."""
    STOPPING.set()
    if child.poll() is not None:
        return
    child.terminate()
    try:
        child.wait(timeout)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()


def watch(child):
    """Stop the web app when the scheduler ends without being asked (a crash, a kill, or another scheduler
    holds the lock): a web app without its scheduler would queue reports that never build."""
    code = child.wait()
    if not STOPPING.is_set():
        print(f"Penjadwal berhenti (kode {code}); Pantau dihentikan.", file=sys.stderr, flush=True)
        os.kill(os.getpid(), signal.SIGTERM)


def interrupt(signum, frame):
    """SIGTERM (from a supervisor, or from watch()) ends the web server as Ctrl-C does."""
    raise KeyboardInterrupt


def main(argv=None):
    from app.demo import demo_logins
    from app.install import prepare

    with_scheduler = "--no-scheduler" not in (argv if argv is not None else sys.argv[1:])
    with app.app_context():
        loaded = prepare(load_demo_if_empty=app.config["PANTAU_ENV"] != "production")
        if loaded:
            print("Data demo dimuat ke basis data baru.")
        if app.config["PANTAU_ENV"] != "production":
            print("\n".join(demo_logins()))
    host = os.environ.get("PANTAU_HOST", "127.0.0.1")
    port = int(os.environ.get("PANTAU_PORT", "8080"))
    child = None
    if with_scheduler:
        child = start_scheduler()
        threading.Thread(target=watch, args=(child,), daemon=True).start()
        signal.signal(signal.SIGTERM, interrupt)
        print(f"Penjadwal berjalan (proses {child.pid}).")
    print(f"Pantau berjalan di http://{host}:{port}  (Ctrl-C menghentikan web dan penjadwal)", flush=True)
    try:
        app.run(host=host, port=port, debug=False)
    except KeyboardInterrupt:
        pass
    finally:
        if child is not None:
            stop(child)


if __name__ == "__main__":
    main()
