"""`python run.py` (what `make run` starts): the web app and exactly one scheduler, stopped together."""
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(predicate, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (ended, not yet reaped by run.py) counts as ended.
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().split(")")[-1].split()[0] != "Z"


@pytest.fixture
def pantau(tmp_path):
    port = free_port()
    environment = dict(
        os.environ, PANTAU_ENV="development", DATABASE_URL=f"sqlite:///{tmp_path}/pantau.db",
        UPLOAD_FOLDER=str(tmp_path / "uploads"), PANTAU_PORT=str(port), PYTHONUNBUFFERED="1",
    )
    log = open(tmp_path / "run.log", "w+")
    process = subprocess.Popen([sys.executable, "run.py"], cwd=ROOT, env=environment, stdout=log,
                               stderr=subprocess.STDOUT)
    yield process, port, tmp_path / "run.log", environment
    if process.poll() is None:
        process.kill()
        process.wait()
    log.close()


def test_run_serves_the_app_with_one_scheduler_and_ctrl_c_stops_both(pantau):
    process, port, log_path, environment = pantau

    def started():
        return "Pantau berjalan di" in log_path.read_text() and "scheduler started" in log_path.read_text()

    assert wait_for(started, 120), log_path.read_text()
    assert wait_for(lambda: _answers(port)), log_path.read_text()
    scheduler_pid = int(re.search(r"Penjadwal berjalan \(proses (\d+)\)", log_path.read_text()).group(1))
    assert alive(scheduler_pid)

    second = subprocess.run([sys.executable, "-m", "flask", "scheduler"], cwd=ROOT, capture_output=True, text=True,
                            env=dict(environment, FLASK_APP="app"), timeout=60)
    assert second.returncode == 3, "a second scheduler must refuse: exactly one runs"
    assert "sudah berjalan" in second.stderr

    process.send_signal(signal.SIGINT)  # Ctrl-C
    assert process.wait(30) == 0
    assert wait_for(lambda: not alive(scheduler_pid), 15), "the scheduler outlived the web app"


def _answers(port):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False
